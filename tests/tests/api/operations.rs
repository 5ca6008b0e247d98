use ipt_tests::{assert_problem, body, spawn_app, spawn_app_with};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn healthz_and_readyz_answer_200() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz", None).await.status(), StatusCode::OK);
    assert_eq!(app.get("/readyz", None).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn readyz_answers_503_and_requests_503_while_the_database_is_gone() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    app.db.close_by_ref().await.expect("the pool closes");

    assert_problem(
        app.get("/readyz", None).await,
        StatusCode::SERVICE_UNAVAILABLE,
    )
    .await;
    let res = app
        .get("/api/v1/clients", Some(&therapist.access_token))
        .await;
    let retry_after = res.headers().get("retry-after").cloned();
    assert_problem(res, StatusCode::SERVICE_UNAVAILABLE).await;
    assert!(retry_after.is_some());
    // Liveness does not depend on the database.
    assert_eq!(app.get("/healthz", None).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn metrics_count_requests_by_route_pattern_and_status() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let res = app
        .get(
            &format!("/api/v1/clients/{}", client.id),
            Some(&therapist.access_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    let metrics = app.metrics().await;
    assert!(
        metrics.contains(r#"http_requests_total{method="GET",route="/api/v1/clients/{client_id}",status="200"} 1"#),
        "{metrics}"
    );
    assert!(metrics.contains("http_request_duration_seconds_bucket"));
    // Route patterns, not paths: no ids in label values.
    assert!(!metrics.contains(&client.id.to_string()));
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = spawn_app().await;
    let a = app.get("/healthz", None).await;
    let b = app.get("/healthz", None).await;
    let id = |r: &reqwest::Response| {
        r.headers()
            .get("x-request-id")
            .map(|v| v.to_str().unwrap_or_default().to_owned())
    };
    assert!(id(&a).is_some());
    assert_ne!(id(&a), id(&b));
}

#[tokio::test]
async fn the_openapi_document_lists_every_route_of_the_contract() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let doc = body(res).await;
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    let paths = doc["paths"].as_object().expect("paths");
    for (path, method) in [
        ("/api/v1/therapists", "post"),
        ("/api/v1/auth/login", "post"),
        ("/api/v1/auth/refresh", "post"),
        ("/api/v1/auth/logout", "post"),
        ("/api/v1/auth/invite", "post"),
        ("/api/v1/me", "get"),
        ("/api/v1/clients", "post"),
        ("/api/v1/clients", "get"),
        ("/api/v1/clients/{client_id}", "get"),
        ("/api/v1/clients/{client_id}/invite", "post"),
        ("/api/v1/clients/{client_id}/checkins", "post"),
        ("/api/v1/clients/{client_id}/checkins", "get"),
        ("/api/v1/exercises", "get"),
        ("/api/v1/clients/{client_id}/exercise-logs", "post"),
        ("/api/v1/clients/{client_id}/exercise-logs", "get"),
        ("/api/v1/clients/{client_id}/homework", "post"),
        ("/api/v1/clients/{client_id}/homework", "get"),
        (
            "/api/v1/clients/{client_id}/homework/{homework_id}/completion",
            "post",
        ),
        ("/api/v1/clients/{client_id}/relationships", "post"),
        ("/api/v1/clients/{client_id}/relationships", "get"),
        ("/api/v1/clients/{client_id}/changes", "get"),
        ("/api/v1/clients/{client_id}/reminders", "put"),
        ("/api/v1/clients/{client_id}/reminders", "get"),
        ("/api/v1/clients/{client_id}/devices", "post"),
        ("/api/v1/clients/{client_id}/devices", "get"),
        ("/api/v1/clients/{client_id}/devices/{device_id}", "delete"),
        ("/api/v1/clients/{client_id}/treatment", "put"),
        ("/api/v1/clients/{client_id}/notifications", "get"),
        ("/api/v1/dashboard", "get"),
        ("/api/v1/clients/{client_id}/summary", "get"),
        (
            "/api/v1/clients/{client_id}/notifications/{notification_id}/opened",
            "post",
        ),
        ("/api/v1/alerts", "get"),
        ("/api/v1/alerts/{alert_id}/acknowledge", "post"),
        ("/api/v1/openapi.json", "get"),
    ] {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} missing"
        );
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    // The operations endpoints are described with the pages, apart from the API.
    let pages = body(app.get("/openapi.pages.json", None).await).await;
    for path in ["/healthz", "/readyz"] {
        assert!(paths.get(path).is_none(), "{path} in the API document");
        assert!(pages["paths"][path]["get"].is_object(), "{path} missing");
    }
    // Metrics are served on a listener of their own (IPT_METRICS_BIND), in neither.
    assert!(paths.get("/metrics").is_none());
    assert!(pages["paths"].get("/metrics").is_none());
}

#[tokio::test]
async fn the_sqlite_database_runs_with_wal_full_sync_and_foreign_keys() {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let app = spawn_app().await;
    if app.db.get_database_backend() != DbBackend::Sqlite {
        return;
    }
    let pragma = |name: &'static str| {
        let db = app.db.clone();
        async move {
            let row = db
                .query_one_raw(Statement::from_string(
                    DbBackend::Sqlite,
                    format!("PRAGMA {name}"),
                ))
                .await
                .expect("pragma")
                .expect("a row");
            row.try_get_by_index::<String>(0)
                .or_else(|_| row.try_get_by_index::<i64>(0).map(|n| n.to_string()))
                .expect("a value")
        }
    };
    assert_eq!(pragma("journal_mode").await, "wal");
    assert_eq!(pragma("synchronous").await, "2");
    assert_eq!(pragma("foreign_keys").await, "1");
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// Whatever database the suite runs on, this test is about SQLite's files.
#[cfg(unix)]
#[tokio::test]
async fn the_sqlite_database_and_its_wal_are_readable_by_the_owner_alone() {
    let root = tempfile::tempdir().expect("a folder");
    let folder = root.path().join("data").join("clinic");
    let file = folder.join("ipt.db");
    let url = format!("sqlite://{}", file.display());
    let app = spawn_app_with(move |s| s.database_url = url).await;
    // A write, so that the WAL holds something.
    let therapist = app.therapist().await;
    let res = app.get("/api/v1/me", Some(&therapist.access_token)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(body(res).await["id"], therapist.id.to_string());

    assert_eq!(mode(&file), 0o600, "the database file");
    let wal = std::path::PathBuf::from(format!("{}-wal", file.display()));
    assert!(wal.exists(), "WAL mode keeps a -wal file");
    assert_eq!(mode(&wal), 0o600, "the WAL");
    assert_eq!(mode(&folder), 0o700, "the folder made for it");
    assert_eq!(
        mode(&root.path().join("data")),
        0o700,
        "and its parent made for it"
    );
}

#[cfg(unix)]
#[tokio::test]
async fn a_database_file_left_readable_by_others_is_narrowed_at_start() {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().expect("a folder");
    let file = root.path().join("old.db");
    std::fs::write(&file, b"").expect("an empty file");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let url = format!("sqlite://{}", file.display());
    let app = spawn_app_with(move |s| s.database_url = url).await;
    let res = app
        .post(
            "/api/v1/therapists",
            None,
            &json!({"email": "a@example.org", "password": "a long enough passphrase", "display_name": "A"}),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    assert_eq!(mode(&file), 0o600);
}

#[tokio::test]
async fn metrics_are_served_on_their_own_listener_and_the_public_one_answers_404() {
    let app = ipt_tests::spawn_app().await;
    let res = app.get("/metrics", None).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let metrics = app.metrics().await;
    assert!(metrics.contains("http_requests_total"), "{metrics}");
    // The metrics listener serves nothing else.
    let address = app.metrics_address.clone().expect("a metrics listener");
    let res = app
        .api
        .get(format!("{address}/api/v1/openapi.json"))
        .send()
        .await
        .expect("an answer");
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // Unset, there is no metrics listener at all.
    let quiet = spawn_app_with(|s| s.metrics_bind = None).await;
    assert!(quiet.metrics_address.is_none());
    assert_eq!(
        quiet.get("/metrics", None).await.status(),
        StatusCode::NOT_FOUND
    );
}
