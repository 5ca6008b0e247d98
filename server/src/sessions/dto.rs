//! Sessions as the API shows them, and parsing a therapist's mark.

use super::model::SessionChange;
use crate::domain::{Phase, Rating, Score0To10, Session, SessionStatus, to_utc_micros};
use crate::error::ApiError;
use chrono::{DateTime, FixedOffset, Utc};
use entities::{CheckinId, goal_rating};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// What a therapist records about one session.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionRequest {
    /// `held`, `cancelled`, `no_show`, or `planned` (with `scheduled_for`: moved).
    pub status: SessionStatus,
    /// When it was held, if not at its scheduled time (only with `held`).
    pub held_at: Option<DateTime<FixedOffset>>,
    /// Moves the session to this time; the other sessions keep their weeks.
    pub scheduled_for: Option<DateTime<FixedOffset>>,
    /// Progress ratings of the formulation's goals at this session (only with `held`); a
    /// goal rated again at the same session keeps the later rating.
    #[serde(default)]
    #[validate(length(max = 10, message = "must have at most 10 ratings"))]
    #[schema(max_items = 10)]
    #[validate(nested)]
    pub goal_ratings: Vec<GoalRatingBody>,
}

/// A goal's progress at a session.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct GoalRatingBody {
    /// A goal of the client's formulation.
    pub goal_id: Uuid,
    /// 0 (no progress) to 10 (reached).
    #[validate(nested)]
    pub rating: Rating,
}

impl TryFrom<SessionRequest> for SessionChange {
    type Error = ApiError;

    fn try_from(body: SessionRequest) -> Result<Self, ApiError> {
        if body.held_at.is_some() && body.status != SessionStatus::Held {
            return Err(ApiError::field("held_at", "is only for a held session"));
        }
        if !body.goal_ratings.is_empty() && body.status != SessionStatus::Held {
            return Err(ApiError::field(
                "goal_ratings",
                "is only for a held session",
            ));
        }
        Ok(Self {
            status: body.status,
            held_at: body.held_at.map(to_utc_micros),
            scheduled_for: body
                .scheduled_for
                .map(|at| crate::domain::planned(to_utc_micros(at)))
                .transpose()
                .map_err(|m| ApiError::field("scheduled_for", m))?,
            goal_ratings: body
                .goal_ratings
                .into_iter()
                .enumerate()
                .map(|(i, r)| {
                    Score0To10::parse(r.rating)
                        .map(|s| (r.goal_id, s.get()))
                        .map_err(|m| ApiError::field(format!("goal_ratings[{i}].rating"), m))
                })
                .collect::<Result<_, _>>()?,
        })
    }
}

/// One session of the client's course.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionResponse {
    /// The session's number in the course, from 1 (cancelled and missed ones keep theirs).
    pub number: u16,
    /// When it is, or was, scheduled.
    pub scheduled_for: DateTime<Utc>,
    /// Planned, held (marked, or presumed once its time passed), cancelled or missed.
    pub status: SessionStatus,
    /// Whether the therapist marked it; `false` when presumed from the calendar.
    pub confirmed: bool,
    /// When it was held; `null` unless held.
    pub held_at: Option<DateTime<Utc>>,
    /// The phase of the course on the session's date.
    pub phase: Phase,
    /// The check-in with a PHQ-9 in the 3 days before the session that measures it, if any.
    pub measure_checkin_id: Option<Uuid>,
    /// The goals rated at this session.
    pub goal_ratings: Vec<GoalRatingBody>,
}

impl SessionResponse {
    /// A session, its phase and its measure.
    #[must_use]
    pub fn of(
        session: &Session,
        phase: Phase,
        measure: Option<CheckinId>,
        ratings: &[goal_rating::Model],
    ) -> Self {
        Self {
            number: session.number,
            scheduled_for: session.scheduled_for,
            status: session.status,
            confirmed: session.confirmed,
            held_at: session.held_at,
            phase,
            measure_checkin_id: measure.map(CheckinId::uuid),
            goal_ratings: ratings
                .iter()
                .filter(|r| r.session_number == i32::from(session.number))
                .map(|r| GoalRatingBody {
                    goal_id: r.goal_id,
                    rating: Rating::from(i64::from(r.rating)),
                })
                .collect(),
        }
    }
}

/// One session's mark as the therapist wrote it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionMarkRecord {
    /// The course it belongs to.
    pub course_id: Uuid,
    /// The session's number in the course.
    #[schema(minimum = 1)]
    pub number: i32,
    /// As marked.
    pub status: crate::domain::SessionStatus,
    /// When it was held, if at another time than scheduled.
    pub held_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Where it was moved, if it was.
    pub scheduled_for: Option<chrono::DateTime<chrono::Utc>>,
}
