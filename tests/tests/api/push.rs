//! Reminders end to end inside one process: planned over HTTP, dispatched step by step with
//! the manual clock, delivered to the fake FCM through the real FCM HTTP v1 client.

use chrono::Duration;
use ipt_server::reminders::dispatch::Dispatcher;
use ipt_server::reminders::kind::{GraceWindows, PushTexts};
use ipt_tests::fake_fcm::{FakeFcm, Reply, app_with_fcm};
use ipt_tests::{TestApp, assert_problem, at, body, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::Arc;

/// On 1 June 2026 at 06:00 UTC: a client in UTC with one device and a daily practice prompt
/// at 07:00, and nothing else planned that day.
async fn daily_prompt_at_seven(
    device: &str,
) -> (TestApp, FakeFcm, ipt_tests::Therapist, ipt_tests::Client) {
    let (app, fcm) = app_with_fcm().await;
    app.clock.set(at("2026-06-01T06:00:00Z"));
    let therapist = app.therapist().await;
    let client = app.client_in(&therapist, "UTC", "2026-06-01").await;
    app.register_device(&client, device).await;
    app.set_reminders(&client, prompt_at("07:00")).await;
    (app, fcm, therapist, client)
}

/// Only a practice prompt at `time` every day: nothing else competes.
fn prompt_at(time: &str) -> Value {
    json!({"practice_prompts": [{"local_time": time, "weekdays": [1, 2, 3, 4, 5, 6, 7]}], "checkin_reminder": null, "quiet_hours": null})
}

fn of_kind<'a>(items: &'a [Value], kind: &str) -> Vec<&'a Value> {
    items.iter().filter(|n| n["kind"] == kind).collect()
}

