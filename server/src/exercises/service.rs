//! Logs of practising an exercise: idempotent by the phone's id, answers checked against the
//! exercise's prompts.

use super::Exercise;
use super::dto::{NewExerciseLog, responses_of};
use crate::audit::{Actor, ObjectType};
use crate::error::{ApiError, FieldErrors};
use crate::write::{ClientWrite, Written};
use chrono::{DateTime, Utc};
use entities::{ClientId, ExerciseLogId, exercise_log};
use sea_orm::sea_query::Condition;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::BTreeMap;

/// Checks answers against the exercise's prompts: only its keys, each within its length.
///
/// # Errors
/// A 422 naming each offending `responses.<key>`.
pub fn check_responses(
    exercise: &Exercise,
    responses: &BTreeMap<String, String>,
) -> Result<(), ApiError> {
    let mut errors = FieldErrors::new();
    for (key, answer) in responses {
        let path = format!("responses.{key}");
        match exercise.prompts.iter().find(|p| p.key == key) {
            None => errors
                .entry(path)
                .or_default()
                .push("is not a prompt of this exercise".into()),
            Some(prompt) if answer.chars().count() > prompt.max_chars => errors
                .entry(path)
                .or_default()
                .push(format!("must be at most {} characters", prompt.max_chars)),
            Some(_) => {}
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

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
) -> Result<Written<exercise_log::Model>, ApiError> {
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
            "This id already holds a different exercise log.",
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
) -> Result<Vec<exercise_log::Model>, ApiError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn communication_analysis() -> &'static Exercise {
        super::super::find("communication_analysis").expect("built in")
    }

    #[test]
    fn answers_to_known_prompts_pass() {
        let answers = BTreeMap::from([("what_i_said".to_owned(), "I said no.".to_owned())]);
        assert!(check_responses(communication_analysis(), &answers).is_ok());
    }

    #[test]
    fn an_answer_to_an_unknown_prompt_is_rejected_by_its_path() {
        let answers = BTreeMap::from([("favourite_colour".to_owned(), "blue".to_owned())]);
        match check_responses(communication_analysis(), &answers) {
            Err(ApiError::Validation(errors)) => {
                assert!(errors.contains_key("responses.favourite_colour"))
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn an_overlong_answer_is_rejected() {
        let answers = BTreeMap::from([("what_i_said".to_owned(), "x".repeat(2001))]);
        assert!(check_responses(communication_analysis(), &answers).is_err());
    }
}
