//! A course of IPT: weekly sessions from a start date, and the phase it is in.

use super::sessions::{SessionMark, slot_count, slot_date};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Number of planned weekly sessions, 8–24.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlannedSessions(u8);

impl PlannedSessions {
    /// The most common course length.
    pub const TYPICAL: Self = Self(12);

    /// The length of an acute course.
    ///
    /// # Errors
    /// Outside 8–24.
    pub fn parse(raw: i64) -> Result<Self, &'static str> {
        Self::for_course(CourseKind::Acute, raw)
    }

    /// The length of a course of `kind`: 8–24 weekly sessions for an acute course, 1–24 for
    /// maintenance.
    ///
    /// # Errors
    /// Outside that range.
    pub fn for_course(kind: CourseKind, raw: i64) -> Result<Self, &'static str> {
        let (range, message) = match kind {
            CourseKind::Acute => (8..=24, "must be between 8 and 24"),
            CourseKind::Maintenance => (1..=24, "must be between 1 and 24"),
        };
        u8::try_from(raw)
            .ok()
            .filter(|n| range.contains(n))
            .map(Self)
            .ok_or(message)
    }

    /// The number of sessions, 8–24.
    #[must_use]
    pub fn get(self) -> u8 {
        self.0
    }
}

pub use entities::ProblemArea;
pub use entities::course::CourseKind;

/// How a course the therapist ended ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CourseEnd {
    /// The day it was ended, in the client's zone.
    pub on: NaiveDate,
    /// The last session slot whose time had passed then (0: none); later slots are dropped.
    pub after_slot: u16,
}

/// Where a client is in treatment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Sessions 1–3 (and before the start): inventory, psychoeducation, problem area.
    Initial,
    /// Sessions 4 to N−3: working on the problem area.
    Middle,
    /// The last three sessions: preparing for the end.
    Termination,
    /// After the last session's day.
    Ended,
}

/// One course of sessions: weekly in an acute course, every few weeks in maintenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Treatment {
    /// Acute or maintenance.
    pub kind: CourseKind,
    /// The first session's date, in the client's zone.
    pub start_date: NaiveDate,
    /// How many sessions are planned.
    pub planned_sessions: PlannedSessions,
    /// Weeks from one session to the next: 1 in an acute course.
    pub interval_weeks: u8,
    /// Set when the therapist ended the course.
    pub ended: Option<CourseEnd>,
    /// The IPT problem areas the work focuses on; may be empty.
    pub problem_areas: Vec<ProblemArea>,
    /// What the therapist recorded in the session log (empty: nobody logged the course).
    pub marks: Vec<SessionMark>,
}

impl Treatment {
    /// A weekly acute course from `start_date`, nothing logged.
    #[must_use]
    pub fn acute(start_date: NaiveDate, planned_sessions: PlannedSessions) -> Self {
        Self {
            kind: CourseKind::Acute,
            start_date,
            planned_sessions,
            interval_weeks: 1,
            ended: None,
            problem_areas: Vec::new(),
            marks: Vec::new(),
        }
    }

    /// The number of session slots: the planned ones, one more for each cancelled or missed
    /// session, and, in a course the therapist ended, none after the last that had passed.
    #[must_use]
    pub fn slots(&self) -> u16 {
        let all = slot_count(u16::from(self.planned_sessions.get()), &self.marks);
        self.ended.map_or(all, |end| all.min(end.after_slot))
    }

    /// The number and date of every session that takes its place in the course (not cancelled
    /// or missed), by number.
    #[must_use]
    pub fn schedule(&self) -> Vec<(u16, NaiveDate)> {
        (1..=self.slots())
            .filter(|n| {
                self.marks
                    .iter()
                    .find(|m| m.number == *n)
                    .is_none_or(|m| m.status.counts())
            })
            .map(|n| {
                let date = slot_date(self.start_date, self.interval_weeks, n, &self.marks);
                (n, date)
            })
            .collect()
    }

