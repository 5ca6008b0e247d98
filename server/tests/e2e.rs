//! End to end with the real `ipt-server` binary, the real clock and a fake FCM on 127.0.0.1:
//! a reminder set over HTTP reaches FCM once, within a minute of its time. On PostgreSQL
//! (`TEST_DATABASE_URL`) two replicas serve one database and the reminder still arrives once.
//!
//! It lives in the server package, not in `tests/`, because only here does Cargo build the
//! binary and hand its path to the test (`CARGO_BIN_EXE_ipt-server`).

use actix_web::{App, HttpResponse, HttpServer, web};
use chrono::{Duration, Timelike, Utc};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

type Received = Arc<Mutex<Vec<(chrono::DateTime<Utc>, Value)>>>;

/// The fake FCM: grants any JWT a token and records every message with its arrival time.
fn start_fake_fcm() -> (String, Received) {
    let received: Received = Arc::default();
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    let data = web::Data::new(Arc::clone(&received));
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .route(
                "/token",
                web::post().to(|| async {
                    HttpResponse::Ok().json(json!({"access_token": "e2e-token", "expires_in": 3600, "token_type": "Bearer"}))
                }),
            )
            .route(
                "/v1/projects/{project}/messages:send",
                web::post().to(|data: web::Data<Received>, body: web::Json<Value>| async move {
                    data.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push((Utc::now(), body.into_inner()));
                    HttpResponse::Ok().json(json!({"name": "projects/e2e/messages/1"}))
                }),
            )
    })
    .workers(1)
    .disable_signals()
    .listen(listener)
    .expect("listening")
    .run();
    drop(tokio::spawn(server));
    (url, received)
}

/// A running `ipt-server`, killed when dropped.
struct Replica {
    child: Child,
    address: String,
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_replica(database_url: &str, fcm_url: &str, service_account: &std::path::Path) -> Replica {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ipt-server"))
        .env("DATABASE_URL", database_url)
        .env("IPT_BIND", "127.0.0.1:0")
        .env("FCM_SERVICE_ACCOUNT", service_account)
        .env("FCM_ENDPOINT", fcm_url)
        .env("IPT_LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut sent = false;
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if !sent
                && let Ok(entry) = serde_json::from_str::<Value>(&line)
                && entry["fields"]["message"] == "listening"
            {
                let _ = tx.send(
                    entry["fields"]["address"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                );
                sent = true;
            }
        }
    });
    let address = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the server says where it listens");
    Replica {
        child,
        address: format!("http://{address}"),
    }
}

