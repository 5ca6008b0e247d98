//! A safety alert: a client answered PHQ-9 item 9 (thoughts of self-harm) above 0 (or left it
//! unanswered with a severe total), screened positive on the ASQ, or said that speaking up could
//! put them in danger; in a submission that was stored or in one that was refused. It outlives
//! the client's erasure as a minimal record until it is acknowledged.

use crate::risk_screen::RiskScreenId;
use crate::{AlertId, CheckinId, ClientId, ExerciseLogId, RelationshipId, TherapistId};
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
    /// A stored ASQ follow-up screen.
    #[sea_orm(string_value = "risk_screen")]
    RiskScreen,
    /// A stored exercise log whose danger question was answered "yes".
    #[sea_orm(string_value = "exercise_log")]
    ExerciseLog,
}

/// What signal opened an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum AlertKind {
    /// PHQ-9 item 9 (thoughts of self-harm) answered above 0.
    #[sea_orm(string_value = "phq9_item9")]
    Phq9Item9,
    /// A PHQ-9 total of 20 or more whose item 9 was left unanswered.
    #[sea_orm(string_value = "severe_item9_unanswered")]
    SevereItem9Unanswered,
    /// A positive ASQ screen without thoughts of suicide right now.
    #[sea_orm(string_value = "asq_positive")]
    AsqPositive,
    /// An acute positive ASQ screen: imminent risk, on-call is told at once.
    #[sea_orm(string_value = "acute_risk")]
    AcuteRisk,
    /// The client said speaking up to someone could put them in danger.
    #[sea_orm(string_value = "relationship_danger")]
    RelationshipDanger,
}

/// How fast a person must be reached. Ordered: `Urgent` raises a `Normal` episode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum Urgency {
    /// The therapist is told; on-call after the escalation delay.
    #[sea_orm(string_value = "normal")]
    Normal,
    /// The therapist and on-call are told at once.
    #[sea_orm(string_value = "urgent")]
    Urgent,
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
    /// The alerts of a client open at the same time share one episode (the first one's id).
    pub episode_id: AlertId,
    pub urgency: Urgency,
    /// The ASQ screen that opened it.
    pub risk_screen_id: Option<RiskScreenId>,
    /// The exercise log whose danger question opened it.
    pub exercise_log_id: Option<ExerciseLogId>,
    /// The person of the inventory the danger question named (shown to the therapist only).
    pub relationship_id: Option<RelationshipId>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
