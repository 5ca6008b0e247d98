//! The database's sync epoch (table `sync_epoch`, one row, made random by migration 000030).
//! Every cursor of the changes feed carries it; replacing it (`ipt-server restore`,
//! `ipt-server rotate-sync-epoch`) turns every cursor issued before into `410`
//! `/problems/resync-required`, because after a restore the change numbers a phone has seen may
//! be given again to other writes.

use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ConnectionTrait, DbErr, DeriveIden};

#[derive(DeriveIden)]
enum SyncEpoch {
    Table,
    Id,
    Epoch,
}

/// The current epoch. Read per request rather than once at start: a rotation by the command
/// line while a server runs must take effect at once, or that server would keep issuing (and
/// accepting) cursors of the history the rotation ended.
///
/// # Errors
/// Database errors; `RecordNotFound` if the row is missing (a database not migrated).
pub async fn current<C: ConnectionTrait>(db: &C) -> Result<String, DbErr> {
    let stmt = Query::select()
        .column(SyncEpoch::Epoch)
        .from(SyncEpoch::Table)
        .and_where(Expr::col(SyncEpoch::Id).eq(1))
        .to_owned();
    db.query_one(&stmt)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("sync_epoch".into()))?
        .try_get_by_index::<String>(0)
}

/// Replaces the epoch with a new random one and returns it.
///
/// # Errors
/// Database errors (the table is missing on a database older than migration 000030).
pub async fn rotate<C: ConnectionTrait>(db: &C) -> Result<String, DbErr> {
    // 122 random bits from the operating system's generator, as hex like the migration's.
    let epoch = uuid::Uuid::new_v4().simple().to_string();
    let stmt = Query::insert()
        .into_table(SyncEpoch::Table)
        .columns([SyncEpoch::Id, SyncEpoch::Epoch])
        .values_panic([1.into(), epoch.clone().into()])
        .on_conflict(
            OnConflict::column(SyncEpoch::Id)
                .update_column(SyncEpoch::Epoch)
                .to_owned(),
        )
        .to_owned();
    db.execute(&stmt).await?;
    Ok(epoch)
}
