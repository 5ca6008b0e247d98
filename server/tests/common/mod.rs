//! Shared by the tests that run the real `ipt-server` binary: a fake FCM, starting and killing
//! server processes, and a fresh database (SQLite, or PostgreSQL with `TEST_DATABASE_URL`).

#![allow(dead_code, reason = "each test binary uses a different part")]

use actix_web::{App, HttpResponse, HttpServer, web};
use chrono::Utc;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub type Received = Arc<Mutex<Vec<(chrono::DateTime<Utc>, Value)>>>;

pub fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A fake FCM that grants any JWT a token and records every message as it arrives; it answers
/// each send after `delay` (to let a test kill the sender mid-send).
pub fn start_fake_fcm(delay: Duration) -> (String, Received) {
    let received: Received = Arc::default();
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    let data = web::Data::new((Arc::clone(&received), delay));
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .route(
                "/token",
                web::post().to(|| async {
                    HttpResponse::Ok().json(json!({"access_token": "test-token", "expires_in": 3600, "token_type": "Bearer"}))
                }),
            )
            .route(
                "/v1/projects/{project}/messages:send",
                web::post().to(|data: web::Data<(Received, Duration)>, body: web::Json<Value>| async move {
                    lock(&data.0).push((Utc::now(), body.into_inner()));
                    tokio::time::sleep(data.1).await;
                    HttpResponse::Ok().json(json!({"name": "projects/test/messages/1"}))
                }),
            )
    })
    .workers(2)
    .disable_signals()
    .listen(listener)
    .expect("listening")
    .run();
    drop(tokio::spawn(server));
    (url, received)
}

/// Writes a service-account key whose `token_uri` is the fake's.
pub fn service_account(dir: &Path, fcm_url: &str) -> PathBuf {
    let path = dir.join("service-account.json");
    std::fs::write(
        &path,
        json!({"type": "service_account", "project_id": "test", "private_key_id": "k",
               "private_key": include_str!("../../../tests/fixtures/test-only-service-account-key.pem"),
               "client_email": "push@test.iam.gserviceaccount.com", "token_uri": format!("{fcm_url}/token")})
        .to_string(),
    )
    .expect("written");
    path
}

/// A running `ipt-server`, killed (SIGKILL) when dropped.
pub struct Replica {
    pub child: Child,
    pub address: String,
}

impl Replica {
    /// `kill -9`: no shutdown, no flushing, no goodbye.
    pub fn kill_now(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        self.kill_now();
    }
}

/// Starts the binary on a free port with `env`, and waits until it says where it listens.
pub fn start_replica(env: &[(&str, String)]) -> Replica {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ipt-server"));
    command
        .env("IPT_BIND", "127.0.0.1:0")
        .env("IPT_LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command.spawn().expect("the binary starts");
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
        .recv_timeout(Duration::from_secs(60))
        .expect("the server says where it listens");
    Replica {
        child,
        address: format!("http://{address}"),
    }
}

/// A fresh database for one test; dropped (PostgreSQL) by [`Database::cleanup`].
pub struct TestDatabase {
    pub url: String,
    pub postgres: bool,
    admin: Option<(DatabaseConnection, String)>,
}

impl TestDatabase {
    pub async fn create(dir: &Path) -> Self {
        match std::env::var("TEST_DATABASE_URL")
            .ok()
            .filter(|u| u.starts_with("postgres"))
        {
            Some(admin_url) => {
                let name = format!(
                    "ipt_test_bin_{:x}{:x}",
                    std::process::id(),
                    Utc::now().timestamp_nanos_opt().unwrap_or_default()
                );
                let admin = Database::connect(&admin_url).await.expect("PostgreSQL");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await
                    .expect("created");
                let base = admin_url
                    .rsplit_once('/')
                    .map_or(admin_url.as_str(), |(b, _)| b);
                Self {
                    url: format!("{base}/{name}"),
                    postgres: true,
                    admin: Some((admin, name)),
                }
            }
            None => Self {
                url: format!("sqlite://{}", dir.join("ipt.db").display()),
                postgres: false,
                admin: None,
            },
        }
    }

    pub async fn cleanup(self) {
        if let Some((admin, name)) = self.admin {
            let _ = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .await;
        }
    }
}

/// One JSON call that must succeed.
pub async fn call(
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

/// A therapist with one client whose phone is signed in: (therapist token, client id, client token).
pub async fn therapist_and_client(
    http: &reqwest::Client,
    api: &str,
    start_date: &str,
) -> (String, String, String) {
    let email = format!(
        "t{:x}@example.org",
        Utc::now().timestamp_nanos_opt().unwrap_or_default()
    );
    let post = reqwest::Method::POST;
    call(
        http,
        post.clone(),
        format!("{api}/therapists"),
        None,
        Some(json!({"email": email, "password": "a long test passphrase", "display_name": "Dr T"})),
    )
    .await;
    let login = call(
        http,
        post.clone(),
        format!("{api}/auth/login"),
        None,
        Some(json!({"email": email, "password": "a long test passphrase"})),
    )
    .await;
    let therapist = login["access_token"].as_str().expect("a token").to_owned();
    let client = call(http, post.clone(), format!("{api}/clients"), Some(&therapist),
        Some(json!({"display_name": "C", "timezone": "UTC", "treatment": {"start_date": start_date, "planned_sessions": 12}}))).await;
    let phone = call(
        http,
        post,
        format!("{api}/auth/invite"),
        None,
        Some(json!({"code": client["invite"]["code"]})),
    )
    .await;
    (
        therapist,
        client["id"].as_str().expect("an id").to_owned(),
        phone["access_token"].as_str().expect("a token").to_owned(),
    )
}
