//! Sign-in that survives a phone's bad network: a lost or raced refresh and a lost invite
//! answer are answered again with the same tokens; only a real re-use is theft.

use chrono::Duration;
use ipt_server::configuration::Settings;
use ipt_server::startup::Application;
use ipt_tests::{TestApp, Therapist, assert_problem, body, sha256_hex, spawn_app, spawn_app_with};
use reqwest::{Response, StatusCode};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

async fn refresh(app: &TestApp, token: &str) -> Response {
    app.post(
        "/api/v1/auth/refresh",
        None,
        &json!({"refresh_token": token}),
    )
    .await
}

/// A successful refresh's body.
async fn refreshed(app: &TestApp, token: &str) -> Value {
    let res = refresh(app, token).await;
    assert_eq!(res.status(), StatusCode::OK);
    body(res).await
}

fn text<'a>(value: &'a Value, field: &str) -> &'a str {
    value[field]
        .as_str()
        .unwrap_or_else(|| panic!("{field} in {value}"))
}

/// Asserts a 401 whose `type` is `/problems/<slug>`.
async fn assert_refused(res: Response, slug: &str) -> Value {
    let problem = assert_problem(res, StatusCode::UNAUTHORIZED).await;
    assert_eq!(problem["type"], format!("/problems/{slug}"), "{problem}");
    problem
}

async fn status_of_me(app: &TestApp, access_token: &str) -> StatusCode {
    app.get("/api/v1/me", Some(access_token)).await.status()
}

/// A new client of `therapist` and its invite code, not yet redeemed.
async fn invited(app: &TestApp, therapist: &Therapist) -> (String, String) {
    let created = app
        .create_client(
            therapist,
            json!({"start_date": "2026-01-05", "planned_sessions": 12}),
        )
        .await;
    (
        text(&created, "id").to_owned(),
        text(&created["invite"], "code").to_owned(),
    )
}

async fn redeem(app: &TestApp, body: &Value) -> Response {
    app.post("/api/v1/auth/invite", None, body).await
}

async fn strings(app: &TestApp, sql: &str) -> Vec<String> {
    let backend = app.db.get_database_backend();
    app.db
        .query_all_raw(Statement::from_string(backend, sql))
        .await
        .expect("rows")
        .into_iter()
        .map(|row| row.try_get_by_index::<String>(0).expect("a string"))
        .collect()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let backend = app.db.get_database_backend();
    app.db
        .query_one_raw(Statement::from_string(backend, sql))
        .await
        .expect("counted")
        .and_then(|r| r.try_get_by_index::<i64>(0).ok())
        .expect("a count")
}

#[tokio::test]
async fn a_refresh_retried_within_a_minute_gets_the_same_pair_and_both_tokens_work() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let first = refreshed(&app, &client.refresh_token).await;
    assert_ne!(text(&first, "refresh_token"), client.refresh_token);
    assert_eq!(first["expires_in"], 900);

    // The answer was lost; the phone tries again a minute later, at the very end of the grace.
    app.clock.advance(Duration::seconds(60));
    let retry = refreshed(&app, &client.refresh_token).await;
    assert_eq!(retry["access_token"], first["access_token"]);
    assert_eq!(retry["refresh_token"], first["refresh_token"]);
    assert_eq!(retry["token_type"], "Bearer");
    assert_eq!(
        retry["expires_in"], 840,
        "what remains of the same access token"
    );

    assert_eq!(
        status_of_me(&app, text(&retry, "access_token")).await,
        StatusCode::OK
    );
    let next = refreshed(&app, text(&retry, "refresh_token")).await;
    assert_ne!(next["refresh_token"], retry["refresh_token"]);
    assert_eq!(next["expires_in"], 900);
    assert_eq!(
        status_of_me(&app, text(&next, "access_token")).await,
        StatusCode::OK
    );
}

