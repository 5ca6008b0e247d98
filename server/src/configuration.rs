//! Settings, from command-line flags or the environment (`ipt-server --help` lists them all).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// IPT Companion server: the API for the client app and the therapist dashboard.
#[derive(Debug, Parser)]
#[command(name = "ipt-server", version, about)]
pub struct Cli {
    /// What to do; none = serve.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Settings shared by every command.
    #[command(flatten)]
    pub settings: Settings,
}

/// What the server binary does when started.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Apply pending migrations, then serve HTTP (the default).
    Serve,
    /// Apply pending migrations and exit.
    Migrate,
    /// SQLite: copy the database, while the server runs, into FILE (new or empty; made 0600)
    /// and check the copy (docs/operations.md).
    Backup {
        /// The backup file to write.
        file: PathBuf,
    },
    /// SQLite, server stopped: check the backup FILE, keep the current database aside and put
    /// the backup in its place with a new sync epoch (docs/operations.md).
    Restore {
        /// The backup file to restore.
        file: PathBuf,
    },
    /// Give the database a new sync epoch: phones sync again from zero. Run it after restoring
    /// PostgreSQL (docs/operations.md).
    RotateSyncEpoch,
    /// Rewrite the tables of clients' records so that no deleted row's bytes stay in them:
    /// `VACUUM FULL` on PostgreSQL (locks those tables while it runs: a maintenance window),
    /// `VACUUM` and a WAL checkpoint on SQLite. See docs/privacy.md.
    Compact,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// One JSON object per line (for log collectors).
    Json,
    /// Human-readable lines.
    Pretty,
}

