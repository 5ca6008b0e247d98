use chrono::{Duration, NaiveDate, TimeZone, Utc};
use ipt_tests::{assert_problem, body, spawn_app};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_created_client_carries_its_treatment_and_an_invite() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    app.clock.set(
        Utc.with_ymd_and_hms(2026, 2, 10, 12, 0, 0)
            .single()
            .expect("a time"),
    );
    let res = app
        .post(
            "/api/v1/clients",
            Some(&therapist.access_token),
            &json!({"display_name": "Sam", "timezone": "America/New_York",
                    "treatment": {"start_date": "2026-01-05", "planned_sessions": 12,
                                  "problem_areas": ["role_dispute", "grief"]}}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let client = body(res).await;
    assert_eq!(client["display_name"], "Sam");
    assert_eq!(client["timezone"], "America/New_York");
    assert!(client["invite"]["code"].is_string());
    assert!(
        client["invite"]["expires_at"]
            .as_str()
            .is_some_and(|s| s.ends_with('Z'))
    );
    // 10 Feb is day 36: session 6, middle phase; the course ends on 23 March. Six Monday
    // sessions (10:00 in New York, 15:00Z) have passed unmarked, so they count as held.
    assert_eq!(
        client["treatment"],
        json!({"start_date": "2026-01-05", "planned_sessions": 12,
               "problem_areas": ["grief", "role_dispute"], "end_date": "2026-03-23",
               "phase": "middle", "weeks_remaining": 6, "session_time": "10:00",
               "sessions_held": 6, "sessions_remaining": 6,
               "next_session_at": "2026-02-16T15:00:00Z",
               // The first course has the client's own id; nothing chosen yet.
               "course_id": client["id"], "course_kind": "acute", "interval_weeks": 1,
               "gad7_enabled": false, "baseline_checkin_id": null,
               // Problem areas chosen with the treatment; nothing else of the initial phase.
               "initial_phase": {"sick_role_discussed": false, "inventory_done": false,
                                 "formulation_shared": false, "problem_area_chosen": true}})
    );
}

#[tokio::test]
async fn phase_and_weeks_remaining_use_the_clients_own_date() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    // 02:30 UTC on 9 March is still 8 March in New York (session 9, middle) but already
    // 9 March in Berlin (session 10, termination).
    app.clock.set(
        Utc.with_ymd_and_hms(2026, 3, 9, 2, 30, 0)
            .single()
            .expect("a time"),
    );
    let treatment = json!({"start_date": "2026-01-05", "planned_sessions": 12});
    for (zone, phase, weeks) in [
        ("America/New_York", "middle", 3),
        ("Europe/Berlin", "termination", 2),
    ] {
        let res = app
            .post(
                "/api/v1/clients",
                Some(&therapist.access_token),
                &json!({"display_name": "Sam", "timezone": zone, "treatment": treatment}),
            )
            .await;
        let client = body(res).await;
        assert_eq!(client["treatment"]["phase"], phase, "{zone}");
        assert_eq!(client["treatment"]["weeks_remaining"], weeks, "{zone}");
    }
}

#[tokio::test]
async fn after_the_last_session_the_treatment_has_ended() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let created = app
        .create_client(
            &therapist,
            json!({"start_date": "2026-01-05", "planned_sessions": 8}),
        )
        .await;
    let end: NaiveDate = created["treatment"]["end_date"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("date");
    assert_eq!(end, NaiveDate::from_ymd_opt(2026, 2, 23).expect("date"));
    app.clock.set(
        Utc.with_ymd_and_hms(2026, 2, 24, 12, 0, 0)
            .single()
            .expect("a time"),
    );
    let id = created["id"].as_str().expect("id");
    let client = body(
        app.get(
            &format!("/api/v1/clients/{id}"),
            Some(&therapist.access_token),
        )
        .await,
    )
    .await;
    assert_eq!(client["treatment"]["phase"], "ended");
    assert_eq!(client["treatment"]["weeks_remaining"], 0);
    assert!(
        client.get("invite").is_none(),
        "the code is shown only at creation"
    );
}

