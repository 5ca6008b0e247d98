//! A client as the rules see it: the stored row, with its course of treatment read and checked
//! once. Every date of the client is in its own zone.

use crate::domain::{
    CourseEnd, PlannedSessions, Session, SessionMark, SessionStatus, Timezone, Treatment, sessions,
};
use chrono::{DateTime, NaiveDate, Utc};
use entities::{ClientId, client, course};
use sea_orm::DbErr;

/// A client and its current course of treatment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    row: client::Model,
    course: course::Model,
    treatment: Treatment,
}

/// The treatment of a stored course and its session log. Fails (and logs the client's id) when
/// the stored course does not pass the rules it was written under: a silent default would show
/// the client a wrong treatment.
///
/// # Errors
/// `DbErr::Type` for a stored value out of its range.
pub fn treatment_of(
    course: &course::Model,
    row: &client::Model,
    marks: Vec<SessionMark>,
) -> Result<Treatment, DbErr> {
    let out_of_range = |what: &str, reason: &str| {
        tracing::error!(client_id = %course.client_id, course_id = %course.id, what, reason, "stored course does not parse");
        DbErr::Type(format!("course {}: {what} {reason}", course.id))
    };
    let planned_sessions =
        PlannedSessions::for_course(course.kind, i64::from(course.planned_sessions))
            .map_err(|reason| out_of_range("planned_sessions", reason))?;
    let interval_weeks = u8::try_from(course.interval_weeks)
        .ok()
        .filter(|w| (1..=12).contains(w))
        .ok_or_else(|| out_of_range("interval_weeks", "must be between 1 and 12"))?;
    let ended = match (course.ended_on, course.ended_at) {
        (Some(on), Some(_)) => Some(CourseEnd {
            on,
            after_slot: ended_after(course.ended_after_slot)
                .map_err(|reason| out_of_range("ended_after_slot", reason))?,
        }),
        _ => None,
    };
    Ok(Treatment {
        kind: course.kind,
        start_date: course.start_date,
        planned_sessions,
        interval_weeks,
        ended,
        problem_areas: row.problem_areas.areas().to_vec(),
        marks,
    })
}

fn ended_after(raw: Option<i32>) -> Result<u16, &'static str> {
    raw.and_then(|n| u16::try_from(n).ok())
        .ok_or("must be a session number")
}

impl TryFrom<(client::Model, course::Model, Vec<SessionMark>)> for Client {
    type Error = DbErr;

    /// The client from its row, its current course and that course's session log.
    fn try_from(
        (row, course, marks): (client::Model, course::Model, Vec<SessionMark>),
    ) -> Result<Self, DbErr> {
        let treatment = treatment_of(&course, &row, marks)?;
        Ok(Self {
            row,
            course,
            treatment,
        })
    }
}

impl Client {
    /// The stored row.
    #[must_use]
    pub fn row(&self) -> &client::Model {
        &self.row
    }

    /// The client's id.
    #[must_use]
    pub fn id(&self) -> ClientId {
        self.row.id
    }

    /// The id of the client's current course (the first course's id is the client's own).
    #[must_use]
    pub fn course_id(&self) -> uuid::Uuid {
        self.course.id
    }

    /// The client's current course as stored.
    #[must_use]
    pub fn course(&self) -> &course::Model {
        &self.course
    }

    /// The client's zone.
    #[must_use]
    pub fn timezone(&self) -> Timezone {
        self.row.timezone
    }

    /// The course of treatment.
    #[must_use]
    pub fn treatment(&self) -> &Treatment {
        &self.treatment
    }

    /// Today's date in the client's zone.
    #[must_use]
    pub fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.row.timezone.tz()).date_naive()
    }

    /// The dates of the sessions that take their place in the course, first to last.
    #[must_use]
    pub fn session_dates(&self) -> Vec<NaiveDate> {
        self.treatment
            .schedule()
            .into_iter()
            .map(|(_, date)| date)
            .collect()
    }

    /// Every session of the course at `now` (see `docs/treatment.md`).
    #[must_use]
    pub fn sessions(&self, now: DateTime<Utc>) -> Vec<Session> {
        sessions(
            &self.treatment,
            self.row.timezone.tz(),
            self.row.session_time,
            now,
        )
    }

    /// Sessions held by `now`, marked or presumed.
    #[must_use]
    pub fn sessions_held(&self, now: DateTime<Utc>) -> u16 {
        let held = self
            .sessions(now)
            .iter()
            .filter(|s| s.status == SessionStatus::Held)
            .count();
        u16::try_from(held).unwrap_or(u16::MAX)
    }

    /// When the next session is, if one is still to come.
    #[must_use]
    pub fn next_session_at(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.sessions(now)
            .iter()
            .filter(|s| s.status == SessionStatus::Planned && s.scheduled_for > now)
            .map(|s| s.scheduled_for)
            .min()
    }

    /// The same client with `marks` as its session log (after a mark was written).
    #[must_use]
    pub fn with_marks(mut self, marks: Vec<SessionMark>) -> Self {
        self.treatment.marks = marks;
        self
    }
}
