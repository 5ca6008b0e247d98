//! One client's summary: the dashboard row and the series behind the client page's charts.

use super::dto::ClientSummary;

use super::dto::{AlertCheckin, DailyMood, Item9Entry, LatestPhq9, Phq9Entry};
use super::metrics::{self, MoodPoint};
use super::queries;
use super::service::{Scope, load};
use crate::aggregate::load_client;
use crate::exercises::dto::ExerciseLogResponse;
use crate::homework::dto::HomeworkResponse;
use crate::reminders::dto::NotificationResponse;
use crate::safety::dto::AlertResponse;
use crate::safety_plan::{self, SafetyPlanResponse};
use chrono::{DateTime, Days, Utc};
use entities::client;
use sea_orm::{ConnectionTrait, DbErr};

/// How many of the newest exercise logs and notifications the summary carries.
const RECENT: u64 = 20;
/// How many of the newest homework assignments the summary carries.
const RECENT_HOMEWORK: u64 = 100;

/// The summary of `client` as of `now`.
///
/// # Errors
/// Database errors, and a stored course of treatment that does not parse (logged by
/// [`Client::try_from`]).
pub async fn client_summary<C: ConnectionTrait>(
    db: &C,
    client: &client::Model,
    now: DateTime<Utc>,
) -> Result<ClientSummary, DbErr> {
    let client = load_client(db, client.clone()).await?;
    let inputs = load(db, Scope::Client(client.id()), now).await?;
    let row = inputs.row(&client, now);
    let tz = client.timezone().tz();
    let treatment = client.treatment();
    let today = client.today(now);
    let from = treatment
        .start_date
        .checked_sub_days(Days::new(14))
        .unwrap_or(treatment.start_date);
    let since = from.and_hms_opt(0, 0, 0).map_or(now, |d| d.and_utc()) - chrono::Duration::days(1);
    let moods = queries::checkins_since(db, client.id(), since).await?;
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
    let homework = queries::newest_homework(db, client.id(), RECENT_HOMEWORK).await?;
    let logs = queries::newest_exercise_logs(db, client.id(), RECENT).await?;
    let notifications = queries::newest_notifications(db, client.id(), now, RECENT).await?;
    let alerts = crate::safety::service::open_alerts_of_client(db, client.id()).await?;
    let screens = crate::risk_screens::service::for_alerts(db, &alerts).await?;
    let people = crate::relationships::service::labels_for_alerts(db, &alerts).await?;
    let mut alert_checkins = Vec::new();
    for alert in &alerts {
        let Some(id) = alert.checkin_id else { continue };
        if let Some((c, person)) = queries::checkin_with_person(db, id).await? {
            alert_checkins.push(AlertCheckin {
                alert_id: alert.id.uuid(),
                note: c.note,
                person,
            });
        }
    }
    let latest_phq9 = queries::latest_phq9(db, client.id()).await?.and_then(|c| {
        let answers = crate::domain::Phq9Answers::from_stored(c.phq9.as_deref()?)?;
        Some(LatestPhq9 {
            recorded_at: c.recorded_at,
            total: c.phq9_total,
            prorated: answers.prorated(),
            item9: answers.item9(),
        })
    });
    let item9_history = queries::item9_history(db, client.id())
        .await?
        .into_iter()
        .map(|(recorded_at, item9)| Item9Entry { recorded_at, item9 })
        .collect();
    let plan = safety_plan::load(db, client.id()).await?;
    Ok(ClientSummary {
        generated_at: now,
        row,
        start_date: treatment.start_date,
        end_date: treatment.end_date(),
        session_dates: client.session_dates(),
        mood_daily,
        phq9_series,
        homework: homework.iter().map(HomeworkResponse::from).collect(),
        exercise_logs: logs.iter().map(ExerciseLogResponse::from).collect(),
        notifications: notifications
            .iter()
            .map(NotificationResponse::from)
            .collect(),
        open_alerts: alerts
            .iter()
            .map(|a| {
                AlertResponse::from(a)
                    .with_screen(screens.get(&a.id))
                    .with_person(a, &people)
            })
            .collect(),
        alert_checkins,
        latest_phq9,
        item9_history,
        safety_plan: plan.as_ref().map(SafetyPlanResponse::from),
    })
}
