//! The safety net without holes: an unanswered item 9 is a signal, the ASQ follow-up screen
//! is scored and an acute positive one reaches on-call at once, and a client's alerts that are
//! open together form one episode with one notification, one escalation and one acknowledgement.

use ipt_tests::mail::{AlertChannels, ON_CALL};
use ipt_tests::{Client, TestApp, Therapist, assert_problem, body, spawn_app, spawn_app_with, web};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;
use uuid::Uuid;

const WAIT: Duration = Duration::from_secs(10);

async fn app_escalating_after(minutes: u32) -> (TestApp, AlertChannels) {
    let ch = AlertChannels::start().await;
    let app = spawn_app_with(ch.configure(minutes)).await;
    (app, ch)
}

async fn app_with_channels() -> (TestApp, AlertChannels) {
    app_escalating_after(60).await
}

async fn checkin(app: &TestApp, client: &Client, phq9: Value) -> Value {
    let res = app
        .checkin(
            client,
            &json!({"recorded_at": app.now().to_rfc3339(), "mood": 2, "phq9": phq9}),
        )
        .await;
    let status = res.status();
    let answer = body(res).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    answer
}

fn screen_body(id: Uuid, app: &TestApp, answers: Value) -> Value {
    json!({"id": id, "recorded_at": app.now().to_rfc3339(), "instrument": "asq", "answers": answers})
}

async fn screen(app: &TestApp, client: &Client, answers: Value) -> (StatusCode, Value) {
    let res = app
        .post(
            &format!("/api/v1/clients/{}/risk-screens", client.id),
            Some(&client.access_token),
            &screen_body(Uuid::new_v4(), app, answers),
        )
        .await;
    let status = res.status();
    (status, body(res).await)
}

async fn open_alerts(app: &TestApp, therapist: &Therapist) -> Vec<Value> {
    let token = app.fresh_token(therapist).await;
    let res = app.get("/api/v1/alerts?status=all", Some(&token)).await;
    assert_eq!(res.status(), StatusCode::OK);
    body(res).await["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn to(mail: &[ipt_tests::mail::ReceivedMail], address: &str) -> usize {
    mail.iter()
        .filter(|m| m.to == vec![address.to_owned()])
        .count()
}

#[tokio::test]
async fn an_unanswered_item9_with_a_severe_total_opens_an_alert_and_offers_the_follow_up() {
    let (app, ch) = app_with_channels().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let answer = checkin(&app, &client, json!([3, 3, 3, 3, 3, 3, 3, 3, null])).await;
    assert_eq!(answer["phq9_total"], 27);
    assert_eq!(answer["risk_flag"], false, "v1's definition stays");
    assert_eq!(answer["item9_unanswered"], true);
    assert_eq!(answer["follow_up"]["instrument"], "asq");
    let text = answer["crisis_resources"]["text"].as_str().expect("text");
    assert!(
        text.contains("We are sending your therapist a message now"),
        "{text}"
    );

    let alerts = open_alerts(&app, &therapist).await;
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0]["kind"], "severe_item9_unanswered");
    assert_eq!(alerts[0]["item9"], Value::Null);
    assert_eq!(alerts[0]["phq9_total"], 27);
    assert_eq!(alerts[0]["urgency"], "normal");
    assert_eq!(alerts[0]["episode_id"], alerts[0]["id"]);
    app.notify().await;
    let mail = ch.smtp.wait_for(1, WAIT).await;
    assert_eq!(to(&mail, &therapist.email), 1);

    // The dashboard says so, with the date, while the newest PHQ-9 leaves item 9 open.
    let res = app
        .get(
            "/api/v1/dashboard",
            Some(&app.fresh_token(&therapist).await),
        )
        .await;
    let dashboard = body(res).await;
    let reasons = dashboard["clients"][0]["attention"]["reasons"].to_string();
    let today = app.now().date_naive().to_string();
    assert!(
        reasons.contains(&format!(
            "PHQ-9 item 9 (thoughts of self-harm) not answered on {today}"
        )),
        "{reasons}"
    );
    checkin(&app, &client, json!([0, 0, 0, 0, 0, 0, 0, 0, 0])).await;
    let res = app
        .get(
            "/api/v1/dashboard",
            Some(&app.fresh_token(&therapist).await),
        )
        .await;
    let reasons = body(res).await["clients"][0]["attention"]["reasons"].to_string();
    assert!(!reasons.contains("not answered"), "{reasons}");
}

