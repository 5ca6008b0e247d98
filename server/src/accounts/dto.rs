//! Accounts as the API shows them, and parsing a sign-up.

use super::model::{MeChange, NewTherapist};
use super::service::SignupError;
use crate::domain::{DisplayName, Email, Locale, Password, Timezone, rule};
use crate::error::ApiError;
use entities::therapist;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

fn valid_email(raw: &str) -> Result<(), validator::ValidationError> {
    rule(Email::parse(raw))
}
fn valid_password(raw: &str) -> Result<(), validator::ValidationError> {
    rule(Password::parse(raw))
}
fn valid_display_name(raw: &str) -> Result<(), validator::ValidationError> {
    rule(DisplayName::parse(raw))
}
fn valid_timezone(raw: &str) -> Result<(), validator::ValidationError> {
    rule(Timezone::parse(raw))
}
fn valid_locale(raw: &str) -> Result<(), validator::ValidationError> {
    rule(Locale::parse(raw))
}

/// A therapist's sign-up.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "email": "r.okafor@praxis.example",
    "password": "correct horse battery staple",
    "display_name": "Dr. Rose Okafor",
    "timezone": "Europe/Berlin"
}))]
pub struct SignupRequest {
    /// The therapist's e-mail address, used to log in; stored trimmed and lower-cased.
    #[validate(custom(function = "valid_email"))]
    #[schema(max_length = 254)]
    pub email: String,
    /// At least 12 characters, and not one of the 10,000 most common passwords (compared
    /// whole, ignoring case).
    #[validate(custom(function = "valid_password"))]
    #[schema(min_length = 12, max_length = 1024)]
    pub password: String,
    /// Name shown in the dashboard, 1–100 characters, no control characters.
    #[validate(custom(function = "valid_display_name"))]
    #[schema(min_length = 1, max_length = 100)]
    pub display_name: String,
    /// The IANA time zone the dashboard shows times in (`Europe/Berlin`); `UTC` when left out.
    #[validate(custom(function = "valid_timezone"))]
    #[schema(example = "Europe/Berlin")]
    pub timezone: Option<String>,
}

impl TryFrom<SignupRequest> for NewTherapist {
    type Error = SignupError;

    fn try_from(body: SignupRequest) -> Result<Self, SignupError> {
        Ok(Self {
            email: Email::parse(&body.email).map_err(|m| SignupError::Invalid("email", m))?,
            password: Password::parse(&body.password)
                .map_err(|m| SignupError::Invalid("password", m))?,
            display_name: DisplayName::parse(&body.display_name)
                .map_err(|m| SignupError::Invalid("display_name", m))?,
            timezone: body
                .timezone
                .as_deref()
                .map(Timezone::parse)
                .transpose()
                .map_err(|m| SignupError::Invalid("timezone", m))?
                .unwrap_or_else(|| Timezone::from(chrono_tz::UTC)),
            unverified: false,
        })
    }
}

/// A therapist's account (never its password hash).
#[derive(Debug, Serialize, ToSchema)]
pub struct TherapistResponse {
    /// The id.
    pub id: Uuid,
    /// The e-mail address, trimmed and lower-cased.
    pub email: String,
    /// Name shown in the dashboard.
    pub display_name: String,
}

impl From<therapist::Model> for TherapistResponse {
    fn from(row: therapist::Model) -> Self {
        Self {
            id: row.id.uuid(),
            email: row.email,
            display_name: row.display_name,
        }
    }
}

/// Which kind of account.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A therapist, who uses the dashboard.
    Therapist,
    /// A client, who uses the phone app.
    Client,
}

/// Who the caller is (`GET /me`).
#[derive(Debug, Serialize, ToSchema)]
pub struct MeResponse {
    /// The therapist's or client's id.
    pub id: Uuid,
    /// Whether the caller is a therapist or a client.
    pub role: Role,
    /// The caller's display name.
    pub display_name: String,
    /// The caller's IANA time zone: a therapist's pages show times in it; a client's reminders
    /// and days follow it.
    #[schema(example = "Europe/Berlin")]
    pub timezone: String,
    /// A client's language, the BCP 47 tag it set (`de-AT`): texts the server writes for it
    /// follow this tag when a request sends no `Accept-Language` that ships, and so do pushes
    /// to a phone that reports no language. Absent when none is set (always for a therapist).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "de-AT")]
    pub locale: Option<String>,
}

/// What the caller changes about itself (`PATCH /me`); a field left out stays as it is.
#[derive(Debug, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeUpdate {
    /// An IANA time zone, such as `Europe/Berlin`: the zone a therapist's pages show times in,
    /// or the one a client's days and reminders follow (its pending reminders move to it,
    /// keeping their local times).
    #[validate(custom(function = "valid_timezone"))]
    #[schema(example = "Europe/Berlin")]
    pub timezone: Option<String>,
    /// A client's language, a BCP 47 tag such as `de-AT` (stored normalised; texts come in the
    /// nearest language that ships, else English). Clients only.
    #[validate(custom(function = "valid_locale"))]
    #[schema(example = "de-AT")]
    pub locale: Option<String>,
}

impl TryFrom<MeUpdate> for MeChange {
    type Error = ApiError;

    fn try_from(body: MeUpdate) -> Result<Self, ApiError> {
        Ok(Self {
            timezone: body
                .timezone
                .as_deref()
                .map(Timezone::parse)
                .transpose()
                .map_err(|m| ApiError::field("timezone", m))?,
            locale: body
                .locale
                .as_deref()
                .map(Locale::parse)
                .transpose()
                .map_err(|m| ApiError::field("locale", m))?,
        })
    }
}
