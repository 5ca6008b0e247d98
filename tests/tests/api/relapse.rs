//! Relapse watched after every acute course: a possible relapse (PHQ-9 of 10 or more, or 5 above
//! the end-of-treatment score), a likely one (two of 10 or more at least 14 days apart) that
//! stays on the dashboard and e-mails the therapist once until a relapse review ends it, and a
//! new episode after the review.

use ipt_tests::mail::SmtpSink;
use ipt_tests::{Client, TestApp, Therapist, assert_problem, at, body, spawn_app_at};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

/// A check-in whose PHQ-9 adds up to `total` ([`TestApp::phq9_checkin`]).
async fn phq9(app: &TestApp, client: &Client, recorded_at: &str, total: u8) -> Value {
    app.phq9_checkin(client, recorded_at, total).await
}

/// The client's attention items on the dashboard, as `(code, text)`.
async fn items(app: &TestApp, token: &str, client: &Client) -> Vec<(String, String)> {
    let res = app.get("/api/v1/dashboard", Some(token)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let dashboard = body(res).await;
    let row = dashboard["clients"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["client_id"] == client.id.to_string())
        .cloned()
        .expect("the client's row");
    row["attention"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            (
                i["code"].as_str().expect("a code").to_owned(),
                i["text"].as_str().expect("a text").to_owned(),
            )
        })
        .collect()
}

fn codes(items: &[(String, String)]) -> Vec<&str> {
    items.iter().map(|(code, _)| code.as_str()).collect()
}

async fn app_with_mail(start: &str) -> (TestApp, SmtpSink) {
    let smtp = SmtpSink::start().await;
    let url = smtp.url();
    let app = spawn_app_at(at(start), move |s| {
        s.smtp_url = Some(url);
        s.mail_from = "IPT Companion <alerts@clinic.example>".into();
        s.public_url = "https://ipt.clinic.example".into();
    })
    .await;
    (app, smtp)
}

