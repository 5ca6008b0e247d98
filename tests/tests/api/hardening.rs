//! Issue 15's findings, each as a test: what an attack run found and a security review asks.

use ipt_tests::{body, spawn_app_with};
use reqwest::StatusCode;
use serde_json::json;

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

#[tokio::test]
async fn every_failure_of_the_web_sign_in_answers_the_form_with_a_message_in_html() {
    let app = ipt_tests::spawn_app().await;
    let url = format!("{}/login", app.address);
    let cases: [(Option<&str>, &str, StatusCode, &str); 4] = [
        (
            None,
            "email=a%40example.org&password=x",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "not sent as a web form",
        ),
        (
            Some("application/x-www-form-urlencoded"),
            "email=a%40example.org",
            StatusCode::BAD_REQUEST,
            "incomplete or malformed",
        ),
        (
            Some("application/json"),
            "{}",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "not sent as a web form",
        ),
        (
            Some("application/x-www-form-urlencoded"),
            "email=a%40example.org&password=x&csrf=forged",
            StatusCode::FORBIDDEN,
            "had expired",
        ),
    ];
    for (content_type, form, status, says) in cases {
        let mut req = app.api.post(&url).body(form.to_owned());
        if let Some(ct) = content_type {
            req = req.header("content-type", ct);
        }
        let res = req.send().await.expect("an answer");
        assert_eq!(res.status(), status, "{form}");
        let ct = res.headers()["content-type"]
            .to_str()
            .unwrap_or_default()
            .to_owned();
        assert!(ct.starts_with("text/html"), "{ct}");
        assert!(
            res.headers()
                .get_all("set-cookie")
                .iter()
                .any(|c| c.to_str().is_ok_and(|c| c.starts_with("ipt_login_csrf="))),
            "a fresh form with its CSRF cookie"
        );
        let html = res.text().await.expect("html");
        assert!(html.contains("<form class=\"login\""), "{html}");
        assert!(html.contains(says), "{says}: {html}");
    }
    // Another page's unreadable form: HTML with the way back, never actix's plain text.
    let res = app
        .api
        .post(format!("{}/password-reset", app.address))
        .body("email=a%40example.org")
        .send()
        .await
        .expect("an answer");
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let html = res.text().await.expect("html");
    assert!(html.contains("The form could not be read"), "{html}");
}

/// Issue 22, part 7: what is copied into an e-mail or shown as one line cannot carry a line
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
