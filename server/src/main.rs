//! `ipt-server`: wires configuration, telemetry and the application, then runs until stopped.

use clap::Parser;
use ipt_server::clock::SystemClock;
use ipt_server::configuration::{Cli, Command};
use ipt_server::startup::Application;
use ipt_server::{db, telemetry};
use std::sync::Arc;

// glibc's malloc keeps freed memory in per-thread arenas (the SQLite pool and the HTTP
// workers each run threads), and the server's resident memory grew with every load it had
// seen; jemalloc returns it (BENCHMARKS.md has the before and after).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    // One TLS crypto backend (ring) for every rustls user in the process.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cli = Cli::parse();
    telemetry::init(cli.settings.log_format, std::io::stdout);

    match cli.command.unwrap_or(Command::Serve) {
        Command::Migrate => {
            let db = db::connect(&cli.settings).await?;
            db::migrate(&db).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Seed(args) => {
            let db = db::connect(&cli.settings).await?;
            db::migrate(&db).await?;
            let started = std::time::Instant::now();
            let report = ipt_server::seed::seed(&db, &args, chrono::Utc::now()).await?;
            tracing::info!(
                therapists = report.therapists,
                clients = report.clients,
                checkins = report.checkins,
                exercise_logs = report.exercise_logs,
                homework = report.homework,
                seconds = started.elapsed().as_secs_f64(),
                "seeded"
            );
            Ok(())
        }
        Command::Serve => {
            let app = Application::build(cli.settings, Arc::new(SystemClock)).await?;
            tracing::info!(address = %app.address(), "listening");
            app.run_until_stopped().await?;
            Ok(())
        }
    }
}
