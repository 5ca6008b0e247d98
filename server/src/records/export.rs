//! A client's export as the API hands it out.

use crate::checkins::dto::CheckinResponse;
use crate::clients::dto::ClientResponse;
use crate::devices::dto::DeviceResponse;
use crate::exercises::dto::ExerciseLogResponse;
use crate::formulation::dto::FormulationResponse;
use crate::homework::dto::HomeworkResponse;
use crate::readings::dto::ReadingOpenedResponse;
use crate::relapse_plan::dto::RelapsePlanResponse;
use crate::relationships::dto::RelationshipResponse;
use crate::reminders::dto::{NotificationResponse, ReminderSettingsBody};
use crate::safety::dto::AlertResponse;
use crate::safety_plan::SafetyPlanResponse;
use crate::sessions::dto::SessionResponse;
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
    /// The ASQ follow-up screens, oldest first.
    pub risk_screens: Vec<crate::risk_screens::dto::RiskScreenResponse>,
    pub homework: Vec<HomeworkResponse>,
    pub devices: Vec<DeviceResponse>,
    pub notifications: Vec<NotificationResponse>,
    pub safety_alerts: Vec<AlertResponse>,
    /// The current version of the safety plan; null if none was written.
    pub safety_plan: Option<SafetyPlanResponse>,
    /// Every version of the safety plan ever written, oldest first (the last is `safety_plan`).
    pub safety_plan_versions: Vec<SafetyPlanResponse>,
    /// The sessions of the course, with their measures and the goals rated at each (also
    /// goals since removed from the formulation).
    pub sessions: Vec<SessionResponse>,
    /// The formulation and its goals with their ratings; null if none was written.
    pub formulation: Option<FormulationResponse>,
    /// The relapse-prevention plan; null if none was written.
    pub relapse_plan: Option<RelapsePlanResponse>,
    /// The psychoeducation readings the client opened.
    pub readings_opened: Vec<ReadingOpenedResponse>,
}

impl Export {
    /// An export of `client` at `now` that holds nothing else yet: the record kinds of
    /// `crate::records` each fill their fields.
    pub(crate) fn begin(now: DateTime<Utc>, client: ClientResponse) -> Self {
        Self {
            exported_at: now,
            client,
            reminder_settings: crate::reminders::settings::ReminderSettings::defaults().body(),
            relationships: Vec::new(),
            checkins: Vec::new(),
            exercise_logs: Vec::new(),
            risk_screens: Vec::new(),
            homework: Vec::new(),
            devices: Vec::new(),
            notifications: Vec::new(),
            safety_alerts: Vec::new(),
            safety_plan: None,
            safety_plan_versions: Vec::new(),
            sessions: Vec::new(),
            formulation: None,
            relapse_plan: None,
            readings_opened: Vec::new(),
        }
    }
}
