//! One client's summary: the dashboard row and the series behind the client page's charts.

use super::metrics::{self, MoodPoint};
use super::service::{DailyMood, DashboardRow, Scope, load};
use crate::alerts::AlertResponse;
use crate::clients::client_treatment;
use crate::domain::Timezone;
use crate::exercises::routes::ExerciseLogResponse;
use crate::homework::routes::HomeworkResponse;
use crate::reminders::routes::NotificationResponse;
use chrono::{DateTime, Days, NaiveDate, Utc};
use entities::{checkin, client, exercise_log, homework, reminder, safety_alert};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use utoipa::ToSchema;

/// How many of the newest exercise logs and notifications the summary carries.
const RECENT: u64 = 20;

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
}

/// The summary of `client` as of `now`.
///
/// # Errors
/// Database errors.
pub async fn client_summary<C: ConnectionTrait>(
    db: &C,
    client: &client::Model,
    now: DateTime<Utc>,
) -> Result<ClientSummary, DbErr> {
    let inputs = load(db, Scope::Client(client.id), now).await?;
    let row = inputs.row(client, now);
    let tz = Timezone::parse(&client.timezone).map_or(chrono_tz::UTC, Timezone::tz);
    let treatment = client_treatment(client);
    let today = crate::clients::client_today(client, now);
    let from = treatment
        .start_date
        .checked_sub_days(Days::new(14))
        .unwrap_or(treatment.start_date);
    let since = from.and_hms_opt(0, 0, 0).map_or(now, |d| d.and_utc()) - chrono::Duration::days(1);
    let moods = checkin::Entity::find()
        .select_only()
        .columns([
            checkin::Column::RecordedAt,
            checkin::Column::Mood,
            checkin::Column::Phq9Total,
        ])
        .filter(checkin::Column::ClientId.eq(client.id))
        .filter(checkin::Column::RecordedAt.gte(since))
        .order_by_asc(checkin::Column::RecordedAt)
        .into_tuple::<(DateTime<Utc>, i32, Option<i32>)>()
        .all(db)
        .await?;
    let points: Vec<MoodPoint> = moods
        .iter()
        .map(|(recorded_at, mood, _)| MoodPoint {
            recorded_at: *recorded_at,
            mood: *mood,
        })
        .collect();
    let days = u64::try_from((today - from).num_days() + 1)
        .unwrap_or(1)
        .max(1);
    let mood_daily = metrics::daily_mean_mood(&points, tz, today, days)
        .into_iter()
        .map(|(date, mean)| DailyMood {
            date,
            mean: (mean * 100.0).round() / 100.0,
        })
        .collect();
    let phq9_series = moods
        .iter()
        .filter_map(|(recorded_at, _, total)| {
            total.map(|total| Phq9Entry {
                recorded_at: *recorded_at,
                total,
            })
        })
        .collect();
    let session_dates = (0..u64::from(treatment.planned_sessions.get()))
        .filter_map(|k| treatment.start_date.checked_add_days(Days::new(7 * k)))
        .collect();
    let homework = homework::Entity::find()
        .filter(homework::Column::ClientId.eq(client.id))
        .order_by_desc(homework::Column::Id)
        .limit(100)
        .all(db)
        .await?;
    let logs = exercise_log::Entity::find()
        .filter(exercise_log::Column::ClientId.eq(client.id))
        .order_by_desc(exercise_log::Column::PracticedAt)
        .limit(RECENT)
        .all(db)
        .await?;
    let notifications = reminder::Entity::find()
        .filter(reminder::Column::ClientId.eq(client.id))
        .filter(reminder::Column::ScheduledFor.lte(now))
        .order_by_desc(reminder::Column::ScheduledFor)
        .limit(RECENT)
        .all(db)
        .await?;
    let alerts = safety_alert::Entity::find()
        .filter(safety_alert::Column::ClientId.eq(client.id))
        .filter(safety_alert::Column::AcknowledgedAt.is_null())
        .order_by_asc(safety_alert::Column::Id)
        .all(db)
        .await?;
    Ok(ClientSummary {
        generated_at: now,
        row,
        start_date: treatment.start_date,
        end_date: treatment.end_date(),
        session_dates,
        mood_daily,
        phq9_series,
        homework: homework.iter().map(HomeworkResponse::from).collect(),
        exercise_logs: logs.iter().map(ExerciseLogResponse::from).collect(),
        notifications: notifications
            .iter()
            .map(NotificationResponse::from)
            .collect(),
        open_alerts: alerts.iter().map(AlertResponse::from).collect(),
    })
}
