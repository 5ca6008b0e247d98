//! Reading and writing the session log. A mark replans the client's reminders: session
//! reminders and the countdown follow the sessions.

use super::model::SessionChange;
use crate::aggregate::Client;
use crate::audit::{self, Action, Actor, Event, ObjectType};
use crate::conditional::Precondition;
use crate::domain::{Session, SessionStatus};
use crate::formulation::model::FormulationContents;
use crate::write::Replanner;
use crate::write::{ClientWrite, RecordError, Reminders};
use chrono::{DateTime, Duration, Utc};
use entities::{CheckinId, ClientId, checkin, course, goal_rating, session_mark};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

/// A check-in with a PHQ-9 this long before a session measures it.
pub const MEASURE_WINDOW: Duration = Duration::days(3);

/// The highest change number of the client's session marks (none: `None`). Part of the
/// session log's entity tag, see [`log_tag`].
///
/// # Errors
/// Database errors.
pub async fn marks_seq<C: ConnectionTrait>(db: &C, client: ClientId) -> Result<Option<i64>, DbErr> {
    Ok(session_mark::Entity::find()
        .select_only()
        .column_as(session_mark::Column::ChangeSeq.max(), "change_seq")
        .filter(session_mark::Column::ClientId.eq(client))
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten())
}

/// The entity tag of the sessions of the client's current course (`GET …/sessions` and each
/// `PUT …/sessions/{number}`): the highest change number of the course row (its dates, length
/// and end; a treatment change or a new course moves it) and of the client's session marks
/// ([`marks_seq`]; a goal rating is written with its session's mark). Every write takes the
/// client's next change number, so the tag changes with every mark and never comes back. One tag for the whole log, not one per session: a cancelled or missed session
/// adds one at the end of the course and moves the phases, so a mark changes what the other
/// sessions say. Marks of an earlier course were all written before the current course began,
/// so they never outweigh it. What follows from the date alone (a session presumed held once
/// its time passed) and the measures (check-ins) are not edits of the log and keep the tag.
#[must_use]
pub fn log_tag(course_seq: i64, marks_seq: Option<i64>) -> i64 {
    marks_seq.map_or(course_seq, |m| m.max(course_seq))
}

/// How long before its scheduled start a session may be marked held (one that began a little
/// early); a later time is a session that has not happened, and its mark answers 422.
pub const HELD_EARLY: chrono::Duration = chrono::Duration::hours(1);

/// Records `change` for session `number` of `client`'s course, if `expected` (the `If-Match`,
/// if any) names the session log's current [`log_tag`], and answers the client with its new
/// session log and the log's new tag.
///
/// # Errors
/// `NotFound` for a number the course does not have; `Stale` when `expected` does not hold;
/// database errors.
#[expect(
    clippy::too_many_arguments,
    reason = "one write's inputs, each already parsed; a struct would only rename them"
)]
pub async fn mark(
    db: &DatabaseConnection,
    planner: &dyn Replanner,
    client: &Client,
    number: u16,
    change: SessionChange,
    now: DateTime<Utc>,
    expected: Option<&Precondition>,
    actor: Actor,
) -> Result<(Client, i64), RecordError> {
    if number == 0 || number > client.treatment().slots() {
        return Err(RecordError::NotFound);
    }
    if change.status == SessionStatus::Held {
        // The session's time, or the one this very mark moves it to.
        let scheduled = change.scheduled_for.or_else(|| {
            client
                .sessions(now)
                .iter()
                .find(|s| s.number == number)
                .map(|s| s.scheduled_for)
        });
        if scheduled.is_some_and(|at| at > now + HELD_EARLY) {
            return Err(RecordError::Invalid {
                field: "status".into(),
                message: "a session is held only once its time has come",
            });
        }
    }
    if change.status != SessionStatus::Held && !change.goal_ratings.is_empty() {
        return Err(RecordError::Invalid {
            field: "goal_ratings".into(),
            message: "are recorded only at a held session",
        });
    }
    let write = ClientWrite::begin(db, client.id(), now, actor).await?;
    if expected.is_some() {
        // Read in the write: `client` was loaded before it, and may be behind.
        let course_seq = course::Entity::find_by_id(client.course_id())
            .select_only()
            .column(course::Column::ChangeSeq)
            .into_tuple::<i64>()
            .one(write.txn())
            .await?;
        let current = match course_seq {
            Some(seq) => Some(log_tag(seq, marks_seq(write.txn(), client.id()).await?)),
            None => None,
        };
        write.precondition(expected, current)?;
    }
    let moved_to = change
        .scheduled_for
        .map(|at| (at, at.with_timezone(&client.timezone().tz()).date_naive()));
    let row = session_mark::Model {
        course_id: client.course_id(),
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
            OnConflict::columns([session_mark::Column::CourseId, session_mark::Column::Number])
                .update_columns(update)
                .to_owned(),
        )
        .exec_without_returning(write.txn())
        .await?;
    rate_goals(&write, client.course_id(), number, &change.goal_ratings).await?;
    if change.status != SessionStatus::Held {
        unrate_goals(&write, client.course_id(), number, actor).await?;
    }
    let marks = crate::aggregate::marks_of(write.txn(), &[client.course_id()])
        .await?
        .remove(&client.course_id())
        .unwrap_or_default();
    // The mark just written carries the highest change number of all.
    let tag = write.seq();
    write
        .commit(
            Action::Update,
            ObjectType::TreatmentSession,
            Some(Uuid::from(client.id())),
            Reminders::Replan(planner),
        )
        .await?;
    Ok((client.clone().with_marks(marks), tag))
}

