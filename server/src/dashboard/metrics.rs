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

/// Days with a check-in a mood trend needs before it says anything.
pub const TREND_MIN_DAYS: usize = 7;
/// The span, first to last day inclusive, a mood trend needs before it says anything.
pub const TREND_MIN_SPAN_DAYS: i64 = 14;

/// Least-squares slope of daily mean mood against the day, in mood points per week; `None`
/// until there are [`TREND_MIN_DAYS`] days of data over at least [`TREND_MIN_SPAN_DAYS`] days
/// (a few check-ins in one week are noise, not a trend).
#[must_use]
pub fn mood_trend_per_week(daily: &[(NaiveDate, f64)]) -> Option<f64> {
    let first = daily.first()?.0;
    let last = daily.last()?.0;
    if daily.len() < TREND_MIN_DAYS || (last - first).num_days() + 1 < TREND_MIN_SPAN_DAYS {
        return None;
    }
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

pub use crate::domain::relapse::Phq9Point;

/// A PHQ-9 index score above this makes response and remission measurable (NQF 0710, 0711,
/// 1884): below it there is no depression to remit from.
pub const PHQ9_INDEX_MIN: i32 = 10;
/// A change of at least this many PHQ-9 points is reliable (McMillan, Gilbody and Richards 2010;
/// see `docs/adherence.md`).
pub const PHQ9_RELIABLE_CHANGE: i32 = 6;
/// The window around 6 and 12 months after the index date in which a measure counts.
pub const OUTCOME_WINDOW_DAYS: i64 = 60;

/// A standard outcome judged, as CMS159 and NQF 0710/0711/1884 specify, on the most recent
/// measure in its window (± 60 days around the target date): while the window is open, the
/// most recent so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Outcome {
    /// Met by the measure judged (false without a measure in the window).
    pub met: bool,
    /// The window has closed: the outcome no longer changes.
    #[serde(rename = "final")]
    pub closed: bool,
    /// The PHQ-9 total judged; `null` when no measure fell in the window (yet).
    pub total: Option<i32>,
    /// When that measure was recorded.
    pub recorded_at: Option<DateTime<Utc>>,
}

/// Where the index measure came from, in the order the rule tries them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IndexSource {
    /// The newest PHQ-9 in the 3 days up to session 1.
    #[serde(rename = "session_1")]
    Session1,
    /// The earliest PHQ-9 in the 14 days before the course's start.
    IntakeWindow,
    /// The first PHQ-9 on or after the course's start.
    FirstAfterStart,
    /// The check-in the therapist chose as the baseline.
    TherapistChoice,
}

/// The index measure: the PHQ-9 every outcome is judged from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Phq9Index {
    /// The check-in that holds it.
    pub checkin_id: uuid::Uuid,
    /// When it was recorded.
    pub at: DateTime<Utc>,
    pub source: IndexSource,
    /// Taken more than [`INDEX_LATE_DAYS`] days after the course's start: the outcomes
    /// judged from it miss the first weeks of treatment.
    pub late: bool,
}

/// An index measure taken more than this many days after the start is late.
pub const INDEX_LATE_DAYS: i64 = 14;

impl Phq9Index {
    /// The index of `point` (check-in `checkin_id`) from `source`, for a course that started on
    /// `start_date` (local, in `tz`).
    #[must_use]
    pub fn of(
        point: Phq9Point,
        checkin_id: uuid::Uuid,
        source: IndexSource,
        tz: Tz,
        start_date: NaiveDate,
    ) -> Self {
        let day = point.recorded_at.with_timezone(&tz).date_naive();
        Self {
            checkin_id,
            at: point.recorded_at,
            source,
            late: (day - start_date).num_days() > INDEX_LATE_DAYS,
        }
    }
}

/// PHQ-9 over the treatment.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, ToSchema)]
pub struct Phq9Summary {
    /// The index measure, which `baseline` is the total of.
    pub index: Phq9Index,
    /// The index measure's total (see `index`).
    pub baseline: i32,
    /// The newest total.
    pub latest: i32,
    /// `100 × (latest − baseline) / baseline`; negative is better; null when the baseline is 0.
    pub change_pct: Option<f64>,
    /// Baseline above 9 and latest at most half of it (≥ 50 % reduction).
    pub response: bool,
    /// Baseline above 9 and latest below 5.
    pub remission: bool,
    /// NQF 1884: a ≥ 50 % reduction at 6 months (± 60 days); null until the window opens or
    /// when the baseline is 9 or less.
    pub response_6m: Option<Outcome>,
    /// NQF 0711: below 5 at 6 months (± 60 days); null likewise.
    pub remission_6m: Option<Outcome>,
    /// NQF 0710: below 5 at 12 months (± 60 days); null likewise.
    pub remission_12m: Option<Outcome>,
    /// The newest total is at least 6 points below the baseline.
    pub reliable_improvement: bool,
    /// The newest total is at least 6 points above the baseline.
    pub reliable_deterioration: bool,
}

