//! Assigning, editing, cancelling and completing homework.

use crate::audit::{self, Action, Actor, Event};
use crate::error::ApiError;
use crate::sync::next_change_seq;
use chrono::{DateTime, Utc};
use entities::homework::HomeworkState;
use entities::{ClientId, HomeworkId, TherapistId, homework};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Where an assignment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HomeworkStatus {
    Assigned,
    Completed,
    Cancelled,
}

impl HomeworkStatus {
    /// The status of a stored assignment.
    #[must_use]
    pub fn of(row: &homework::Model) -> Self {
        match row.status {
            HomeworkState::Assigned => Self::Assigned,
            HomeworkState::Completed => Self::Completed,
            HomeworkState::Cancelled => Self::Cancelled,
        }
    }

    /// The stored form.
    #[must_use]
    pub fn stored(self) -> HomeworkState {
        match self {
            Self::Assigned => HomeworkState::Assigned,
            Self::Completed => HomeworkState::Completed,
            Self::Cancelled => HomeworkState::Cancelled,
        }
    }
}

/// What a therapist sets on an assignment (already validated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HomeworkFields {
    pub title: String,
    pub instructions: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
    pub problem_area: Option<String>,
    pub exercise_key: Option<String>,
}

/// What the client says when completing homework (already validated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub completed_at: DateTime<Utc>,
    pub reflection: Option<String>,
    /// 0–10.
    pub helpfulness: Option<i32>,
}

/// Assigns homework to `client`.
///
/// # Errors
/// Database errors.
pub async fn assign(
    db: &DatabaseConnection,
    client: ClientId,
    therapist: TherapistId,
    now: DateTime<Utc>,
    fields: HomeworkFields,
    actor: Actor,
) -> Result<homework::Model, ApiError> {
    let txn = db.begin().await?;
    let seq = next_change_seq(&txn, client).await?;
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
        change_seq: seq,
    };
    homework::Entity::insert(homework::ActiveModel::from(row.clone()))
        .exec_without_returning(&txn)
        .await?;
    audit::record(
        &txn,
        now,
        actor,
        Event::of(
            Action::Create,
            "homework",
            Some(row.id.uuid()),
            Some(client),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// Opens a write on one assignment: takes the client's next change number, then the row.
async fn open(
    db: &DatabaseConnection,
    client: ClientId,
    id: HomeworkId,
) -> Result<(DatabaseTransaction, i64, homework::Model), ApiError> {
    let txn = db.begin().await?;
    let seq = next_change_seq(&txn, client).await?;
    let row = homework::Entity::find_by_id(id)
        .filter(homework::Column::ClientId.eq(client))
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((txn, seq, row))
}

/// Stores a change to an assignment opened with [`open`]: the change number and time, the
/// audit row, the commit.
async fn save(
    txn: DatabaseTransaction,
    mut active: homework::ActiveModel,
    seq: i64,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<homework::Model, ApiError> {
    active.updated_at = Set(now);
    active.change_seq = Set(seq);
    let updated = homework::Entity::update(active).exec(&txn).await?;
    let event = Event::of(
        Action::Update,
        "homework",
        Some(updated.id.uuid()),
        Some(updated.client_id),
    );
    audit::record(&txn, now, actor, event).await?;
    txn.commit().await?;
    Ok(updated)
}

/// Replaces what the therapist set; only while the homework is still assigned.
///
/// # Errors
/// `NotFound`; `Conflict` once completed or cancelled; database errors.
pub async fn update(
    db: &DatabaseConnection,
    client: ClientId,
    id: HomeworkId,
    now: DateTime<Utc>,
    fields: HomeworkFields,
    actor: Actor,
) -> Result<homework::Model, ApiError> {
    let (txn, seq, row) = open(db, client, id).await?;
    if HomeworkStatus::of(&row) != HomeworkStatus::Assigned {
        return Err(ApiError::Conflict(
            "Only assigned homework can be edited.".into(),
        ));
    }
    let mut active = row.into_active_model();
    active.title = Set(fields.title);
    active.instructions = Set(fields.instructions);
    active.due_at = Set(fields.due_at);
    active.problem_area = Set(fields.problem_area);
    active.exercise_key = Set(fields.exercise_key);
    save(txn, active, seq, now, actor).await
}

/// Cancels an assignment; cancelling twice is fine.
///
/// # Errors
/// `NotFound`; `Conflict` once completed; database errors.
pub async fn cancel(
    db: &DatabaseConnection,
    client: ClientId,
    id: HomeworkId,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<homework::Model, ApiError> {
    let (txn, seq, row) = open(db, client, id).await?;
    match HomeworkStatus::of(&row) {
        HomeworkStatus::Cancelled => return Ok(row),
        HomeworkStatus::Completed => {
            return Err(ApiError::Conflict(
                "Completed homework cannot be cancelled.".into(),
            ));
        }
        HomeworkStatus::Assigned => {}
    }
    let mut active = row.into_active_model();
    active.status = Set(HomeworkState::Cancelled);
    save(txn, active, seq, now, actor).await
}

/// The client marks homework done, once; a repeat answers the stored completion.
///
/// # Errors
/// `NotFound`; `Conflict` when cancelled; database errors.
pub async fn complete(
    db: &DatabaseConnection,
    client: ClientId,
    id: HomeworkId,
    now: DateTime<Utc>,
    completion: Completion,
    actor: Actor,
) -> Result<homework::Model, ApiError> {
    let (txn, seq, row) = open(db, client, id).await?;
    match HomeworkStatus::of(&row) {
        HomeworkStatus::Completed => return Ok(row),
        HomeworkStatus::Cancelled => {
            return Err(ApiError::Conflict(
                "Cancelled homework cannot be completed.".into(),
            ));
        }
        HomeworkStatus::Assigned => {}
    }
    let mut active = row.into_active_model();
    active.status = Set(HomeworkState::Completed);
    active.completed_at = Set(Some(completion.completed_at));
    active.reflection = Set(completion.reflection);
    active.helpfulness = Set(completion.helpfulness);
    save(txn, active, seq, now, actor).await
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
) -> Result<Vec<homework::Model>, ApiError> {
    let mut query = homework::Entity::find().filter(homework::Column::ClientId.eq(client));
    if let Some(status) = status {
        query = query.filter(homework::Column::Status.eq(status.stored()));
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
