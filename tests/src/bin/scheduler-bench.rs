//! The scheduler at scale, run by `benches/run`: `CLIENTS` clients (100,000 by default) each
//! with a practice prompt and a device, planned by the real planner, then one occurrence each
//! made due in the same minute and dispatched by the real server (the release binary in its own
//! process, scheduler on, system clock) to the fake FCM on loopback. A second, steady load
//! follows (`STEADY_PER_MINUTE` reminders in each of `STEADY_MINUTES` later minutes) to measure
//! the lag when not in a burst.
//!
//! Usage: `DATABASE_URL=… cargo run --release -p ipt-tests --bin scheduler-bench`
//! (a fresh, empty database: SQLite file or PostgreSQL). Prints `key: value` lines.

use chrono::{DateTime, Duration, DurationRound, Timelike, Utc};
use entities::{
    ClientId, DeviceId, TherapistId, client, course, device, outbox, reminder_settings, therapist,
};
use ipt_server::configuration::Settings;
use ipt_server::reminders::planner::Planner;
use ipt_tests::fake_fcm::FakeFcm;
use ipt_tests::seed::ZONES;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};
use std::collections::HashMap;
use std::time::Instant;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Percentile (nearest rank) of sorted seconds.
fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss,
        reason = "an index into a short list"
    )]
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn summary(label: &str, mut lags: Vec<f64>) {
    lags.sort_by(f64::total_cmp);
    println!(
        "{label}_lag_seconds: n={} p50={:.3} p90={:.3} p99={:.3} max={:.3}",
        lags.len(),
        pct(&lags, 50.0),
        pct(&lags, 90.0),
        pct(&lags, 99.0),
        lags.last().copied().unwrap_or(f64::NAN)
    );
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let clients = env_usize("CLIENTS", 100_000);
    let steady_minutes = env_usize("STEADY_MINUTES", 3);
    let steady_per_minute = env_usize("STEADY_PER_MINUTE", 1_000);
    let total = clients + steady_minutes * steady_per_minute;

    let mut settings = Settings::defaults();
    settings.bind = "127.0.0.1:0".into();
    settings.scheduler = false;
    let db = ipt_server::db::connect(&settings).await?;
    ipt_server::db::migrate(&db).await?;

    // Every client's prompt falls on the same UTC minute, whatever its zone: twelve hours ahead,
    // so that the only occurrence of that time of day inside the bench is that one.
    let now = Utc::now().duration_trunc(Duration::minutes(1))?;
    let prompt_at = now + Duration::hours(12);
    let started = Instant::now();
    let therapist = TherapistId::new();
    therapist::Entity::insert(therapist::ActiveModel::from(therapist::Model {
        id: therapist,
        email: "scheduler-bench@example.org".into(),
        // Nobody signs in as this therapist.
        password_hash: String::new(),
        display_name: "Bench".into(),
        created_at: now,
        escalation_email: None,
        contact_phone: None,
    }))
    .exec_without_returning(&db)
    .await?;
    let mut ids = Vec::with_capacity(total);
    for chunk_start in (0..total).step_by(1000) {
        let chunk: Vec<usize> = (chunk_start..total.min(chunk_start + 1000)).collect();
        let (mut c_rows, mut s_rows, mut d_rows) = (Vec::new(), Vec::new(), Vec::new());
        let mut k_rows = Vec::new();
        for i in chunk {
            let id = ClientId::new();
            ids.push(id);
            let zone = ZONES[i % ZONES.len()];
            let tz: chrono_tz::Tz = zone.parse().map_err(anyhow::Error::msg)?;
            let local = prompt_at.with_timezone(&tz);
            c_rows.push(client::ActiveModel::from(client::Model {
                id,
                therapist_id: therapist,
                display_name: format!("Client {i}"),
                timezone: tz.into(),
                session_time: entities::LocalTimeOfDay::TEN_AM,
                reminders_planned_until: None,
                problem_areas: entities::ProblemAreaSet::new(&[entities::ProblemArea::Grief]),
                weekly_practice_target: 3,
                change_seq: 1,
                profile_seq: 1,
                region: None,
                locale: None,
                gad7_enabled: false,
                region_source: None,
                baseline_checkin_id: None,
                created_at: now,
                updated_at: now,
            }));
            // Course 1 has the client's id, as every client's first course does.
            k_rows.push(course::ActiveModel::from(course::Model {
                id: id.uuid(),
                client_id: id,
                number: 1,
                kind: course::CourseKind::Acute,
                start_date: (now - Duration::days(21)).date_naive(),
                planned_sessions: 16,
                interval_weeks: 1,
                ended_at: None,
                ended_on: None,
                ended_after_slot: None,
                end_reason: None,
                end_note: None,
                sick_role_discussed: false,
                created_at: now,
                change_seq: 1,
            }));
            s_rows.push(reminder_settings::ActiveModel::from(
                reminder_settings::Model {
                    client_id: id,
                    practice_prompts: format!(
                        r#"[{{"local_time":"{:02}:{:02}","weekdays":[1,2,3,4,5,6,7]}}]"#,
                        local.hour(),
                        local.minute()
                    ),
                    checkin_time: None,
                    quiet_start: None,
                    quiet_end: None,
                    updated_at: now,
                    change_seq: 1,
                },
            ));
            d_rows.push(device::ActiveModel::from(device::Model {
                id: DeviceId::new(),
                client_id: id,
                session_id: None,
                fcm_token: format!("bench-device-{i}"),
                platform: entities::device::DevicePlatform::Android,
                created_at: now,
                last_seen_at: now,
                locale: None,
                timezone: None,
                app_version: None,
            }));
        }
        client::Entity::insert_many(c_rows)
            .exec_without_returning(&db)
            .await?;
        course::Entity::insert_many(k_rows)
            .exec_without_returning(&db)
            .await?;
        reminder_settings::Entity::insert_many(s_rows)
            .exec_without_returning(&db)
            .await?;
        device::Entity::insert_many(d_rows)
            .exec_without_returning(&db)
            .await?;
    }
    println!(
        "setup: {total} clients with settings and a device in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // The real planner, as the worker's sweep runs it, over everyone.
    let planner = Planner {
        horizon: Duration::days(i64::from(settings.reminder_horizon_days.max(1))),
        maintenance_months: settings.maintenance_months,
    };
    analyze(&db).await?;
    let started = Instant::now();
    let (mut planned, mut analyzed_at) = (0, 0);
    loop {
        let n = planner.sweep(&db, now, 1000).await?;
        if n == 0 {
            break;
        }
        planned += n;
        if planned >= 2 * analyzed_at {
            // What autovacuum does on a live server as the outbox grows.
            analyze(&db).await?;
            analyzed_at = planned;
        }
    }
    let rows = outbox::Entity::find().count(&db).await?;
    println!(
        "plan: {planned} clients planned {} days ahead ({rows} outbox rows) in {:.1} s",
        settings.reminder_horizon_days,
        started.elapsed().as_secs_f64()
    );

    // Bring tomorrow's occurrence forward: the burst into the next minute that leaves time to
    // start the server, the steady clients into the minutes after the burst should be done.
    let burst_at = (Utc::now() + Duration::seconds(20)).duration_trunc(Duration::minutes(1))?
        + Duration::minutes(1);
    let mut due: HashMap<ClientId, DateTime<Utc>> = HashMap::with_capacity(total);
    for (i, id) in ids.iter().enumerate() {
        let at = if i < clients {
            burst_at
        } else {
            let minute = i64::try_from((i - clients) / steady_per_minute.max(1))? + 2;
            // Spread over the minute, as prompts at different local times would be.
            let second = i64::try_from((i - clients) % 60)?;
            burst_at + Duration::minutes(minute) + Duration::seconds(second)
        };
        due.insert(*id, at);
    }
    move_occurrences(&db, &ids, &due, prompt_at).await?;
    analyze(&db).await?;

    let fake = FakeFcm::start();
    // The real binary in its own process, so that its memory is measured apart from the
    // fake FCM's and this bench's bookkeeping.
    let binary =
        std::env::var("IPT_SERVER_BIN").unwrap_or_else(|_| "target/release/ipt-server".into());
    let mut server = tokio::process::Command::new(&binary)
        .env("DATABASE_URL", &settings.database_url)
        .env("IPT_BIND", "127.0.0.1:0")
        .env("IPT_SCHEDULER", "true")
        .env("FCM_SERVICE_ACCOUNT", &fake.service_account)
        .env("FCM_ENDPOINT", &fake.url)
        .env(
            "RUST_LOG",
            std::env::var("RUST_LOG").unwrap_or_else(|_| "warn".into()),
        )
        .stdout(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| anyhow::anyhow!("starting {binary}: {e}"))?;
    let server_pid = server.id().unwrap_or_default();
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    let rss_idle = rss_mib(server_pid);

    let last_due = due.values().max().copied().unwrap_or(burst_at);
    let deadline = last_due + Duration::minutes(10);
    let mut burst_done: Option<DateTime<Utc>> = None;
    let mut rss_peak = rss_idle;
    loop {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        rss_peak = rss_peak.max(rss_mib(server_pid));
        let delivered = fake.delivered_count();
        if burst_done.is_none() && delivered >= clients {
            burst_done = Some(Utc::now());
        }
        if delivered >= total || Utc::now() > deadline {
            break;
        }
    }
    let hwm = status_mib(server_pid, "VmHWM:");
    server.kill().await?;

    let by_reminder: HashMap<String, ClientId> = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Id)
        .column(outbox::Column::ClientId)
        .filter(outbox::Column::SentAt.is_not_null())
        .into_tuple::<(uuid::Uuid, ClientId)>()
        .all(&db)
        .await?
        .into_iter()
        .map(|(r, c)| (r.to_string(), c))
        .collect();
    let (mut burst, mut steady, mut other) = (Vec::new(), Vec::new(), 0);
    let mut last_burst_arrival: Option<DateTime<Utc>> = None;
    for (reminder_id, arrived) in fake.arrivals() {
        let Some(at) = by_reminder.get(&reminder_id).and_then(|c| due.get(c)) else {
            other += 1;
            continue;
        };
        let lag = (arrived - *at).as_seconds_f64();
        if *at == burst_at {
            last_burst_arrival = last_burst_arrival.max(Some(arrived));
            burst.push(lag);
        } else {
            steady.push(lag);
        }
    }
    println!(
        "burst: {} of {clients} reminders due at {burst_at} handed to the fake FCM; the last {:.1} s after they fell due{}",
        burst.len(),
        last_burst_arrival.map_or(f64::NAN, |t| (t - burst_at).as_seconds_f64()),
        if burst_done.is_some() {
            ""
        } else {
            " (NOT ALL DELIVERED)"
        }
    );
    summary("burst", burst);
    summary("steady", steady);
    println!("other_pushes: {other}");
    println!(
        "server_rss_mib: idle {rss_idle:.1}, highest sampled {rss_peak:.1}, VmHWM {hwm:.1} (the ipt-server process alone)"
    );
    Ok(())
}

