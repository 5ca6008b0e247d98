//! Request and response bodies of `/api/v1/clients/{client_id}/checkins`.

use crate::wire::Text;
use super::model::NewCheckin;
use crate::domain::{Gad7Answers, Gad7Band, Phq9Answers, Phq9Band, Rating, Score0To10, rule};
use crate::error::ApiError;
use crate::safety::crisis::CrisisResources;
use chrono::{DateTime, FixedOffset, Utc};
use entities::{CheckinId, RelationshipId, checkin};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::{Validate, ValidationError};

fn valid_phq9(raw: &[Option<i64>]) -> Result<(), ValidationError> {
    rule(Phq9Answers::parse_partial(raw))
}
fn valid_gad7(raw: &[Option<i64>]) -> Result<(), ValidationError> {
    rule(Gad7Answers::parse_partial(raw))
}

/// The schema of `n` questionnaire answers, each 0–3 or `null` for a skipped item, as
/// `parse_partial` accepts them. (utoipa has no attribute for the bounds of array items.)
fn answers_schema(n: usize, description: &str) -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, SchemaType, Type};
    ArrayBuilder::new()
        .schema_type(SchemaType::from_iter([Type::Array, Type::Null]))
        .items(
            ObjectBuilder::new()
                .schema_type(SchemaType::from_iter([Type::Integer, Type::Null]))
                .minimum(Some(0))
                .maximum(Some(3)),
        )
        .min_items(Some(n))
        .max_items(Some(n))
        .description(Some(description))
        .build()
}

fn phq9_schema() -> utoipa::openapi::schema::Array {
    answers_schema(
        9,
        "Nine answers 0–3; `null` for a skipped item. With one or two skipped the total is \
         prorated; with more it is null. A skipped item 9 is \"not answered\", never 0.",
    )
}

fn gad7_schema() -> utoipa::openapi::schema::Array {
    answers_schema(
        7,
        "Seven answers 0–3; `null` for a skipped item (then the total is null: the GAD-7 has \
         no prorating rule).",
    )
}

/// A check-in the client logs on the phone: mood, an optional note, and optionally PHQ-9 and GAD-7 answers.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "id": "0193a3c1-7f2e-7c4a-9b1d-2f6e8a4c5d10",
    "recorded_at": "2026-03-02T19:30:00+01:00",
    "mood": 6,
    "note": "Talked to my sister about the move.",
    "phq9": [1, 1, 0, 2, 1, 0, 1, 0, 0],
    "gad7": [1, 0, 1, 1, 0, 0, 1]
}))]
pub struct CreateCheckinRequest {
    /// Made by the phone for offline writes; the same id with the same body is answered with the
    /// stored record (200), with another body 409.
    pub id: Option<Uuid>,
    /// When the client recorded it (RFC 3339 with offset).
    pub recorded_at: DateTime<FixedOffset>,
    /// 0–10, 10 = best.
    #[validate(nested)]
    pub mood: Rating,
    /// Free text, at most 2000 characters.
    #[validate(nested)]
    pub note: Option<Text<0, 2000>>,
    /// A person of the client's interpersonal inventory.
    pub relationship_id: Option<Uuid>,
    /// Nine answers 0–3; `null` for a skipped item.
    #[validate(custom(function = "valid_phq9"))]
    #[schema(schema_with = phq9_schema)]
    pub phq9: Option<Vec<Option<i64>>>,
    /// Seven answers 0–3; `null` for a skipped item.
    #[validate(custom(function = "valid_gad7"))]
    #[schema(schema_with = gad7_schema)]
    pub gad7: Option<Vec<Option<i64>>>,
}

impl CreateCheckinRequest {
    /// The check-in in domain terms, its time checked against `now`.
    ///
    /// # Errors
    /// 422 by field: a time out of range, a mood outside 0–10, PHQ-9 or GAD-7 answers that do
    /// not parse.
    pub fn parse(self, now: DateTime<Utc>) -> Result<NewCheckin, ApiError> {
        let field = |path: &'static str| move |m: &'static str| ApiError::field(path, m);
        let recorded_at =
            crate::domain::happened(crate::domain::to_utc_micros(self.recorded_at), now)
                .map_err(field("recorded_at"))?;
        Ok(NewCheckin {
            id: self.id.map_or_else(CheckinId::new, CheckinId::from),
            recorded_at,
            mood: Score0To10::parse(self.mood).map_err(|m| ApiError::field("mood", m))?,
            note: self.note.map(String::from).filter(|n| !n.trim().is_empty()),
            relationship_id: self.relationship_id.map(RelationshipId::from),
            phq9: self
                .phq9
                .as_deref()
                .map(Phq9Answers::parse_partial)
                .transpose()
                .map_err(field("phq9"))?,
            gad7: self
                .gad7
                .as_deref()
                .map(Gad7Answers::parse_partial)
                .transpose()
                .map_err(field("gad7"))?,
        })
    }
}

