//! Logs of practising an exercise: idempotent by the phone's id, answers checked against the
//! exercise's prompts.

use super::dto::{NewExerciseLog, responses_of};
use crate::audit::{Actor, ObjectType};
use crate::error::Reason;
use crate::write::{ClientWrite, RecordError, Written};
use chrono::{DateTime, Utc};
use entities::{ClientId, ExerciseLogId, exercise_log};
use sea_orm::sea_query::Condition;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::BTreeMap;

fn stored_responses(responses: Option<&BTreeMap<String, String>>) -> Option<String> {
    responses.and_then(|r| serde_json::to_string(r).ok())
}

impl NewExerciseLog {
    pub(crate) fn matches(&self, row: &exercise_log::Model) -> bool {
        row.exercise_key == self.exercise.key
            && row.practiced_at == self.practiced_at
            && row.difficulty == self.difficulty.map(|s| i32::from(s.get()))
            && row.outcome == self.outcome.map(|s| i32::from(s.get()))
            && row.note == self.note
            && responses_of(row) == self.responses
    }
}

/// Stores a practice of `client`, once.
///
/// # Errors
/// `Conflict` when the id holds something else; database errors.
pub async fn create_exercise_log(
    db: &DatabaseConnection,
    client: ClientId,
    now: DateTime<Utc>,
    new: NewExerciseLog,
    actor: Actor,
) -> Result<Written<exercise_log::Model>, RecordError> {
    let write = ClientWrite::begin(db, client, now, actor).await?;
    let row = exercise_log::Model {
        id: new.id,
        client_id: client,
        exercise_key: new.exercise.key.to_owned(),
        practiced_at: new.practiced_at,
        difficulty: new.difficulty.map(|s| i32::from(s.get())),
        outcome: new.outcome.map(|s| i32::from(s.get())),
        note: new.note.clone(),
        responses: stored_responses(new.responses.as_ref()),
        created_at: now,
        change_seq: write.seq(),
    };
    write
        .create_once::<exercise_log::Entity>(
            ObjectType::ExerciseLog,
            new.id,
            row,
            |existing| existing.client_id == client && new.matches(existing),
            Reason::EXERCISE_LOG_ID_TAKEN,
        )
        .await
}

/// Up to `limit + 1` logs of `client`, newest practice first.
///
/// # Errors
/// Database errors.
pub async fn list_exercise_logs<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    after: Option<(DateTime<Utc>, ExerciseLogId)>,
    limit: u64,
) -> Result<Vec<exercise_log::Model>, RecordError> {
    let mut query = exercise_log::Entity::find().filter(exercise_log::Column::ClientId.eq(client));
    if let Some((at, id)) = after {
        query = query.filter(
            Condition::any()
                .add(exercise_log::Column::PracticedAt.lt(at))
                .add(
                    Condition::all()
                        .add(exercise_log::Column::PracticedAt.eq(at))
                        .add(exercise_log::Column::Id.lt(id)),
                ),
        );
    }
    Ok(query
        .order_by_desc(exercise_log::Column::PracticedAt)
        .order_by_desc(exercise_log::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?)
}
