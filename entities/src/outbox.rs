//! The reminder outbox: one row per planned occurrence of a push.

use crate::{ClientId, ReminderId};
use sea_orm::entity::prelude::*;

/// What an occurrence reminds of (the server's `ReminderKind`, as stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum OutboxKind {
    #[sea_orm(string_value = "practice_prompt")]
    PracticePrompt,
    #[sea_orm(string_value = "checkin_reminder")]
    CheckinReminder,
    #[sea_orm(string_value = "homework_due")]
    HomeworkDue,
    #[sea_orm(string_value = "session_reminder")]
    SessionReminder,
    #[sea_orm(string_value = "treatment_countdown")]
    TreatmentCountdown,
    #[sea_orm(string_value = "maintenance")]
    Maintenance,
    #[sea_orm(string_value = "questionnaire_due")]
    QuestionnaireDue,
    /// A phone's sign-in lapses soon: one discreet "open the app" push to that phone.
    #[sea_orm(string_value = "stay_connected")]
    StayConnected,
}

/// Where an occurrence in the outbox stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum OutboxStatus {
    /// Planned, not yet due or not yet claimed.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// An attempt failed; another follows at `next_attempt_at`.
    #[sea_orm(string_value = "retrying")]
    Retrying,
    #[sea_orm(string_value = "sent")]
    Sent,
    #[sea_orm(string_value = "failed")]
    Failed,
    /// Not sent on purpose (no device, push not configured).
    #[sea_orm(string_value = "skipped")]
    Skipped,
    /// Later than its grace window (after downtime): not sent late.
    #[sea_orm(string_value = "missed")]
    Missed,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reminder_outbox")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: ReminderId,
    pub client_id: ClientId,
    pub kind: OutboxKind,
    /// Unique per occurrence: client, kind, nominal local date and time, and the homework it
    /// concerns. Planning the same occurrence twice finds this key taken.
    #[sea_orm(unique)]
    pub occurrence_key: String,
    /// The nominal local date and time (before quiet hours moved it).
    pub local_date: Date,
    pub local_time: crate::LocalTimeOfDay,
    /// The homework a `homework_due` reminder is about.
    pub ref_id: Option<Uuid>,
    /// The instant it is due, after the time-zone rules and quiet hours.
    pub scheduled_for: DateTimeUtc,
    pub status: OutboxStatus,
    pub attempts: i32,
    /// When it may next be claimed (`scheduled_for`, or later after a failed attempt).
    pub next_attempt_at: DateTimeUtc,
    /// The dispatcher holding it, until `lease_expires_at`.
    pub lease_owner: Option<String>,
    pub lease_expires_at: Option<DateTimeUtc>,
    pub sent_at: Option<DateTimeUtc>,
    /// When the client opened it (reported by the app), if known.
    pub opened_at: Option<DateTimeUtc>,
    /// An FCM error code or a reason (`no_device`); never personal data.
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