async fn call(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    token: Option<&str>,
    body: Option<Value>,
) -> Value {
    let mut req = http.request(method, url);
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    if let Some(body) = body {
        req = req.json(&body);
    }
    let res = req.send().await.expect("answered");
    assert!(res.status().is_success(), "{}", res.status());
    res.json().await.unwrap_or(Value::Null)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_set_over_http_reaches_fcm_once_and_on_time() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let (fcm_url, received) = start_fake_fcm();
    let dir = tempfile::tempdir().expect("a folder");
    let service_account = dir.path().join("service-account.json");
    std::fs::write(
        &service_account,
        json!({"type": "service_account", "project_id": "e2e", "private_key_id": "k",
               "private_key": include_str!("../../tests/fixtures/test-only-service-account-key.pem"),
               "client_email": "push@e2e.iam.gserviceaccount.com", "token_uri": format!("{fcm_url}/token")})
        .to_string(),
    )
    .expect("written");

    // SQLite: one server. PostgreSQL: two replicas on one fresh database.
    let postgres = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"));
    let (database_url, cleanup) = match &postgres {
        Some(admin_url) => {
            let name = format!("ipt_test_e2e_{}", uuid_like());
            let admin = Database::connect(admin_url).await.expect("PostgreSQL");
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .expect("created");
            let base = admin_url
                .rsplit_once('/')
                .map_or(admin_url.as_str(), |(b, _)| b);
            (format!("{base}/{name}"), Some((admin, name)))
        }
        None => (
            format!("sqlite://{}", dir.path().join("ipt.db").display()),
            None,
        ),
    };
    // Replicas start at the same moment: migrations serialise on an advisory lock.
    let replicas: Vec<Replica> = if postgres.is_some() {
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(|| start_replica(&database_url, &fcm_url, &service_account));
            let b = s.spawn(|| start_replica(&database_url, &fcm_url, &service_account));
            (a.join().expect("replica a"), b.join().expect("replica b"))
        });
        vec![a, b]
    } else {
        vec![start_replica(&database_url, &fcm_url, &service_account)]
    };

    let http = reqwest::Client::new();
    let api =
        |i: usize, path: &str| format!("{}/api/v1{path}", replicas[i % replicas.len()].address);
    let post = reqwest::Method::POST;
    call(&http, post.clone(), api(0, "/therapists"), None,
        Some(json!({"email": "e2e@example.org", "password": "a long e2e passphrase", "display_name": "Dr E2E"}))).await;
    let login = call(
        &http,
        post.clone(),
        api(1, "/auth/login"),
        None,
        Some(json!({"email": "e2e@example.org", "password": "a long e2e passphrase"})),
    )
    .await;
    let therapist = login["access_token"].as_str().expect("a token").to_owned();
    let start = (Utc::now() + Duration::days(100)).date_naive().to_string();
    let client = call(&http, post.clone(), api(0, "/clients"), Some(&therapist),
        Some(json!({"display_name": "E2E", "timezone": "UTC", "treatment": {"start_date": start, "planned_sessions": 12}}))).await;
    let phone = call(
        &http,
        post.clone(),
        api(1, "/auth/invite"),
        None,
        Some(json!({"code": client["invite"]["code"]})),
    )
    .await;
    let client_token = phone["access_token"].as_str().expect("a token").to_owned();
    let client_id = client["id"].as_str().expect("an id").to_owned();
    call(
        &http,
        post.clone(),
        api(0, &format!("/clients/{client_id}/devices")),
        Some(&client_token),
        Some(json!({"fcm_token": "e2e-device", "platform": "android"})),
    )
    .await;

    // The next whole minute at least 10 s away.
    let now = Utc::now();
    let due = (now + Duration::seconds(70))
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .expect("a minute");
    let local_time = format!("{:02}:{:02}", due.hour(), due.minute());
    call(&http, reqwest::Method::PUT, api(1, &format!("/clients/{client_id}/reminders")), Some(&client_token),
        Some(json!({"practice_prompts": [], "checkin_reminder": {"local_time": local_time}, "quiet_hours": null}))).await;

    let deadline = due + Duration::seconds(60);
    loop {
        let got = received
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .len();
        if got > 0 || Utc::now() > deadline + Duration::seconds(5) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    // Give a duplicate, if there were one, time to arrive.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let messages = received
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    assert_eq!(messages.len(), 1, "exactly one push: {messages:?}");
    let (arrived, body) = &messages[0];
    assert!(*arrived >= due, "not early: {arrived} < {due}");
    assert!(*arrived <= deadline, "within 60 s: {arrived} > {deadline}");
    assert_eq!(body["message"]["token"], "e2e-device");
    assert_eq!(body["message"]["data"]["kind"], "checkin_reminder");

    let list = call(
        &http,
        reqwest::Method::GET,
        api(0, &format!("/clients/{client_id}/notifications")),
        Some(&therapist),
        None,
    )
    .await;
    let sent: Vec<_> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|n| n["status"] == "sent")
        .collect();
    assert_eq!(sent.len(), 1);

    drop(replicas);
    if let Some((admin, name)) = cleanup {
        let _ = admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            .await;
    }
}

fn uuid_like() -> String {
    format!(
        "{:x}{:x}",
        std::process::id(),
        Utc::now().timestamp_nanos_opt().unwrap_or_default()
    )
}
