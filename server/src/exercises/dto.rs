//! The exercise library and exercise logs as the API shows them, and parsing a new log.

use super::service::check_responses;
use super::{Exercise, find};
use crate::domain::{Score0To10, to_utc_micros};
use crate::error::ApiError;
use chrono::{DateTime, FixedOffset, Utc};
use entities::{ExerciseLogId, exercise_log};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// A practice as the client logged it (already parsed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewExerciseLog {
    pub id: ExerciseLogId,
    pub exercise: &'static Exercise,
    pub practiced_at: DateTime<Utc>,
    pub difficulty: Option<Score0To10>,
    pub outcome: Option<Score0To10>,
    pub note: Option<String>,
    pub responses: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PromptResponse {
    pub key: &'static str,
    pub label: &'static str,
    pub max_chars: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExerciseResponse {
    pub key: &'static str,
    pub title: &'static str,
    pub skill: &'static str,
    pub instructions: &'static str,
    /// Problem areas it fits best; empty for all.
    pub problem_areas: &'static [&'static str],
    /// What a log's `responses` may answer, by key.
    pub prompts: Vec<PromptResponse>,
}

impl From<&Exercise> for ExerciseResponse {
    fn from(e: &Exercise) -> Self {
        Self {
            key: e.key,
            title: e.title,
            skill: e.skill,
            instructions: e.instructions,
            problem_areas: e.problem_areas,
            prompts: e
                .prompts
                .iter()
                .map(|p| PromptResponse {
                    key: p.key,
                    label: p.label,
                    max_chars: p.max_chars,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateExerciseLogRequest {
    /// Made by the phone for offline writes; replays are answered, never duplicated.
    pub id: Option<Uuid>,
    pub exercise_key: String,
    pub practiced_at: DateTime<FixedOffset>,
    /// 0–10: how hard it was.
    #[validate(range(min = 0, max = 10, message = "must be between 0 and 10"))]
    pub difficulty: Option<i64>,
    /// 0–10: how well it went.
    #[validate(range(min = 0, max = 10, message = "must be between 0 and 10"))]
    pub outcome: Option<i64>,
    #[validate(length(max = 2000, message = "must be at most 2000 characters"))]
    pub note: Option<String>,
    /// Answers to the exercise's prompts, by prompt key.
    pub responses: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExerciseLogResponse {
    pub id: Uuid,
    pub exercise_key: String,
    pub practiced_at: DateTime<Utc>,
    pub difficulty: Option<i32>,
    pub outcome: Option<i32>,
    pub note: Option<String>,
    pub responses: Option<BTreeMap<String, String>>,
}

impl From<&exercise_log::Model> for ExerciseLogResponse {
    fn from(row: &exercise_log::Model) -> Self {
        Self {
            id: row.id.uuid(),
            exercise_key: row.exercise_key.clone(),
            practiced_at: row.practiced_at,
            difficulty: row.difficulty,
            outcome: row.outcome,
            note: row.note.clone(),
            responses: responses_of(row),
        }
    }
}

impl TryFrom<CreateExerciseLogRequest> for NewExerciseLog {
    type Error = ApiError;

    /// Checks what the validator cannot: the exercise exists and the answers fit its prompts.
    fn try_from(body: CreateExerciseLogRequest) -> Result<Self, ApiError> {
        let exercise = find(&body.exercise_key)
            .ok_or_else(|| ApiError::field("exercise_key", "is not a built-in exercise"))?;
        if let Some(responses) = &body.responses {
            check_responses(exercise, responses)?;
        }
        let score = |path: &'static str, raw: Option<i64>| {
            raw.map(Score0To10::parse)
                .transpose()
                .map_err(|m| ApiError::field(path, m))
        };
        Ok(NewExerciseLog {
            id: body.id.map_or_else(ExerciseLogId::new, ExerciseLogId::from),
            exercise,
            practiced_at: to_utc_micros(body.practiced_at),
            difficulty: score("difficulty", body.difficulty)?,
            outcome: score("outcome", body.outcome)?,
            note: body.note,
            responses: body.responses,
        })
    }
}

/// The stored answers.
#[must_use]
pub fn responses_of(row: &exercise_log::Model) -> Option<BTreeMap<String, String>> {
    row.responses
        .as_deref()
        .and_then(|raw| serde_json::from_str(raw).ok())
}
