//! The client's notifications: the outbox as the client and its therapist see it.

use crate::audit::{self, Action, Actor, Event, ObjectType};
use crate::error::ApiError;
use chrono::{DateTime, Utc};
use entities::{ClientId, ReminderId, reminder};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};

/// Up to `limit + 1` reminders of `client`, latest due first.
///
/// # Errors
/// Database errors.
pub async fn list_reminders<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    after: Option<(DateTime<Utc>, ReminderId)>,
    limit: u64,
) -> Result<Vec<reminder::Model>, ApiError> {
    let mut query = reminder::Entity::find().filter(reminder::Column::ClientId.eq(client));
    if let Some((at, id)) = after {
        query = query.filter(
            Condition::any()
                .add(reminder::Column::ScheduledFor.lt(at))
                .add(
                    Condition::all()
                        .add(reminder::Column::ScheduledFor.eq(at))
                        .add(reminder::Column::Id.lt(id)),
                ),
        );
    }
    Ok(query
        .order_by_desc(reminder::Column::ScheduledFor)
        .order_by_desc(reminder::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?)
}

/// Records that the client opened a notification; the first opening counts, and only it is
/// audited (a repeat writes nothing).
///
/// # Errors
/// `NotFound` for another client's or an unknown notification; database errors.
pub async fn mark_opened(
    db: &DatabaseConnection,
    client: ClientId,
    id: ReminderId,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<reminder::Model, ApiError> {
    let txn = db.begin().await?;
    let opened = reminder::Entity::update_many()
        .col_expr(reminder::Column::OpenedAt, Expr::value(now))
        .filter(reminder::Column::Id.eq(id))
        .filter(reminder::Column::ClientId.eq(client))
        .filter(reminder::Column::OpenedAt.is_null())
        .exec(&txn)
        .await?;
    let row = reminder::Entity::find_by_id(id)
        .filter(reminder::Column::ClientId.eq(client))
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    if opened.rows_affected > 0 {
        let event = Event::of(
            Action::Update,
            ObjectType::Notification,
            Some(id.uuid()),
            Some(client),
        );
        audit::record(&txn, now, actor, event).await?;
    }
    txn.commit().await?;
    Ok(row)
}
