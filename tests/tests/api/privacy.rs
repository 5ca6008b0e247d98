//! The audit trail, export and erasure.

use ipt_tests::{PASSWORD, TestApp, assert_problem, body, spawn_app};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

async fn audit_rows(app: &TestApp) -> Vec<Value> {
    let backend = app.db.get_database_backend();
    let rows = app
        .db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT actor_role, action, object_type, outcome, source, client_id FROM audit_log ORDER BY id",
        ))
        .await
        .expect("rows");
    rows.iter()
        .map(|r| {
            let text = |c: &str| r.try_get::<Option<String>>("", c).ok().flatten();
            let client = r.try_get::<Option<uuid::Uuid>>("", "client_id").ok().flatten();
            json!({"actor_role": text("actor_role"), "action": text("action"), "object_type": text("object_type"),
                   "outcome": text("outcome"), "source": text("source"), "client_id": client})
        })
        .collect()
}

fn count(rows: &[Value], action: &str, object: &str) -> usize {
    rows.iter()
        .filter(|r| r["action"] == action && r["object_type"] == object)
        .count()
}

#[tokio::test]
async fn every_read_by_the_therapist_and_every_write_leaves_exactly_one_audit_row() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let before = audit_rows(&app).await;
    assert_eq!(count(&before, "sign_up", "therapist"), 1);
    assert_eq!(
        count(&before, "sign_in", "session"),
        2,
        "the therapist and the phone"
    );
    assert_eq!(count(&before, "create", "client"), 1);

    let res = app
        .checkin(
            &client,
            &json!({"recorded_at": "2026-03-01T10:00:00Z", "mood": 4, "note": "private words"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let path = format!("/api/v1/clients/{}/checkins", client.id);
    assert_eq!(
        app.get(&path, Some(&therapist.access_token)).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.get(&path, Some(&client.access_token)).await.status(),
        StatusCode::OK
    );

    let after = audit_rows(&app).await;
    assert_eq!(count(&after, "create", "checkin"), 1);
    assert_eq!(
        count(&after, "read", "checkins"),
        1,
        "the therapist's read, not the client's own"
    );
    let read = after
        .iter()
        .find(|r| r["action"] == "read")
        .expect("a read");
    assert_eq!(read["actor_role"], "therapist");
    assert_eq!(read["source"], "127.0.0.1");
    assert_eq!(read["client_id"], client.id.to_string());
    let everything = serde_json::to_string(&after).expect("json");
    assert!(
        !everything.contains("private words"),
        "no clinical content in the trail"
    );

    // The client sees who read its data; the therapist sees the whole trail.
    let log = body(
        app.get(
            &format!("/api/v1/clients/{}/access-log", client.id),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    let entries = log["items"].as_array().expect("items");
    assert!(entries.iter().all(|e| e["actor_role"] == "therapist"));
    assert!(
        entries
            .iter()
            .any(|e| e["action"] == "read" && e["object_type"] == "checkins")
    );
    let trail = body(
        app.get(
            &format!("/api/v1/clients/{}/audit", client.id),
            Some(&therapist.access_token),
        )
        .await,
    )
    .await;
    assert!(
        trail["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|e| e["action"] == "create" && e["object_type"] == "checkin")
    );
    assert_problem(
        app.get(
            &format!("/api/v1/clients/{}/audit", client.id),
            Some(&client.access_token),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
}

#[tokio::test]
async fn failed_sign_ins_and_authorization_failures_are_recorded_without_personal_data() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let stranger = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let (status, _) = app.login(&therapist.email, "wrong password!").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let res = app
        .post(
            "/api/v1/auth/invite",
            None,
            &json!({"code": "NOPE-NOPE-NOPE"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app
        .get(
            &format!("/api/v1/clients/{}/checkins", client.id),
            Some(&stranger.access_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .get("/api/v1/dashboard", Some(&client.access_token))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let rows = audit_rows(&app).await;
    assert_eq!(count(&rows, "sign_in_failed", "therapist"), 1);
    assert_eq!(count(&rows, "sign_in_failed", "invite"), 1);
    let denied: Vec<_> = rows.iter().filter(|r| r["action"] == "denied").collect();
    assert_eq!(denied.len(), 2, "{denied:?}");
    assert!(denied.iter().all(|r| r["outcome"] == "denied"));
    let everything = serde_json::to_string(&rows).expect("json");
    assert!(
        !everything.contains(&therapist.email),
        "no e-mail in the trail"
    );
}

#[tokio::test]
async fn the_audit_trail_is_append_only() {
    let app = spawn_app().await;
    app.therapist().await;
    let backend = app.db.get_database_backend();
    for sql in [
        "UPDATE audit_log SET outcome = 'tampered'",
        "DELETE FROM audit_log",
    ] {
        let result = app
            .db
            .execute_raw(Statement::from_string(backend, sql))
            .await;
        assert!(result.is_err(), "{sql} must be refused");
    }
    assert!(!audit_rows(&app).await.is_empty());
}

#[tokio::test]
async fn a_client_exports_everything_as_json_and_as_a_fhir_bundle() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let base = format!("/api/v1/clients/{}", client.id);
    app.post(
        &format!("{base}/relationships"),
        Some(&client.access_token),
        &json!({"label": "Mum", "closeness": 1}),
    )
    .await;
    app.checkin(&client, &json!({"recorded_at": "2026-03-01T10:00:00Z", "mood": 4, "phq9": [1, 2, 1, 1, 0, 1, 1, 0, 0], "gad7": [1, 1, 1, 1, 1, 1, 1]})).await;
    // An ASQ screen: the FHIR validation in CI then covers its QuestionnaireResponse.
    let screened = app
        .post(
            &format!("{base}/risk-screens"),
            Some(&client.access_token),
            &json!({"id": uuid::Uuid::new_v4(), "recorded_at": "2026-03-01T10:05:00Z", "instrument": "asq",
                    "answers": {"q1": true, "q2": false, "q3": false, "q4": false, "q5": false}}),
        )
        .await;
    assert_eq!(screened.status(), reqwest::StatusCode::CREATED);
    app.post(
        &format!("{base}/homework"),
        Some(&therapist.access_token),
        &json!({"title": "Call Mum", "due_at": "2026-12-09T10:00:00Z"}),
    )
    .await;
    // A goal rated at a held session: the FHIR validation in CI then covers Goal, Encounter
    // and the rating's Observation.
    let formulation = body(
        app.put(
            &format!("{base}/formulation"),
            Some(&therapist.access_token),
            &json!({"problem_areas": ["grief"], "summary": "Grieving her mother",
                    "goals": [{"problem_area": "grief", "text": "Visit the grave with my sister"}],
                    "grief": {"person": "My mother"}}),
        )
        .await,
    )
    .await;
    let goal = formulation["goals"][0]["id"].clone();
    let marked = app
        .put(
            &format!("{base}/sessions/1"),
            Some(&therapist.access_token),
            &json!({"status": "held", "goal_ratings": [{"goal_id": goal, "rating": 2}]}),
        )
        .await;
    assert_eq!(marked.status(), reqwest::StatusCode::OK);

    let export = body(
        app.get(&format!("{base}/export"), Some(&client.access_token))
            .await,
    )
    .await;
    assert_eq!(export["client"]["id"], client.id.to_string());
    assert_eq!(export["checkins"].as_array().map(Vec::len), Some(1));
    assert_eq!(export["relationships"].as_array().map(Vec::len), Some(1));
    assert_eq!(export["homework"].as_array().map(Vec::len), Some(1));
    assert!(export["reminder_settings"]["practice_prompts"].is_array());

    let res = app
        .get(
            &format!("{base}/export?format=fhir"),
            Some(&therapist.access_token),
        )
        .await;
    assert_eq!(
        res.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/fhir+json")
    );
    let bundle = body(res).await;
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["type"], "collection");
    let resources: Vec<&Value> = bundle["entry"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| &e["resource"])
        .collect();
    let of_type = |t: &str| resources.iter().filter(|r| r["resourceType"] == t).count();
    assert_eq!(of_type("Patient"), 1);
    assert_eq!(of_type("QuestionnaireResponse"), 2, "the PHQ-9 and the ASQ");
    assert_eq!(
        of_type("Observation"),
        4,
        "mood, PHQ-9 total, GAD-7 total, goal progress"
    );
    assert_eq!(of_type("CarePlan"), 1);
    assert_eq!(of_type("Goal"), 1);
    assert_eq!(of_type("Encounter"), 12);
    assert_eq!(of_type("Task"), 1);
    let codes: Vec<&str> = resources
        .iter()
        .filter_map(|r| r["code"]["coding"][0]["code"].as_str())
        .collect();
    assert!(codes.contains(&"44261-6") && codes.contains(&"70274-6"));
    let qr = resources
        .iter()
        .find(|r| r["questionnaire"] == "http://loinc.org/q/44249-1")
        .expect("a response");
    assert_eq!(qr["item"].as_array().map(Vec::len), Some(9));
    let asq = resources
        .iter()
        .find(|r| r["questionnaire"] == "urn:ipt-companion:questionnaire:asq")
        .expect("the screen");
    assert_eq!(
        asq["item"].as_array().map(Vec::len),
        Some(6),
        "q1–q5 and the outcome"
    );
    if let Ok(dir) = std::env::var("IPT_FHIR_SAMPLE_DIR") {
        std::fs::write(
            std::path::Path::new(&dir).join(format!("bundle-{}.json", client.id)),
            bundle.to_string(),
        )
        .expect("written");
    }
    let rows = audit_rows(&app).await;
    assert_eq!(count(&rows, "export", "client"), 2);
}

#[tokio::test]
async fn erasure_removes_every_record_and_sign_in_but_keeps_the_audit_trail() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let stranger = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let base = format!("/api/v1/clients/{}", client.id);
    app.checkin(&client, &json!({"recorded_at": "2026-03-01T10:00:00Z", "mood": 4, "phq9": [0, 0, 0, 0, 0, 0, 0, 0, 1]})).await;
    app.register_device(&client, "phone-token").await;
    assert_problem(
        app.delete(&base, Some(&stranger.access_token)).await,
        StatusCode::NOT_FOUND,
    )
    .await;

    assert_eq!(
        app.delete(&base, Some(&client.access_token)).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get(&base, Some(&client.access_token)).await.status(),
        StatusCode::UNAUTHORIZED,
        "its sign-ins are gone"
    );
    assert_problem(
        app.get(&base, Some(&therapist.access_token)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let backend = app.db.get_database_backend();
    for table in [
        "checkins",
        "devices",
        "reminder_outbox",
        "reminder_settings",
        "invites",
    ] {
        let row = app
            .db
            .query_one_raw(Statement::from_string(
                backend,
                format!(
                    "SELECT COUNT(*) FROM {table} WHERE client_id = '{}'",
                    client.id
                ),
            ))
            .await
            .expect("counted");
        // SQLite stores UUIDs as blobs; count all rows instead there (this test owns its database).
        let all = app
            .db
            .query_one_raw(Statement::from_string(
                backend,
                format!("SELECT COUNT(*) FROM {table}"),
            ))
            .await
            .expect("counted");
        let n: i64 = row.and_then(|r| r.try_get_by_index(0).ok()).unwrap_or(0);
        let total: i64 = all.and_then(|r| r.try_get_by_index(0).ok()).unwrap_or(-1);
        assert_eq!(n, 0, "{table}");
        assert_eq!(total, 0, "{table}");
    }
    // The open safety alert stays, as a minimal record, until it is acknowledged.
    let open = body(
        app.get("/api/v1/alerts", Some(&therapist.access_token))
            .await,
    )
    .await;
    assert_eq!(open["items"][0]["client_erased"], true);
    assert_eq!(open["items"][0]["checkin_id"], serde_json::Value::Null);
    let rows = audit_rows(&app).await;
    assert_eq!(count(&rows, "erase", "client"), 1);
    assert!(
        rows.iter()
            .any(|r| r["action"] == "create" && r["object_type"] == "checkin"),
        "history stays"
    );
    // The therapist can still sign in and see an empty list.
    let (status, _) = app.login(&therapist.email, PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn the_access_log_shows_who_read_and_when_but_never_an_address() {
    let app = ipt_tests::spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let res = app
        .get(
            &format!("/api/v1/clients/{}/checkins", client.id),
            Some(&therapist.access_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // The reads are written behind the answer, in batches; wait for this one.
    let mut items = Vec::new();
    for _ in 0..100 {
        let res = app
            .get(
                &format!("/api/v1/clients/{}/access-log", client.id),
                Some(&client.access_token),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        items = body(res).await["items"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if !items.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(!items.is_empty(), "the therapist's read is logged");
    for item in &items {
        assert_eq!(item["actor_role"], "therapist");
        assert!(item["at"].is_string());
        assert!(item["source"].is_null(), "no address: {item}");
    }
    // The therapist's own trail still says where the read came from.
    let res = app
        .get(
            &format!("/api/v1/clients/{}/audit", client.id),
            Some(&therapist.access_token),
        )
        .await;
    let rows = body(res).await["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        rows.iter()
            .any(|r| r["action"] == "read" && r["source"] == "127.0.0.1"),
        "{rows:?}"
    );
}

#[tokio::test]
async fn another_tenants_refused_attempt_is_in_the_actors_trail_not_the_clients() {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let app = ipt_tests::spawn_app().await;
    let therapist = app.therapist().await;
    let stranger = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let res = app
        .get(
            &format!("/api/v1/clients/{}/checkins", client.id),
            Some(&stranger.access_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // The client reaching its therapist's dashboard is its own tenant's refusal.
    let res = app
        .get("/api/v1/dashboard", Some(&client.access_token))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let res = app
        .get(
            &format!("/api/v1/clients/{}/audit", client.id),
            Some(&therapist.access_token),
        )
        .await;
    let rows = body(res).await["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        rows.iter()
            .all(|r| r["actor_id"] != stranger.id.to_string()),
        "no stranger in the client's trail: {rows:?}"
    );
    let n = entities::audit_entry::Entity::find()
        .filter(
            entities::audit_entry::Column::Action.eq(entities::audit_entry::AuditAction::Denied),
        )
        .filter(entities::audit_entry::Column::ActorId.eq(stranger.id))
        .filter(entities::audit_entry::Column::ClientId.is_null())
        .count(&app.db)
        .await
        .expect("a count");
    assert_eq!(n, 1, "the refusal is in the stranger's own trail");
}
