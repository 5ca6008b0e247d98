//! A safety alert: a client answered PHQ-9 item 9 (thoughts of self-harm) above 0, in a
//! check-in that was stored or in one that was refused. It outlives the client's erasure as a
//! minimal record until it is acknowledged.

use crate::{AlertId, CheckinId, ClientId, TherapistId};
use sea_orm::entity::prelude::*;

/// Where the signal came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum AlertSource {
    /// A stored check-in.
    #[sea_orm(string_value = "checkin")]
    Checkin,
    /// A check-in the server refused (422 or 409) whose PHQ-9 was itself well-formed.
    #[sea_orm(string_value = "refused_submission")]
    RefusedSubmission,
}

/// What signal opened an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum AlertKind {
    /// PHQ-9 item 9 (thoughts of self-harm) answered above 0.
    #[sea_orm(string_value = "phq9_item9")]
    Phq9Item9,
}

/// What the therapist did about an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum AlertAction {
    #[sea_orm(string_value = "contacted_client")]
    ContactedClient,
    #[sea_orm(string_value = "safety_plan_reviewed")]
    SafetyPlanReviewed,
    #[sea_orm(string_value = "emergency_services")]
    EmergencyServices,
    #[sea_orm(string_value = "reviewed_no_action_needed")]
    ReviewedNoActionNeeded,
    #[sea_orm(string_value = "other")]
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "safety_alerts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: AlertId,
    pub client_id: ClientId,
    pub therapist_id: TherapistId,
    /// The stored check-in; none for a refused submission or after erasure.
    pub checkin_id: Option<CheckinId>,
    /// The submitted check-in id, or a hash of a body without one: one alert per submission.
    pub dedupe_key: Uuid,
    pub kind: AlertKind,
    pub source: AlertSource,
    /// The item-9 answer (1–3); kept after erasure.
    pub item9: Option<i32>,
    pub phq9_total: Option<i32>,
    pub recorded_at: Option<DateTimeUtc>,
    /// The client's zone when the alert was raised (to show its local time).
    pub timezone: Option<crate::Timezone>,
    pub created_at: DateTimeUtc,
    /// When the first channel accepted the therapist's notification.
    pub notified_at: Option<DateTimeUtc>,
    /// When it was escalated to on-call, unacknowledged.
    pub escalated_at: Option<DateTimeUtc>,
    pub acknowledged_at: Option<DateTimeUtc>,
    pub acknowledged_by: Option<TherapistId>,
    pub action: Option<AlertAction>,
    pub note: Option<String>,
    /// The client was erased while this alert was open; only the minimal record is left.
    pub client_erased_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
