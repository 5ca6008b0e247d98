//! Request and response bodies of the safety endpoints.

use crate::wire::Text;
use super::model::{AlertFilter, SafetyContacts};
use crate::domain::rule;
use chrono::{DateTime, Utc};
use entities::TherapistId;
use entities::risk_screen::{self, ScreenOutcome};
use entities::safety_alert::{self, AlertAction, AlertSource};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::{Validate, ValidationError};

/// Which alerts to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum AlertStatusParam {
    /// Not yet acknowledged (the default).
    #[default]
    Open,
    /// Acknowledged by a therapist.
    Acknowledged,
    /// Open and acknowledged alike.
    All,
}

impl From<AlertStatusParam> for AlertFilter {
    fn from(p: AlertStatusParam) -> Self {
        match p {
            AlertStatusParam::Open => Self::Open,
            AlertStatusParam::Acknowledged => Self::Acknowledged,
            AlertStatusParam::All => Self::All,
        }
    }
}

/// `?status&limit&cursor`.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AlertListParams {
    /// `open` (default), `acknowledged` or `all`.
    #[param(inline)]
    pub status: Option<AlertStatusParam>,
}

/// Where an alert's signal came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A stored check-in.
    Checkin,
    /// A submission the server refused (422 or 409) that still carried a safety signal.
    RefusedSubmission,
    /// A stored ASQ follow-up screen.
    RiskScreen,
    /// A stored exercise log whose danger question was answered "yes".
    ExerciseLog,
}

/// What the therapist did about an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionTaken {
    /// The therapist contacted the client.
    ContactedClient,
    /// The client's safety plan was reviewed with them.
    SafetyPlanReviewed,
    /// Emergency services were involved.
    EmergencyServices,
    /// Reviewed; no action was needed.
    ReviewedNoActionNeeded,
    /// Anything else; a note says what.
    Other,
}

impl From<ActionTaken> for AlertAction {
    fn from(a: ActionTaken) -> Self {
        match a {
            ActionTaken::ContactedClient => Self::ContactedClient,
            ActionTaken::SafetyPlanReviewed => Self::SafetyPlanReviewed,
            ActionTaken::EmergencyServices => Self::EmergencyServices,
            ActionTaken::ReviewedNoActionNeeded => Self::ReviewedNoActionNeeded,
            ActionTaken::Other => Self::Other,
        }
    }
}

impl From<AlertAction> for ActionTaken {
    fn from(a: AlertAction) -> Self {
        match a {
            AlertAction::ContactedClient => Self::ContactedClient,
            AlertAction::SafetyPlanReviewed => Self::SafetyPlanReviewed,
            AlertAction::EmergencyServices => Self::EmergencyServices,
            AlertAction::ReviewedNoActionNeeded => Self::ReviewedNoActionNeeded,
            AlertAction::Other => Self::Other,
        }
    }
}

/// A safety alert with what a therapist needs to act on it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertResponse {
    /// The id.
    pub id: Uuid,
    /// The client whose answers raised it.
    pub client_id: Uuid,
    /// What raised it: `phq9_item9` (thoughts of self-harm reported), `severe_item9_unanswered`
    /// (a PHQ-9 total of 20 or more with item 9 left open), `asq_positive` (a positive ASQ),
    /// `acute_risk` (an acute positive ASQ), `relationship_danger` (speaking up to someone could
    /// put the client in danger).
    #[schema(schema_with = crate::wire::string_enum::<entities::safety_alert::AlertKind>)]
    pub kind: String,
    /// The episode it belongs to: the client's alerts open at the same time share one (the
    /// id of its first alert). Acknowledging one acknowledges the episode.
    pub episode_id: Uuid,
    /// `urgent` (on-call is told at once) or `normal`.
    #[schema(schema_with = crate::wire::string_enum::<entities::safety_alert::Urgency>)]
    pub urgency: String,
    /// The newest ASQ screen of the client since the episode began, if any.
    pub risk_screen: Option<AlertRiskScreen>,
    /// When the alert was raised.
    pub created_at: DateTime<Utc>,
    /// The PHQ-9 item-9 answer, 1–3 (null when item 9 was not answered, for alerts not raised
    /// by a PHQ-9, and for alerts older than this field).
    #[schema(minimum = 0, maximum = 3)]
    pub item9: Option<i32>,
    /// The PHQ-9 total of the submission (prorated over skipped items); null when it has none.
    pub phq9_total: Option<i32>,
    /// The check-in (null for a refused submission, and after the client's erasure).
    pub checkin_id: Option<Uuid>,
    /// When the client recorded the check-in.
    pub recorded_at: Option<DateTime<Utc>>,
    /// The client's time zone (IANA), to show `recorded_at` in local time.
    pub timezone: Option<String>,
    /// Where the signal came from.
    pub source: Source,
    /// When the first notification channel accepted the therapist's notification.
    pub notified_at: Option<DateTime<Utc>>,
    /// When it was escalated to on-call, unacknowledged.
    pub escalated_at: Option<DateTime<Utc>>,
    /// When a therapist acknowledged it; null while open.
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// The therapist who acknowledged it.
    pub acknowledged_by: Option<Uuid>,
    /// What the acknowledging therapist did; null while open.
    pub action: Option<ActionTaken>,
    /// The acknowledging therapist's note.
    pub note: Option<String>,
    /// The client was erased; this minimal record stays until the alert is acknowledged.
    pub client_erased: bool,
    /// For `relationship_danger`: the person of the client's inventory speaking up to could be
    /// dangerous (null when none was named, and once the person or the client is gone).
    pub relationship: Option<AlertPerson>,
}

/// A person of the client's inventory, as the therapist's alert names them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlertPerson {
    /// The person's id in the client's inventory.
    pub id: Uuid,
    /// The client's name for the person, as it reads now.
    pub label: String,
}