    /// The last session's day as now scheduled; unlogged, `start_date + 7 × (planned − 1)`.
    /// A course ended before any session took place ends on the day it was ended.
    #[must_use]
    pub fn end_date(&self) -> NaiveDate {
        self.schedule()
            .into_iter()
            .map(|(_, date)| date)
            .max()
            .or(self.ended.map(|end| end.on))
            .unwrap_or(self.start_date)
    }

    /// Whether the course is over on `today`: the therapist ended it, or its last session's
    /// day has passed.
    #[must_use]
    pub fn is_over(&self, today: NaiveDate) -> bool {
        today > self.end_date() || self.ended.is_some_and(|end| today >= end.on)
    }

    /// The current session number: the sessions that count dated on or before `today`, at
    /// least 1. Unlogged, `floor((today − start) / 7) + 1` for every day of the course.
    #[must_use]
    pub fn session_number(&self, today: NaiveDate) -> i64 {
        let held = self
            .schedule()
            .into_iter()
            .filter(|(_, date)| *date <= today)
            .count();
        i64::try_from(held).unwrap_or(i64::MAX).max(1)
    }

    /// The phase on `today` (a date in the client's zone). The phases are those of the acute
    /// course: in maintenance, the acute treatment has ended.
    #[must_use]
    pub fn phase(&self, today: NaiveDate) -> Phase {
        if self.kind == CourseKind::Maintenance || self.is_over(today) {
            return Phase::Ended;
        }
        let n = self.session_number(today);
        if n <= 3 {
            Phase::Initial
        } else if n > i64::from(self.planned_sessions.get()) - 3 {
            Phase::Termination
        } else {
            Phase::Middle
        }
    }

