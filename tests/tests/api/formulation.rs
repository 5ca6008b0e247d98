//! The formulation with its goals rated at sessions, and the relapse-prevention plan: versioned
//! documents (ETag / If-Match), in the sync feed and the export.

use ipt_tests::{TestApp, assert_problem, at, body, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn formulation(goals: Value) -> Value {
    json!({
        "problem_areas": ["role_dispute", "role_transition"],
        "summary": "Low mood since the move; fights with her partner about it.",
        "goals": goals,
        "role_dispute": {"stage": "impasse"},
        "role_transition": {"old_role": "Nurse in Lisbon", "new_role": "Newcomer in Berlin"}
    })
}

async fn put(
    app: &TestApp,
    token: &str,
    path: &str,
    body: &Value,
    if_match: Option<&str>,
) -> reqwest::Response {
    match if_match {
        Some(tag) => {
            app.put_with_headers(path, Some(token), &[("If-Match", tag)], body)
                .await
        }
        None => app.put(path, Some(token), body).await,
    }
}

#[tokio::test]
async fn the_therapist_writes_the_formulation_the_client_reads_it_and_goals_are_rated_at_sessions()
{
    let app = spawn_app().await;
    app.clock.set(at("2026-06-17T12:00:00Z"));
    let therapist = app.therapist().await;
    let client = app.client_in(&therapist, "UTC", "2026-06-03").await;
    let path = format!("/api/v1/clients/{}/formulation", client.id);

    assert_problem(
        app.get(&path, Some(&client.access_token)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let goals = json!([
        {"problem_area": "role_dispute", "text": "Say what I need without a fight"},
        {"problem_area": "role_transition", "text": "Find one friend in Berlin"}
    ]);
    // The client reads the formulation but does not write it.
    assert_problem(
        put(
            &app,
            &client.access_token,
            &path,
            &formulation(goals.clone()),
            None,
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let res = put(
        &app,
        &therapist.access_token,
        &path,
        &formulation(goals),
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.headers()["etag"], "\"1\"");
    let first = body(res).await;
    let goal_ids: Vec<String> = first["goals"]
        .as_array()
        .expect("goals")
        .iter()
        .map(|g| {
            g["id"]
                .as_str()
                .expect("an id the server assigned")
                .to_owned()
        })
        .collect();
    assert_eq!(goal_ids.len(), 2);
    assert_ne!(goal_ids[0], goal_ids[1]);
    assert_eq!(first["role_dispute"]["stage"], "impasse");
    assert_eq!(first["grief"], Value::Null);
    assert_eq!(first["updated_by"], "therapist");

    // The formulation sets the treatment's problem areas.
    let me = body(
        app.get(
            &format!("/api/v1/clients/{}", client.id),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    assert_eq!(
        me["treatment"]["problem_areas"],
        json!(["role_dispute", "role_transition"])
    );

    // Session 3 (today) held, both goals rated; a rating of an unknown goal is refused.
    let session = format!("/api/v1/clients/{}/sessions/3", client.id);
    let unknown = json!({"status": "held", "goal_ratings": [{"goal_id": "00000000-0000-0000-0000-000000000001", "rating": 4}]});
    let problem = assert_problem(
        app.put(&session, Some(&therapist.access_token), &unknown)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        problem["errors"]["goal_ratings[0].goal_id"].is_array(),
        "{problem}"
    );
    let too_high =
        json!({"status": "held", "goal_ratings": [{"goal_id": goal_ids[0], "rating": 11}]});
    assert_problem(
        app.put(&session, Some(&therapist.access_token), &too_high)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let cancelled =
        json!({"status": "cancelled", "goal_ratings": [{"goal_id": goal_ids[0], "rating": 3}]});
    assert_problem(
        app.put(&session, Some(&therapist.access_token), &cancelled)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let rated = json!({"status": "held", "goal_ratings": [
        {"goal_id": goal_ids[0], "rating": 3}, {"goal_id": goal_ids[1], "rating": 6}]});
    let res = app
        .put(&session, Some(&therapist.access_token), &rated)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let marked = body(res).await;
    assert_eq!(marked["goal_ratings"].as_array().map(Vec::len), Some(2));

    // Rated again at the same session: the later rating stands.
    let again = json!({"status": "held", "goal_ratings": [{"goal_id": goal_ids[0], "rating": 4}]});
    assert_eq!(
        app.put(&session, Some(&therapist.access_token), &again)
            .await
            .status(),
        StatusCode::OK
    );

    let res = app.get(&path, Some(&client.access_token)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["etag"],
        "\"1\"",
        "a rating does not change the version"
    );
    let read = body(res).await;
    assert_eq!(
        read["goals"][0]["ratings"],
        json!([{
        "course_id": client.id, "session_number": 3, "rating": 4, "rated_at": "2026-06-17T12:00:00Z"}])
    );
    assert_eq!(read["goals"][1]["ratings"][0]["rating"], 6);

    // A new version keeps a goal sent back with its id, and its ratings.
    let keep =
        json!([{"id": goal_ids[1], "problem_area": "role_transition", "text": "Find two friends"}]);
    let res = put(
        &app,
        &therapist.access_token,
        &path,
        &formulation(keep),
        Some("\"1\""),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["etag"], "\"2\"");
    let second = body(res).await;
    assert_eq!(second["goals"].as_array().map(Vec::len), Some(1));
    assert_eq!(second["goals"][0]["text"], "Find two friends");
    assert_eq!(second["goals"][0]["ratings"][0]["rating"], 6);
}

#[tokio::test]
async fn a_stale_or_invalid_formulation_is_refused() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let path = format!("/api/v1/clients/{}/formulation", client.id);
    let goals = json!([{"problem_area": "role_dispute", "text": "Talk"}]);

    // If-Match before any version: nothing to match.
    assert_problem(
        put(
            &app,
            &therapist.access_token,
            &path,
            &formulation(goals.clone()),
            Some("*"),
        )
        .await,
        StatusCode::PRECONDITION_FAILED,
    )
    .await;
    assert_eq!(
        put(
            &app,
            &therapist.access_token,
            &path,
            &formulation(goals.clone()),
            None
        )
        .await
        .status(),
        StatusCode::CREATED
    );
    assert_eq!(
        put(
            &app,
            &therapist.access_token,
            &path,
            &formulation(goals.clone()),
            Some("\"1\"")
        )
        .await
        .status(),
        StatusCode::OK
    );
    assert_problem(
        put(
            &app,
            &therapist.access_token,
            &path,
            &formulation(goals),
            Some("\"1\""),
        )
        .await,
        StatusCode::PRECONDITION_FAILED,
    )
    .await;

    for (bad, field) in [
        (
            json!({"problem_areas": [], "summary": "", "goals": []}),
            "problem_areas",
        ),
        (
            json!({"problem_areas": ["grief"], "summary": "", "goals": [{"problem_area": "role_dispute", "text": "x"}]}),
            "goals[0].problem_area",
        ),
        (
            json!({"problem_areas": ["grief"], "summary": "", "goals": [], "role_dispute": {"stage": "impasse"}}),
            "role_dispute",
        ),
        (
            json!({"problem_areas": ["grief"], "summary": "", "goals": [], "grief": {"person": "  "}}),
            "grief.person",
        ),
        (
            json!({"problem_areas": ["grief"], "summary": "x".repeat(4001), "goals": []}),
            "summary",
        ),
    ] {
        let problem = assert_problem(
            app.put(&path, Some(&therapist.access_token), &bad).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert!(problem["errors"][field].is_array(), "{field}: {problem}");
    }
    let unknown_stage = json!({"problem_areas": ["role_dispute"], "summary": "", "goals": [], "role_dispute": {"stage": "war"}});
    assert_problem(
        app.put(&path, Some(&therapist.access_token), &unknown_stage)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
}

#[tokio::test]
async fn the_relapse_plan_is_versioned_and_both_documents_reach_the_phone_and_the_export() {
    let app = spawn_app().await;
    app.clock.set(at("2026-06-17T12:00:00Z"));
    let therapist = app.therapist().await;
    let client = app.client_in(&therapist, "UTC", "2026-06-03").await;
    let base = format!("/api/v1/clients/{}", client.id);
    let plan = json!({
        "warning_signs": [" Waking at 4 every night "], "what_helped": ["Telling Ana how I feel"],
        "people_to_contact": [{"name": "Ana", "phone": "+49 30 1234567"}],
        "when_to_seek_help": ["Low mood for two weeks"]
    });
    assert_problem(
        app.get(&format!("{base}/relapse-plan"), Some(&client.access_token))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let res = app
        .put(
            &format!("{base}/relapse-plan"),
            Some(&client.access_token),
            &plan,
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let stored = body(res).await;
    assert_eq!(stored["warning_signs"], json!(["Waking at 4 every night"]));
    assert_eq!(stored["updated_by"], "client");
    let res = put(
        &app,
        &therapist.access_token,
        &format!("{base}/relapse-plan"),
        &plan,
        Some("\"1\""),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["etag"], "\"2\"");
    assert_problem(
        put(
            &app,
            &client.access_token,
            &format!("{base}/relapse-plan"),
            &plan,
            Some("\"1\""),
        )
        .await,
        StatusCode::PRECONDITION_FAILED,
    )
    .await;
    let empty_line = json!({"warning_signs": [""], "what_helped": [], "people_to_contact": [], "when_to_seek_help": []});
    let problem = assert_problem(
        app.put(
            &format!("{base}/relapse-plan"),
            Some(&client.access_token),
            &empty_line,
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        problem["errors"]["warning_signs[0]"].is_array(),
        "{problem}"
    );

    let before = body(
        app.get(&format!("{base}/changes"), Some(&client.access_token))
            .await,
    )
    .await;
    let cursor = before["next_cursor"].as_str().expect("a cursor").to_owned();
    let goals = json!([{"problem_area": "role_dispute", "text": "Say what I need"}]);
    let written = body(
        put(
            &app,
            &therapist.access_token,
            &format!("{base}/formulation"),
            &formulation(goals),
            None,
        )
        .await,
    )
    .await;
    let goal = written["goals"][0]["id"]
        .as_str()
        .expect("a goal id")
        .to_owned();

    // The phone sees the formulation once written, and again when a goal is rated.
    let feed = body(
        app.get(
            &format!("{base}/changes?since={cursor}"),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    let kinds: Vec<&str> = feed["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter_map(|c| c["type"].as_str())
        .collect();
    // The formulation, and the client's record whose problem areas it set, written together.
    assert_eq!(kinds, vec!["client", "formulation"]);
    let cursor = feed["next_cursor"].as_str().expect("a cursor").to_owned();
    let rated = json!({"status": "held", "goal_ratings": [{"goal_id": goal, "rating": 5}]});
    assert_eq!(
        app.put(
            &format!("{base}/sessions/3"),
            Some(&therapist.access_token),
            &rated
        )
        .await
        .status(),
        StatusCode::OK
    );
    let feed = body(
        app.get(
            &format!("{base}/changes?since={cursor}"),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    let formulation_change = feed["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .find(|c| c["type"] == "formulation")
        .cloned()
        .expect("the rated formulation is sent again");
    assert_eq!(
        formulation_change["data"]["goals"][0]["ratings"][0]["rating"],
        5
    );
    let full = body(
        app.get(&format!("{base}/changes"), Some(&client.access_token))
            .await,
    )
    .await;
    assert!(
        full["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .any(|c| c["type"] == "relapse_plan")
    );

    let export = body(
        app.get(&format!("{base}/export"), Some(&client.access_token))
            .await,
    )
    .await;
    assert_eq!(export["relapse_plan"]["version"], 2);
    assert_eq!(export["formulation"]["goals"][0]["ratings"][0]["rating"], 5);
    let sessions = export["sessions"].as_array().expect("sessions");
    assert_eq!(sessions.len(), 12);
    assert_eq!(sessions[2]["confirmed"], true);
    assert_eq!(
        sessions[2]["goal_ratings"],
        json!([{"goal_id": goal, "rating": 5}])
    );
    let fhir = body(
        app.get(
            &format!("{base}/export?format=fhir"),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    let types: Vec<&str> = fhir["entry"]
        .as_array()
        .map(|e| {
            e.iter()
                .filter_map(|x| x["resource"]["resourceType"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        types.contains(&"Goal") && types.contains(&"Encounter"),
        "{types:?}"
    );
}

#[tokio::test]
async fn a_session_set_back_from_held_loses_its_ratings_in_the_trail_and_on_the_phone() {
    let app = spawn_app().await;
    app.clock.set(at("2026-06-17T12:00:00Z"));
    let therapist = app.therapist().await;
    let t = therapist.access_token.as_str();
    let client = app.client_in(&therapist, "UTC", "2026-06-03").await;
    let base = format!("/api/v1/clients/{}", client.id);
    let goals =
        json!([{"problem_area": "role_dispute", "text": "Say what I need without a fight"}]);
    let res = put(
        &app,
        t,
        &format!("{base}/formulation"),
        &formulation(goals),
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let goal = body(res).await["goals"][0]["id"].clone();
    let session = format!("{base}/sessions/2");

    // Ratings only at a held session.
    for status in ["planned", "no_show"] {
        let problem = assert_problem(
            app.put(
                &session,
                Some(t),
                &json!({"status": status, "goal_ratings": [{"goal_id": goal, "rating": 5}]}),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert!(problem["errors"]["goal_ratings"].is_array(), "{problem}");
    }
    let held = json!({"status": "held", "goal_ratings": [{"goal_id": goal, "rating": 5}]});
    assert_eq!(
        app.put(&session, Some(t), &held).await.status(),
        StatusCode::OK
    );
    let read = body(app.get(&format!("{base}/formulation"), Some(t)).await).await;
    assert_eq!(
        read["goals"][0]["ratings"].as_array().map(Vec::len),
        Some(1)
    );
    let feed = body(
        app.get(&format!("{base}/changes"), Some(&client.access_token))
            .await,
    )
    .await;
    assert_eq!(feed["has_more"], false);
    let cursor = feed["next_cursor"].as_str().expect("a cursor").to_owned();

    // Set back to missed: the rating goes, the trail says so, and the phone is sent the
    // formulation again without it.
    let res = app
        .put(&session, Some(t), &json!({"status": "no_show"}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let read = body(app.get(&format!("{base}/formulation"), Some(t)).await).await;
    assert_eq!(read["goals"][0]["ratings"], json!([]));
    let trail = body(app.get(&format!("{base}/audit?limit=200"), Some(t)).await).await;
    let removed: Vec<&Value> = trail["items"]
        .as_array()
        .expect("a trail")
        .iter()
        .filter(|e| e["action"] == "goal_ratings_removed")
        .collect();
    assert_eq!(removed.len(), 1, "{trail}");
    assert_eq!(removed[0]["object_type"], "treatment_session");
    let feed = body(
        app.get(
            &format!("{base}/changes?since={cursor}"),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    let sent = feed["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .find(|c| c["type"] == "formulation")
        .cloned()
        .expect("the formulation is sent again");
    assert_eq!(sent["data"]["goals"][0]["ratings"], json!([]));

    // Set back again (nothing left to remove): no second entry.
    let res = app
        .put(&session, Some(t), &json!({"status": "planned"}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let trail = body(app.get(&format!("{base}/audit?limit=200"), Some(t)).await).await;
    let removed = trail["items"]
        .as_array()
        .expect("a trail")
        .iter()
        .filter(|e| e["action"] == "goal_ratings_removed")
        .count();
    assert_eq!(removed, 1);
}
