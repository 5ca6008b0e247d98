//! FCM HTTP v1: `POST {endpoint}/v1/projects/{project_id}/messages:send`, authorised by an
//! OAuth 2.0 token from the service account's JWT grant (gcp_auth, which honours the key's
//! `token_uri`, caches the token and renews it before it expires).

use super::{PushGateway, PushMessage, SendOutcome};
use anyhow::Context;
use async_trait::async_trait;
use gcp_auth::{CustomServiceAccount, TokenProvider};
use serde_json::{Value, json};
use std::path::Path;
use std::time::Duration;

const SCOPE: &str = "https://www.googleapis.com/auth/firebase.messaging";

/// Sends through FCM HTTP v1.
pub struct FcmGateway {
    http: reqwest::Client,
    send_url: String,
    auth: CustomServiceAccount,
}

impl FcmGateway {
    /// Reads the service-account key and prepares the client.
    ///
    /// # Errors
    /// The key cannot be read, or it has no project id.
    pub fn from_key_file(path: &Path, endpoint: &str) -> anyhow::Result<Self> {
        let raw = std::fs::read_to_string(path)
            .with_context(|| format!("reading the FCM service account {}", path.display()))?;
        let auth =
            CustomServiceAccount::from_json(&raw).context("parsing the FCM service account")?;
        let project = auth
            .project_id()
            .context("the FCM service account has no project_id")?
            .to_owned();
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .context("building the FCM HTTP client")?;
        Ok(Self {
            http,
            send_url: format!(
                "{}/v1/projects/{project}/messages:send",
                endpoint.trim_end_matches('/')
            ),
            auth,
        })
    }

    fn body(message: &PushMessage<'_>) -> Value {
        let ttl = message.ttl.as_secs();
        let look = message.presentation;
        // APNs priority 10 delivers at once; 5 lets the phone choose (and spares its battery).
        let (apns_priority, android_priority) = if look.urgent {
            ("10", "high")
        } else {
            ("5", "normal")
        };
        json!({
            "message": {
                "token": message.token,
                "notification": {"title": message.title, "body": message.body},
                "data": {"kind": message.kind, "reminder_id": message.reminder_id, "route": message.route},
                "android": {
                    "collapse_key": message.reminder_id,
                    "priority": android_priority,
                    "ttl": format!("{ttl}s"),
                    "notification": {"tag": message.reminder_id, "channel_id": look.channel}
                },
                "apns": {
                    "headers": {
                        "apns-collapse-id": message.reminder_id,
                        "apns-push-type": "alert",
                        "apns-priority": apns_priority,
                        "apns-expiration": (message.sent_at.timestamp() + i64::try_from(ttl).unwrap_or(0)).to_string()
                    },
                    "payload": {"aps": {
                        "sound": "default",
                        "thread-id": message.kind,
                        "category": look.channel
                    }}
                },
                "webpush": {"headers": {"TTL": ttl.to_string()}}
            }
        })
    }
}

/// The FCM error code of an error response (`details[].errorCode`, else `error.status`).
fn error_code(body: &Value) -> String {
    let details = body["error"]["details"].as_array();
    details
        .and_then(|d| d.iter().find_map(|x| x["errorCode"].as_str()))
        .or_else(|| body["error"]["status"].as_str())
        .unwrap_or("UNKNOWN")
        .to_owned()
}

fn retry_after(
    headers: &reqwest::header::HeaderMap,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    value
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
        .or_else(|| {
            let at = chrono::DateTime::parse_from_rfc2822(value.trim()).ok()?;
            let secs = (at.with_timezone(&chrono::Utc) - now).num_seconds();
            Some(Duration::from_secs(u64::try_from(secs).unwrap_or(0)))
        })
}

/// Maps an FCM answer to what the dispatcher does next.
#[must_use]
pub fn classify(status: u16, code: &str, retry_after: Option<Duration>) -> SendOutcome {
    match (status, code) {
        (_, "UNREGISTERED" | "SENDER_ID_MISMATCH") | (400, "INVALID_ARGUMENT") => {
            SendOutcome::InvalidToken(code.to_owned())
        }
        (_, "THIRD_PARTY_AUTH_ERROR") => SendOutcome::CredentialsRejected(code.to_owned()),
        (429, _) | (500..=599, _) | (_, "QUOTA_EXCEEDED" | "UNAVAILABLE" | "INTERNAL") => {
            SendOutcome::Retry {
                code: code.to_owned(),
                retry_after,
            }
        }
        _ => SendOutcome::Fatal(code.to_owned()),
    }
}