#[tokio::test]
async fn two_concurrent_refreshes_both_succeed_with_the_same_pair() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let mut token = client.refresh_token.clone();
    // Several rounds, as the app and its background task race at every start.
    for _ in 0..5 {
        let (a, b) = tokio::join!(refresh(&app, &token), refresh(&app, &token));
        assert_eq!(a.status(), StatusCode::OK);
        assert_eq!(b.status(), StatusCode::OK);
        let (a, b) = (body(a).await, body(b).await);
        assert_eq!(a["access_token"], b["access_token"]);
        assert_eq!(a["refresh_token"], b["refresh_token"]);
        assert_eq!(
            status_of_me(&app, text(&a, "access_token")).await,
            StatusCode::OK
        );
        token = text(&a, "refresh_token").to_owned();
        app.clock.advance(Duration::seconds(5));
    }
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM auth_sessions WHERE revoked_at IS NOT NULL"
        )
        .await,
        0,
        "no sign-in was revoked"
    );
}

/// The trail rows of `client` with `action`, as its therapist reads them.
async fn trail_rows(
    app: &TestApp,
    therapist_token: &str,
    client: &str,
    action: &str,
) -> Vec<Value> {
    let res = app
        .get(
            &format!("/api/v1/clients/{client}/audit"),
            Some(therapist_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    body(res).await["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|r| r["action"] == action)
        .cloned()
        .collect()
}

#[tokio::test]
async fn a_refresh_retried_66_seconds_later_while_its_successor_is_unused_gets_the_same_pair() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let fresh = refreshed(&app, &client.refresh_token).await;
    app.clock.advance(Duration::seconds(66));

    // A retry whose answer was lost must not revoke the sign-in: the phone never saw `fresh`.
    let replay = refreshed(&app, &client.refresh_token).await;
    assert_eq!(replay["access_token"], fresh["access_token"]);
    assert_eq!(replay["refresh_token"], fresh["refresh_token"]);
    assert_eq!(replay["expires_in"], 900 - 66);
    assert_eq!(
        status_of_me(&app, text(&replay, "access_token")).await,
        StatusCode::OK
    );
    refreshed(&app, text(&replay, "refresh_token")).await;
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM auth_sessions WHERE revoked_at IS NOT NULL"
        )
        .await,
        0,
        "no sign-in was revoked"
    );
}

#[tokio::test]
async fn a_refresh_retried_days_later_gets_the_same_pair_with_a_working_access_token() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let fresh = refreshed(&app, &client.refresh_token).await;
    // The phone was off for three days; the nightly purge ran meanwhile.
    app.clock.advance(Duration::days(3));
    app.tick().await;

    let replay = refreshed(&app, &client.refresh_token).await;
    assert_eq!(replay["access_token"], fresh["access_token"]);
    assert_eq!(replay["refresh_token"], fresh["refresh_token"]);
    assert_eq!(
        replay["expires_in"], 900,
        "an expired unused access token lives again"
    );
    assert_eq!(
        status_of_me(&app, text(&replay, "access_token")).await,
        StatusCode::OK
    );

    // Once the successor was used, the old token again is a copy: the sign-in ends.
    assert_refused(refresh(&app, &client.refresh_token).await, "refresh-reused").await;
    assert_eq!(
        status_of_me(&app, text(&replay, "access_token")).await,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_rotated_refresh_token_presented_after_its_successors_access_token_was_used_revokes() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let fresh = refreshed(&app, &client.refresh_token).await;
    assert_eq!(
        status_of_me(&app, text(&fresh, "access_token")).await,
        StatusCode::OK
    );
    app.clock.advance(Duration::seconds(5));

    assert_refused(refresh(&app, &client.refresh_token).await, "refresh-reused").await;
    assert_refused(
        refresh(&app, text(&fresh, "refresh_token")).await,
        "sign-in-revoked",
    )
    .await;
}

