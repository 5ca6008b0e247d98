//! The courses feature's domain types: a course as a therapist starts it.

use crate::domain::{CourseKind, LocalTimeOfDay, PlannedSessions};
use chrono::NaiveDate;

/// A course as a therapist starts it (already checked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCourse {
    /// Acute or maintenance.
    pub kind: CourseKind,
    /// The first session's date, in the client's zone.
    pub start_date: NaiveDate,
    /// How many sessions (8–24 acute, 1–24 maintenance).
    pub planned_sessions: PlannedSessions,
    /// Weeks between sessions (1 for acute).
    pub interval_weeks: u8,
    /// The session time, if it changes.
    pub session_time: Option<LocalTimeOfDay>,
}
