//! The single-use links of account e-mails: password reset (30 minutes) and, when the server
//! requires it, verification of a new account's address (24 hours). A link carries a random
//! token; only its SHA-256 hash is stored (`account_tokens`), and it works once. An account
//! keeps up to [`RESET_LIVE_MAX`] unused reset links and a single verification link.
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
/// Unused reset links an account keeps at most: earlier ones stay valid (a request from
/// anybody must not void the owner's link), and the oldest goes when another is made.
pub const RESET_LIVE_MAX: usize = 3;
/// While an unused reset link is younger than this, a request makes no link and sends no
/// e-mail: a flood makes at most one per this time, and the owner's link lives at least twice
/// this long.
pub const RESET_QUIET: chrono::Duration = chrono::Duration::minutes(5);