#[tokio::test]
async fn a_refresh_token_after_its_successor_expired_is_not_answered_with_it() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let fresh = refreshed(&app, &client.refresh_token).await;
    app.clock.advance(Duration::days(30) + Duration::seconds(1));

    // Expired, like the pair it would answer with: no tokens handed out; a used token this old
    // is treated as a copy, not as a retry.
    assert_refused(refresh(&app, &client.refresh_token).await, "refresh-reused").await;
    assert_refused(
        refresh(&app, text(&fresh, "refresh_token")).await,
        "token-expired",
    )
    .await;
}

#[tokio::test]
async fn every_replayed_refresh_is_in_the_therapists_trail_with_session_and_address() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let client_id = client.id.to_string();
    let fresh = refreshed(&app, &client.refresh_token).await;
    assert!(
        trail_rows(
            &app,
            &therapist.access_token,
            &client_id,
            "refresh_replayed"
        )
        .await
        .is_empty(),
        "a first exchange is no replay"
    );
    let soon = refreshed(&app, &client.refresh_token).await;
    app.clock.advance(Duration::minutes(20));
    let later = refreshed(&app, &client.refresh_token).await;
    assert_eq!(soon["refresh_token"], fresh["refresh_token"]);
    assert_eq!(later["refresh_token"], fresh["refresh_token"]);

    // The therapist's own access token expired meanwhile.
    let therapist_now = refreshed(&app, &therapist.refresh_token).await;
    let therapist_token = text(&therapist_now, "access_token");
    let rows = trail_rows(&app, therapist_token, &client_id, "refresh_replayed").await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    // The session is the one the first exchange names.
    let exchanged = trail_rows(&app, therapist_token, &client_id, "refresh").await;
    let session = exchanged
        .first()
        .and_then(|r| r["object_id"].as_str())
        .expect("the first exchange names its session");
    for row in &rows {
        assert_eq!(row["object_type"], "session", "{row}");
        assert_eq!(row["object_id"].as_str(), Some(session), "{row}");
        assert_eq!(row["source"], "127.0.0.1", "{row}");
        assert_eq!(row["actor_role"], "client", "{row}");
        assert_eq!(row["outcome"], "success", "{row}");
    }
}

#[tokio::test]
async fn a_rotated_refresh_token_presented_after_its_successor_was_used_revokes_the_sign_in() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let second = refreshed(&app, &client.refresh_token).await;
    let third = refreshed(&app, text(&second, "refresh_token")).await;

    // Within the first token's grace, but its successor was already used: the first answer did
    // arrive, so whoever presents the first token again copied it.
    app.clock.advance(Duration::seconds(10));
    assert_refused(refresh(&app, &client.refresh_token).await, "refresh-reused").await;
    assert_eq!(
        status_of_me(&app, text(&third, "access_token")).await,
        StatusCode::UNAUTHORIZED
    );
    assert_refused(
        refresh(&app, text(&third, "refresh_token")).await,
        "sign-in-revoked",
    )
    .await;
}

#[tokio::test]
async fn each_refresh_gives_the_refresh_token_a_full_lifetime_again() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let mut token = client.refresh_token.clone();
    // Opened every 29 days, the app stays signed in far beyond the first 30.
    for _ in 0..3 {
        app.clock.advance(Duration::days(29));
        let fresh = refreshed(&app, &token).await;
        token = text(&fresh, "refresh_token").to_owned();
    }
    // 87 days after the sign-in, the newest refresh token still has its whole 30 days.
    app.clock.advance(Duration::days(30) - Duration::minutes(1));
    let fresh = refreshed(&app, &token).await;
    token = text(&fresh, "refresh_token").to_owned();

    // Unused for longer than its lifetime, it lapses.
    app.clock.advance(Duration::days(30) + Duration::seconds(1));
    assert_refused(refresh(&app, &token).await, "token-expired").await;
}

