use chrono::Duration;
use ipt_tests::{PASSWORD, assert_problem, body, sha256_hex, spawn_app, spawn_app_with};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn a_therapist_signs_up_and_sees_only_id_email_and_name() {
    let app = spawn_app().await;
    let res = app
        .post(
            "/api/v1/therapists",
            None,
            &json!({"email": "  Ada@Example.org ", "password": PASSWORD, "display_name": "Dr. Ada"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created = body(res).await;
    assert_eq!(created["email"], "ada@example.org");
    assert_eq!(created["display_name"], "Dr. Ada");
    let keys: Vec<_> = created
        .as_object()
        .expect("object")
        .keys()
        .cloned()
        .collect();
    assert_eq!(keys, ["display_name", "email", "id"]);
}

#[tokio::test]
async fn a_duplicate_email_is_409_whatever_its_case() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let res = app
        .post(
            "/api/v1/therapists",
            None,
            &json!({"email": therapist.email.to_uppercase(), "password": PASSWORD, "display_name": "Other"}),
        )
        .await;
    assert_problem(res, StatusCode::CONFLICT).await;
}

#[tokio::test]
async fn a_short_password_and_a_bad_email_are_422_by_field() {
    let app = spawn_app().await;
    let res = app
        .post(
            "/api/v1/therapists",
            None,
            &json!({"email": "not-an-email", "password": "short", "display_name": "X"}),
        )
        .await;
    let problem = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(problem["errors"]["email"].is_array(), "{problem}");
    assert_eq!(
        problem["errors"]["password"][0],
        "must be at least 12 characters"
    );
}

#[tokio::test]
async fn a_therapist_names_a_time_zone_at_sign_up_sees_it_in_me_and_changes_it() {
    let app = spawn_app().await;
    let res = app
        .post(
            "/api/v1/therapists",
            None,
            &json!({"email": "tz@example.org", "password": PASSWORD, "display_name": "Dr. Zone", "timezone": "Europe/Berlin"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let (_, tokens) = app.login("tz@example.org", PASSWORD).await;
    let token = tokens["access_token"].as_str().expect("a token");
    let me = body(app.get("/api/v1/me", Some(token)).await).await;
    assert_eq!(me["timezone"], "Europe/Berlin");

    let res = app
        .request(
            Method::PATCH,
            "/api/v1/me",
            Some(token),
            Some(&json!({"timezone": "America/Chicago"})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(body(res).await["timezone"], "America/Chicago");
    // Left out, it stays.
    let res = app
        .request(Method::PATCH, "/api/v1/me", Some(token), Some(&json!({})))
        .await;
    assert_eq!(body(res).await["timezone"], "America/Chicago");
    let me = body(app.get("/api/v1/me", Some(token)).await).await;
    assert_eq!(me["timezone"], "America/Chicago");

    // Without one, UTC; a client's `me` carries the client's own zone.
    let therapist = app.therapist().await;
    let me = body(app.get("/api/v1/me", Some(&therapist.access_token)).await).await;
    assert_eq!(me["timezone"], "UTC");
    let client = app.client_of(&therapist).await;
    let me = body(app.get("/api/v1/me", Some(&client.access_token)).await).await;
    assert_eq!(me["timezone"], "Europe/Berlin");
    // A client's phone sets the client's own zone (tests/api/i18n.rs has the rest).
    let res = app
        .request(
            Method::PATCH,
            "/api/v1/me",
            Some(&client.access_token),
            Some(&json!({"timezone": "UTC"})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(body(res).await["timezone"], "UTC");
}

#[tokio::test]
async fn an_unknown_time_zone_is_422_at_sign_up_and_when_changed() {
    let app = spawn_app().await;
    let res = app
        .post(
            "/api/v1/therapists",
            None,
            &json!({"email": "mars@example.org", "password": PASSWORD, "display_name": "Dr. Mars", "timezone": "Mars/Olympus_Mons"}),
        )
        .await;
    let problem = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(problem["errors"]["timezone"].is_array(), "{problem}");
    let (status, _) = app.login("mars@example.org", PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "no account was made");

    let therapist = app.therapist().await;
    for bad in [
        json!({"timezone": "Europe/Atlantis"}),
        json!({"timezone": ""}),
    ] {
        let problem = assert_problem(
            app.request(
                Method::PATCH,
                "/api/v1/me",
                Some(&therapist.access_token),
                Some(&bad),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert!(problem["errors"]["timezone"].is_array(), "{problem}");
    }
    let me = body(app.get("/api/v1/me", Some(&therapist.access_token)).await).await;
    assert_eq!(me["timezone"], "UTC", "unchanged");
}

#[tokio::test]
async fn sign_up_can_be_disabled() {
    let app = spawn_app_with(|s| s.allow_signup = false).await;
    let res = app
        .post(
            "/api/v1/therapists",
            None,
            &json!({"email": "a@example.org", "password": PASSWORD, "display_name": "A"}),
        )
        .await;
    assert_problem(res, StatusCode::FORBIDDEN).await;
}

#[tokio::test]
async fn login_returns_bearer_tokens_that_live_fifteen_minutes() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let (status, tokens) = app.login(&therapist.email, PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 900);
    let token = tokens["access_token"].as_str().expect("token");
    assert!(token.len() >= 22, "at least 128 bits");

    let me = body(app.get("/api/v1/me", Some(token)).await).await;
    assert_eq!(
        me,
        json!({"id": therapist.id.to_string(), "role": "therapist", "display_name": "Dr. Test", "timezone": "UTC"})
    );

    app.clock
        .advance(Duration::minutes(15) + Duration::seconds(1));
    let problem = assert_problem(
        app.get("/api/v1/me", Some(token)).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(problem["type"], "/problems/token-expired");
}

#[tokio::test]
async fn an_unknown_email_and_a_wrong_password_get_the_same_401() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let (s1, wrong_password) = app.login(&therapist.email, "wrong password here").await;
    let (s2, unknown_email) = app.login("nobody@example.org", PASSWORD).await;
    assert_eq!(s1, StatusCode::UNAUTHORIZED);
    assert_eq!(s2, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_password["type"], "/problems/invalid-credentials");
    assert_eq!(wrong_password, unknown_email);
}

#[tokio::test]
async fn tokens_are_stored_only_as_hashes() {
    use sea_orm::{ConnectionTrait, Statement};
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let backend = app.db.get_database_backend();
    let rows = app
        .db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT token_hash FROM auth_tokens",
        ))
        .await
        .expect("rows");
    assert!(!rows.is_empty());
    let stored: Vec<String> = rows
        .into_iter()
        .map(|row| row.try_get_by_index(0).expect("hash"))
        .collect();
    for token in [&therapist.access_token, &therapist.refresh_token] {
        assert!(!stored.contains(token));
        assert!(stored.contains(&sha256_hex(token)), "stored as its SHA-256");
    }
    assert!(stored.iter().all(|hash| hash.len() == 64));
    let hashes = app
        .db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT password_hash FROM therapists",
        ))
        .await
        .expect("rows");
    let hash: String = hashes[0].try_get_by_index(0).expect("hash");
    assert!(hash.starts_with("$argon2id$"), "{hash}");
}

#[tokio::test]
async fn refresh_rotates_and_the_old_refresh_token_stops_working_once_its_successor_is_used() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let res = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": therapist.refresh_token}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let fresh = body(res).await;
    assert_ne!(fresh["refresh_token"], therapist.refresh_token.as_str());
    // A retry of the same exchange (its answer lost) is answered with the same pair, but only
    // while neither new token was used, so the retry comes before the new access token's first
    // use.
    let again = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": therapist.refresh_token}),
        )
        .await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(body(again).await["refresh_token"], fresh["refresh_token"]);
    let new_access = fresh["access_token"].as_str().expect("token");
    assert_eq!(
        app.get("/api/v1/me", Some(new_access)).await.status(),
        StatusCode::OK
    );

    // Once the new refresh token was used, the old one is dead.
    let newer = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": fresh["refresh_token"]}),
        )
        .await;
    assert_eq!(newer.status(), StatusCode::OK);
    let again = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": therapist.refresh_token}),
        )
        .await;
    let problem = assert_problem(again, StatusCode::UNAUTHORIZED).await;
    assert_eq!(problem["type"], "/problems/refresh-reused");
}

#[tokio::test]
async fn reusing_a_rotated_refresh_token_revokes_the_whole_sign_in() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let fresh = body(
        app.post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": therapist.refresh_token}),
        )
        .await,
    )
    .await;
    let access = fresh["access_token"].as_str().expect("token");
    // The rightful phone uses its new pair (so its answer did arrive); then a thief replays the
    // stolen, already rotated token. (Theft because the new pair was used, not because the
    // replay is late.)
    assert_eq!(
        app.get("/api/v1/me", Some(access)).await.status(),
        StatusCode::OK
    );
    app.clock.advance(Duration::seconds(61));
    let replay = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": therapist.refresh_token}),
        )
        .await;
    let problem = assert_problem(replay, StatusCode::UNAUTHORIZED).await;
    assert_eq!(problem["type"], "/problems/refresh-reused");

    // Every token of that sign-in is now dead, including the newest pair.
    assert_eq!(
        app.get("/api/v1/me", Some(access)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let res = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": fresh["refresh_token"]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // Other sign-ins of the same therapist are untouched.
    let (status, _) = app.login(&therapist.email, PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn an_expired_refresh_token_is_401() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    app.clock.advance(Duration::days(31));
    let res = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": therapist.refresh_token}),
        )
        .await;
    let problem = assert_problem(res, StatusCode::UNAUTHORIZED).await;
    assert_eq!(problem["type"], "/problems/token-expired");
}

#[tokio::test]
async fn logout_ends_the_session_and_its_tokens() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let res = app
        .post(
            "/api/v1/auth/logout",
            Some(&therapist.access_token),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/v1/me", Some(&therapist.access_token))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let res = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": therapist.refresh_token}),
        )
        .await;
    let problem = assert_problem(res, StatusCode::UNAUTHORIZED).await;
    assert_eq!(problem["type"], "/problems/sign-in-revoked");
}

