//! Request and response bodies of `/api/v1/dashboard` and `/api/v1/clients/{client_id}/summary`.

use super::metrics::{Attention, HomeworkSummary, Phq9Summary};
use crate::domain::{Phase, ProblemArea};
use crate::exercises::dto::ExerciseLogResponse;
use crate::homework::dto::HomeworkResponse;
use crate::reminders::dto::NotificationResponse;
use crate::safety::dto::AlertResponse;
use crate::safety_plan::SafetyPlanResponse;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Dashboard filters.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams, validator::Validate)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DashboardFilter {
    /// Only clients in this phase.
    pub phase: Option<Phase>,
    /// Only clients working on this problem area.
    pub problem_area: Option<ProblemArea>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DashboardResponse {
    pub generated_at: DateTime<Utc>,
    /// Whoever needs attention first: open safety alerts, then worsening PHQ-9 or mood, then low
    /// adherence and inactivity (`attention.reasons` says why).
    pub clients: Vec<DashboardRow>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DailyMood {
    pub date: NaiveDate,
    /// Mean mood of the day's check-ins.
    pub mean: f64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReminderCounts {
    /// Pushes delivered in the last 7 days.
    pub sent_7d: i64,
    /// Of those, opened (as the app reports).
    pub opened_7d: i64,
}

/// One client's adherence, as `docs/adherence.md` defines each field.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DashboardRow {
    pub client_id: Uuid,
    pub display_name: String,
    pub phase: Phase,
    pub weeks_remaining: i64,
    pub homework: HomeworkSummary,
    /// Distinct local dates with a check-in among the last 7 (today included).
    pub checkin_days_7d: usize,
    /// Likewise among the last 28.
    pub checkin_days_28d: usize,
    /// Exercise logs practised in the last 7 × 24 hours.
    pub exercise_logs_7d: usize,
    /// The therapist's weekly practice target.
    pub weekly_practice_target: i32,
    /// Mood of the newest check-in.
    pub latest_mood: Option<i32>,
    /// Least-squares slope of the daily mean mood over the last 28 days, points per week.
    pub mood_trend_28d: Option<f64>,
    /// Daily mean mood over the last 28 days (the sparkline).
    pub mood_28d: Vec<DailyMood>,
    pub phq9: Option<Phq9Summary>,
    /// The GAD-7 of the latest acute course; `null` without one.
    pub gad7: Option<super::metrics::Gad7Trend>,
    /// An unacknowledged safety alert is open.
    pub risk_flag: bool,
    pub open_alerts: i64,
    /// The latest check-in, practice or homework completion.
    pub last_active_at: Option<DateTime<Utc>>,
    pub reminders: ReminderCounts,
    /// How urgently to look, and why.
    pub attention: Attention,
    /// The region whose crisis resources the client is shown (ISO 3166-1 alpha-2); null: the
    /// international ones.
    pub crisis_region: Option<String>,
    /// Whether someone set the crisis region (`region_source: set`). False while there is none
    /// or it was only derived from the time zone: the therapist confirms it with
    /// `PUT /clients/{client_id}/region`.
    pub crisis_region_confirmed: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Phq9Entry {
    pub recorded_at: DateTime<Utc>,
    pub total: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClientSummary {
    pub generated_at: DateTime<Utc>,
    pub row: DashboardRow,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    /// The date of each weekly session.
    pub session_dates: Vec<NaiveDate>,
    /// Daily mean mood from two weeks before the start until today.
    pub mood_daily: Vec<DailyMood>,
    pub phq9_series: Vec<Phq9Entry>,
    pub homework: Vec<HomeworkResponse>,
    pub exercise_logs: Vec<ExerciseLogResponse>,
    pub notifications: Vec<NotificationResponse>,
    pub open_alerts: Vec<AlertResponse>,
    /// What the client wrote in the check-ins of the open alerts.
    pub alert_checkins: Vec<AlertCheckin>,
    /// The newest PHQ-9, with item 9 as answered (null: not answered).
    pub latest_phq9: Option<LatestPhq9>,
    /// Item 9 of every PHQ-9, newest first (null: not answered, never taken as 0).
    pub item9_history: Vec<Item9Entry>,
    /// The current safety plan; null until one is written.
    pub safety_plan: Option<SafetyPlanResponse>,
}

/// The check-in behind an open alert, as the therapist needs it to act.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlertCheckin {
    pub alert_id: Uuid,
    pub note: Option<String>,
    /// The inventory person the check-in names (also one removed since).
    pub person: Option<String>,
}

/// Item 9 of one PHQ-9.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Item9Entry {
    pub recorded_at: DateTime<Utc>,
    /// 0–3; null when the client left it unanswered.
    pub item9: Option<u8>,
}

/// The newest PHQ-9 answers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LatestPhq9 {
    pub recorded_at: DateTime<Utc>,
    pub total: Option<i32>,
    pub prorated: bool,
    /// Item 9 as answered; null when the client skipped it (not answered, never 0).
    pub item9: Option<u8>,
}
