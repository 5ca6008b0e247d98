//! Risk screens as the API shows them, and parsing a new one.

use super::model::{AsqAnswers, NewRiskScreen};
use crate::error::ApiError;
use crate::safety::crisis::CrisisResources;
use crate::safety::dto::AsqAnswersBody;
use chrono::{DateTime, FixedOffset, Utc};
use entities::CheckinId;
use entities::risk_screen::RiskScreenId;
use entities::risk_screen::{self, Instrument, ScreenOutcome};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// The screening instrument of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InstrumentParam {
    /// The ASQ (NIMH): four yes/no questions, and a fifth after any yes.
    Asq,
}

/// `POST /clients/{client_id}/risk-screens`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateRiskScreenRequest {
    /// Made by the phone: a retry with the same id and body answers 200 with the stored screen.
    pub id: Uuid,
    /// When the client answered.
    pub recorded_at: DateTime<FixedOffset>,
    /// The check-in whose signal the screen follows (the client's own).
    pub checkin_id: Option<Uuid>,
    /// `asq`.
    pub instrument: InstrumentParam,
    /// The answers.
    pub answers: AsqAnswersBody,
}

impl CreateRiskScreenRequest {
    /// The screen in domain terms, its time checked against `now`.
    ///
    /// # Errors
    /// 422 by field: a time out of range; question 5 missing after a yes, or answered after
    /// four noes.
    pub fn parse(self, now: DateTime<Utc>) -> Result<NewRiskScreen, ApiError> {
        let recorded_at =
            crate::domain::happened(crate::domain::to_utc_micros(self.recorded_at), now)
                .map_err(|m| ApiError::field("recorded_at", m))?;
        // The ASQ is the one instrument; a new one brings its own rules here.
        let InstrumentParam::Asq = self.instrument;
        let a = self.answers;
        let answers = AsqAnswers::parse(a.q1, a.q2, a.q3, a.q4, a.q5)
            .map_err(|m| ApiError::field("answers.q5", m))?;
        Ok(NewRiskScreen {
            id: RiskScreenId::from(self.id),
            recorded_at,
            checkin: self.checkin_id.map(CheckinId::from),
            answers,
        })
    }
}

/// A stored screen with its outcome.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RiskScreenResponse {
    /// The id.
    pub id: Uuid,
    /// When the client answered.
    pub recorded_at: DateTime<Utc>,
    /// The check-in whose signal it follows, if named.
    pub checkin_id: Option<Uuid>,
    /// `asq`.
    #[schema(schema_with = crate::wire::string_enum::<Instrument>)]
    pub instrument: String,
    /// The answers as given.
    pub answers: AsqAnswersBody,
    /// `negative` (four noes), `non_acute_positive` (a yes to 1–4, no to 5) or
    /// `acute_positive` (yes to 5: imminent risk).
    #[schema(schema_with = crate::wire::string_enum::<ScreenOutcome>)]
    pub outcome: String,
    /// After a positive screen: what the app shows the client at once, the emergency number
    /// first, and what really happens next.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crisis_resources: Option<CrisisResources>,
}

impl RiskScreenResponse {
    /// The body of a stored screen, with crisis resources when it was positive.
    #[must_use]
    pub fn new(row: &risk_screen::Model, crisis: Option<CrisisResources>) -> Self {
        Self {
            id: row.id.uuid(),
            recorded_at: row.recorded_at,
            checkin_id: row.checkin_id.map(CheckinId::uuid),
            instrument: sea_orm::ActiveEnum::to_value(&row.instrument),
            answers: AsqAnswersBody::from(row),
            outcome: sea_orm::ActiveEnum::to_value(&row.outcome),
            crisis_resources: crisis,
        }
    }
}
