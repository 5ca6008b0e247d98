//! What sign-in takes and hands out.

use super::TokenPair;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    #[validate(length(max = 1024, message = "must be at most 1024 characters"))]
    pub password: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[validate(length(max = 256, message = "is too long"))]
    pub refresh_token: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteRedeemRequest {
    #[validate(length(min = 1, max = 64, message = "must be 1 to 64 characters"))]
    pub code: String,
    #[validate(length(max = 100, message = "must be at most 100 characters"))]
    pub device_label: Option<String>,
}

/// Tokens of a new or renewed sign-in.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    pub refresh_token: String,
    /// Always `Bearer`.
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    #[schema(example = 900)]
    pub expires_in: i64,
    /// The signed-in client's id (invite redemption only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<Uuid>,
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