#[tokio::test]
async fn invalid_client_fields_are_422_keyed_by_path() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let cases = [
        (
            json!({"display_name": "Sam", "timezone": "Mars/Olympus", "treatment": {"start_date": "2026-01-05", "planned_sessions": 12}}),
            "timezone",
        ),
        (
            json!({"display_name": "Sam", "timezone": "Europe/Berlin", "treatment": {"start_date": "2026-01-05", "planned_sessions": 7}}),
            "treatment.planned_sessions",
        ),
        (
            json!({"display_name": "Sam", "timezone": "Europe/Berlin", "treatment": {"start_date": "2026-01-05", "planned_sessions": 25}}),
            "treatment.planned_sessions",
        ),
        (
            json!({"display_name": "", "timezone": "Europe/Berlin", "treatment": {"start_date": "2026-01-05", "planned_sessions": 12}}),
            "display_name",
        ),
        (
            json!({"display_name": "Sam", "timezone": "Europe/Berlin", "treatment": {"start_date": "5 Jan", "planned_sessions": 12}}),
            "treatment.start_date",
        ),
        (
            json!({"display_name": "Sam", "timezone": "Europe/Berlin", "treatment": {"start_date": "2026-01-05", "planned_sessions": 12, "problem_areas": ["sadness"]}}),
            "treatment.problem_areas[0]",
        ),
        (
            // IPT focuses on one problem area, at most two (v1 took four: amended in v1.2).
            json!({"display_name": "Sam", "timezone": "Europe/Berlin", "treatment": {"start_date": "2026-01-05", "planned_sessions": 12, "problem_areas": ["grief", "role_dispute", "role_transition"]}}),
            "treatment.problem_areas",
        ),
        (
            json!({"display_name": "Sam", "timezone": "Europe/Berlin"}),
            "treatment",
        ),
        (
            json!({"display_name": "Sam", "timezone": "Europe/Berlin", "therapist_id": therapist.id, "treatment": {"start_date": "2026-01-05", "planned_sessions": 12}}),
            "therapist_id",
        ),
    ];
    for (payload, field) in cases {
        let res = app
            .post("/api/v1/clients", Some(&therapist.access_token), &payload)
            .await;
        let problem = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(problem["errors"][field].is_array(), "{field}: {problem}");
    }
}

#[tokio::test]
async fn a_therapist_lists_only_their_own_clients_in_pages_without_gaps() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let other = app.therapist().await;
    let treatment = json!({"start_date": "2026-01-05", "planned_sessions": 12});
    let mut created = Vec::new();
    for _ in 0..5 {
        created.push(app.create_client(&therapist, treatment.clone()).await["id"].clone());
    }
    app.create_client(&other, treatment.clone()).await;

    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/clients?limit=2&cursor={c}"),
            None => "/api/v1/clients?limit=2".to_owned(),
        };
        let page = body(app.get(&path, Some(&therapist.access_token)).await).await;
        let items = page["items"].as_array().expect("items");
        assert!(items.len() <= 2);
        for item in items {
            assert!(item.get("invite").is_none());
            seen.push(item["id"].clone());
        }
        // A client created mid-way appears once, on a later page.
        if seen.len() == 2 {
            created.push(app.create_client(&therapist, treatment.clone()).await["id"].clone());
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, created);
}

#[tokio::test]
async fn paging_parameters_are_validated() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    for query in [
        "limit=0",
        "limit=201",
        "limit=abc",
        "cursor=not-a-cursor",
        "unknown=1",
    ] {
        let res = app
            .get(
                &format!("/api/v1/clients?{query}"),
                Some(&therapist.access_token),
            )
            .await;
        assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let res = app
        .get("/api/v1/clients?limit=200", Some(&therapist.access_token))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn another_therapists_client_is_404_and_so_is_an_unknown_one() {
    let app = spawn_app().await;
    let owner = app.therapist().await;
    let other = app.therapist().await;
    let client = app.client_of(&owner).await;
    for path in [
        format!("/api/v1/clients/{}", client.id),
        format!("/api/v1/clients/{}", uuid::Uuid::now_v7()),
    ] {
        assert_problem(
            app.get(&path, Some(&other.access_token)).await,
            StatusCode::NOT_FOUND,
        )
        .await;
    }
    let res = app
        .post(
            &format!("/api/v1/clients/{}/invite", client.id),
            Some(&other.access_token),
            &json!({}),
        )
        .await;
    assert_problem(res, StatusCode::NOT_FOUND).await;
    // The owner still reads it.
    let res = app
        .get(
            &format!("/api/v1/clients/{}", client.id),
            Some(&owner.access_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_client_sees_itself_but_no_other_client() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let me = app.client_of(&therapist).await;
    let sibling = app.client_of(&therapist).await;
    let res = app
        .get(
            &format!("/api/v1/clients/{}", me.id),
            Some(&me.access_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(body(res).await["id"], me.id.to_string());
    let res = app
        .get(
            &format!("/api/v1/clients/{}", sibling.id),
            Some(&me.access_token),
        )
        .await;
    assert_problem(res, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn a_client_may_not_act_as_a_therapist() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let res = app.get("/api/v1/clients", Some(&client.access_token)).await;
    assert_problem(res, StatusCode::FORBIDDEN).await;
    let res = app
        .post(
            "/api/v1/clients",
            Some(&client.access_token),
            &json!({"display_name": "Sam", "timezone": "Europe/Berlin", "treatment": {"start_date": "2026-01-05", "planned_sessions": 12}}),
        )
        .await;
    assert_problem(res, StatusCode::FORBIDDEN).await;
    // Its own invite: the right record, the wrong role.
    let res = app
        .post(
            &format!("/api/v1/clients/{}/invite", client.id),
            Some(&client.access_token),
            &json!({}),
        )
        .await;
    assert_problem(res, StatusCode::FORBIDDEN).await;
}

#[tokio::test]
async fn client_tokens_expire_like_therapist_tokens() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    app.clock.advance(Duration::minutes(16));
    let res = app
        .get(
            &format!("/api/v1/clients/{}", client.id),
            Some(&client.access_token),
        )
        .await;
    assert_problem(res, StatusCode::UNAUTHORIZED).await;
    let res = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": client.refresh_token}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}
