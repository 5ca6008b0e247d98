//! Push delivery behind a small trait, so that the dispatcher does not know about HTTP and
//! tests can put a fake FCM server behind the real client.

mod fcm;

pub use fcm::FcmGateway;

use async_trait::async_trait;
use std::time::Duration;

/// One push to one device.
#[derive(Debug, Clone)]
pub struct PushMessage<'a> {
    /// The device's FCM registration token.
    pub token: &'a str,
    /// The reminder's id: also the collapse id, so that a re-send after a crash replaces the
    /// first notification on the phone instead of adding a second.
    pub reminder_id: String,
    /// What the push is about (`practice_prompt`, `safety_alert`, …); sent in the data payload for the app.
    pub kind: &'static str,
    /// The notification's title as the phone shows it.
    pub title: &'a str,
    /// The notification's text as the phone shows it.
    pub body: &'a str,
    /// How long FCM may hold it for an offline phone (the kind's grace window).
    pub ttl: Duration,
    /// Where the app opens when the push is tapped (`/checkins/new`, `/homework/{id}`, …).
    pub route: String,
    /// How the phones present it: the Android channel, the APNs category and thread.
    pub presentation: Presentation,
    /// When it is sent, by the application's clock (APNs wants an absolute expiry).
    pub sent_at: chrono::DateTime<chrono::Utc>,
}

/// How a push is presented on the phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Presentation {
    /// The Android notification channel the app creates (`reminders`, `treatment`,
    /// `safety_alerts`); also the APNs category.
    pub channel: &'static str,
    /// Delivered at once, waking the phone (a safety alert to a therapist); otherwise at the
    /// phone's convenience.
    pub urgent: bool,
}

/// What became of a push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    /// FCM accepted it.
    Delivered,
    /// The token is dead (`UNREGISTERED`, invalid, `SENDER_ID_MISMATCH`): forget the device.
    InvalidToken(String),
    /// Try again later (`QUOTA_EXCEEDED`, 5xx, network), not before `retry_after` if given.
    Retry {
        /// FCM's error code, or what went wrong on the way.
        code: String,
        /// How long FCM asked us to wait (`Retry-After`), if it said.
        retry_after: Option<Duration>,
    },
    /// FCM refused our own APNs or web-push credentials (`THIRD_PARTY_AUTH_ERROR`): nothing
    /// will get through until an operator fixes them.
    CredentialsRejected(String),
    /// Retrying will not help (a bad request, no credentials).
    Fatal(String),
}

/// Where pushes go.
#[async_trait]
pub trait PushGateway: Send + Sync {
    /// Whether pushes are really sent (false without FCM credentials: they are `skipped`).
    fn enabled(&self) -> bool;

    /// Sends one push.
    async fn send(&self, message: &PushMessage<'_>) -> SendOutcome;
}

/// No FCM credentials configured: nothing is sent.
#[derive(Debug, Default)]
pub struct DisabledGateway;

#[async_trait]
impl PushGateway for DisabledGateway {
    fn enabled(&self) -> bool {
        false
    }

    async fn send(&self, _: &PushMessage<'_>) -> SendOutcome {
        SendOutcome::Fatal("push_disabled".into())
    }
}