/// A stored check-in with its questionnaire totals and severity bands.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckinResponse {
    /// The id.
    pub id: Uuid,
    /// When the client recorded it, in UTC.
    pub recorded_at: DateTime<Utc>,
    /// 0–10, 10 = best.
    pub mood: i32,
    /// Free text the client wrote, if any.
    pub note: Option<String>,
    /// The person of the client's interpersonal inventory it concerns, if any.
    pub relationship_id: Option<Uuid>,
    /// The answers as given (`null` for a skipped item).
    pub phq9: Option<Vec<Option<u8>>>,
    /// The total, prorated over up to two skipped items; null with more skipped.
    pub phq9_total: Option<i32>,
    /// Severity band of the PHQ-9 total; null when there is no total.
    pub phq9_band: Option<Phq9Band>,
    /// The total was prorated over skipped items.
    pub phq9_prorated: bool,
    /// The GAD-7 answers as given (`null` for a skipped item).
    pub gad7: Option<Vec<Option<u8>>>,
    /// The GAD-7 total; null when any item was skipped.
    pub gad7_total: Option<i32>,
    /// Severity band of the GAD-7 total; null when there is no total.
    pub gad7_band: Option<Gad7Band>,
    /// PHQ-9 item 9 (thoughts of self-harm) above 0.
    pub risk_flag: bool,
    /// A PHQ-9 was answered but item 9 was left unanswered: a signal, never taken as 0.
    pub item9_unanswered: bool,
    /// Present when item 9 is above 0 or unanswered, or the PHQ-9 total is 20 or more: what the
    /// app shows the client at once (who to call, and what really happens next).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crisis_resources: Option<CrisisResources>,
    /// Present with `crisis_resources`: the follow-up screen the app offers next.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<FollowUp>,
}

/// The follow-up screen the app offers after a signal: the ASQ (its validated wording is the
/// app's; the answers go to `POST /clients/{id}/risk-screens`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FollowUp {
    /// The instrument to ask: `asq`.
    #[schema(schema_with = crate::wire::string_enum::<entities::risk_screen::Instrument>)]
    pub instrument: String,
}

impl FollowUp {
    /// The ASQ.
    #[must_use]
    pub fn asq() -> Self {
        Self {
            instrument: sea_orm::ActiveEnum::to_value(&entities::risk_screen::Instrument::Asq),
        }
    }
}

impl CheckinResponse {
    /// The body for a stored check-in; crisis resources are attached when it carries a risk.
    #[must_use]
    pub fn new(row: &checkin::Model, crisis: Option<&CrisisResources>) -> Self {
        let phq9 = row.phq9.as_deref().and_then(Phq9Answers::from_stored);
        let gad7 = row.gad7.as_deref().and_then(Gad7Answers::from_stored);
        Self {
            id: row.id.uuid(),
            recorded_at: row.recorded_at,
            mood: row.mood,
            note: row.note.clone(),
            relationship_id: row.relationship_id.map(|r| r.uuid()),
            phq9: phq9.map(|a| a.values().to_vec()),
            phq9_total: phq9.and_then(Phq9Answers::total).map(i32::from),
            phq9_band: phq9.and_then(Phq9Answers::total).map(Phq9Band::of),
            phq9_prorated: phq9.is_some_and(Phq9Answers::prorated),
            gad7: gad7.map(|a| a.values().to_vec()),
            gad7_total: gad7.and_then(Gad7Answers::total).map(i32::from),
            gad7_band: gad7.and_then(Gad7Answers::total).map(Gad7Band::of),
            risk_flag: row.risk_flag,
            item9_unanswered: phq9.is_some_and(Phq9Answers::item9_unanswered),
            crisis_resources: crisis.cloned(),
            follow_up: crisis.map(|_| FollowUp::asq()),
        }
    }
}

/// `?from&to&limit&cursor`.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CheckinListParams {
    /// Only check-ins recorded at or after this instant.
    pub from: Option<DateTime<FixedOffset>>,
    /// Only check-ins recorded before this instant.
    pub to: Option<DateTime<FixedOffset>>,
}
