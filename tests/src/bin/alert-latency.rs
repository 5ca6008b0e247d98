//! Safety-alert delivery latency: from the answer to a check-in with PHQ-9 item 9 above 0 (its
//! commit) to the therapist's e-mail arriving at a real SMTP server on loopback, through the real
//! server binary with its own once-a-second tick.
//!
//! `alert-latency [--alerts N] [--rate PER_SECOND] [--replicas R]`, with `DATABASE_URL` naming an
//! empty PostgreSQL database (then R replicas serve it, posts alternate between them) or unset
//! for a fresh SQLite file (one process). Build first: `cargo build --release -p ipt-tests --bins`.
//! Prints p50, p90, p99 and the maximum in seconds, and one JSON line for BENCHMARKS.md.

use ipt_tests::mail::SmtpSink;
use ipt_tests::process::{Server, call};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::{Duration, SystemTime};

fn start(binary: &str, database_url: &str, smtp_url: &str) -> Server {
    Server::start(
        binary,
        &[
            ("DATABASE_URL", database_url.to_owned()),
            ("IPT_SMTP_URL", smtp_url.to_owned()),
            // One address signs in all the bench's phones.
            ("IPT_RATE_LIMIT_PER_ADDRESS", "1000000".to_owned()),
            ("IPT_RATE_LIMIT_PER_ACCOUNT", "1000000".to_owned()),
            ("RUST_LOG", "warn,ipt_server=info".to_owned()),
        ],
    )
}

async fn post(http: &reqwest::Client, url: String, token: Option<&str>, body: Value) -> Value {
    call(http, reqwest::Method::POST, url, token, Some(body)).await
}

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[tokio::main]
async fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let (alerts, rate) = (arg("--alerts", 200), arg("--rate", 5).max(1));
    let dir = tempfile::tempdir().expect("a folder");
    let (database_url, replicas) = match std::env::var("DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => (url, arg("--replicas", 2).max(1)),
        _ => (
            format!("sqlite://{}", dir.path().join("latency.db").display()),
            1,
        ),
    };
    let binary = std::env::current_exe()
        .expect("this binary")
        .with_file_name("ipt-test-server")
        .display()
        .to_string();
    let sink = SmtpSink::start().await;
    let servers: Vec<Server> = (0..replicas)
        .map(|_| start(&binary, &database_url, &sink.url()))
        .collect();
    let http = reqwest::Client::new();
    let api = &servers[0].api();
    let email = format!("latency-{}@example.org", uuid::Uuid::new_v4().simple());
    let password = "a long benchmark passphrase";
    post(
        &http,
        format!("{api}/therapists"),
        None,
        json!({"email": email, "password": password, "display_name": "Dr Bench"}),
    )
    .await;
    let therapist = post(
        &http,
        format!("{api}/auth/login"),
        None,
        json!({"email": email, "password": password}),
    )
    .await["access_token"]
        .as_str()
        .expect("a token")
        .to_owned();
    let today = chrono::Utc::now().date_naive().to_string();
    let mut phones = Vec::new();
    for _ in 0..alerts {
        let client = post(&http, format!("{api}/clients"), Some(&therapist),
            json!({"display_name": "C", "timezone": "UTC", "treatment": {"start_date": today, "planned_sessions": 12}})).await;
        let phone = post(
            &http,
            format!("{api}/auth/invite"),
            None,
            json!({"code": client["invite"]["code"]}),
        )
        .await;
        phones.push((
            client["id"].as_str().expect("id").to_owned(),
            phone["access_token"].as_str().expect("a token").to_owned(),
        ));
    }
    // Each client's check-in, at a steady rate, alternating between replicas; the instant the
    // answer (after the commit) arrives is the start.
    let mut committed: HashMap<String, SystemTime> = HashMap::new();
    let pace = Duration::from_secs_f64(1.0 / rate as f64);
    let mut next = tokio::time::Instant::now();
    for (i, (client, token)) in phones.iter().enumerate() {
        tokio::time::sleep_until(next).await;
        next += pace;
        let api = &servers[i % servers.len()].api();
        let answer = post(&http, format!("{api}/clients/{client}/checkins"), Some(token),
            json!({"recorded_at": chrono::Utc::now().to_rfc3339(), "mood": 1, "phq9": [1, 1, 1, 1, 1, 1, 1, 1, 2]})).await;
        assert_eq!(answer["risk_flag"], true);
        committed.insert(client.clone(), SystemTime::now());
    }
    let want = usize::try_from(alerts).unwrap_or(usize::MAX);
    let mail = sink.wait_for(want, Duration::from_secs(120)).await;
    assert_eq!(mail.len(), want, "every alert reached the SMTP server");
    // Arrival: when the sink stored the message (its file's modification time).
    let mut files: Vec<_> = std::fs::read_dir(sink.dir())
        .expect("the sink's folder")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .map(|e| e.path())
        .collect();
    files.sort();
    let mut latencies = Vec::new();
    for (message, file) in mail.iter().zip(&files) {
        let arrived = std::fs::metadata(file)
            .and_then(|m| m.modified())
            .expect("an arrival time");
        let client = committed
            .keys()
            .find(|c| message.body_text.contains(c.as_str()))
            .expect("the e-mail links its client");
        let latency = arrived
            .duration_since(committed[client])
            .unwrap_or_default()
            .as_secs_f64();
        latencies.push(latency);
    }
    latencies.sort_by(f64::total_cmp);
    let summary = json!({
        "database": if replicas > 1 || database_url.starts_with("postgres") { "postgresql" } else { "sqlite" },
        "replicas": replicas,
        "alerts": alerts,
        "rate_per_second": rate,
        "p50_s": percentile(&latencies, 50.0),
        "p90_s": percentile(&latencies, 90.0),
        "p99_s": percentile(&latencies, 99.0),
        "max_s": latencies.last().copied().unwrap_or_default(),
    });
    println!("{summary}");
    drop(servers);
}
