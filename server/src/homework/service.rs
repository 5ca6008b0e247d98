//! Assigning, editing, cancelling and completing homework. Every change replans the client's
//! reminders: homework-due reminders follow the assignment.

use super::dto::HomeworkStatus;
use super::model::{Completion, HomeworkFields};
use crate::audit::{Action, Actor, ObjectType};
use crate::conditional::Precondition;
use crate::error::Reason;
use crate::write::Replanner;
use crate::write::{ClientWrite, RecordError, Reminders};
use chrono::{DateTime, Utc};
use entities::homework::HomeworkState;
use entities::{ClientId, HomeworkId, TherapistId, homework};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
};

/// The entity tag of an assignment: the change number of the row's last write. Every write of
/// the row takes the client's next change number, so the tag changes with every change
/// (the therapist's edit, a cancellation, the client's completion) and never comes back.
#[must_use]
pub fn tag(row: &homework::Model) -> i64 {
    row.change_seq
}

/// A completion may be dated this much before the assignment: a phone's clock that runs a
/// little slow must not lose what the client wrote.
pub const CLOCK_SKEW: chrono::Duration = chrono::Duration::minutes(10);

/// A due time before the client's today (`today_starts`, the start of its local date) is
/// refused: homework is set for the days to come.
fn check_due(due_at: Option<DateTime<Utc>>, today_starts: DateTime<Utc>) -> Result<(), RecordError> {
    if due_at.is_some_and(|due| due < today_starts) {
        return Err(RecordError::Invalid {
            field: "due_at".into(),
            message: "must not be before the client's today",
        });
    }
    Ok(())
}

/// Assigns homework to `client`; its due time may not be before `today_starts` (the start of
/// the client's local date).
///
/// # Errors
/// `Invalid` for a due time before the client's today; database errors.
#[expect(
    clippy::too_many_arguments,
    reason = "one write's inputs, each already parsed; a struct would only rename them"
)]
pub async fn assign(
    db: &DatabaseConnection,
    planner: &dyn Replanner,
    client: ClientId,
    therapist: TherapistId,
    now: DateTime<Utc>,
    today_starts: DateTime<Utc>,
    fields: HomeworkFields,
    actor: Actor,
) -> Result<homework::Model, RecordError> {
    check_due(fields.due_at, today_starts)?;
    let write = ClientWrite::begin(db, client, now, actor).await?;
    let row = homework::Model {
        id: HomeworkId::new(),
        client_id: client,
        therapist_id: therapist,
        title: fields.title,
        instructions: fields.instructions,
        due_at: fields.due_at,
        problem_area: fields.problem_area,
        exercise_key: fields.exercise_key,
        status: HomeworkState::Assigned,
        completed_at: None,
        reflection: None,
        helpfulness: None,
        created_at: now,
        updated_at: now,
        change_seq: write.seq(),
    };
    homework::Entity::insert(homework::ActiveModel::from(row.clone()))
        .exec_without_returning(write.txn())
        .await?;
    write
        .commit(
            Action::Create,
            ObjectType::Homework,
            Some(row.id.uuid()),
            Reminders::Replan(planner),
        )
        .await?;
    tracing::info!(client_id = %row.client_id, homework_id = %row.id, "homework assigned");
    Ok(row)
}

/// Opens a write on one assignment: the client's next change number, then the row.
async fn open(
    db: &DatabaseConnection,
    client: ClientId,
    id: HomeworkId,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<(ClientWrite, homework::Model), RecordError> {
    let write = ClientWrite::begin(db, client, now, actor).await?;
    let row = homework::Entity::find_by_id(id)
        .filter(homework::Column::ClientId.eq(client))
        .one(write.txn())
        .await?
        .ok_or(RecordError::NotFound)?;
    Ok((write, row))
}

/// Stores a change to an assignment opened with [`open`], then replans.
async fn save(
    write: ClientWrite,
    planner: &dyn Replanner,
    mut active: homework::ActiveModel,
) -> Result<homework::Model, RecordError> {
    active.updated_at = Set(write.now());
    active.change_seq = Set(write.seq());
    let updated = homework::Entity::update(active).exec(write.txn()).await?;
    write
        .commit(
            Action::Update,
            ObjectType::Homework,
            Some(updated.id.uuid()),
            Reminders::Replan(planner),
        )
        .await?;
    Ok(updated)
}

/// Replaces what the therapist set; only while the homework is still assigned, and with
/// `expected` (the `If-Match`, if any) only if it names the current [`tag`].
///
/// # Errors
/// `NotFound`; `Stale` when `expected` does not hold; `Conflict` once completed or cancelled;
/// database errors.
#[expect(
    clippy::too_many_arguments,
    reason = "one write's inputs, each already parsed; a struct would only rename them"
)]
pub async fn update(
    db: &DatabaseConnection,
    planner: &dyn Replanner,
    client: ClientId,
    id: HomeworkId,
    now: DateTime<Utc>,
    today_starts: DateTime<Utc>,
    fields: HomeworkFields,
    expected: Option<&Precondition>,
    actor: Actor,
) -> Result<homework::Model, RecordError> {
    let (write, row) = open(db, client, id, now, actor).await?;
    write.precondition(expected, Some(tag(&row)))?;
    if row.status != HomeworkState::Assigned {
        return Err(RecordError::Conflict(Reason::HomeworkNotAssigned));
    }
    // A due time kept as it was may lie in the past (an edit of last week's title); a new one
    // may not.
    if fields.due_at != row.due_at {
        check_due(fields.due_at, today_starts)?;
    }
    let mut active = row.into_active_model();
    active.title = Set(fields.title);
    active.instructions = Set(fields.instructions);
    active.due_at = Set(fields.due_at);
    active.problem_area = Set(fields.problem_area);
    active.exercise_key = Set(fields.exercise_key);
    save(write, planner, active).await
}