/// Every setting of the server. Each flag can also be given as the environment variable shown.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// `sqlite://path` or `postgres://user@host/db`. SQLite files and their folder are created.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/ipt-companion.db",
        global = true
    )]
    pub database_url: String,

    /// Address to listen on (port 0 picks a free port).
    #[arg(
        long = "bind",
        env = "IPT_BIND",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub bind: String,

    /// A second listener serving only `/metrics` (Prometheus), e.g. `127.0.0.1:9090`. Unset: no
    /// metrics are served. The public listener never serves them (it answers 404).
    #[arg(long, env = "IPT_METRICS_BIND", global = true)]
    pub metrics_bind: Option<String>,

    /// Whether anyone may create a therapist account with `POST /api/v1/therapists`.
    #[arg(long, env = "IPT_ALLOW_SIGNUP", default_value_t = true, action = clap::ArgAction::Set, global = true)]
    pub allow_signup: bool,

    /// Google service-account JSON used to send pushes through FCM HTTP v1. Unset: pushes are
    /// recorded as `skipped`.
    #[arg(long, env = "FCM_SERVICE_ACCOUNT", global = true)]
    pub fcm_service_account: Option<PathBuf>,

    /// Base URL of the FCM HTTP v1 API.
    #[arg(
        long,
        env = "FCM_ENDPOINT",
        default_value = "https://fcm.googleapis.com",
        global = true
    )]
    pub fcm_endpoint: String,

    /// Largest number of pooled database connections; 0 picks 16 for PostgreSQL and 4 for
    /// SQLite (one writer, and readers gain nothing from more connections than cores; each
    /// one costs a thread and a page cache).
    #[arg(
        long,
        env = "IPT_DB_MAX_CONNECTIONS",
        default_value_t = 0,
        global = true
    )]
    pub db_max_connections: u32,

    /// HTTP worker threads; 0 means one per CPU core.
    #[arg(long, env = "IPT_WORKERS", default_value_t = 0, global = true)]
    pub workers: usize,

    /// JSON file with the crisis resources shown after a safety signal
    /// (`{"text": "…", "links": [{"label": "…", "url": "tel:…"}]}`). Unset: a default that points
    /// to local emergency services.
    #[arg(long, env = "IPT_CRISIS_RESOURCES", global = true)]
    pub crisis_resources: Option<PathBuf>,

    /// JSON file of the psychoeducation readings (`{"readings": [{"key", "title", "phase",
    /// "minutes", "body": ["…"]}]}`), replacing the built-in ones. Unset: the built-in readings.
    #[arg(long, env = "IPT_READINGS", global = true)]
    pub readings: Option<PathBuf>,

    /// SMTP server for safety-alert e-mail: `smtp://host:port` (plain, or STARTTLS with
    /// `?tls=required`) or `smtps://user:pass@host:465`. Unset: no e-mail.
    #[arg(long, env = "IPT_SMTP_URL", global = true)]
    pub smtp_url: Option<String>,

    /// The sender address of e-mail.
    #[arg(
        long,
        env = "IPT_MAIL_FROM",
        default_value = "IPT Companion <no-reply@localhost>",
        global = true
    )]
    pub mail_from: String,

    /// The address therapists reach this server at; links in e-mail are built from it.
    #[arg(
        long,
        env = "IPT_PUBLIC_URL",
        default_value = "http://127.0.0.1:8080",
        global = true
    )]
    pub public_url: String,

    /// Whether a new therapist account must verify its e-mail address before it can sign in
    /// (recommended in production). Sign-up then answers `202` alike for a new and a registered
    /// address and e-mails a link. Needs `IPT_SMTP_URL`: the server refuses to start without it.
    #[arg(long, env = "IPT_REQUIRE_EMAIL_VERIFICATION", default_value_t = false, action = clap::ArgAction::Set, global = true)]
    pub require_email_verification: bool,

    /// URL that receives safety-alert webhooks (Standard Webhooks). Unset: no webhooks.
    #[arg(long, env = "IPT_ALERT_WEBHOOK_URL", global = true)]
    pub alert_webhook_url: Option<String>,

    /// The webhooks' signing secret, `whsec_<base64>`; required with the URL.
    #[arg(
        long,
        env = "IPT_ALERT_WEBHOOK_SECRET",
        global = true,
        hide_env_values = true
    )]
    pub alert_webhook_secret: Option<String>,

    /// Minutes a safety alert may stay unacknowledged before it is escalated to on-call.
    #[arg(
        long,
        env = "IPT_ALERT_ESCALATE_MINUTES",
        default_value_t = 60,
        global = true
    )]
    pub alert_escalate_minutes: u32,

    /// On-call address for escalations of therapists who set none of their own.
    #[arg(long, env = "IPT_ESCALATION_EMAIL", global = true)]
    pub escalation_email: Option<String>,

    /// How many days ahead reminders are planned.
    #[arg(
        long,
        env = "IPT_REMINDER_HORIZON_DAYS",
        default_value_t = 14,
        global = true
    )]
    pub reminder_horizon_days: u32,

    /// Monthly maintenance check-in prompts after the acute course ends, through a maintenance
    /// course too (0 = none); they feed the relapse watch.
    #[arg(
        long,
        env = "IPT_MAINTENANCE_MONTHS",
        default_value_t = 12,
        global = true
    )]
    pub maintenance_months: u32,

    /// Grace windows per reminder kind in minutes, e.g. `practice_prompt=120,treatment_countdown=1440`;
    /// a reminder later than its window after its time is recorded as missed, not sent.
    /// Defaults: 120 for practice prompts and check-in reminders, 360 for homework and session
    /// reminders, 1440 for the countdown and maintenance prompts.
    #[arg(long, env = "IPT_REMINDER_GRACE", default_value = "", global = true)]
    pub reminder_grace: String,

    /// JSON file with the push texts (`{"title": "…", "bodies": {"practice_prompt": "…"}}`).
    /// Unset: discreet defaults that say nothing clinical.
    #[arg(long, env = "IPT_PUSH_TEXTS", global = true)]
    pub push_texts: Option<PathBuf>,

    /// Run the reminder planner and dispatcher in this process (every replica may).
    #[arg(long, env = "IPT_SCHEDULER", default_value_t = true, action = clap::ArgAction::Set, global = true)]
    pub scheduler: bool,

    /// Seconds a dispatcher holds a claimed reminder before another may take it over.
    #[arg(
        long,
        env = "IPT_DISPATCH_LEASE_SECS",
        default_value_t = 60,
        global = true
    )]
    pub dispatch_lease_secs: u32,

    /// Sign-in, sign-up, password-reset and invite attempts allowed per minute from one address
    /// (an IPv6 address counts with its /64); sign-up and reset are counted in the database.
    #[arg(
        long,
        env = "IPT_RATE_LIMIT_PER_ADDRESS",
        default_value_t = 30,
        global = true
    )]
    pub rate_limit_per_address: u32,

    /// Invite redemptions allowed per minute with one code. (Sign-in, sign-up and reset have
    /// no rate per e-mail: it would let anybody lock the owner out.)
    #[arg(
        long,
        env = "IPT_RATE_LIMIT_PER_ACCOUNT",
        default_value_t = 10,
        global = true
    )]
    pub rate_limit_per_account: u32,

    /// Reverse proxies whose `X-Forwarded-For` / `Forwarded` and `X-Forwarded-Proto` are
    /// believed: comma-separated CIDRs or addresses, e.g. `127.0.0.1/32,10.0.0.0/8`. Unset:
    /// none, and the peer is the client.
    #[arg(
        long,
        env = "IPT_TRUSTED_PROXIES",
        default_value = "",
        hide_default_value = true,
        global = true
    )]
    pub trusted_proxies: crate::client_addr::TrustedProxies,

    /// The secret from which a retried refresh or invite redemption is answered with the same
    /// tokens: base64 (standard or URL-safe) of at least 32 random bytes, the same on every
    /// replica (`openssl rand -base64 32`). Unset: a key made once and kept in the database.
    #[arg(long, env = "IPT_TOKEN_KEY", global = true, hide_env_values = true)]
    pub token_key: Option<String>,

    /// Seconds a client has to send a request's whole body (counted from the request's
    /// arrival); a slower body is answered 408 and its connection closed, so that trickled
    /// bodies cannot hold connections open.
    #[arg(
        long,
        env = "IPT_BODY_TIMEOUT_SECS",
        default_value_t = 10,
        value_parser = clap::value_parser!(u32).range(1..=3600),
        global = true
    )]
    pub body_timeout_secs: u32,

    /// Therapists must sign in with a second factor (TOTP). One without it gets only as far as
    /// setting it up: the API answers 403 `/problems/mfa-enrolment-required` on everything but
    /// `GET /api/v1/me`, `/api/v1/me/mfa/totp…` and sign-out; the pages send it to
    /// `/account/two-step`. Turning the factor off is refused.
    #[arg(long, env = "IPT_REQUIRE_MFA", default_value_t = false, action = clap::ArgAction::Set, global = true)]
    pub require_mfa: bool,

    /// Log line format.
    #[arg(long, env = "IPT_LOG_FORMAT", value_enum, default_value_t = LogFormat::Json, global = true)]
    pub log_format: LogFormat,
}

