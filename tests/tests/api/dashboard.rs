use ipt_tests::{Client, TestApp, assert_problem, at, body, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn checkin(app: &TestApp, client: &Client, when: &str, mood: i64, phq9: Option<[i64; 9]>) {
    let mut payload = json!({"recorded_at": when, "mood": mood});
    if let Some(answers) = phq9 {
        payload["phq9"] = json!(answers);
    }
    assert_eq!(
        app.checkin(client, &payload).await.status(),
        StatusCode::CREATED
    );
}

fn row<'a>(dashboard: &'a Value, client: &Client) -> &'a Value {
    dashboard["clients"]
        .as_array()
        .and_then(|rows| {
            rows.iter()
                .find(|r| r["client_id"] == client.id.to_string())
        })
        .expect("the client's row")
}

#[tokio::test]
async fn the_dashboard_puts_who_needs_attention_first_and_says_why() {
    let app = spawn_app().await;
    app.clock.set(at("2026-03-16T12:00:00Z"));
    let therapist = app.therapist().await;
    let other = app.therapist().await;

    let well = app
        .client_in(&therapist, "Europe/Berlin", "2026-03-02")
        .await;
    let quiet = app
        .client_in(&therapist, "Europe/Berlin", "2026-03-02")
        .await;
    let worse = app
        .client_in(&therapist, "Europe/Berlin", "2026-03-02")
        .await;
    let alert = app
        .client_in(&therapist, "Europe/Berlin", "2026-03-02")
        .await;
    let foreign = app.client_in(&other, "Europe/Berlin", "2026-03-02").await;

    for day in 10..=16 {
        checkin(&app, &well, &format!("2026-03-{day}T09:00:00Z"), 6, None).await;
    }
    for _ in 0..2 {
        let res = app
            .post(
                &format!("/api/v1/clients/{}/exercise-logs", well.id),
                Some(&well.access_token),
                &json!({"exercise_key": "i_statements", "practiced_at": "2026-03-15T18:00:00Z"}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    // Its two sessions so far confirmed: a session nobody marks is a reason of its own.
    for number in [1, 2] {
        let res = app
            .put(
                &format!("/api/v1/clients/{}/sessions/{number}", well.id),
                Some(&therapist.access_token),
                &json!({"status": "held"}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    checkin(&app, &quiet, "2026-03-10T09:00:00Z", 5, None).await;
    checkin(
        &app,
        &worse,
        "2026-03-03T09:00:00Z",
        6,
        Some([1, 1, 1, 1, 2, 2, 1, 1, 0]),
    )
    .await; // 10
    checkin(
        &app,
        &worse,
        "2026-03-15T09:00:00Z",
        3,
        Some([2, 2, 2, 2, 2, 2, 2, 2, 0]),
    )
    .await; // 16
    checkin(
        &app,
        &alert,
        "2026-03-16T08:00:00Z",
        2,
        Some([1, 1, 1, 1, 1, 1, 1, 1, 1]),
    )
    .await;
    checkin(
        &app,
        &foreign,
        "2026-03-16T08:00:00Z",
        2,
        Some([1, 1, 1, 1, 1, 1, 1, 1, 1]),
    )
    .await;

    let res = app
        .get("/api/v1/dashboard", Some(&therapist.access_token))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let dashboard = body(res).await;
    assert_eq!(dashboard["generated_at"], "2026-03-16T12:00:00Z");
    let order: Vec<String> = dashboard["clients"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["client_id"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        order,
        [alert.id, worse.id, quiet.id, well.id].map(|id| id.to_string()),
        "need first, foreign never"
    );

    let a = row(&dashboard, &alert);
    assert_eq!(a["risk_flag"], true);
    assert_eq!(a["attention"]["level"], "urgent");
    assert_eq!(a["attention"]["reasons"][0], "open safety alert");

    let w = row(&dashboard, &worse);
    assert_eq!(
        without_index(&w["phq9"]),
        json!({"baseline": 10, "latest": 16, "change_pct": 60.0, "response": false, "remission": false,
               "response_6m": null, "remission_6m": null, "remission_12m": null,
               "reliable_improvement": false, "reliable_deterioration": true})
    );
    assert_eq!(w["attention"]["level"], "high");
    assert_eq!(
        w["attention"]["reasons"][0],
        "clinically meaningful worsening (≥ 5 points): PHQ-9 up 6 points since baseline"
    );
    // The same reason as a program reads it: a code beside the sentence.
    assert_eq!(
        w["attention"]["items"][0],
        json!({"code": "worsening",
               "text": "clinically meaningful worsening (≥ 5 points): PHQ-9 up 6 points since baseline"})
    );

    let q = row(&dashboard, &quiet);
    assert!(
        q["attention"]["reasons"]
            .as_array()
            .expect("reasons")
            .contains(&json!("no check-in for 6 days")),
        "{q}"
    );
    assert_eq!(q["checkin_days_7d"], 1);

    let g = row(&dashboard, &well);
    assert_eq!(g["attention"]["level"], "none", "{g}");
    assert_eq!(g["checkin_days_7d"], 7);
    assert_eq!(g["checkin_days_28d"], 7);
    assert_eq!(g["exercise_logs_7d"], 2);
    assert_eq!(g["latest_mood"], 6);
    // Seven days of check-ins within one week are not yet a trend (7 days over 14 are).
    assert_eq!(g["mood_trend_28d"], Value::Null);
    assert_eq!(g["mood_28d"].as_array().map(Vec::len), Some(7));
    assert_eq!(g["phase"], "initial");
    assert_eq!(g["weeks_remaining"], 9);
    assert_eq!(g["phq9"], Value::Null);
    assert_eq!(
        g["homework"],
        json!({"assigned": 0, "completed": 0, "on_time": 0, "due": 0, "completion_rate": null})
    );
    assert_eq!(g["last_active_at"], "2026-03-16T09:00:00Z");

    // The alert is the first thing until acknowledged.
    let alerts = body(
        app.get("/api/v1/alerts", Some(&therapist.access_token))
            .await,
    )
    .await;
    let alert_id = alerts["items"][0]["id"]
        .as_str()
        .expect("an alert")
        .to_owned();
    app.post(
        &format!("/api/v1/alerts/{alert_id}/acknowledge"),
        Some(&therapist.access_token),
        &json!({"action": "contacted_client"}),
    )
    .await;
    let after = body(
        app.get("/api/v1/dashboard", Some(&therapist.access_token))
            .await,
    )
    .await;
    assert_eq!(row(&after, &alert)["risk_flag"], false);
    assert_eq!(after["clients"][0]["client_id"], worse.id.to_string());
}

#[tokio::test]
async fn the_dashboard_filters_by_phase_and_problem_area_and_is_for_therapists_only() {
    let app = spawn_app().await;
    app.clock.set(at("2026-03-16T12:00:00Z"));
    let therapist = app.therapist().await;
    let early = app.client_in(&therapist, "UTC", "2026-03-09").await;
    let _late = app.client_in(&therapist, "UTC", "2025-09-01").await;
    let res = app
        .put(&format!("/api/v1/clients/{}/treatment", early.id), Some(&therapist.access_token),
            &json!({"start_date": "2026-03-09", "planned_sessions": 12, "problem_areas": ["grief"]}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    let ended = body(
        app.get(
            "/api/v1/dashboard?phase=ended",
            Some(&therapist.access_token),
        )
        .await,
    )
    .await;
    assert_eq!(ended["clients"].as_array().map(Vec::len), Some(1));
    let grief = body(
        app.get(
            "/api/v1/dashboard?problem_area=grief",
            Some(&therapist.access_token),
        )
        .await,
    )
    .await;
    assert_eq!(grief["clients"].as_array().map(Vec::len), Some(1));
    assert_eq!(grief["clients"][0]["client_id"], early.id.to_string());
    assert_problem(
        app.get(
            "/api/v1/dashboard?phase=halfway",
            Some(&therapist.access_token),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_problem(
        app.get("/api/v1/dashboard", Some(&early.access_token))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_problem(
        app.get("/api/v1/dashboard", None).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
}

#[tokio::test]
async fn the_client_summary_feeds_the_client_page_and_is_private() {
    let app = spawn_app().await;
    app.clock.set(at("2026-03-16T12:00:00Z"));
    let therapist = app.therapist().await;
    let stranger = app.therapist().await;
    let client = app.client_in(&therapist, "UTC", "2026-03-02").await;
    checkin(
        &app,
        &client,
        "2026-03-03T09:00:00Z",
        4,
        Some([2, 2, 2, 2, 2, 1, 1, 1, 0]),
    )
    .await;
    checkin(
        &app,
        &client,
        "2026-03-14T09:00:00Z",
        6,
        Some([1, 1, 1, 1, 0, 0, 0, 0, 0]),
    )
    .await;
    let path = format!("/api/v1/clients/{}/summary", client.id);
    let summary = body(app.get(&path, Some(&therapist.access_token)).await).await;
    assert_eq!(summary["session_dates"].as_array().map(Vec::len), Some(12));
    assert_eq!(summary["session_dates"][1], "2026-03-09");
    assert_eq!(summary["mood_daily"].as_array().map(Vec::len), Some(2));
    assert_eq!(summary["phq9_series"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        summary["row"]["phq9"]["response"], true,
        "13 → 4: a response, and a remission"
    );
    assert_eq!(summary["row"]["phq9"]["remission"], true);
    assert_problem(
        app.get(&path, Some(&stranger.access_token)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_problem(
        app.get(&path, Some(&client.access_token)).await,
        StatusCode::FORBIDDEN,
    )
    .await;
}

#[tokio::test]
async fn homework_counts_only_what_is_due_ignores_cancelled_and_judges_on_time() {
    let app = spawn_app().await;
    // Assigned on 1 March (a due date is never before the day it is set), judged on 10 March.
    app.clock.set(at("2026-03-01T08:00:00Z"));
    let mut therapist = app.therapist().await;
    let client = app
        .client_in(&therapist, "Europe/Berlin", "2026-03-02")
        .await;
    let base = format!("/api/v1/clients/{}/homework", client.id);
    let assign = |due: &'static str| {
        let (app, base, token) = (&app, &base, &therapist.access_token);
        async move {
            let res = app
                .post(
                    base,
                    Some(token),
                    &json!({"title": "Practise", "due_at": due}),
                )
                .await;
            assert_eq!(res.status(), StatusCode::CREATED);
            body(res).await["id"].as_str().expect("an id").to_owned()
        }
    };
    let on_time = assign("2026-03-05T12:00:00Z").await;
    let late = assign("2026-03-06T12:00:00Z").await;
    let _open_and_due = assign("2026-03-08T12:00:00Z").await;
    let _not_yet_due = assign("2026-03-20T12:00:00Z").await;
    let cancelled = assign("2026-03-01T12:00:00Z").await;
    app.clock.set(at("2026-03-10T12:00:00Z"));
    let client = app.refreshed(&client).await;
    therapist.access_token = app.fresh_token(&therapist).await;
    for (id, done) in [
        (&on_time, "2026-03-04T12:00:00Z"),
        (&late, "2026-03-07T12:00:00Z"),
    ] {
        let res = app
            .post(
                &format!("{base}/{id}/completion"),
                Some(&client.access_token),
                &json!({"completed_at": done}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    let res = app
        .post(
            &format!("{base}/{cancelled}/cancel"),
            Some(&therapist.access_token),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    let expected =
        json!({"assigned": 4, "completed": 2, "on_time": 1, "due": 3, "completion_rate": 0.67});
    let dashboard = body(
        app.get("/api/v1/dashboard", Some(&therapist.access_token))
            .await,
    )
    .await;
    assert_eq!(row(&dashboard, &client)["homework"], expected);
    let summary = body(
        app.get(
            &format!("/api/v1/clients/{}/summary", client.id),
            Some(&therapist.access_token),
        )
        .await,
    )
    .await;
    assert_eq!(summary["row"]["homework"], expected);
}

#[tokio::test]
async fn the_phq9_baseline_is_the_first_on_or_after_the_local_start_date() {
    let app = spawn_app().await;
    app.clock.set(at("2026-03-20T12:00:00Z"));
    let therapist = app.therapist().await;
    // Treatment starts on 2 March in Kathmandu (UTC+05:45): local midnight is 18:15 UTC on 1 March.
    let client = app
        .client_in(&therapist, "Asia/Kathmandu", "2026-03-02")
        .await;
    let item = |total: i64| {
        let mut answers = [0; 9];
        answers[0] = total.min(3);
        answers[1] = (total - 3).clamp(0, 3);
        answers[2] = (total - 6).clamp(0, 3);
        answers[3] = (total - 9).clamp(0, 3);
        answers
    };
    // 18:10 UTC is still 1 March locally: before treatment, not the baseline.
    checkin(&app, &client, "2026-03-01T18:10:00Z", 5, Some(item(3))).await;
    // 18:20 UTC is 2 March locally: the baseline, although its UTC date is 1 March.
    checkin(&app, &client, "2026-03-01T18:20:00Z", 5, Some(item(12))).await;
    checkin(&app, &client, "2026-03-09T08:00:00Z", 5, Some(item(9))).await;
    checkin(&app, &client, "2026-03-16T08:00:00Z", 6, Some(item(6))).await;

    let dashboard = body(
        app.get("/api/v1/dashboard", Some(&therapist.access_token))
            .await,
    )
    .await;
    let phq9 = &row(&dashboard, &client)["phq9"];
    assert_eq!(
        without_index(phq9),
        json!({"baseline": 12, "latest": 6, "change_pct": -50.0, "response": true, "remission": false,
               "response_6m": null, "remission_6m": null, "remission_12m": null,
               "reliable_improvement": true, "reliable_deterioration": false})
    );
    // The index names the check-in it is, where it came from, and that it was on time.
    let index = &phq9["index"];
    assert_eq!(index["at"], "2026-03-01T18:20:00Z");
    assert!(
        ["session_1", "intake_window", "first_after_start"]
            .contains(&index["source"].as_str().unwrap_or_default()),
        "{index}"
    );
    assert_eq!(index["late"], false);
    let checkins = body(
        app.get(
            &format!("/api/v1/clients/{}/checkins", client.id),
            Some(&therapist.access_token),
        )
        .await,
    )
    .await;
    let indexed = checkins["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|c| c["id"] == index["checkin_id"])
        .cloned()
        .expect("the index is one of the client's check-ins");
    assert_eq!(indexed["phq9_total"], 12);
}

#[tokio::test]
async fn an_index_taken_weeks_after_the_start_is_flagged_late() {
    let app = spawn_app().await;
    app.clock.set(at("2026-04-10T12:00:00Z"));
    let therapist = app.therapist().await;
    let client = app.client_in(&therapist, "UTC", "2026-03-02").await;
    // The first PHQ-9 comes 24 days after the start.
    checkin(
        &app,
        &client,
        "2026-03-26T09:00:00Z",
        4,
        Some([2, 2, 2, 1, 1, 1, 1, 1, 0]),
    )
    .await;
    let dashboard = body(
        app.get("/api/v1/dashboard", Some(&therapist.access_token))
            .await,
    )
    .await;
    let index = &row(&dashboard, &client)["phq9"]["index"];
    assert_eq!(
        (&index["source"], &index["late"], &index["at"]),
        (
            &json!("first_after_start"),
            &json!(true),
            &json!("2026-03-26T09:00:00Z")
        )
    );
    let browser = ipt_tests::web::signed_in(&app, &therapist).await;
    let page = browser
        .get(format!("{}/dashboard", app.address))
        .send()
        .await
        .expect("answered")
        .text()
        .await
        .expect("a page");
    assert!(
        page.contains("index measure taken more than 14 days after the start"),
        "the page says so"
    );
}

/// A row's `phq9` without its `index`, whose check-in id the test does not know in advance.
fn without_index(phq9: &Value) -> Value {
    let mut rest = phq9.clone();
    if let Some(fields) = rest.as_object_mut() {
        assert!(
            fields.remove("index").is_some(),
            "phq9 names its index: {phq9}"
        );
    }
    rest
}

#[tokio::test]
async fn remission_at_six_months_is_judged_in_its_window_over_http() {
    let app = spawn_app().await;
    app.clock.set(at("2026-09-01T12:00:00Z"));
    let therapist = app.therapist().await;
    let client = app.client_in(&therapist, "UTC", "2026-03-02").await;
    // Index 16 on 2 March; the 6-month window (2 September ± 60 days) opened on 4 July.
    checkin(
        &app,
        &client,
        "2026-03-02T12:00:00Z",
        3,
        Some([2, 2, 2, 2, 2, 2, 2, 2, 0]),
    )
    .await;
    checkin(
        &app,
        &client,
        "2026-09-01T09:00:00Z",
        7,
        Some([1, 1, 1, 0, 0, 0, 0, 0, 0]),
    )
    .await;
    let dashboard = body(
        app.get("/api/v1/dashboard", Some(&therapist.access_token))
            .await,
    )
    .await;
    let phq9 = &row(&dashboard, &client)["phq9"];
    assert_eq!(
        phq9["remission_6m"],
        json!({"met": true, "final": false, "total": 3, "recorded_at": "2026-09-01T09:00:00Z"})
    );
    assert_eq!(phq9["response_6m"]["met"], true);
    assert_eq!(
        phq9["remission_12m"],
        Value::Null,
        "the 12-month window opens in January"
    );
    assert_eq!(phq9["reliable_improvement"], true);
}