/// Removes the goals' ratings of session `number` of `course`, within `write`, when it is no
/// longer held: the removal is in the audit trail (`goal_ratings_removed`), and the formulation,
/// which carries the ratings, is sent to the phone again.
async fn unrate_goals(
    write: &ClientWrite,
    course: Uuid,
    number: u16,
    actor: Actor,
) -> Result<(), RecordError> {
    let removed = goal_rating::Entity::delete_many()
        .filter(goal_rating::Column::CourseId.eq(course))
        .filter(goal_rating::Column::SessionNumber.eq(i32::from(number)))
        .exec(write.txn())
        .await?
        .rows_affected;
    if removed == 0 {
        return Ok(());
    }
    crate::documents::service::touch::<FormulationContents>(write).await?;
    let event = Event::of(
        Action::GoalRatingsRemoved,
        ObjectType::TreatmentSession,
        Some(Uuid::from(write.client())),
        Some(write.client()),
    );
    audit::record(write.txn(), write.now(), actor, event).await?;
    tracing::info!(client_id = %write.client(), session = number, removed, "goal ratings removed with the session's held mark");
    Ok(())
}

/// Stores the goals' ratings at session `number` of `course`, within `write`: each must name
/// a goal of the client's current formulation.
async fn rate_goals(
    write: &ClientWrite,
    course: Uuid,
    number: u16,
    ratings: &[(Uuid, u8)],
) -> Result<(), RecordError> {
    if ratings.is_empty() {
        return Ok(());
    }
    let formulation =
        crate::documents::service::load::<FormulationContents, _>(write.txn(), write.client())
            .await?;
    for (i, (goal, rating)) in ratings.iter().enumerate() {
        if formulation
            .as_ref()
            .and_then(|f| f.contents.goal(*goal))
            .is_none()
        {
            return Err(RecordError::Invalid {
                field: format!("goal_ratings[{i}].goal_id"),
                message: "is not a goal of the client's formulation",
            });
        }
        let row = goal_rating::Model {
            client_id: write.client(),
            course_id: course,
            session_number: i32::from(number),
            goal_id: *goal,
            rating: i16::from(*rating),
            rated_at: write.now(),
            change_seq: write.seq(),
        };
        goal_rating::Entity::insert(goal_rating::ActiveModel::from(row))
            .on_conflict(
                OnConflict::columns([
                    goal_rating::Column::CourseId,
                    goal_rating::Column::SessionNumber,
                    goal_rating::Column::GoalId,
                ])
                .update_columns([
                    goal_rating::Column::Rating,
                    goal_rating::Column::RatedAt,
                    goal_rating::Column::ChangeSeq,
                ])
                .to_owned(),
            )
            .exec_without_returning(write.txn())
            .await?;
    }
    Ok(())
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

/// The goal ratings given at the sessions of the client's current course.
///
/// # Errors
/// Database errors.
pub async fn ratings<C: ConnectionTrait>(
    db: &C,
    client: &Client,
) -> Result<Vec<goal_rating::Model>, DbErr> {
    goal_rating::Entity::find()
        .filter(goal_rating::Column::CourseId.eq(client.course_id()))
        .order_by_asc(goal_rating::Column::SessionNumber)
        .all(db)
        .await
}
