//! Accounts as the API shows them, and parsing a sign-up.

use super::service::{NewTherapist, SignupError};
use crate::domain::{DisplayName, Email, Password, rule};
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

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignupRequest {
    #[validate(custom(function = "valid_email"))]
    pub email: String,
    /// At least 12 characters.
    #[validate(custom(function = "valid_password"))]
    pub password: String,
    #[validate(custom(function = "valid_display_name"))]
    pub display_name: String,
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
        })
    }
}

/// A therapist's account (never its password hash).
#[derive(Debug, Serialize, ToSchema)]
pub struct TherapistResponse {
    pub id: Uuid,
    pub email: String,
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
    Therapist,
    Client,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeResponse {
    pub id: Uuid,
    pub role: Role,
    pub display_name: String,
}
