//! The single-use links of account e-mails: password reset (30 minutes) and, when the server
//! requires it, verification of a new account's address (24 hours). A link carries a random
//! token; only its SHA-256 hash is stored (`account_tokens`), and it works once.
//!
//! Nothing here tells a caller whether an address has an account: a reset request and a
//! sign-up answer alike for a known and an unknown (or new and taken) address, and what
//! differs goes by e-mail to the address's owner.

pub mod dto;
mod mail;
pub(crate) mod routes;
pub(crate) mod service;

pub(crate) use mail::Mails;
pub(crate) use service::sign_up_pending;

/// How long a password-reset link works.
pub const RESET_TTL: chrono::Duration = chrono::Duration::minutes(30);
/// How long a verification link works.
pub const VERIFICATION_TTL: chrono::Duration = chrono::Duration::hours(24);