async fn watch(app: &TestApp, token: &str, client: &Client) -> Value {
    let res = app
        .get(
            &format!("/api/v1/clients/{}/relapse-reviews", client.id),
            Some(token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    body(res).await
}

#[tokio::test]
async fn after_a_normal_ending_a_rise_is_watched_and_a_likely_relapse_waits_for_a_review() {
    let (app, smtp) = app_with_mail("2026-06-15T12:00:00Z").await;
    let therapist: Therapist = app.therapist().await;
    let t = therapist.access_token.clone();
    // Twelve weekly sessions from 5 January: the course ended on 23 March; no maintenance.
    let client = app.client_in(&therapist, "UTC", "2026-01-05").await;
    phq9(&app, &client, "2026-01-05T09:00:00Z", 16).await;
    phq9(&app, &client, "2026-03-20T09:00:00Z", 4).await; // the end-of-treatment score

    // The observed course: 4 → 8 → 11. 8 is neither 10 nor 5 above 4.
    phq9(&app, &client, "2026-04-20T09:00:00Z", 8).await;
    let now = items(&app, &t, &client).await;
    assert!(!codes(&now).contains(&"possible_relapse"), "{now:?}");
    let first_high = phq9(&app, &client, "2026-05-10T09:00:00Z", 11).await;
    let now = items(&app, &t, &client).await;
    assert!(codes(&now).contains(&"possible_relapse"), "{now:?}");
    assert!(!codes(&now).contains(&"relapse_likely"), "{now:?}");
    assert_eq!(
        app.notify().await.relapse_notices.claimed,
        0,
        "no episode yet"
    );

    // A second total of 10 or more 15 days later: a likely relapse, which replaces the
    // possible one and names both.
    let second_high = phq9(&app, &client, "2026-05-25T09:00:00Z", 12).await;
    let now = items(&app, &t, &client).await;
    assert!(codes(&now).contains(&"relapse_likely"), "{now:?}");
    assert!(!codes(&now).contains(&"possible_relapse"), "{now:?}");
    let text = &now
        .iter()
        .find(|(c, _)| c == "relapse_likely")
        .expect("the item")
        .1;
    assert_eq!(
        text,
        "relapse likely (PHQ-9 11 on 2026-05-10 and 12 on 2026-05-25): record a relapse review"
    );

    // One e-mail to the therapist, with nothing clinical in it; a third high total sends none.
    let report = app.notify().await;
    assert_eq!(report.relapse_notices.sent, 1, "{report:?}");
    phq9(&app, &client, "2026-06-01T09:00:00Z", 13).await;
    assert_eq!(app.notify().await.relapse_notices.claimed, 0);
    let mails = smtp.wait_for(1, WAIT).await;
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.to, std::slice::from_ref(&therapist.email));
    assert!(
        mail.body_text
            .contains(&format!("https://ipt.clinic.example/clients/{}", client.id)),
        "{}",
        mail.body_text
    );
    for clinical in ["Sam", "PHQ", "11 on", "score 1"] {
        assert!(
            !mail.subject.contains(clinical) && !mail.body_text.contains(clinical),
            "the e-mail says {clinical:?}: {} / {}",
            mail.subject,
            mail.body_text
        );
    }
    let watched = watch(&app, &t, &client).await;
    let episodes = watched["episodes"].as_array().expect("episodes");
    assert_eq!(episodes.len(), 1, "{watched}");
    let episode = &episodes[0];
    assert_eq!(episode["first_checkin_id"], first_high["id"]);
    assert_eq!(episode["second_checkin_id"], second_high["id"]);
    assert!(episode["review_id"].is_null());
    assert!(episode["notified_at"].is_string(), "{episode}");

    // The client neither reads nor writes reviews.
    let path = format!("/api/v1/clients/{}/relapse-reviews", client.id);
    let review = json!({"action": "booster_session", "note": "Two booster sessions."});
    assert_problem(
        app.post(&path, Some(&client.access_token), &review).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_problem(
        app.get(&path, Some(&client.access_token)).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_problem(
        app.post(&path, Some(&t), &json!({"action": "tea"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;

    // The review ends the episode; the likely relapse leaves the dashboard (the newest 13 is
    // still a possible one).
    let res = app.post(&path, Some(&t), &review).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let recorded = body(res).await;
    assert_eq!(recorded["episode_id"], episode["id"]);
    assert_eq!(recorded["action"], "booster_session");
    assert_eq!(recorded["recorded_by"], therapist.id.to_string());
    let now = items(&app, &t, &client).await;
    assert!(!codes(&now).contains(&"relapse_likely"), "{now:?}");
    assert!(codes(&now).contains(&"possible_relapse"), "{now:?}");
    let watched = watch(&app, &t, &client).await;
    assert_eq!(watched["episodes"][0]["review_id"], recorded["id"]);
    assert_eq!(watched["reviews"].as_array().map(Vec::len), Some(1));

    // A later likely relapse, from totals after the review, is a new episode and a new e-mail.
    app.clock.set(at("2026-07-05T12:00:00Z"));
    let client = app.refreshed(&client).await;
    let t = app.fresh_token(&therapist).await;
    phq9(&app, &client, "2026-06-16T09:00:00Z", 10).await;
    let now = items(&app, &t, &client).await;
    assert!(!codes(&now).contains(&"relapse_likely"), "{now:?}");
    phq9(&app, &client, "2026-07-01T09:00:00Z", 14).await;
    let now = items(&app, &t, &client).await;
    assert!(codes(&now).contains(&"relapse_likely"), "{now:?}");
    assert_eq!(app.notify().await.relapse_notices.sent, 1);
    assert_eq!(smtp.wait_for(2, WAIT).await.len(), 2);
    let watched = watch(&app, &t, &client).await;
    assert_eq!(
        watched["episodes"].as_array().map(Vec::len),
        Some(2),
        "{watched}"
    );
    assert!(watched["episodes"][1]["review_id"].is_null());

    // The export carries both (the therapist's record; the phone's feed does not).
    let res = app
        .get(&format!("/api/v1/clients/{}/export", client.id), Some(&t))
        .await;
    let export = body(res).await;
    assert_eq!(
        export["relapse_watch"]["episodes"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(
        export["relapse_watch"]["reviews"].as_array().map(Vec::len),
        Some(1)
    );
}

#[tokio::test]
async fn during_a_maintenance_course_and_before_the_end_the_watch_follows_the_acute_course() {
    let (app, _smtp) = app_with_mail("2026-03-18T12:00:00Z").await;
    let therapist = app.therapist().await;
    let t = therapist.access_token.clone();
    // Still in the acute course (it ends on 23 March): high totals are the course's, not a
    // relapse.
    let client = app.client_in(&therapist, "UTC", "2026-01-05").await;
    phq9(&app, &client, "2026-01-05T09:00:00Z", 16).await;
    phq9(&app, &client, "2026-02-20T09:00:00Z", 15).await;
    phq9(&app, &client, "2026-03-10T09:00:00Z", 14).await;
    let now = items(&app, &t, &client).await;
    assert!(
        !codes(&now).iter().any(|c| c.contains("relapse")),
        "{now:?}"
    );
    assert_eq!(app.notify().await.relapse_notices.claimed, 0);
}

#[tokio::test]
async fn eight_identical_high_check_ins_at_once_open_one_episode() {
    let (app, smtp) = app_with_mail("2026-06-15T12:00:00Z").await;
    let therapist = app.therapist().await;
    let client = app.client_in(&therapist, "UTC", "2026-01-05").await;
    phq9(&app, &client, "2026-03-20T09:00:00Z", 4).await;
    phq9(&app, &client, "2026-05-01T09:00:00Z", 12).await;
    // Eight different check-ins 14 or more days later, at once.
    let writes = (0..8).map(|i| {
        let app = &app;
        let client = &client;
        async move { phq9(app, client, &format!("2026-05-{:02}T09:00:00Z", 15 + i), 11).await }
    });
    futures_util::future::join_all(writes).await;
    let watched = watch(&app, &therapist.access_token, &client).await;
    assert_eq!(
        watched["episodes"].as_array().map(Vec::len),
        Some(1),
        "{watched}"
    );
    assert_eq!(app.notify().await.relapse_notices.sent, 1);
    assert_eq!(smtp.wait_for(1, WAIT).await.len(), 1);
}

#[tokio::test]
async fn a_course_that_does_not_parse_never_refuses_a_check_in_with_a_safety_signal() {
    use sea_orm::{ConnectionTrait, Statement};
    let (app, _smtp) = app_with_mail("2026-06-15T12:00:00Z").await;
    let therapist = app.therapist().await;
    let client = app.client_in(&therapist, "UTC", "2026-01-05").await;
    // 3 planned sessions: the column allows it (a maintenance course may), an acute course
    // does not, as a damaged row would be.
    let backend = app.db.get_database_backend();
    let placeholder = if backend == sea_orm::DbBackend::Postgres {
        "$1"
    } else {
        "?"
    };
    app.db
        .execute_raw(Statement::from_sql_and_values(
            backend,
            format!("UPDATE courses SET planned_sessions = 3 WHERE client_id = {placeholder}"),
            [client.id.into()],
        ))
        .await
        .expect("the course is damaged");
    // PHQ-9 of 14 with item 9 answered 2: the relapse watch runs, and the signal must land.
    let res = app
        .checkin(
            &client,
            &json!({"recorded_at": "2026-06-15T09:00:00Z", "mood": 2, "phq9": [2, 2, 2, 2, 2, 1, 1, 0, 2]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(
        app.alerts(&therapist, "open").await.len(),
        1,
        "the alert is open"
    );
}
