//! The therapist's web pages over HTTP, as a browser without JavaScript would use them.

use chrono::{DateTime, Duration, Utc};
use ipt_tests::{PASSWORD, TestApp, body, spawn_app};
use reqwest::StatusCode;
use serde_json::json;

fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("an instant")
}

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
}

fn csrf_in(html: &str) -> String {
    html.split(r#"name="csrf" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_owned()
}

async fn sign_in(
    app: &TestApp,
    browser: &reqwest::Client,
    email: &str,
    password: &str,
) -> reqwest::Response {
    let form = browser
        .get(format!("{}/login", app.address))
        .send()
        .await
        .expect("the form");
    let csrf = csrf_in(&form.text().await.expect("html"));
    browser
        .post(format!("{}/login", app.address))
        .form(&[("email", email), ("password", password), ("csrf", &csrf)])
        .send()
        .await
        .expect("answered")
}

#[tokio::test]
async fn pages_redirect_to_the_sign_in_form_without_a_session() {
    let app = spawn_app().await;
    for path in [
        "/dashboard",
        "/clients/00000000-0000-0000-0000-000000000000",
        "/",
    ] {
        let res = browser()
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .expect("answered");
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
        let to = res
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(to == "/login" || to == "/dashboard", "{path} → {to}");
    }
    let form = browser()
        .get(format!("{}/login", app.address))
        .send()
        .await
        .expect("answered");
    assert_eq!(form.status(), StatusCode::OK);
    let csp = form
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        csp.contains("frame-ancestors 'none'") && !csp.contains("http"),
        "{csp}"
    );
    let html = form.text().await.expect("html");
    assert!(html.contains(r#"<form class="login" method="post" action="/login">"#));
    assert!(!html.contains("<script"), "no scripts");
}

#[tokio::test]
async fn signing_in_sets_a_strict_http_only_cookie_and_a_wrong_password_shows_the_form_with_401() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let wrong = sign_in(&app, &browser(), &therapist.email, "not the password").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(wrong.text().await.expect("html").contains("do not match"));

    // Without the form's CSRF token the sign-in is refused.
    let forged = browser()
        .post(format!("{}/login", app.address))
        .form(&[
            ("email", therapist.email.as_str()),
            ("password", PASSWORD),
            ("csrf", "guess"),
        ])
        .send()
        .await
        .expect("answered");
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);

    let b = browser();
    let ok = sign_in(&app, &b, &therapist.email, PASSWORD).await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        ok.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/dashboard")
    );
    let set_cookie: Vec<String> = ok
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(ToOwned::to_owned)
        .collect();
    let session = set_cookie
        .iter()
        .find(|c| c.starts_with("ipt_session="))
        .expect("a session cookie");
    assert!(
        session.contains("HttpOnly") && session.contains("SameSite=Strict"),
        "{session}"
    );
    let page = b
        .get(format!("{}/dashboard", app.address))
        .send()
        .await
        .expect("answered");
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(
        page.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
}

