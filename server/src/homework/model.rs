//! The homework feature's domain types: what a therapist sets on an assignment and what the
//! client says when completing it.

use chrono::{DateTime, Utc};
use entities::{ProblemArea, homework};

/// What a therapist sets on an assignment (already validated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HomeworkFields {
    pub title: String,
    pub instructions: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
    pub problem_area: Option<ProblemArea>,
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

impl Completion {
    /// Whether `row` holds this completion (a retry of it, not another one).
    pub(super) fn stored_in(&self, row: &homework::Model) -> bool {
        row.completed_at == Some(self.completed_at)
            && row.reflection == self.reflection
            && row.helpfulness == self.helpfulness
    }
}