impl From<&safety_alert::Model> for AlertResponse {
    fn from(row: &safety_alert::Model) -> Self {
        Self {
            id: row.id.uuid(),
            client_id: row.client_id.uuid(),
            kind: sea_orm::ActiveEnum::to_value(&row.kind),
            episode_id: row.episode_id.uuid(),
            urgency: sea_orm::ActiveEnum::to_value(&row.urgency),
            risk_screen: None,
            created_at: row.created_at,
            item9: row.item9,
            phq9_total: row.phq9_total,
            checkin_id: row.checkin_id.map(|c| c.uuid()),
            recorded_at: row.recorded_at,
            timezone: row.timezone.map(|z| z.name().to_owned()),
            source: match row.source {
                AlertSource::Checkin => Source::Checkin,
                AlertSource::RefusedSubmission => Source::RefusedSubmission,
                AlertSource::RiskScreen => Source::RiskScreen,
                AlertSource::ExerciseLog => Source::ExerciseLog,
            },
            notified_at: row.notified_at,
            escalated_at: row.escalated_at,
            acknowledged_at: row.acknowledged_at,
            acknowledged_by: row.acknowledged_by.map(TherapistId::uuid),
            action: row.action.map(ActionTaken::from),
            note: row.note.clone(),
            client_erased: row.client_erased_at.is_some(),
            relationship: None,
        }
    }
}

impl AlertResponse {
    /// The alert with the newest screen of its episode (see
    /// `risk_screens::service::for_alerts`).
    #[must_use]
    pub fn with_screen(mut self, screen: Option<&entities::risk_screen::Model>) -> Self {
        self.risk_screen = screen.map(AlertRiskScreen::from);
        self
    }

    /// The alert naming its person from `labels` (see
    /// `relationships::service::labels_for_alerts`): null when it is not there.
    #[must_use]
    pub fn with_person(
        mut self,
        row: &safety_alert::Model,
        labels: &std::collections::HashMap<entities::RelationshipId, String>,
    ) -> Self {
        self.relationship = row.relationship_id.and_then(|id| {
            labels.get(&id).map(|label| AlertPerson {
                id: id.uuid(),
                label: label.clone(),
            })
        });
        self
    }
}

fn valid_acknowledgement(body: &AcknowledgeRequest) -> Result<(), ValidationError> {
    let has_note = body.note.as_deref().is_some_and(|n| !n.trim().is_empty());
    if body.action == ActionTaken::Other && !has_note {
        let mut error = ValidationError::new("note_required");
        error.message = Some("is required when the action is other".into());
        return Err(error);
    }
    Ok(())
}

/// `POST /alerts/{id}/acknowledge`: what was done.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[validate(schema(function = "valid_acknowledgement", skip_on_field_errors = true))]
pub struct AcknowledgeRequest {
    /// What was done about the alert.
    pub action: ActionTaken,
    /// Required when `action` is `other`.
    #[validate(nested)]
    pub note: Option<Text<0, 2000>>,
}

/// `?region=`.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CrisisParams {
    /// ISO 3166-1 alpha-2 region (`DE`); unknown or absent: the international resources.
    #[validate(length(equal = 2, message = "must be a two-letter region code"))]
    #[param(min_length = 2, max_length = 2, example = "DE")]
    pub region: Option<String>,
}

fn valid_email(raw: &str) -> Result<(), ValidationError> {
    rule(crate::domain::Email::parse(raw))
}

/// A therapist's escalation contacts.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SafetyContactsBody {
    /// Whom on-call escalation e-mails when an alert of this therapist stays unacknowledged;
    /// null: the deployment's `IPT_ESCALATION_EMAIL`.
    #[validate(custom(function = "valid_email"))]
    pub escalation_email: Option<String>,
    /// A number on-call can reach this therapist at (shown in the escalation e-mail): one line,
    /// so that it cannot add lines or headers to that e-mail.
    #[validate(nested, custom(function = "crate::extract::single_line"))]
    pub phone: Option<Text<3, 40>>,
}

impl From<SafetyContacts> for SafetyContactsBody {
    fn from(c: SafetyContacts) -> Self {
        Self {
            escalation_email: c.escalation_email,
            phone: c.phone.map(Text::from),
        }
    }
}

// The screen an alert shows is part of the alert's answer: the types live with the alert, and
// the risk-screen feature, which opens alerts, uses them from here.

/// The answers of an ASQ: `true` is yes. The app shows the validated wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AsqAnswersBody {
    /// Question 1.
    pub q1: bool,
    /// Question 2.
    pub q2: bool,
    /// Question 3.
    pub q3: bool,
    /// Question 4.
    pub q4: bool,
    /// Question 5 (thoughts right now): required after a yes to any of 1–4, else `null`.
    pub q5: Option<bool>,
}

impl From<&risk_screen::Model> for AsqAnswersBody {
    fn from(row: &risk_screen::Model) -> Self {
        Self {
            q1: row.q1,
            q2: row.q2,
            q3: row.q3,
            q4: row.q4,
            q5: row.q5,
        }
    }
}

/// A screen as an alert shows it: the newest of the client since the alert's episode began.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlertRiskScreen {
    /// The screen.
    pub id: Uuid,
    /// Its outcome.
    #[schema(schema_with = crate::wire::string_enum::<ScreenOutcome>)]
    pub outcome: String,
    /// Its answers.
    pub answers: AsqAnswersBody,
}

impl From<&risk_screen::Model> for AlertRiskScreen {
    fn from(row: &risk_screen::Model) -> Self {
        Self {
            id: row.id.uuid(),
            outcome: sea_orm::ActiveEnum::to_value(&row.outcome),
            answers: AsqAnswersBody::from(row),
        }
    }
}
