//! Sign-in for every role: therapists with e-mail and password, client phones with a one-time
//! invite code. Tokens are opaque random strings stored only as SHA-256 hashes (see README).

pub mod dto;
mod invites;
mod password;
mod principal;
pub(crate) mod routes;
mod service;
pub mod tokens;

pub use invites::{IssuedInvite, issue_invite};
pub use password::hash_password;
pub use principal::Principal;
pub use service::{AuthError, TokenPair, logout, purge_expired, web_authenticate, web_login};
pub use tokens::hash as token_hash;

/// How long an access token lives.
pub const ACCESS_TOKEN_TTL: chrono::Duration = chrono::Duration::minutes(15);
/// How long an unused refresh token lives.
pub const REFRESH_TOKEN_TTL: chrono::Duration = chrono::Duration::days(30);
/// How long an invite code may be redeemed.
pub const INVITE_TTL: chrono::Duration = chrono::Duration::days(7);
