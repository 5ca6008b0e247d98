use ipt_tests::{assert_problem, body, spawn_app, spawn_app_with};
use reqwest::StatusCode;
use serde_json::json;

async fn post_raw(
    app: &ipt_tests::TestApp,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    app.api
        .post(format!("{}{}", app.address, path))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("answered")
}

#[tokio::test]
async fn malformed_json_is_400_problem_json() {
    let app = spawn_app().await;
    for raw in [
        &b"{\"email\": "[..],
        b"not json",
        b"{\"email\": \"a\"} trailing",
        b"",
    ] {
        let res = post_raw(&app, "/api/v1/auth/login", "application/json", raw.to_vec()).await;
        let problem = assert_problem(res, StatusCode::BAD_REQUEST).await;
        assert!(problem.get("errors").is_none());
    }
}

#[tokio::test]
async fn a_body_over_64_kib_is_413() {
    let app = spawn_app().await;
    let big = json!({"email": "a@example.org", "password": "x".repeat(70 * 1024)});
    let res = post_raw(
        &app,
        "/api/v1/auth/login",
        "application/json",
        serde_json::to_vec(&big).expect("json"),
    )
    .await;
    assert_problem(res, StatusCode::PAYLOAD_TOO_LARGE).await;
}

#[tokio::test]
async fn a_non_json_content_type_is_415() {
    let app = spawn_app().await;
    let res = post_raw(&app, "/api/v1/auth/login", "text/plain", b"{}".to_vec()).await;
    assert_problem(res, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
}

#[tokio::test]
async fn unknown_fields_wrong_types_and_missing_fields_are_422_by_field() {
    let app = spawn_app().await;
    let res = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"email": "a@example.org", "password": "p", "role": "admin"}),
        )
        .await;
    let problem = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem["errors"]["role"][0], "unknown field");

    let res = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"email": "a@example.org"}),
        )
        .await;
    let problem = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem["errors"]["password"][0], "is required");

    let res = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"email": 42, "password": "p"}),
        )
        .await;
    let problem = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(problem["errors"]["email"].is_array(), "{problem}");
}

#[tokio::test]
async fn unknown_routes_and_malformed_ids_are_404_problem_json() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    assert_problem(
        app.get("/api/v1/nothing-here", None).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let res = app
        .get("/api/v1/clients/not-a-uuid", Some(&therapist.access_token))
        .await;
    assert_problem(res, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn no_error_body_reveals_internals() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    app.db.close_by_ref().await.expect("closed");
    let res = app
        .get("/api/v1/clients", Some(&therapist.access_token))
        .await;
    let text = res.text().await.expect("text");
    for internal in ["sqlx", "sea_orm", "pool", "SELECT", "panicked", "DbErr"] {
        assert!(!text.contains(internal), "{internal} in {text}");
    }
}

#[tokio::test]
async fn a_control_character_in_free_text_is_a_422_by_field_on_every_database() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    // NUL cannot be stored in PostgreSQL text: before this rule it was a 500 there.
    let res = app
        .post(
            &format!("/api/v1/clients/{}/relationships", client.id),
            Some(&client.access_token),
            &serde_json::json!({"label": "Friend", "closeness": 2, "role": "a\u{0}b"}),
        )
        .await;
    let problem = assert_problem(res, reqwest::StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(problem["errors"]["role"].is_array(), "{problem}");
    let res = app
        .post(
            &format!("/api/v1/clients/{}/relationships", client.id),
            Some(&client.access_token),
            &serde_json::json!({"label": "Friend", "closeness": 2, "note": "line one\nline\ttwo"}),
        )
        .await;
    assert_eq!(res.status(), reqwest::StatusCode::CREATED);
}

/// Sends `head` and the start of a body that never finishes; answers what the server sent
/// back before it closed the connection (or after 15 s).
async fn trickle(port: u16, head: &str, start: &[u8]) -> (String, bool) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("a connection");
    stream.write_all(head.as_bytes()).await.expect("the head");
    stream.write_all(start).await.expect("a first byte");
    let mut answer = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(15),
        stream.read_to_end(&mut answer),
    )
    .await;
    (String::from_utf8_lossy(&answer).into_owned(), read.is_ok())
}

