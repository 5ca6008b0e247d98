//! What sign-in takes and hands out.

use crate::wire::{IssuedToken, Text};
use super::{DeviceId, TokenPair};
use crate::domain::rule;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "r.okafor@praxis.example", "password": "correct horse battery staple"}))]
pub struct LoginRequest {
    pub email: String,
    #[validate(nested)]
    pub password: Text<0, 1024>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[validate(nested)]
    pub refresh_token: IssuedToken,
}

fn valid_device_id(raw: &str) -> Result<(), validator::ValidationError> {
    rule(DeviceId::parse(raw))
}

fn no_control_characters(raw: &str) -> Result<(), validator::ValidationError> {
    crate::extract::single_line(raw)
}

/// A phone's first sign-in.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "code": "7KQD-M2XH-9RTC",
    "device_id": "5f0c2d7e-3b9a-4c1e-8f6d-1a2b3c4d5e6f",
    "device_label": "Pixel 8"
}))]
pub struct InviteRedeemRequest {
    /// The code from the therapist; case, spaces and dashes do not matter.
    #[validate(nested)]
    #[schema(example = "7KQD-M2XH-9RTC")]
    pub code: Text<1, 64>,
    /// A stable id of this install of the app (a random UUID it keeps), 16–128 characters.
    /// With it, the same code and id again within 10 minutes (an answer lost on the way) are
    /// answered with the same sign-in; without it, a code works exactly once.
    #[validate(custom(function = "valid_device_id"))]
    #[schema(
        min_length = 16,
        max_length = 128,
        example = "3f2c8a9e-1b7d-4c55-9a0e-6d1f2b3c4d5e"
    )]
    pub device_id: Option<String>,
    /// A name for the phone (its model, say), kept with the sign-in.
    #[validate(nested, custom(function = "no_control_characters"))]
    pub device_label: Option<Text<0, 100>>,
}

/// Tokens of a new or renewed sign-in.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    pub refresh_token: String,
    /// Always `Bearer`.
    #[schema(schema_with = bearer_token_type)]
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    #[schema(example = 900)]
    pub expires_in: i64,
    /// The signed-in client's id (invite redemption only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<Uuid>,
}

/// `token_type`: the one value, as an enum so that a generated client knows it.
fn bearer_token_type() -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::Type::String)
        .enum_values(Some(["Bearer"]))
        .description(Some("Always `Bearer`."))
        .build()
}

impl TokenResponse {
    pub(crate) fn new(pair: TokenPair, client_id: Option<Uuid>) -> Self {
        Self {
            access_token: pair.access_token,
            refresh_token: pair.refresh_token,
            token_type: "Bearer",
            expires_in: pair.expires_in,
            client_id,
        }
    }
}
