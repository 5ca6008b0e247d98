//! The safety feature's domain types: the configured notification channels, a signal to record
//! as an alert, which alerts to list, an acknowledgement, and a therapist's escalation contacts.

use crate::domain::Timezone;
use chrono::{DateTime, Utc};
use entities::risk_screen::RiskScreenId;
use entities::safety_alert::{AlertAction, AlertKind, AlertSource, Urgency};
use entities::{AlertId, CheckinId, ClientId, ExerciseLogId, RelationshipId, TherapistId};
use uuid::Uuid;

/// Which notification channels this deployment has configured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Channels {
    pub email: bool,
    pub webhook: bool,
    /// FCM credentials exist; a push goes only to a therapist with a registered phone.
    pub push: bool,
    /// The deployment has an on-call address (`IPT_ESCALATION_EMAIL`) for therapists who set
    /// none.
    pub on_call_email: bool,
}

/// A safety signal to record.
#[derive(Debug, Clone)]
pub struct NewAlert {
    pub client: ClientId,
    pub therapist: TherapistId,
    pub kind: AlertKind,
    /// `Urgent` tells on-call at once (an acute positive screen).
    pub urgency: Urgency,
    /// The stored check-in (none for a refused submission).
    pub checkin: Option<CheckinId>,
    /// The submitted record's id (check-in, screen, exercise log), or a hash of a body without
    /// one: one alert per submission.
    pub dedupe_key: Uuid,
    pub source: AlertSource,
    /// The PHQ-9 item-9 answer, when a PHQ-9 raised the signal and item 9 was answered.
    pub item9: Option<u8>,
    /// The ASQ screen that raised the signal.
    pub risk_screen: Option<RiskScreenId>,
    /// The exercise log whose danger question raised the signal, and the person it named.
    pub exercise_log: Option<ExerciseLogId>,
    pub relationship: Option<RelationshipId>,
    pub phq9_total: Option<i32>,
    pub recorded_at: Option<DateTime<Utc>>,
    pub timezone: Timezone,
    pub now: DateTime<Utc>,
}

/// Which alerts to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AlertFilter {
    #[default]
    Open,
    Acknowledged,
    All,
}

/// An acknowledgement: what the therapist did, about which alert.
#[derive(Debug, Clone)]
pub struct Acknowledgement {
    pub alert: AlertId,
    /// The client the caller expects the alert to be about (the web page's path); nothing is
    /// written when it is another's.
    pub expected_client: Option<ClientId>,
    pub action: AlertAction,
    pub note: Option<String>,
}

/// A therapist's escalation contacts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafetyContacts {
    pub escalation_email: Option<String>,
    pub phone: Option<String>,
}

/// An alert as a signal left it.
#[derive(Debug, Clone, Copy)]
pub struct OpenedAlert {
    /// What the client may be told.
    pub notice: super::crisis::Notice,
}
