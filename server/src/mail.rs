//! E-mail over SMTP (lettre), behind a small trait so that the dispatcher does not know the
//! transport. Tests send to a real SMTP server on loopback.

use async_trait::async_trait;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

/// One e-mail.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The same on every attempt, so that a receiver can drop a re-sent copy.
    pub message_id: String,
}

/// What became of an e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailOutcome {
    Sent,
    /// Try again later: a 4xx answer, or the server could not be reached.
    Retry(String),
    /// Retrying will not help: a 5xx answer, or an address that does not parse.
    Permanent(String),
}

/// Where e-mail goes.
#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, mail: &Mail) -> MailOutcome;
}

/// SMTP through lettre: `smtp://host:port` (plain, or STARTTLS with `?tls=required`),
/// `smtps://user:pass@host:465` (implicit TLS).
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    /// # Errors
    /// The URL or the sender address does not parse.
    pub fn new(url: &str, from: &str) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| anyhow::anyhow!("IPT_SMTP_URL is not a usable SMTP URL: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        let from = from
            .parse()
            .map_err(|e| anyhow::anyhow!("IPT_MAIL_FROM is not an e-mail address: {e}"))?;
        Ok(Self { transport, from })
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, mail: &Mail) -> MailOutcome {
        let Ok(to) = mail.to.parse::<Mailbox>() else {
            return MailOutcome::Permanent("bad_recipient".into());
        };
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&mail.subject)
            .message_id(Some(mail.message_id.clone()))
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone());
        let message = match message {
            Ok(m) => m,
            Err(e) => return MailOutcome::Permanent(format!("build: {e}")),
        };
        match self.transport.send(message).await {
            Ok(_) => MailOutcome::Sent,
            Err(e) if e.is_permanent() => MailOutcome::Permanent(smtp_code(&e, "smtp_5xx")),
            Err(e) => MailOutcome::Retry(smtp_code(&e, "smtp_unreachable")),
        }
    }
}

/// The SMTP status as a short code, never the server's text (it may echo an address).
fn smtp_code(e: &lettre::transport::smtp::Error, otherwise: &str) -> String {
    e.status()
        .map_or_else(|| otherwise.to_owned(), |code| format!("smtp_{code}"))
}
