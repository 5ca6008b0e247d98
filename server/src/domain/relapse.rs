//! Watching for relapse after an acute course: pure rules over the client's PHQ-9 totals, so
//! the dashboard (which names the reasons) and the check-in write (which opens the episode a
//! therapist is e-mailed about) judge alike. `docs/adherence.md` gives the rules and their
//! sources.

use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Tz;

/// A PHQ-9 total and when it was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Phq9Point {
    /// When the client answered it.
    pub recorded_at: DateTime<Utc>,
    /// The total, 0–27.
    pub total: i32,
}

/// After the acute course, a PHQ-9 total at least this high signals a possible relapse (the
/// usual cut-off for depression, Kroenke et al. 2001).
pub const RELAPSE_PHQ9: i32 = 10;
/// After the acute course, a rise of at least this many points over the end-of-treatment score
/// signals a possible relapse (the clinically meaningful change, Löwe et al. 2004).
pub const RELAPSE_RISE: i32 = 5;
/// The end-of-treatment score is the newest PHQ-9 in this many days up to the course's end,
/// or else the first in this many days after it.
pub const END_SCORE_DAYS: u64 = 14;
/// Two totals of [`RELAPSE_PHQ9`] or more at least this many days apart make a relapse likely
/// (a depressive episode lasts at least two weeks: DSM-5, ICD-11).
pub const RELAPSE_LIKELY_DAYS: i64 = 14;

fn local(p: &Phq9Point, tz: Tz) -> NaiveDate {
    p.recorded_at.with_timezone(&tz).date_naive()
}

/// The end-of-treatment score of an acute course whose last session day (local) is
/// `acute_end`: the newest PHQ-9 in the [`END_SCORE_DAYS`] days up to that day, or, when there
/// is none, the first in the [`END_SCORE_DAYS`] days after it.
#[must_use]
pub fn end_score(points: &[Phq9Point], tz: Tz, acute_end: NaiveDate) -> Option<Phq9Point> {
    let before = acute_end
        .checked_sub_days(Days::new(END_SCORE_DAYS))
        .unwrap_or(acute_end);
    let after = acute_end
        .checked_add_days(Days::new(END_SCORE_DAYS))
        .unwrap_or(acute_end);
    points
        .iter()
        .filter(|p| (before..=acute_end).contains(&local(p, tz)))
        .max_by_key(|p| p.recorded_at)
        .or_else(|| {
            points
                .iter()
                .filter(|p| {
                    let day = local(p, tz);
                    day > acute_end && day <= after
                })
                .min_by_key(|p| p.recorded_at)
        })
        .copied()
}

/// The newest PHQ-9 after the acute course's last session day (`acute_end`, local) when it
/// signals a possible relapse: at least [`RELAPSE_PHQ9`], or at least [`RELAPSE_RISE`] above
/// the end-of-treatment score ([`end_score`]).
#[must_use]
pub fn possible_relapse(points: &[Phq9Point], tz: Tz, acute_end: NaiveDate) -> Option<Phq9Point> {
    let end = end_score(points, tz, acute_end);
    let latest = points
        .iter()
        .filter(|p| local(p, tz) > acute_end)
        .max_by_key(|p| p.recorded_at)?;
    let relapse = latest.total >= RELAPSE_PHQ9
        || end.is_some_and(|end| latest.total >= end.total + RELAPSE_RISE);
    relapse.then_some(*latest)
}

