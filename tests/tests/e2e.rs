//! End to end with the real `ipt-server` binary, the real clock and a fake FCM on 127.0.0.1:
//! a reminder set over HTTP reaches FCM once, within a minute of its time. On PostgreSQL
//! (`TEST_DATABASE_URL`) two replicas, started together, serve one database and the reminder
//! still arrives once.

use chrono::{Duration, Timelike, Utc};
use ipt_tests::fake_fcm::FakeFcm;
use ipt_tests::fresh_database;

use ipt_tests::process::{Server, call, reminders_settled_until, therapist_and_client};
use serde_json::json;

fn start_replica(env: &[(&str, String)]) -> Server {
    Server::start(env!("CARGO_BIN_EXE_ipt-test-server"), env)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_set_over_http_reaches_fcm_once_and_on_time() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let fcm = FakeFcm::start();
    let (database_url, _db) = fresh_database().await;
    let postgres = database_url.starts_with("postgres");
    let env = [
        ("DATABASE_URL", database_url.clone()),
        (
            "FCM_SERVICE_ACCOUNT",
            fcm.service_account.display().to_string(),
        ),
        ("FCM_ENDPOINT", fcm.url.clone()),
    ];
    let replicas: Vec<Server> = if postgres {
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(|| start_replica(&env));
            let b = s.spawn(|| start_replica(&env));
            (a.join().expect("replica a"), b.join().expect("replica b"))
        });
        vec![a, b]
    } else {
        vec![start_replica(&env)]
    };

    let http = reqwest::Client::new();
    let api = |i: usize| format!("{}/api/v1", replicas[i % replicas.len()].address);
    let start = (Utc::now() + Duration::days(100)).date_naive().to_string();
    let (therapist, client_id, client_token) = therapist_and_client(&http, &api(1), &start).await;
    call(
        &http,
        reqwest::Method::POST,
        format!("{}/clients/{client_id}/devices", api(0)),
        Some(&client_token),
        Some(json!({"fcm_token": "e2e-device", "platform": "android"})),
    )
    .await;

    // The next whole minute at least 10 s away.
    let due = (Utc::now() + Duration::seconds(70))
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .expect("a minute");
    let local_time = format!("{:02}:{:02}", due.hour(), due.minute());
    call(&http, reqwest::Method::PUT, format!("{}/clients/{client_id}/reminders", api(1)), Some(&client_token),
        Some(json!({"practice_prompts": [], "checkin_reminder": {"local_time": local_time}, "quiet_hours": null}))).await;

    let deadline = due + Duration::seconds(60);
    while fcm.messages().is_empty() && Utc::now() < deadline + Duration::seconds(5) {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    // Once the servers have recorded every reminder due by then, none can be sent again.
    reminders_settled_until(&database_url, due, std::time::Duration::from_secs(30)).await;
    let messages = fcm.messages();
    assert_eq!(messages.len(), 1, "exactly one push: {messages:?}");
    let arrivals = fcm.arrivals();
    let (_, arrived) = &arrivals[0];
    let body = &messages[0];
    assert!(*arrived >= due, "not early: {arrived} < {due}");
    assert!(*arrived <= deadline, "within 60 s: {arrived} > {deadline}");
    assert_eq!(body["message"]["token"], "e2e-device");
    assert_eq!(body["message"]["data"]["kind"], "checkin_reminder");

    let list = call(
        &http,
        reqwest::Method::GET,
        format!("{}/clients/{client_id}/notifications", api(0)),
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
}
