//! The session log's domain types: what a therapist records about one session.

use crate::domain::SessionStatus;
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// What a therapist records about one session (already parsed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionChange {
    /// As marked.
    pub status: SessionStatus,
    /// When it was held, if not at its scheduled time.
    pub held_at: Option<DateTime<Utc>>,
    /// Where it moves.
    pub scheduled_for: Option<DateTime<Utc>>,
    /// Goals rated at the session: goal id and rating 0–10.
    pub goal_ratings: Vec<(Uuid, u8)>,
}
