//! Homework as the API shows it, and parsing what the therapist and the client send.

use crate::wire::Text;
use super::model::{Completion, HomeworkFields};
use crate::domain::{ProblemArea, Rating, Score0To10, to_utc_micros};
use crate::error::ApiError;
use crate::exercises;
use chrono::{DateTime, FixedOffset, Utc};
use entities::homework::{self, HomeworkState};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

/// Where an assignment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HomeworkStatus {
    /// Set by the therapist and not yet done.
    Assigned,
    /// Marked done by the client.
    Completed,
    /// Withdrawn by the therapist.
    Cancelled,
}

impl From<HomeworkState> for HomeworkStatus {
    fn from(state: HomeworkState) -> Self {
        match state {
            HomeworkState::Assigned => Self::Assigned,
            HomeworkState::Completed => Self::Completed,
            HomeworkState::Cancelled => Self::Cancelled,
        }
    }
}

impl From<HomeworkStatus> for HomeworkState {
    fn from(status: HomeworkStatus) -> Self {
        match status {
            HomeworkStatus::Assigned => Self::Assigned,
            HomeworkStatus::Completed => Self::Completed,
            HomeworkStatus::Cancelled => Self::Cancelled,
        }
    }
}

/// An assignment as the therapist sets or replaces it.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "title": "Tell your manager what the new role needs",
    "instructions": "Use the role play from Tuesday: say what you need, then ask what they expect.",
    "due_at": "2026-03-09T18:00:00+01:00",
    "problem_area": "role_transition"
}))]
pub struct HomeworkRequest {
    /// Short title, 1–200 characters, not blank; stored trimmed.
    #[validate(nested)]
    pub title: Text<1, 200>,
    /// What the client is asked to do, at most 4000 characters.
    #[validate(nested)]
    pub instructions: Option<Text<0, 4000>>,
    /// When it is due (RFC 3339 with offset).
    pub due_at: Option<DateTime<FixedOffset>>,
    /// The IPT problem area it works on.
    pub problem_area: Option<ProblemArea>,
    /// A built-in exercise to practise for it.
    pub exercise_key: Option<String>,
}

impl TryFrom<HomeworkRequest> for HomeworkFields {
    type Error = ApiError;

    /// Checks what the validator cannot: the exercise exists and the title is not blank.
    fn try_from(body: HomeworkRequest) -> Result<Self, ApiError> {
        if let Some(key) = &body.exercise_key
            && exercises::find(key).is_none()
        {
            return Err(ApiError::field(
                "exercise_key",
                "is not a built-in exercise",
            ));
        }
        let title = body.title.trim().to_owned();
        if title.is_empty() {
            return Err(ApiError::field("title", "must not be blank"));
        }
        Ok(Self {
            title,
            instructions: body.instructions.map(String::from),
            due_at: body
                .due_at
                .map(|due| crate::domain::planned(to_utc_micros(due)))
                .transpose()
                .map_err(|m| ApiError::field("due_at", m))?,
            problem_area: body.problem_area,
            exercise_key: body.exercise_key,
        })
    }
}

/// The client marking an assignment done.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "completed_at": "2026-03-08T20:15:00+01:00",
    "reflection": "Harder than I thought, but she listened.",
    "helpfulness": 7
}))]
pub struct CompletionRequest {
    /// When the client finished it (RFC 3339 with offset).
    pub completed_at: DateTime<FixedOffset>,
    /// The client's reflection on it, free text, at most 4000 characters.
    #[validate(nested)]
    pub reflection: Option<Text<0, 4000>>,
    /// 0–10: how helpful it was.
    #[validate(nested)]
    pub helpfulness: Option<Rating>,
}

/// An assignment, as the therapist and the client see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct HomeworkResponse {
    /// The id.
    pub id: Uuid,
    /// Short title.
    pub title: String,
    /// What the client is asked to do.
    pub instructions: Option<String>,
    /// When it is due, in UTC; null without a due time.
    pub due_at: Option<DateTime<Utc>>,
    /// The IPT problem area it works on.
    pub problem_area: Option<ProblemArea>,
    /// Key of a built-in exercise to practise for it.
    pub exercise_key: Option<String>,
    /// Where the assignment stands.
    pub status: HomeworkStatus,
    /// When the client finished it, in UTC; null until completed.
    pub completed_at: Option<DateTime<Utc>>,
    /// Completed by the due time (`null` until completed, or without a due time).
    pub completed_on_time: Option<bool>,
    /// The client's reflection, written on completing it.
    pub reflection: Option<String>,
    /// How helpful the client found it, 0–10.
    pub helpfulness: Option<i32>,
    /// When the therapist assigned it.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<&homework::Model> for HomeworkResponse {
    fn from(row: &homework::Model) -> Self {
        Self {
            id: row.id.uuid(),
            title: row.title.clone(),
            instructions: row.instructions.clone(),
            due_at: row.due_at,
            problem_area: row.problem_area,
            exercise_key: row.exercise_key.clone(),
            status: row.status.into(),
            completed_at: row.completed_at,
            completed_on_time: row
                .completed_at
                .zip(row.due_at)
                .map(|(done, due)| done <= due),
            reflection: row.reflection.clone(),
            helpfulness: row.helpfulness,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// `?status&limit&cursor`.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HomeworkListParams {
    /// Only homework in this status.
    pub status: Option<HomeworkStatus>,
}

impl TryFrom<CompletionRequest> for Completion {
    type Error = ApiError;

    fn try_from(body: CompletionRequest) -> Result<Self, ApiError> {
        let helpfulness = body
            .helpfulness
            .map(Score0To10::parse)
            .transpose()
            .map_err(|m| ApiError::field("helpfulness", m))?
            .map(|s| i32::from(s.get()));
        Ok(Self {
            completed_at: to_utc_micros(body.completed_at),
            reflection: body.reflection.map(String::from),
            helpfulness,
        })
    }
}
