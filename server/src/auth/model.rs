//! The sign-in feature's domain types: the tokens a sign-in hands out.

/// The tokens a sign-in hands out.
#[derive(Debug, Clone)]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: i64,
}

/// An invite redemption as the phone sent it.
pub struct Redemption {
    /// The code as typed.
    pub code: String,
    /// The install id; without it the code works exactly once.
    pub device_id: Option<super::invites::DeviceId>,
    /// A name for the phone.
    pub device_label: Option<String>,
}