/// Two PHQ-9 totals of at least [`RELAPSE_PHQ9`], at least [`RELAPSE_LIKELY_DAYS`] local days
/// apart, both after the acute course's last session day and recorded after `since` (the last
/// relapse review, which ends an episode): the earliest such pair, when there is one.
#[must_use]
pub fn relapse_likely(
    points: &[Phq9Point],
    tz: Tz,
    acute_end: NaiveDate,
    since: Option<DateTime<Utc>>,
) -> Option<(Phq9Point, Phq9Point)> {
    let mut high: Vec<&Phq9Point> = points
        .iter()
        .filter(|p| p.total >= RELAPSE_PHQ9 && local(p, tz) > acute_end)
        .filter(|p| since.is_none_or(|s| p.recorded_at > s))
        .collect();
    high.sort_by_key(|p| p.recorded_at);
    // The earliest high total has the most later ones to pair with: if it has none, no other
    // has.
    let first = *high.first()?;
    let second = high
        .iter()
        .find(|p| (local(p, tz) - local(first, tz)).num_days() >= RELAPSE_LIKELY_DAYS)?;
    Some((*first, **second))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("an instant")
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    fn series(points: &[(&str, i32)]) -> Vec<Phq9Point> {
        points
            .iter()
            .map(|(t, total)| Phq9Point {
                recorded_at: at(t),
                total: *total,
            })
            .collect()
    }

    const END: &str = "2026-03-23";

    #[test]
    fn the_end_score_is_the_newest_in_the_two_weeks_up_to_the_end() {
        let p = series(&[
            ("2026-03-08T09:00:00Z", 9), // 15 days before: outside
            ("2026-03-09T09:00:00Z", 7), // 14 days before: inside
            ("2026-03-20T09:00:00Z", 4),
            ("2026-03-25T09:00:00Z", 2), // after: not needed
        ]);
        assert_eq!(end_score(&p, Tz::UTC, date(END)).map(|p| p.total), Some(4));
        let p = series(&[("2026-03-08T09:00:00Z", 9), ("2026-03-09T09:00:00Z", 7)]);
        assert_eq!(end_score(&p, Tz::UTC, date(END)).map(|p| p.total), Some(7));
    }

    #[test]
    fn without_one_before_the_end_score_is_the_first_in_the_two_weeks_after() {
        let p = series(&[
            ("2026-03-01T09:00:00Z", 12), // 22 days before: outside
            ("2026-03-26T09:00:00Z", 3),
            ("2026-04-01T09:00:00Z", 6),
        ]);
        assert_eq!(end_score(&p, Tz::UTC, date(END)).map(|p| p.total), Some(3));
        // The 14th day after counts; the 15th does not.
        let p = series(&[("2026-04-06T09:00:00Z", 5)]);
        assert_eq!(end_score(&p, Tz::UTC, date(END)).map(|p| p.total), Some(5));
        let p = series(&[("2026-04-07T09:00:00Z", 5)]);
        assert_eq!(end_score(&p, Tz::UTC, date(END)), None);
    }

    #[test]
    fn a_possible_relapse_is_ten_or_five_above_the_end_score_after_the_end() {
        let total = |p: &[Phq9Point]| possible_relapse(p, Tz::UTC, date(END)).map(|p| p.total);
        // The observed course: 4 at the end, then 8 (4 above), then 11.
        let mut p = series(&[("2026-03-20T09:00:00Z", 4), ("2026-04-20T09:00:00Z", 8)]);
        assert_eq!(total(&p), None);
        p.extend(series(&[("2026-05-20T09:00:00Z", 11)]));
        assert_eq!(total(&p), Some(11));
        // 5 above the end's 4 is 9: a possible relapse below 10.
        let p = series(&[("2026-03-20T09:00:00Z", 4), ("2026-04-20T09:00:00Z", 9)]);
        assert_eq!(total(&p), Some(9));
        // On the end day itself it is still the course's.
        let p = series(&[("2026-03-23T20:00:00Z", 15)]);
        assert_eq!(total(&p), None);
        // The newest decides: 12, then 3.
        let p = series(&[("2026-04-01T09:00:00Z", 12), ("2026-04-10T09:00:00Z", 3)]);
        assert_eq!(total(&p), None);
    }

    #[test]
    fn the_end_score_after_the_end_is_the_reference_for_later_rises() {
        // No measure before the end; 2 three days after; 7 later is 5 above it.
        let p = series(&[("2026-03-26T09:00:00Z", 2), ("2026-04-26T09:00:00Z", 7)]);
        assert_eq!(
            possible_relapse(&p, Tz::UTC, date(END)).map(|p| p.total),
            Some(7)
        );
    }

    #[test]
    fn a_relapse_is_likely_after_two_totals_of_ten_fourteen_days_apart() {
        let likely = |p: &[Phq9Point], since: Option<&str>| {
            relapse_likely(p, Tz::UTC, date(END), since.map(at)).map(|(a, b)| (a.total, b.total))
        };
        // 13 days apart: not yet; 14: likely.
        let p = series(&[("2026-04-01T09:00:00Z", 10), ("2026-04-14T09:00:00Z", 12)]);
        assert_eq!(likely(&p, None), None);
        let p = series(&[("2026-04-01T09:00:00Z", 10), ("2026-04-15T08:00:00Z", 12)]);
        assert_eq!(likely(&p, None), Some((10, 12)));
        // A low total in between does not break it; a 9 does not count.
        let p = series(&[
            ("2026-04-01T09:00:00Z", 9),
            ("2026-04-05T09:00:00Z", 11),
            ("2026-04-10T09:00:00Z", 3),
            ("2026-04-19T09:00:00Z", 14),
        ]);
        assert_eq!(likely(&p, None), Some((11, 14)));
        // Measures up to the end day are the course's, not a relapse.
        let p = series(&[("2026-03-23T09:00:00Z", 15), ("2026-04-06T09:00:00Z", 15)]);
        assert_eq!(likely(&p, None), None);
        // A review ends the episode: only totals after it count.
        let p = series(&[
            ("2026-04-01T09:00:00Z", 10),
            ("2026-04-15T09:00:00Z", 12),
            ("2026-04-20T09:00:00Z", 13),
        ]);
        assert_eq!(likely(&p, Some("2026-04-16T09:00:00Z")), None);
        let mut p = p;
        p.extend(series(&[("2026-05-04T09:00:00Z", 10)]));
        assert_eq!(likely(&p, Some("2026-04-16T09:00:00Z")), Some((13, 10)));
    }

    #[test]
    fn days_apart_are_the_clients_local_days() {
        // 23:30 in Berlin on 1 April and 00:30 on 15 April (local): 14 local days, though
        // less than 14 × 24 hours apart.
        let p = series(&[("2026-04-01T21:30:00Z", 10), ("2026-04-14T22:30:00Z", 10)]);
        let berlin: Tz = "Europe/Berlin".parse().expect("a zone");
        assert!(relapse_likely(&p, berlin, date(END), None).is_some());
        assert!(relapse_likely(&p, Tz::UTC, date(END), None).is_none());
    }
}
