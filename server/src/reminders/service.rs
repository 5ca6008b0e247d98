//! Storing the client's reminder settings (each change replans its reminders), and its
//! notifications: the outbox as the client and its therapist see it.

use super::settings::ReminderSettings;
use crate::audit::{self, Action, Actor, Event, ObjectType};
use crate::conditional::Precondition;
use crate::write::Replanner;
use crate::write::{ClientWrite, RecordError, Reminders};
use chrono::{DateTime, Utc};
use entities::reminder_settings;
use entities::{ClientId, ReminderId, outbox};
use sea_orm::DbErr;
use sea_orm::sea_query::OnConflict;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// Up to `limit + 1` reminders of `client`, latest due first.
///
/// # Errors
/// Database errors.
pub async fn list_notifications<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    after: Option<(DateTime<Utc>, ReminderId)>,
    limit: u64,
) -> Result<Vec<outbox::Model>, RecordError> {
    let query = outbox::Entity::find().filter(outbox::Column::ClientId.eq(client));
    let order = (outbox::Column::ScheduledFor, outbox::Column::Id);
    Ok(crate::pagination::newest_first(db, query, order, after, limit).await?)
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
) -> Result<outbox::Model, RecordError> {
    let txn = crate::db::begin_write(db).await?;
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
        .ok_or(RecordError::NotFound)?;
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

/// Stores `settings` for `client` with change number `seq` (inside the caller's transaction).
///
/// # Errors
/// Database errors.
pub async fn store<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    now: DateTime<Utc>,
    seq: i64,
    settings: &ReminderSettings,
) -> Result<reminder_settings::Model, DbErr> {
    let row = settings.to_row(client, now, seq);
    reminder_settings::Entity::insert(reminder_settings::ActiveModel::from(row.clone()))
        .on_conflict(
            OnConflict::column(reminder_settings::Column::ClientId)
                .update_columns([
                    reminder_settings::Column::PracticePrompts,
                    reminder_settings::Column::CheckinTime,
                    reminder_settings::Column::QuietStart,
                    reminder_settings::Column::QuietEnd,
                    reminder_settings::Column::UpdatedAt,
                    reminder_settings::Column::ChangeSeq,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(row)
}

/// The entity tag of the client's settings: the change number of their last write (each takes
/// the client's next one, so the tag changes with every write and never comes back), or 0 for
/// the defaults of a client whose settings were never stored (every client since creation has a
/// row, written with change number 1 or later).
#[must_use]
pub fn tag(row: Option<&reminder_settings::Model>) -> i64 {
    row.map_or(0, |r| r.change_seq)
}

/// Replaces the client's settings and replans its reminders, if `expected` (the `If-Match`,
/// if any) names the current [`tag`]. Returns the stored row.
///
/// # Errors
/// `Stale` when `expected` does not hold; database errors.
pub async fn replace(
    db: &DatabaseConnection,
    planner: &dyn Replanner,
    client: ClientId,
    now: DateTime<Utc>,
    settings: &ReminderSettings,
    expected: Option<&Precondition>,
    actor: Actor,
) -> Result<reminder_settings::Model, RecordError> {
    let write = ClientWrite::begin(db, client, now, actor).await?;
    let current = reminder_settings::Entity::find_by_id(client)
        .one(write.txn())
        .await?;
    // The settings always exist (the defaults until changed), so `*` always holds.
    write.precondition(expected, Some(tag(current.as_ref())))?;
    let row = store(write.txn(), client, now, write.seq(), settings).await?;
    write
        .commit(
            Action::Update,
            ObjectType::ReminderSettings,
            Some(client.uuid()),
            Reminders::Replan(planner),
        )
        .await?;
    Ok(row)
}

/// The client's settings (the defaults if none were ever stored).
///
/// # Errors
/// Database errors; stored settings that no longer parse.
pub async fn load<C: ConnectionTrait>(db: &C, client: ClientId) -> Result<ReminderSettings, DbErr> {
    Ok(load_tagged(db, client).await?.0)
}

/// The client's settings (the defaults if none were ever stored) and their [`tag`], read
/// together.
///
/// # Errors
/// Database errors; stored settings that no longer parse.
pub async fn load_tagged<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
) -> Result<(ReminderSettings, i64), DbErr> {
    let row = reminder_settings::Entity::find_by_id(client)
        .one(db)
        .await?;
    let settings = row.as_ref().map_or_else(
        || Ok(ReminderSettings::defaults()),
        ReminderSettings::from_row,
    )?;
    Ok((settings, tag(row.as_ref())))
}
