//! PostgreSQL becoming unreachable while the server runs: answers turn into 503 problem+json
//! at once (no 500, no hang), `/readyz` says 503, and service and scheduler recover on their
//! own when the database returns, with nothing acknowledged lost.
//!
//! SQLite is embedded and cannot become unreachable, so this runs on PostgreSQL only:
//! `.ci/run` runs it with `--ignored` in its PostgreSQL pass.

use ipt_tests::{assert_problem, body, spawn_app_with};
use reqwest::StatusCode;
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Mutex;
use tokio::task::JoinHandle;

/// A TCP proxy to PostgreSQL that can be cut (every connection dropped, new ones refused at
/// once) and restored.
struct Proxy {
    address: String,
    cut: Arc<AtomicBool>,
    links: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Proxy {
    async fn start(upstream: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let address = listener.local_addr().expect("an address").to_string();
        let cut = Arc::new(AtomicBool::new(false));
        let links: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let (cut2, links2) = (Arc::clone(&cut), Arc::clone(&links));
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if cut2.load(Ordering::SeqCst) {
                    drop(inbound);
                    continue;
                }
                let upstream = upstream.clone();
                let link = tokio::spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(&upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                links2.lock().await.push(link);
            }
        });
        Self {
            address,
            cut,
            links,
        }
    }

    async fn cut(&self) {
        self.cut.store(true, Ordering::SeqCst);
        for link in self.links.lock().await.drain(..) {
            link.abort();
        }
    }

    fn restore(&self) {
        self.cut.store(false, Ordering::SeqCst);
    }
}

#[tokio::test]
#[ignore = "PostgreSQL only: .ci/run runs it with --ignored against PostgreSQL"]
async fn an_unreachable_database_answers_503_quickly_and_everything_recovers() {
    let url =
        std::env::var("TEST_DATABASE_URL").expect("TEST_DATABASE_URL names a PostgreSQL server");
    let upstream = url
        .split('@')
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .expect("host:port")
        .to_owned();
    let proxy = Proxy::start(upstream.clone()).await;
    let via_proxy = proxy.address.clone();
    let app =
        spawn_app_with(move |s| s.database_url = s.database_url.replacen(&upstream, &via_proxy, 1))
            .await;
    assert!(
        app.database_url.contains(&proxy.address),
        "the app talks through the proxy"
    );

    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let path = format!("/api/v1/clients/{}/checkins", client.id);
    let first =
        json!({"id": uuid::Uuid::new_v4(), "recorded_at": "2026-03-01T10:00:00Z", "mood": 5});
    assert_eq!(
        app.post(&path, Some(&client.access_token), &first)
            .await
            .status(),
        StatusCode::CREATED
    );

    proxy.cut().await;
    // A hang would trip this client's timeout and fail the test.
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a client");
    let send = |method: reqwest::Method, url: String, payload: Option<serde_json::Value>| {
        let mut req = impatient
            .request(method, url)
            .bearer_auth(&client.access_token);
        if let Some(p) = payload {
            req = req.json(&p);
        }
        req.send()
    };
    let ready = send(
        reqwest::Method::GET,
        format!("{}/readyz", app.address),
        None,
    )
    .await
    .expect("answered in time");
    assert_problem(ready, StatusCode::SERVICE_UNAVAILABLE).await;
    let read = send(reqwest::Method::GET, format!("{}{path}", app.address), None)
        .await
        .expect("answered in time");
    assert_problem(read, StatusCode::SERVICE_UNAVAILABLE).await;
    let second =
        json!({"id": uuid::Uuid::new_v4(), "recorded_at": "2026-03-02T10:00:00Z", "mood": 6});
    let write = send(
        reqwest::Method::POST,
        format!("{}{path}", app.address),
        Some(second.clone()),
    )
    .await
    .expect("answered in time");
    assert_problem(write, StatusCode::SERVICE_UNAVAILABLE).await;
    assert!(
        app.worker.tick().await.is_err(),
        "the scheduler reports the outage instead of panicking"
    );
    assert_eq!(
        app.get("/healthz", None).await.status(),
        StatusCode::OK,
        "alive all along"
    );

    proxy.restore();
    let mut recovered = false;
    for _ in 0..50 {
        if app.get("/readyz", None).await.status() == StatusCode::OK {
            recovered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(recovered, "ready again once the database is back");
    assert!(app.worker.tick().await.is_ok(), "the scheduler runs again");
    // The phone retries the write that failed; both check-ins are there, once each.
    assert_eq!(
        app.post(&path, Some(&client.access_token), &second)
            .await
            .status(),
        StatusCode::CREATED
    );
    assert_eq!(
        app.post(&path, Some(&client.access_token), &first)
            .await
            .status(),
        StatusCode::OK
    );
    let list = body(app.get(&path, Some(&client.access_token)).await).await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(2));
}