#[tokio::test]
async fn an_invite_retried_with_the_same_device_id_within_ten_minutes_gets_the_same_sign_in() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let (client_id, code) = invited(&app, &therapist).await;
    let request = json!({"code": code, "device_id": "3f2c8a9e-1b7d-4c55-9a0e-6d1f2b3c4d5e", "device_label": "Pixel"});
    let res = redeem(&app, &request).await;
    assert_eq!(res.status(), StatusCode::OK);
    let first = body(res).await;
    assert_eq!(first["client_id"], client_id.as_str());

    app.clock
        .advance(Duration::minutes(10) - Duration::seconds(1));
    // Typed differently this time: the code is the same code.
    let retyped = json!({"code": code.to_lowercase().replace('-', " "),
                         "device_id": "3f2c8a9e-1b7d-4c55-9a0e-6d1f2b3c4d5e"});
    let res = redeem(&app, &retyped).await;
    assert_eq!(res.status(), StatusCode::OK);
    let retry = body(res).await;
    assert_eq!(retry["access_token"], first["access_token"]);
    assert_eq!(retry["refresh_token"], first["refresh_token"]);
    assert_eq!(retry["client_id"], client_id.as_str());
    assert_eq!(retry["expires_in"], 301);

    let me = body(app.get("/api/v1/me", first["access_token"].as_str()).await).await;
    assert_eq!(me["id"], client_id.as_str());
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM auth_sessions WHERE role = 'client'"
        )
        .await,
        1,
        "one sign-in, answered twice"
    );
    refreshed(&app, text(&retry, "refresh_token")).await;
}

#[tokio::test]
async fn two_concurrent_redemptions_from_one_install_get_the_same_sign_in() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let (_, code) = invited(&app, &therapist).await;
    let request = json!({"code": code, "device_id": "install-1-aaaaaaaaaaaaaaaa"});
    let (a, b) = tokio::join!(redeem(&app, &request), redeem(&app, &request));
    assert_eq!(a.status(), StatusCode::OK);
    assert_eq!(b.status(), StatusCode::OK);
    let (a, b) = (body(a).await, body(b).await);
    assert_eq!(a["access_token"], b["access_token"]);
    assert_eq!(a["refresh_token"], b["refresh_token"]);
}

#[tokio::test]
async fn an_invite_retry_from_another_install_without_one_or_too_late_is_refused_as_used() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let (_, code) = invited(&app, &therapist).await;
    let res = redeem(
        &app,
        &json!({"code": code, "device_id": "install-1-aaaaaaaaaaaaaaaa"}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let tokens = body(res).await;

    for other in [
        json!({"code": code, "device_id": "install-2-aaaaaaaaaaaaaaaa"}),
        json!({"code": code}),
    ] {
        assert_refused(redeem(&app, &other).await, "invite-used").await;
    }
    app.clock
        .advance(Duration::minutes(10) + Duration::seconds(1));
    assert_refused(
        redeem(
            &app,
            &json!({"code": code, "device_id": "install-1-aaaaaaaaaaaaaaaa"}),
        )
        .await,
        "invite-used",
    )
    .await;
    // A refused retry is not theft: the phone's sign-in goes on.
    assert_eq!(
        status_of_me(&app, text(&tokens, "access_token")).await,
        StatusCode::OK
    );
    refreshed(&app, text(&tokens, "refresh_token")).await;
}

#[tokio::test]
async fn an_invite_redeemed_without_a_device_id_or_already_refreshed_is_not_answered_again() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    // Redeemed without an install id: a code works once, as in v1.
    let (_, code) = invited(&app, &therapist).await;
    assert_eq!(
        redeem(&app, &json!({"code": code})).await.status(),
        StatusCode::OK
    );
    assert_refused(redeem(&app, &json!({"code": code})).await, "invite-used").await;
    assert_refused(
        redeem(
            &app,
            &json!({"code": code, "device_id": "install-1-aaaaaaaaaaaaaaaa"}),
        )
        .await,
        "invite-used",
    )
    .await;

    // Once the phone refreshed, its first answer evidently arrived.
    let (_, code) = invited(&app, &therapist).await;
    let request = json!({"code": code, "device_id": "install-1-aaaaaaaaaaaaaaaa"});
    let tokens = body(redeem(&app, &request).await).await;
    refreshed(&app, text(&tokens, "refresh_token")).await;
    assert_refused(redeem(&app, &request).await, "invite-used").await;
}

