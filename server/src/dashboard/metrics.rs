//! Adherence metrics, as defined in `docs/adherence.md`: pure functions of a client's records,
//! unit-tested at their edges (time zones at midnight, no data, a single PHQ-9, baseline ≤ 9).

use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// A check-in's time and mood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MoodPoint {
    pub recorded_at: DateTime<Utc>,
    pub mood: i32,
}

/// The local dates `(today − days, today]`.
fn window(today: NaiveDate, days: u64) -> std::ops::RangeInclusive<NaiveDate> {
    let first = today
        .checked_sub_days(Days::new(days.saturating_sub(1)))
        .unwrap_or(NaiveDate::MIN);
    first..=today
}

/// Daily mean mood over the last `days` local dates (in the client's zone), oldest first.
#[must_use]
pub fn daily_mean_mood(
    points: &[MoodPoint],
    tz: Tz,
    today: NaiveDate,
    days: u64,
) -> Vec<(NaiveDate, f64)> {
    let range = window(today, days);
    let mut by_day: BTreeMap<NaiveDate, (i64, i64)> = BTreeMap::new();
    for p in points {
        let date = p.recorded_at.with_timezone(&tz).date_naive();
        if range.contains(&date) {
            let entry = by_day.entry(date).or_default();
            entry.0 += i64::from(p.mood);
            entry.1 += 1;
        }
    }
    by_day
        .into_iter()
        .map(|(date, (sum, n))| (date, f64_of(sum) / f64_of(n)))
        .collect()
}

fn f64_of(n: i64) -> f64 {
    // Counts and sums here stay far below 2^52.
    #[expect(clippy::cast_precision_loss, reason = "small integers")]
    let x = n as f64;
    x
}

/// Distinct local dates with at least one check-in among the last `days` (today included).
#[must_use]
pub fn checkin_days(points: &[MoodPoint], tz: Tz, today: NaiveDate, days: u64) -> usize {
    daily_mean_mood(points, tz, today, days).len()
}

/// Least-squares slope of daily mean mood against the day, in mood points per week; `None`
/// with fewer than two days of data.
#[must_use]
pub fn mood_trend_per_week(daily: &[(NaiveDate, f64)]) -> Option<f64> {
    let first = daily.first()?.0;
    let xs: Vec<f64> = daily
        .iter()
        .map(|(d, _)| f64_of((*d - first).num_days()))
        .collect();
    if daily.len() < 2 {
        return None;
    }
    let n = f64_of(i64::try_from(daily.len()).unwrap_or(i64::MAX));
    let mean_x = xs.iter().sum::<f64>() / n;
    let mean_y = daily.iter().map(|(_, y)| y).sum::<f64>() / n;
    let (mut num, mut den) = (0.0, 0.0);
    for (x, (_, y)) in xs.iter().zip(daily) {
        num += (x - mean_x) * (y - mean_y);
        den += (x - mean_x) * (x - mean_x);
    }
    (den > 0.0).then(|| round2(num / den * 7.0))
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// A PHQ-9 total and when it was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Phq9Point {
    pub recorded_at: DateTime<Utc>,
    pub total: i32,
}

/// PHQ-9 over the treatment.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, ToSchema)]
pub struct Phq9Summary {
    /// The first total recorded on or after the treatment's start (local date).
    pub baseline: i32,
    /// The newest total.
    pub latest: i32,
    /// `100 × (latest − baseline) / baseline`; negative is better; null when the baseline is 0.
    pub change_pct: Option<f64>,
    /// Baseline above 9 and latest at most half of it (≥ 50 % reduction).
    pub response: bool,
    /// Latest below 5.
    pub remission: bool,
}