#[tokio::test]
async fn a_due_prompt_reaches_fcm_once_on_time_with_discreet_text_and_collapse_ids() {
    let (app, fcm) = app_with_fcm().await;
    app.clock.set(at("2026-06-01T09:00:00Z"));
    let therapist = app.therapist().await;
    let client = app
        .client_in(&therapist, "Europe/Berlin", "2026-06-01")
        .await;
    app.register_device(&client, "device-1").await;
    app.set_reminders(&client, prompt_at("12:00")).await;

    app.clock.set(at("2026-06-01T09:59:59Z"));
    app.tick().await;
    assert!(fcm.messages().is_empty(), "not before its time");

    app.clock.set(at("2026-06-01T10:00:05Z")); // 12:00:05 in Berlin
    let report = app.tick().await;
    assert_eq!(report.sent, 1);
    app.tick().await;
    app.clock.advance(Duration::seconds(30));
    app.tick().await;
    let sent = fcm.delivered();
    assert_eq!(sent.len(), 1, "exactly once");

    let message = &sent[0]["message"];
    assert_eq!(message["token"], "device-1");
    assert_eq!(message["notification"]["title"], "Reminder");
    assert_eq!(
        message["notification"]["body"],
        "A short exercise is waiting for you."
    );
    assert_eq!(message["data"]["kind"], "practice_prompt");
    // The app opens where the push is about, presented on its channel.
    assert_eq!(message["data"]["route"], "/exercises");
    assert_eq!(
        message["android"]["notification"]["channel_id"],
        "reminders"
    );
    assert_eq!(message["apns"]["headers"]["apns-push-type"], "alert");
    assert_eq!(
        message["apns"]["payload"]["aps"]["thread-id"],
        "practice_prompt"
    );
    assert_eq!(message["apns"]["payload"]["aps"]["sound"], "default");
    let id = message["data"]["reminder_id"].as_str().expect("an id");
    assert_eq!(message["android"]["collapse_key"], id);
    assert_eq!(message["android"]["notification"]["tag"], id);
    assert_eq!(message["apns"]["headers"]["apns-collapse-id"], id);
    assert_eq!(
        message["android"]["ttl"], "7195s",
        "TTL: what is left of the two-hour grace window"
    );
    assert!(
        !message.to_string().contains("Sam"),
        "no name on the lock screen"
    );

    let notifications = app.notifications(&therapist, &client).await;
    let prompt = notifications
        .iter()
        .find(|n| n["id"] == id)
        .expect("listed");
    assert_eq!(prompt["kind"], "practice_prompt");
    assert_eq!(prompt["status"], "sent");
    assert_eq!(prompt["scheduled_for"], "2026-06-01T10:00:00Z");
    assert_eq!(prompt["sent_at"], "2026-06-01T10:00:05Z");

    // One OAuth grant, cached for the next sends.
    app.clock.set(at("2026-06-02T10:00:01Z"));
    app.tick().await;
    assert_eq!(fcm.delivered().len(), 2);
    assert_eq!(fcm.tokens_granted(), 1);

    let metrics = app.metrics().await;
    assert!(
        metrics.contains(r#"pushes_total{kind="practice_prompt",outcome="sent"} 2"#),
        "{metrics}"
    );
    assert!(metrics.contains("dispatch_lag_seconds_count 2"));
    assert!(metrics.contains("outbox_depth 0"));
}

#[tokio::test]
async fn quiet_hours_move_a_prompt_to_their_end_the_next_morning() {
    let (app, _fcm) = app_with_fcm().await;
    app.clock.set(at("2026-06-01T08:00:00Z"));
    let therapist = app.therapist().await;
    let client = app
        .client_in(&therapist, "America/New_York", "2026-06-01")
        .await;
    app.set_reminders(
        &client,
        json!({"practice_prompts": [{"local_time": "23:15", "weekdays": [1]}], "quiet_hours": {"start": "22:30", "end": "07:00"}}),
    )
    .await;
    let notifications = app.notifications(&therapist, &client).await;
    let prompts = of_kind(&notifications, "practice_prompt");
    // Monday 1 June 23:15 EDT is quiet: it comes Tuesday 07:00 EDT (11:00Z).
    assert!(
        prompts
            .iter()
            .any(|p| p["scheduled_for"] == "2026-06-02T11:00:00Z"),
        "{prompts:?}"
    );
    assert!(
        prompts
            .iter()
            .all(|p| p["scheduled_for"] != "2026-06-02T03:15:00Z")
    );
}

#[tokio::test]
async fn a_prompt_in_the_spring_gap_is_planned_once_after_it() {
    let (app, _fcm) = app_with_fcm().await;
    app.clock.set(at("2026-03-06T12:00:00Z"));
    let therapist = app.therapist().await;
    let client = app
        .client_in(&therapist, "America/New_York", "2026-03-02")
        .await;
    app.set_reminders(&client, json!({"practice_prompts": [], "checkin_reminder": {"local_time": "02:30"}, "quiet_hours": null})).await;
    let notifications = app.notifications(&therapist, &client).await;
    let on_the_8th: Vec<_> = of_kind(&notifications, "checkin_reminder")
        .into_iter()
        .filter(|n| {
            n["scheduled_for"]
                .as_str()
                .is_some_and(|s| s.starts_with("2026-03-08"))
        })
        .collect();
    assert_eq!(on_the_8th.len(), 1);
    assert_eq!(
        on_the_8th[0]["scheduled_for"], "2026-03-08T07:30:00Z",
        "03:30 EDT"
    );
}

#[tokio::test]
async fn changing_settings_replans_pending_reminders_without_duplicates() {
    let (app, _fcm) = app_with_fcm().await;
    app.clock.set(at("2026-06-01T06:00:00Z"));
    let therapist = app.therapist().await;
    let client = app.client_in(&therapist, "UTC", "2026-06-01").await;
    app.set_reminders(&client, prompt_at("09:00")).await;
    let first = of_kind(
        &app.notifications(&therapist, &client).await,
        "practice_prompt",
    )
    .len();
    assert_eq!(first, 14, "a fortnight ahead");

    app.set_reminders(&client, prompt_at("18:00")).await;
    let moved = app.notifications(&therapist, &client).await;
    let prompts = of_kind(&moved, "practice_prompt");
    assert_eq!(prompts.len(), 14);
    assert!(prompts.iter().all(|p| {
        p["scheduled_for"]
            .as_str()
            .is_some_and(|s| s.ends_with("T18:00:00Z"))
    }));

    // Planning again (a sweep, a second replica) changes nothing.
    app.set_reminders(&client, prompt_at("18:00")).await;
    app.clock.advance(Duration::days(8));
    app.tick().await;
    let again = app.notifications(&therapist, &client).await;
    let mut scheduled: Vec<_> = of_kind(&again, "practice_prompt")
        .iter()
        .map(|p| p["scheduled_for"].clone())
        .collect();
    let count = scheduled.len();
    scheduled.sort_by_key(|v| v.to_string());
    scheduled.dedup();
    assert_eq!(scheduled.len(), count, "no occurrence twice");
}

#[tokio::test]
async fn homework_gets_a_reminder_that_goes_away_once_completed() {
    let (app, fcm) = app_with_fcm().await;
    app.clock.set(at("2026-06-01T06:00:00Z"));
    let therapist = app.therapist().await;
    let client = app.client_in(&therapist, "UTC", "2026-06-01").await;
    app.register_device(&client, "device-h").await;
    app.set_reminders(&client, json!({"practice_prompts": []}))
        .await;
    let hw = body(
        app.post(
            &format!("/api/v1/clients/{}/homework", client.id),
            Some(&therapist.access_token),
            &json!({"title": "Talk to Mum", "due_at": "2026-06-04T12:00:00Z"}),
        )
        .await,
    )
    .await;
    let due = of_kind(
        &app.notifications(&therapist, &client).await,
        "homework_due",
    )
    .into_iter()
    .cloned()
    .collect::<Vec<_>>();
    assert_eq!(due.len(), 1);
    assert_eq!(
        due[0]["scheduled_for"], "2026-06-03T18:00:00Z",
        "the evening before"
    );

    let res = app
        .post(
            &format!(
                "/api/v1/clients/{}/homework/{}/completion",
                client.id,
                hw["id"].as_str().unwrap_or_default()
            ),
            Some(&client.access_token),
            &json!({"completed_at": "2026-06-01T10:00:00Z"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        of_kind(
            &app.notifications(&therapist, &client).await,
            "homework_due"
        )
        .is_empty()
    );
    app.clock.set(at("2026-06-03T18:00:10Z"));
    app.tick().await;
    assert!(
        fcm.messages()
            .iter()
            .all(|m| m["message"]["data"]["kind"] != "homework_due")
    );
}

#[tokio::test]
async fn an_unregistered_token_is_pruned_and_the_reminder_fails() {
    let (app, fcm, therapist, client) = daily_prompt_at_seven("dead-token").await;
    fcm.script("dead-token", [Reply::Error(404, "UNREGISTERED", None)]);
    app.clock.set(at("2026-06-01T07:00:01Z"));
    app.tick().await;
    let token = app.fresh_token(&therapist).await;
    let devices = body(
        app.get(
            &format!("/api/v1/clients/{}/devices", client.id),
            Some(&token),
        )
        .await,
    )
    .await;
    assert_eq!(devices["items"], json!([]), "the dead token is forgotten");
    let notifications = app.notifications(&therapist, &client).await;
    let today = notifications
        .iter()
        .find(|n| n["scheduled_for"] == "2026-06-01T07:00:00Z")
        .expect("listed");
    assert_eq!(today["status"], "failed");
}

#[tokio::test]
async fn quota_exceeded_is_retried_after_retry_after_and_then_sent_once() {
    let (app, fcm, therapist, client) = daily_prompt_at_seven("busy").await;
    fcm.script("busy", [Reply::Error(429, "QUOTA_EXCEEDED", Some(30))]);

    app.clock.set(at("2026-06-01T07:00:00Z"));
    assert_eq!(app.tick().await.retrying, 1);
    let pending = app.notifications(&therapist, &client).await;
    let today = pending
        .iter()
        .find(|n| n["scheduled_for"] == "2026-06-01T07:00:00Z")
        .expect("listed")
        .clone();
    assert_eq!(today["status"], "pending");
    assert_eq!(today["attempts"], 1);

    app.clock.set(at("2026-06-01T07:00:20Z"));
    app.tick().await;
    assert_eq!(fcm.messages().len(), 1, "Retry-After is honoured");
    app.clock.set(at("2026-06-01T07:00:31Z"));
    app.tick().await;
    assert_eq!(fcm.delivered().len(), 1);
    let done = app.notifications(&therapist, &client).await;
    assert_eq!(
        done.iter()
            .find(|n| n["id"] == today["id"])
            .expect("listed")["status"],
        "sent"
    );
}

#[tokio::test]
async fn an_fcm_outage_is_retried_no_sooner_than_ten_seconds() {
    let (app, fcm, _, _) = daily_prompt_at_seven("d").await;
    fcm.script("d", [Reply::Error(503, "UNAVAILABLE", None)]);
    app.clock.set(at("2026-06-01T07:00:00Z"));
    app.tick().await;
    app.clock.set(at("2026-06-01T07:00:09Z"));
    app.tick().await;
    assert_eq!(fcm.messages().len(), 1);
    app.clock.set(at("2026-06-01T07:00:16Z"));
    app.tick().await;
    assert_eq!(fcm.delivered().len(), 1);
}

#[tokio::test]
async fn a_third_party_auth_error_is_not_retried() {
    let (app, fcm, therapist, client) = daily_prompt_at_seven("ios-device").await;
    fcm.script(
        "ios-device",
        [Reply::Error(401, "THIRD_PARTY_AUTH_ERROR", None)],
    );
    app.clock.set(at("2026-06-01T07:00:00Z"));
    app.tick().await;
    app.clock.set(at("2026-06-01T07:30:00Z"));
    app.tick().await;
    assert_eq!(fcm.messages().len(), 1);
    let today = app
        .notifications(&therapist, &client)
        .await
        .into_iter()
        .find(|n| n["scheduled_for"] == "2026-06-01T07:00:00Z")
        .expect("listed");
    assert_eq!(today["status"], "failed");
    let metrics = app.metrics().await;
    assert!(metrics.contains(r#"pushes_total{kind="practice_prompt",outcome="auth_error"} 1"#));
}

#[tokio::test]
async fn after_a_long_downtime_old_reminders_are_missed_not_sent_late() {
    let (app, fcm, therapist, client) = daily_prompt_at_seven("d").await;
    // The server comes back at 09:30: the 07:00 prompt is past its two-hour grace window.
    app.clock.set(at("2026-06-01T09:30:00Z"));
    let report = app.tick().await;
    assert_eq!(report.missed, 1);
    assert!(fcm.messages().is_empty());
    let today = app
        .notifications(&therapist, &client)
        .await
        .into_iter()
        .find(|n| n["scheduled_for"] == "2026-06-01T07:00:00Z")
        .expect("listed");
    assert_eq!(today["status"], "missed");
}

#[tokio::test]
async fn without_fcm_credentials_reminders_are_recorded_as_skipped() {
    let app = spawn_app().await;
    app.clock.set(at("2026-06-01T06:00:00Z"));
    let therapist = app.therapist().await;
    let client = app.client_in(&therapist, "UTC", "2026-06-01").await;
    app.register_device(&client, "d").await;
    app.set_reminders(&client, prompt_at("07:00")).await;
    app.clock.set(at("2026-06-01T07:00:01Z"));
    assert_eq!(app.tick().await.skipped, 1);
    let today = app
        .notifications(&therapist, &client)
        .await
        .into_iter()
        .find(|n| n["scheduled_for"] == "2026-06-01T07:00:00Z")
        .expect("listed");
    assert_eq!(today["status"], "skipped");
    assert!(ipt_tests::captured_logs().contains("FCM_SERVICE_ACCOUNT is not set"));
}

fn second_dispatcher(fcm: &FakeFcm, owner: &str) -> Dispatcher {
    Dispatcher {
        owner: owner.into(),
        lease: Duration::seconds(60),
        batch: 7,
        grace: GraceWindows::default(),
        texts: PushTexts::default(),
        push: Arc::new(
            ipt_server::push::FcmGateway::from_key_file(&fcm.service_account, &fcm.url)
                .expect("gateway"),
        ),
        metrics: Arc::new(ipt_server::observability::Metrics::new().expect("metrics")),
        // Another process: it has its own gate.
        gate: ipt_server::group_commit::WriteGate::default(),
    }
}

#[tokio::test]
async fn a_dispatcher_that_dies_holding_a_lease_is_taken_over_after_it_expires() {
    let (app, fcm, _, _) = daily_prompt_at_seven("d").await;

    let doomed = second_dispatcher(&fcm, "doomed");
    let now = at("2026-06-01T07:00:00Z");
    let claimed = doomed.claim(&app.db, now).await.expect("claims");
    assert_eq!(claimed.len(), 1);
    // It dies before sending. Within the lease nobody else takes the reminder.
    app.clock.set(now + Duration::seconds(30));
    assert_eq!(app.tick().await.claimed, 0);
    assert!(fcm.messages().is_empty());
    // After the lease expires, the app's own dispatcher sends it, once.
    app.clock.set(now + Duration::seconds(61));
    assert_eq!(app.tick().await.sent, 1);
    app.tick().await;
    assert_eq!(fcm.delivered().len(), 1);
}

#[tokio::test]
async fn two_dispatchers_on_one_database_send_each_reminder_once() {
    let (app, fcm) = app_with_fcm().await;
    app.clock.set(at("2026-06-01T06:00:00Z"));
    let therapist = app.therapist().await;
    let mut clients = Vec::new();
    for i in 0..12 {
        let client = app.client_in(&therapist, "UTC", "2026-06-01").await;
        app.register_device(&client, &format!("device-{i}")).await;
        app.set_reminders(&client, prompt_at("07:00")).await;
        clients.push(client);
    }
    // A second replica: its own connection pool to the same database, its own lease name.
    let other_db = sea_orm::Database::connect(&app.database_url)
        .await
        .expect("a second pool");
    let a = second_dispatcher(&fcm, "replica-a");
    let b = second_dispatcher(&fcm, "replica-b");
    let now = at("2026-06-01T07:00:01Z");
    let mut sent = 0;
    for _ in 0..4 {
        let (ra, rb) = tokio::join!(a.dispatch_due(&app.db, now), b.dispatch_due(&other_db, now));
        sent += ra.expect("a runs").sent + rb.expect("b runs").sent;
    }
    assert_eq!(sent, 12);
    let delivered = fcm.delivered();
    assert_eq!(delivered.len(), 12);
    let mut ids: Vec<_> = delivered
        .iter()
        .map(|m| m["message"]["data"]["reminder_id"].clone())
        .collect();
    ids.sort_by_key(|v| v.to_string());
    ids.dedup();
    assert_eq!(ids.len(), 12, "each reminder once");
}

#[tokio::test]
async fn notifications_are_private() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let stranger = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let path = format!("/api/v1/clients/{}/notifications", client.id);
    assert_eq!(
        app.get(&path, Some(&therapist.access_token)).await.status(),
        StatusCode::OK
    );
    assert_problem(
        app.get(&path, Some(&stranger.access_token)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_problem(app.get(&path, None).await, StatusCode::UNAUTHORIZED).await;
}

#[tokio::test]
async fn changing_the_treatment_moves_session_reminders_and_the_countdown() {
    let (app, _fcm) = app_with_fcm().await;
    app.clock.set(at("2026-06-01T06:00:00Z"));
    let therapist = app.therapist().await;
    let client = app
        .client_in(&therapist, "Asia/Kathmandu", "2026-06-03")
        .await;
    let sessions = of_kind(
        &app.notifications(&therapist, &client).await,
        "session_reminder",
    )
    .iter()
    .map(|n| n["scheduled_for"].clone())
    .collect::<Vec<_>>();
    // Sessions on 3 and 10 June at 10:00 (+05:45): reminders the day before at 04:15Z.
    assert_eq!(
        sessions,
        [json!("2026-06-09T04:15:00Z"), json!("2026-06-02T04:15:00Z")]
    );

    let path = format!("/api/v1/clients/{}/treatment", client.id);
    let change =
        json!({"start_date": "2026-06-04", "planned_sessions": 8, "session_time": "16:30"});
    assert_problem(
        app.put(&path, Some(&client.access_token), &change).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let res = app.put(&path, Some(&therapist.access_token), &change).await;
    assert_eq!(res.status(), StatusCode::OK);
    let updated = body(res).await;
    assert_eq!(updated["treatment"]["session_time"], "16:30");
    assert_eq!(updated["treatment"]["end_date"], "2026-07-23");
    let moved = of_kind(
        &app.notifications(&therapist, &client).await,
        "session_reminder",
    )
    .iter()
    .map(|n| n["scheduled_for"].clone())
    .collect::<Vec<_>>();
    assert_eq!(
        moved,
        [json!("2026-06-10T10:45:00Z"), json!("2026-06-03T10:45:00Z")]
    );
    let bad = json!({"start_date": "2026-06-04", "planned_sessions": 30, "session_time": "25:00"});
    let problem = assert_problem(
        app.put(&path, Some(&therapist.access_token), &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        problem["errors"]["planned_sessions"].is_array()
            || problem["errors"]["session_time"].is_array(),
        "{problem}"
    );
}

#[tokio::test]
async fn no_name_note_or_e_mail_reaches_logs_metrics_or_push_payloads() {
    let (app, fcm) = app_with_fcm().await;
    app.clock.set(at("2026-06-01T06:00:00Z"));
    let canary = format!("canary{}", uuid::Uuid::new_v4().simple());
    let email = format!("{canary}@example.org");
    let res = app
        .post("/api/v1/therapists", None, &json!({"email": email, "password": ipt_tests::PASSWORD, "display_name": format!("Dr {canary}")}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let (_, tokens) = app.login(&email, ipt_tests::PASSWORD).await;
    let therapist_token = tokens["access_token"].as_str().expect("a token").to_owned();
    let created = body(
        app.post(
            "/api/v1/clients",
            Some(&therapist_token),
            &json!({"display_name": format!("Client {canary}"), "timezone": "UTC",
                    "treatment": {"start_date": "2026-06-01", "planned_sessions": 12}}),
        )
        .await,
    )
    .await;
    let phone = body(
        app.post(
            "/api/v1/auth/invite",
            None,
            &json!({"code": created["invite"]["code"]}),
        )
        .await,
    )
    .await;
    let client_token = phone["access_token"].as_str().expect("a token").to_owned();
    let base = format!("/api/v1/clients/{}", created["id"].as_str().expect("an id"));
    let person = body(
        app.post(
            &format!("{base}/relationships"),
            Some(&client_token),
            &json!({"label": format!("Person {canary}"), "closeness": 1, "note": canary}),
        )
        .await,
    )
    .await;
    app.post(
        &format!("{base}/checkins"),
        Some(&client_token),
        &json!({"recorded_at": "2026-06-01T05:00:00Z", "mood": 3, "note": format!("note {canary}"),
                "relationship_id": person["id"], "phq9": [0, 0, 0, 0, 0, 0, 0, 0, 2]}),
    )
    .await;
    app.post(
        &format!("{base}/homework"),
        Some(&therapist_token),
        &json!({"title": format!("Homework {canary}"), "due_at": "2026-06-03T12:00:00Z"}),
    )
    .await;
    app.post(
        &format!("{base}/devices"),
        Some(&client_token),
        &json!({"fcm_token": format!("token-{canary}"), "platform": "android"}),
    )
    .await;
    app.put(
        &format!("{base}/reminders"),
        Some(&client_token),
        &prompt_at("07:00"),
    )
    .await;
    app.get("/api/v1/dashboard", Some(&therapist_token)).await;
    app.clock.set(at("2026-06-01T07:00:05Z"));
    assert_eq!(app.tick().await.sent, 1);
    app.clock.set(at("2026-06-02T18:00:05Z"));
    app.tick().await;

    let payloads: Vec<String> = fcm
        .messages()
        .iter()
        .map(|m| {
            let mut m = m.clone();
            // The device token is the address, not content: leave it out of the comparison.
            m["message"]["token"] = Value::Null;
            m.to_string()
        })
        .collect();
    assert!(
        payloads.len() >= 2,
        "a prompt and the homework reminder were pushed"
    );
    for payload in &payloads {
        assert!(!payload.contains(&canary), "content in a push: {payload}");
    }
    let metrics = app.metrics().await;
    assert!(!metrics.contains(&canary), "content in the metrics");
    let logs = ipt_tests::captured_logs();
    assert!(
        logs.contains("reminder dispatched"),
        "pushes were logged (by id)"
    );
    assert!(!logs.contains(&canary), "content in the logs");
}

#[tokio::test]
async fn a_phone_in_german_gets_its_push_in_german_with_a_route_to_open() {
    let (app, fcm) = app_with_fcm().await;
    app.clock.set(at("2026-06-01T06:00:00Z"));
    let therapist = app.therapist().await;
    let client = app.client_in(&therapist, "UTC", "2026-06-01").await;
    let path = format!("/api/v1/clients/{}/devices", client.id);
    for (token, locale) in [("phone-de", "de-AT"), ("phone-fr", "fr-FR")] {
        let res = app
            .post(
                &path,
                Some(&client.access_token),
                &json!({"fcm_token": token, "platform": "ios", "locale": locale,
                        "timezone": "Europe/Vienna", "app_version": "1.4.2"}),
            )
            .await;
        assert_eq!(res.status(), reqwest::StatusCode::CREATED);
        let device = ipt_tests::body(res).await;
        assert_eq!(device["locale"], locale);
        assert_eq!(device["app_version"], "1.4.2");
    }
    for bad in [
        json!({"fcm_token": "x", "platform": "ios", "locale": "not a tag!"}),
        json!({"fcm_token": "x", "platform": "ios", "timezone": "Mars/Base"}),
    ] {
        let res = app.post(&path, Some(&client.access_token), &bad).await;
        assert_eq!(res.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    }
    app.set_reminders(&client, prompt_at("07:00")).await;
    app.clock.set(at("2026-06-01T07:00:05Z"));
    assert_eq!(app.tick().await.sent, 1);
    let sent = fcm.delivered();
    let to = |token: &str| {
        sent.iter()
            .map(|m| &m["message"])
            .find(|m| m["token"] == token)
            .cloned()
            .expect("a push to the phone")
    };
    let german = to("phone-de");
    assert_eq!(german["notification"]["title"], "Erinnerung");
    assert_eq!(
        german["notification"]["body"],
        "Eine kurze Übung wartet auf Sie."
    );
    assert_eq!(german["data"]["route"], "/exercises");
    // A language that does not ship gets English.
    assert_eq!(to("phone-fr")["notification"]["title"], "Reminder");
}

/// A second phone of `client`, signed in with a new invite code.
async fn second_phone(
    app: &TestApp,
    therapist: &ipt_tests::Therapist,
    client: &ipt_tests::Client,
) -> ipt_tests::Client {
    let res = app
        .post(
            &format!("/api/v1/clients/{}/invite", client.id),
            Some(&therapist.access_token),
            &json!({}),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    let code = body(res).await["code"].clone();
    let res = app
        .post("/api/v1/auth/invite", None, &json!({"code": code}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let tokens = body(res).await;
    ipt_tests::Client {
        id: client.id,
        access_token: tokens["access_token"].as_str().expect("a token").into(),
        refresh_token: tokens["refresh_token"].as_str().expect("a token").into(),
    }
}

/// The delivered pushes of `kind`, by device token.
fn delivered_of(fcm: &FakeFcm, kind: &str) -> Vec<(String, Value)> {
    fcm.delivered()
        .into_iter()
        .filter(|m| m["message"]["data"]["kind"] == kind)
        .map(|m| {
            let token = m["message"]["token"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            (token, m["message"].clone())
        })
        .collect()
}

/// Drives the days from 1 June 2026 to `last` (inclusive): each day the worker runs just after
/// the 07:00 prompt and at 12:00:30, and `each_day` runs first.
async fn live_days(app: &TestApp, last: u32, mut each_day: impl AsyncFnMut(u32)) {
    for day in 1..=last {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).expect("a date")
            + chrono::Days::new(u64::from(day - 1));
        each_day(day).await;
        for time in ["07:00:30", "12:00:30"] {
            app.clock.set(at(&format!("{date}T{time}Z")));
            app.tick().await;
        }
    }
}

#[tokio::test]
async fn a_phone_left_unopened_is_asked_once_to_open_the_app_and_after_its_sign_in_lapses_gets_nothing()
 {
    let (app, fcm, therapist, client) = daily_prompt_at_seven("device-1").await;
    // Signed in on 1 June at 06:00: unused, the sign-in lapses on 1 July at 06:00.
    live_days(&app, 30, async |_| {}).await;

    let notices = delivered_of(&fcm, "stay_connected");
    assert_eq!(
        notices.len(),
        1,
        "told once, however often the worker looked"
    );
    let (token, notice) = &notices[0];
    assert_eq!(token, "device-1");
    assert_eq!(
        notice["notification"]["body"],
        "Open the app to stay connected."
    );
    assert_eq!(
        notice["data"]["route"], "/",
        "opening the app at all refreshes"
    );
    let notifications = app.notifications(&therapist, &client).await;
    let told = of_kind(&notifications, "stay_connected");
    assert_eq!(told.len(), 1);
    assert_eq!(
        told[0]["scheduled_for"], "2026-06-28T12:00:00Z",
        "three days before the lapse, at midday in the client's zone"
    );
    assert_eq!(told[0]["status"], "sent");
    let prompts_before = delivered_of(&fcm, "practice_prompt").len();
    assert_eq!(prompts_before, 30, "every day's prompt while signed in");

    // 1 July, 07:00: the sign-in has lapsed; the prompt finds no phone to go to.
    app.clock.set(at("2026-07-01T07:00:30Z"));
    app.tick().await;
    assert_eq!(delivered_of(&fcm, "practice_prompt").len(), prompts_before);
    let notifications = app.notifications(&therapist, &client).await;
    let today = notifications
        .iter()
        .find(|n| n["kind"] == "practice_prompt" && n["scheduled_for"] == "2026-07-01T07:00:00Z")
        .expect("the day's prompt");
    assert_eq!(today["status"], "skipped");
    // The lapsed sign-in is refused as expired.
    let res = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": client.refresh_token}),
        )
        .await;
    let problem = assert_problem(res, StatusCode::UNAUTHORIZED).await;
    assert!(
        problem["type"]
            .as_str()
            .is_some_and(|t| t.ends_with("/token-expired"))
    );
}

#[tokio::test]
async fn only_the_unopened_phone_is_told_and_a_phone_that_refreshes_keeps_its_reminders() {
    let (app, fcm, therapist, client) = daily_prompt_at_seven("phone-a").await;
    let mut b = second_phone(&app, &therapist, &client).await;
    app.register_device(&b, "phone-b").await;

    // Phone B is opened every week; phone A never.
    live_days(&app, 34, async |day| {
        if day % 7 == 0 {
            app.clock.set(at(&format!("2026-06-{day:02}T06:00:00Z")));
            let res = app
                .post(
                    "/api/v1/auth/refresh",
                    None,
                    &json!({"refresh_token": b.refresh_token}),
                )
                .await;
            assert_eq!(res.status(), StatusCode::OK);
            b.refresh_token = body(res).await["refresh_token"]
                .as_str()
                .expect("a token")
                .into();
        }
    })
    .await;

    let notices = delivered_of(&fcm, "stay_connected");
    assert_eq!(notices.len(), 1);
    assert_eq!(
        notices[0].0, "phone-a",
        "only the phone whose sign-in lapses"
    );
    let prompts = delivered_of(&fcm, "practice_prompt");
    let to = |token: &str| prompts.iter().filter(|(t, _)| t == token).count();
    assert_eq!(to("phone-a"), 30, "until its sign-in lapsed on 1 July");
    assert_eq!(to("phone-b"), 34, "every day");
}

#[tokio::test]
async fn a_phone_opened_after_the_notice_was_planned_is_not_told() {
    let (app, fcm, _therapist, client) = daily_prompt_at_seven("device-1").await;
    // 27 June: the notice for 28 June is in the outbox (planned a day ahead).
    live_days(&app, 27, async |_| {}).await;
    let planned: i64 = {
        use sea_orm::{ConnectionTrait, Statement};
        let row = app
            .db
            .query_one_raw(Statement::from_string(
                app.db.get_database_backend(),
                "SELECT COUNT(*) AS n FROM reminder_outbox WHERE kind = 'stay_connected' AND status = 'pending'",
            ))
            .await
            .expect("a query")
            .expect("a row");
        row.try_get("", "n").expect("a count")
    };
    assert_eq!(planned, 1);
    // The phone is opened on the evening of the 27th: its sign-in lives 30 days again.
    app.clock.set(at("2026-06-27T20:00:00Z"));
    let res = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": client.refresh_token}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    app.clock.set(at("2026-06-28T12:00:30Z"));
    app.tick().await;
    assert!(delivered_of(&fcm, "stay_connected").is_empty());
    assert_eq!(delivered_of(&fcm, "practice_prompt").len(), 27);
}
