//! The session log: a course nobody logs keeps the calendar; a cancellation extends the course
//! and moves the countdown; a moved session takes its reminder along (docs/treatment.md).

use ipt_tests::{Client, TestApp, Therapist, assert_problem, at, body, scheduled, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn sessions(app: &TestApp, token: &str, client: &Client) -> Vec<Value> {
    let res = app
        .get(
            &format!("/api/v1/clients/{}/sessions", client.id),
            Some(token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    body(res).await["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

async fn treatment(app: &TestApp, therapist: &Therapist, client: &Client) -> Value {
    let res = app
        .get(
            &format!("/api/v1/clients/{}", client.id),
            Some(&therapist.access_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    body(res).await["treatment"].clone()
}

async fn mark(
    app: &TestApp,
    therapist: &Therapist,
    client: &Client,
    number: u16,
    change: Value,
) -> Value {
    let res = app
        .put(
            &format!("/api/v1/clients/{}/sessions/{number}", client.id),
            Some(&therapist.access_token),
            &change,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    body(res).await
}

#[tokio::test]
async fn a_course_nobody_logs_is_weekly_and_presumed_held_as_each_session_passes() {
    let app = spawn_app().await;
    app.clock.set(at("2026-06-17T12:00:00Z"));
    let therapist = app.therapist().await;
    let client = app.client_in(&therapist, "UTC", "2026-06-03").await;

    let list = sessions(&app, &client.access_token, &client).await;
    assert_eq!(list.len(), 12);
    assert_eq!(list[0]["number"], 1);
    assert_eq!(list[0]["scheduled_for"], "2026-06-03T10:00:00Z");
    assert_eq!(list[2]["scheduled_for"], "2026-06-17T10:00:00Z");
    assert_eq!(list[2]["status"], "held");
    assert_eq!(list[2]["confirmed"], false);
    assert_eq!(list[2]["held_at"], "2026-06-17T10:00:00Z");
    assert_eq!(list[3]["status"], "planned");
    assert_eq!(list[3]["held_at"], Value::Null);
    assert_eq!(list[0]["phase"], "initial");
    assert_eq!(list[5]["phase"], "middle");
    assert_eq!(list[11]["phase"], "termination");
    assert_eq!(list[11]["scheduled_for"], "2026-08-19T10:00:00Z");

    let t = treatment(&app, &therapist, &client).await;
    // The v1 answer is unchanged: twelve weeks from 3 June, session 3, initial.
    assert_eq!(t["end_date"], "2026-08-19");
    assert_eq!(t["phase"], "initial");
    assert_eq!(t["weeks_remaining"], 9);
    assert_eq!(t["sessions_held"], 3);
    assert_eq!(t["sessions_remaining"], 9);
    assert_eq!(t["next_session_at"], "2026-06-24T10:00:00Z");
}

#[tokio::test]
async fn a_cancelled_session_extends_the_course_and_moves_the_countdown() {
    let app = spawn_app().await;
    app.clock.set(at("2026-07-20T06:00:00Z"));
    let therapist = app.therapist().await;
    let client = app.client_in(&therapist, "UTC", "2026-06-03").await;
    // Countdown days: 22 July (4 sessions left after it), 29 July (3), …; the horizon is 14 days.
    let before = scheduled(
        &app.notifications(&therapist, &client).await,
        "treatment_countdown",
    );
    assert_eq!(before, ["2026-07-22T09:00:00Z", "2026-07-29T09:00:00Z"]);

    let cancelled = mark(&app, &therapist, &client, 2, json!({"status": "cancelled"})).await;
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(cancelled["confirmed"], true);
    assert_eq!(cancelled["held_at"], Value::Null);

    let list = sessions(&app, &therapist.access_token, &client).await;
    assert_eq!(list.len(), 13, "one session is added at the end");
    assert_eq!(list[12]["scheduled_for"], "2026-08-26T10:00:00Z");
    let t = treatment(&app, &therapist, &client).await;
    assert_eq!(t["end_date"], "2026-08-26");
    assert_eq!(
        t["sessions_held"], 6,
        "sessions 1 and 3–7 were held by 20 July"
    );
    assert_eq!(t["sessions_remaining"], 6);
    let after = scheduled(
        &app.notifications(&therapist, &client).await,
        "treatment_countdown",
    );
    assert_eq!(
        after,
        ["2026-07-29T09:00:00Z"],
        "every countdown day moved a week"
    );

    // Marking it held after all gives the week back.
    mark(&app, &therapist, &client, 2, json!({"status": "held"})).await;
    let t = treatment(&app, &therapist, &client).await;
    assert_eq!(t["end_date"], "2026-08-19");
    assert_eq!(
        scheduled(
            &app.notifications(&therapist, &client).await,
            "treatment_countdown"
        ),
        before
    );
}

#[tokio::test]
async fn moving_a_session_moves_its_reminder_and_only_that_one() {
    let app = spawn_app().await;
    app.clock.set(at("2026-06-01T06:00:00Z"));
    let therapist = app.therapist().await;
    let client = app
        .client_in(&therapist, "Europe/Berlin", "2026-06-03")
        .await;
    let before = scheduled(
        &app.notifications(&therapist, &client).await,
        "session_reminder",
    );
    // The day before the sessions of 3 and 10 June, at 10:00 Berlin (08:00 UTC).
    assert_eq!(before, ["2026-06-02T08:00:00Z", "2026-06-09T08:00:00Z"]);

    let moved = mark(
        &app,
        &therapist,
        &client,
        2,
        json!({"status": "planned", "scheduled_for": "2026-06-11T17:30:00+02:00"}),
    )
    .await;
    assert_eq!(moved["scheduled_for"], "2026-06-11T15:30:00Z");
    assert_eq!(moved["status"], "planned");
    assert_eq!(moved["confirmed"], true);
    let after = scheduled(
        &app.notifications(&therapist, &client).await,
        "session_reminder",
    );
    assert_eq!(after, ["2026-06-02T08:00:00Z", "2026-06-10T15:30:00Z"]);
    let list = sessions(&app, &client.access_token, &client).await;
    assert_eq!(
        list[2]["scheduled_for"], "2026-06-17T08:00:00Z",
        "the others keep their weeks"
    );
}

#[tokio::test]
async fn a_session_held_at_another_time_keeps_that_time() {
    let app = spawn_app().await;
    app.clock.set(at("2026-06-04T12:00:00Z"));
    let therapist = app.therapist().await;
    let client = app.client_in(&therapist, "UTC", "2026-06-03").await;
    let held = mark(
        &app,
        &therapist,
        &client,
        1,
        json!({"status": "held", "held_at": "2026-06-03T11:15:00Z"}),
    )
    .await;
    assert_eq!(held["confirmed"], true);
    assert_eq!(held["held_at"], "2026-06-03T11:15:00Z");
    assert_eq!(held["scheduled_for"], "2026-06-03T10:00:00Z");
}

#[tokio::test]
async fn only_the_therapist_marks_and_only_sessions_the_course_has() {
    let app = spawn_app().await;
    app.clock.set(at("2026-06-04T12:00:00Z"));
    let therapist = app.therapist().await;
    let client = app.client_in(&therapist, "UTC", "2026-06-03").await;
    let path = |n: u32| format!("/api/v1/clients/{}/sessions/{n}", client.id);
    let cancel = json!({"status": "cancelled"});
    assert_problem(
        app.put(&path(2), Some(&client.access_token), &cancel).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    for n in [0, 13, 400] {
        assert_problem(
            app.put(&path(n), Some(&therapist.access_token), &cancel)
                .await,
            StatusCode::NOT_FOUND,
        )
        .await;
    }
    let problem = assert_problem(
        app.put(
            &path(2),
            Some(&therapist.access_token),
            &json!({"status": "cancelled", "held_at": "2026-06-10T10:00:00Z"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(problem["errors"]["held_at"].is_array(), "{problem}");
    assert_problem(
        app.put(
            &path(2),
            Some(&therapist.access_token),
            &json!({"status": "maybe"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    // Nothing above was stored.
    assert_eq!(
        sessions(&app, &therapist.access_token, &client).await.len(),
        12
    );
}

#[tokio::test]
async fn a_session_is_held_only_once_its_time_has_come() {
    let app = spawn_app().await;
    // Session 1 of a course starting today is at 10:00 UTC (the client's session time).
    app.clock.set(at("2026-06-03T08:59:59Z"));
    let therapist = app.therapist().await;
    let client = app.client_in(&therapist, "UTC", "2026-06-03").await;
    let put = |number: u16, change: Value| {
        let path = format!("/api/v1/clients/{}/sessions/{number}", client.id);
        let token = therapist.access_token.clone();
        let app = &app;
        async move { app.put(&path, Some(&token), &change).await }
    };
    // More than an hour before its start: it has not happened.
    let problem = assert_problem(
        put(1, json!({"status": "held"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(problem["errors"]["status"].is_array(), "{problem}");
    let next_week = assert_problem(
        put(2, json!({"status": "held"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(next_week["errors"]["status"].is_array(), "{next_week}");
    // Nothing was written: the log still plans both.
    let list = sessions(&app, &therapist.access_token, &client).await;
    assert_eq!(
        (&list[0]["status"], &list[1]["status"]),
        (&json!("planned"), &json!("planned"))
    );
    // An hour before, it may start early; a session moved into the past by the same mark may
    // be held too; cancelling a future session stays allowed.
    app.clock.set(at("2026-06-03T09:00:00Z"));
    assert_eq!(
        put(1, json!({"status": "held"})).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        put(
            2,
            json!({"status": "held", "scheduled_for": "2026-06-03T08:00:00Z"})
        )
        .await
        .status(),
        StatusCode::OK
    );
    assert_eq!(
        put(3, json!({"status": "cancelled"})).await.status(),
        StatusCode::OK
    );
}
