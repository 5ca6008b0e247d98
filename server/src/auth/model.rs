//! The sign-in feature's domain types: the tokens a sign-in hands out.

/// The tokens a sign-in hands out.
#[derive(Debug, Clone)]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: i64,
}
