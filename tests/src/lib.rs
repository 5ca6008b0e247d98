//! Test harness: [`spawn_app`] starts the real [`Application`] on port 0 with a fresh database
//! and the real migrations, and hands back a [`TestApp`] with typed request helpers.
//!
//! The database is SQLite (a new file per test) unless `TEST_DATABASE_URL` names a PostgreSQL
//! server, in which case each test gets a database of its own there, dropped when it ends.

use chrono::{DateTime, Utc};
use ipt_server::clock::ManualClock;
use ipt_server::configuration::{LogFormat, Settings};
use ipt_server::reminders::worker::ReminderWorker;
use ipt_server::startup::Application;
use reqwest::{Method, Response, StatusCode};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::{Value, json};
use std::io::Write;
use std::sync::{Arc, Mutex, Once, OnceLock};
use uuid::Uuid;

/// Every log line written by every server in this test process.
pub fn captured_logs() -> String {
    let logs = LOGS.get_or_init(Default::default);
    String::from_utf8_lossy(
        &logs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    )
    .into_owned()
}

static LOGS: OnceLock<Mutex<Vec<u8>>> = OnceLock::new();

#[derive(Clone, Copy)]
struct LogSink;

impl Write for LogSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        LOGS.get_or_init(Default::default)
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn init_process() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
        // Every server of this process logs into one buffer, which leak tests search.
        ipt_server::telemetry::init(LogFormat::Json, || LogSink);
    });
}

/// The PostgreSQL server to test against, if any.
fn postgres_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres:") || u.starts_with("postgresql:"))
}

/// Deletes a per-test database when the test ends.
pub enum DbGuard {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl Drop for DbGuard {
    fn drop(&mut self) {
        if let Self::Postgres { admin_url, name } = self {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Drop runs outside async; a short-lived runtime on its own thread does the work.
            let _ = std::thread::spawn(move || {
                let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    return;
                };
                rt.block_on(async move {
                    if let Ok(admin) = Database::connect(&admin_url).await {
                        let _ = admin
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                            ))
                            .await;
                        let _ = admin.close().await;
                    }
                });
            })
            .join();
        }
    }
}

/// The migrated database every test's database is copied from, made once per test process:
/// applying the migrations once instead of once per test. The application still runs its
/// migrations at start (and finds none pending), so a test sees what a server would.
enum Template {
    /// A migrated SQLite file.
    Sqlite(std::path::PathBuf),
    /// A migrated PostgreSQL database (`CREATE DATABASE … TEMPLATE` copies it).
    Postgres(String),
}

static TEMPLATE: tokio::sync::OnceCell<Template> = tokio::sync::OnceCell::const_new();

/// Templates carry the process id of the test process that made them; one whose process has
/// ended is removed by the next run (statics are never dropped, so nothing else would).
fn template_prefix() -> String {
    format!("ipt_tmpl_{}_", std::process::id())
}

fn process_alive(name: &str) -> bool {
    name.strip_prefix("ipt_tmpl_")
        .and_then(|rest| rest.split('_').next())
        .is_some_and(|pid| std::path::Path::new(&format!("/proc/{pid}")).exists())
}

async fn migrate(url: &str) {
    let mut settings = Settings::defaults();
    settings.database_url = url.to_owned();
    let db = ipt_server::db::connect(&settings)
        .await
        .expect("connect to the template database");
    ipt_server::db::migrate(&db)
        .await
        .expect("migrate the template database");
    if url.starts_with("sqlite:") {
        // Everything into the main file, which is what the tests copy.
        db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
            .await
            .expect("checkpoint the template");
    }
    db.close().await.expect("close the template database");
}

