//! IPT Companion backend: the v1 API of the phone app and the therapist dashboard.
//!
//! One [`startup::Application`] serves both the binary and the tests.

#![warn(missing_docs)]

pub(crate) mod aggregate;
pub mod at_rest;
pub mod backup;
pub(crate) mod body_deadline;
pub(crate) mod client_addr;
pub(crate) mod client_record;
pub mod clock;
pub(crate) mod conditional;
pub mod configuration;
pub(crate) mod credentials;
pub mod db;
pub(crate) mod documents;
pub mod domain;
pub(crate) mod error;
pub mod extract;
pub mod group_commit;
pub(crate) mod i18n;
pub(crate) mod identity;
pub(crate) mod lease;
pub(crate) mod limits;
pub(crate) mod mail;
pub mod observability;
pub(crate) mod openapi;
pub(crate) mod ops;
pub mod outbox;
pub(crate) mod pages;
pub(crate) mod pagination;
pub mod push;
pub mod records;
pub mod startup;
pub(crate) mod state;
pub mod telemetry;
pub(crate) mod wire;
pub(crate) mod write;

/// Declares the modules that serve the v1 API, in the order their routes are matched, and
/// collects what each one's `routes.rs` declares: `api` (its handlers) and `TAGS` (the tags
/// it describes). A new feature is one line here, not also one in the server's wiring and
/// one in the OpenAPI document's tag list.
macro_rules! features {
    ($($(#[$meta:meta])* $vis:vis mod $name:ident;)*) => {
        $($(#[$meta])* $vis mod $name;)*

        /// Registers every feature's operations: startup puts them under `/api/v1`.
        pub(crate) fn api_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
            $($name::routes::api(cfg);)*
        }

        /// Every feature's tags with their descriptions, in the features' order.
        pub(crate) fn api_tags() -> impl Iterator<Item = &'static (&'static str, &'static str)> {
            [$($name::routes::TAGS),*].into_iter().flatten()
        }
    };
}

// Matched in order, each path with a parameter by a regex: the phones' most frequent calls
// go first (about 3 % of a check-in's CPU went to trying the others).
features! {
    pub mod checkins;
    pub(crate) mod auth;
    pub(crate) mod account_tokens;
    pub(crate) mod mfa;
    pub mod accounts;
    pub(crate) mod sign_ins;
    pub mod clients;
    pub(crate) mod sessions;
    pub(crate) mod readings;
    pub(crate) mod courses;
    pub(crate) mod formulation;
    pub(crate) mod relapse_plan;
    pub mod relapse_watch;
    pub mod relationships;
    pub mod exercises;
    pub mod homework;
    pub(crate) mod devices;
    pub mod reminders;
    pub mod safety;
    pub mod safety_plan;
    pub(crate) mod risk_screens;
    pub(crate) mod dashboard;
    pub(crate) mod sync;
    pub(crate) mod privacy;
    pub(crate) mod audit;
}

/// The first course of a new client, as creating a client writes it. Public for tools that
/// write clients straight into the database (the benchmark seeder).
pub use courses::service::first_course;
/// Hashes a password as the server stores it. Public for tools that write accounts straight
/// into the database (the benchmark seeder), so that their hashes cost what real ones do.
pub use credentials::hash_password;

/// Runs the command line: serve (the default), migrate, compact, or the backup commands.
/// The binary and the test binary of the crash tests start exactly this.
///
/// # Errors
/// The database cannot be reached or migrated, or the server fails.
pub async fn run(cli: configuration::Cli) -> anyhow::Result<()> {
    use configuration::Command;
    telemetry::init(cli.settings.log_format, std::io::stdout);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Migrate => {
            let db = db::connect(&cli.settings).await?;
            db::migrate(&db).await?;
            clients::derive_missing_regions(&db, chrono::Utc::now()).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Backup { file } => {
            let report = backup::backup(&cli.settings, &file).await?;
            tracing::info!(
                file = %report.file.display(),
                bytes = report.bytes,
                migrations = report.migrations,
                "backup written and checked"
            );
            Ok(())
        }
        Command::Restore { file } => {
            let report = backup::restore(&cli.settings, &file).await?;
            tracing::info!(
                database = %report.database.display(),
                kept_aside = report.kept_aside.as_ref().map(|p| p.display().to_string()),
                "restored with a new sync epoch: start the server; phones will sync again from zero"
            );
            Ok(())
        }
        Command::RotateSyncEpoch => {
            if let Some(file) = cli
                .settings
                .is_sqlite()
                .then(|| db::sqlite_file(&cli.settings.database_url))
                .flatten()
            {
                // Connecting would create a missing file: a mistyped path is an error.
                anyhow::ensure!(file.is_file(), "there is no database at {}", file.display());
            }
            let db = db::connect(&cli.settings).await?;
            backup::rotate_sync_epoch(&db).await?;
            tracing::info!("sync epoch rotated: phones will sync again from zero");
            Ok(())
        }
        Command::Compact => {
            let db = db::connect(&cli.settings).await?;
            let started = std::time::Instant::now();
            let done = at_rest::compact(&db).await?;
            tracing::info!(
                tables = done.tables.len(),
                statements = ?done.statements,
                seconds = started.elapsed().as_secs_f64(),
                "compacted"
            );
            db.close().await?;
            Ok(())
        }
        Command::Serve => {
            let app =
                startup::Application::build(cli.settings, std::sync::Arc::new(clock::SystemClock))
                    .await?;
            tracing::info!(address = %app.address(), "listening");
            app.run_until_stopped().await?;
            Ok(())
        }
    }
}
