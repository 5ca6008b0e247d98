//! Reminder settings and delivered notifications as the API shows them.

use super::kind::ReminderKind;
use chrono::{DateTime, Utc};
use entities::outbox;
use entities::outbox::OutboxStatus;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// The contract's statuses; a reminder waiting for a retry shows as `pending`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotificationStatus {
    /// Not sent yet: waiting for its time, or for a retry after a failed attempt.
    Pending,
    /// FCM accepted the push for at least one of the client's devices.
    Sent,
    /// Given up: FCM refused it, or the attempts or the grace window ran out.
    Failed,
    /// Not sent: push is off on this server, or the client has no registered device.
    Skipped,
    /// Not sent: its grace window had passed before it could go out.
    Missed,
}

/// A push planned or sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationResponse {
    /// The id; the push carries it as `reminder_id`.
    pub id: Uuid,
    /// What the reminder is about.
    pub kind: ReminderKind,
    /// When it is due, in UTC (already moved out of quiet hours).
    pub scheduled_for: DateTime<Utc>,
    /// Where its delivery stands.
    pub status: NotificationStatus,
    /// When FCM accepted it; null unless sent.
    pub sent_at: Option<DateTime<Utc>>,
    /// When the client opened it, if the app reported it.
    pub opened_at: Option<DateTime<Utc>>,
    /// Delivery attempts so far (a failed attempt is retried with back-off while `pending`).
    pub attempts: i32,
}

impl From<&outbox::Model> for NotificationResponse {
    fn from(row: &outbox::Model) -> Self {
        // A retrying occurrence is still pending for the app (with its attempts).
        let status = match row.status {
            OutboxStatus::Sent => NotificationStatus::Sent,
            OutboxStatus::Failed => NotificationStatus::Failed,
            OutboxStatus::Skipped => NotificationStatus::Skipped,
            OutboxStatus::Missed => NotificationStatus::Missed,
            OutboxStatus::Pending | OutboxStatus::Retrying => NotificationStatus::Pending,
        };
        Self {
            id: row.id.uuid(),
            kind: row.kind.into(),
            scheduled_for: row.scheduled_for,
            status,
            sent_at: row.sent_at,
            opened_at: row.opened_at,
            attempts: row.attempts,
        }
    }
}

/// A recurring practice prompt: one local time on some weekdays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PracticePromptBody {
    /// `HH:MM` in the client's zone.
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "18:30")]
    pub local_time: String,
    /// ISO weekdays, Monday = 1 … Sunday = 7.
    #[schema(schema_with = weekdays_schema)]
    pub weekdays: Vec<i64>,
}

/// `weekdays`: each 1–7, as `IsoWeekday::parse` accepts them. (utoipa has no attribute for the
/// bounds of array items.)
fn weekdays_schema() -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
    ArrayBuilder::new()
        .items(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(1))
                .maximum(Some(7)),
        )
        .description(Some("ISO weekdays, Monday = 1 … Sunday = 7."))
        .examples([serde_json::json!([1, 3, 5])])
        .build()
}

/// The daily check-in reminder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckinReminderBody {
    /// `HH:MM` in the client's zone, every day.
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "20:00")]
    pub local_time: String,
}

/// Hours in which no reminder is sent, in the client's zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuietHoursBody {
    /// `HH:MM`; quiet hours may wrap midnight.
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "22:00")]
    pub start: String,
    /// `HH:MM`, must differ from `start`; a reminder due inside the quiet hours comes at this time.
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "07:30")]
    pub end: String,
}

/// The settings as the API reads and writes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "practice_prompts": [{"local_time": "08:30", "weekdays": [1, 3, 5]}],
    "checkin_reminder": {"local_time": "20:00"},
    "quiet_hours": {"start": "22:00", "end": "07:00"}
}))]
pub struct ReminderSettingsBody {
    /// At most 20 practice prompts, no two at the same time on the same weekday; empty = none.
    #[schema(max_items = 20)]
    pub practice_prompts: Vec<PracticePromptBody>,
    /// The daily check-in reminder; null or absent = off.
    #[serde(default)]
    pub checkin_reminder: Option<CheckinReminderBody>,
    /// No reminder is sent inside them; one due then comes at their end. Null or absent = none.
    #[serde(default)]
    pub quiet_hours: Option<QuietHoursBody>,
}