async fn template() -> &'static Template {
    TEMPLATE
        .get_or_init(|| async {
            if let Some(admin_url) = postgres_url() {
                let admin = Database::connect(&admin_url)
                    .await
                    .expect("connect to PostgreSQL");
                let stale = admin
                    .query_all_raw(sea_orm::Statement::from_string(
                        admin.get_database_backend(),
                        "SELECT datname FROM pg_database WHERE datname LIKE 'ipt_tmpl_%'",
                    ))
                    .await
                    .expect("list the templates");
                for row in stale {
                    let name: String = row.try_get_by_index(0).expect("a name");
                    if !process_alive(&name) {
                        let _ = admin
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                            ))
                            .await;
                    }
                }
                let name = format!("{}{}", template_prefix(), Uuid::new_v4().simple());
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await
                    .expect("create the template database");
                let _ = admin.close().await;
                migrate(&database_url(&admin_url, &name)).await;
                Template::Postgres(name)
            } else {
                let root = std::env::temp_dir();
                if let Ok(entries) = std::fs::read_dir(&root) {
                    for entry in entries.flatten() {
                        let name = entry.file_name().to_string_lossy().into_owned();
                        if name.starts_with("ipt_tmpl_") && !process_alive(&name) {
                            let _ = std::fs::remove_dir_all(entry.path());
                        }
                    }
                }
                let dir = root.join(format!("{}{}", template_prefix(), Uuid::new_v4().simple()));
                std::fs::create_dir_all(&dir).expect("a folder for the template");
                let file = dir.join("ipt.db");
                migrate(&format!("sqlite://{}", file.display())).await;
                Template::Sqlite(file)
            }
        })
        .await
}

/// `admin_url` with its database replaced by `name`.
fn database_url(admin_url: &str, name: &str) -> String {
    let (base, query) = admin_url
        .split_once('?')
        .map_or((admin_url, None), |(b, q)| (b, Some(q)));
    let base = base.rsplit_once('/').map_or(base, |(server, _)| server);
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// Creates a fresh database with every migration applied (a copy of this process's template)
/// and returns its URL; the guard drops it.
pub async fn fresh_database() -> (String, DbGuard) {
    let template = template().await;
    if let Some(admin_url) = postgres_url() {
        let Template::Postgres(template) = template else {
            unreachable!("the template follows TEST_DATABASE_URL")
        };
        let name = format!("ipt_test_{}", Uuid::new_v4().simple());
        let admin = Database::connect(&admin_url)
            .await
            .expect("connect to PostgreSQL");
        admin
            .execute_unprepared(&format!(
                "CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""
            ))
            .await
            .expect("create a test database");
        let _ = admin.close().await;
        let url = database_url(&admin_url, &name);
        (url, DbGuard::Postgres { admin_url, name })
    } else {
        let Template::Sqlite(template) = template else {
            unreachable!("the template follows TEST_DATABASE_URL")
        };
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join("ipt.db");
        std::fs::copy(template, &file).expect("copy the template database");
        let url = format!("sqlite://{}", file.display());
        (url, DbGuard::Sqlite(dir))
    }
}

/// A running application for one test.
pub struct TestApp {
    pub address: String,
    pub port: u16,
    pub api: reqwest::Client,
    pub clock: Arc<ManualClock>,
    /// The application's own connection (to inspect rows or to cut the database).
    pub db: DatabaseConnection,
    pub database_url: String,
    /// `http://host:port` of the metrics listener (none when a test turns it off).
    pub metrics_address: Option<String>,
    /// The reminder planner and dispatcher, driven by the test.
    pub worker: Arc<ReminderWorker>,
    /// The safety-alert notifier, driven by the test.
    pub safety: Arc<ipt_server::safety::notify::SafetyWorker>,
    /// The cleanup after erasures (`settled` waits for it).
    pub at_rest: ipt_server::at_rest::AtRest,
    handle: actix_web::dev::ServerHandle,
    _db_guard: DbGuard,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stop accepting and close workers, so that servers of finished tests do not pile up.
        drop(self.handle.stop(false));
    }
}