#[tokio::test]
async fn an_unanswered_item9_below_twenty_or_a_severe_total_shows_resources_without_an_alert() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let unanswered = checkin(&app, &client, json!([1, 1, 1, 1, 1, 1, 1, 1, null])).await;
    assert_eq!(unanswered["item9_unanswered"], true);
    assert_eq!(unanswered["follow_up"]["instrument"], "asq");
    let text = unanswered["crisis_resources"]["text"]
        .as_str()
        .expect("text");
    assert!(text.contains("the next time they open"), "{text}");
    assert!(!text.contains("sending"), "{text}");

    let severe = checkin(&app, &client, json!([3, 3, 3, 3, 3, 3, 1, 1, 0])).await;
    assert_eq!(severe["phq9_total"], 20);
    assert_eq!(severe["item9_unanswered"], false);
    assert!(severe["crisis_resources"].is_object(), "{severe}");
    assert_eq!(severe["follow_up"]["instrument"], "asq");

    let calm = checkin(&app, &client, json!([1, 1, 1, 1, 1, 1, 1, 1, 0])).await;
    assert!(calm.get("crisis_resources").is_none(), "{calm}");
    assert!(calm.get("follow_up").is_none(), "{calm}");
    assert!(open_alerts(&app, &therapist).await.is_empty());

    // The client page lists item 9 of every PHQ-9, "not answered" included.
    let web = web::signed_in(&app, &therapist).await;
    let page = web
        .get(format!("{}/clients/{}", app.address, client.id))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    let history = &page[page.find("id=\"item9-history\"").expect("the history")..];
    let history = &history[..history.find("</details>").expect("its end")];
    assert_eq!(history.matches("not answered").count(), 1, "{history}");
    assert_eq!(history.matches("0 of 3").count(), 2, "{history}");
}