#[tokio::test]
async fn a_body_that_trickles_in_is_answered_408_and_its_connection_closed() {
    let app = spawn_app_with(|s| s.body_timeout_secs = 1).await;
    let head = "POST /api/v1/auth/login HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: 200\r\n\r\n";
    let (answer, closed) = trickle(app.port, head, b"{\"email\":\"").await;
    assert!(closed, "the server closed the connection");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");
    assert!(answer.contains("/problems/request-timeout"), "{answer}");

    // A body sent whole is read as before.
    let res = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"email": "nobody@example.org", "password": "not the password at all"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_web_form_that_trickles_in_does_not_hold_its_connection() {
    let app = spawn_app_with(|s| s.body_timeout_secs = 1).await;
    let head = "POST /login HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: 200\r\n\r\n";
    let (answer, closed) = trickle(app.port, head, b"email=").await;
    assert!(closed, "the server closed the connection: {answer}");
    assert!(answer.starts_with("HTTP/1.1 4"), "{answer}");
}

/// Asserts a 422 naming `field`.
async fn refused_on(res: reqwest::Response, field: &str) {
    let problem = ipt_tests::assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(problem["errors"][field].is_array(), "{field}: {problem}");
}

#[tokio::test]
async fn timestamps_outside_2000_to_tomorrow_or_2100_are_refused_by_field() {
    let app = ipt_tests::spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let c = client.id;
    let tomorrow_and_more = (app.now() + chrono::Duration::hours(25)).to_rfc3339();
    // Things that happened: 2000-01-01 up to a day after now.
    for at in [
        "0001-01-01T00:00:00Z",
        "1999-12-31T23:59:59Z",
        "9999-12-31T00:00:00Z",
        tomorrow_and_more.as_str(),
    ] {
        let res = app
            .checkin(&client, &json!({"mood": 5, "recorded_at": at}))
            .await;
        refused_on(res, "recorded_at").await;
        let res = app
            .post(
                &format!("/api/v1/clients/{c}/exercise-logs"),
                Some(&client.access_token),
                &json!({"exercise_key": "mood_relationship_diary", "practiced_at": at}),
            )
            .await;
        refused_on(res, "practiced_at").await;
    }
    let res = app
        .checkin(
            &client,
            &json!({"mood": 5, "recorded_at": "2000-01-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "2000-01-01 is accepted");

    // Things planned: 2000 to 2100.
    for due in [
        "1999-12-31T12:00:00Z",
        "2101-01-01T00:00:00Z",
        "9999-01-01T00:00:00Z",
    ] {
        let res = app
            .post(
                &format!("/api/v1/clients/{c}/homework"),
                Some(&therapist.access_token),
                &json!({"title": "Talk to a friend", "due_at": due}),
            )
            .await;
        refused_on(res, "due_at").await;
    }
    let res = app
        .post(
            &format!("/api/v1/clients/{c}/homework"),
            Some(&therapist.access_token),
            &json!({"title": "Talk to a friend", "due_at": "2100-12-31T12:00:00Z"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let homework = body(res).await;
    let res = app
        .post(
            &format!(
                "/api/v1/clients/{c}/homework/{}/completion",
                homework["id"].as_str().expect("an id")
            ),
            Some(&client.access_token),
            &json!({"completed_at": "1970-01-01T00:00:00Z"}),
        )
        .await;
    refused_on(res, "completed_at").await;

    let res = app
        .put(
            &format!("/api/v1/clients/{c}/sessions/2"),
            Some(&therapist.access_token),
            &json!({"status": "planned", "scheduled_for": "2200-01-01T10:00:00Z"}),
        )
        .await;
    refused_on(res, "scheduled_for").await;
    let res = app
        .put(
            &format!("/api/v1/clients/{c}/sessions/1"),
            Some(&therapist.access_token),
            &json!({"status": "held", "held_at": "1900-01-01T10:00:00Z"}),
        )
        .await;
    refused_on(res, "held_at").await;
}

/// What is copied into an e-mail or shown as one line cannot carry a line
/// break (a forged header or line), a line separator, or a direction override (a number or
/// name that displays as another).
#[tokio::test]
async fn single_line_texts_refuse_line_breaks_separators_and_direction_overrides() {
    let app = ipt_tests::spawn_app().await;
    let therapist = app.therapist().await;
    let token = Some(therapist.access_token.as_str());
    for phone in [
        "+49 30 1234\r\nBcc: x@example.org",
        "+49 30 1234\n",
        "+49 30\u{2028}1234",
        "+49 \u{202E}4321 03",
        "\u{2066}+49 30 1234\u{2069}",
    ] {
        let res = app
            .put(
                "/api/v1/me/safety-contacts",
                token,
                &json!({"phone": phone}),
            )
            .await;
        refused_on(res, "phone").await;
    }
    let res = app
        .put(
            "/api/v1/me/safety-contacts",
            token,
            &json!({"escalation_email": "lead@clinic.example\r\nBcc: x@example.org"}),
        )
        .await;
    refused_on(res, "escalation_email").await;
    for name in ["Sam\u{2028}Lee", "Sam \u{202E}eeL", "Sam\r\nLee"] {
        let res = app
            .post(
                "/api/v1/clients",
                token,
                &json!({"display_name": name, "timezone": "Europe/Berlin",
                        "treatment": {"start_date": "2026-01-05", "planned_sessions": 12}}),
            )
            .await;
        refused_on(res, "display_name").await;
    }
    // What one line may hold still passes.
    let res = app
        .put(
            "/api/v1/me/safety-contacts",
            token,
            &json!({"phone": "+49 (30) 1234-56"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(body(res).await["phone"], "+49 (30) 1234-56");
}
