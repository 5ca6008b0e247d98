//! One client's summary: the dashboard row and the series behind the client page's charts.

use super::metrics::{self, MoodPoint};
use super::service::{DailyMood, DashboardRow, Scope, load};
use crate::clients::client_treatment;
use crate::domain::Timezone;
use crate::exercises::routes::ExerciseLogResponse;
use crate::homework::routes::HomeworkResponse;
use crate::reminders::routes::NotificationResponse;
use crate::safety::dto::AlertResponse;
use crate::safety_plan::{self, SafetyPlanResponse};
use chrono::{DateTime, Days, NaiveDate, Utc};
use entities::{checkin, client, exercise_log, homework, reminder};
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
    /// What the client wrote in the check-ins of the open alerts.
    pub alert_checkins: Vec<AlertCheckin>,
    /// The newest PHQ-9, with item 9 as answered (null: not answered).
    pub latest_phq9: Option<LatestPhq9>,
    /// The current safety plan; null until one is written.
    pub safety_plan: Option<SafetyPlanResponse>,
}

/// The check-in behind an open alert, as the therapist needs it to act.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlertCheckin {
    pub alert_id: uuid::Uuid,
    pub note: Option<String>,
    /// The inventory person the check-in names (also one removed since).
    pub person: Option<String>,
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
    let alerts = crate::safety::service::open_alerts_of_client(db, client.id).await?;
    let mut alert_checkins = Vec::new();
    for alert in &alerts {
        let Some(id) = alert.checkin_id else { continue };
        if let Some(c) = checkin::Entity::find_by_id(id).one(db).await? {
            let person = match c.relationship_id {
                Some(p) => entities::relationship::Entity::find_by_id(p)
                    .one(db)
                    .await?
                    .map(|r| r.label),
                None => None,
            };
            alert_checkins.push(AlertCheckin {
                alert_id: alert.id.uuid(),
                note: c.note,
                person,
            });
        }
    }
    let latest_phq9 = checkin::Entity::find()
        .filter(checkin::Column::ClientId.eq(client.id))
        .filter(checkin::Column::Phq9.is_not_null())
        .order_by_desc(checkin::Column::RecordedAt)
        .one(db)
        .await?
        .and_then(|c| {
            let answers = crate::domain::Phq9Answers::from_stored(c.phq9.as_deref()?)?;
            Some(LatestPhq9 {
                recorded_at: c.recorded_at,
                total: c.phq9_total,
                prorated: answers.prorated(),
                item9: answers.item9(),
            })
        });
    let plan = safety_plan::load(db, client.id).await?;
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
        alert_checkins,
        latest_phq9,
        safety_plan: plan.as_ref().map(SafetyPlanResponse::from),
    })
}