/// Starts the application with test settings.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// The instant at which every test's manual clock starts, unless the test asks for another
/// ([`spawn_app_at`], `app.clock.set`): what a test sees does not depend on the day or the hour
/// it runs (a Monday, 10:00 in Berlin, outside daylight saving time).
pub const START: &str = "2026-12-07T09:00:00Z";

/// Starts the application after `configure` has adjusted the settings, its clock at [`START`].
pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_app_at(at(START), configure).await
}

/// Starts the application with its manual clock at `start` (`Utc::now()` for a test that needs
/// the real time), after `configure` has adjusted the settings.
pub async fn spawn_app_at(start: DateTime<Utc>, configure: impl FnOnce(&mut Settings)) -> TestApp {
    init_process();
    let (database_url, guard) = fresh_database().await;
    let mut settings = Settings::defaults();
    settings.database_url = database_url.clone();
    settings.bind = "127.0.0.1:0".into();
    settings.workers = 1;
    settings.db_max_connections = 4;
    settings.allow_signup = true;
    // Tests drive the reminder worker step by step with the manual clock.
    settings.scheduler = false;
    // Tests sign in often from one address; the abuse-limit tests lower these again.
    settings.rate_limit_per_address = 100_000;
    settings.rate_limit_per_account = 100_000;
    settings.fcm_service_account = None;
    // Metrics have a listener of their own, never the public one.
    settings.metrics_bind = Some("127.0.0.1:0".into());
    configure(&mut settings);
    let database_url = settings.database_url.clone();
    let clock = Arc::new(ManualClock::new(start));
    let app = Application::build(settings, clock.clone())
        .await
        .expect("the application starts");
    let port = app.port();
    let metrics_address = app.metrics_address().map(|a| format!("http://{a}"));
    let db = app.db().clone();
    let handle = app.server_handle();
    let worker = app.reminder_worker();
    let safety = app.safety_worker();
    let at_rest = app.at_rest();
    drop(tokio::spawn(app.run_until_stopped()));
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        port,
        api: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("an HTTP client"),
        clock,
        db,
        database_url,
        metrics_address,
        worker,
        safety,
        at_rest,
        handle,
        _db_guard: guard,
    }
}

/// A signed-in therapist.
#[derive(Debug, Clone)]
pub struct Therapist {
    pub id: Uuid,
    pub email: String,
    pub password: String,
    pub access_token: String,
    pub refresh_token: String,
}

/// A client with a signed-in phone.
#[derive(Debug, Clone)]
pub struct Client {
    pub id: Uuid,
    pub access_token: String,
    pub refresh_token: String,
}

pub mod fake_fcm;
pub mod mail;
pub mod process;
pub mod python;
pub mod seed;
pub mod totp;
pub mod web;

pub const PASSWORD: &str = "correct horse battery staple";

/// The sorted `scheduled_for` of the notifications of `kind` in `notifications` (as
/// [`TestApp::notifications`] answers them).
#[must_use]
pub fn scheduled(notifications: &[Value], kind: &str) -> Vec<String> {
    let mut times: Vec<String> = notifications
        .iter()
        .filter(|n| n["kind"] == kind)
        .filter_map(|n| n["scheduled_for"].as_str().map(str::to_owned))
        .collect();
    times.sort();
    times
}

/// An instant written as RFC 3339 (`"2026-03-29T00:30:00Z"`).
#[must_use]
pub fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("an instant")
}

