//! A client's export as the API hands it out.

use crate::checkins::dto::CheckinResponse;
use crate::clients::dto::ClientResponse;
use crate::devices::dto::DeviceResponse;
use crate::exercises::dto::ExerciseLogResponse;
use crate::homework::dto::HomeworkResponse;
use crate::relationships::dto::RelationshipResponse;
use crate::reminders::dto::{NotificationResponse, ReminderSettingsBody};
use crate::safety::dto::AlertResponse;
use crate::safety_plan::SafetyPlanResponse;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// Everything the service holds about a client.
#[derive(Debug, Serialize, ToSchema)]
pub struct Export {
    pub exported_at: DateTime<Utc>,
    pub client: ClientResponse,
    pub reminder_settings: ReminderSettingsBody,
    pub relationships: Vec<RelationshipResponse>,
    pub checkins: Vec<CheckinResponse>,
    pub exercise_logs: Vec<ExerciseLogResponse>,
    pub homework: Vec<HomeworkResponse>,
    pub devices: Vec<DeviceResponse>,
    pub notifications: Vec<NotificationResponse>,
    pub safety_alerts: Vec<AlertResponse>,
    /// The current version of the safety plan; null if none was written.
    pub safety_plan: Option<SafetyPlanResponse>,
}