/// Moves each client's planned occurrence at `planned` to its bench time (the outbox is the
/// schedule; this only changes when the one chosen occurrence falls due).
async fn move_occurrences(
    db: &sea_orm::DatabaseConnection,
    ids: &[ClientId],
    due: &HashMap<ClientId, DateTime<Utc>>,
    planned: DateTime<Utc>,
) -> anyhow::Result<()> {
    let mut groups: HashMap<DateTime<Utc>, Vec<ClientId>> = HashMap::new();
    for id in ids {
        groups.entry(due[id]).or_default().push(*id);
    }
    for (at, clients) in groups {
        for chunk in clients.chunks(1000) {
            outbox::Entity::update_many()
                .col_expr(outbox::Column::ScheduledFor, Expr::value(at))
                .col_expr(outbox::Column::NextAttemptAt, Expr::value(at))
                .filter(outbox::Column::ClientId.is_in(chunk.to_vec()))
                .filter(outbox::Column::ScheduledFor.eq(planned))
                .filter(outbox::Column::Kind.eq(outbox::OutboxKind::PracticePrompt))
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

/// Fresh planner statistics on PostgreSQL. Autovacuum keeps them on a live server, but it is
/// off on some machines (these benchmark machines among them), and a table that grew from
/// nothing would otherwise be planned as if it were empty.
async fn analyze(db: &sea_orm::DatabaseConnection) -> anyhow::Result<()> {
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        db.execute_unprepared("ANALYZE").await?;
    }
    Ok(())
}

fn rss_mib(pid: u32) -> f64 {
    status_mib(pid, "VmRSS:")
}

fn status_mib(pid: u32, key: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}