#[tokio::test]
async fn a_device_id_must_be_16_to_128_characters_without_controls() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let (_, code) = invited(&app, &therapist).await;
    for bad in [
        String::new(),
        "1".to_owned(),
        "x".repeat(15),
        "x".repeat(129),
        "install-00000000\u{0}1".to_owned(),
    ] {
        let res = redeem(&app, &json!({"code": code, "device_id": bad})).await;
        let problem = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(problem["errors"]["device_id"].is_array(), "{problem}");
    }
    let res = redeem(&app, &json!({"code": code, "device_id": "x".repeat(128)})).await;
    assert_eq!(res.status(), StatusCode::OK);
    // Without one, a code still works (once).
    let (_, code) = invited(&app, &therapist).await;
    assert_eq!(
        redeem(&app, &json!({"code": code})).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn every_refusal_names_its_problem_type() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;

    assert_refused(
        redeem(&app, &json!({"code": "NOPE-NOPE-NOPE"})).await,
        "invite-invalid",
    )
    .await;
    let (client_id, replaced) = invited(&app, &therapist).await;
    let res = app
        .post(
            &format!("/api/v1/clients/{client_id}/invite"),
            Some(&therapist.access_token),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_refused(
        redeem(&app, &json!({"code": replaced})).await,
        "invite-replaced",
    )
    .await;

    assert_refused(refresh(&app, "not-a-token").await, "token-invalid").await;

    let client = app.client_of(&therapist).await;
    let res = app
        .post(
            "/api/v1/auth/logout",
            Some(&client.access_token),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_refused(
        refresh(&app, &client.refresh_token).await,
        "sign-in-revoked",
    )
    .await;

    let (_, late) = invited(&app, &therapist).await;
    app.clock.advance(Duration::days(7) + Duration::seconds(1));
    assert_refused(redeem(&app, &json!({"code": late})).await, "invite-expired").await;

    // An access token past its 15 minutes says so, so that the app refreshes.
    let res = app.get("/api/v1/me", Some(&therapist.access_token)).await;
    assert_eq!(
        res.headers()
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok()),
        Some(r#"Bearer error="invalid_token", error_description="The access token expired""#)
    );
    assert_refused(res, "token-expired").await;

    // Signing in: an unknown account and a wrong password answer alike.
    let (_, wrong) = app.login(&therapist.email, "a wrong password!").await;
    let (_, unknown) = app.login("nobody@example.org", "a wrong password!").await;
    assert_eq!(wrong["type"], "/problems/invalid-credentials");
    assert_eq!(wrong, unknown);
}

#[tokio::test]
async fn the_openapi_document_names_the_problem_types_of_the_auth_routes() {
    let app = spawn_app().await;
    let doc = body(app.get("/api/v1/openapi.json", None).await).await;
    let described = |path: &str| {
        doc["paths"][path]["post"]["responses"]["401"]["description"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let refresh = described("/api/v1/auth/refresh");
    for slug in [
        "token-invalid",
        "token-expired",
        "refresh-reused",
        "sign-in-revoked",
    ] {
        assert!(refresh.contains(&format!("/problems/{slug}")), "{refresh}");
    }
    let invite = described("/api/v1/auth/invite");
    for slug in [
        "invite-invalid",
        "invite-used",
        "invite-replaced",
        "invite-expired",
    ] {
        assert!(invite.contains(&format!("/problems/{slug}")), "{invite}");
    }
    assert!(described("/api/v1/auth/login").contains("/problems/invalid-credentials"));
    let device_id = &doc["components"]["schemas"]["InviteRedeemRequest"]["properties"]["device_id"];
    assert_eq!(device_id["minLength"], 16, "{device_id}");
    assert_eq!(device_id["maxLength"], 128, "{device_id}");
}

#[tokio::test]
async fn only_hashes_of_tokens_are_stored_and_no_log_line_carries_a_token_or_code() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let (_, code) = invited(&app, &therapist).await;
    let device_id = format!("install-{}", uuid::Uuid::new_v4().simple());
    let request = json!({"code": code, "device_id": device_id});
    let signed_in = body(redeem(&app, &request).await).await;
    let again = body(redeem(&app, &request).await).await;
    assert_eq!(again["refresh_token"], signed_in["refresh_token"]);
    let second = refreshed(&app, text(&signed_in, "refresh_token")).await;
    let replayed = refreshed(&app, text(&signed_in, "refresh_token")).await;
    assert_eq!(replayed["refresh_token"], second["refresh_token"]);

    let handed_out: Vec<&str> = [&signed_in, &second]
        .into_iter()
        .flat_map(|pair| [text(pair, "access_token"), text(pair, "refresh_token")])
        .collect();
    let stored = strings(&app, "SELECT token_hash FROM auth_tokens").await;
    for token in &handed_out {
        assert!(
            stored.contains(&sha256_hex(token)),
            "the hash of every token is stored"
        );
    }
    // Nothing stored in the sign-in tables holds a token, the code or the install id in clear.
    let mut secrets: Vec<&str> = handed_out.clone();
    secrets.extend([code.as_str(), device_id.as_str()]);
    let mut at_rest = stored;
    at_rest.extend(strings(&app, "SELECT code_hash FROM invites").await);
    at_rest.extend(strings(&app, "SELECT COALESCE(device_label, '') FROM auth_sessions").await);
    at_rest.extend(strings(&app, "SELECT secret FROM token_keys").await);
    for value in &at_rest {
        for secret in &secrets {
            assert!(
                !value.contains(secret),
                "a secret is stored in clear: {value}"
            );
        }
    }

    let logs = ipt_tests::captured_logs();
    for secret in &secrets {
        assert!(
            !logs.contains(secret),
            "a token, code or install id leaked into the logs"
        );
    }
}

#[tokio::test]
async fn a_retry_that_reaches_another_replica_gets_the_same_pair() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let replica = app.http_replica(|_| {}).await;
    let other = replica.address.clone();
    let first = refreshed(&app, &client.refresh_token).await;
    let res = app
        .api
        .post(format!("{other}/api/v1/auth/refresh"))
        .json(&json!({"refresh_token": client.refresh_token}))
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status(), StatusCode::OK);
    let retry = body(res).await;
    assert_eq!(retry["access_token"], first["access_token"]);
    assert_eq!(retry["refresh_token"], first["refresh_token"]);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM token_keys").await,
        1,
        "both replicas use the one stored key"
    );
}

