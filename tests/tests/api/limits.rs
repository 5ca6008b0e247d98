use ipt_tests::{PASSWORD, assert_problem, spawn_app, spawn_app_with};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn repeated_sign_in_attempts_from_one_address_get_429_with_retry_after() {
    let app = spawn_app_with(|s| {
        s.rate_limit_per_address = 3;
        s.rate_limit_per_account = 100;
    })
    .await;
    let therapist = app.therapist().await; // one sign-in already
    for _ in 0..2 {
        let (status, _) = app.login(&therapist.email, "a wrong password").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    // A flood from one address is held back whatever the account (the account lockout, in
    // the database, is tests/api/lockout.rs).
    let res = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"email": "someone-else@example.org", "password": PASSWORD}),
        )
        .await;
    let retry_after: u64 = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("a Retry-After in seconds");
    assert!((1..=60).contains(&retry_after));
    assert_problem(res, StatusCode::TOO_MANY_REQUESTS).await;
}

#[tokio::test]
async fn a_low_rate_per_account_does_not_let_wrong_passwords_lock_the_owner_out() {
    // IPT_RATE_LIMIT_PER_ACCOUNT once counted every sign-in of an account, successes too:
    // three wrong passwords from anywhere made the owner's right one answer 429.
    let app = spawn_app_with(|s| s.rate_limit_per_account = 3).await;
    let therapist = app.therapist().await;
    for _ in 0..3 {
        let (status, _) = app.login(&therapist.email, "a wrong password").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, _) = app.login(&therapist.email, PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn invite_guessing_and_sign_up_floods_are_limited_per_address() {
    let app = spawn_app_with(|s| {
        s.rate_limit_per_address = 5;
        s.rate_limit_per_account = 100;
    })
    .await;
    let mut statuses = Vec::new();
    for i in 0..6 {
        let res = app
            .post(
                "/api/v1/auth/invite",
                None,
                &json!({"code": format!("GUESS-{i:04}-XXXX")}),
            )
            .await;
        statuses.push(res.status());
    }
    assert_eq!(statuses[..5], [StatusCode::UNAUTHORIZED; 5]);
    assert_eq!(statuses[5], StatusCode::TOO_MANY_REQUESTS);
    for i in 0..6 {
        let res = app
            .post("/api/v1/therapists", None, &json!({"email": format!("flood{i}@example.org"), "password": PASSWORD, "display_name": "F"}))
            .await;
        let expected = if i < 5 {
            StatusCode::CREATED
        } else {
            StatusCode::TOO_MANY_REQUESTS
        };
        assert_eq!(res.status(), expected, "sign-up {i}");
    }
}

#[tokio::test]
async fn api_answers_carrying_health_data_are_never_cached() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    for path in [
        format!("/api/v1/clients/{}/checkins", client.id),
        "/api/v1/dashboard".to_owned(),
        "/api/v1/me".to_owned(),
    ] {
        let res = app.get(&path, Some(&therapist.access_token)).await;
        assert_eq!(
            res.headers()
                .get("cache-control")
                .and_then(|v| v.to_str().ok()),
            Some("no-store"),
            "{path}"
        );
    }
}
