//! The account e-mails, sent in the background through the same SMTP mailer as safety alerts.
//! A request never waits for the SMTP server, so that its answer (and its timing) says nothing
//! about whether a message was sent. Logs name the therapist's id, never the address.

use crate::mail::{Mail, MailOutcome, Mailer};
use entities::TherapistId;
use std::sync::Arc;

/// Where account e-mails go and how their links start.
#[derive(Clone)]
pub struct Mails {
    /// `None` without `IPT_SMTP_URL`: nothing is sent, and that is logged.
    pub mailer: Option<Arc<dyn Mailer>>,
    /// `IPT_PUBLIC_URL`, without a trailing slash.
    pub public_url: String,
}

/// Which e-mail.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    PasswordReset,
    Verification,
    /// Someone tried to sign up with an address that has an account.
    SignUpAttempt,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Self::PasswordReset => "password reset",
            Self::Verification => "e-mail verification",
            Self::SignUpAttempt => "sign-up attempt notice",
        }
    }
}

impl Mails {
    fn link(&self, path: &str, token: &str) -> String {
        format!("{}{path}?token={token}", self.public_url)
    }

    fn compose(&self, kind: Kind, to: &str, token: Option<&str>) -> Mail {
        let host = reqwest::Url::parse(&self.public_url)
            .ok()
            .and_then(|u| u.host_str().map(ToOwned::to_owned))
            .unwrap_or_else(|| "ipt-companion.invalid".into());
        let (subject, body) = match (kind, token) {
            (Kind::PasswordReset, Some(token)) => (
                "Reset your IPT Companion password",
                format!(
                    "Someone asked to reset the password of the IPT Companion account of this address.\n\n\
                     To choose a new password, open this link within 30 minutes:\n\n{}\n\n\
                     The link works once. Setting a new password signs the account out everywhere.\n\
                     If you did not ask for this, ignore this message: your password stays as it is.\n",
                    self.link("/password-reset/new", token)
                ),
            ),
            (Kind::Verification, Some(token)) => (
                "Confirm your e-mail address for IPT Companion",
                format!(
                    "Welcome to IPT Companion.\n\n\
                     To confirm that this address is yours and finish signing up, open this link within 24 hours:\n\n{}\n\n\
                     If you did not sign up, ignore this message: no account is opened without it.\n",
                    self.link("/verify-email", token)
                ),
            ),
            _ => (
                "Someone tried to sign up with your address",
                "Someone tried to open a new IPT Companion account with this e-mail address, \
                 which already has an account. Nothing was changed.\n\n\
                 If it was you, sign in instead; if you forgot your password, use \
                 \"Forgot password?\" on the sign-in page. If it was not you, you need not do anything.\n"
                    .to_owned(),
            ),
        };
        Mail {
            to: to.to_owned(),
            subject: subject.to_owned(),
            body,
            message_id: format!("<{}@{host}>", uuid::Uuid::new_v4()),
        }
    }

    /// Sends `kind` to `to` in the background. Without a mailer, logs that none could be sent.
    pub fn send_later(&self, kind: Kind, therapist: TherapistId, to: &str, token: Option<&str>) {
        let Some(mailer) = self.mailer.clone() else {
            tracing::warn!(therapist_id = %therapist, mail = kind.name(), "no e-mail could be sent: IPT_SMTP_URL is not set");
            return;
        };
        let mail = self.compose(kind, to, token);
        drop(tokio::spawn(async move {
            match mailer.send(&mail).await {
                MailOutcome::Sent => {
                    tracing::info!(therapist_id = %therapist, mail = kind.name(), "account e-mail sent");
                }
                MailOutcome::Retry(code) | MailOutcome::Permanent(code) => {
                    tracing::warn!(therapist_id = %therapist, mail = kind.name(), outcome = %code, "account e-mail not sent");
                }
            }
        }));
    }
}
