//! Relapse reviews and episodes as the API shows them.

use crate::wire::Text;
use chrono::{DateTime, Utc};
use entities::relapse_review::{self, ReviewAction};
use entities::relapse_episode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// What the therapist decided after a possible or likely relapse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RelapseAction {
    /// One or a few maintenance (booster) sessions.
    BoosterSession,
    /// Another acute course.
    NewCourse,
    /// Referred to another service.
    Referred,
    /// Watching, nothing else for now.
    Monitor,
    /// Something else (say what in `note`).
    Other,
}

impl From<RelapseAction> for ReviewAction {
    fn from(action: RelapseAction) -> Self {
        match action {
            RelapseAction::BoosterSession => Self::BoosterSession,
            RelapseAction::NewCourse => Self::NewCourse,
            RelapseAction::Referred => Self::Referred,
            RelapseAction::Monitor => Self::Monitor,
            RelapseAction::Other => Self::Other,
        }
    }
}

impl From<ReviewAction> for RelapseAction {
    fn from(action: ReviewAction) -> Self {
        match action {
            ReviewAction::BoosterSession => Self::BoosterSession,
            ReviewAction::NewCourse => Self::NewCourse,
            ReviewAction::Referred => Self::Referred,
            ReviewAction::Monitor => Self::Monitor,
            ReviewAction::Other => Self::Other,
        }
    }
}

/// A relapse review as the therapist records it.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"action": "booster_session", "note": "Two booster sessions from next week."}))]
pub struct RelapseReviewRequest {
    /// What was decided.
    pub action: RelapseAction,
    /// The therapist's note, at most 2000 characters.
    #[validate(nested)]
    pub note: Option<Text<0, 2000>>,
}

/// A recorded relapse review.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelapseReviewResponse {
    /// The review's id.
    pub id: Uuid,
    /// What was decided.
    pub action: RelapseAction,
    /// The therapist's note, if any.
    pub note: Option<String>,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// The therapist who recorded it.
    pub recorded_by: Uuid,
    /// The likely-relapse episode it ended; `null` when none was open.
    pub episode_id: Option<Uuid>,
}

impl From<relapse_review::Model> for RelapseReviewResponse {
    fn from(row: relapse_review::Model) -> Self {
        Self {
            id: row.id.uuid(),
            action: row.action.into(),
            note: row.note,
            recorded_at: row.recorded_at,
            recorded_by: row.therapist_id.uuid(),
            episode_id: row.episode_id.map(|e| e.uuid()),
        }
    }
}

/// A likely relapse: two PHQ-9 totals of 10 or more at least 14 days apart after the acute
/// course ended.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelapseEpisodeResponse {
    /// The episode's id (also the e-mail's Message-ID).
    pub id: Uuid,
    /// The check-in of the first total of 10 or more.
    pub first_checkin_id: Uuid,
    /// The check-in of the total of 10 or more at least 14 days later.
    pub second_checkin_id: Uuid,
    /// When the server saw both.
    pub detected_at: DateTime<Utc>,
    /// The review that ended it; `null` while it is open.
    pub review_id: Option<Uuid>,
    /// When that review was recorded.
    pub reviewed_at: Option<DateTime<Utc>>,
    /// When the therapist was e-mailed about it; `null` until then (or without e-mail).
    pub notified_at: Option<DateTime<Utc>>,
}

impl From<relapse_episode::Model> for RelapseEpisodeResponse {
    fn from(row: relapse_episode::Model) -> Self {
        Self {
            id: row.id.uuid(),
            first_checkin_id: row.first_checkin_id.uuid(),
            second_checkin_id: row.second_checkin_id.uuid(),
            detected_at: row.detected_at,
            review_id: row.review_id.map(|r| r.uuid()),
            reviewed_at: row.reviewed_at,
            notified_at: row.sent_at,
        }
    }
}

/// The relapse watch of a client: its episodes and reviews, oldest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelapseWatchResponse {
    /// Every likely-relapse episode, oldest first.
    pub episodes: Vec<RelapseEpisodeResponse>,
    /// Every relapse review, oldest first.
    pub reviews: Vec<RelapseReviewResponse>,
}