/// The PHQ-9 summary, or `None` without a PHQ-9 since the start of treatment.
#[must_use]
pub fn phq9_summary(points: &[Phq9Point], tz: Tz, start_date: NaiveDate) -> Option<Phq9Summary> {
    let baseline = points
        .iter()
        .filter(|p| p.recorded_at.with_timezone(&tz).date_naive() >= start_date)
        .min_by_key(|p| p.recorded_at)?
        .total;
    let latest = points.iter().max_by_key(|p| p.recorded_at)?.total;
    Some(Phq9Summary {
        baseline,
        latest,
        change_pct: (baseline != 0)
            .then(|| round2(100.0 * f64::from(latest - baseline) / f64::from(baseline))),
        response: baseline > 9 && latest * 2 <= baseline,
        remission: latest < 5,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, ToSchema)]
pub struct HomeworkSummary {
    /// Assigned and not cancelled.
    pub assigned: usize,
    pub completed: usize,
    /// Completed by the due time (or without one).
    pub on_time: usize,
    /// Not cancelled and already due.
    pub due: usize,
    /// Completed among the homework already due; null when none is due yet.
    pub completion_rate: Option<f64>,
}

/// What a homework summary is computed from: counts over the client's assignments, cancelled
/// ones left out, as the dashboard's query counts them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HomeworkCounts {
    /// Not cancelled.
    pub assigned: usize,
    pub completed: usize,
    /// Completed by the due time, or without one.
    pub on_time: usize,
    /// With a due time already passed.
    pub due: usize,
    /// Completed among those already due.
    pub completed_of_due: usize,
}

impl HomeworkSummary {
    #[must_use]
    pub fn from_counts(c: HomeworkCounts) -> Self {
        Self {
            assigned: c.assigned,
            completed: c.completed,
            on_time: c.on_time,
            due: c.due,
            completion_rate: (c.due > 0).then(|| {
                round2(
                    f64_of(i64::try_from(c.completed_of_due).unwrap_or(0))
                        / f64_of(i64::try_from(c.due).unwrap_or(1)),
                )
            }),
        }
    }
}

/// How urgently a therapist should look at a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    None,
    Medium,
    High,
    Urgent,
}

/// Why, in words shown on the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Attention {
    pub level: Level,
    pub reasons: Vec<String>,
}

/// What attention is judged on.
#[derive(Debug, Clone, Default)]
pub struct AttentionFacts {
    pub open_alerts: usize,
    pub phq9: Option<Phq9Summary>,
    pub mood_trend_28d: Option<f64>,
    /// Whole days since the last check-in (`None`: never).
    pub days_since_checkin: Option<i64>,
    pub exercise_logs_7d: usize,
    pub weekly_target: usize,
    pub homework: Option<HomeworkSummary>,
    /// Adherence is not asked of a client whose treatment ended.
    pub in_treatment: bool,
}

/// Days without a check-in from which the dashboard calls it out.
pub const INACTIVE_DAYS: i64 = 4;
/// A PHQ-9 rise this large since baseline is a clinically meaningful worsening.
pub const PHQ9_WORSENING: i32 = 5;
/// A falling mood trend at least this steep (points per week) is called out.
pub const MOOD_FALLING: f64 = -1.0;

