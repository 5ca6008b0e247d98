//! The therapist's web pages as a browser without JavaScript uses them: the sign-in form with
//! its CSRF token, in one place for every test that needs a signed-in browser.

use crate::{TestApp, Therapist, browser, csrf_in};
use reqwest::{Response, StatusCode};

/// Opens `/login` with `browser`, then posts `email` and `password` with the form's CSRF token;
/// answers the form's response (303 on success) for the test to judge.
pub async fn sign_in(
    app: &TestApp,
    browser: &reqwest::Client,
    email: &str,
    password: &str,
) -> Response {
    sign_in_from(app, browser, email, password, None).await
}

/// [`sign_in`], with the post coming from `from` (an `X-Forwarded-For` address, for an app
/// that trusts 127.0.0.1 as its proxy); the form itself is fetched without one.
pub async fn sign_in_from(
    app: &TestApp,
    browser: &reqwest::Client,
    email: &str,
    password: &str,
    from: Option<&str>,
) -> Response {
    let form = browser
        .get(format!("{}/login", app.address))
        .send()
        .await
        .expect("the form");
    let csrf = csrf_in(&form.text().await.expect("html"));
    let mut post = browser.post(format!("{}/login", app.address)).form(&[
        ("email", email),
        ("password", password),
        ("csrf", &csrf),
    ]);
    if let Some(from) = from {
        post = post.header("x-forwarded-for", from);
    }
    post.send().await.expect("answered")
}

/// A new browser in which `therapist` has signed in (asserted: the form answered 303).
pub async fn signed_in(app: &TestApp, therapist: &Therapist) -> reqwest::Client {
    let b = browser();
    let res = sign_in(app, &b, &therapist.email, &therapist.password).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    b
}

/// [`signed_in`], and the CSRF token of the session's forms (read from the dashboard).
pub async fn signed_in_with_csrf(
    app: &TestApp,
    therapist: &Therapist,
) -> (reqwest::Client, String) {
    let b = signed_in(app, therapist).await;
    let page = b
        .get(format!("{}/dashboard", app.address))
        .send()
        .await
        .expect("the dashboard");
    let csrf = csrf_in(&page.text().await.expect("html"));
    assert!(!csrf.is_empty(), "the dashboard has a form");
    (b, csrf)
}
