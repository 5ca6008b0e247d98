//! The client's notifications: the outbox as the client and its therapist see it.

use crate::audit::{self, Action, Actor, Event, ObjectType};
use crate::error::ApiError;
use chrono::{DateTime, Utc};
use entities::{ClientId, ReminderId, outbox};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};

/// Up to `limit + 1` reminders of `client`, latest due first.
///
/// # Errors
/// Database errors.
pub async fn list_notifications<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    after: Option<(DateTime<Utc>, ReminderId)>,
    limit: u64,
) -> Result<Vec<outbox::Model>, ApiError> {
    let mut query = outbox::Entity::find().filter(outbox::Column::ClientId.eq(client));
    if let Some((at, id)) = after {
        query = query.filter(
            Condition::any()
                .add(outbox::Column::ScheduledFor.lt(at))
                .add(
                    Condition::all()
                        .add(outbox::Column::ScheduledFor.eq(at))
                        .add(outbox::Column::Id.lt(id)),
                ),
        );
    }
    Ok(query
        .order_by_desc(outbox::Column::ScheduledFor)
        .order_by_desc(outbox::Column::Id)
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
) -> Result<outbox::Model, ApiError> {
    let txn = db.begin().await?;
    let opened = outbox::Entity::update_many()
        .col_expr(outbox::Column::OpenedAt, Expr::value(now))
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::ClientId.eq(client))
        .filter(outbox::Column::OpenedAt.is_null())
        .exec(&txn)
        .await?;
    let row = outbox::Entity::find_by_id(id)
        .filter(outbox::Column::ClientId.eq(client))
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
