//! Real receivers for safety-alert notifications, on loopback:
//!
//! - [`SmtpSink`]: an SMTP server (`aiosmtpd`, `tests/support/smtp_sink.py`) that keeps every
//!   message it accepts, read back as [`ReceivedMail`].
//! - [`WebhookReceiver`]: an HTTP server (`tests/support/webhook_receiver.py`) that checks each
//!   POST with the Standard Webhooks reference library (`standardwebhooks`), read back as
//!   [`ReceivedHook`].
//!
//! Each runs as a Python child process ([`crate::python::interpreter`]) that writes one file per
//! message into a temporary folder; dropping the Rust value kills the process and removes the
//! folder.

use base64::Engine;
use serde_json::Value;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::{Child, Command};

/// How long a helper may take to say `READY` (the first one in a fresh checkout also waits for
/// the venv, which is made before the process starts and is not counted here).
const READY_TIMEOUT: Duration = Duration::from_secs(60);
const POLL: Duration = Duration::from_millis(50);

/// A new random Standard Webhooks secret: `whsec_` and the base64 of 24 random bytes.
#[must_use]
pub fn whsec_secret() -> String {
    let key: [u8; 24] = rand::random();
    format!(
        "whsec_{}",
        base64::engine::general_purpose::STANDARD.encode(key)
    )
}

/// One running support script.
struct Helper {
    name: &'static str,
    // Declared before `dir`, so that the process is killed before its folder goes away.
    child: Child,
    port: u16,
    stderr: Arc<Mutex<Vec<u8>>>,
    dir: tempfile::TempDir,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Helper {
    async fn start(name: &'static str, script: &str, args: Vec<OsString>) -> Self {
        let python = match tokio::task::spawn_blocking(crate::python::interpreter).await {
            Ok(python) => python,
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(e) => panic!("finding Python was cancelled: {e}"),
        };
        let dir = tempfile::tempdir().expect("a temporary folder");
        let mut child = Command::new(&python)
            .arg(crate::python::support_dir().join(script))
            .arg("--port")
            .arg("0")
            .arg("--dir")
            .arg(dir.path())
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("start {name} with {}: {e}", python.display()));

        let stderr = Arc::new(Mutex::new(Vec::new()));
        if let Some(mut pipe) = child.stderr.take() {
            let stderr = Arc::clone(&stderr);
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                while let Ok(n) = pipe.read(&mut buf).await {
                    if n == 0 {
                        break;
                    }
                    lock(&stderr).extend_from_slice(&buf[..n]);
                }
            });
        }

        let stdout = child.stdout.take().expect("piped stdout");
        let mut lines = BufReader::new(stdout).lines();
        let ready = tokio::time::timeout(READY_TIMEOUT, async {
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(port) = line.strip_prefix("READY ") {
                    return port.trim().parse::<u16>().ok();
                }
            }
            None
        })
        .await;
        let port = match ready {
            Ok(Some(port)) => port,
            outcome => {
                let status = tokio::time::timeout(Duration::from_secs(2), child.wait()).await;
                // Let the stderr reader catch up with what the process wrote before it ended.
                tokio::time::sleep(Duration::from_millis(100)).await;
                panic!(
                    "{name} did not start ({}; exit: {status:?}); its stderr:\n{}",
                    if outcome.is_err() {
                        "no READY line in time"
                    } else {
                        "no READY line"
                    },
                    String::from_utf8_lossy(&lock(&stderr))
                );
            }
        };
        // Keep reading stdout, so that a late print cannot fail on a closed pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Self {
            name,
            child,
            port,
            stderr,
            dir,
        }
    }

    /// The files of the folder whose names end with `suffix`, in arrival order (temporary
    /// files start with a dot and are left out).
    fn files(&self, suffix: &str) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .unwrap_or_else(|e| panic!("read the folder of {}: {e}", self.name))
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| {
                path.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| !n.starts_with('.') && n.ends_with(suffix))
            })
            .collect();
        files.sort();
        files
    }

    fn stderr(&self) -> String {
        String::from_utf8_lossy(&lock(&self.stderr)).into_owned()
    }

    /// Sends SIGTERM and waits for the process to end.
    async fn terminate(&mut self) -> ExitStatus {
        if let Some(pid) = self.child.id() {
            let _ = std::process::Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .status();
        }
        tokio::time::timeout(Duration::from_secs(10), self.child.wait())
            .await
            .unwrap_or_else(|_| panic!("{} did not stop on SIGTERM", self.name))
            .unwrap_or_else(|e| panic!("wait for {}: {e}", self.name))
    }
}

