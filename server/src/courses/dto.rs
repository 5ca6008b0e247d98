//! Request and response bodies of `/api/v1/clients/{client_id}/courses`.

use super::model::NewCourse;
use crate::aggregate::Client;
use crate::domain::{CourseKind, LocalTimeOfDay, PlannedSessions};
use crate::error::ApiError;
use entities::course::EndReason;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// A course as the therapist starts it, after the current one ended.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCourseRequest {
    /// `maintenance` (sessions every few weeks after an acute course) or `acute` (another
    /// weekly course, e.g. after a relapse).
    pub kind: CourseKind,
    /// The first session's date, in the client's zone.
    pub start_date: NaiveDate,
    /// 8–24 for an acute course; 1–24 for maintenance.
    #[schema(minimum = 1, maximum = 24, example = 6)]
    pub planned_sessions: i64,
    /// Weeks between sessions: 1–12 for maintenance (default 4, monthly); an acute course is
    /// weekly and takes only 1.
    #[schema(minimum = 1, maximum = 12, example = 4)]
    pub interval_weeks: Option<u8>,
    /// The session time from now on, `HH:MM` (default: unchanged).
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "10:00")]
    pub session_time: Option<String>,
}

/// Maintenance sessions come monthly unless the therapist says otherwise.
const DEFAULT_MAINTENANCE_INTERVAL: u8 = 4;

impl TryFrom<NewCourseRequest> for NewCourse {
    type Error = ApiError;

    fn try_from(body: NewCourseRequest) -> Result<Self, ApiError> {
        let planned_sessions = PlannedSessions::for_course(body.kind, body.planned_sessions)
            .map_err(|m| ApiError::field("planned_sessions", m))?;
        let interval_weeks = match (body.kind, body.interval_weeks) {
            (CourseKind::Acute, None | Some(1)) => 1,
            (CourseKind::Acute, Some(_)) => {
                return Err(ApiError::field(
                    "interval_weeks",
                    "an acute course is weekly: 1",
                ));
            }
            (CourseKind::Maintenance, None) => DEFAULT_MAINTENANCE_INTERVAL,
            (CourseKind::Maintenance, Some(w)) if (1..=12).contains(&w) => w,
            (CourseKind::Maintenance, Some(_)) => {
                return Err(ApiError::field(
                    "interval_weeks",
                    "must be between 1 and 12",
                ));
            }
        };
        let plausible = NaiveDate::from_ymd_opt(2000, 1, 1)..=NaiveDate::from_ymd_opt(2100, 12, 31);
        if Some(body.start_date) < *plausible.start() || Some(body.start_date) > *plausible.end() {
            return Err(ApiError::field(
                "start_date",
                "must be between 2000 and 2100",
            ));
        }
        let session_time = body
            .session_time
            .as_deref()
            .map(LocalTimeOfDay::parse)
            .transpose()
            .map_err(|m| ApiError::field("session_time", m))?;
        Ok(Self {
            kind: body.kind,
            start_date: body.start_date,
            planned_sessions,
            interval_weeks,
            session_time,
        })
    }
}

/// Why and how the therapist ends a course. Both fields may be left out, as may the whole body
/// (a v1.1 caller): the reason is then `completed` when the course's last planned session was
/// held (marked or presumed), else `other`.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "client_withdrew", "note": "Moving abroad; will look for a therapist there."}))]
pub struct EndCourseRequest {
    /// Why the course ends.
    pub reason: Option<EndReason>,
    /// The therapist's note on the ending, at most 2000 characters.
    #[validate(nested)]
    pub note: Option<crate::wire::Text<0, 2000>>,
}

/// One course of the client.
#[derive(Debug, Serialize, ToSchema)]
pub struct CourseResponse {
    /// The course's id (the first course's is the client's own).
    pub id: Uuid,
    /// 1 for the first course, one more for each after it.
    #[schema(minimum = 1)]
    pub number: i32,
    /// Acute or maintenance.
    pub kind: CourseKind,
    /// The first session's date, in the client's zone.
    pub start_date: NaiveDate,
    /// Sessions planned.
    pub planned_sessions: u8,
    /// Weeks between sessions.
    pub interval_weeks: u8,
    /// The last session's day as now scheduled (or as held, for a course ended early).
    pub end_date: NaiveDate,
    /// When the therapist ended it; `null` if they did not (it may still be over by date).
    pub ended_at: Option<DateTime<Utc>>,
    /// Whether it is over: ended, or past its last session's day.
    pub over: bool,
    /// Whether it is the client's current course (the last one).
    pub current: bool,
    /// Sessions held, marked or presumed.
    pub sessions_held: u16,
    /// Why it ended: what the therapist recorded, else (for a course over by date, or ended
    /// before reasons were recorded) `completed` when its last planned session was held,
    /// marked or presumed, and `other` when not; `null` while it goes on.
    pub end_reason: Option<EndReason>,
    /// The therapist's note on the ending.
    pub end_note: Option<String>,
    /// Whether the therapist discussed the sick role with the client (the initial phase).
    pub sick_role_discussed: bool,
}

impl CourseResponse {
    /// A course of the client (a `Client` viewed at that course), at `now`.
    #[must_use]
    pub fn of(at_course: &Client, now: DateTime<Utc>, current: bool) -> Self {
        let course = at_course.course();
        let treatment = at_course.treatment();
        Self {
            id: course.id,
            number: course.number,
            kind: course.kind,
            start_date: treatment.start_date,
            planned_sessions: treatment.planned_sessions.get(),
            interval_weeks: treatment.interval_weeks,
            end_date: treatment.end_date(),
            ended_at: course.ended_at,
            over: treatment.is_over(at_course.today(now)),
            current,
            sessions_held: at_course.sessions_held(now),
            end_reason: course.end_reason.or_else(|| {
                treatment
                    .is_over(at_course.today(now))
                    .then(|| super::service::presumed_end_reason(at_course, now))
            }),
            end_note: course.end_note.clone(),
            sick_role_discussed: course.sick_role_discussed,
        }
    }
}

/// A course as written: what the therapist set, not what follows from the date.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CourseRecord {
    /// The course's id.
    pub id: Uuid,
    /// 1 for the first course, one more for each after it.
    #[schema(minimum = 1)]
    pub number: i32,
    /// Acute or maintenance.
    pub kind: crate::domain::CourseKind,
    /// The first session's date, in the client's zone.
    pub start_date: chrono::NaiveDate,
    /// Sessions planned.
    #[schema(minimum = 1, maximum = 24)]
    pub planned_sessions: i32,
    /// Weeks between sessions.
    #[schema(minimum = 1, maximum = 12)]
    pub interval_weeks: i32,
    /// When the therapist ended it; null if not.
    pub ended_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The last session slot kept when it was ended (later ones are dropped); null if not ended.
    pub ended_after_slot: Option<i32>,
    /// Why the therapist ended it; null if not ended (or ended before reasons were recorded).
    pub end_reason: Option<EndReason>,
    /// The therapist's note on the ending.
    pub end_note: Option<String>,
    /// Whether the therapist discussed the sick role with the client (the initial phase).
    pub sick_role_discussed: bool,
}
