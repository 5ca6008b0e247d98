//! The TOTP second factor. Codes are computed by `ipt_tests::totp` from the secret the
//! enrolment answers, at the time of the application's manual clock, as an authenticator app
//! would.

use chrono::Duration;
use ipt_tests::{
    PASSWORD, TestApp, Therapist, assert_problem, body, browser, spawn_app, spawn_app_with, totp,
    web,
};
use reqwest::{Method, StatusCode};
use serde_json::json;

/// A six-digit code that is not `right`.
fn wrong(right: &str) -> String {
    let n: u32 = right.parse().expect("digits");
    format!("{:06}", (n + 500_000) % 1_000_000)
}

/// The first step: 401 `mfa-required` with its token.
async fn first_step(app: &TestApp, therapist: &Therapist) -> String {
    let res = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"email": therapist.email, "password": PASSWORD}),
        )
        .await;
    let problem = assert_problem(res, StatusCode::UNAUTHORIZED).await;
    assert_eq!(problem["type"], "/problems/mfa-required");
    assert!(problem.get("access_token").is_none(), "{problem}");
    problem["mfa_token"]
        .as_str()
        .expect("an mfa_token")
        .to_owned()
}

async fn second_step(app: &TestApp, mfa_token: &str, code: &str) -> reqwest::Response {
    app.post(
        "/api/v1/auth/login/mfa",
        None,
        &json!({"mfa_token": mfa_token, "code": code}),
    )
    .await
}

#[tokio::test]
async fn enrolment_is_confirmed_with_the_apps_current_code_and_answers_ten_recovery_codes() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let started = totp::start(&app, &therapist).await;
    let secret = started["secret"].as_str().expect("a secret");
    assert_eq!(secret.len(), 32, "160 bits in base32");
    let uri = started["otpauth_uri"].as_str().expect("a URI");
    assert!(uri.starts_with("otpauth://totp/IPT%20Companion:"), "{uri}");
    assert!(uri.contains(&format!("secret={secret}")), "{uri}");
    let svg = started["qr_svg"].as_str().expect("an SVG");
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");

    // Pending: sign-in is still one step.
    assert_eq!(
        app.login(&therapist.email, PASSWORD).await.0,
        StatusCode::OK
    );

    let right = totp::code_at(secret, app.now());
    let problem = assert_problem(
        totp::confirm(&app, &therapist, &wrong(&right)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(problem["errors"]["code"].is_array(), "{problem}");
    let res = totp::confirm(&app, &therapist, &right).await;
    assert_eq!(res.status(), StatusCode::OK);
    let codes = body(res).await["recovery_codes"].clone();
    let codes = codes.as_array().expect("codes");
    assert_eq!(codes.len(), 10);
    let mut distinct: Vec<_> = codes.iter().map(|c| c.as_str().expect("a code")).collect();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), 10);

    // On: neither started nor confirmed again.
    let again = app
        .post(
            "/api/v1/me/mfa/totp",
            Some(&therapist.access_token),
            &json!({}),
        )
        .await;
    assert_problem(again, StatusCode::CONFLICT).await;
    assert_problem(
        totp::confirm(&app, &therapist, &right).await,
        StatusCode::CONFLICT,
    )
    .await;
    // Only its hash and the sealed secret are stored: nothing of the secret in clear.
    use sea_orm::EntityTrait;
    let row = entities::therapist_totp::Entity::find()
        .one(&app.db)
        .await
        .expect("read")
        .expect("a row");
    assert!(!row.sealed_secret.contains(secret));
}

