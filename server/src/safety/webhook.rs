//! Webhooks signed per the Standard Webhooks specification: `webhook-id` (the same on every
//! attempt), `webhook-timestamp` (seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of
//! "{id}.{timestamp}.{body}">`, keyed by the base64 secret after `whsec_`.

use async_trait::async_trait;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// What became of a webhook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HookOutcome {
    Delivered,
    /// Not accepted (a non-2xx answer or no answer); retried.
    Retry(String),
}

/// Where webhooks go.
#[async_trait]
pub trait WebhookSender: Send + Sync {
    async fn send(&self, id: &str, timestamp: i64, body: &[u8]) -> HookOutcome;
}

/// The signing key of a `whsec_<base64>` secret.
#[derive(Clone)]
pub struct SigningKey(ring::hmac::Key);

impl SigningKey {
    /// # Errors
    /// The secret is not `whsec_` followed by base64.
    pub fn parse(secret: &str) -> anyhow::Result<Self> {
        let encoded = secret
            .strip_prefix("whsec_")
            .ok_or_else(|| anyhow::anyhow!("IPT_ALERT_WEBHOOK_SECRET must start with whsec_"))?;
        let key = STANDARD
            .decode(encoded)
            .map_err(|_| anyhow::anyhow!("IPT_ALERT_WEBHOOK_SECRET is not base64 after whsec_"))?;
        anyhow::ensure!(
            key.len() >= 16,
            "IPT_ALERT_WEBHOOK_SECRET is too short (at least 16 bytes)"
        );
        Ok(Self(ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &key)))
    }

    /// The `webhook-signature` header value.
    #[must_use]
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        let mut content = Vec::with_capacity(id.len() + body.len() + 24);
        content.extend_from_slice(id.as_bytes());
        content.push(b'.');
        content.extend_from_slice(timestamp.to_string().as_bytes());
        content.push(b'.');
        content.extend_from_slice(body);
        let tag = ring::hmac::sign(&self.0, &content);
        format!("v1,{}", STANDARD.encode(tag.as_ref()))
    }
}

/// POSTs signed JSON to one URL.
pub struct HttpWebhook {
    client: reqwest::Client,
    url: String,
    key: SigningKey,
}

impl HttpWebhook {
    /// # Errors
    /// A bad secret, or the HTTP client cannot be built.
    pub fn new(url: &str, secret: &str) -> anyhow::Result<Self> {
        Ok(Self {
            client: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(15))
                .redirect(reqwest::redirect::Policy::none())
                .build()?,
            url: url.to_owned(),
            key: SigningKey::parse(secret)?,
        })
    }
}

#[async_trait]
impl WebhookSender for HttpWebhook {
    async fn send(&self, id: &str, timestamp: i64, body: &[u8]) -> HookOutcome {
        let answer = self
            .client
            .post(&self.url)
            .header("content-type", "application/json")
            .header("webhook-id", id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", self.key.sign(id, timestamp, body))
            .body(body.to_vec())
            .send()
            .await;
        match answer {
            Ok(res) if res.status().is_success() => HookOutcome::Delivered,
            Ok(res) => HookOutcome::Retry(format!("http_{}", res.status().as_u16())),
            Err(e) if e.is_timeout() => HookOutcome::Retry("timeout".into()),
            Err(_) => HookOutcome::Retry("unreachable".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_matches_the_specifications_example() {
        // The example of the Standard Webhooks specification (and its reference libraries).
        let key = SigningKey::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").expect("a key");
        let body = br#"{"test": 2432232314}"#;
        assert_eq!(
            key.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1_614_265_330, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn a_secret_without_the_prefix_is_refused() {
        assert!(SigningKey::parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").is_err());
    }
}
