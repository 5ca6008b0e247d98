use ipt_tests::{assert_problem, body, spawn_app};
use reqwest::StatusCode;

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