#[tokio::test]
async fn the_dashboard_page_shows_the_table_with_sparklines_and_the_client_page_its_charts() {
    let app = spawn_app().await;
    app.clock.set(at("2026-03-16T12:00:00Z"));
    let therapist = app.therapist().await;
    let client = app.client_in(&therapist, "UTC", "2026-03-02").await;
    for (day, mood) in [(10, 4), (12, 5), (15, 7)] {
        let res = app
            .checkin(
                &client,
                &json!({"recorded_at": format!("2026-03-{day}T09:00:00Z"), "mood": mood,
            "phq9": [1, 1, 1, 1, 1, 1, 1, 1, if day == 15 { 1 } else { 0 }]}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let b = browser();
    sign_in(&app, &b, &therapist.email, PASSWORD).await;
    let html = b
        .get(format!("{}/dashboard", app.address))
        .send()
        .await
        .expect("answered")
        .text()
        .await
        .expect("html");
    assert!(html.contains(r#"<table id="dashboard">"#));
    assert!(html.contains(&format!(r#"href="/clients/{}""#, client.id)));
    assert!(html.contains(r#"<svg class="sparkline""#));
    assert!(html.contains("open safety alert"));

    let page = b
        .get(format!("{}/clients/{}", app.address, client.id))
        .send()
        .await
        .expect("answered");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("html");
    assert!(
        html.contains(r#"<figure id="mood-chart">"#)
            && html.contains(r#"<figure id="phq9-chart">"#)
    );
    assert!(html.contains(">S1<"), "session weeks marked");
    assert!(html.contains("moderately severe"), "PHQ-9 bands drawn");
    assert!(html.contains("Acknowledge alert"));

    // Acknowledging needs the page's CSRF token.
    let alerts = body(
        app.get("/api/v1/alerts", Some(&app.fresh_token(&therapist).await))
            .await,
    )
    .await;
    let alert_id = alerts["items"][0]["id"]
        .as_str()
        .expect("an alert")
        .to_owned();
    let action = format!(
        "{}/clients/{}/alerts/{alert_id}/acknowledge",
        app.address, client.id
    );
    let forged = b
        .post(&action)
        .form(&[("csrf", "nope")])
        .send()
        .await
        .expect("answered");
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    // What was done is required.
    let res = b
        .post(&action)
        .form(&[("csrf", csrf_in(&html))])
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = b
        .post(&action)
        .form(&[
            ("csrf", csrf_in(&html).to_owned()),
            ("action", "contacted_client".to_owned()),
            ("note", "Called; safe at home".to_owned()),
        ])
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let after = b
        .get(format!("{}/clients/{}", app.address, client.id))
        .send()
        .await
        .expect("answered")
        .text()
        .await
        .expect("html");
    assert!(!after.contains("Acknowledge alert"));
}

#[tokio::test]
async fn another_therapists_client_page_is_404_and_idle_sessions_end() {
    let app = spawn_app().await;
    let owner = app.therapist().await;
    let other = app.therapist().await;
    let client = app.client_of(&owner).await;
    let b = browser();
    sign_in(&app, &b, &other.email, PASSWORD).await;
    let res = b
        .get(format!("{}/clients/{}", app.address, client.id))
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let html = b
        .get(format!("{}/dashboard", app.address))
        .send()
        .await
        .expect("answered")
        .text()
        .await
        .expect("html");
    assert!(!html.contains(&client.id.to_string()));

    app.clock.advance(Duration::minutes(29));
    assert_eq!(
        b.get(format!("{}/dashboard", app.address))
            .send()
            .await
            .expect("answered")
            .status(),
        StatusCode::OK
    );
    app.clock.advance(Duration::minutes(29));
    assert_eq!(
        b.get(format!("{}/dashboard", app.address))
            .send()
            .await
            .expect("answered")
            .status(),
        StatusCode::OK,
        "use keeps it alive"
    );
    app.clock.advance(Duration::minutes(31));
    assert_eq!(
        b.get(format!("{}/dashboard", app.address))
            .send()
            .await
            .expect("answered")
            .status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn signing_out_needs_the_csrf_token_and_ends_the_session() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let b = browser();
    sign_in(&app, &b, &therapist.email, PASSWORD).await;
    let html = b
        .get(format!("{}/dashboard", app.address))
        .send()
        .await
        .expect("answered")
        .text()
        .await
        .expect("html");
    let forged = b
        .post(format!("{}/logout", app.address))
        .form(&[("csrf", "x")])
        .send()
        .await
        .expect("answered");
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let res = b
        .post(format!("{}/logout", app.address))
        .form(&[("csrf", csrf_in(&html))])
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        b.get(format!("{}/dashboard", app.address))
            .send()
            .await
            .expect("answered")
            .status(),
        StatusCode::SEE_OTHER
    );
}
