//! The safety loop: every item-9 signal reaches a person by e-mail (a real SMTP server on
//! loopback) and by a Standard Webhooks webhook (verified with the reference library), is
//! escalated when nobody acknowledges it, survives refusals and erasure, and the client is told
//! only what really happens.

use ipt_tests::mail::AlertChannels;
use ipt_tests::{Client, TestApp, assert_problem, body, spawn_app, spawn_app_with};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);
async fn app_with_channels() -> (TestApp, AlertChannels) {
    let ch = AlertChannels::start().await;
    let app = spawn_app_with(ch.configure(60)).await;
    (app, ch)
}

const RISKY: [i64; 9] = [1, 1, 1, 1, 1, 1, 1, 1, 2];

async fn risky_checkin(app: &TestApp, client: &Client, note: &str) -> Value {
    let res = app
        .checkin(
            client,
            &json!({"recorded_at": app.now().to_rfc3339(), "mood": 1, "note": note, "phq9": RISKY}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    body(res).await
}

#[tokio::test]
async fn a_new_alert_emails_the_therapist_and_calls_the_signed_webhook_saying_nothing_clinical() {
    let (app, ch) = app_with_channels().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let checkin = risky_checkin(&app, &client, "CANARY-NOTE argued with my sister").await;
    assert!(
        checkin["crisis_resources"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("We are sending your therapist a message now")),
        "{checkin}"
    );

    let report = app.notify().await;
    assert_eq!(report.sent, 2, "{report:?}");
    let mail = ch.smtp.wait_for(1, WAIT).await;
    assert_eq!(mail.len(), 1);
    let mail = &mail[0];
    assert_eq!(mail.to, vec![therapist.email.clone()]);
    assert_eq!(mail.subject, "IPT Companion: a client needs your attention");
    assert!(
        mail.body_text
            .contains(&format!("https://ipt.clinic.example/clients/{}", client.id)),
        "{}",
        mail.body_text
    );
    let hooks = ch.hooks.wait_for(1, WAIT).await;
    assert_eq!(hooks.len(), 1);
    let hook = &hooks[0];
    assert!(hook.verified, "{:?}", hook.error);
    assert_eq!(hook.body["type"], "safety_alert.created");
    assert_eq!(hook.body["data"]["client_id"], client.id.to_string());
    assert_eq!(hook.body["data"]["therapist_id"], therapist.id.to_string());

    // Leak canary: no name, note, score or answer in either.
    let raw_mail = String::from_utf8_lossy(&mail.raw).into_owned();
    let hook_text = hook.body.to_string();
    for secret in ["Sam", "CANARY-NOTE", "sister", "phq9", "item"] {
        assert!(!raw_mail.contains(secret), "mail leaks {secret}");
        assert!(!hook_text.contains(secret), "webhook leaks {secret}");
    }
    let alert = &app.alerts(&therapist, "open").await[0];
    assert_eq!(alert["item9"], 2);
    assert_eq!(alert["phq9_total"], 10);
    assert_eq!(alert["source"], "checkin");
    assert_eq!(alert["checkin_id"], checkin["id"]);
    assert_eq!(alert["timezone"], "Europe/Berlin");
    assert!(alert["notified_at"].is_string(), "{alert}");
    assert_eq!(alert["escalated_at"], Value::Null);
    // Nothing more to send: no doubles.
    assert_eq!(app.notify().await.claimed, 0);
    assert_eq!(ch.smtp.messages().len(), 1);
}

#[tokio::test]
async fn an_unacknowledged_alert_is_escalated_once_to_on_call_without_naming_the_client() {
    let (app, ch) = app_with_channels().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    risky_checkin(&app, &client, "private").await;
    app.notify().await;
    ch.smtp.wait_for(1, WAIT).await;

    app.clock.advance(chrono::Duration::minutes(59));
    assert_eq!(app.notify().await.escalated, 0);
    app.clock.advance(chrono::Duration::minutes(2));
    let report = app.notify().await;
    assert_eq!(report.escalated, 1, "{report:?}");
    assert_eq!(app.notify().await.escalated, 0, "escalated once only");
    let mail = ch.smtp.wait_for(2, WAIT).await;
    let escalation = mail
        .iter()
        .find(|m| m.to == vec!["oncall@clinic.example".to_owned()])
        .expect("an e-mail to on-call");
    assert!(escalation.body_text.contains(&therapist.email));
    assert!(escalation.body_text.contains("Dr. Test"));
    let raw = String::from_utf8_lossy(&escalation.raw).into_owned();
    assert!(!raw.contains(&client.id.to_string()), "names the client");
    assert!(!raw.contains("Sam"), "names the client");
    let hooks = ch.hooks.wait_for(2, WAIT).await;
    assert!(
        hooks
            .iter()
            .any(|h| h.verified && h.body["type"] == "safety_alert.escalated")
    );
    let alert = &app.alerts(&therapist, "open").await[0];
    assert!(alert["escalated_at"].is_string());
}

#[tokio::test]
async fn a_therapists_own_escalation_address_wins_over_the_deployments() {
    let (app, ch) = app_with_channels().await;
    let therapist = app.therapist().await;
    let res = app
        .put(
            "/api/v1/me/safety-contacts",
            Some(&therapist.access_token),
            &json!({"escalation_email": "Team-Lead@Clinic.example", "phone": "+49 30 123456"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        body(res).await["escalation_email"],
        "team-lead@clinic.example"
    );
    let client = app.client_of(&therapist).await;
    risky_checkin(&app, &client, "n").await;
    app.notify().await;
    app.clock.advance(chrono::Duration::minutes(61));
    app.notify().await;
    let mail = ch.smtp.wait_for(2, WAIT).await;
    let escalation = mail
        .iter()
        .find(|m| m.to == vec!["team-lead@clinic.example".to_owned()])
        .expect("the therapist's own on-call address");
    assert!(escalation.body_text.contains("+49 30 123456"));
}

#[tokio::test]
async fn acknowledging_needs_an_action_and_other_needs_a_note_and_tells_the_webhook() {
    let (app, ch) = app_with_channels().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    risky_checkin(&app, &client, "n").await;
    let id = app.alerts(&therapist, "open").await[0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let path = format!("/api/v1/alerts/{id}/acknowledge");
    let token = Some(therapist.access_token.as_str());
    assert_problem(
        app.post(&path, token, &json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let problem = assert_problem(
        app.post(&path, token, &json!({"action": "other"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        problem["errors"].to_string().contains("required"),
        "{problem}"
    );
    let res = app
        .post(
            &path,
            token,
            &json!({"action": "other", "note": "Spoke with the GP"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let acked = body(res).await;
    assert_eq!(acked["action"], "other");
    assert_eq!(acked["note"], "Spoke with the GP");
    assert_eq!(acked["acknowledged_by"], therapist.id.to_string());
    app.notify().await;
    let hooks = ch.hooks.wait_for(2, WAIT).await;
    let ack = hooks
        .iter()
        .find(|h| h.body["type"] == "safety_alert.acknowledged")
        .expect("an acknowledged webhook");
    assert!(ack.verified);
    assert!(
        !ack.body.to_string().contains("GP"),
        "the note stays inside"
    );
    // Acknowledged in time: never escalated.
    app.clock.advance(chrono::Duration::hours(2));
    assert_eq!(app.notify().await.escalated, 0);
}

#[tokio::test]
async fn the_crisis_text_says_what_happens_with_and_without_a_channel() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let checkin = risky_checkin(&app, &client, "n").await;
    let text = checkin["crisis_resources"]["text"].as_str().expect("text");
    assert!(text.starts_with("If you are in danger now, call"), "{text}");
    assert!(
        text.contains("Your therapist will see this the next time they open IPT Companion"),
        "{text}"
    );
    assert!(!text.contains("has been notified"), "{text}");
    assert!(!text.contains("sending your therapist"), "{text}");
    assert_eq!(checkin["crisis_resources"]["has_safety_plan"], false);
    // Nothing to send, and nothing pretends to.
    assert_eq!(app.notify().await.claimed, 0);
    let alert = &app.alerts(&therapist, "open").await[0];
    assert_eq!(alert["notified_at"], Value::Null);
}

#[tokio::test]
async fn crisis_resources_need_no_sign_in_follow_the_region_and_are_cacheable() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/crisis-resources?region=GB", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let etag = res
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .expect("an ETag")
        .to_owned();
    assert!(
        res.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("max-age"))
    );
    let gb = body(res).await;
    assert_eq!(gb["region"], "GB");
    let text = gb["text"].as_str().expect("text");
    assert!(
        text.starts_with("If you are in danger now, call 999"),
        "{text}"
    );
    assert!(!text.to_lowercase().contains("therapist"), "{text}");
    assert!(gb["links"].to_string().contains("tel:116123"));

    let again = app
        .api
        .get(format!("{}/api/v1/crisis-resources?region=GB", app.address))
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("answered");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

    for unknown in ["?region=XQ", ""] {
        let res = app
            .get(&format!("/api/v1/crisis-resources{unknown}"), None)
            .await;
        assert_eq!(body(res).await["region"], "ZZ");
    }
    assert_problem(
        app.get("/api/v1/crisis-resources?region=DEU", None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;

    // A client's region chooses what its check-in answer shows.
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let res = app
        .put(
            &format!("/api/v1/clients/{}/region", client.id),
            Some(&client.access_token),
            &json!({"region": "DE"}),
        )
        .await;
    assert_eq!(body(res).await["region"], "DE");
    let checkin = risky_checkin(&app, &client, "n").await;
    assert_eq!(checkin["crisis_resources"]["region"], "DE");
    assert!(
        checkin["crisis_resources"]["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("If you are in danger now, call 112"))
    );
}

#[tokio::test]
async fn a_refused_checkin_with_item_nine_still_opens_one_alert_and_shows_crisis_resources() {
    let (app, ch) = app_with_channels().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let id = uuid::Uuid::new_v4();
    let bad = json!({"id": id, "recorded_at": app.now().to_rfc3339(), "mood": 11, "phq9": RISKY});
    for _ in 0..3 {
        let res = app.checkin(&client, &bad).await;
        let problem = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(
            problem["crisis_resources"]["text"]
                .as_str()
                .is_some_and(|t| t.contains("We are sending your therapist a message now")),
            "{problem}"
        );
    }
    let open = app.alerts(&therapist, "open").await;
    assert_eq!(
        open.len(),
        1,
        "one alert per submitted id, however often retried"
    );
    assert_eq!(open[0]["source"], "refused_submission");
    assert_eq!(open[0]["checkin_id"], Value::Null);
    assert_eq!(open[0]["item9"], 2);
    app.notify().await;
    assert_eq!(ch.smtp.wait_for(1, WAIT).await.len(), 1);

    // A conflict: the id holds another check-in without a signal.
    let stored = app
        .checkin(
            &client,
            &json!({"id": uuid::Uuid::new_v4(), "recorded_at": app.now().to_rfc3339(), "mood": 5}),
        )
        .await;
    let stored = body(stored).await;
    let conflict = json!({"id": stored["id"], "recorded_at": app.now().to_rfc3339(), "mood": 2, "phq9": RISKY});
    let problem = assert_problem(app.checkin(&client, &conflict).await, StatusCode::CONFLICT).await;
    assert!(problem["crisis_resources"].is_object(), "{problem}");
    assert_eq!(app.alerts(&therapist, "open").await.len(), 2);

    // A 409 whose stored check-in already has an alert opens none.
    let risky = risky_checkin(&app, &client, "n").await;
    let changed =
        json!({"id": risky["id"], "recorded_at": app.now().to_rfc3339(), "mood": 0, "phq9": RISKY});
    assert_problem(app.checkin(&client, &changed).await, StatusCode::CONFLICT).await;
    assert_eq!(app.alerts(&therapist, "open").await.len(), 3);

    // Without an id, the body decides: the same body again opens nothing more.
    let no_id = json!({"recorded_at": "2026-11-30T10:00:00+01:00", "mood": -1, "phq9": RISKY});
    for _ in 0..2 {
        assert_problem(
            app.checkin(&client, &no_id).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    assert_eq!(app.alerts(&therapist, "open").await.len(), 4);
}

#[tokio::test]
async fn refusals_that_are_not_about_the_checkin_open_nothing() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let other = app.client_of(&therapist).await;
    let risky = json!({"recorded_at": app.now().to_rfc3339(), "mood": 11, "phq9": RISKY});
    let path = format!("/api/v1/clients/{}/checkins", client.id);
    // No token, another client's token, malformed JSON, an item 9 that is itself invalid.
    assert_problem(
        app.post(&path, None, &risky).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_problem(
        app.post(&path, Some(&other.access_token), &risky).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let malformed = app
        .api
        .post(format!("{}{path}", app.address))
        .bearer_auth(&client.access_token)
        .header("content-type", "application/json")
        .body(r#"{"mood": 1, "phq9": [1,1,1,1,1,1,1,1,3]"#)
        .send()
        .await
        .expect("answered");
    assert_problem(malformed, StatusCode::BAD_REQUEST).await;
    let invalid_phq9 =
        json!({"recorded_at": app.now().to_rfc3339(), "mood": 1, "phq9": [1,1,1,1,1,1,1,1,4]});
    let problem = assert_problem(
        app.checkin(&client, &invalid_phq9).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(problem.get("crisis_resources").is_none());
    assert!(app.alerts(&therapist, "all").await.is_empty());
}

#[tokio::test]
async fn skipped_phq9_items_are_prorated_up_to_two_and_a_skipped_item_nine_is_not_answered() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let cases = [
        (json!([1, 1, 1, 1, 1, 1, 1, 1, 0]), json!(8), false),
        // 7 × 9 / 8 = 7.875 → 8
        (json!([null, 1, 1, 1, 1, 1, 1, 1, 0]), json!(8), true),
        // 6 × 9 / 7 = 7.71 → 8
        (json!([null, null, 1, 1, 1, 1, 1, 1, 0]), json!(8), true),
        // 5 × 9 / 7 = 6.43 → 6
        (json!([null, 2, null, 0, 1, 1, 1, 0, 0]), json!(6), true),
        (
            json!([null, null, null, 1, 1, 1, 1, 1, 0]),
            Value::Null,
            false,
        ),
    ];
    for (answers, total, prorated) in cases {
        let res = app
            .checkin(
                &client,
                &json!({"recorded_at": app.now().to_rfc3339(), "mood": 4, "phq9": answers}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let c = body(res).await;
        assert_eq!(c["phq9_total"], total, "{answers}");
        assert_eq!(c["phq9_prorated"], prorated, "{answers}");
        assert_eq!(c["phq9"], answers);
        if total.is_null() {
            assert_eq!(c["phq9_band"], Value::Null);
        }
    }
    let skipped_nine = body(
        app.checkin(
            &client,
            &json!({"recorded_at": app.now().to_rfc3339(), "mood": 2, "phq9": [3, 3, 3, 3, 3, 3, 3, 3, null]}),
        )
        .await,
    )
    .await;
    // A skipped item 9 is never 0, and never silence either: with a severe total it shows
    // crisis resources and opens its own kind of alert (risk_flag keeps v1's meaning).
    assert_eq!(skipped_nine["risk_flag"], false);
    assert_eq!(skipped_nine["item9_unanswered"], true);
    assert!(skipped_nine["crisis_resources"].is_object());
    let opened = app.alerts(&therapist, "all").await;
    assert_eq!(opened.len(), 1);
    assert_eq!(opened[0]["kind"], "severe_item9_unanswered");
    // The therapist's page says item 9 was not answered.
    let gad7 = body(
        app.checkin(
            &client,
            &json!({"recorded_at": app.now().to_rfc3339(), "mood": 2, "gad7": [1, null, 1, 1, 1, 1, 1]}),
        )
        .await,
    )
    .await;
    assert_eq!(gad7["gad7_total"], Value::Null, "the GAD-7 is not prorated");
}

#[tokio::test]
async fn a_checkin_naming_a_person_removed_on_another_phone_is_stored() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let person = body(
        app.post(
            &format!("/api/v1/clients/{}/relationships", client.id),
            Some(&client.access_token),
            &json!({"label": "Sister", "closeness": 1}),
        )
        .await,
    )
    .await;
    let res = app
        .delete(
            &format!(
                "/api/v1/clients/{}/relationships/{}",
                client.id,
                person["id"].as_str().expect("id")
            ),
            Some(&client.access_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app
        .checkin(
            &client,
            &json!({"recorded_at": app.now().to_rfc3339(), "mood": 1, "relationship_id": person["id"], "phq9": RISKY}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(body(res).await["relationship_id"], person["id"]);
    assert_eq!(app.alerts(&therapist, "open").await.len(), 1);
}

#[tokio::test]
async fn erasure_keeps_an_open_alert_as_a_minimal_record_until_it_is_acknowledged() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    risky_checkin(&app, &client, "CANARY-ERASED").await;
    let res = app
        .delete(
            &format!("/api/v1/clients/{}", client.id),
            Some(&client.access_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let open = app.alerts(&therapist, "open").await;
    assert_eq!(open.len(), 1);
    let alert = &open[0];
    assert_eq!(alert["client_erased"], true);
    assert_eq!(alert["client_id"], client.id.to_string());
    assert_eq!(alert["item9"], 2);
    assert_eq!(alert["checkin_id"], Value::Null);
    assert_eq!(alert["phq9_total"], Value::Null);
    assert!(!alert.to_string().contains("CANARY-ERASED"));
    // Escalation still runs for it.
    app.clock.advance(chrono::Duration::minutes(61));
    app.notify().await;
    assert!(app.alerts(&therapist, "open").await[0]["escalated_at"].is_string());
    let res = app
        .post(
            &format!(
                "/api/v1/alerts/{}/acknowledge",
                alert["id"].as_str().expect("id")
            ),
            Some(&app.fresh_token(&therapist).await),
            &json!({"action": "contacted_client"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(app.alerts(&therapist, "open").await.is_empty());
}

#[tokio::test]
async fn two_replicas_on_one_database_send_exactly_one_email_per_alert() {
    let (app, ch) = app_with_channels().await;
    let replica = app.replica(ch.configure(60)).await;
    let therapist = app.therapist().await;
    let mut clients = Vec::new();
    for _ in 0..4 {
        clients.push(app.client_of(&therapist).await);
    }
    for c in &clients {
        risky_checkin(&app, c, "n").await;
    }
    let (a, b) = tokio::join!(app.safety.tick(), replica.tick());
    let (a, b) = (a.expect("a ticks"), b.expect("b ticks"));
    // Whatever each took, together they sent every e-mail once.
    let (a2, b2) = tokio::join!(app.safety.tick(), replica.tick());
    let _ = (a2.expect("a ticks"), b2.expect("b ticks"));
    let mail = ch.smtp.wait_for(4, WAIT).await;
    // Each step sent what it claimed before it returned, and nothing is left in the outbox:
    // no e-mail is still on its way.
    assert_eq!(app.alert_deliveries_due().await, 0);
    let mail_now = ch.smtp.messages();
    assert_eq!(mail.len(), 4, "{a:?} {b:?}");
    assert_eq!(mail_now.len(), 4, "no e-mail twice");
    let mut ids: Vec<_> = mail_now
        .iter()
        .filter_map(|m| m.message_id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 4);
}

#[tokio::test]
async fn a_therapist_with_a_registered_phone_gets_a_discreet_push() {
    let fcm = ipt_tests::fake_fcm::FakeFcm::start();
    let (account, endpoint) = (fcm.service_account.clone(), fcm.url.clone());
    let app = spawn_app_with(move |s| {
        s.fcm_service_account = Some(account);
        s.fcm_endpoint = endpoint;
    })
    .await;
    let therapist = app.therapist().await;
    let res = app
        .post(
            "/api/v1/me/devices",
            Some(&therapist.access_token),
            &json!({"fcm_token": "therapist-phone", "platform": "ios"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let listed = body(
        app.get("/api/v1/me/devices", Some(&therapist.access_token))
            .await,
    )
    .await;
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(1));
    assert!(
        !listed.to_string().contains("therapist-phone"),
        "never the token"
    );

    let client = app.client_of(&therapist).await;
    let checkin = risky_checkin(&app, &client, "CANARY-PUSH").await;
    assert!(
        checkin["crisis_resources"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("We are sending your therapist a message now")),
        "a push on its way is a message on its way"
    );
    assert_eq!(app.notify().await.sent, 1);
    let sent = fcm.delivered();
    assert_eq!(sent.len(), 1);
    let message = sent[0].to_string();
    assert!(message.contains("therapist-phone"));
    assert!(message.contains("A client needs your attention"));
    for secret in ["CANARY-PUSH", "Sam", "phq9"] {
        assert!(!message.contains(secret), "push leaks {secret}");
    }
    assert!(app.alerts(&therapist, "open").await[0]["notified_at"].is_string());

    // The therapist removes the phone; it is gone from the list.
    let id = listed["items"][0]["id"].as_str().expect("id");
    let token = app.fresh_token(&therapist).await;
    let res = app
        .delete(&format!("/api/v1/me/devices/{id}"), Some(&token))
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let listed = body(app.get("/api/v1/me/devices", Some(&token)).await).await;
    assert_eq!(listed["items"], json!([]));
}

#[tokio::test]
async fn a_webhook_the_receiver_refuses_is_retried_with_the_same_id_and_every_attempt_is_kept() {
    let ch = AlertChannels::start_with_hooks(&["--fail-first", "2"]).await;
    let app = spawn_app_with(ch.configure(60)).await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    risky_checkin(&app, &client, "n").await;
    let first = app.notify().await;
    assert_eq!((first.sent, first.retrying), (1, 1), "{first:?}");
    // Nothing is due again before the back-off (5 s, then 10 s).
    assert_eq!(app.notify().await.claimed, 0);
    app.clock.advance(chrono::Duration::seconds(6));
    assert_eq!(app.notify().await.retrying, 1);
    app.clock.advance(chrono::Duration::seconds(11));
    assert_eq!(app.notify().await.sent, 1);
    let hooks = ch.hooks.wait_for(3, WAIT).await;
    assert_eq!(hooks.len(), 3);
    assert!(hooks.iter().all(|h| h.verified && h.id == hooks[0].id));
    assert_eq!(
        hooks.iter().map(|h| h.status).collect::<Vec<_>>(),
        vec![503, 503, 204]
    );
    use sea_orm::{EntityTrait, PaginatorTrait};
    let attempts = entities::alert_delivery_attempt::Entity::find()
        .count(&app.db)
        .await
        .expect("counted");
    assert_eq!(attempts, 4, "three webhook attempts and one e-mail");
}
