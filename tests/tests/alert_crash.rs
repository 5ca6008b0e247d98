//! `kill -9` of the real server process while a safety-alert e-mail is in flight: the e-mail
//! still goes out after a restart, once, and a re-send after a send whose success was never
//! recorded carries the same Message-ID so that a receiver can drop the copy.

use ipt_tests::fresh_database;
use ipt_tests::mail::SmtpSink;
use ipt_tests::process::{Server, alert_outbox_settled, call, therapist_and_client};
use serde_json::json;
use std::time::Duration;

fn start(database_url: &str, smtp_url: &str) -> Server {
    Server::start(
        env!("CARGO_BIN_EXE_ipt-test-server"),
        &[
            ("DATABASE_URL", database_url.to_owned()),
            ("IPT_SMTP_URL", smtp_url.to_owned()),
            // Alert leases are at least 30 s; the shortest setting keeps the wait there.
            ("IPT_DISPATCH_LEASE_SECS", "5".to_owned()),
        ],
    )
}

/// Signs up a therapist with a client whose phone posts a check-in with item 9 above 0, and
/// returns once the server has committed it.
async fn raise_an_alert(api: &str) {
    let http = reqwest::Client::new();
    let today = chrono::Utc::now().date_naive().to_string();
    let (_, client, phone) = therapist_and_client(&http, api, &today).await;
    let checkin = call(
        &http,
        reqwest::Method::POST,
        format!("{api}/clients/{client}/checkins"),
        Some(&phone),
        Some(json!({"recorded_at": chrono::Utc::now().to_rfc3339(), "mood": 1, "phq9": [1, 1, 1, 1, 1, 1, 1, 1, 3]})),
    )
    .await;
    assert_eq!(checkin["risk_flag"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_alert_email_cut_off_by_kill_9_goes_out_after_the_restart_once() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let (database_url, _guard) = fresh_database().await;
    // The first message is held before it is stored or answered: the server is mid-send.
    let sink = SmtpSink::start_with(&["--stall-first", "120"]).await;
    let mut first = start(&database_url, &sink.url());
    raise_an_alert(&first.api()).await;
    assert!(
        sink.wait_for_stall(Duration::from_secs(20)).await,
        "the server started sending"
    );
    first.kill_9();
    let _second = start(&database_url, &sink.url());
    // The dead process's lease (30 s at least) expires, and the restarted one sends.
    let mail = sink.wait_for(1, Duration::from_secs(90)).await;
    assert_eq!(mail.len(), 1, "the e-mail went out after the restart");
    alert_outbox_settled(&database_url, Duration::from_secs(30)).await;
    assert_eq!(sink.messages().len(), 1, "and only once");
    assert_eq!(
        mail[0].subject,
        "IPT Companion: a client needs your attention"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resend_after_kill_9_keeps_the_message_id_so_the_copy_can_be_dropped() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let (database_url, _guard) = fresh_database().await;
    // The first message reaches the server, but its "250 OK" never reaches the sender.
    let sink = SmtpSink::start_with(&["--store-then-stall-first", "120"]).await;
    let mut first = start(&database_url, &sink.url());
    raise_an_alert(&first.api()).await;
    assert_eq!(sink.wait_for(1, Duration::from_secs(20)).await.len(), 1);
    first.kill_9();
    let _second = start(&database_url, &sink.url());
    let mail = sink.wait_for(2, Duration::from_secs(90)).await;
    assert_eq!(mail.len(), 2, "re-sent after the restart");
    assert!(mail[0].message_id.is_some());
    assert_eq!(
        mail[0].message_id, mail[1].message_id,
        "the copy has the same Message-ID"
    );
    alert_outbox_settled(&database_url, Duration::from_secs(30)).await;
    assert_eq!(sink.messages().len(), 2, "and no third");
}
