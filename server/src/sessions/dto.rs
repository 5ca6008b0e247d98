//! Sessions as the API shows them, and parsing a therapist's mark.

use super::service::SessionChange;
use crate::domain::{Phase, Session, SessionStatus, to_utc_micros};
use crate::error::ApiError;
use chrono::{DateTime, FixedOffset, Utc};
use entities::CheckinId;
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
}

impl TryFrom<SessionRequest> for SessionChange {
    type Error = ApiError;

    fn try_from(body: SessionRequest) -> Result<Self, ApiError> {
        if body.held_at.is_some() && body.status != SessionStatus::Held {
            return Err(ApiError::field("held_at", "is only for a held session"));
        }
        Ok(Self {
            status: body.status,
            held_at: body.held_at.map(to_utc_micros),
            scheduled_for: body.scheduled_for.map(to_utc_micros),
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
}

impl SessionResponse {
    /// A session, its phase and its measure.
    #[must_use]
    pub fn of(session: &Session, phase: Phase, measure: Option<CheckinId>) -> Self {
        Self {
            number: session.number,
            scheduled_for: session.scheduled_for,
            status: session.status,
            confirmed: session.confirmed,
            held_at: session.held_at,
            phase,
            measure_checkin_id: measure.map(CheckinId::uuid),
        }
    }
}