impl Settings {
    /// The settings as if no flag and no environment variable were given: the environment
    /// is really ignored (a developer's `IPT_*` must not leak into tests).
    ///
    /// # Panics
    /// Never: every setting has a default.
    #[must_use]
    pub fn defaults() -> Self {
        use clap::{CommandFactory, FromArgMatches};
        let command = Cli::command().mut_args(|arg| arg.env(None));
        let matches = command
            .try_get_matches_from(["ipt-server"])
            .expect("every setting has a default");
        Cli::from_arg_matches(&matches)
            .expect("the defaults parse")
            .settings
    }

    /// Whether the database is SQLite (embedded) rather than PostgreSQL.
    #[must_use]
    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }

    /// The pool size in effect (see `db_max_connections`).
    #[must_use]
    pub fn pool_size(&self) -> u32 {
        match (self.db_max_connections, self.is_sqlite()) {
            (0, true) => 4,
            (0, false) => 16,
            (n, _) => n,
        }
    }

    /// How many group-commit lanes write check-ins: one on SQLite (it has one writer), on
    /// PostgreSQL a quarter of the pool, so that writers never take all the connections.
    #[must_use]
    pub fn write_lanes(&self) -> usize {
        if self.is_sqlite() {
            1
        } else {
            usize::try_from(self.pool_size() / 4).unwrap_or(1).max(1)
        }
    }
}
