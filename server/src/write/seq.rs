//! The per-client change counter behind the sync feed.

use entities::{ClientId, TherapistId, client};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DbErr, EntityName};

/// Takes the client's next change number. Call it first in every transaction that writes one
/// of the client's records: the update locks the client row until commit, so writes of one
/// client commit in the order of their numbers and a phone that has seen number N has seen
/// every change up to N. (On SQLite it also takes the write lock before anything is read.)
///
/// # Errors
/// Database errors; `RecordNotFound` if the client does not exist.
pub async fn next_change_seq<C: ConnectionTrait>(db: &C, client: ClientId) -> Result<i64, DbErr> {
    Ok(lock_client(db, client, 1)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("client".into()))?
        .0)
}

/// Takes `count` change numbers at once (for a batch of writes) and returns the last of them
/// (the first is `last - count + 1`) with the client's therapist; `None` if the client does
/// not exist (erased).
///
/// # Errors
/// Database errors.
pub async fn lock_client<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    count: i64,
) -> Result<Option<(i64, TherapistId)>, DbErr> {
    let stmt = Query::update()
        .table(client::Entity.table_ref())
        .value(
            client::Column::ChangeSeq,
            Expr::col(client::Column::ChangeSeq).add(count),
        )
        .and_where(Expr::col(client::Column::Id).eq(client))
        .returning(
            Query::returning().columns([client::Column::ChangeSeq, client::Column::TherapistId]),
        )
        .to_owned();
    let Some(row) = db.query_one(&stmt).await? else {
        return Ok(None);
    };
    Ok(Some((
        row.try_get_by_index::<i64>(0)?,
        row.try_get_by_index::<TherapistId>(1)?,
    )))
}
