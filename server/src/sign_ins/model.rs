//! The sign-ins feature's domain types: one live sign-in, and where it was made.

use chrono::{DateTime, Utc};
use entities::SessionId;

/// Where a sign-in was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInKind {
    /// With `POST /auth/login` (an app, a script).
    Api,
    /// On the web pages (a cookie).
    Web,
}

/// One live sign-in, as its owner may see it: never a token or an address.
#[derive(Debug, Clone)]
pub struct SignIn {
    pub id: SessionId,
    pub kind: SignInKind,
    pub device_label: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The last time a token of it was issued or, on the web, a page was viewed (to the
    /// minute: the cookie's idle timeout slides at most once a minute).
    pub last_used_at: DateTime<Utc>,
}