#[async_trait]
impl PushGateway for FcmGateway {
    fn enabled(&self) -> bool {
        true
    }

    async fn send(&self, message: &PushMessage<'_>) -> SendOutcome {
        let token = match self.auth.token(&[SCOPE]).await {
            Ok(token) => token,
            Err(e) => {
                tracing::warn!(error = %e, "could not obtain an FCM access token");
                return SendOutcome::Retry {
                    code: "OAUTH_UNAVAILABLE".into(),
                    retry_after: None,
                };
            }
        };
        let response = self
            .http
            .post(&self.send_url)
            .bearer_auth(token.as_str())
            .json(&Self::body(message))
            .send()
            .await;
        let response = match response {
            Ok(r) => r,
            Err(_) => {
                return SendOutcome::Retry {
                    code: "NETWORK".into(),
                    retry_after: None,
                };
            }
        };
        let status = response.status().as_u16();
        if response.status().is_success() {
            return SendOutcome::Delivered;
        }
        let wait = retry_after(response.headers(), message.sent_at);
        let body: Value = response.json().await.unwrap_or(Value::Null);
        classify(status, &error_code(&body), wait)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dead_tokens_are_pruned_and_quota_and_outages_retried() {
        assert_eq!(
            classify(404, "UNREGISTERED", None),
            SendOutcome::InvalidToken("UNREGISTERED".into())
        );
        assert_eq!(
            classify(403, "SENDER_ID_MISMATCH", None),
            SendOutcome::InvalidToken("SENDER_ID_MISMATCH".into())
        );
        assert_eq!(
            classify(400, "INVALID_ARGUMENT", None),
            SendOutcome::InvalidToken("INVALID_ARGUMENT".into())
        );
        assert_eq!(
            classify(429, "QUOTA_EXCEEDED", Some(Duration::from_secs(30))),
            SendOutcome::Retry {
                code: "QUOTA_EXCEEDED".into(),
                retry_after: Some(Duration::from_secs(30))
            }
        );
        assert!(matches!(
            classify(503, "UNAVAILABLE", None),
            SendOutcome::Retry { .. }
        ));
        assert_eq!(
            classify(401, "THIRD_PARTY_AUTH_ERROR", None),
            SendOutcome::CredentialsRejected("THIRD_PARTY_AUTH_ERROR".into())
        );
    }

    #[test]
    fn the_error_code_comes_from_the_fcm_details() {
        let body = json!({"error": {"code": 404, "status": "NOT_FOUND", "details": [
            {"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": "UNREGISTERED"}]}});
        assert_eq!(error_code(&body), "UNREGISTERED");
        assert_eq!(
            error_code(&json!({"error": {"status": "UNAVAILABLE"}})),
            "UNAVAILABLE"
        );
        assert_eq!(error_code(&Value::Null), "UNKNOWN");
    }

    #[test]
    fn a_message_collapses_on_its_reminder_id_and_carries_no_more_than_kind_id_and_route() {
        let body = FcmGateway::body(&PushMessage {
            token: "t",
            reminder_id: "r-1".into(),
            kind: "practice_prompt",
            title: "Reminder",
            body: "A short exercise is waiting for you.",
            ttl: Duration::from_secs(7200),
            sent_at: chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default(),
            route: "/exercises".into(),
            presentation: crate::push::Presentation {
                channel: "reminders",
                urgent: false,
            },
        });
        let m = &body["message"];
        // The expiry is the send time by the application's clock plus the TTL.
        assert_eq!(m["apns"]["headers"]["apns-expiration"], "1800007200");
        assert_eq!(m["android"]["collapse_key"], "r-1");
        assert_eq!(m["android"]["notification"]["tag"], "r-1");
        assert_eq!(m["apns"]["headers"]["apns-collapse-id"], "r-1");
        assert_eq!(m["android"]["ttl"], "7200s");
        assert_eq!(
            m["data"],
            json!({"kind": "practice_prompt", "reminder_id": "r-1", "route": "/exercises"})
        );
        assert_eq!(m["android"]["notification"]["channel_id"], "reminders");
        assert_eq!(m["android"]["priority"], "normal");
        assert_eq!(m["apns"]["headers"]["apns-push-type"], "alert");
        assert_eq!(m["apns"]["headers"]["apns-priority"], "5");
        assert_eq!(
            m["apns"]["payload"]["aps"],
            json!({"sound": "default", "thread-id": "practice_prompt", "category": "reminders"})
        );
    }
}