/// Polls `read` until it yields at least `count` items or `timeout` passes; returns the last
/// reading either way.
async fn poll_for<T>(count: usize, timeout: Duration, read: impl Fn() -> Vec<T>) -> Vec<T> {
    let deadline = Instant::now() + timeout;
    loop {
        let items = read();
        if items.len() >= count || Instant::now() >= deadline {
            return items;
        }
        tokio::time::sleep(POLL).await;
    }
}

/// A message the [`SmtpSink`] accepted.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    /// The envelope sender (`MAIL FROM`).
    pub from: String,
    /// The envelope recipients (`RCPT TO`), Bcc included.
    pub to: Vec<String>,
    /// The address in the `From:` header.
    pub header_from: Option<String>,
    /// The addresses in the `To:` header.
    pub header_to: Vec<String>,
    /// The decoded `Subject:` ("" when there is none).
    pub subject: String,
    /// The `Message-ID:` without its angle brackets.
    pub message_id: Option<String>,
    /// Every text body part, decoded (quoted-printable, base64, charsets), joined by newlines;
    /// an HTML-only message is converted to text.
    pub body_text: String,
    /// The first HTML body part, decoded, if the message has one.
    pub body_html: Option<String>,
    /// The message exactly as it came after `DATA`.
    pub raw: Vec<u8>,
}

impl ReceivedMail {
    fn parse(raw: Vec<u8>, envelope: &Value) -> Self {
        let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
        let from = text(&envelope["mail_from"]);
        let to = envelope["rcpt_tos"]
            .as_array()
            .map(|a| a.iter().map(text).collect())
            .unwrap_or_default();
        let Some(message) = mail_parser::MessageParser::default().parse(&raw) else {
            return Self {
                from,
                to,
                header_from: None,
                header_to: Vec::new(),
                subject: String::new(),
                message_id: None,
                body_text: String::new(),
                body_html: None,
                raw,
            };
        };
        let addresses = |a: Option<&mail_parser::Address<'_>>| -> Vec<String> {
            a.map(|a| {
                a.iter()
                    .filter_map(|addr| addr.address().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
        };
        let header_from = addresses(message.from()).into_iter().next();
        let header_to = addresses(message.to());
        let subject = message.subject().unwrap_or_default().to_owned();
        let message_id = message.message_id().map(str::to_owned);
        let body_text = (0..message.text_body_count())
            .filter_map(|i| message.body_text(i).map(|t| t.into_owned()))
            .collect::<Vec<_>>()
            .join("\n");
        let body_html = if message.html_body_count() > 0 {
            message.body_html(0).map(|h| h.into_owned())
        } else {
            None
        };
        drop(message);
        Self {
            from,
            to,
            header_from,
            header_to,
            subject,
            message_id,
            body_text,
            body_html,
            raw,
        }
    }

    /// A header's value, decoded where it is text (first occurrence; name case-insensitive).
    #[must_use]
    pub fn header(&self, name: &str) -> Option<String> {
        let message = mail_parser::MessageParser::default().parse(&self.raw)?;
        let value = message.header(name)?;
        value
            .as_text()
            .map(str::to_owned)
            .or_else(|| message.header_raw(name).map(|raw| raw.trim().to_owned()))
    }
}

/// A real SMTP server on 127.0.0.1 that keeps every message it accepts. Dropping it kills it.
pub struct SmtpSink {
    helper: Helper,
}

impl SmtpSink {
    /// Starts a sink that accepts everything at once.
    pub async fn start() -> Self {
        Self::start_with(&[]).await
    }

    /// Starts a sink with options of `smtp_sink.py`: `["--stall-first", "30"]` holds the first
    /// message 30 s and then refuses it with 451 without storing it (kill the sender meanwhile);
    /// `["--store-then-stall-first", "30"]` stores the first message and then holds its 250 for
    /// 30 s.
    pub async fn start_with(args: &[&str]) -> Self {
        let args = args.iter().map(OsString::from).collect();
        Self {
            helper: Helper::start("the SMTP sink", "smtp_sink.py", args).await,
        }
    }

    /// `smtp://127.0.0.1:<port>` (no TLS, no authentication).
    #[must_use]
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.helper.port)
    }

