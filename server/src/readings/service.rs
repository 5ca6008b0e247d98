//! Which readings a client has opened.

use crate::audit::{Action, Actor, ObjectType};
use crate::write::{ClientWrite, RecordError, Reminders};
use chrono::{DateTime, Utc};
use entities::{ClientId, reading_open};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// When `client` first opened each reading it opened, by key.
///
/// # Errors
/// Database errors.
pub async fn opened<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
) -> Result<HashMap<String, DateTime<Utc>>, DbErr> {
    Ok(reading_open::Entity::find()
        .filter(reading_open::Column::ClientId.eq(client))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.reading_key, row.opened_at))
        .collect())
}

/// Records that `client` opened reading `key` (already checked to exist), once: a repeat
/// answers the first time and writes nothing.
///
/// # Errors
/// `NotFound` when the client is gone; database errors.
pub async fn open(
    db: &DatabaseConnection,
    client: ClientId,
    key: &str,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<DateTime<Utc>, RecordError> {
    let write = ClientWrite::begin(db, client, now, actor).await?;
    if let Some(first) = reading_open::Entity::find_by_id((client, key.to_owned()))
        .one(write.txn())
        .await?
    {
        return Ok(first.opened_at);
    }
    reading_open::Entity::insert(reading_open::ActiveModel::from(reading_open::Model {
        client_id: client,
        reading_key: key.to_owned(),
        opened_at: now,
        change_seq: write.seq(),
    }))
    .exec_without_returning(write.txn())
    .await?;
    write
        .commit(
            Action::Create,
            ObjectType::ReadingOpen,
            None,
            Reminders::Unaffected,
        )
        .await?;
    Ok(now)
}