/// Cancels an assignment, with `expected` (the `If-Match`, if any) only if it names the
/// current [`tag`]; cancelling twice is fine, whatever the tag (it is already in effect).
///
/// # Errors
/// `NotFound`; `Stale` when `expected` does not hold; `Conflict` once completed; database
/// errors.
pub async fn cancel(
    db: &DatabaseConnection,
    planner: &dyn Replanner,
    client: ClientId,
    id: HomeworkId,
    now: DateTime<Utc>,
    expected: Option<&Precondition>,
    actor: Actor,
) -> Result<homework::Model, RecordError> {
    let (write, row) = open(db, client, id, now, actor).await?;
    if row.status == HomeworkState::Cancelled {
        return Ok(row);
    }
    write.precondition(expected, Some(tag(&row)))?;
    if row.status == HomeworkState::Completed {
        return Err(RecordError::Conflict(Reason::HomeworkAlreadyCompleted));
    }
    let mut active = row.into_active_model();
    active.status = Set(HomeworkState::Cancelled);
    save(write, planner, active).await
}

/// The client marks homework done, once, with `expected` (the `If-Match`, if any) only if it
/// names the current [`tag`]. A repeat with the same completion answers the stored one,
/// whatever the tag (a phone retrying a write whose answer was lost); another completion of
/// homework already completed is a conflict, as for a check-in's id.
///
/// # Errors
/// `NotFound`; `Stale` when `expected` does not hold; `Conflict` when cancelled, or completed
/// with other answers; database errors.
#[expect(
    clippy::too_many_arguments,
    reason = "one write's inputs, each already parsed; a struct would only rename them"
)]
pub async fn complete(
    db: &DatabaseConnection,
    planner: &dyn Replanner,
    client: ClientId,
    id: HomeworkId,
    now: DateTime<Utc>,
    completion: Completion,
    expected: Option<&Precondition>,
    actor: Actor,
) -> Result<homework::Model, RecordError> {
    let (write, row) = open(db, client, id, now, actor).await?;
    if row.status == HomeworkState::Completed && completion.stored_in(&row) {
        return Ok(row);
    }
    write.precondition(expected, Some(tag(&row)))?;
    match row.status {
        HomeworkState::Completed => {
            return Err(RecordError::Conflict(Reason::HomeworkCompletedOtherwise));
        }
        HomeworkState::Cancelled => {
            return Err(RecordError::Conflict(Reason::HomeworkCancelled));
        }
        HomeworkState::Assigned => {}
    }
    if completion.completed_at < row.created_at - CLOCK_SKEW {
        return Err(RecordError::Invalid {
            field: "completed_at".into(),
            message: "must not be before the homework was assigned",
        });
    }
    let mut active = row.into_active_model();
    active.status = Set(HomeworkState::Completed);
    active.completed_at = Set(Some(completion.completed_at));
    active.reflection = Set(completion.reflection);
    active.helpfulness = Set(completion.helpfulness);
    save(write, planner, active).await
}

/// Up to `limit + 1` assignments of `client`, newest first, optionally of one status.
///
/// # Errors
/// Database errors.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    status: Option<HomeworkStatus>,
    after: Option<HomeworkId>,
    limit: u64,
) -> Result<Vec<homework::Model>, RecordError> {
    let mut query = homework::Entity::find().filter(homework::Column::ClientId.eq(client));
    if let Some(status) = status {
        query = query.filter(homework::Column::Status.eq(HomeworkState::from(status)));
    }
    if let Some(after) = after {
        query = query.filter(homework::Column::Id.lt(after));
    }
    Ok(query
        .order_by_desc(homework::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?)
}
