//! The devices feature's domain types: a phone's platform and its settings as it registers, the
//! outcome of a registration, and whether a client's app is linked.

use chrono::{DateTime, Utc};
use entities::device;
use entities::device::DevicePlatform;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    Android,
    Ios,
    Web,
}

impl From<DevicePlatform> for Platform {
    fn from(p: DevicePlatform) -> Self {
        match p {
            DevicePlatform::Android => Self::Android,
            DevicePlatform::Ios => Self::Ios,
            DevicePlatform::Web => Self::Web,
        }
    }
}

impl From<Platform> for DevicePlatform {
    fn from(p: Platform) -> Self {
        match p {
            Platform::Android => Self::Android,
            Platform::Ios => Self::Ios,
            Platform::Web => Self::Web,
        }
    }
}

/// The outcome of a registration.
#[derive(Debug)]
pub enum Registered {
    /// New for this client (201): a new token, or one moved from another client.
    New(device::Model),
    /// Already this client's (200); `last_seen_at` refreshed.
    Known(device::Model),
}

/// A phone as it registers, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceSettings {
    /// The FCM registration token, trimmed.
    pub token: String,
    /// Android or iOS.
    pub platform: Platform,
    /// A BCP 47 tag.
    pub locale: Option<String>,
    /// An IANA zone.
    pub timezone: Option<String>,
    /// The app's version.
    pub app_version: Option<String>,
}

/// Whether a client's app is linked: sign-ins of its phone that still work, and the phones
/// registered for reminders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AppLink {
    /// Sign-ins of the client's app not signed out and holding a token not yet expired.
    pub sign_ins: u64,
    /// Phones registered for push.
    pub devices: u64,
    /// When a phone last registered (apps register at every start).
    pub last_seen_at: Option<DateTime<Utc>>,
}