/// The outcome `met` by the most recent measure in the window around `months` after `index`
/// (up to `now` while it is open), judged at `now`; `None` before the window opens; not met
/// when it closed without a measure.
fn outcome_at(
    points: &[Phq9Point],
    index: DateTime<Utc>,
    months: u32,
    now: DateTime<Utc>,
    met: impl Fn(i32) -> bool,
) -> Option<Outcome> {
    let target = index.checked_add_months(chrono::Months::new(months))?;
    let window = chrono::Duration::days(OUTCOME_WINDOW_DAYS);
    let (opens, closes) = (target - window, target + window);
    if now < opens {
        return None;
    }
    let judged = points
        .iter()
        .filter(|p| p.recorded_at >= opens && p.recorded_at <= closes && p.recorded_at <= now)
        .max_by_key(|p| p.recorded_at);
    Some(Outcome {
        met: judged.is_some_and(|p| met(p.total)),
        closed: now > closes,
        total: judged.map(|p| p.total),
        recorded_at: judged.map(|p| p.recorded_at),
    })
}

/// The days before the start in which a PHQ-9 may serve as the intake measure.
pub const INTAKE_DAYS: i64 = 14;
/// A PHQ-9 this long before a session is that session's measure.
pub const SESSION_MEASURE_DAYS: i64 = 3;

/// The index (baseline) measure: session 1's measure (the newest PHQ-9 in the 3 days before
/// it, when its time is known), else the earliest in the 14 days before the start date, else
/// the first on or after the start date; with where it came from.
#[must_use]
pub fn index_measure(
    points: &[Phq9Point],
    tz: Tz,
    start_date: NaiveDate,
    first_session_at: Option<DateTime<Utc>>,
) -> Option<(Phq9Point, IndexSource)> {
    let local = |p: &Phq9Point| p.recorded_at.with_timezone(&tz).date_naive();
    let session_one = first_session_at.and_then(|at| {
        points
            .iter()
            .filter(|p| {
                p.recorded_at <= at
                    && p.recorded_at >= at - chrono::Duration::days(SESSION_MEASURE_DAYS)
            })
            .max_by_key(|p| p.recorded_at)
    });
    let intake = || {
        points
            .iter()
            .filter(|p| {
                let d = local(p);
                d < start_date && (start_date - d).num_days() <= INTAKE_DAYS
            })
            .min_by_key(|p| p.recorded_at)
    };
    let first = || {
        points
            .iter()
            .filter(|p| local(p) >= start_date)
            .min_by_key(|p| p.recorded_at)
    };
    session_one
        .map(|p| (*p, IndexSource::Session1))
        .or_else(|| intake().map(|p| (*p, IndexSource::IntakeWindow)))
        .or_else(|| first().map(|p| (*p, IndexSource::FirstAfterStart)))
}

/// The PHQ-9 summary at `now` against `index`; `None` without any measure.
#[must_use]
pub fn phq9_summary_from(
    points: &[Phq9Point],
    index: Phq9Point,
    about: Phq9Index,
    now: DateTime<Utc>,
) -> Option<Phq9Summary> {
    let baseline = index.total;
    let latest = points.iter().max_by_key(|p| p.recorded_at)?.total;
    let measurable = baseline >= PHQ9_INDEX_MIN;
    let later: Vec<Phq9Point> = points
        .iter()
        .filter(|p| p.recorded_at > index.recorded_at)
        .copied()
        .collect();
    let at = |months, met: fn(i32, i32) -> bool| {
        measurable
            .then(|| outcome_at(&later, index.recorded_at, months, now, |t| met(t, baseline)))
            .flatten()
    };
    Some(Phq9Summary {
        index: about,
        baseline,
        latest,
        change_pct: (baseline != 0)
            .then(|| round2(100.0 * f64::from(latest - baseline) / f64::from(baseline))),
        response: measurable && latest * 2 <= baseline,
        remission: measurable && latest < 5,
        response_6m: at(6, |t, b| t * 2 <= b),
        remission_6m: at(6, |t, _| t < 5),
        remission_12m: at(12, |t, _| t < 5),
        reliable_improvement: baseline - latest >= PHQ9_RELIABLE_CHANGE,
        reliable_deterioration: latest - baseline >= PHQ9_RELIABLE_CHANGE,
    })
}

/// The weeks after the index (4–6) at which the newest measure of that span shows less than
/// 20 % improvement, if it does: early non-response, a reason to review the plan.
#[must_use]
pub fn early_non_response(points: &[Phq9Point], index: Phq9Point) -> Option<i64> {
    let summary_baseline = index.total;
    if summary_baseline < PHQ9_INDEX_MIN {
        return None;
    }
    let (weeks, total) = points
        .iter()
        .map(|p| ((p.recorded_at - index.recorded_at).num_days(), p))
        .filter(|(days, _)| (28..49).contains(days))
        .max_by_key(|(_, p)| p.recorded_at)
        .map(|(days, p)| (days / 7, p.total))?;
    // Less than a 20 % reduction: total > 0.8 × baseline.
    (total * 5 > summary_baseline * 4).then_some(weeks)
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

/// A GAD-7 total and when it was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gad7Point {
    /// When the client answered it.
    pub recorded_at: DateTime<Utc>,
    /// The total, 0–21.
    pub total: i32,
}

