//! Courses: ending the acute course, a maintenance course with its own session log and
//! reminders, a second course keeping the first's history, relapse in maintenance, the
//! questionnaire before each session, and the therapist's choice of baseline.

use ipt_tests::{Client, TestApp, Therapist, assert_problem, at, body, scheduled, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn get(app: &TestApp, token: &str, path: &str) -> Value {
    let res = app.get(path, Some(token)).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    body(res).await
}

async fn treatment(app: &TestApp, token: &str, client: &Client) -> Value {
    get(app, token, &format!("/api/v1/clients/{}", client.id)).await["treatment"].clone()
}

async fn reasons(app: &TestApp, therapist: &Therapist, client: &Client) -> Vec<String> {
    let dashboard = get(app, &therapist.access_token, "/api/v1/dashboard").await;
    let row = dashboard["clients"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["client_id"] == client.id.to_string())
        .cloned()
        .expect("the client's row");
    row["attention"]["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .filter_map(|r| r.as_str().map(str::to_owned))
        .collect()
}

/// A check-in whose PHQ-9 adds up to `total` ([`TestApp::phq9_checkin`]).
async fn phq9(app: &TestApp, client: &Client, recorded_at: &str, total: u8) -> Value {
    app.phq9_checkin(client, recorded_at, total).await
}

#[tokio::test]
async fn a_maintenance_course_follows_the_acute_one_and_the_first_keeps_its_history() {
    let app = spawn_app().await;
    app.clock.set(at("2026-01-20T12:00:00Z"));
    let therapist = app.therapist().await;
    let client = app.client_in(&therapist, "UTC", "2026-01-05").await;
    let base = format!("/api/v1/clients/{}", client.id);
    let t = &therapist.access_token;

    // Session 3 of the acute course was cancelled: it has 13 slots.
    let res = app
        .put(
            &format!("{base}/sessions/3"),
            Some(t),
            &json!({"status": "cancelled"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let maintenance =
        json!({"kind": "maintenance", "start_date": "2026-04-20", "planned_sessions": 3});
    let refused = assert_problem(
        app.post(&format!("{base}/courses"), Some(t), &maintenance)
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        refused["detail"]
            .as_str()
            .is_some_and(|d| d.contains("not ended")),
        "{refused}"
    );

    // After the acute course's last day (30 March, a week late), maintenance may start.
    app.clock.set(at("2026-04-10T12:00:00Z"));
    let t = &app.fresh_token(&therapist).await;
    let res = app
        .post(&format!("{base}/courses"), Some(t), &maintenance)
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let course = body(res).await;
    assert_eq!(course["kind"], "maintenance");
    assert_eq!(course["number"], 2);
    assert_eq!(course["interval_weeks"], 4, "monthly unless told otherwise");
    assert_eq!(course["end_date"], "2026-06-15");
    assert_eq!(course["current"], true);

    let current = treatment(&app, t, &client).await;
    assert_eq!(current["course_kind"], "maintenance");
    assert_eq!(current["course_id"], course["id"]);
    assert_eq!(current["phase"], "ended", "the acute treatment has ended");
    assert_eq!(current["start_date"], "2026-04-20");
    assert_eq!(current["next_session_at"], "2026-04-20T10:00:00Z");

    let sessions = get(&app, t, &format!("{base}/sessions")).await;
    let dates: Vec<&str> = sessions["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|s| s["scheduled_for"].as_str())
        .collect();
    assert_eq!(
        dates,
        [
            "2026-04-20T10:00:00Z",
            "2026-05-18T10:00:00Z",
            "2026-06-15T10:00:00Z"
        ]
    );

    // The reminders follow the maintenance course: the day before its first session, a
    // session reminder and the questionnaire; no countdown. (What the acute course planned
    // for January stays in the list as history.)
    let notifications: Vec<Value> = app
        .notifications(&therapist, &client)
        .await
        .into_iter()
        .filter(|n| n["scheduled_for"].as_str() > Some("2026-04-10"))
        .collect();
    assert_eq!(
        scheduled(&notifications, "session_reminder"),
        ["2026-04-19T10:00:00Z"]
    );
    assert_eq!(
        scheduled(&notifications, "questionnaire_due"),
        ["2026-04-19T18:00:00Z"]
    );
    assert!(scheduled(&notifications, "treatment_countdown").is_empty());

    // Both courses are listed; the first keeps its log.
    let courses = get(&app, t, &format!("{base}/courses")).await;
    let items = courses["items"].as_array().expect("items");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["id"], client.id.to_string());
    assert_eq!(items[0]["kind"], "acute");
    assert_eq!(items[0]["over"], true);
    assert_eq!(items[0]["current"], false);
    assert_eq!(items[0]["end_date"], "2026-03-30");
    assert_eq!(items[0]["sessions_held"], 12);
    let first = get(&app, t, &format!("{base}/sessions?course_id={}", client.id)).await;
    let first = first["items"].as_array().expect("items");
    assert_eq!(first.len(), 13);
    assert_eq!(first[2]["status"], "cancelled");
    // Marking the new course's session 1 does not touch the old course's session 1.
    let res = app
        .put(
            &format!("{base}/sessions/1"),
            Some(t),
            &json!({"status": "no_show"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let first = get(&app, t, &format!("{base}/sessions?course_id={}", client.id)).await;
    assert_eq!(first["items"][0]["status"], "held");
    assert_problem(
        app.get(
            &format!("{base}/sessions?course_id=00000000-0000-0000-0000-000000000009"),
            Some(t),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    // The treatment of a maintenance course is set when it starts.
    assert_problem(
        app.put(
            &format!("{base}/treatment"),
            Some(t),
            &json!({"start_date": "2026-04-20", "planned_sessions": 12}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
}

#[tokio::test]
async fn ending_a_course_early_keeps_what_was_held_and_stops_its_reminders() {
    let app = spawn_app().await;
    app.clock.set(at("2026-02-10T12:00:00Z"));
    let therapist = app.therapist().await;
    let client = app.client_in(&therapist, "UTC", "2026-01-05").await;
    let base = format!("/api/v1/clients/{}", client.id);
    let t = &therapist.access_token;
    assert!(
        !scheduled(
            &app.notifications(&therapist, &client).await,
            "session_reminder"
        )
        .is_empty()
    );

    // Only the current course ends, and only once; the client does not end it.
    assert_problem(
        app.post(
            &format!("{base}/courses/{}/end", client.id),
            Some(&client.access_token),
            &json!({}),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let res = app
        .post(
            &format!("{base}/courses/{}/end", client.id),
            Some(t),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let ended = body(res).await;
    assert_eq!(ended["over"], true);
    assert_eq!(ended["ended_at"], "2026-02-10T12:00:00Z");
    assert_eq!(ended["sessions_held"], 6);
    assert_eq!(ended["end_date"], "2026-02-09");
    // Ended after session 6 of 12 without a reason: recorded as `other`.
    assert_eq!(ended["end_reason"], "other");
    assert_eq!(ended["end_note"], Value::Null);
    assert_problem(
        app.post(
            &format!("{base}/courses/{}/end", client.id),
            Some(t),
            &json!({}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;

    let current = treatment(&app, t, &client).await;
    assert_eq!(current["phase"], "ended");
    assert_eq!(current["sessions_held"], 6);
    assert_eq!(
        current["sessions_remaining"], 0,
        "an ended course has none left"
    );
    assert_eq!(current["next_session_at"], Value::Null);
    let sessions = get(&app, t, &format!("{base}/sessions")).await;
    assert_eq!(sessions["items"].as_array().map(Vec::len), Some(6));
    let notifications = app.notifications(&therapist, &client).await;
    for kind in [
        "session_reminder",
        "questionnaire_due",
        "treatment_countdown",
        "practice_prompt",
    ] {
        assert!(
            scheduled(&notifications, kind)
                .iter()
                .all(|at| at.as_str() < "2026-02-10"),
            "{kind} after the end: {notifications:?}"
        );
    }

    // A second acute course after a relapse: weekly, 8–24 sessions.
    let bad = json!({"kind": "acute", "start_date": "2026-03-02", "planned_sessions": 4});
    let problem = assert_problem(
        app.post(&format!("{base}/courses"), Some(t), &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        problem["errors"]["planned_sessions"].is_array(),
        "{problem}"
    );
    let weekly = json!({"kind": "acute", "start_date": "2026-03-02", "planned_sessions": 8, "interval_weeks": 2});
    assert_problem(
        app.post(&format!("{base}/courses"), Some(t), &weekly).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let again = json!({"kind": "acute", "start_date": "2026-03-02", "planned_sessions": 8, "session_time": "16:30"});
    let res = app.post(&format!("{base}/courses"), Some(t), &again).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let current = treatment(&app, t, &client).await;
    assert_eq!(current["phase"], "initial");
    assert_eq!(current["session_time"], "16:30");
    assert_eq!(current["end_date"], "2026-04-20");
    // The first course cannot be ended again, now that it is not the current one.
    assert_problem(
        app.post(
            &format!("{base}/courses/{}/end", client.id),
            Some(t),
            &json!({}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
}

#[tokio::test]
async fn a_course_ends_with_its_reason_and_note_or_one_derived_from_its_sessions() {
    let app = spawn_app().await;
    // The day after the twelfth session of a course from 5 January.
    app.clock.set(at("2026-03-24T12:00:00Z"));
    let therapist = app.therapist().await;
    let t = therapist.access_token.as_str();
    let end = |client: &Client| format!("/api/v1/clients/{}/courses/{}/end", client.id, client.id);
    let courses = |client: &Client| format!("/api/v1/clients/{}/courses", client.id);

    // Over by date and not ended: completed, as its last session was presumed held.
    let by_date = app.client_in(&therapist, "UTC", "2026-01-05").await;
    let listed = get(&app, t, &courses(&by_date)).await;
    assert_eq!(listed["items"][0]["end_reason"], "completed");
    // Still going on: no reason.
    let going = app.client_in(&therapist, "UTC", "2026-02-02").await;
    let listed = get(&app, t, &courses(&going)).await;
    assert_eq!(listed["items"][0]["end_reason"], Value::Null);

    // A v1.1 caller sends no body: the reason follows from the sessions.
    let res = app
        .request(reqwest::Method::POST, &end(&by_date), Some(t), None)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(body(res).await["end_reason"], "completed");
    let res = app
        .request(reqwest::Method::POST, &end(&going), Some(t), None)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(body(res).await["end_reason"], "other");

    // A reason and a note, as given (the note trimmed); in the list, the feed's record and
    // the export alike.
    let withdrew = app.client_in(&therapist, "UTC", "2026-02-02").await;
    for refused in [
        json!({"reason": "bored"}),
        json!({"note": 5}),
        json!({"why": "x"}),
    ] {
        assert_problem(
            app.post(&end(&withdrew), Some(t), &refused).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let res = app
        .post(
            &end(&withdrew),
            Some(t),
            &json!({"reason": "client_withdrew", "note": "  Moving abroad.  "}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let ended = body(res).await;
    assert_eq!(ended["end_reason"], "client_withdrew");
    assert_eq!(ended["end_note"], "Moving abroad.");
    let listed = get(&app, t, &courses(&withdrew)).await;
    assert_eq!(listed["items"][0]["end_reason"], "client_withdrew");
    let export = get(&app, t, &format!("/api/v1/clients/{}/export", withdrew.id)).await;
    assert_eq!(export["courses"][0]["end_reason"], "client_withdrew");
    assert_eq!(export["courses"][0]["end_note"], "Moving abroad.");
}

#[tokio::test]
async fn in_maintenance_a_phq9_of_ten_or_five_above_the_end_score_suggests_a_booster() {
    let app = spawn_app().await;
    // Everything happens at one time (tokens stay valid); the check-ins carry their own times.
    app.clock.set(at("2026-05-01T12:00:00Z"));
    let therapist = app.therapist().await;
    let high = app.client_in(&therapist, "UTC", "2026-01-05").await;
    let rising = app.client_in(&therapist, "UTC", "2026-01-05").await;
    let steady = app.client_in(&therapist, "UTC", "2026-01-05").await;
    // Intake 15; on 20 March, three days before the last acute session, 3.
    for c in [&high, &rising, &steady] {
        phq9(&app, c, "2026-01-05T09:00:00Z", 15).await;
        phq9(&app, c, "2026-03-20T09:00:00Z", 3).await;
    }
    let maintenance =
        json!({"kind": "maintenance", "start_date": "2026-04-06", "planned_sessions": 4});
    for c in [&high, &rising, &steady] {
        let res = app
            .post(
                &format!("/api/v1/clients/{}/courses", c.id),
                Some(&therapist.access_token),
                &maintenance,
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    phq9(&app, &high, "2026-04-30T09:00:00Z", 12).await; // at least 10
    phq9(&app, &rising, "2026-04-30T09:00:00Z", 9).await; // not 10, but 6 above the end's 3
    phq9(&app, &steady, "2026-04-30T09:00:00Z", 6).await; // 3 above the end's 3

    let booster = |reasons: &[String]| reasons.iter().any(|r| r.starts_with("possible relapse"));
    let r = reasons(&app, &therapist, &high).await;
    assert!(booster(&r), "{r:?}");
    let r = reasons(&app, &therapist, &rising).await;
    assert!(booster(&r), "{r:?}");
    let r = reasons(&app, &therapist, &steady).await;
    assert!(!booster(&r), "{r:?}");

    // Outcomes stay those of the acute course: baseline 15 at intake.
    let dashboard = get(&app, &therapist.access_token, "/api/v1/dashboard").await;
    let row = dashboard["clients"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["client_id"] == steady.id.to_string())
        .cloned()
        .expect("a row");
    assert_eq!(row["phq9"]["baseline"], 15);
    assert_eq!(row["phase"], "ended");
}

#[tokio::test]
async fn the_therapist_may_choose_the_baseline_and_ask_for_the_gad7() {
    let app = spawn_app().await;
    app.clock.set(at("2026-01-20T12:00:00Z"));
    let therapist = app.therapist().await;
    let client = app.client_in(&therapist, "UTC", "2026-01-05").await;
    let other = app.client_in(&therapist, "UTC", "2026-01-05").await;
    let path = format!("/api/v1/clients/{}/treatment", client.id);
    let t = &therapist.access_token;
    phq9(&app, &client, "2026-01-05T09:00:00Z", 6).await; // intake
    let chosen = phq9(&app, &client, "2026-01-12T09:00:00Z", 12).await;
    let mood_only = app
        .checkin(
            &client,
            &json!({"recorded_at": "2026-01-13T09:00:00Z", "mood": 5}),
        )
        .await;
    let mood_only = body(mood_only).await;
    let foreign = phq9(&app, &other, "2026-01-12T09:00:00Z", 9).await;

    let baseline = |id: &Value| {
        json!({"start_date": "2026-01-05", "planned_sessions": 12, "baseline_checkin_id": id,
               "gad7_enabled": true})
    };
    for refused in [&mood_only["id"], &foreign["id"]] {
        let problem = assert_problem(
            app.put(&path, Some(t), &baseline(refused)).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert!(
            problem["errors"]["baseline_checkin_id"].is_array(),
            "{problem}"
        );
    }
    let res = app.put(&path, Some(t), &baseline(&chosen["id"])).await;
    assert_eq!(res.status(), StatusCode::OK);
    let set = body(res).await;
    assert_eq!(set["treatment"]["baseline_checkin_id"], chosen["id"]);
    assert_eq!(set["treatment"]["gad7_enabled"], true);

    let row = |d: Value| {
        d["clients"]
            .as_array()
            .expect("rows")
            .iter()
            .find(|r| r["client_id"] == client.id.to_string())
            .cloned()
            .expect("a row")
    };
    let dashboard = get(&app, t, "/api/v1/dashboard").await;
    let chosen_row = row(dashboard);
    assert_eq!(chosen_row["phq9"]["baseline"], 12);
    assert_eq!(chosen_row["phq9"]["index"]["source"], "therapist_choice");
    assert_eq!(chosen_row["phq9"]["index"]["checkin_id"], chosen["id"]);

    // Left out, both stay; null returns to the intake rule.
    let res = app
        .put(
            &path,
            Some(t),
            &json!({"start_date": "2026-01-05", "planned_sessions": 12}),
        )
        .await;
    let kept = body(res).await;
    assert_eq!(kept["treatment"]["baseline_checkin_id"], chosen["id"]);
    assert_eq!(kept["treatment"]["gad7_enabled"], true);
    let res = app.put(&path, Some(t), &baseline(&Value::Null)).await;
    assert_eq!(
        body(res).await["treatment"]["baseline_checkin_id"],
        Value::Null
    );
    let dashboard = get(&app, t, "/api/v1/dashboard").await;
    assert_eq!(row(dashboard)["phq9"]["baseline"], 6);
}

#[tokio::test]
async fn the_questionnaire_is_asked_for_the_evening_before_each_session() {
    let app = spawn_app().await;
    app.clock.set(at("2026-06-01T06:00:00Z"));
    let therapist = app.therapist().await;
    let client = app
        .client_in(&therapist, "Europe/Berlin", "2026-06-03")
        .await;
    let notifications = app.notifications(&therapist, &client).await;
    // 18:00 in Berlin (16:00 UTC) the day before the sessions of 3 and 10 June.
    assert_eq!(
        scheduled(&notifications, "questionnaire_due"),
        ["2026-06-02T16:00:00Z", "2026-06-09T16:00:00Z"]
    );
    // A cancelled session's questionnaire goes with it.
    let res = app
        .put(
            &format!("/api/v1/clients/{}/sessions/2", client.id),
            Some(&therapist.access_token),
            &json!({"status": "cancelled"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let notifications = app.notifications(&therapist, &client).await;
    assert_eq!(
        scheduled(&notifications, "questionnaire_due"),
        ["2026-06-02T16:00:00Z"]
    );
}

#[tokio::test]
async fn sessions_the_calendar_presumes_held_are_called_out_a_week_after_their_time() {
    let app = spawn_app().await;
    // Sessions on 5, 12, 19 and 26 January at 10:00: three are more than 7 days past.
    app.clock.set(at("2026-01-28T12:00:00Z"));
    let therapist = app.therapist().await;
    let client = app.client_in(&therapist, "UTC", "2026-01-05").await;
    let unconfirmed = |reasons: &[String]| {
        reasons
            .iter()
            .filter(|r| r.contains("not confirmed"))
            .cloned()
            .collect::<Vec<_>>()
    };
    let r = reasons(&app, &therapist, &client).await;
    assert_eq!(
        unconfirmed(&r),
        ["3 past sessions not confirmed (presumed held, more than 7 days ago)"]
    );
    // Marked held or missed, a session is confirmed either way.
    let t = &therapist.access_token;
    for (number, status) in [(1, "held"), (2, "no_show")] {
        let res = app
            .put(
                &format!("/api/v1/clients/{}/sessions/{number}", client.id),
                Some(t),
                &json!({"status": status}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    let r = reasons(&app, &therapist, &client).await;
    assert_eq!(
        unconfirmed(&r),
        ["1 past session not confirmed (presumed held, more than 7 days ago)"]
    );
}

#[tokio::test]
async fn the_dashboard_row_carries_the_gad7_like_the_phq9() {
    let app = spawn_app().await;
    app.clock.set(at("2026-02-20T12:00:00Z"));
    let therapist = app.therapist().await;
    let anxious = app.client_in(&therapist, "UTC", "2026-01-05").await;
    let without = app.client_in(&therapist, "UTC", "2026-01-05").await;
    for (at_time, gad7) in [
        ("2025-12-01T09:00:00Z", [0, 0, 0, 0, 0, 0, 1]), // before the intake window
        ("2026-01-04T09:00:00Z", [3, 3, 3, 3, 2, 1, 1]), // 16
        ("2026-02-10T09:00:00Z", [1, 1, 1, 2, 2, 1, 1]), // 9
    ] {
        let res = app
            .checkin(
                &anxious,
                &json!({"recorded_at": at_time, "mood": 5, "gad7": gad7}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    phq9(&app, &without, "2026-01-05T09:00:00Z", 12).await;
    let dashboard = get(&app, &therapist.access_token, "/api/v1/dashboard").await;
    let row = |client: &Client| {
        dashboard["clients"]
            .as_array()
            .expect("rows")
            .iter()
            .find(|r| r["client_id"] == client.id.to_string())
            .cloned()
            .expect("a row")
    };
    assert_eq!(
        row(&anxious)["gad7"],
        json!({"latest": 9, "band": "mild", "change": -7})
    );
    assert_eq!(row(&without)["gad7"], Value::Null);
}

#[tokio::test]
async fn the_initial_phase_checklist_is_marked_and_derived_and_named_from_session_four() {
    let app = spawn_app().await;
    // Sessions on 5, 12, 19 and 26 January: session 4 has come.
    app.clock.set(at("2026-01-26T12:00:00Z"));
    let therapist = app.therapist().await;
    let t = therapist.access_token.as_str();
    let client = app.client_in(&therapist, "UTC", "2026-01-05").await;
    let early = app.client_in(&therapist, "UTC", "2026-01-19").await;
    let base = format!("/api/v1/clients/{}", client.id);
    let phase = |v: &Value| v["treatment"]["initial_phase"].clone();
    assert_eq!(
        phase(&get(&app, t, &base).await),
        json!({"sick_role_discussed": false, "inventory_done": false,
               "formulation_shared": false, "problem_area_chosen": false})
    );
    let incomplete = |reasons: &[String]| {
        reasons
            .iter()
            .filter(|r| r.starts_with("initial phase incomplete"))
            .cloned()
            .collect::<Vec<_>>()
    };
    let r = reasons(&app, &therapist, &client).await;
    assert_eq!(
        incomplete(&r),
        [
            "initial phase incomplete: sick role not discussed, inventory empty, no formulation, no problem area"
        ]
    );
    // In session 2, nothing is missing yet.
    let r = reasons(&app, &therapist, &early).await;
    assert!(incomplete(&r).is_empty(), "{r:?}");

    // The sick role is the therapist's mark; the rest follow from the records.
    let path = format!("{base}/initial-phase");
    let mark = json!({"sick_role_discussed": true});
    assert_problem(
        app.put(&path, Some(&client.access_token), &mark).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_problem(
        app.put(&path, Some(t), &json!({"sick_role_discussed": "yes"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let res = app.put(&path, Some(t), &mark).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(phase(&body(res).await)["sick_role_discussed"], true);
    let res = app
        .post(
            &format!("{base}/relationships"),
            Some(&client.access_token),
            &json!({"label": "Mum", "closeness": 1}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let r = reasons(&app, &therapist, &client).await;
    assert_eq!(
        incomplete(&r),
        ["initial phase incomplete: no formulation, no problem area"]
    );
    let res = app
        .put(
            &format!("{base}/formulation"),
            Some(t),
            &json!({"problem_areas": ["grief"], "summary": "Since her father died.",
                    "goals": [{"problem_area": "grief", "text": "Visit the grave"}]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(
        phase(&get(&app, t, &base).await),
        json!({"sick_role_discussed": true, "inventory_done": true,
               "formulation_shared": true, "problem_area_chosen": true})
    );
    let r = reasons(&app, &therapist, &client).await;
    assert!(incomplete(&r).is_empty(), "{r:?}");
    // The mark is the course's, in its record.
    let courses = get(&app, t, &format!("{base}/courses")).await;
    assert_eq!(courses["items"][0]["sick_role_discussed"], true);
}

#[tokio::test]
async fn a_course_is_reviewed_at_its_end_and_the_client_reads_its_own_in_its_language() {
    let app = spawn_app().await;
    app.clock.set(at("2026-04-20T12:00:00Z"));
    let therapist = app.therapist().await;
    let t = therapist.access_token.as_str();
    let client = app.client_in(&therapist, "UTC", "2026-01-05").await;
    let base = format!("/api/v1/clients/{}", client.id);
    // Session 3 cancelled and 5 missed: two more slots, the last on 6 April.
    for (number, status) in [(3, "cancelled"), (5, "no_show")] {
        let res = app
            .put(
                &format!("{base}/sessions/{number}"),
                Some(t),
                &json!({"status": status}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    let res = app
        .put(
            &format!("{base}/formulation"),
            Some(t),
            &json!({"problem_areas": ["grief"], "summary": "Since her father died.",
                    "goals": [{"problem_area": "grief", "text": "Visit the grave"}]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let goal = body(res).await["goals"][0]["id"].clone();
    for (number, rating) in [(2, 3), (6, 7)] {
        let res = app
            .put(
                &format!("{base}/sessions/{number}"),
                Some(t),
                &json!({"status": "held", "goal_ratings": [{"goal_id": goal, "rating": rating}]}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    phq9(&app, &client, "2026-01-04T09:00:00Z", 16).await; // session 1's measure
    phq9(&app, &client, "2026-04-03T09:00:00Z", 3).await; // the end score
    for (day, gad7) in [
        ("2026-01-04", [2, 2, 2, 2, 2, 1, 1]),
        ("2026-04-03", [1, 1, 1, 1, 0, 0, 0]),
    ] {
        let res = app
            .checkin(
                &client,
                &json!({"recorded_at": format!("{day}T10:00:00Z"), "mood": 6, "gad7": gad7}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let res = app
        .post(
            &format!("{base}/exercise-logs"),
            Some(&client.access_token),
            &json!({"exercise_key": "i_statements", "practiced_at": "2026-02-01T18:00:00Z"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);

    let path = format!("{base}/courses/{}/summary", client.id);
    let summary = get(&app, t, &path).await;
    assert_eq!(summary["over"], true);
    assert_eq!(summary["end_date"], "2026-04-06");
    assert_eq!(summary["end_reason"], "completed");
    assert_eq!(
        summary["sessions"],
        json!({"held": 12, "cancelled": 1, "missed": 1})
    );
    assert_eq!(summary["phq9"]["index"]["total"], 16);
    assert_eq!(summary["phq9"]["end"]["total"], 3);
    assert_eq!(summary["phq9"]["change"], -13);
    assert_eq!(summary["phq9"]["response"], true);
    assert_eq!(summary["phq9"]["remission"], true);
    assert_eq!(summary["gad7"]["index"]["total"], 12);
    assert_eq!(summary["gad7"]["end"]["total"], 4);
    assert_eq!(summary["gad7"]["change"], -8);
    assert_eq!(
        summary["goals"],
        json!([{"goal_id": goal, "text": "Visit the grave",
                "first": {"rating": 3, "session_number": 2}, "last": {"rating": 7, "session_number": 6}}])
    );
    assert_eq!(summary["exercise_logs"], 1);
    assert_eq!(
        summary["message"],
        Value::Null,
        "the therapist's review has no sentence"
    );

    // The client reads its own, with a sentence in its language.
    let own = get(&app, &client.access_token, &path).await;
    assert_eq!(
        own["message"],
        "Your questionnaire scores are now in the range of few or no symptoms. The work you and your therapist did together is worth keeping up."
    );
    let res = app
        .api
        .get(format!("{}{path}", app.address))
        .bearer_auth(&client.access_token)
        .header("accept-language", "de-AT")
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status(), StatusCode::OK);
    let german = body(res).await;
    assert!(
        german["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Ihre Fragebogenwerte")),
        "{german}"
    );
    // The client page shows the review of the ended course.
    let page = ipt_tests::web::signed_in(&app, &therapist)
        .await
        .get(format!("{}/clients/{}", app.address, client.id))
        .send()
        .await
        .expect("the page")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("Review of course 1 (2026-01-05 to 2026-04-06)"),
        "{page}"
    );
    assert!(
        page.contains("Sessions held 12, cancelled 1, missed 1 · ended: completed"),
        "{page}"
    );
    assert!(
        page.contains("Visit the grave: 3 at session 2 → 7 at session 6"),
        "{page}"
    );
    // Another course of nobody's: 404.
    assert_problem(
        app.get(
            &format!("{base}/courses/{}/summary", uuid::Uuid::now_v7()),
            Some(t),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;

    // A course going on is summed up so far: what was assigned and read counts.
    let going = app.client_in(&therapist, "UTC", "2026-04-06").await;
    let going_base = format!("/api/v1/clients/{}", going.id);
    let res = app
        .post(
            &format!("{going_base}/homework"),
            Some(t),
            &json!({"title": "Call Mum"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = app
        .post(
            &format!("{going_base}/readings/what_is_ipt/opened"),
            Some(&going.access_token),
            &Value::Null,
        )
        .await;
    assert!(res.status().is_success());
    let so_far = get(
        &app,
        t,
        &format!("{going_base}/courses/{}/summary", going.id),
    )
    .await;
    assert_eq!(so_far["over"], false);
    assert_eq!(so_far["end_reason"], Value::Null);
    assert_eq!(so_far["homework"], json!({"assigned": 1, "completed": 0}));
    assert_eq!(so_far["readings_opened"], 1);
    assert_eq!(
        so_far["phq9"],
        json!({"index": null, "end": null, "change": null, "response": null, "remission": null})
    );
    assert_eq!(so_far["gad7"], Value::Null);
}
