//! IPT Companion backend: the v1 API of the phone app and the therapist dashboard.
//!
//! One [`startup::Application`] serves both the binary and the tests.

#![warn(missing_docs)]

pub(crate) mod account_tokens;
pub mod accounts;
pub(crate) mod aggregate;
pub mod at_rest;
pub(crate) mod audit;
pub(crate) mod auth;
pub mod backup;
pub(crate) mod body_deadline;
pub mod checkins;
pub(crate) mod client_addr;
pub(crate) mod client_record;
pub mod clients;
pub mod clock;
pub(crate) mod conditional;
pub mod configuration;
pub(crate) mod courses;
pub(crate) mod credentials;
pub(crate) mod dashboard;
pub mod db;
pub(crate) mod devices;
pub(crate) mod documents;
pub mod domain;
pub(crate) mod error;
pub mod exercises;
pub mod extract;
pub(crate) mod formulation;
pub mod group_commit;
pub mod homework;
pub(crate) mod i18n;
pub(crate) mod identity;
pub(crate) mod lease;
pub(crate) mod limits;
pub(crate) mod mail;
pub(crate) mod mfa;
pub mod observability;
pub(crate) mod openapi;
pub(crate) mod ops;
pub mod outbox;
pub(crate) mod pages;
pub(crate) mod pagination;
pub(crate) mod privacy;
pub mod push;
pub(crate) mod readings;
pub mod records;
pub(crate) mod relapse_plan;
pub mod relationships;
pub mod reminders;
pub(crate) mod risk_screens;
pub mod safety;
pub mod safety_plan;
pub(crate) mod sessions;
pub(crate) mod sign_ins;
pub mod startup;
pub(crate) mod state;
pub(crate) mod sync;
pub mod telemetry;
pub(crate) mod wire;
pub(crate) mod write;

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
