//! The real server as a process: started from the test crate's `ipt-test-server` binary (the
//! server's own command line), talked to over HTTP, and killed with SIGKILL.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running server process, killed (`kill -9`) when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub address: String,
}

impl Server {
    /// Starts `binary` (pass `env!("CARGO_BIN_EXE_ipt-test-server")`) on a free port with
    /// `env`, and waits until it says where it listens.
    ///
    /// # Panics
    /// The process does not start or does not listen within a minute.
    #[must_use]
    pub fn start(binary: &str, env: &[(&str, String)]) -> Self {
        let mut command = Command::new(Path::new(binary));
        command
            .env("IPT_BIND", "127.0.0.1:0")
            .env("IPT_LOG_FORMAT", "json")
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("the server starts");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if !sent
                    && let Ok(entry) = serde_json::from_str::<Value>(&line)
                    && entry["fields"]["message"] == "listening"
                {
                    let address = entry["fields"]["address"].as_str().unwrap_or_default();
                    let _ = tx.send(address.to_owned());
                    sent = true;
                }
            }
        });
        let Ok(address) = rx.recv_timeout(Duration::from_secs(60)) else {
            // Not left running behind a failed test.
            let _ = child.kill();
            let _ = child.wait();
            panic!("the server did not say where it listens within a minute");
        };
        Self {
            child,
            address: format!("http://{address}"),
        }
    }

    /// The API's base URL.
    #[must_use]
    pub fn api(&self) -> String {
        format!("{}/api/v1", self.address)
    }

    /// `kill -9`: no shutdown, no flushing, no goodbye.
    pub fn kill_9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill_9();
    }
}

/// One JSON call that must succeed.
///
/// # Panics
/// The call fails or answers an error status.
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

/// A therapist with one client (in UTC, treatment from `start_date`) whose phone is signed in:
/// (therapist token, client id, client token).
///
/// # Panics
/// A step fails.
pub async fn therapist_and_client(
    http: &reqwest::Client,
    api: &str,
    start_date: &str,
) -> (String, String, String) {
    let email = format!("t{}@example.org", uuid::Uuid::new_v4().simple());
    let password = "a long test passphrase";
    let post = reqwest::Method::POST;
    call(
        http,
        post.clone(),
        format!("{api}/therapists"),
        None,
        Some(json!({"email": email, "password": password, "display_name": "Dr T"})),
    )
    .await;
    let login = call(
        http,
        post.clone(),
        format!("{api}/auth/login"),
        None,
        Some(json!({"email": email, "password": password})),
    )
    .await;
    let therapist = login["access_token"].as_str().expect("a token").to_owned();
    let client = call(
        http,
        post.clone(),
        format!("{api}/clients"),
        Some(&therapist),
        Some(json!({"display_name": "C", "timezone": "UTC",
                    "treatment": {"start_date": start_date, "planned_sessions": 12}})),
    )
    .await;
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

/// Polls `count` on a connection of its own to `database_url` until it answers 0, at most
/// `timeout`; panics with `what` otherwise.
async fn until_none_left<F>(database_url: &str, timeout: Duration, what: &str, count: F)
where
    F: AsyncFn(&sea_orm::DatabaseConnection) -> Result<u64, sea_orm::DbErr>,
{
    let db = sea_orm::Database::connect(database_url)
        .await
        .expect("connect to the test database");
    let deadline = std::time::Instant::now() + timeout;
    loop {
        let left = count(&db).await.expect("counted");
        if left == 0 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{left} {what} after {timeout:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = db.close().await;
}

/// Waits until the safety-alert outbox holds nothing still to be sent and no lease: the
/// servers' own record that every delivery is done. A test asserting "sent once" then reads
/// the receiver, instead of sleeping on a guess of how long a duplicate would take.
pub async fn alert_outbox_settled(database_url: &str, timeout: Duration) {
    use entities::alert_delivery::{Column, DeliveryStatus, Entity};
    use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter};
    until_none_left(
        database_url,
        timeout,
        "alert deliveries still to be sent",
        async |db| {
            Entity::find()
                .filter(
                    Condition::any()
                        .add(
                            Column::Status
                                .is_in([DeliveryStatus::Pending, DeliveryStatus::Retrying]),
                        )
                        .add(Column::LeaseOwner.is_not_null()),
                )
                .count(db)
                .await
        },
    )
    .await;
}

/// Waits until every reminder due by `due` is recorded as done (sent, failed, skipped or
/// missed) and leased by nobody: no dispatcher can send one of them again.
pub async fn reminders_settled_until(
    database_url: &str,
    due: chrono::DateTime<chrono::Utc>,
    timeout: Duration,
) {
    use entities::outbox::{Column, Entity, OutboxStatus};
    use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter};
    until_none_left(
        database_url,
        timeout,
        "reminders due and not yet recorded",
        async |db| {
            Entity::find()
                .filter(Column::ScheduledFor.lte(due))
                .filter(
                    Condition::any()
                        .add(Column::Status.is_in([OutboxStatus::Pending, OutboxStatus::Retrying]))
                        .add(Column::LeaseOwner.is_not_null()),
                )
                .count(db)
                .await
        },
    )
    .await;
}
