//! A course of IPT: weekly sessions from a start date, and the phase it is in.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Number of planned weekly sessions, 8–24.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlannedSessions(u8);

impl PlannedSessions {
    /// The most common course length.
    pub const TYPICAL: Self = Self(12);

    /// # Errors
    /// Outside 8–24.
    pub fn parse(raw: i64) -> Result<Self, &'static str> {
        u8::try_from(raw)
            .ok()
            .filter(|n| (8..=24).contains(n))
            .map(Self)
            .ok_or("must be between 8 and 24")
    }

    /// The number of sessions, 8–24.
    #[must_use]
    pub fn get(self) -> u8 {
        self.0
    }
}

pub use entities::ProblemArea;

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

/// One course of weekly sessions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Treatment {
    /// The first session's date, in the client's zone.
    pub start_date: NaiveDate,
    /// How many weekly sessions are planned.
    pub planned_sessions: PlannedSessions,
    /// The IPT problem areas the work focuses on; may be empty.
    pub problem_areas: Vec<ProblemArea>,
}

impl Treatment {
    /// The last session's day: `start_date + 7 × (planned_sessions − 1)`.
    #[must_use]
    pub fn end_date(&self) -> NaiveDate {
        let days = 7 * (u64::from(self.planned_sessions.get()) - 1);
        self.start_date
            .checked_add_days(Days::new(days))
            .unwrap_or(NaiveDate::MAX)
    }

    /// The current session number, `floor((today − start) / 7) + 1` (0 or less before the start).
    #[must_use]
    pub fn session_number(&self, today: NaiveDate) -> i64 {
        (today - self.start_date).num_days().div_euclid(7) + 1
    }

    /// The phase on `today` (a date in the client's zone).
    #[must_use]
    pub fn phase(&self, today: NaiveDate) -> Phase {
        if today > self.end_date() {
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
        Treatment {
            start_date: date(start),
            planned_sessions: PlannedSessions::parse(sessions).expect("valid"),
            problem_areas: vec![],
        }
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
        assert_eq!(t.session_number(date("2026-01-04")), 0);
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
}
