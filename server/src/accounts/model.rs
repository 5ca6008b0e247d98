//! The accounts feature's domain types: a therapist account as created, and a change of one's
//! own account.

use crate::domain::{DisplayName, Email, Locale, Password, Timezone};

/// A therapist account as created.
pub struct NewTherapist {
    pub email: Email,
    pub password: Password,
    pub display_name: DisplayName,
    /// The zone the therapist's pages show times in.
    pub timezone: Timezone,
    /// Set when the server requires verified addresses: the account cannot sign in until its
    /// address is verified (`account_tokens`).
    pub unverified: bool,
}

/// A `PATCH /me`, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeChange {
    /// The new zone, if any.
    pub timezone: Option<Timezone>,
    /// The new language, if any.
    pub locale: Option<Locale>,
}