/// The GAD-7 of a course: the newest total, its band, and the change since the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Gad7Trend {
    /// The newest total, 0–21.
    pub latest: i32,
    /// Its severity band (Spitzer et al. 2006: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21
    /// severe).
    pub band: crate::domain::Gad7Band,
    /// The newest total minus the first of the course (from 14 days before its start, as the
    /// PHQ-9's intake window): negative is better; 0 with one measure.
    pub change: i32,
}

/// The GAD-7 trend of the totals recorded at or after `from` (oldest first or not).
#[must_use]
pub fn gad7_trend(points: &[Gad7Point], from: DateTime<Utc>) -> Option<Gad7Trend> {
    let in_course = points.iter().filter(|p| p.recorded_at >= from);
    let first = in_course.clone().min_by_key(|p| p.recorded_at)?;
    let latest = in_course.max_by_key(|p| p.recorded_at)?;
    Some(Gad7Trend {
        latest: latest.total,
        band: crate::domain::Gad7Band::of(u8::try_from(latest.total.clamp(0, 21)).unwrap_or(21)),
        change: latest.total - first.total,
    })
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

/// Why, in words shown on the dashboard and as codes a program can read.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Attention {
    pub level: Level,
    /// The items' texts, in the same order (the v1.1 field).
    pub reasons: Vec<String>,
    /// Each reason with its code, most pressing kinds first as in `reasons`.
    pub items: Vec<AttentionItem>,
}

/// One reason to look at a client.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct AttentionItem {
    pub code: ReasonCode,
    /// The sentence the dashboard shows (English), as in `reasons`.
    pub text: String,
}

/// What kind of reason an attention item is; the texts say the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    /// A safety alert is open.
    OpenAlert,
    /// The newest PHQ-9 left item 9 (thoughts of self-harm) unanswered.
    Item9Unanswered,
    /// An exercise's danger question was answered `unsure`.
    DangerUnsure,
    /// PHQ-9 at least 5 points above the index: clinically meaningful worsening.
    Worsening,
    /// PHQ-9 at least 5 points above the measure before it.
    WorseningSinceLastMeasure,
    /// The newest PHQ-9 is in the severe band (20 or more).
    Phq9Severe,
    /// Less than 20 % better 4–6 weeks after the index.
    EarlyNonResponse,
    /// After the acute course, a PHQ-9 of 10 or more, or 5 above the end-of-treatment score.
    PossibleRelapse,
    /// After the acute course, two PHQ-9 of 10 or more at least 14 days apart, until a
    /// relapse review is recorded.
    RelapseLikely,
    /// The 28-day mood trend falls a point a week or faster.
    MoodFalling,
    /// In treatment and never checked in.
    NoCheckin,
    /// In treatment and no check-in for 4 days or more.
    CheckinsStopped,
    /// Fewer than half the week's practice target.
    PracticeBelowTarget,
    /// Less than half the homework due is done.
    HomeworkBehind,
    /// Sessions presumed held from the calendar, unconfirmed more than 7 days after their time.
    SessionsUnconfirmed,
    /// From session 4 of an acute course, an item of the initial phase's checklist is missing.
    InitialPhaseIncomplete,
}

/// What attention is judged on.
#[derive(Debug, Clone, Default)]
pub struct AttentionFacts {
    pub open_alerts: usize,
    /// The client's day of the newest PHQ-9 when it left item 9 unanswered.
    pub item9_unanswered_on: Option<NaiveDate>,
    pub phq9: Option<Phq9Summary>,
    /// The PHQ-9 total before the newest one.
    pub phq9_previous: Option<i32>,
    /// Weeks 4–6 after the index with less than 20 % improvement (see [`early_non_response`]).
    pub early_non_response_weeks: Option<i64>,
    /// After the acute course, the newest PHQ-9 when it signals a possible relapse (see
    /// [`crate::domain::relapse::possible_relapse`]).
    pub possible_relapse: Option<i32>,
    /// After the acute course and since the last relapse review, two PHQ-9 totals of 10 or
    /// more at least 14 days apart: their local days and totals
    /// ([`crate::domain::relapse::relapse_likely`]).
    pub relapse_likely: Option<((NaiveDate, i32), (NaiveDate, i32))>,
    pub mood_trend_28d: Option<f64>,
    /// Whole days since the last check-in (`None`: never).
    pub days_since_checkin: Option<i64>,
    pub exercise_logs_7d: usize,
    pub weekly_target: usize,
    pub homework: Option<HomeworkSummary>,
    /// Adherence is not asked of a client whose treatment ended.
    pub in_treatment: bool,
    /// The local date of the client's newest answer to an exercise's danger question, when it
    /// was `unsure` and at most [`DANGER_UNSURE_DAYS`] old.
    pub danger_unsure_on: Option<NaiveDate>,
    /// Sessions of the current course presumed held (nobody marked them) more than
    /// [`UNCONFIRMED_DAYS`] after their time.
    pub sessions_unconfirmed: usize,
    /// From session 4 of an acute course on, what the initial phase's checklist still misses.
    pub initial_phase_missing: Vec<&'static str>,
}