    #[must_use]
    pub fn port(&self) -> u16 {
        self.helper.port
    }

    /// The messages accepted so far, in arrival order.
    #[must_use]
    pub fn messages(&self) -> Vec<ReceivedMail> {
        self.helper
            .files(".eml")
            .into_iter()
            .map(|eml| {
                let raw =
                    std::fs::read(&eml).unwrap_or_else(|e| panic!("read {}: {e}", eml.display()));
                // Written before the .eml, so it is there.
                let envelope_path = eml.with_extension("envelope.json");
                let envelope = std::fs::read(&envelope_path)
                    .ok()
                    .and_then(|b| serde_json::from_slice(&b).ok())
                    .unwrap_or(Value::Null);
                ReceivedMail::parse(raw, &envelope)
            })
            .collect()
    }

    /// Waits until at least `count` messages have arrived, or `timeout` has passed, and returns
    /// the messages then: possibly fewer than `count`, for the caller to assert on.
    pub async fn wait_for(&self, count: usize, timeout: Duration) -> Vec<ReceivedMail> {
        poll_for(count, timeout, || self.messages()).await
    }

    /// Whether the stall of `--stall-first` / `--store-then-stall-first` has begun.
    #[must_use]
    pub fn stall_started(&self) -> bool {
        self.helper.dir.path().join("stall-started").exists()
    }

    /// Whether that stall is over (its time passed, or the client went away).
    #[must_use]
    pub fn stall_ended(&self) -> bool {
        self.helper.dir.path().join("stall-ended").exists()
    }

    /// Waits until the stall has begun, i.e. a sender is stuck in its first transaction;
    /// false if it did not begin within `timeout`.
    pub async fn wait_for_stall(&self, timeout: Duration) -> bool {
        !poll_for(1, timeout, || {
            if self.stall_started() {
                vec![()]
            } else {
                Vec::new()
            }
        })
        .await
        .is_empty()
    }

    /// What the server wrote to stderr so far (for failure messages).
    #[must_use]
    pub fn stderr(&self) -> String {
        self.helper.stderr()
    }

    /// The folder the messages are stored in.
    #[must_use]
    pub fn dir(&self) -> &Path {
        self.helper.dir.path()
    }

    /// Stops the server with SIGTERM and returns its exit status (dropping it kills it instead).
    pub async fn terminate(mut self) -> ExitStatus {
        self.helper.terminate().await
    }
}

/// A request the [`WebhookReceiver`] got.
#[derive(Debug, Clone)]
pub struct ReceivedHook {
    /// Whether `standardwebhooks.Webhook(secret).verify(body, headers)` accepted it.
    pub verified: bool,
    /// `webhook-id` ("" when absent).
    pub id: String,
    /// `webhook-timestamp` ("" when absent).
    pub timestamp: String,
    /// The body parsed as JSON (`Null` when it is not JSON).
    pub body: Value,
    /// Why verification failed.
    pub error: Option<String>,
    /// The status answered: 204, 401, or 503 under `--fail-first`.
    pub status: u16,
    pub path: String,
    /// The request headers, names in lower case.
    pub headers: BTreeMap<String, String>,
}

