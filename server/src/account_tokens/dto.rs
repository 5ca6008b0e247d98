//! What the account-link routes take and answer.

use crate::wire::{IssuedToken, Text};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// Asks for a password-reset link.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "r.okafor@praxis.example"}))]
pub struct PasswordResetRequest {
    /// The account's e-mail address.
    #[validate(nested)]
    pub email: Text<0, 254>,
}

/// Sets a new password with the token of a reset link.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetConfirm {
    /// The `token` of the link in the e-mail.
    #[validate(nested)]
    pub token: IssuedToken,
    /// The new password: at least 12 characters, and not one of the 10,000 most common
    /// passwords (compared whole, ignoring case).
    #[schema(min_length = 12, max_length = 1024)]
    pub password: String,
}

/// Verifies an address with the token of a verification link.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyEmailRequest {
    /// The `token` of the link in the e-mail.
    #[validate(nested)]
    pub token: IssuedToken,
}

/// The same answer whatever the address: whether a message went out is said only to the
/// address's owner, by e-mail.
#[derive(Debug, Serialize, ToSchema)]
pub struct Accepted {
    /// What happens next.
    pub detail: &'static str,
}

impl Accepted {
    /// The answer to a password-reset request.
    pub const RESET: Self = Self {
        detail: "If this address has an account, a link to reset its password is on its way. It works once, for 30 minutes.",
    };
    /// The answer to a sign-up when addresses must be verified.
    pub const SIGN_UP: Self = Self {
        detail: "Check your e-mail: a link to confirm the address is on its way. Sign in after opening it.",
    };
}