#[must_use]
pub fn attention(f: &AttentionFacts) -> Attention {
    let mut level = Level::None;
    let mut reasons = Vec::new();
    let mut raise = |at: Level, reason: String| {
        level = level.max(at);
        reasons.push(reason);
    };
    if f.open_alerts > 0 {
        raise(Level::Urgent, "open safety alert".into());
    }
    if let Some(p) = f.phq9 {
        if p.latest - p.baseline >= PHQ9_WORSENING {
            raise(
                Level::High,
                format!("PHQ-9 up {} points since baseline", p.latest - p.baseline),
            );
        } else if p.latest >= 20 {
            raise(Level::High, format!("PHQ-9 severe ({})", p.latest));
        }
    }
    if let Some(trend) = f.mood_trend_28d.filter(|t| *t <= MOOD_FALLING) {
        raise(
            Level::High,
            format!("mood falling {:.1} points a week", -trend),
        );
    }
    if f.in_treatment {
        match f.days_since_checkin {
            None => raise(Level::Medium, "no check-in yet".into()),
            Some(days) if days >= INACTIVE_DAYS => {
                raise(Level::Medium, format!("no check-in for {days} days"))
            }
            Some(_) => {}
        }
        if f.weekly_target > 0 && f.exercise_logs_7d * 2 < f.weekly_target {
            raise(
                Level::Medium,
                format!(
                    "{} of {} practices this week",
                    f.exercise_logs_7d, f.weekly_target
                ),
            );
        }
        if let Some(h) = f
            .homework
            .filter(|h| h.completion_rate.is_some_and(|r| r < 0.5))
        {
            let done_of_due = h
                .completion_rate
                .map_or(0.0, |r| r * f64_of(i64::try_from(h.due).unwrap_or(0)));
            raise(
                Level::Medium,
                format!("homework: {:.0} of {} due done", done_of_due, h.due),
            );
        }
    }
    Attention { level, reasons }
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
    fn tz(s: &str) -> Tz {
        s.parse().expect("a zone")
    }

    #[test]
    fn check_in_days_count_local_dates_not_utc_dates() {
        // 23:30 UTC on 1 March is already 2 March in Berlin; 00:30 UTC on 2 March too.
        let points = [
            MoodPoint {
                recorded_at: at("2026-03-01T23:30:00Z"),
                mood: 5,
            },
            MoodPoint {
                recorded_at: at("2026-03-02T00:30:00Z"),
                mood: 7,
            },
        ];
        assert_eq!(
            checkin_days(&points, tz("Europe/Berlin"), date("2026-03-02"), 7),
            1
        );
        assert_eq!(checkin_days(&points, tz("UTC"), date("2026-03-02"), 7), 2);
        // In New York both are still 1 March... and the first is 18:30 there.
        assert_eq!(
            checkin_days(&points, tz("America/New_York"), date("2026-03-02"), 7),
            1
        );
    }

    #[test]
    fn the_seven_day_window_includes_today_and_six_days_before() {
        let points: Vec<_> = (1..=9)
            .map(|d| MoodPoint {
                recorded_at: at(&format!("2026-03-0{d}T12:00:00Z")),
                mood: 5,
            })
            .collect();
        assert_eq!(checkin_days(&points, tz("UTC"), date("2026-03-09"), 7), 7);
        assert_eq!(checkin_days(&points, tz("UTC"), date("2026-03-09"), 28), 9);
        assert_eq!(checkin_days(&[], tz("UTC"), date("2026-03-09"), 7), 0);
    }

    #[test]
    fn the_mood_trend_is_the_least_squares_slope_per_week() {
        // One point a day up by one each day: +7 a week.
        let daily: Vec<_> = (0..5)
            .map(|i| {
                (
                    date("2026-03-01") + chrono::Duration::days(i),
                    3.0 + f64_of(i),
                )
            })
            .collect();
        assert_eq!(mood_trend_per_week(&daily), Some(7.0));
        let flat = [(date("2026-03-01"), 5.0), (date("2026-03-08"), 5.0)];
        assert_eq!(mood_trend_per_week(&flat), Some(0.0));
        assert_eq!(mood_trend_per_week(&[(date("2026-03-01"), 5.0)]), None);
        assert_eq!(mood_trend_per_week(&[]), None);
    }

    #[test]
    fn daily_means_average_several_check_ins_of_a_day() {
        let points = [
            MoodPoint {
                recorded_at: at("2026-03-01T08:00:00Z"),
                mood: 2,
            },
            MoodPoint {
                recorded_at: at("2026-03-01T20:00:00Z"),
                mood: 5,
            },
        ];
        assert_eq!(
            daily_mean_mood(&points, tz("UTC"), date("2026-03-01"), 28),
            [(date("2026-03-01"), 3.5)]
        );
    }

    #[test]
    fn a_single_phq9_is_both_baseline_and_latest() {
        let s = phq9_summary(
            &[Phq9Point {
                recorded_at: at("2026-03-02T10:00:00Z"),
                total: 12,
            }],
            tz("UTC"),
            date("2026-03-01"),
        )
        .expect("a summary");
        assert_eq!(
            (s.baseline, s.latest, s.change_pct, s.response, s.remission),
            (12, 12, Some(0.0), false, false)
        );
    }

    #[test]
    fn the_baseline_is_the_first_phq9_on_or_after_the_start_in_local_time() {
        let points = [
            Phq9Point {
                recorded_at: at("2026-02-28T23:30:00Z"),
                total: 20,
            }, // 1 March in Berlin
            Phq9Point {
                recorded_at: at("2026-02-27T10:00:00Z"),
                total: 25,
            }, // before the start
            Phq9Point {
                recorded_at: at("2026-03-20T10:00:00Z"),
                total: 10,
            },
        ];
        let s = phq9_summary(&points, tz("Europe/Berlin"), date("2026-03-01")).expect("a summary");
        assert_eq!((s.baseline, s.latest), (20, 10));
        assert_eq!(s.change_pct, Some(-50.0));
        assert!(s.response, "a 50 % drop from 20 is a response");
        assert!(!s.remission);
        assert!(
            phq9_summary(&points[1..2], tz("Europe/Berlin"), date("2026-03-01")).is_none(),
            "none in treatment"
        );
    }

    #[test]
    fn a_baseline_of_nine_or_less_never_counts_as_response() {
        let points = [
            Phq9Point {
                recorded_at: at("2026-03-02T10:00:00Z"),
                total: 9,
            },
            Phq9Point {
                recorded_at: at("2026-03-20T10:00:00Z"),
                total: 2,
            },
        ];
        let s = phq9_summary(&points, tz("UTC"), date("2026-03-01")).expect("a summary");
        assert!(!s.response);
        assert!(s.remission);
        let zero = phq9_summary(
            &[Phq9Point {
                recorded_at: at("2026-03-02T10:00:00Z"),
                total: 0,
            }],
            tz("UTC"),
            date("2026-03-01"),
        )
        .expect("a summary");
        assert_eq!(zero.change_pct, None, "no percentage of zero");
    }

    #[test]
    fn the_completion_rate_is_of_what_is_due_and_absent_when_nothing_is() {
        let s = HomeworkSummary::from_counts(HomeworkCounts {
            assigned: 4,
            completed: 2,
            on_time: 1,
            due: 3,
            completed_of_due: 2,
        });
        assert_eq!((s.assigned, s.completed, s.on_time, s.due), (4, 2, 1, 3));
        assert_eq!(s.completion_rate, Some(0.67));
        let none = HomeworkSummary::from_counts(HomeworkCounts {
            assigned: 1,
            ..HomeworkCounts::default()
        });
        assert_eq!(none.completion_rate, None);
    }

    #[test]
    fn an_open_alert_is_urgent_and_comes_with_its_reason() {
        let a = attention(&AttentionFacts {
            open_alerts: 1,
            in_treatment: true,
            days_since_checkin: Some(0),
            ..AttentionFacts::default()
        });
        assert_eq!(a.level, Level::Urgent);
        assert_eq!(a.reasons, ["open safety alert"]);
    }

    #[test]
    fn inactivity_and_low_practice_are_medium_and_say_so() {
        let a = attention(&AttentionFacts {
            days_since_checkin: Some(6),
            exercise_logs_7d: 1,
            weekly_target: 5,
            in_treatment: true,
            ..AttentionFacts::default()
        });
        assert_eq!(a.level, Level::Medium);
        assert_eq!(
            a.reasons,
            ["no check-in for 6 days", "1 of 5 practices this week"]
        );
        let ended = attention(&AttentionFacts {
            days_since_checkin: Some(60),
            ..AttentionFacts::default()
        });
        assert_eq!(ended.level, Level::None, "no adherence asked after the end");
    }

    #[test]
    fn a_worsening_phq9_or_falling_mood_is_high() {
        let phq9 = Phq9Summary {
            baseline: 10,
            latest: 16,
            change_pct: Some(60.0),
            response: false,
            remission: false,
        };
        let a = attention(&AttentionFacts {
            phq9: Some(phq9),
            mood_trend_28d: Some(-1.5),
            in_treatment: true,
            days_since_checkin: Some(1),
            ..AttentionFacts::default()
        });
        assert_eq!(a.level, Level::High);
        assert_eq!(
            a.reasons,
            [
                "PHQ-9 up 6 points since baseline",
                "mood falling 1.5 points a week"
            ]
        );
    }
}