/// The lowercase hex SHA-256 of `secret`: how tokens are stored.
#[must_use]
pub fn sha256_hex(secret: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A browser for the therapist pages: it keeps cookies and does not follow redirects (tests
/// read the 303s).
#[must_use]
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
}

/// The CSRF token of the first form in a page.
#[must_use]
pub fn csrf_in(html: &str) -> String {
    html.split(r#"name="csrf" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_owned()
}

impl TestApp {
    /// `now` of the application's clock.
    #[must_use]
    pub fn now(&self) -> DateTime<Utc> {
        use ipt_server::clock::Clock;
        self.clock.now()
    }

    /// Any request, with an optional bearer token and JSON body.
    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Response {
        let mut req = self
            .api
            .request(method, format!("{}{}", self.address, path));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.json(body);
        }
        req.send().await.expect("the request is answered")
    }

    /// The Prometheus text of the metrics listener.
    pub async fn metrics(&self) -> String {
        let address = self.metrics_address.as_deref().expect("a metrics listener");
        let res = self
            .api
            .get(format!("{address}/metrics"))
            .send()
            .await
            .expect("the metrics listener answers");
        assert_eq!(res.status(), StatusCode::OK);
        res.text().await.expect("text")
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        self.request(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        self.request(Method::POST, path, token, Some(body)).await
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        self.request(Method::PUT, path, token, Some(body)).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Response {
        self.request(Method::DELETE, path, token, None).await
    }

    /// A `PUT` with extra headers (`If-Match`, say).
    pub async fn put_with_headers(
        &self,
        path: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: &Value,
    ) -> Response {
        let mut req = self.api.put(format!("{}{}", self.address, path)).json(body);
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        req.send().await.expect("the request is answered")
    }

    /// Posts a check-in as `client` and returns the response.
    pub async fn checkin(&self, client: &Client, body: &Value) -> Response {
        self.post(
            &format!("/api/v1/clients/{}/checkins", client.id),
            Some(&client.access_token),
            body,
        )
        .await
    }

    /// Signs up and signs in a new therapist.
    pub async fn therapist(&self) -> Therapist {
        let email = format!("therapist-{}@example.org", Uuid::new_v4().simple());
        let created = self
            .post(
                "/api/v1/therapists",
                None,
                &json!({"email": email, "password": PASSWORD, "display_name": "Dr. Test"}),
            )
            .await;
        assert_eq!(created.status(), StatusCode::CREATED);
        let id = body(created).await["id"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .expect("an id");
        let tokens = self.login(&email, PASSWORD).await;
        assert_eq!(tokens.0, StatusCode::OK);
        Therapist {
            id,
            email,
            password: PASSWORD.into(),
            access_token: tokens.1["access_token"].as_str().expect("a token").into(),
            refresh_token: tokens.1["refresh_token"].as_str().expect("a token").into(),
        }
    }

    pub async fn login(&self, email: &str, password: &str) -> (StatusCode, Value) {
        let res = self
            .post(
                "/api/v1/auth/login",
                None,
                &json!({"email": email, "password": password}),
            )
            .await;
        (res.status(), body(res).await)
    }

    /// Creates a client of `therapist` and returns the creation response.
    pub async fn create_client(&self, therapist: &Therapist, treatment: Value) -> Value {
        let res = self
            .post(
                "/api/v1/clients",
                Some(&therapist.access_token),
                &json!({"display_name": "Sam", "timezone": "Europe/Berlin", "treatment": treatment}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        body(res).await
    }

    /// Creates a client of `therapist` and signs its phone in with the invite code.
    pub async fn client_of(&self, therapist: &Therapist) -> Client {
        let created = self
            .create_client(
                therapist,
                json!({"start_date": "2026-01-05", "planned_sessions": 12}),
            )
            .await;
        let code = created["invite"]["code"].as_str().expect("a code");
        let res = self
            .post("/api/v1/auth/invite", None, &json!({"code": code}))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let tokens = body(res).await;
        Client {
            id: created["id"]
                .as_str()
                .and_then(|s| s.parse().ok())
                .expect("an id"),
            access_token: tokens["access_token"].as_str().expect("a token").into(),
            refresh_token: tokens["refresh_token"].as_str().expect("a token").into(),
        }
    }
}

impl TestApp {
    /// Creates a client in `timezone` whose treatment starts on `start_date`, and signs its phone in.
    pub async fn client_in(
        &self,
        therapist: &Therapist,
        timezone: &str,
        start_date: &str,
    ) -> Client {
        let res = self
            .post(
                "/api/v1/clients",
                Some(&therapist.access_token),
                &json!({"display_name": "Sam", "timezone": timezone,
                        "treatment": {"start_date": start_date, "planned_sessions": 12}}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let created = body(res).await;
        let res = self
            .post(
                "/api/v1/auth/invite",
                None,
                &json!({"code": created["invite"]["code"]}),
            )
            .await;
        let tokens = body(res).await;
        Client {
            id: created["id"]
                .as_str()
                .and_then(|s| s.parse().ok())
                .expect("an id"),
            access_token: tokens["access_token"].as_str().expect("a token").into(),
            refresh_token: tokens["refresh_token"].as_str().expect("a token").into(),
        }
    }

    /// Registers an FCM token for the client's phone.
    pub async fn register_device(&self, client: &Client, fcm_token: &str) {
        let res = self
            .post(
                &format!("/api/v1/clients/{}/devices", client.id),
                Some(&client.access_token),
                &json!({"fcm_token": fcm_token, "platform": "android"}),
            )
            .await;
        assert!(res.status().is_success(), "{}", res.status());
    }

    /// Replaces the client's reminder settings.
    pub async fn set_reminders(&self, client: &Client, settings: Value) {
        let res = self
            .put(
                &format!("/api/v1/clients/{}/reminders", client.id),
                Some(&client.access_token),
                &settings,
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }

    /// A fresh access token of `therapist` (tests move the clock past token lifetimes).
    pub async fn fresh_token(&self, therapist: &Therapist) -> String {
        let (status, tokens) = self.login(&therapist.email, &therapist.password).await;
        assert_eq!(status, StatusCode::OK);
        tokens["access_token"].as_str().expect("a token").to_owned()
    }

    /// A check-in of `client` at `recorded_at` whose PHQ-9 adds up to `total` (items 0–3,
    /// filled from the first, so that item 9 stays 0 up to 24), answered `201`: its body.
    pub async fn phq9_checkin(&self, client: &Client, recorded_at: &str, total: u8) -> Value {
        let items: Vec<u8> = (0..9u8)
            .map(|i| total.saturating_sub(3 * i).min(3))
            .collect();
        let res = self
            .checkin(
                client,
                &json!({"recorded_at": recorded_at, "mood": 5, "phq9": items}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        body(res).await
    }

    /// The client's phone signed in again with its refresh token (after the clock moved past
    /// its access token's life).
    pub async fn refreshed(&self, client: &Client) -> Client {
        let res = self
            .post(
                "/api/v1/auth/refresh",
                None,
                &json!({"refresh_token": client.refresh_token}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let tokens = body(res).await;
        Client {
            id: client.id,
            access_token: tokens["access_token"].as_str().expect("a token").into(),
            refresh_token: tokens["refresh_token"].as_str().expect("a token").into(),
        }
    }

    /// The client's notifications (first page of 200), read by its therapist.
    pub async fn notifications(&self, therapist: &Therapist, client: &Client) -> Vec<Value> {
        let token = self.fresh_token(therapist).await;
        let res = self
            .get(
                &format!("/api/v1/clients/{}/notifications?limit=200", client.id),
                Some(&token),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        body(res).await["items"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The settings of another replica on this test's database: its own process state, the
    /// test's settings where they matter (one worker, no scheduler, no FCM).
    fn replica_settings(&self, configure: impl FnOnce(&mut Settings)) -> Settings {
        let mut settings = Settings::defaults();
        settings.database_url = self.database_url.clone();
        settings.bind = "127.0.0.1:0".into();
        settings.workers = 1;
        settings.db_max_connections = 4;
        settings.scheduler = false;
        settings.fcm_service_account = None;
        configure(&mut settings);
        settings
    }

    /// A second replica of the server on this test's database (its own process state, the
    /// same clock), whose safety notifier the test drives.
    pub async fn replica(
        &self,
        configure: impl FnOnce(&mut Settings),
    ) -> Arc<ipt_server::safety::notify::SafetyWorker> {
        let app = Application::build(self.replica_settings(configure), self.clock.clone())
            .await
            .expect("the replica starts");
        let worker = app.safety_worker();
        drop(tokio::spawn(app.run_until_stopped()));
        worker
    }

    /// A second replica of the server on this test's database (its own process state, the
    /// same clock) serving HTTP, stopped when the answer drops.
    pub async fn http_replica(&self, configure: impl FnOnce(&mut Settings)) -> Replica {
        let app = Application::build(self.replica_settings(configure), self.clock.clone())
            .await
            .expect("the replica starts");
        let address = format!("http://127.0.0.1:{}", app.port());
        let handle = app.server_handle();
        drop(tokio::spawn(app.run_until_stopped()));
        Replica { address, handle }
    }

    /// Signs up a therapist through the API: the status and body of the answer.
    pub async fn sign_up(&self, email: &str, password: &str, name: &str) -> (StatusCode, Value) {
        let res = self
            .post(
                "/api/v1/therapists",
                None,
                &json!({"email": email, "password": password, "display_name": name}),
            )
            .await;
        (res.status(), body(res).await)
    }

    /// The alerts `therapist` sees with `?status=` `status` (`open`, `all`, …).
    pub async fn alerts(&self, therapist: &Therapist, status: &str) -> Vec<Value> {
        let token = self.fresh_token(therapist).await;
        let res = self
            .get(&format!("/api/v1/alerts?status={status}"), Some(&token))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        body(res).await["items"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Stops the application the way a clean shutdown does: in-flight requests finish, then
    /// the database pool closes (SQLite then checkpoints its WAL into the file). The database
    /// itself stays until the test ends, for the test to inspect its files.
    pub async fn stop(&self) {
        self.handle.stop(true).await;
        // The server's own shutdown closes the pool too; closing it here waits until every
        // connection is closed, which the test needs before it reads the files.
        let _ = self.db.close_by_ref().await;
    }

    /// Safety-alert deliveries still to be sent (pending or retrying): the notifier's outbox.
    /// A notifier step sends what it claims before it returns, so once the steps a test drove
    /// have returned and this is 0, nothing more is on its way.
    pub async fn alert_deliveries_due(&self) -> u64 {
        use entities::alert_delivery::{Column, DeliveryStatus, Entity};
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        Entity::find()
            .filter(Column::Status.is_in([DeliveryStatus::Pending, DeliveryStatus::Retrying]))
            .count(&self.db)
            .await
            .expect("the deliveries are counted")
    }

    /// Runs one step of the safety-alert notifier at the manual clock's time.
    pub async fn notify(&self) -> ipt_server::safety::notify::NotifyReport {
        self.safety.tick().await.expect("the notifier runs")
    }

    /// Runs one step of the reminder worker at the manual clock's time.
    pub async fn tick(&self) -> ipt_server::reminders::dispatch::DispatchReport {
        self.worker.tick().await.expect("the worker runs")
    }
}

/// Another replica serving HTTP on a test's database ([`TestApp::http_replica`]); dropping it
/// stops it.
pub struct Replica {
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    handle: actix_web::dev::ServerHandle,
}

impl Drop for Replica {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

/// The JSON body of a response (`Null` when empty).
pub async fn body(res: Response) -> Value {
    let bytes = res.bytes().await.expect("a body");
    if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).expect("a JSON body")
    }
}

/// Asserts a problem+json answer with `status`, returning the problem document.
pub async fn assert_problem(res: Response, status: StatusCode) -> Value {
    assert_eq!(res.status(), status);
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(content_type, "application/problem+json");
    let problem = body(res).await;
    assert_eq!(problem["status"], status.as_u16());
    assert!(
        problem["title"].is_string() && problem["type"].is_string(),
        "{problem}"
    );
    problem
}
