//! Psychoeducation readings: a library for every phase that a clinic can replace without a
//! rebuild, and which readings each client opened.

use ipt_tests::{assert_problem, body, spawn_app, spawn_app_with};
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::BTreeSet;

#[tokio::test]
async fn every_phase_has_readings_and_the_sick_role_comes_first() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    assert_problem(
        app.get("/api/v1/readings", None).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    let res = app
        .get("/api/v1/readings", Some(&client.access_token))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let items = body(res).await["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(items.len() >= 8, "{} readings", items.len());
    let phases: BTreeSet<&str> = items.iter().filter_map(|r| r["phase"].as_str()).collect();
    assert_eq!(
        phases,
        BTreeSet::from(["ended", "initial", "middle", "termination"])
    );
    assert_eq!(items[0]["key"], "depression_is_an_illness");
    assert!(
        items[0]["body"].as_array().is_some_and(|b| b
            .iter()
            .any(|p| p.as_str().is_some_and(|p| p.contains("sick role")))),
        "{}",
        items[0]
    );
}

#[tokio::test]
async fn a_client_opens_a_reading_once_and_its_therapist_sees_when() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let other = app.client_of(&therapist).await;
    let opened = |key: &str| format!("/api/v1/clients/{}/readings/{key}/opened", client.id);
    let first = app
        .post(
            &opened("what_is_ipt"),
            Some(&client.access_token),
            &Value::Null,
        )
        .await;
    assert_eq!(first.status(), StatusCode::OK);
    let first = body(first).await;
    app.clock.advance(chrono::Duration::minutes(10));
    let again = body(
        app.post(
            &opened("what_is_ipt"),
            Some(&client.access_token),
            &Value::Null,
        )
        .await,
    )
    .await;
    assert_eq!(
        again["opened_at"], first["opened_at"],
        "the first opening is kept"
    );
    assert_problem(
        app.post(
            &opened("no_such_reading"),
            Some(&client.access_token),
            &Value::Null,
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_problem(
        app.post(
            &opened("what_is_ipt"),
            Some(&therapist.access_token),
            &Value::Null,
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_problem(
        app.post(
            &opened("what_is_ipt"),
            Some(&other.access_token),
            &Value::Null,
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;

    let res = app
        .get(
            &format!("/api/v1/clients/{}/readings", client.id),
            Some(&therapist.access_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let items = body(res).await["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let status = |key: &str| {
        items
            .iter()
            .find(|r| r["key"] == key)
            .map(|r| r["opened_at"].clone())
    };
    assert_eq!(status("what_is_ipt"), Some(first["opened_at"].clone()));
    assert_eq!(status("four_problem_areas"), Some(Value::Null));

    // The phone learns of it through the sync feed too.
    let feed = body(
        app.get(
            &format!("/api/v1/clients/{}/changes", client.id),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    assert!(
        feed["changes"].as_array().is_some_and(|c| c
            .iter()
            .any(|c| c["type"] == "reading_opened" && c["data"]["key"] == "what_is_ipt")),
        "{feed}"
    );
}

#[tokio::test]
async fn a_clinic_replaces_the_readings_with_its_own_file() {
    let dir = std::env::temp_dir().join(format!("readings-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).expect("a directory");
    let path = dir.join("readings.json");
    let own = serde_json::json!({"readings": [
        {"key": "clinic_welcome", "title": "Welcome to our clinic", "phase": "initial", "minutes": 1, "body": ["Hello."]},
        {"key": "clinic_middle", "title": "Middle", "phase": "middle", "minutes": 1, "body": ["Keep going."]},
        {"key": "clinic_end", "title": "Ending", "phase": "termination", "minutes": 1, "body": ["Nearly there."]},
        {"key": "clinic_after", "title": "After", "phase": "ended", "minutes": 1, "body": ["Stay well."]}
    ]});
    std::fs::write(&path, own.to_string()).expect("written");
    let app = spawn_app_with(|s| s.readings = Some(path.clone())).await;
    let therapist = app.therapist().await;
    let items = body(
        app.get("/api/v1/readings", Some(&therapist.access_token))
            .await,
    )
    .await["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let keys: Vec<&str> = items.iter().filter_map(|r| r["key"].as_str()).collect();
    assert_eq!(
        keys,
        [
            "clinic_welcome",
            "clinic_middle",
            "clinic_end",
            "clinic_after"
        ]
    );
}
