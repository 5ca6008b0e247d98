//! Sign-in for every role: therapists with e-mail and password, client phones with a one-time
//! invite code. Tokens are opaque strings stored only as SHA-256 hashes (see README): random, or
//! derived with the server's [`TokenKey`] where a retry must be answered with the same ones.

pub mod dto;
mod invites;
pub mod liveness;
pub(crate) mod model;
mod principal;
pub(crate) mod routes;
mod service;

pub use crate::credentials::tokens::hash as token_hash;
pub use crate::credentials::TokenKey;
pub(crate) use crate::credentials::{password, tokens};
pub use crate::identity::Principal;
pub use invites::{DeviceId, IssuedInvite, issue_invite};
pub use model::TokenPair;
pub use principal::Authenticator;
pub use service::{AuthError, logout, purge_expired, web_authenticate};
pub(crate) use service::{WEB_IDLE_TIMEOUT, revoke_session, sign_out};
pub(crate) use service::{Api, Web, login, login_second_step};

/// How long an access token lives.
pub const ACCESS_TOKEN_TTL: chrono::Duration = chrono::Duration::minutes(15);
/// How long an unused refresh token lives. Each refresh hands out a new one with this whole
/// lifetime, so a phone that opens the app at least this often stays signed in.
pub const REFRESH_TOKEN_TTL: chrono::Duration = chrono::Duration::days(30);
/// How long an invite code may be redeemed.
pub const INVITE_TTL: chrono::Duration = chrono::Duration::days(7);
/// How long after its rotation a refresh token, presented again, whose successor pair this
/// server's key does not find, is refused without revoking the sign-in: so soon after, it is a
/// retry and the key was changed in between, not a copy. (A successor that is found answers
/// the retry at any time until either of its tokens is used.)
pub const REFRESH_GRACE: chrono::Duration = chrono::Duration::seconds(60);
/// How long after its redemption an invite code, redeemed again with the same `device_id`, is
/// answered with the same sign-in.
pub const INVITE_RETRY_WINDOW: chrono::Duration = chrono::Duration::minutes(10);
