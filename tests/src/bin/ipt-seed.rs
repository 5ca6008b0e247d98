//! `ipt-seed`: migrates a database and fills it with the benchmarks' synthetic data
//! (`ipt_tests::seed`), then logs one `seeded` line with what it wrote. Run by `benches/run`.
//!
//! Usage: `DATABASE_URL=… cargo run --release -p ipt-tests --bin ipt-seed -- --therapists 60`
//! (`--help` lists the rest).

use clap::Parser;
use ipt_server::configuration::{LogFormat, Settings};
use ipt_tests::seed::{SeedArgs, seed};

/// Fill a database with synthetic data for the benchmarks (migrations applied first).
#[derive(Debug, Parser)]
#[command(name = "ipt-seed", version)]
struct Cli {
    /// `sqlite://path` or `postgres://user@host/db`, as the server takes it. No default: seeding
    /// the server's default database by accident would mix fake accounts into real ones.
    #[arg(long, env = "DATABASE_URL")]
    database_url: String,
    /// Log line format; `benches/run` reads the counts from the JSON.
    #[arg(long, env = "IPT_LOG_FORMAT", value_enum, default_value_t = LogFormat::Json)]
    log_format: LogFormat,
    #[command(flatten)]
    args: SeedArgs,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cli = Cli::parse();
    ipt_server::telemetry::init(cli.log_format, std::io::stdout);
    // Every setting but the URL as the server's default: the environment's `IPT_*` are meant
    // for the server, not for this tool.
    let mut settings = Settings::defaults();
    settings.database_url = cli.database_url;
    let db = ipt_server::db::connect(&settings).await?;
    ipt_server::db::migrate(&db).await?;
    let started = std::time::Instant::now();
    let report = seed(&db, &cli.args, chrono::Utc::now()).await?;
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