#[tokio::test]
async fn sign_in_with_totp_takes_a_second_step_and_each_code_works_once() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let (secret, _) = totp::enrol(&app, &therapist).await;
    app.clock.advance(Duration::seconds(30));

    let mfa_token = first_step(&app, &therapist).await;
    let right = totp::code_at(&secret, app.now());
    let problem = assert_problem(
        second_step(&app, &mfa_token, &wrong(&right)).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(problem["type"], "/problems/mfa-code-invalid");

    let res = second_step(&app, &mfa_token, &right).await;
    assert_eq!(res.status(), StatusCode::OK);
    let tokens = body(res).await;
    assert_eq!(tokens["token_type"], "Bearer");
    let access = tokens["access_token"].as_str().expect("a token");
    assert_eq!(
        app.get("/api/v1/me", Some(access)).await.status(),
        StatusCode::OK
    );

    // The token worked once.
    let problem = assert_problem(
        second_step(&app, &mfa_token, &right).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(problem["type"], "/problems/mfa-token-invalid");
    // The same code with a new token: refused, its step is used up.
    let mfa_token = first_step(&app, &therapist).await;
    let problem = assert_problem(
        second_step(&app, &mfa_token, &right).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(problem["type"], "/problems/mfa-code-invalid");
    // The next step's code works (the app shows it 30 s later).
    app.clock.advance(Duration::seconds(30));
    let next = totp::code_at(&secret, app.now());
    assert_eq!(
        second_step(&app, &mfa_token, &next).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_code_of_the_step_before_or_after_is_accepted_but_not_two_steps_away() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let (secret, _) = totp::enrol(&app, &therapist).await;
    app.clock.advance(Duration::seconds(120));
    let mfa_token = first_step(&app, &therapist).await;
    let stale = totp::code_at(&secret, app.now() - Duration::seconds(60));
    assert_eq!(
        second_step(&app, &mfa_token, &stale).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let behind = totp::code_at(&secret, app.now() - Duration::seconds(30));
    assert_eq!(
        second_step(&app, &mfa_token, &behind).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_recovery_code_signs_in_once() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let (_, codes) = totp::enrol(&app, &therapist).await;
    let mfa_token = first_step(&app, &therapist).await;
    // Case and the dash do not matter.
    let typed = codes[3].to_uppercase().replace('-', " ");
    let res = second_step(&app, &mfa_token, &typed).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(body(res).await["access_token"].is_string());

    let mfa_token = first_step(&app, &therapist).await;
    let problem = assert_problem(
        second_step(&app, &mfa_token, &codes[3]).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(problem["type"], "/problems/mfa-code-invalid");
    assert_eq!(
        second_step(&app, &mfa_token, &codes[4]).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_mfa_token_expires_after_five_minutes_and_wears_out_after_five_wrong_codes() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let (secret, codes) = totp::enrol(&app, &therapist).await;

    let mfa_token = first_step(&app, &therapist).await;
    app.clock
        .advance(Duration::minutes(5) + Duration::seconds(1));
    let problem = assert_problem(
        second_step(&app, &mfa_token, &codes[0]).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(problem["type"], "/problems/mfa-token-invalid");

    let mfa_token = first_step(&app, &therapist).await;
    let right = totp::code_at(&secret, app.now());
    for _ in 0..5 {
        assert_eq!(
            second_step(&app, &mfa_token, &wrong(&right)).await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let problem = assert_problem(
        second_step(&app, &mfa_token, &right).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(problem["type"], "/problems/mfa-token-invalid");
    // A token handed out by the first step is no bearer token.
    assert_eq!(
        app.get("/api/v1/me", Some(&mfa_token)).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn turning_totp_off_needs_a_code_and_sign_in_is_one_step_again() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let (secret, codes) = totp::enrol(&app, &therapist).await;
    app.clock.advance(Duration::seconds(30));
    let path = "/api/v1/me/mfa/totp";
    let token = Some(therapist.access_token.as_str());
    let right = totp::code_at(&secret, app.now());
    let refused = app
        .request(
            Method::DELETE,
            path,
            token,
            Some(&json!({"code": wrong(&right)})),
        )
        .await;
    assert_problem(refused, StatusCode::UNPROCESSABLE_ENTITY).await;
    let used = app
        .request(
            Method::DELETE,
            path,
            token,
            Some(&json!({"code": codes[9]})),
        )
        .await;
    assert_eq!(used.status(), StatusCode::NO_CONTENT);
    let (status, tokens) = app.login(&therapist.email, PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    assert!(tokens["access_token"].is_string());
    let again = app
        .request(Method::DELETE, path, token, Some(&json!({"code": right})))
        .await;
    assert_problem(again, StatusCode::CONFLICT).await;
    // It can be set up again, with a new secret.
    let started = totp::start(&app, &therapist).await;
    assert_ne!(started["secret"], secret.as_str());
}

#[tokio::test]
async fn v1_login_of_an_account_without_a_second_factor_is_unchanged() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let (status, tokens) = app.login(&therapist.email, PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    let mut keys: Vec<_> = tokens
        .as_object()
        .expect("an object")
        .keys()
        .cloned()
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        ["access_token", "expires_in", "refresh_token", "token_type"]
    );
    // A wrong password is still the one 401 for both cases, whether or not a factor is on.
    let (status, problem) = app.login(&therapist.email, "wrong password!!").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(problem["type"], "/problems/invalid-credentials");
    totp::enrol(&app, &therapist).await;
    let (status, problem) = app.login(&therapist.email, "wrong password!!").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(problem["type"], "/problems/invalid-credentials");
    assert!(problem.get("mfa_token").is_none());
}

#[tokio::test]
async fn clients_cannot_enrol() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let res = app
        .post(
            "/api/v1/me/mfa/totp",
            Some(&client.access_token),
            &json!({}),
        )
        .await;
    assert_problem(res, StatusCode::FORBIDDEN).await;
}

#[tokio::test]
async fn a_required_second_factor_allows_a_therapist_without_one_only_to_set_it_up() {
    let app = spawn_app_with(|s| s.require_mfa = true).await;
    // Sign-in answers as in v1 (the account has no factor yet) …
    let therapist = app.therapist().await;
    let token = Some(therapist.access_token.as_str());
    // … but the tokens reach only the enrolment.
    let problem = assert_problem(
        app.get("/api/v1/clients", token).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(problem["type"], "/problems/mfa-enrolment-required");
    assert_eq!(app.get("/api/v1/me", token).await.status(), StatusCode::OK);
    // By method as well as path: reading the account is allowed, changing it is not.
    let res = app
        .request(
            Method::PATCH,
            "/api/v1/me",
            token,
            Some(&json!({"timezone": "Europe/Berlin"})),
        )
        .await;
    let problem = assert_problem(res, StatusCode::FORBIDDEN).await;
    assert_eq!(problem["type"], "/problems/mfa-enrolment-required");
    let (secret, codes) = totp::enrol(&app, &therapist).await;
    // The same sign-in goes on once the factor is on.
    assert_eq!(
        app.get("/api/v1/clients", token).await.status(),
        StatusCode::OK
    );
    // It cannot be turned off.
    let res = app
        .request(
            Method::DELETE,
            "/api/v1/me/mfa/totp",
            token,
            Some(&json!({"code": codes[0]})),
        )
        .await;
    assert_problem(res, StatusCode::CONFLICT).await;
    // And the next sign-in takes two steps.
    app.clock.advance(Duration::seconds(30));
    let mfa_token = first_step(&app, &therapist).await;
    let res = second_step(&app, &mfa_token, &totp::code_at(&secret, app.now())).await;
    assert_eq!(res.status(), StatusCode::OK);
}

// ---- the pages ----

fn field(html: &str, name: &str) -> String {
    html.split(&format!(r#"name="{name}" value=""#))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_owned()
}

async fn page(app: &TestApp, browser: &reqwest::Client, path: &str) -> (StatusCode, String) {
    let res = browser
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .expect("answered");
    (res.status(), res.text().await.expect("html"))
}

async fn post_form(
    app: &TestApp,
    browser: &reqwest::Client,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    browser
        .post(format!("{}{path}", app.address))
        .form(form)
        .send()
        .await
        .expect("answered")
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Sets TOTP up on the two-step page: the secret read off the page.
async fn enrol_on_the_page(app: &TestApp, browser: &reqwest::Client) -> String {
    let (status, html) = page(app, browser, "/account/two-step").await;
    assert_eq!(status, StatusCode::OK);
    let csrf = field(&html, "csrf");
    let res = post_form(app, browser, "/account/two-step/start", &[("csrf", &csrf)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/account/two-step");
    let (_, html) = page(app, browser, "/account/two-step").await;
    assert!(html.contains("<svg"), "the QR code inline");
    let secret = html
        .split("Key: <code>")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the key as text")
        .to_owned();
    let right = totp::code_at(&secret, app.now());
    let res = post_form(
        app,
        browser,
        "/account/two-step/confirm",
        &[("csrf", &csrf), ("code", &wrong(&right))],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Without the CSRF token: refused.
    let res = post_form(
        app,
        browser,
        "/account/two-step/confirm",
        &[("code", &right)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = post_form(
        app,
        browser,
        "/account/two-step/confirm",
        &[("csrf", &csrf), ("code", &right)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.expect("html");
    assert_eq!(html.matches("<li><code>").count(), 10, "{html}");
    secret
}

#[tokio::test]
async fn on_the_web_the_page_sets_totp_up_and_sign_in_asks_for_the_code() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let browser = browser();
    assert_eq!(
        web::sign_in(&app, &browser, &therapist.email, PASSWORD)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let secret = enrol_on_the_page(&app, &browser).await;
    let (_, html) = page(&app, &browser, "/account/two-step").await;
    assert!(html.contains("Two-step sign-in is on"));

    // A new browser: the password, then the code.
    app.clock.advance(Duration::seconds(30));
    let other = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    let res = web::sign_in(&app, &other, &therapist.email, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    let csp = res
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("img-src 'self'"),
        "{csp}"
    );
    let html = res.text().await.expect("html");
    assert!(html.contains(r#"action="/login/two-step""#), "{html}");
    let csrf = field(&html, "csrf");
    let mfa_token = field(&html, "mfa_token");
    let right = totp::code_at(&secret, app.now());
    let res = post_form(
        &app,
        &other,
        "/login/two-step",
        &[
            ("csrf", &csrf),
            ("mfa_token", &mfa_token),
            ("code", &wrong(&right)),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // Not yet signed in.
    let (status, _) = page(&app, &other, "/dashboard").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let res = post_form(
        &app,
        &other,
        "/login/two-step",
        &[
            ("csrf", "forged"),
            ("mfa_token", &mfa_token),
            ("code", &right),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = post_form(
        &app,
        &other,
        "/login/two-step",
        &[("csrf", &csrf), ("mfa_token", &mfa_token), ("code", &right)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/dashboard");
    let (status, _) = page(&app, &other, "/dashboard").await;
    assert_eq!(status, StatusCode::OK);

    // Turned off from the page with a code, sign-in is one step again.
    app.clock.advance(Duration::seconds(30));
    let (_, html) = page(&app, &other, "/account/two-step").await;
    let csrf = field(&html, "csrf");
    let res = post_form(
        &app,
        &other,
        "/account/two-step/disable",
        &[
            ("csrf", &csrf),
            ("code", &totp::code_at(&secret, app.now())),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let third = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    let res = web::sign_in(&app, &third, &therapist.email, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn on_the_web_a_required_second_factor_sends_every_page_to_its_set_up() {
    let app = spawn_app_with(|s| s.require_mfa = true).await;
    let therapist = app.therapist().await;
    let browser = browser();
    let res = web::sign_in(&app, &browser, &therapist.email, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = browser
        .get(format!("{}/dashboard", app.address))
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/account/two-step");
    enrol_on_the_page(&app, &browser).await;
    let (status, _) = page(&app, &browser, "/dashboard").await;
    assert_eq!(status, StatusCode::OK);
    let (_, html) = page(&app, &browser, "/account/two-step").await;
    assert!(
        !html.contains("/account/two-step/disable"),
        "no way to turn it off"
    );
}
