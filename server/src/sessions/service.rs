//! Reading and writing the session log. A mark replans the client's reminders: session
//! reminders and the countdown follow the sessions.

use crate::audit::{Action, Actor, ObjectType};
use crate::clients::Client;
use crate::domain::{Session, SessionMark, SessionStatus, slot_count};
use crate::reminders::planner::Planner;
use crate::write::{ClientWrite, RecordError, Reminders};
use chrono::{DateTime, Duration, Utc};
use entities::{CheckinId, ClientId, checkin, session_mark};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::HashMap;
use uuid::Uuid;

/// A check-in with a PHQ-9 this long before a session measures it.
pub const MEASURE_WINDOW: Duration = Duration::days(3);

/// What a therapist records about one session (already parsed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionChange {
    /// As marked.
    pub status: SessionStatus,
    /// When it was held, if not at its scheduled time.
    pub held_at: Option<DateTime<Utc>>,
    /// Where it moves.
    pub scheduled_for: Option<DateTime<Utc>>,
}

/// Clients named per statement: far below SQLite's parameter limit.
const CHUNK: usize = 500;

/// The marks of each of `clients` (none for a client nobody logged).
///
/// # Errors
/// Database errors.
pub async fn marks_of<C: ConnectionTrait>(
    db: &C,
    clients: &[ClientId],
) -> Result<HashMap<ClientId, Vec<SessionMark>>, DbErr> {
    let mut out: HashMap<ClientId, Vec<SessionMark>> = HashMap::new();
    for chunk in clients.chunks(CHUNK) {
        let rows = session_mark::Entity::find()
            .filter(session_mark::Column::ClientId.is_in(chunk.iter().copied()))
            .order_by_asc(session_mark::Column::Number)
            .all(db)
            .await?;
        for row in rows {
            out.entry(row.client_id).or_default().push(mark_of(&row)?);
        }
    }
    Ok(out)
}

fn mark_of(row: &session_mark::Model) -> Result<SessionMark, DbErr> {
    let number = u16::try_from(row.number).map_err(|_| {
        tracing::error!(client_id = %row.client_id, "stored session number out of range");
        DbErr::Type(format!("session mark of client {}: number", row.client_id))
    })?;
    Ok(SessionMark {
        number,
        status: row.status,
        held_at: row.held_at,
        moved_to: row.moved_to.zip(row.moved_to_date),
    })
}

/// Records `change` for session `number` of `client`'s course and answers the session as it
/// now stands.
///
/// # Errors
/// `NotFound` for a number the course does not have; database errors.
pub async fn mark(
    db: &DatabaseConnection,
    planner: &Planner,
    client: &Client,
    number: u16,
    change: SessionChange,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<Client, RecordError> {
    let treatment = client.treatment();
    if number == 0 || number > slot_count(treatment.planned_sessions.get().into(), &treatment.marks)
    {
        return Err(RecordError::NotFound);
    }
    let write = ClientWrite::begin(db, client.id(), now, actor).await?;
    let moved_to = change
        .scheduled_for
        .map(|at| (at, at.with_timezone(&client.timezone().tz()).date_naive()));
    let row = session_mark::Model {
        client_id: client.id(),
        number: i32::from(number),
        status: change.status,
        held_at: change.held_at,
        moved_to: moved_to.map(|(at, _)| at),
        moved_to_date: moved_to.map(|(_, date)| date),
        marked_by: actor.id.unwrap_or_default(),
        updated_at: now,
        change_seq: write.seq(),
    };
    // A later mark of the same session replaces the earlier one, except for a move, which
    // stays until the session is moved again.
    let mut update = vec![
        session_mark::Column::Status,
        session_mark::Column::HeldAt,
        session_mark::Column::MarkedBy,
        session_mark::Column::UpdatedAt,
        session_mark::Column::ChangeSeq,
    ];
    if moved_to.is_some() {
        update.extend([
            session_mark::Column::MovedTo,
            session_mark::Column::MovedToDate,
        ]);
    }
    session_mark::Entity::insert(session_mark::ActiveModel::from(row))
        .on_conflict(
            OnConflict::columns([session_mark::Column::ClientId, session_mark::Column::Number])
                .update_columns(update)
                .to_owned(),
        )
        .exec_without_returning(write.txn())
        .await?;
    let marks = marks_of(write.txn(), &[client.id()])
        .await?
        .remove(&client.id())
        .unwrap_or_default();
    write
        .commit(
            Action::Update,
            ObjectType::TreatmentSession,
            Some(Uuid::from(client.id())),
            Reminders::Replan(planner),
        )
        .await?;
    Ok(client.clone().with_marks(marks))
}

/// The measure of each session: the latest check-in with a PHQ-9 in the
/// [`MEASURE_WINDOW`] before it (the session's own time included).
///
/// # Errors
/// Database errors.
pub async fn measures<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    sessions: &[Session],
) -> Result<Vec<Option<CheckinId>>, DbErr> {
    let (Some(first), Some(last)) = (
        sessions.iter().map(|s| s.scheduled_for).min(),
        sessions.iter().map(|s| s.scheduled_for).max(),
    ) else {
        return Ok(Vec::new());
    };
    let checkins: Vec<(CheckinId, DateTime<Utc>)> = checkin::Entity::find()
        .select_only()
        .columns([checkin::Column::Id, checkin::Column::RecordedAt])
        .filter(checkin::Column::ClientId.eq(client))
        .filter(checkin::Column::Phq9Total.is_not_null())
        .filter(checkin::Column::RecordedAt.gte(first - MEASURE_WINDOW))
        .filter(checkin::Column::RecordedAt.lte(last))
        .order_by_asc(checkin::Column::RecordedAt)
        .into_tuple()
        .all(db)
        .await?;
    Ok(sessions
        .iter()
        .map(|s| {
            checkins
                .iter()
                .rev()
                .find(|(_, at)| *at <= s.scheduled_for && *at >= s.scheduled_for - MEASURE_WINDOW)
                .map(|(id, _)| *id)
        })
        .collect())
}