    /// Whole weeks left: `max(0, ceil((end_date − today) / 7))`.
    #[must_use]
    pub fn weeks_remaining(&self, today: NaiveDate) -> i64 {
        let days = (self.end_date() - today).num_days();
        if days <= 0 { 0 } else { (days + 6) / 7 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    fn course(start: &str, sessions: i64) -> Treatment {
        Treatment::acute(
            date(start),
            PlannedSessions::parse(sessions).expect("valid"),
        )
    }

    fn marked(number: u16, status: crate::domain::SessionStatus) -> SessionMark {
        SessionMark {
            number,
            status,
            held_at: None,
            moved_to: None,
        }
    }

    #[test]
    fn unlogged_the_session_number_is_v1s_on_every_day_of_the_course() {
        let t = course("2026-01-05", 12);
        let mut day = date("2026-01-05");
        while day <= t.end_date() {
            let v1 = (day - t.start_date).num_days().div_euclid(7) + 1;
            assert_eq!(t.session_number(day), v1, "{day}");
            day = day.succ_opt().expect("a next day");
        }
        assert_eq!(t.session_number(date("2025-12-01")), 1, "before the start");
    }

    #[test]
    fn a_cancelled_session_moves_the_end_a_week_and_keeps_the_phase_honest() {
        use crate::domain::SessionStatus::{Cancelled, Held, NoShow};
        let mut t = course("2026-01-05", 12);
        t.marks = vec![marked(3, Cancelled)];
        assert_eq!(t.end_date(), date("2026-03-30"));
        // On the old last day, 11 sessions have been held: still termination, not ended.
        assert_eq!(t.session_number(date("2026-03-23")), 11);
        assert_eq!(t.phase(date("2026-03-23")), Phase::Termination);
        assert_eq!(t.phase(date("2026-03-31")), Phase::Ended);
        // A missed extra session adds another week; marking the first one held takes it back.
        t.marks.push(marked(13, NoShow));
        assert_eq!(t.end_date(), date("2026-04-06"));
        t.marks[0] = marked(3, Held);
        assert_eq!(t.end_date(), date("2026-03-23"));
    }

    #[test]
    fn planned_sessions_outside_eight_to_twenty_four_are_rejected() {
        assert!(PlannedSessions::parse(7).is_err());
        assert!(PlannedSessions::parse(8).is_ok());
        assert!(PlannedSessions::parse(24).is_ok());
        assert!(PlannedSessions::parse(25).is_err());
        assert!(PlannedSessions::parse(-1).is_err());
    }

    #[test]
    fn a_twelve_session_course_ends_eleven_weeks_after_it_starts() {
        assert_eq!(course("2026-01-05", 12).end_date(), date("2026-03-23"));
    }

    #[test]
    fn before_the_start_the_phase_is_initial_with_all_weeks_remaining() {
        let t = course("2026-01-05", 12);
        assert_eq!(t.phase(date("2026-01-01")), Phase::Initial);
        // The session number is at least 1 (v1's formula gave 0 here; the phase is the same).
        assert_eq!(t.session_number(date("2026-01-04")), 1);
        assert_eq!(t.weeks_remaining(date("2026-01-04")), 12);
    }

    #[test]
    fn session_three_is_initial_and_session_four_is_middle() {
        let t = course("2026-01-05", 12);
        assert_eq!(t.phase(date("2026-01-25")), Phase::Initial); // day 20, session 3
        assert_eq!(t.phase(date("2026-01-26")), Phase::Middle); // day 21, session 4
    }

    #[test]
    fn the_last_three_sessions_are_termination() {
        let t = course("2026-01-05", 12);
        // Session 9 starts on day 56 (2 March), session 10 on day 63 (9 March).
        assert_eq!(t.phase(date("2026-03-08")), Phase::Middle);
        assert_eq!(t.phase(date("2026-03-09")), Phase::Termination);
        assert_eq!(t.phase(date("2026-03-23")), Phase::Termination); // the last session's day
        assert_eq!(t.phase(date("2026-03-24")), Phase::Ended);
    }

    #[test]
    fn an_eight_session_course_has_two_middle_sessions() {
        let t = course("2026-01-05", 8);
        assert_eq!(t.phase(date("2026-01-26")), Phase::Middle); // session 4
        assert_eq!(t.phase(date("2026-02-02")), Phase::Middle); // session 5
        assert_eq!(t.phase(date("2026-02-09")), Phase::Termination); // session 6
    }

    #[test]
    fn weeks_remaining_round_up_and_stop_at_zero() {
        let t = course("2026-01-05", 12);
        assert_eq!(t.weeks_remaining(date("2026-03-23")), 0);
        assert_eq!(t.weeks_remaining(date("2026-03-22")), 1);
        assert_eq!(t.weeks_remaining(date("2026-03-16")), 1);
        assert_eq!(t.weeks_remaining(date("2026-03-15")), 2);
        assert_eq!(t.weeks_remaining(date("2026-04-30")), 0);
    }

    #[test]
    fn a_maintenance_course_is_every_few_weeks_and_past_the_acute_phases() {
        let mut t = Treatment::acute(
            date("2026-04-06"),
            PlannedSessions::for_course(CourseKind::Maintenance, 3).expect("valid"),
        );
        t.kind = CourseKind::Maintenance;
        t.interval_weeks = 4;
        assert_eq!(
            t.schedule(),
            vec![
                (1, date("2026-04-06")),
                (2, date("2026-05-04")),
                (3, date("2026-06-01"))
            ]
        );
        assert_eq!(t.phase(date("2026-04-06")), Phase::Ended);
        assert!(!t.is_over(date("2026-06-01")));
        assert!(t.is_over(date("2026-06-02")));
        assert!(PlannedSessions::for_course(CourseKind::Maintenance, 1).is_ok());
        assert!(PlannedSessions::for_course(CourseKind::Acute, 1).is_err());
    }

    #[test]
    fn a_course_ended_early_keeps_the_sessions_that_had_passed() {
        let mut t = course("2026-01-05", 12);
        t.ended = Some(CourseEnd {
            on: date("2026-02-10"),
            after_slot: 6,
        });
        assert_eq!(t.slots(), 6);
        assert_eq!(t.end_date(), date("2026-02-09"));
        assert_eq!(t.phase(date("2026-02-09")), Phase::Middle);
        assert_eq!(t.phase(date("2026-02-10")), Phase::Ended);
        // Ended before any session: it ends on the day it was ended.
        t.ended = Some(CourseEnd {
            on: date("2026-01-02"),
            after_slot: 0,
        });
        assert_eq!(t.end_date(), date("2026-01-02"));
        assert_eq!(t.phase(date("2026-01-02")), Phase::Ended);
    }
}