#[tokio::test]
async fn a_configured_token_key_is_used_by_every_replica_and_a_bad_one_stops_the_start() {
    // 32 bytes, base64.
    let key = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";
    let app = spawn_app_with(|s| s.token_key = Some(key.into())).await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let replica = app.http_replica(|s| s.token_key = Some(key.into())).await;
    let other = replica.address.clone();
    let first = refreshed(&app, &client.refresh_token).await;
    let retry = body(
        app.api
            .post(format!("{other}/api/v1/auth/refresh"))
            .json(&json!({"refresh_token": client.refresh_token}))
            .send()
            .await
            .expect("answered"),
    )
    .await;
    assert_eq!(retry["refresh_token"], first["refresh_token"]);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM token_keys").await,
        0,
        "no key is kept in the database when one is configured"
    );

    let short = "c2hvcnQga2V5IG9mIDE2IGI=";
    let mut settings = Settings::defaults();
    settings.database_url = app.database_url.clone();
    settings.bind = "127.0.0.1:0".into();
    settings.scheduler = false;
    settings.token_key = Some(short.into());
    let error = match Application::build(settings, app.clock.clone()).await {
        Ok(_) => panic!("a short key must stop the start"),
        Err(e) => format!("{e:#}"),
    };
    assert!(error.contains("IPT_TOKEN_KEY"), "{error}");
    assert!(!error.contains(short), "the key is not repeated: {error}");
}