#[tokio::test]
async fn missing_malformed_and_unknown_tokens_are_401_with_a_bearer_challenge() {
    let app = spawn_app().await;
    for token in [None, Some("not-a-real-token")] {
        let res = app.get("/api/v1/me", token).await;
        assert_eq!(
            res.headers()
                .get("www-authenticate")
                .and_then(|v| v.to_str().ok()),
            Some("Bearer")
        );
        assert_problem(res, StatusCode::UNAUTHORIZED).await;
    }
    let res = app
        .api
        .get(format!("{}/api/v1/me", app.address))
        .header("authorization", "Basic dXNlcjpwYXNz")
        .send()
        .await
        .expect("answered");
    assert_problem(res, StatusCode::UNAUTHORIZED).await;
}

#[tokio::test]
async fn an_invite_code_signs_a_client_in_once() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let created = app
        .create_client(
            &therapist,
            json!({"start_date": "2026-01-05", "planned_sessions": 12}),
        )
        .await;
    let code = created["invite"]["code"].as_str().expect("code").to_owned();
    // Codes are typed by people: case and separators do not matter.
    let typed = code.to_lowercase().replace('-', " ");
    let res = app
        .post(
            "/api/v1/auth/invite",
            None,
            &json!({"code": typed, "device_label": "Pixel"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let tokens = body(res).await;
    assert_eq!(tokens["client_id"], created["id"]);
    assert_eq!(tokens["token_type"], "Bearer");
    let me = body(app.get("/api/v1/me", tokens["access_token"].as_str()).await).await;
    assert_eq!(me["role"], "client");
    assert_eq!(me["id"], created["id"]);
    assert_eq!(me["display_name"], "Sam");

    let again = app
        .post("/api/v1/auth/invite", None, &json!({"code": code}))
        .await;
    let problem = assert_problem(again, StatusCode::UNAUTHORIZED).await;
    assert_eq!(problem["type"], "/problems/invite-used");
}

#[tokio::test]
async fn an_invite_code_expires_after_seven_days() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let created = app
        .create_client(
            &therapist,
            json!({"start_date": "2026-01-05", "planned_sessions": 12}),
        )
        .await;
    let expires_at: chrono::DateTime<chrono::Utc> = created["invite"]["expires_at"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("a time");
    assert_eq!(expires_at - app.now(), Duration::days(7));
    app.clock.advance(Duration::days(7) + Duration::seconds(1));
    let res = app
        .post(
            "/api/v1/auth/invite",
            None,
            &json!({"code": created["invite"]["code"]}),
        )
        .await;
    let problem = assert_problem(res, StatusCode::UNAUTHORIZED).await;
    assert_eq!(problem["type"], "/problems/invite-expired");
}

#[tokio::test]
async fn a_new_invite_code_kills_the_old_one() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let created = app
        .create_client(
            &therapist,
            json!({"start_date": "2026-01-05", "planned_sessions": 12}),
        )
        .await;
    let client_id = created["id"].as_str().expect("id");
    let res = app
        .post(
            &format!("/api/v1/clients/{client_id}/invite"),
            Some(&therapist.access_token),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let fresh = body(res).await;
    assert_ne!(fresh["code"], created["invite"]["code"]);

    let old = app
        .post(
            "/api/v1/auth/invite",
            None,
            &json!({"code": created["invite"]["code"]}),
        )
        .await;
    let problem = assert_problem(old, StatusCode::UNAUTHORIZED).await;
    assert_eq!(problem["type"], "/problems/invite-replaced");
    let new = app
        .post("/api/v1/auth/invite", None, &json!({"code": fresh["code"]}))
        .await;
    assert_eq!(new.status(), StatusCode::OK);
}

#[tokio::test]
async fn no_log_line_carries_an_email_a_name_or_a_token() {
    let app = spawn_app().await;
    let canary = format!("canary{}", uuid::Uuid::new_v4().simple());
    let email = format!("{canary}@example.org");
    let res = app
        .post(
            "/api/v1/therapists",
            None,
            &json!({"email": email, "password": PASSWORD, "display_name": format!("Dr {canary}")}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let (_, tokens) = app.login(&email, PASSWORD).await;
    let token = tokens["access_token"].as_str().expect("token").to_owned();
    let res = app
        .post(
            "/api/v1/clients",
            Some(&token),
            &json!({"display_name": format!("Client {canary}"), "timezone": "Europe/Berlin",
                    "treatment": {"start_date": "2026-01-05", "planned_sessions": 12}}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let _ = app.login(&email, "a wrong password").await;
    let _ = app.get("/api/v1/me", Some(&token)).await;

    let logs = ipt_tests::captured_logs();
    assert!(logs.contains("request finished"), "logs are captured");
    assert!(
        !logs.contains(&canary),
        "a name or e-mail leaked into the logs"
    );
    assert!(!logs.contains(&token), "a token leaked into the logs");
    assert!(!logs.contains(PASSWORD), "a password leaked into the logs");
}

#[tokio::test]
async fn expired_tokens_are_purged_by_the_worker() {
    use sea_orm::{ConnectionTrait, Statement};
    let app = spawn_app().await;
    let old = app.therapist().await;
    app.clock.advance(Duration::days(32));
    let current = app.therapist().await;
    app.tick().await;
    let backend = app.db.get_database_backend();
    let left = app
        .db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT COUNT(*) FROM auth_tokens",
        ))
        .await
        .expect("counted")
        .and_then(|r| r.try_get_by_index::<i64>(0).ok())
        .expect("a count");
    assert_eq!(
        left, 2,
        "only the current sign-in's access and refresh tokens remain"
    );
    let res = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": old.refresh_token}),
        )
        .await;
    let problem = assert_problem(res, StatusCode::UNAUTHORIZED).await;
    assert_eq!(problem["type"], "/problems/token-invalid", "purged");
    assert_eq!(
        app.get("/api/v1/me", Some(&current.access_token))
            .await
            .status(),
        StatusCode::OK
    );
}
