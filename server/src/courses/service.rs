//! Reading, starting and ending courses.

use super::model::NewCourse;
use crate::aggregate::Client;
use crate::audit::{Action, Actor, ObjectType};
use crate::domain::{CourseKind, SessionStatus, Treatment};
use crate::error::Reason;
use crate::write::Replanner;
use crate::write::{ClientWrite, RecordError, Reminders};
use chrono::{DateTime, Utc};
use entities::course::EndReason;
use entities::{ClientId, course};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder,
};
use uuid::Uuid;

/// The first course of a new client: its id is the client's own.
#[must_use]
pub fn first_course(
    client: ClientId,
    treatment: &Treatment,
    now: DateTime<Utc>,
    seq: i64,
) -> course::Model {
    course::Model {
        id: client.uuid(),
        client_id: client,
        number: 1,
        kind: CourseKind::Acute,
        start_date: treatment.start_date,
        planned_sessions: i32::from(treatment.planned_sessions.get()),
        interval_weeks: 1,
        ended_at: None,
        ended_on: None,
        ended_after_slot: None,
        end_reason: None,
        end_note: None,
        sick_role_discussed: false,
        created_at: now,
        change_seq: seq,
    }
}

/// Every course of `client`, first to last.
///
/// # Errors
/// Database errors.
pub async fn all_of<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
) -> Result<Vec<course::Model>, DbErr> {
    course::Entity::find()
        .filter(course::Column::ClientId.eq(client))
        .order_by_asc(course::Column::Number)
        .all(db)
        .await
}

/// Starts `client`'s next course. The current one must be over: ended by the therapist, or
/// past its last session's day.
///
/// # Errors
/// `Conflict` while the current course goes on; database errors.
pub async fn start(
    db: &DatabaseConnection,
    planner: &dyn Replanner,
    client: &Client,
    new: NewCourse,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<course::Model, RecordError> {
    if !client.treatment().is_over(client.today(now)) {
        return Err(RecordError::Conflict(Reason::CourseNotEnded));
    }
    let write = ClientWrite::begin(db, client.id(), now, actor).await?;
    let row = course::Model {
        id: Uuid::now_v7(),
        client_id: client.id(),
        number: client.course().number + 1,
        kind: new.kind,
        start_date: new.start_date,
        planned_sessions: i32::from(new.planned_sessions.get()),
        interval_weeks: i32::from(new.interval_weeks),
        ended_at: None,
        ended_on: None,
        ended_after_slot: None,
        end_reason: None,
        end_note: None,
        sick_role_discussed: false,
        created_at: now,
        change_seq: write.seq(),
    };
    course::Entity::insert(course::ActiveModel::from(row.clone()))
        .exec_without_returning(write.txn())
        .await?;
    if let Some(time) = new.session_time {
        entities::client::Entity::update_many()
            .col_expr(entities::client::Column::SessionTime, Expr::value(time))
            .col_expr(entities::client::Column::UpdatedAt, Expr::value(now))
            .col_expr(
                entities::client::Column::ProfileSeq,
                Expr::value(write.seq()),
            )
            .filter(entities::client::Column::Id.eq(client.id()))
            .exec(write.txn())
            .await?;
    }
    write
        .commit(
            Action::Create,
            ObjectType::Course,
            Some(row.id),
            Reminders::Replan(planner),
        )
        .await?;
    Ok(row)
}

/// Why and how a course ends, as the therapist says it.
#[derive(Debug, Default)]
pub struct Ending {
    /// None: [`presumed_end_reason`].
    pub reason: Option<EndReason>,
    /// Trimmed; none when blank.
    pub note: Option<String>,
}

/// The reason of an ending nobody gave one for: `completed` when the course's last planned
/// session was held by `now` (marked or presumed), else `other`.
#[must_use]
pub fn presumed_end_reason(client: &Client, now: DateTime<Utc>) -> EndReason {
    let last = client
        .sessions(now)
        .into_iter()
        .filter(|s| s.status.counts())
        .max_by_key(|s| s.number);
    if last.is_some_and(|s| s.status == SessionStatus::Held) {
        EndReason::Completed
    } else {
        EndReason::Other
    }
}

/// Ends `client`'s current course `course_id` now: the sessions whose time has passed stay
/// (held unless marked otherwise), the later ones are dropped, and the reminders of the course
/// stop.
///
/// # Errors
/// `NotFound` for a course of someone else; `Conflict` for an earlier course or one already
/// ended; database errors.
pub async fn end(
    db: &DatabaseConnection,
    planner: &dyn Replanner,
    client: &Client,
    course_id: Uuid,
    ending: Ending,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<course::Model, RecordError> {
    if course_id != client.course_id() {
        let known = all_of(db, client.id())
            .await?
            .iter()
            .any(|c| c.id == course_id);
        return Err(if known {
            RecordError::Conflict(Reason::CourseNotCurrent)
        } else {
            RecordError::NotFound
        });
    }
    if client.course().ended_at.is_some() {
        return Err(RecordError::Conflict(Reason::CourseAlreadyEnded));
    }
    let after_slot = client
        .sessions(now)
        .iter()
        .filter(|s| s.scheduled_for <= now)
        .map(|s| s.number)
        .max()
        .unwrap_or(0);
    let write = ClientWrite::begin(db, client.id(), now, actor).await?;
    let ended = course::ActiveModel {
        id: Set(course_id),
        ended_at: Set(Some(now)),
        ended_on: Set(Some(client.today(now))),
        ended_after_slot: Set(Some(i32::from(after_slot))),
        end_reason: Set(Some(
            ending
                .reason
                .unwrap_or_else(|| presumed_end_reason(client, now)),
        )),
        end_note: Set(ending.note),
        change_seq: Set(write.seq()),
        ..Default::default()
    };
    let row = course::Entity::update(ended).exec(write.txn()).await?;
    write
        .commit(
            Action::Update,
            ObjectType::Course,
            Some(course_id),
            Reminders::Replan(planner),
        )
        .await?;
    Ok(row)
}

/// Every course of `client` with its session log read, first to last (the current one last).
///
/// # Errors
/// Database errors; a stored course that does not parse.
pub async fn history<C: ConnectionTrait>(db: &C, client: &Client) -> Result<Vec<Client>, DbErr> {
    let courses = all_of(db, client.id()).await?;
    let ids: Vec<Uuid> = courses.iter().map(|c| c.id).collect();
    let mut marks = crate::aggregate::marks_of(db, &ids).await?;
    courses
        .into_iter()
        .map(|course| {
            let of_course = marks.remove(&course.id).unwrap_or_default();
            Client::try_from((client.row().clone(), course, of_course))
        })
        .collect()
}