/// Days after its time from which a session nobody marked is called out: a drop-out must not
/// hide behind a calendar that presumes every session held.
pub const UNCONFIRMED_DAYS: i64 = 7;

/// How long an `unsure` answer to the danger question stays a reason to look.
pub const DANGER_UNSURE_DAYS: i64 = 14;

/// Days without a check-in from which the dashboard calls it out.
pub const INACTIVE_DAYS: i64 = 4;
/// A PHQ-9 rise this large since baseline is a clinically meaningful worsening (Löwe et al.
/// 2004's minimal clinically important difference; see `docs/adherence.md`). Reliable change
/// ([`PHQ9_RELIABLE_CHANGE`]) is a separate, larger threshold.
pub const PHQ9_WORSENING: i32 = 5;
/// The name of a rise of [`PHQ9_WORSENING`] points, as the attention reasons say it.
pub const WORSENING_NAME: &str = "clinically meaningful worsening (≥ 5 points)";
/// A falling mood trend at least this steep (points per week) is called out.
pub const MOOD_FALLING: f64 = -1.0;

#[must_use]
pub fn attention(f: &AttentionFacts) -> Attention {
    let mut level = Level::None;
    let mut items = Vec::new();
    let mut raise = |at: Level, code: ReasonCode, text: String| {
        level = level.max(at);
        items.push(AttentionItem { code, text });
    };
    if f.open_alerts > 0 {
        raise(Level::Urgent, ReasonCode::OpenAlert, "open safety alert".into());
    }
    if let Some(day) = f.item9_unanswered_on {
        raise(
            Level::High,
            ReasonCode::Item9Unanswered,
            format!("PHQ-9 item 9 (thoughts of self-harm) not answered on {day}"),
        );
    }
    if let Some(on) = f.danger_unsure_on {
        raise(
            Level::High,
            ReasonCode::DangerUnsure,
            format!("Unsure whether speaking up is safe ({on})"),
        );
    }
    if let Some(p) = f.phq9 {
        if p.latest - p.baseline >= PHQ9_WORSENING {
            raise(
                Level::High,
                ReasonCode::Worsening,
                format!(
                    "{WORSENING_NAME}: PHQ-9 up {} points since baseline",
                    p.latest - p.baseline
                ),
            );
        } else if p.latest >= 20 {
            raise(
                Level::High,
                ReasonCode::Phq9Severe,
                format!("PHQ-9 severe ({})", p.latest),
            );
        }
        if let Some(rise) = f
            .phq9_previous
            .map(|prev| p.latest - prev)
            .filter(|rise| *rise >= PHQ9_WORSENING)
        {
            raise(
                Level::High,
                ReasonCode::WorseningSinceLastMeasure,
                format!("{WORSENING_NAME}: PHQ-9 up {rise} points since the last measure"),
            );
        }
    }
    if let Some(weeks) = f.early_non_response_weeks.filter(|_| f.in_treatment) {
        raise(
            Level::Medium,
            ReasonCode::EarlyNonResponse,
            format!("less than 20 % better after {weeks} weeks"),
        );
    }
    // A likely relapse stays until a review; it says more than a possible one, which it
    // replaces.
    if let Some(((first_on, first), (second_on, second))) = f.relapse_likely {
        raise(
            Level::High,
            ReasonCode::RelapseLikely,
            format!(
                "relapse likely (PHQ-9 {first} on {first_on} and {second} on {second_on}): \
                 record a relapse review"
            ),
        );
    } else if let Some(total) = f.possible_relapse {
        raise(
            Level::High,
            ReasonCode::PossibleRelapse,
            format!("possible relapse (PHQ-9 {total}): consider a booster session"),
        );
    }
    if let Some(trend) = f.mood_trend_28d.filter(|t| *t <= MOOD_FALLING) {
        raise(
            Level::High,
            ReasonCode::MoodFalling,
            format!("mood falling {:.1} points a week", -trend),
        );
    }
    if f.in_treatment {
        match f.days_since_checkin {
            None => raise(
                Level::Medium,
                ReasonCode::NoCheckin,
                "no check-in yet".into(),
            ),
            Some(days) if days >= INACTIVE_DAYS => raise(
                Level::Medium,
                ReasonCode::CheckinsStopped,
                format!("no check-in for {days} days"),
            ),
            Some(_) => {}
        }
        if f.weekly_target > 0 && f.exercise_logs_7d * 2 < f.weekly_target {
            raise(
                Level::Medium,
                ReasonCode::PracticeBelowTarget,
                format!(
                    "{} of {} practices this week",
                    f.exercise_logs_7d, f.weekly_target
                ),
            );
        }
        if !f.initial_phase_missing.is_empty() {
            raise(
                Level::Medium,
                ReasonCode::InitialPhaseIncomplete,
                format!(
                    "initial phase incomplete: {}",
                    f.initial_phase_missing.join(", ")
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
                ReasonCode::HomeworkBehind,
                format!("homework: {:.0} of {} due done", done_of_due, h.due),
            );
        }
    }
    if f.sessions_unconfirmed > 0 {
        let (n, sessions) = match f.sessions_unconfirmed {
            1 => (1, "session"),
            n => (n, "sessions"),
        };
        raise(
            Level::Medium,
            ReasonCode::SessionsUnconfirmed,
            format!(
                "{n} past {sessions} not confirmed (presumed held, more than {UNCONFIRMED_DAYS} days ago)"
            ),
        );
    }
    let reasons = items.iter().map(|i| i.text.clone()).collect();
    Attention {
        level,
        reasons,
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The summary with the index of [`index_measure`] (session 1's time unknown).
    fn phq9_summary(
        points: &[Phq9Point],
        tz: Tz,
        start_date: NaiveDate,
        now: DateTime<Utc>,
    ) -> Option<Phq9Summary> {
        let (index, source) = index_measure(points, tz, start_date, None)?;
        let about = Phq9Index::of(index, uuid::Uuid::nil(), source, tz, start_date);
        phq9_summary_from(points, index, about, now)
    }

    /// An index measure for the attention tests, which do not read it.
    fn an_index() -> Phq9Index {
        Phq9Index {
            checkin_id: uuid::Uuid::nil(),
            at: at("2026-01-05T10:00:00Z"),
            source: IndexSource::FirstAfterStart,
            late: false,
        }
    }

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
        // One point a day for two weeks, up by one each day: +7 a week.
        let daily: Vec<_> = (0..14)
            .map(|i| {
                (
                    date("2026-03-01") + chrono::Duration::days(i),
                    3.0 + f64_of(i),
                )
            })
            .collect();
        assert_eq!(mood_trend_per_week(&daily), Some(7.0));
        // Seven days over a fortnight, all alike.
        let flat: Vec<_> = [0, 2, 4, 6, 8, 10, 13]
            .into_iter()
            .map(|d| (date("2026-03-01") + chrono::Duration::days(d), 5.0))
            .collect();
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
            at("2026-12-31T00:00:00Z"),
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
                recorded_at: at("2026-02-10T10:00:00Z"),
                total: 25,
            }, // before the start, and more than the 14 days of an intake measure
            Phq9Point {
                recorded_at: at("2026-03-20T10:00:00Z"),
                total: 10,
            },
        ];
        let s = phq9_summary(
            &points,
            tz("Europe/Berlin"),
            date("2026-03-01"),
            at("2026-12-31T00:00:00Z"),
        )
        .expect("a summary");
        assert_eq!((s.baseline, s.latest), (20, 10));
        assert_eq!(s.change_pct, Some(-50.0));
        assert!(s.response, "a 50 % drop from 20 is a response");
        assert!(!s.remission);
        assert!(
            phq9_summary(
                &points[1..2],
                tz("Europe/Berlin"),
                date("2026-03-01"),
                at("2026-12-31T00:00:00Z")
            )
            .is_none(),
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
        let s = phq9_summary(
            &points,
            tz("UTC"),
            date("2026-03-01"),
            at("2026-12-31T00:00:00Z"),
        )
        .expect("a summary");
        assert!(!s.response);
        assert!(!s.remission, "an index of 9 or less cannot remit either");
        let zero = phq9_summary(
            &[Phq9Point {
                recorded_at: at("2026-03-02T10:00:00Z"),
                total: 0,
            }],
            tz("UTC"),
            date("2026-03-01"),
            at("2026-12-31T00:00:00Z"),
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
    fn every_reason_has_a_code_and_the_items_say_the_reasons_in_order() {
        let phq9 = |baseline, latest| Phq9Summary {
            index: an_index(),
            baseline,
            latest,
            change_pct: None,
            response: false,
            remission: false,
            response_6m: None,
            remission_6m: None,
            remission_12m: None,
            reliable_improvement: false,
            reliable_deterioration: false,
        };
        let homework = HomeworkSummary::from_counts(HomeworkCounts {
            assigned: 3,
            due: 3,
            ..HomeworkCounts::default()
        });
        let day = NaiveDate::from_ymd_opt(2026, 12, 3);
        let first = attention(&AttentionFacts {
            open_alerts: 1,
            item9_unanswered_on: day,
            danger_unsure_on: day,
            phq9: Some(phq9(10, 16)),
            phq9_previous: Some(10),
            early_non_response_weeks: Some(5),
            possible_relapse: Some(12),
            relapse_likely: None,
            sessions_unconfirmed: 2,
            initial_phase_missing: vec!["sick role not discussed"],
            mood_trend_28d: Some(-2.0),
            in_treatment: true,
            days_since_checkin: None,
            exercise_logs_7d: 0,
            weekly_target: 4,
            homework: Some(homework),
        });
        let second = attention(&AttentionFacts {
            phq9: Some(phq9(21, 22)),
            in_treatment: true,
            days_since_checkin: Some(9),
            ..AttentionFacts::default()
        });
        // A likely relapse replaces the possible one it grew from.
        let third = attention(&AttentionFacts {
            possible_relapse: Some(12),
            relapse_likely: day.zip(NaiveDate::from_ymd_opt(2026, 12, 17)).map(|(a, b)| ((a, 10), (b, 12))),
            ..AttentionFacts::default()
        });
        assert_eq!(
            third.reasons,
            ["relapse likely (PHQ-9 10 on 2026-12-03 and 12 on 2026-12-17): record a relapse review"]
        );
        for a in [&first, &second, &third] {
            let texts: Vec<&str> = a.items.iter().map(|i| i.text.as_str()).collect();
            assert_eq!(texts, a.reasons, "the items are the reasons, in order");
        }
        let codes: Vec<ReasonCode> = first
            .items
            .iter()
            .chain(&second.items)
            .chain(&third.items)
            .map(|i| i.code)
            .collect();
        use ReasonCode as C;
        assert_eq!(
            codes,
            [
                C::OpenAlert,
                C::Item9Unanswered,
                C::DangerUnsure,
                C::Worsening,
                C::WorseningSinceLastMeasure,
                C::EarlyNonResponse,
                C::PossibleRelapse,
                C::MoodFalling,
                C::NoCheckin,
                C::PracticeBelowTarget,
                C::InitialPhaseIncomplete,
                C::HomeworkBehind,
                C::SessionsUnconfirmed,
                C::Phq9Severe,
                C::CheckinsStopped,
                C::RelapseLikely,
            ]
        );
        let json = serde_json::to_value(&first.items[3]).expect("serializes");
        assert_eq!(json["code"], "worsening");
    }

    #[test]
    fn the_gad7_trend_is_the_newest_band_and_the_change_since_the_first_of_the_course() {
        let p = |t: &str, total: i32| Gad7Point {
            recorded_at: at(t),
            total,
        };
        let points = [
            p("2026-01-01T09:00:00Z", 3), // before the course's intake window
            p("2026-01-05T09:00:00Z", 16),
            p("2026-02-05T09:00:00Z", 9),
        ];
        let from = at("2026-01-02T00:00:00Z");
        assert_eq!(
            gad7_trend(&points, from),
            Some(Gad7Trend {
                latest: 9,
                band: crate::domain::Gad7Band::Mild,
                change: -7
            })
        );
        assert_eq!(
            gad7_trend(&points[..2], from).map(|t| (t.change, t.band)),
            Some((0, crate::domain::Gad7Band::Severe))
        );
        assert_eq!(gad7_trend(&points[..1], from), None);
    }

    #[test]
    fn an_unanswered_item9_is_a_reason_with_its_date() {
        let f = AttentionFacts {
            item9_unanswered_on: NaiveDate::from_ymd_opt(2026, 12, 3),
            ..AttentionFacts::default()
        };
        let a = attention(&f);
        assert_eq!(a.level, Level::High);
        assert_eq!(
            a.reasons,
            vec!["PHQ-9 item 9 (thoughts of self-harm) not answered on 2026-12-03".to_owned()]
        );
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
    fn an_unsure_danger_answer_is_high_and_names_its_date() {
        let a = attention(&AttentionFacts {
            danger_unsure_on: Some(date("2026-12-03")),
            ..AttentionFacts::default()
        });
        assert_eq!(a.level, Level::High);
        assert_eq!(
            a.reasons,
            ["Unsure whether speaking up is safe (2026-12-03)"]
        );
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
            index: an_index(),
            baseline: 10,
            latest: 16,
            change_pct: Some(60.0),
            response: false,
            remission: false,
            response_6m: None,
            remission_6m: None,
            remission_12m: None,
            reliable_improvement: false,
            reliable_deterioration: true,
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
                "clinically meaningful worsening (≥ 5 points): PHQ-9 up 6 points since baseline",
                "mood falling 1.5 points a week"
            ]
        );
    }

    fn series(points: &[(&str, i32)]) -> Vec<Phq9Point> {
        points
            .iter()
            .map(|(when, total)| Phq9Point {
                recorded_at: at(when),
                total: *total,
            })
            .collect()
    }

    #[test]
    fn remission_needs_an_index_score_above_nine() {
        let start = date("2026-01-05");
        let nine = series(&[("2026-01-05T10:00:00Z", 9), ("2026-02-05T10:00:00Z", 2)]);
        let s =
            phq9_summary(&nine, tz("UTC"), start, at("2026-02-06T00:00:00Z")).expect("a summary");
        assert!(!s.remission && !s.response, "an index of 9 cannot remit");
        let ten = series(&[("2026-01-05T10:00:00Z", 10), ("2026-02-05T10:00:00Z", 4)]);
        let s =
            phq9_summary(&ten, tz("UTC"), start, at("2026-02-06T00:00:00Z")).expect("a summary");
        assert!(s.remission && s.response);
        assert!(s.reliable_improvement, "10 → 4 is 6 points");
        assert!(!s.reliable_deterioration);
    }

    #[test]
    fn the_six_month_outcomes_open_sixty_days_early_and_close_sixty_days_late() {
        // Index on 5 January; the target is 5 July; the window runs 6 May to 3 September.
        let start = date("2026-01-05");
        let points = series(&[
            ("2026-01-05T10:00:00Z", 16),
            ("2026-05-06T10:00:00Z", 7),
            ("2026-07-01T10:00:00Z", 4),
        ]);
        let judge =
            |now: &str| phq9_summary(&points, tz("UTC"), start, at(now)).expect("a summary");
        assert_eq!(
            judge("2026-05-06T09:59:59Z").remission_6m,
            None,
            "not yet open"
        );
        let opening = judge("2026-05-06T10:00:00Z").remission_6m.expect("open");
        assert_eq!(
            (opening.met, opening.closed, opening.total),
            (false, false, Some(7)),
            "the edge measure counts, judged so far"
        );
        let response = judge("2026-05-06T10:00:00Z").response_6m.expect("open");
        assert!(response.met, "16 → 7 is a response");
        let nearer = judge("2026-07-02T00:00:00Z").remission_6m.expect("open");
        assert_eq!(
            (nearer.met, nearer.total),
            (true, Some(4)),
            "the most recent measure so far"
        );
        let still_open = judge("2026-09-03T10:00:00Z").remission_6m.expect("open");
        assert!(
            !still_open.closed,
            "the last day of the window is still open"
        );
        let closed = judge("2026-09-03T10:00:01Z").remission_6m.expect("closed");
        assert!(closed.closed && closed.met);
        assert_eq!(judge("2026-09-04T00:00:00Z").remission_12m, None);
    }

    #[test]
    fn the_most_recent_measure_in_the_window_is_judged_not_the_nearest() {
        // Index on 1 March (16); target 1 September; the window runs 3 July to 31 October.
        let start = date("2026-03-01");
        let points = series(&[
            ("2026-03-01T10:00:00Z", 16),
            ("2026-08-03T10:00:00Z", 3),
            ("2026-10-12T10:00:00Z", 12),
            // After the window: never judged for the 6-month outcome.
            ("2026-11-02T10:00:00Z", 2),
        ]);
        let judge =
            |now: &str| phq9_summary(&points, tz("UTC"), start, at(now)).expect("a summary");
        let so_far = judge("2026-09-01T10:00:00Z").remission_6m.expect("open");
        assert_eq!(
            (so_far.met, so_far.closed, so_far.total),
            (true, false, Some(3)),
            "while open: the most recent so far, not final"
        );
        let later = judge("2026-10-13T00:00:00Z").remission_6m.expect("open");
        assert_eq!((later.met, later.total), (false, Some(12)));
        let closed = judge("2026-11-03T00:00:00Z");
        let remission = closed.remission_6m.expect("closed");
        assert_eq!(
            (remission.met, remission.closed, remission.total),
            (false, true, Some(12)),
            "closed: the most recent in the window (12 in October), not the nearest (3 in August)"
        );
        let response = closed.response_6m.expect("closed");
        assert_eq!((response.met, response.total), (false, Some(12)), "16 → 12 is no response");
    }

    #[test]
    fn a_window_without_a_measure_closes_as_not_met() {
        let start = date("2026-01-05");
        let points = series(&[("2026-01-05T10:00:00Z", 12), ("2026-05-05T10:00:00Z", 3)]);
        // 5 May is a day before the window opens: it does not count.
        let s =
            phq9_summary(&points, tz("UTC"), start, at("2026-12-01T00:00:00Z")).expect("a summary");
        let r = s.remission_6m.expect("judged");
        assert_eq!((r.met, r.closed, r.total), (false, true, None));
        // The 12-month window (6 November to 4 March) is open, with nothing in it yet.
        let r12 = s.remission_12m.expect("open");
        assert_eq!((r12.met, r12.closed), (false, false));
    }

    #[test]
    fn early_non_response_is_named_in_weeks_four_to_six() {
        let start = date("2026-01-05");
        let points = series(&[("2026-01-05T10:00:00Z", 15), ("2026-02-09T10:00:00Z", 13)]);
        assert_eq!(
            early_non_response(
                &points,
                index_measure(&points, tz("UTC"), start, None)
                    .expect("an index")
                    .0
            ),
            Some(5)
        );
        let better = series(&[("2026-01-05T10:00:00Z", 15), ("2026-02-09T10:00:00Z", 12)]);
        assert_eq!(
            early_non_response(
                &better,
                index_measure(&better, tz("UTC"), start, None)
                    .expect("an index")
                    .0
            ),
            None,
            "20 % exactly"
        );
    }

    #[test]
    fn a_trend_needs_seven_days_over_fourteen() {
        let days = |n: u64, step: u64| -> Vec<(NaiveDate, f64)> {
            (0..n)
                .map(|i| {
                    let d = date("2026-03-01")
                        .checked_add_days(chrono::Days::new(i * step))
                        .expect("a date");
                    (d, 5.0 - 0.5 * f64_of(i64::try_from(i).unwrap_or(0)))
                })
                .collect()
        };
        assert_eq!(
            mood_trend_per_week(&days(7, 1)),
            None,
            "7 days over one week"
        );
        assert_eq!(mood_trend_per_week(&days(6, 3)), None, "6 days over 16");
        assert_eq!(mood_trend_per_week(&days(7, 2)), None, "7 days over 13");
        assert!(
            mood_trend_per_week(&days(7, 3)).is_some_and(|t| t < 0.0),
            "7 days over 19"
        );
    }

    #[test]
    fn a_rise_since_the_last_measure_is_named() {
        let facts = AttentionFacts {
            phq9: Some(Phq9Summary {
                index: an_index(),
                baseline: 14,
                latest: 15,
                change_pct: None,
                response: false,
                remission: false,
                response_6m: None,
                remission_6m: None,
                remission_12m: None,
                reliable_improvement: false,
                reliable_deterioration: false,
            }),
            phq9_previous: Some(9),
            ..AttentionFacts::default()
        };
        let a = attention(&facts);
        assert_eq!(a.level, Level::High);
        assert!(
            a.reasons
                .contains(
                    &"clinically meaningful worsening (≥ 5 points): PHQ-9 up 6 points since the last measure"
                        .to_owned()
                )
        );
    }

    #[test]
    fn the_index_is_session_ones_measure_else_the_intake_else_the_first_after_the_start() {
        let start = date("2026-03-02");
        let session_one = Some(at("2026-03-02T10:00:00Z"));
        let points = series(&[
            ("2026-02-16T10:00:00Z", 18),
            ("2026-02-20T10:00:00Z", 17),
            ("2026-02-28T10:00:00Z", 15),
            ("2026-03-09T10:00:00Z", 12),
        ]);
        // 28 February is within the 3 days before session 1: its measure.
        let (index, source) =
            index_measure(&points, tz("UTC"), start, session_one).expect("an index");
        assert_eq!((index.total, source), (15, IndexSource::Session1));
        // Without it, the earliest in the 14 days before the start (16 February is 14 days).
        let no_session_measure = &points[..2];
        let (index, source) =
            index_measure(no_session_measure, tz("UTC"), start, session_one).expect("an index");
        assert_eq!((index.total, source), (18, IndexSource::IntakeWindow));
        // Without either, the first on or after the start.
        let later = series(&[("2026-02-01T10:00:00Z", 20), ("2026-03-09T10:00:00Z", 12)]);
        let (index, source) =
            index_measure(&later, tz("UTC"), start, session_one).expect("an index");
        assert_eq!(
            (index.total, source),
            (12, IndexSource::FirstAfterStart),
            "a measure 29 days before the start is no intake"
        );
    }

    #[test]
    fn an_index_more_than_fourteen_days_after_the_start_is_late() {
        let start = date("2026-03-02");
        let on = |when: &str| {
            let point = Phq9Point {
                recorded_at: at(when),
                total: 12,
            };
            let id = uuid::Uuid::nil();
            Phq9Index::of(point, id, IndexSource::FirstAfterStart, tz("Europe/Berlin"), start)
        };
        assert!(!on("2026-03-16T22:59:00Z").late, "16 March in Berlin: 14 days");
        assert!(on("2026-03-16T23:00:00Z").late, "17 March in Berlin: 15 days");
        let early = on("2026-03-02T08:00:00Z");
        assert_eq!(
            serde_json::to_value(early).expect("serializes"),
            serde_json::json!({"checkin_id": uuid::Uuid::nil(), "at": "2026-03-02T08:00:00Z",
                               "source": "first_after_start", "late": false})
        );
        let session_one = serde_json::to_value(IndexSource::Session1).expect("serializes");
        assert_eq!(session_one, "session_1");
    }
}
