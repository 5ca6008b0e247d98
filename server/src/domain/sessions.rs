//! The session log: IPT counts sessions held, not weeks. A course has weekly slots from its start
//! date; the therapist marks only the exceptions (a cancellation, a no-show, a session moved or
//! held at another time). A slot whose time has passed without a mark counts as held, so a
//! course nobody logs keeps the calendar arithmetic of v1. A cancelled or missed session does
//! not use up a session: one more slot is added at the end and the course grows by a week.
//! `docs/treatment.md` defines each computation with worked examples.

use super::{LocalTimeOfDay, Treatment, local_to_utc};
use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Tz;

pub use entities::session_mark::SessionStatus;

/// What the therapist recorded about one session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionMark {
    /// The session's number in the course, from 1.
    pub number: u16,
    /// As marked.
    pub status: SessionStatus,
    /// When it was held, if marked held at another time than scheduled.
    pub held_at: Option<DateTime<Utc>>,
    /// Where it was moved: the instant, and its date in the client's zone then.
    pub moved_to: Option<(DateTime<Utc>, NaiveDate)>,
}

/// One session of the course as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// From 1.
    pub number: u16,
    /// When it is (or was) scheduled.
    pub scheduled_for: DateTime<Utc>,
    /// Its date in the client's zone.
    pub date: NaiveDate,
    /// Planned, held (marked or presumed), cancelled or missed.
    pub status: SessionStatus,
    /// Whether the therapist marked it (false: presumed from the calendar).
    pub confirmed: bool,
    /// When it was held (the scheduled time unless marked otherwise).
    pub held_at: Option<DateTime<Utc>>,
}

/// The slots of a course: the planned ones, plus one for each cancelled or missed session.
/// Never more than three times the planned number (a guard, not a rule anyone meets).
#[must_use]
pub fn slot_count(planned: u16, marks: &[SessionMark]) -> u16 {
    let limit = planned.saturating_mul(3);
    let mut total = planned;
    let mut k = 1;
    while k <= total && total < limit {
        if marks.iter().any(|m| m.number == k && !m.status.counts()) {
            total += 1;
        }
        k += 1;
    }
    total
}

/// The date of slot `number`: where it was moved, else every `interval_weeks` weeks from
/// `start` (weekly in an acute course).
#[must_use]
pub fn slot_date(
    start: NaiveDate,
    interval_weeks: u8,
    number: u16,
    marks: &[SessionMark],
) -> NaiveDate {
    marks
        .iter()
        .find(|m| m.number == number)
        .and_then(|m| m.moved_to.map(|(_, date)| date))
        .unwrap_or_else(|| {
            let weeks = u64::from(interval_weeks) * u64::from(number.saturating_sub(1));
            start
                .checked_add_days(Days::new(7 * weeks))
                .unwrap_or(NaiveDate::MAX)
        })
}

/// Every session of the course at `now`, by number. A course the therapist ended keeps only
/// the slots up to the last one whose time had passed then.
#[must_use]
pub fn sessions(
    treatment: &Treatment,
    tz: Tz,
    session_time: LocalTimeOfDay,
    now: DateTime<Utc>,
) -> Vec<Session> {
    let marks = &treatment.marks;
    (1..=treatment.slots())
        .map(|number| {
            let mark = marks.iter().find(|m| m.number == number);
            let date = slot_date(
                treatment.start_date,
                treatment.interval_weeks,
                number,
                marks,
            );
            let scheduled_for = mark
                .and_then(|m| m.moved_to.map(|(at, _)| at))
                .unwrap_or_else(|| local_to_utc(tz, date.and_time(session_time.time())));
            let passed = scheduled_for <= now;
            let (status, confirmed) = match mark.map(|m| m.status) {
                Some(SessionStatus::Planned) | None if passed => (SessionStatus::Held, false),
                Some(SessionStatus::Held) => (SessionStatus::Held, true),
                Some(status) => (status, true),
                None => (SessionStatus::Planned, false),
            };
            let held_at = (status == SessionStatus::Held)
                .then(|| mark.and_then(|m| m.held_at).unwrap_or(scheduled_for));
            Session {
                number,
                scheduled_for,
                date,
                status,
                confirmed,
                held_at,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::PlannedSessions;

    fn date(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("an instant")
    }

    fn mark(number: u16, status: SessionStatus) -> SessionMark {
        SessionMark {
            number,
            status,
            held_at: None,
            moved_to: None,
        }
    }

    const TEN: LocalTimeOfDay = LocalTimeOfDay::hm(10, 0);

    fn sessions(
        start: NaiveDate,
        planned: i64,
        marks: &[SessionMark],
        tz: Tz,
        time: LocalTimeOfDay,
        now: DateTime<Utc>,
    ) -> Vec<Session> {
        let mut treatment =
            Treatment::acute(start, PlannedSessions::parse(planned).expect("valid"));
        treatment.marks = marks.to_vec();
        super::sessions(&treatment, tz, time, now)
    }

    #[test]
    fn an_unlogged_course_is_weekly_and_presumed_held_once_each_time_passes() {
        let list = sessions(
            date("2026-01-05"),
            12,
            &[],
            chrono_tz::Europe::Berlin,
            TEN,
            at("2026-01-12T09:30:00Z"),
        );
        assert_eq!(list.len(), 12);
        assert_eq!(list[1].date, date("2026-01-12"));
        assert_eq!(list[1].scheduled_for, at("2026-01-12T09:00:00Z"));
        assert_eq!(list[0].status, SessionStatus::Held);
        assert!(!list[0].confirmed);
        assert_eq!(
            list[1].status,
            SessionStatus::Held,
            "10:00 Berlin is 09:00 UTC"
        );
        assert_eq!(list[2].status, SessionStatus::Planned);
        assert_eq!(list[11].date, date("2026-03-23"));
    }

    #[test]
    fn each_cancelled_or_missed_session_adds_a_slot_at_the_end() {
        let marks = [
            mark(3, SessionStatus::Cancelled),
            mark(5, SessionStatus::NoShow),
        ];
        assert_eq!(slot_count(12, &marks), 14);
        // A cancelled extra slot adds another.
        let marks = [
            mark(12, SessionStatus::Cancelled),
            mark(13, SessionStatus::Cancelled),
        ];
        assert_eq!(slot_count(12, &marks), 14);
        assert_eq!(slot_count(12, &[]), 12);
    }

    #[test]
    fn a_moved_session_keeps_its_number_and_the_others_their_weeks() {
        let moved = SessionMark {
            moved_to: Some((at("2026-01-14T15:00:00Z"), date("2026-01-14"))),
            ..mark(2, SessionStatus::Planned)
        };
        let list = sessions(
            date("2026-01-05"),
            12,
            &[moved],
            chrono_tz::UTC,
            TEN,
            at("2026-01-13T00:00:00Z"),
        );
        assert_eq!(list[1].date, date("2026-01-14"));
        assert_eq!(list[1].status, SessionStatus::Planned);
        assert_eq!(list[2].date, date("2026-01-19"));
    }

    #[test]
    fn a_marked_session_is_confirmed_and_keeps_when_it_was_held() {
        let held = SessionMark {
            held_at: Some(at("2026-01-05T11:00:00Z")),
            ..mark(1, SessionStatus::Held)
        };
        let list = sessions(
            date("2026-01-05"),
            8,
            &[held],
            chrono_tz::UTC,
            TEN,
            at("2026-01-06T00:00:00Z"),
        );
        assert!(list[0].confirmed);
        assert_eq!(list[0].held_at, Some(at("2026-01-05T11:00:00Z")));
    }
}