impl ReceivedHook {
    fn from_record(record: &Value) -> Self {
        let text = |key: &str| record[key].as_str().unwrap_or_default().to_owned();
        Self {
            verified: record["verified"].as_bool().unwrap_or(false),
            id: text("id"),
            timestamp: text("timestamp"),
            body: record["body"].clone(),
            error: record["error"].as_str().map(str::to_owned),
            status: record["status"]
                .as_u64()
                .and_then(|s| u16::try_from(s).ok())
                .unwrap_or(0),
            path: text("path"),
            headers: record["headers"]
                .as_object()
                .map(|h| {
                    h.iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

/// A real Standard Webhooks receiver on 127.0.0.1 that verifies every POST with the reference
/// library and records it. Dropping it kills it.
///
/// The reference library rejects a `webhook-timestamp` more than 5 minutes from the real clock,
/// so a server under a test's manual clock must still sign with the real time.
pub struct WebhookReceiver {
    helper: Helper,
}

impl WebhookReceiver {
    /// Starts a receiver for `secret` (`whsec_…`, e.g. from [`whsec_secret`]).
    pub async fn start(secret: &str) -> Self {
        Self::start_with(secret, &[]).await
    }

    /// Starts a receiver with options of `webhook_receiver.py`: `["--fail-first", "2"]` answers
    /// the first two requests 503 (they are still recorded and verified).
    pub async fn start_with(secret: &str, args: &[&str]) -> Self {
        let mut all = vec![OsString::from("--secret"), OsString::from(secret)];
        all.extend(args.iter().map(OsString::from));
        Self {
            helper: Helper::start("the webhook receiver", "webhook_receiver.py", all).await,
        }
    }

    /// `http://127.0.0.1:<port>/webhook` (any path is accepted).
    #[must_use]
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/webhook", self.helper.port)
    }

    #[must_use]
    pub fn port(&self) -> u16 {
        self.helper.port
    }

    /// The requests received so far, in arrival order.
    #[must_use]
    pub fn received(&self) -> Vec<ReceivedHook> {
        self.helper
            .files(".json")
            .into_iter()
            .map(|path| {
                let bytes =
                    std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
                let record: Value = serde_json::from_slice(&bytes)
                    .unwrap_or_else(|e| panic!("parse {}: {e}", path.display()));
                ReceivedHook::from_record(&record)
            })
            .collect()
    }

    /// Waits until at least `count` requests have arrived, or `timeout` has passed, and returns
    /// the requests then: possibly fewer than `count`, for the caller to assert on.
    pub async fn wait_for(&self, count: usize, timeout: Duration) -> Vec<ReceivedHook> {
        poll_for(count, timeout, || self.received()).await
    }

    /// What the receiver wrote to stderr so far (for failure messages).
    #[must_use]
    pub fn stderr(&self) -> String {
        self.helper.stderr()
    }

    /// Stops the receiver with SIGTERM and returns its exit status.
    pub async fn terminate(mut self) -> ExitStatus {
        self.helper.terminate().await
    }
}

/// How long a test waits for mail the application sends in the background.
pub const MAIL_WAIT: Duration = Duration::from_secs(10);

/// An application that sends its account e-mails (reset and verification links) to a new
/// [`SmtpSink`], with `public_url` `https://ipt.clinic.example/`.
pub async fn app_with_smtp(require_verification: bool) -> (crate::TestApp, SmtpSink) {
    let smtp = SmtpSink::start().await;
    let url = smtp.url();
    let app = crate::spawn_app_with(move |s| {
        s.smtp_url = Some(url);
        s.mail_from = "IPT Companion <no-reply@clinic.example>".into();
        s.public_url = "https://ipt.clinic.example/".into();
        s.require_email_verification = require_verification;
    })
    .await;
    (app, smtp)
}

/// The token of the link in `mail` that starts with `prefix`.
#[must_use]
pub fn link_token(mail: &ReceivedMail, prefix: &str) -> String {
    let start = mail
        .body_text
        .find(prefix)
        .unwrap_or_else(|| panic!("a link {prefix} in {}", mail.body_text));
    mail.body_text[start + prefix.len()..]
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// Waits for `count` messages (at most [`MAIL_WAIT`]) and asserts that they came.
pub async fn wait_for_mails(smtp: &SmtpSink, count: usize) -> Vec<ReceivedMail> {
    let mails = smtp.wait_for(count, MAIL_WAIT).await;
    assert_eq!(mails.len(), count, "{mails:?}");
    mails
}

/// What the application's log says of the account e-mails of one therapist (see
/// [`account_mail_settled`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AccountMailLog {
    /// Password-reset requests whose background work has ended (a link sent on, none needed,
    /// refused, or failed).
    pub resets_ended: usize,
    /// Account e-mails handed to the background sender.
    pub mails_begun: usize,
    /// Account e-mails the background sender is done with (sent or given up).
    pub mails_ended: usize,
}

/// Log messages after which the application hands exactly one account e-mail to its background
/// sender (`account_tokens::Mails::send_later`).
const MAIL_BEGINS: [&str; 4] = [
    "password reset requested",
    "therapist account created; waits for e-mail verification",
    "sign-up with an unverified address; the pending account takes the newcomer's password and a new link",
    "sign-up with a registered address; its owner is told",
];

/// Log messages that end the background work of one password-reset request.
const RESET_ENDS: [&str; 5] = [
    "password reset requested",
    "password reset requested; a recent link is unused, so no new one",
    "password reset refused: the address is not verified",
    "a password-reset request could not be read",
    "a password-reset link could not be stored",
];

fn account_mail_log(therapist: uuid::Uuid) -> AccountMailLog {
    let id = therapist.to_string();
    let mut log = AccountMailLog::default();
    for line in crate::captured_logs().lines() {
        let Ok(entry) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let fields = &entry["fields"];
        if fields["therapist_id"].as_str() != Some(id.as_str()) {
            continue;
        }
        let message = fields["message"].as_str().unwrap_or_default();
        log.resets_ended += usize::from(RESET_ENDS.contains(&message));
        log.mails_begun += usize::from(MAIL_BEGINS.contains(&message));
        log.mails_ended += usize::from(matches!(
            message,
            "account e-mail sent" | "account e-mail not sent"
        ));
    }
    log
}

/// Waits until the application's background work for the account e-mails of `therapist` is
/// over: `resets` accepted password-reset requests have ended, and every e-mail begun has been
/// sent or given up. The application's own log lines are the signal (each step logs the
/// therapist's id), so a test then asserts that nothing more arrived without sleeping on a
/// guess. The sink stores a message before it answers 250, and the sender logs after the 250,
/// so what the sink holds then is final. Panics after [`MAIL_WAIT`] with what was seen.
pub async fn account_mail_settled(therapist: uuid::Uuid, resets: usize) -> AccountMailLog {
    let deadline = Instant::now() + MAIL_WAIT;
    loop {
        let log = account_mail_log(therapist);
        if log.resets_ended >= resets && log.mails_ended >= log.mails_begun {
            return log;
        }
        assert!(
            Instant::now() < deadline,
            "the account e-mails of {therapist} did not settle: {log:?}, {resets} resets asked"
        );
        tokio::time::sleep(POLL).await;
    }
}

/// The receivers of safety-alert notifications: an [`SmtpSink`], a [`WebhookReceiver`] and the
/// webhook's signing secret.
pub struct AlertChannels {
    pub smtp: SmtpSink,
    pub hooks: WebhookReceiver,
    pub secret: String,
}

/// The on-call address that [`AlertChannels::configure`] escalates to.
pub const ON_CALL: &str = "oncall@clinic.example";

impl AlertChannels {
    /// Starts both receivers, the webhook one with a new secret.
    pub async fn start() -> Self {
        Self::start_with_hooks(&[]).await
    }

    /// [`AlertChannels::start`], with options of the webhook receiver (`["--fail-first", "2"]`).
    pub async fn start_with_hooks(args: &[&str]) -> Self {
        let smtp = SmtpSink::start().await;
        let secret = whsec_secret();
        let hooks = WebhookReceiver::start_with(&secret, args).await;
        Self {
            smtp,
            hooks,
            secret,
        }
    }

    /// Settings that send safety alerts to these receivers, escalate to [`ON_CALL`] after
    /// `escalate_minutes`, and link to `https://ipt.clinic.example`.
    pub fn configure(
        &self,
        escalate_minutes: u32,
    ) -> impl FnOnce(&mut ipt_server::configuration::Settings) + use<> {
        let (smtp_url, hook_url, secret) = (self.smtp.url(), self.hooks.url(), self.secret.clone());
        move |s| {
            s.smtp_url = Some(smtp_url);
            s.mail_from = "IPT Companion <alerts@clinic.example>".into();
            s.public_url = "https://ipt.clinic.example".into();
            s.alert_webhook_url = Some(hook_url);
            s.alert_webhook_secret = Some(secret);
            s.escalation_email = Some(ON_CALL.into());
            s.alert_escalate_minutes = escalate_minutes;
        }
    }
}
