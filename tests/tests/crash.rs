//! Crash tests with the real binary: `kill -9` during a burst of check-ins whose phone retries
//! until acknowledged, and during a push in flight. Nothing acknowledged may be lost or doubled;
//! a re-sent push keeps its collapse id.

use chrono::{Duration, Timelike, Utc};
use ipt_tests::fake_fcm::FakeFcm;
use ipt_tests::fresh_database;
use ipt_tests::process::{Server, call, therapist_and_client};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

const BINARY: &str = env!("CARGO_BIN_EXE_ipt-test-server");

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn start_replica(env: &[(&str, String)]) -> Server {
    Server::start(BINARY, env)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_ins_acknowledged_before_a_kill_9_survive_it_exactly_once() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let (database_url, _db) = fresh_database().await;
    let env = [
        ("DATABASE_URL", database_url),
        ("IPT_SCHEDULER", "false".to_owned()),
    ];
    let mut server = start_replica(&env);
    let http = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(5))
        .build()
        .expect("a client");
    let today = Utc::now().date_naive().to_string();
    let (_, client_id, token) =
        therapist_and_client(&http, &format!("{}/api/v1", server.address), &today).await;

    // The phone: posts 300 check-ins, each retried until the server acknowledges it.
    let address = Arc::new(Mutex::new(server.address.clone()));
    let acked: Arc<Mutex<HashSet<String>>> = Arc::default();
    let phone = {
        let (address, acked, http, token, client_id) = (
            Arc::clone(&address),
            Arc::clone(&acked),
            http.clone(),
            token.clone(),
            client_id.clone(),
        );
        tokio::spawn(async move {
            for i in 0..300 {
                let id = uuid::Uuid::new_v4().to_string();
                let body = json!({"id": id, "recorded_at": "2026-03-01T10:00:00Z", "mood": i % 11});
                loop {
                    let base = lock(&address).clone();
                    let res = http
                        .post(format!("{base}/api/v1/clients/{client_id}/checkins"))
                        .bearer_auth(&token)
                        .json(&body)
                        .send()
                        .await;
                    if let Ok(res) = res
                        && (res.status() == 200 || res.status() == 201)
                    {
                        lock(&acked).insert(id.clone());
                        break;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
            }
        })
    };
    while lock(&acked).len() < 100 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    server.kill_9();
    let acked_before_kill = lock(&acked).len();
    let restarted = start_replica(&env);
    *lock(&address) = restarted.address.clone();
    phone.await.expect("the phone finishes");

    let acked = lock(&acked).clone();
    assert_eq!(acked.len(), 300);
    let mut stored = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut url = format!(
            "{}/api/v1/clients/{client_id}/checkins?limit=200",
            restarted.address
        );
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={c}"));
        }
        let page = call(&http, reqwest::Method::GET, url, Some(&token), None).await;
        stored.extend(page["items"].as_array().cloned().unwrap_or_default());
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    let ids: Vec<String> = stored
        .iter()
        .filter_map(|c| c["id"].as_str().map(ToOwned::to_owned))
        .collect();
    let unique: HashSet<String> = ids.iter().cloned().collect();
    assert_eq!(ids.len(), unique.len(), "none doubled");
    assert_eq!(
        unique, acked,
        "every acknowledged check-in is there, {acked_before_kill} of them from before the kill"
    );
    drop(restarted);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_push_cut_off_by_kill_9_is_sent_again_with_the_same_collapse_id() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    // FCM takes 5 s to answer: the dispatcher is killed while it waits.
    let fcm = FakeFcm::start_with_delay(std::time::Duration::from_secs(5));
    let (database_url, _db) = fresh_database().await;
    let env = [
        ("DATABASE_URL", database_url),
        (
            "FCM_SERVICE_ACCOUNT",
            fcm.service_account.display().to_string(),
        ),
        ("FCM_ENDPOINT", fcm.url.clone()),
        ("IPT_DISPATCH_LEASE_SECS", "5".to_owned()),
    ];
    let mut server = start_replica(&env);
    let http = reqwest::Client::new();
    let api = format!("{}/api/v1", server.address);
    let start = (Utc::now() + Duration::days(100)).date_naive().to_string();
    let (therapist, client_id, client_token) = therapist_and_client(&http, &api, &start).await;
    call(
        &http,
        reqwest::Method::POST,
        format!("{api}/clients/{client_id}/devices"),
        Some(&client_token),
        Some(json!({"fcm_token": "crash-device", "platform": "ios"})),
    )
    .await;
    let due = (Utc::now() + Duration::seconds(70))
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .expect("a minute");
    call(&http, reqwest::Method::PUT, format!("{api}/clients/{client_id}/reminders"), Some(&client_token),
        Some(json!({"practice_prompts": [], "checkin_reminder": {"local_time": format!("{:02}:{:02}", due.hour(), due.minute())}, "quiet_hours": null}))).await;

    while fcm.messages().is_empty() && Utc::now() < due + Duration::seconds(65) {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(fcm.messages().len(), 1, "the push is in flight");
    server.kill_9();

    let restarted = start_replica(&env);
    let until = Utc::now() + Duration::seconds(40);
    while fcm.messages().len() < 2 && Utc::now() < until {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let messages: Vec<Value> = fcm.messages();
    assert_eq!(messages.len(), 2, "sent again after the lease expired");
    let collapse: HashSet<String> = messages
        .iter()
        .map(|m| m["message"]["apns"]["headers"]["apns-collapse-id"].to_string())
        .collect();
    assert_eq!(
        collapse.len(),
        1,
        "the same collapse id both times, so the phone shows one"
    );
    assert_eq!(
        messages[0]["message"]["data"],
        messages[1]["message"]["data"]
    );

    // Once FCM answers the second attempt, the reminder is recorded as sent, once.
    let mut sent = 0;
    for _ in 0..40 {
        let list = call(
            &http,
            reqwest::Method::GET,
            format!(
                "{}/api/v1/clients/{client_id}/notifications",
                restarted.address
            ),
            Some(&therapist),
            None,
        )
        .await;
        sent = list["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter(|n| n["status"] == "sent")
            .count();
        if sent == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert_eq!(sent, 1);
    drop(restarted);
}