#[tokio::test]
async fn the_asq_is_scored_by_its_rules_and_only_a_positive_screen_opens_an_alert() {
    let (app, ch) = app_with_channels().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let path = format!("/api/v1/clients/{}/risk-screens", client.id);
    let token = Some(client.access_token.as_str());

    let no = json!({"q1": false, "q2": false, "q3": false, "q4": false, "q5": null});
    let (status, negative) = screen(&app, &client, no.clone()).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(negative["outcome"], "negative");
    assert!(negative.get("crisis_resources").is_none());
    assert!(open_alerts(&app, &therapist).await.is_empty());

    // Question 5 follows exactly the first four. A refused screen with a yes among them is
    // still a positive screen: it opens its alert (once per submission).
    for (answers, field) in [
        (
            json!({"q1": true, "q2": false, "q3": false, "q4": false, "q5": null}),
            "answers.q5",
        ),
        (
            json!({"q1": false, "q2": false, "q3": false, "q4": false, "q5": false}),
            "answers.q5",
        ),
    ] {
        let problem = assert_problem(
            app.post(&path, token, &screen_body(Uuid::new_v4(), &app, answers))
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert!(problem["errors"][field].is_array(), "{problem}");
    }
    let mut unknown = screen_body(Uuid::new_v4(), &app, no.clone());
    unknown["extra"] = json!(1);
    assert_problem(
        app.post(&path, token, &unknown).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let mut nul = screen_body(Uuid::new_v4(), &app, no.clone());
    nul["recorded_at"] = json!("1999-12-31T23:00:00Z");
    assert_problem(
        app.post(&path, token, &nul).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;

    // Another client's check-in is not this screen's.
    let other = app.client_of(&therapist).await;
    let theirs = checkin(&app, &other, json!([0, 0, 0, 0, 0, 0, 0, 0, 1])).await;
    let mut foreign = screen_body(Uuid::new_v4(), &app, no.clone());
    foreign["checkin_id"] = theirs["id"].clone();
    let problem = assert_problem(
        app.post(&path, token, &foreign).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(problem["errors"]["checkin_id"].is_array(), "{problem}");

    // Non-acute positive: an alert of its own kind that notifies the therapist.
    let id = Uuid::new_v4();
    let yes = json!({"q1": false, "q2": true, "q3": false, "q4": false, "q5": false});
    let first = app
        .post(&path, token, &screen_body(id, &app, yes.clone()))
        .await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first = body(first).await;
    assert_eq!(first["outcome"], "non_acute_positive");
    assert!(first["crisis_resources"]["text"].is_string(), "{first}");
    // Idempotent by id: the same body 200, another 409.
    let again = app
        .post(&path, token, &screen_body(id, &app, yes.clone()))
        .await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(body(again).await["outcome"], "non_acute_positive");
    assert_problem(
        app.post(&path, token, &screen_body(id, &app, no.clone()))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    let alerts: Vec<Value> = open_alerts(&app, &therapist)
        .await
        .into_iter()
        .filter(|a| a["client_id"] == client.id.to_string())
        .collect();
    assert_eq!(alerts.len(), 2, "{alerts:?}");
    assert_eq!(alerts[1]["source"], "refused_submission");
    assert_eq!(alerts[0]["kind"], "asq_positive");
    assert_eq!(alerts[0]["source"], "risk_screen");
    assert_eq!(alerts[0]["episode_id"], alerts[1]["episode_id"]);
    assert_eq!(alerts[0]["risk_screen"]["id"], id.to_string());
    assert_eq!(alerts[0]["risk_screen"]["outcome"], "non_acute_positive");
    assert_eq!(alerts[0]["risk_screen"]["answers"]["q2"], true);
    app.notify().await;
    // One e-mail per client's episode: the refused screen's, and the other client's check-in's.
    assert_eq!(to(&ch.smtp.wait_for(2, WAIT).await, &therapist.email), 2);

    // Both parties list the screens; the therapist's read is in the client's access log.
    for reader in [
        client.access_token.clone(),
        app.fresh_token(&therapist).await,
    ] {
        let res = app.get(&path, Some(&reader)).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(body(res).await["items"].as_array().map(Vec::len), Some(2));
    }
    // Sync, the JSON export and FHIR carry them.
    let changes = body(
        app.get(
            &format!("/api/v1/clients/{}/changes?since=0", client.id),
            token,
        )
        .await,
    )
    .await;
    let kinds: Vec<&str> = changes["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter_map(|c| c["type"].as_str())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "risk_screen").count(), 2);
    let export = body(
        app.get(&format!("/api/v1/clients/{}/export", client.id), token)
            .await,
    )
    .await;
    assert_eq!(export["risk_screens"].as_array().map(Vec::len), Some(2));
    let fhir = body(
        app.get(
            &format!("/api/v1/clients/{}/export?format=fhir", client.id),
            token,
        )
        .await,
    )
    .await
    .to_string();
    assert!(fhir.contains("urn:ipt-companion:questionnaire:asq"));
}

#[tokio::test]
async fn an_acute_positive_screen_tells_the_therapist_and_on_call_at_once_and_escalates_once() {
    let (app, ch) = app_with_channels().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let (status, acute) = screen(
        &app,
        &client,
        json!({"q1": true, "q2": true, "q3": false, "q4": false, "q5": true}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(acute["outcome"], "acute_positive");
    let text = acute["crisis_resources"]["text"].as_str().expect("text");
    assert!(
        text.starts_with("If you are in danger now"),
        "the emergency number first: {text}"
    );
    assert!(text.contains("on-call"), "{text}");

    // No clock advance: on-call is told in the same round as the therapist.
    let report = app.notify().await;
    assert_eq!(report.sent, 4, "two e-mails, two webhooks: {report:?}");
    let mail = ch.smtp.wait_for(2, WAIT).await;
    assert_eq!(to(&mail, &therapist.email), 1);
    assert_eq!(to(&mail, ON_CALL), 1);
    let urgent = mail
        .iter()
        .find(|m| m.to == vec![ON_CALL.to_owned()])
        .expect("on-call");
    assert!(
        urgent.subject.contains("needs a clinician now"),
        "{}",
        urgent.subject
    );
    let hooks = ch.hooks.wait_for(2, WAIT).await;
    assert!(hooks.iter().all(|h| h.verified));
    let types: Vec<String> = hooks
        .iter()
        .map(|h| h.body["type"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        types.contains(&"safety_alert.created".to_owned()),
        "{types:?}"
    );
    assert!(
        types.contains(&"safety_alert.escalated".to_owned()),
        "{types:?}"
    );
    // Nothing clinical in any of them.
    for m in &mail {
        let raw = String::from_utf8_lossy(&m.raw).into_owned();
        for secret in ["Sam", "asq", "ASQ", "acute", "suicid", "q5"] {
            assert!(!raw.contains(secret), "mail leaks {secret}");
        }
    }
    for h in &hooks {
        let text = h.body.to_string();
        for secret in ["Sam", "asq", "acute", "urgent", "q5"] {
            assert!(!text.contains(secret), "webhook leaks {secret}");
        }
    }
    let alerts = open_alerts(&app, &therapist).await;
    assert_eq!(alerts[0]["kind"], "acute_risk");
    assert_eq!(alerts[0]["urgency"], "urgent");
    assert!(alerts[0]["escalated_at"].is_string(), "{}", alerts[0]);

    // The immediate notice was the escalation: none after the delay.
    app.clock.advance(chrono::Duration::minutes(61));
    assert_eq!(app.notify().await.escalated, 0);
    assert_eq!(ch.smtp.messages().len(), 2);
}

#[tokio::test]
async fn a_refused_acute_screen_still_opens_its_alert() {
    let (app, ch) = app_with_channels().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let mut body_ = screen_body(
        Uuid::new_v4(),
        &app,
        json!({"q1": true, "q2": false, "q3": false, "q4": false, "q5": true}),
    );
    body_["recorded_at"] = json!("1999-01-01T00:00:00Z");
    let problem = assert_problem(
        app.post(
            &format!("/api/v1/clients/{}/risk-screens", client.id),
            Some(&client.access_token),
            &body_,
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(problem["crisis_resources"]["text"].is_string(), "{problem}");
    let alerts = open_alerts(&app, &therapist).await;
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0]["kind"], "acute_risk");
    assert_eq!(alerts[0]["source"], "refused_submission");
    app.notify().await;
    assert_eq!(to(&ch.smtp.wait_for(2, WAIT).await, ON_CALL), 1);
}

#[tokio::test]
async fn an_episode_of_five_signals_sends_one_email_one_escalation_and_one_acknowledgement() {
    // Ten minutes: the client's access token (15) outlives the episode.
    let (app, ch) = app_escalating_after(10).await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let mut texts = Vec::new();
    for _ in 0..5 {
        let answer = checkin(&app, &client, json!([1, 1, 1, 1, 1, 1, 1, 1, 2])).await;
        texts.push(
            answer["crisis_resources"]["text"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        );
        app.notify().await;
    }
    assert!(texts[0].contains("We are sending your therapist a message now"));
    for later in &texts[1..] {
        assert!(later.contains("already been sent a message"), "{later}");
    }
    let alerts = open_alerts(&app, &therapist).await;
    assert_eq!(alerts.len(), 5);
    let episode = alerts[0]["episode_id"].clone();
    assert!(alerts.iter().all(|a| a["episode_id"] == episode));
    assert_eq!(ch.smtp.wait_for(1, WAIT).await.len(), 1);

    app.clock.advance(chrono::Duration::minutes(9));
    assert_eq!(app.notify().await.escalated, 0);
    app.clock.advance(chrono::Duration::minutes(2));
    assert_eq!(app.notify().await.escalated, 1);
    assert_eq!(app.notify().await.escalated, 0);
    let mail = ch.smtp.wait_for(2, WAIT).await;
    assert_eq!((to(&mail, &therapist.email), to(&mail, ON_CALL)), (1, 1));

    // Acknowledging the newest acknowledges all five, once.
    let newest = alerts[0]["id"].as_str().expect("id");
    let token = app.fresh_token(&therapist).await;
    let res = app
        .post(
            &format!("/api/v1/alerts/{newest}/acknowledge"),
            Some(&token),
            &json!({"action": "contacted_client", "note": "called"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let after = open_alerts(&app, &therapist).await;
    assert!(
        after
            .iter()
            .all(|a| a["action"] == "contacted_client" && a["note"] == "called")
    );
    assert!(
        after
            .iter()
            .all(|a| a["acknowledged_at"] == after[0]["acknowledged_at"])
    );
    app.notify().await;
    let hooks = ch.hooks.wait_for(3, WAIT).await;
    let count = |t: &str| hooks.iter().filter(|h| h.body["type"] == t).count();
    assert_eq!(
        (
            count("safety_alert.created"),
            count("safety_alert.escalated"),
            count("safety_alert.acknowledged")
        ),
        (1, 1, 1)
    );
    let ack = hooks
        .iter()
        .find(|h| h.body["type"] == "safety_alert.acknowledged")
        .expect("acknowledged");
    assert_eq!(
        ack.body["data"]["alert_ids"].as_array().map(Vec::len),
        Some(5)
    );
    assert_eq!(ack.body["data"]["episode_id"], episode);
}

#[tokio::test]
async fn a_signal_after_the_acknowledgement_opens_a_new_episode_that_notifies_again() {
    let (app, ch) = app_with_channels().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    checkin(&app, &client, json!([1, 1, 1, 1, 1, 1, 1, 1, 2])).await;
    app.notify().await;
    let episode = open_alerts(&app, &therapist).await[0].clone();
    let res = app
        .post(
            &format!(
                "/api/v1/alerts/{}/acknowledge",
                episode["id"].as_str().expect("id")
            ),
            Some(&app.fresh_token(&therapist).await),
            &json!({"action": "contacted_client"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let answer = checkin(&app, &client, json!([1, 1, 1, 1, 1, 1, 1, 1, 1])).await;
    assert!(
        answer["crisis_resources"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("We are sending"))
    );
    app.notify().await;
    let mail = ch.smtp.wait_for(2, WAIT).await;
    assert_eq!(to(&mail, &therapist.email), 2);
    let newest = &open_alerts(&app, &therapist).await[0];
    assert_ne!(newest["episode_id"], episode["episode_id"]);
    assert_eq!(newest["acknowledged_at"], Value::Null);
}

#[tokio::test]
async fn an_acute_screen_raises_an_open_episode_and_tells_on_call_at_once() {
    let (app, ch) = app_with_channels().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    checkin(&app, &client, json!([1, 1, 1, 1, 1, 1, 1, 1, 2])).await;
    app.notify().await;
    // A non-acute screen joins silently; an acute one raises the urgency.
    screen(
        &app,
        &client,
        json!({"q1": true, "q2": false, "q3": false, "q4": false, "q5": false}),
    )
    .await;
    app.notify().await;
    assert_eq!(ch.smtp.wait_for(1, WAIT).await.len(), 1);
    let (_, acute) = screen(
        &app,
        &client,
        json!({"q1": true, "q2": false, "q3": false, "q4": false, "q5": true}),
    )
    .await;
    assert!(
        acute["crisis_resources"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("on-call"))
    );
    app.notify().await;
    let mail = ch.smtp.wait_for(3, WAIT).await;
    assert_eq!((to(&mail, &therapist.email), to(&mail, ON_CALL)), (2, 1));
    let alerts = open_alerts(&app, &therapist).await;
    assert_eq!(alerts.len(), 3);
    assert!(
        alerts
            .iter()
            .all(|a| a["episode_id"] == alerts[2]["episode_id"])
    );
    // Every alert of the episode shows the newest screen.
    assert!(
        alerts
            .iter()
            .all(|a| a["risk_screen"]["outcome"] == "acute_positive")
    );
}

#[tokio::test]
async fn concurrent_acknowledgements_of_one_episode_never_fail() {
    let (app, _ch) = app_with_channels().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    checkin(&app, &client, json!([1, 1, 1, 1, 1, 1, 1, 1, 2])).await;
    checkin(&app, &client, json!([1, 1, 1, 1, 1, 1, 1, 1, 3])).await;
    let alerts = open_alerts(&app, &therapist).await;
    let token = app.fresh_token(&therapist).await;
    let mut calls = Vec::new();
    for i in 0..16 {
        let id = alerts[i % 2]["id"].as_str().expect("id").to_owned();
        let action = if i % 4 < 2 {
            "contacted_client"
        } else {
            "reviewed_no_action_needed"
        };
        let (app, token) = (&app, token.clone());
        calls.push(async move {
            app.post(
                &format!("/api/v1/alerts/{id}/acknowledge"),
                Some(&token),
                &json!({"action": action}),
            )
            .await
            .status()
        });
    }
    let statuses = futures_util::future::join_all(calls).await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::OK),
        "{statuses:?}"
    );
    let after = open_alerts(&app, &therapist).await;
    assert_eq!(after[0]["action"], after[1]["action"]);
}

#[tokio::test]
async fn concurrent_identical_and_conflicting_screens_never_fail() {
    let (app, _ch) = app_with_channels().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let path = format!("/api/v1/clients/{}/risk-screens", client.id);
    let id = Uuid::new_v4();
    let acute = json!({"q1": true, "q2": false, "q3": false, "q4": false, "q5": true});
    let negative = json!({"q1": false, "q2": false, "q3": false, "q4": false, "q5": null});
    let mut calls = Vec::new();
    for i in 0..16 {
        // Eight of one body, eight of another, under one id.
        let body = screen_body(
            id,
            &app,
            if i % 2 == 0 {
                acute.clone()
            } else {
                negative.clone()
            },
        );
        let (app, path, token) = (&app, path.clone(), client.access_token.clone());
        calls.push(async move { app.post(&path, Some(&token), &body).await.status() });
    }
    let statuses = futures_util::future::join_all(calls).await;
    assert!(statuses.iter().all(|s| s.as_u16() < 500), "{statuses:?}");
    let created = statuses
        .iter()
        .filter(|s| **s == StatusCode::CREATED)
        .count();
    assert_eq!(created, 1, "{statuses:?}");
    // Whichever body won, the acute answers opened exactly one alert.
    let alerts = open_alerts(&app, &therapist).await;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(alerts[0]["kind"], "acute_risk");
}
