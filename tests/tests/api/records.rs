use ipt_tests::{assert_problem, body, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

#[tokio::test]
async fn the_exercise_library_covers_the_ipt_techniques_with_prompts() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    assert_problem(
        app.get("/api/v1/exercises", None).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    let list = body(
        app.get("/api/v1/exercises", Some(&therapist.access_token))
            .await,
    )
    .await;
    let items = list["items"].as_array().expect("items");
    assert!(items.len() >= 8);
    let keys: Vec<&str> = items.iter().filter_map(|e| e["key"].as_str()).collect();
    for technique in [
        "communication_analysis",
        "role_play_rehearsal",
        "i_statements",
        "decision_analysis",
        "building_social_contacts",
        "grief_work",
        "mood_relationship_diary",
    ] {
        assert!(keys.contains(&technique), "{technique} missing");
    }
    for item in items {
        for field in ["key", "title", "skill", "instructions"] {
            assert!(
                item[field].as_str().is_some_and(|s| !s.is_empty()),
                "{field} of {item}"
            );
        }
        assert!(item["prompts"].as_array().is_some_and(|p| !p.is_empty()));
    }
    let one = body(
        app.get(
            "/api/v1/exercises/communication_analysis",
            Some(&therapist.access_token),
        )
        .await,
    )
    .await;
    let prompts: Vec<&str> = one["prompts"]
        .as_array()
        .expect("prompts")
        .iter()
        .filter_map(|p| p["key"].as_str())
        .collect();
    for key in [
        "situation",
        "what_i_said",
        "what_they_said",
        "how_i_felt",
        "what_i_wanted",
        "what_i_could_say_next_time",
    ] {
        assert!(prompts.contains(&key), "{key}");
    }
    assert_problem(
        app.get("/api/v1/exercises/nope", Some(&therapist.access_token))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

#[tokio::test]
async fn an_exercise_log_carries_answers_checked_against_the_prompts_and_replays_once() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let path = format!("/api/v1/clients/{}/exercise-logs", client.id);
    let log = json!({"id": Uuid::new_v4(), "exercise_key": "communication_analysis", "practiced_at": "2026-03-01T19:00:00+01:00",
                     "difficulty": 7, "outcome": 6, "note": "hard",
                     "responses": {"situation": "dinner", "what_i_said": "You never listen", "what_i_could_say_next_time": "I feel unheard"}});
    let res = app.post(&path, Some(&client.access_token), &log).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let stored = body(res).await;
    assert_eq!(stored["practiced_at"], "2026-03-01T18:00:00Z");
    assert_eq!(stored["responses"]["what_i_said"], "You never listen");
    let again = app.post(&path, Some(&client.access_token), &log).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(body(again).await, stored);
    let mut changed = log.clone();
    changed["outcome"] = json!(9);
    assert_problem(
        app.post(&path, Some(&client.access_token), &changed).await,
        StatusCode::CONFLICT,
    )
    .await;

    for (payload, field) in [
        (
            json!({"exercise_key": "juggling", "practiced_at": "2026-03-01T19:00:00Z"}),
            "exercise_key",
        ),
        (
            json!({"exercise_key": "i_statements", "practiced_at": "2026-03-01T19:00:00Z", "difficulty": 11}),
            "difficulty",
        ),
        (
            json!({"exercise_key": "i_statements", "practiced_at": "2026-03-01T19:00:00Z", "outcome": -1}),
            "outcome",
        ),
        (
            json!({"exercise_key": "communication_analysis", "practiced_at": "2026-03-01T19:00:00Z", "responses": {"mood_colour": "blue"}}),
            "responses.mood_colour",
        ),
        (
            json!({"exercise_key": "communication_analysis", "practiced_at": "2026-03-01T19:00:00Z", "responses": {"situation": 3}}),
            "responses.situation",
        ),
    ] {
        let problem = assert_problem(
            app.post(&path, Some(&client.access_token), &payload).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert!(problem["errors"][field].is_array(), "{field}: {problem}");
    }
    assert_problem(
        app.post(
            &path,
            Some(&therapist.access_token),
            &json!({"exercise_key": "i_statements", "practiced_at": "2026-03-01T19:00:00Z"}),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let list = body(app.get(&path, Some(&therapist.access_token)).await).await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn a_therapist_sets_the_weekly_practice_target() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let path = format!("/api/v1/clients/{}/practice-target", client.id);
    assert_eq!(
        body(app.get(&path, Some(&client.access_token)).await).await["weekly_target"],
        3
    );
    let res = app
        .put(
            &path,
            Some(&therapist.access_token),
            &json!({"weekly_target": 5}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        body(app.get(&path, Some(&client.access_token)).await).await["weekly_target"],
        5
    );
    assert_problem(
        app.put(
            &path,
            Some(&client.access_token),
            &json!({"weekly_target": 1}),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_problem(
        app.put(
            &path,
            Some(&therapist.access_token),
            &json!({"weekly_target": 99}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
}

async fn assign(
    app: &ipt_tests::TestApp,
    therapist: &ipt_tests::Therapist,
    client: &ipt_tests::Client,
    payload: Value,
) -> Value {
    let res = app
        .post(
            &format!("/api/v1/clients/{}/homework", client.id),
            Some(&therapist.access_token),
            &payload,
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    body(res).await
}

#[tokio::test]
async fn homework_is_assigned_completed_once_and_judged_on_time_or_late() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let hw = assign(&app, &therapist, &client, json!({"title": "Talk to your sister", "instructions": "Use an I statement",
        "due_at": "2026-12-08T18:00:00+01:00", "problem_area": "role_dispute", "exercise_key": "i_statements"})).await;
    assert_eq!(hw["status"], "assigned");
    assert_eq!(hw["completed_at"], Value::Null);
    assert_eq!(hw["due_at"], "2026-12-08T17:00:00Z");
    let id = hw["id"].as_str().expect("id");
    let done_path = format!("/api/v1/clients/{}/homework/{id}/completion", client.id);

    assert_problem(
        app.post(
            &done_path,
            Some(&therapist.access_token),
            &json!({"completed_at": "2026-12-07T10:00:00Z"}),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let res = app.post(&done_path, Some(&client.access_token), &json!({"completed_at": "2026-12-07T10:00:00Z", "reflection": "went ok", "helpfulness": 8})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let done = body(res).await;
    assert_eq!(done["status"], "completed");
    assert_eq!(done["completed_on_time"], true);
    assert_eq!(done["helpfulness"], 8);
    // A repeat (a phone retrying) answers the stored completion (another body: 409, see
    // conflicts.rs).
    let again = app
        .post(&done_path, Some(&client.access_token), &json!({"completed_at": "2026-12-07T10:00:00Z", "reflection": "went ok", "helpfulness": 8}))
        .await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(body(again).await, done);

    let late = assign(
        &app,
        &therapist,
        &client,
        json!({"title": "Call a friend", "due_at": "2026-12-07T12:00:00Z"}),
    )
    .await;
    let late_id = late["id"].as_str().expect("id");
    let res = app
        .post(
            &format!(
                "/api/v1/clients/{}/homework/{late_id}/completion",
                client.id
            ),
            Some(&client.access_token),
            &json!({"completed_at": "2026-12-08T08:00:00Z"}),
        )
        .await;
    assert_eq!(body(res).await["completed_on_time"], false);
    let res = app
        .post(
            &done_path,
            Some(&client.access_token),
            &json!({"completed_at": "2026-12-07T10:00:00Z", "helpfulness": 11}),
        )
        .await;
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
}

#[tokio::test]
async fn homework_is_edited_and_cancelled_by_the_therapist_and_filtered_by_status() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let base = format!("/api/v1/clients/{}/homework", client.id);
    let a = assign(&app, &therapist, &client, json!({"title": "A"})).await;
    let b = assign(&app, &therapist, &client, json!({"title": "B"})).await;
    let a_id = a["id"].as_str().expect("id");
    let b_id = b["id"].as_str().expect("id");

    let res = app
        .put(
            &format!("{base}/{a_id}"),
            Some(&therapist.access_token),
            &json!({"title": "A, revised", "due_at": "2026-12-10T12:00:00Z"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(body(res).await["title"], "A, revised");
    assert_problem(
        app.put(
            &format!("{base}/{a_id}"),
            Some(&client.access_token),
            &json!({"title": "mine"}),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;

    let res = app
        .post(
            &format!("{base}/{b_id}/cancel"),
            Some(&therapist.access_token),
            &json!({}),
        )
        .await;
    assert_eq!(body(res).await["status"], "cancelled");
    let res = app
        .post(
            &format!("{base}/{b_id}/completion"),
            Some(&client.access_token),
            &json!({"completed_at": "2026-12-07T10:00:00Z"}),
        )
        .await;
    assert_problem(res, StatusCode::CONFLICT).await;
    let res = app
        .put(
            &format!("{base}/{b_id}"),
            Some(&therapist.access_token),
            &json!({"title": "B2"}),
        )
        .await;
    assert_problem(res, StatusCode::CONFLICT).await;

    let assigned = body(
        app.get(
            &format!("{base}?status=assigned"),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    assert_eq!(assigned["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(assigned["items"][0]["id"], a["id"]);
    let cancelled = body(
        app.get(
            &format!("{base}?status=cancelled"),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    assert_eq!(cancelled["items"][0]["id"], b["id"]);
    let all = body(app.get(&base, Some(&therapist.access_token)).await).await;
    assert_eq!(all["items"].as_array().map(Vec::len), Some(2));
    assert_problem(
        app.get(&format!("{base}?status=lost"), Some(&client.access_token))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
}

#[tokio::test]
async fn homework_rules_are_enforced() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let stranger = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let base = format!("/api/v1/clients/{}/homework", client.id);
    assert_problem(
        app.post(
            &base,
            Some(&client.access_token),
            &json!({"title": "self-assigned"}),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_problem(
        app.post(&base, Some(&stranger.access_token), &json!({"title": "x"}))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    for (payload, field) in [
        (json!({"title": ""}), "title"),
        (json!({"title": "x".repeat(201)}), "title"),
        (
            json!({"title": "x", "instructions": "y".repeat(4001)}),
            "instructions",
        ),
        (
            json!({"title": "x", "problem_area": "sadness"}),
            "problem_area",
        ),
        (
            json!({"title": "x", "exercise_key": "juggling"}),
            "exercise_key",
        ),
        (json!({"title": "x", "client_id": client.id}), "client_id"),
    ] {
        let problem = assert_problem(
            app.post(&base, Some(&therapist.access_token), &payload)
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert!(problem["errors"][field].is_array(), "{field}: {problem}");
    }
    // Homework is set for the days to come: in Berlin, 7 December (the clock's) begins at
    // 23:00 UTC on the 6th. A due time earlier that day still counts as today's.
    let problem = assert_problem(
        app.post(
            &base,
            Some(&therapist.access_token),
            &json!({"title": "x", "due_at": "2026-12-06T22:30:00Z"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(problem["errors"]["due_at"].is_array(), "{problem}");
    let res = app
        .post(
            &base,
            Some(&therapist.access_token),
            &json!({"title": "x", "due_at": "2026-12-06T23:30:00Z"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let todays = body(res).await;
    let path = format!("{base}/{}", todays["id"].as_str().expect("an id"));
    // An edit keeps a due time as it was; a new one before today is refused.
    let res = app
        .put(
            &path,
            Some(&therapist.access_token),
            &json!({"title": "x, revised", "due_at": "2026-12-06T23:30:00Z"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_problem(
        app.put(
            &path,
            Some(&therapist.access_token),
            &json!({"title": "x", "due_at": "2026-12-01T10:00:00Z"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    // Done before it was assigned (09:00 UTC): refused, but for a phone's clock a few minutes
    // slow.
    let problem = assert_problem(
        app.post(
            &format!("{path}/completion"),
            Some(&client.access_token),
            &json!({"completed_at": "2026-12-07T08:00:00Z"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(problem["errors"]["completed_at"].is_array(), "{problem}");
    let res = app
        .post(
            &format!("{path}/completion"),
            Some(&client.access_token),
            &json!({"completed_at": "2026-12-07T08:55:00Z"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let unknown = format!("{base}/{}/completion", Uuid::now_v7());
    assert_problem(
        app.post(
            &unknown,
            Some(&client.access_token),
            &json!({"completed_at": "2026-12-07T10:00:00Z"}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

#[tokio::test]
async fn the_interpersonal_inventory_is_kept_edited_and_deleted() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let base = format!("/api/v1/clients/{}/relationships", client.id);
    let id = Uuid::new_v4();
    let person = json!({"id": id, "label": "Mum", "role": "parent", "closeness": 1, "satisfying": "she listens",
                        "unsatisfying": "she criticises", "expectations": "weekly calls"});
    let res = app.post(&base, Some(&client.access_token), &person).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created = body(res).await;
    assert_eq!(created["closeness"], 1);
    assert_eq!(created["expectations"], "weekly calls");
    assert_eq!(
        app.post(&base, Some(&client.access_token), &person)
            .await
            .status(),
        StatusCode::OK
    );
    // The therapist adds to the inventory in session too.
    let res = app
        .post(
            &base,
            Some(&therapist.access_token),
            &json!({"label": "Manager", "closeness": 3}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);

    let res = app
        .put(
            &format!("{base}/{id}"),
            Some(&client.access_token),
            &json!({"label": "Mum", "closeness": 2, "note": "closer lately"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let edited = body(res).await;
    assert_eq!(edited["closeness"], 2);
    assert_eq!(edited["satisfying"], Value::Null);

    for bad in [
        json!({"label": "X", "closeness": 0}),
        json!({"label": "X", "closeness": 4}),
        json!({"label": "", "closeness": 1}),
    ] {
        assert_problem(
            app.post(&base, Some(&client.access_token), &bad).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    assert_eq!(
        app.delete(&format!("{base}/{id}"), Some(&client.access_token))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.delete(&format!("{base}/{id}"), Some(&client.access_token))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_problem(
        app.put(
            &format!("{base}/{id}"),
            Some(&client.access_token),
            &json!({"label": "Mum", "closeness": 1}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let list = body(app.get(&base, Some(&client.access_token)).await).await;
    let labels: Vec<&str> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|p| p["label"].as_str())
        .collect();
    assert_eq!(labels, ["Manager"]);

    let stranger = app.therapist().await;
    assert_problem(
        app.get(&base, Some(&stranger.access_token)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

#[tokio::test]
async fn ratings_are_numbers_and_speaking_up_exercises_ask_about_danger_first() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let role_play = body(
        app.get(
            "/api/v1/exercises/role_play_rehearsal",
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    assert_eq!(
        role_play["safety_check"],
        "Could speaking up to this person put you in danger?"
    );
    assert_eq!(role_play["phases"], json!(["middle"]));
    let rating = role_play["prompts"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["key"] == "confidence_rating"))
        .cloned()
        .expect("a rated prompt");
    assert_eq!(rating["scale"], json!({"min": 0, "max": 10}));
    assert_eq!(rating["retired"], false);

    let path = format!("/api/v1/clients/{}/exercise-logs", client.id);
    let log = |answer: &str| {
        json!({"exercise_key": "role_play_rehearsal", "practiced_at": "2026-03-02T10:00:00Z",
               "responses": {"confidence_rating": answer}})
    };
    let problem = assert_problem(
        app.post(&path, Some(&client.access_token), &log("very"))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        problem["errors"]["responses.confidence_rating"].is_array(),
        "{problem}"
    );
    assert_eq!(
        app.post(&path, Some(&client.access_token), &log("7"))
            .await
            .status(),
        StatusCode::CREATED
    );
}
