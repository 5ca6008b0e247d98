//! The therapist's web pages over HTTP, as a browser without JavaScript would use them.

use chrono::Duration;
use ipt_tests::{PASSWORD, TestApp, assert_problem, at, body, browser, csrf_in, spawn_app, web};
use reqwest::StatusCode;
use serde_json::json;

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
    let wrong = web::sign_in(&app, &browser(), &therapist.email, "not the password").await;
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
    let ok = web::sign_in(&app, &b, &therapist.email, PASSWORD).await;
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
    web::sign_in(&app, &b, &therapist.email, PASSWORD).await;
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
    web::sign_in(&app, &b, &other.email, PASSWORD).await;
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
    web::sign_in(&app, &b, &therapist.email, PASSWORD).await;
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

/// The `<tr>` of `html` that holds `needle`.
fn row_with<'a>(html: &'a str, needle: &str) -> &'a str {
    let at = html
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} in the page"));
    let start = html[..at].rfind("<tr").expect("a row");
    let end = at + html[at..].find("</tr>").expect("the row's end");
    &html[start..end]
}

async fn page_of(app: &TestApp, b: &reqwest::Client, client: uuid::Uuid) -> String {
    let res = b
        .get(format!("{}/clients/{client}", app.address))
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status(), StatusCode::OK);
    res.text().await.expect("html")
}

#[tokio::test]
async fn the_client_page_shows_the_clients_words_mood_by_person_and_gad7_in_the_therapists_zone() {
    let app = spawn_app().await;
    app.clock.set(at("2026-03-16T12:00:00Z"));
    let therapist = app.therapist().await;
    let res = app
        .request(
            reqwest::Method::PATCH,
            "/api/v1/me",
            Some(&therapist.access_token),
            Some(&json!({"timezone": "Asia/Kolkata"})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let client = app.client_in(&therapist, "UTC", "2026-03-02").await;
    let base = format!("/api/v1/clients/{}", client.id);
    let mut people = std::collections::HashMap::new();
    for (label, closeness) in [("Mum", 1), ("Ana", 2), ("Boss", 3)] {
        let res = app
            .post(
                &format!("{base}/relationships"),
                Some(&client.access_token),
                &json!({"label": label, "closeness": closeness}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        people.insert(label, body(res).await["id"].clone());
    }
    for (day, mood, person, note) in [
        (
            10,
            3,
            Some("Mum"),
            Some("Argued with Mum about <Sunday> & chores"),
        ),
        (11, 5, Some("Mum"), None),
        (12, 8, Some("Boss"), Some("Boss praised the report")),
        (13, 6, None, None),
    ] {
        let mut checkin = json!({"recorded_at": format!("2026-03-{day}T09:00:00Z"), "mood": mood});
        if let Some(p) = person {
            checkin["relationship_id"] = people[p].clone();
        }
        if let Some(n) = note {
            checkin["note"] = json!(n);
        }
        if day == 13 {
            checkin["gad7"] = json!([1, 2, 1, 2, 1, 2, 1]);
        }
        assert_eq!(
            app.checkin(&client, &checkin).await.status(),
            StatusCode::CREATED
        );
    }
    let res = app
        .post(
            &format!("{base}/exercise-logs"),
            Some(&client.access_token),
            &json!({"exercise_key": "communication_analysis", "practiced_at": "2026-03-12T18:00:00Z",
                    "responses": {"situation": "Dinner with Mum"}}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let hw = body(
        app.post(
            &format!("{base}/homework"),
            Some(&therapist.access_token),
            &json!({"title": "Talk to Mum", "exercise_key": "communication_analysis"}),
        )
        .await,
    )
    .await;
    let res = app
        .post(
            &format!("{base}/homework/{}/completion", hw["id"].as_str().expect("an id")),
            Some(&client.access_token),
            &json!({"completed_at": "2026-03-16T12:30:00Z", "reflection": "It helped to plan what to say", "helpfulness": 7}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    app.set_reminders(
        &client,
        json!({"practice_prompts": [], "checkin_reminder": {"local_time": "20:00"}}),
    )
    .await;

    let b = browser();
    web::sign_in(&app, &b, &therapist.email, PASSWORD).await;
    let html = page_of(&app, &b, client.id).await;

    // Times in the therapist's zone (UTC+5:30), dates of the charts in the client's.
    assert!(html.contains("Times are in Asia/Kolkata"));
    let note = row_with(&html, "Argued with Mum about &lt;Sunday&gt; &amp; chores");
    assert!(note.contains("2026-03-10 14:30 IST"), "{note}");
    assert!(note.contains("<td>Mum</td>"), "the person named: {note}");
    assert!(!html.contains("<Sunday>"), "escaped");
    let session = row_with(&html, r#"data-session="1""#);
    assert!(session.contains("2026-03-02 15:30 IST"), "{session}");

    // Mood by person: Mum 3 and 5, Boss 8, nobody 6; all four average 5.5.
    let mum = row_with(&html, r#"<th scope="row">Mum</th>"#);
    assert!(mum.contains("<td>2</td><td>4.0</td><td>-1.5</td>"), "{mum}");
    let boss = row_with(&html, r#"<th scope="row">Boss</th>"#);
    assert!(boss.contains("<td>8.0</td><td>+2.5</td>"), "{boss}");
    assert!(row_with(&html, r#"<th scope="row">Ana</th>"#).contains("No check-in names them yet."));
    assert!(html.contains("All 4 check-ins: 5.5."));
    assert!(html.contains(r#"<svg class="circles""#));
    assert!(html.contains("circle 1: Mum; circle 2: Ana; circle 3: Boss"));

    assert!(html.contains(r#"<figure id="gad7-chart">"#));
    assert!(html.contains("GAD-7 totals: 2026-03-13: 10"));

    // The client's own words, with readable names.
    assert!(html.contains("Looking back at a conversation"));
    assert!(html.contains("What was the situation, and who were you talking with?"));
    assert!(html.contains("Dinner with Mum"));
    assert!(html.contains("It helped to plan what to say"));
    assert!(
        !html.contains("communication_analysis"),
        "no raw exercise key"
    );
    assert!(html.contains("App linked: </strong>signed in on 1 phone"));

    // Reminders that have come due, by their readable kind.
    app.clock.set(at("2026-03-17T12:00:00Z"));
    let b = browser();
    web::sign_in(&app, &b, &therapist.email, PASSWORD).await;
    let html = page_of(&app, &b, client.id).await;
    let reminder = row_with(&html, "Daily check-in reminder");
    assert!(reminder.contains("2026-03-17 01:30 IST"), "{reminder}");
    assert!(!html.contains("checkin_reminder") && !html.contains("CheckinReminder"));

    // Wide tables scroll, and can be reached by keyboard to do so.
    assert!(html.contains(
        r#"<div class="table-wrap" tabindex="0" role="region" aria-label="Session log">"#
    ));
}

#[tokio::test]
async fn an_empty_client_page_says_in_words_that_there_is_nothing_yet() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    // Not signed in on a phone: the invite code was never used.
    let created = app
        .create_client(
            &therapist,
            json!({"start_date": "2026-01-05", "planned_sessions": 12}),
        )
        .await;
    let id: uuid::Uuid = created["id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("an id");
    let b = browser();
    web::sign_in(&app, &b, &therapist.email, PASSWORD).await;
    let html = page_of(&app, &b, id).await;
    for words in [
        "App not linked: </strong>no phone is signed in",
        "No check-ins yet.",
        "No PHQ-9 answered yet.",
        "No GAD-7 answered yet.",
        "No one is in the interpersonal inventory yet.",
        "No check-in has a note yet.",
        "No exercise answers yet.",
        "No homework reflection yet.",
        "No safety plan yet.",
        "No formulation yet.",
        "No relapse-prevention plan yet.",
        "No homework assigned yet.",
        "No practice logged yet.",
        "No reminder has been due yet.",
        "Times are in UTC",
    ] {
        assert!(html.contains(words), "{words}");
    }
}

#[tokio::test]
async fn marking_a_session_on_the_page_changes_it_for_the_api_too() {
    let app = spawn_app().await;
    app.clock.set(at("2026-03-16T12:00:00Z"));
    let therapist = app.therapist().await;
    let client = app.client_in(&therapist, "UTC", "2026-03-02").await;
    let b = browser();
    web::sign_in(&app, &b, &therapist.email, PASSWORD).await;
    let html = page_of(&app, &b, client.id).await;
    let csrf = csrf_in(&html);
    let session = row_with(&html, r#"data-session="2""#);
    assert!(session.contains("held (presumed: not marked)"), "{session}");
    assert!(session.contains(r#"value="no_show""#));
    // A session still to come can only be cancelled.
    let upcoming = row_with(&html, r#"data-session="4""#);
    assert!(upcoming.contains(r#"value="cancelled""#) && !upcoming.contains(r#"value="held""#));

    let action = format!("{}/clients/{}/sessions/2/mark", app.address, client.id);
    let forged = b
        .post(&action)
        .form(&[("csrf", "nope"), ("status", "no_show")])
        .send()
        .await
        .expect("answered");
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let unknown = b
        .post(&action)
        .form(&[("csrf", csrf.as_str()), ("status", "moved")])
        .send()
        .await
        .expect("answered");
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let beyond = b
        .post(format!(
            "{}/clients/{}/sessions/40/mark",
            app.address, client.id
        ))
        .form(&[("csrf", csrf.as_str()), ("status", "held")])
        .send()
        .await
        .expect("answered");
    assert_eq!(beyond.status(), StatusCode::NOT_FOUND);

    let res = b
        .post(&action)
        .form(&[("csrf", csrf.as_str()), ("status", "no_show")])
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers().get("location").and_then(|v| v.to_str().ok()),
        Some(format!("/clients/{}#sessions", client.id).as_str())
    );

    let sessions = body(
        app.get(
            &format!("/api/v1/clients/{}/sessions", client.id),
            Some(&therapist.access_token),
        )
        .await,
    )
    .await;
    let items = sessions["items"].as_array().expect("sessions");
    assert_eq!(items[1]["status"], "no_show");
    assert_eq!(items[1]["confirmed"], true);
    assert_eq!(items.len(), 13, "a missed session adds one at the end");
    let html = page_of(&app, &b, client.id).await;
    assert!(row_with(&html, r#"data-session="2""#).contains("missed (no-show)"));

    // Another therapist cannot mark it, with their own valid session and token.
    let other = app.therapist().await;
    let ob = browser();
    web::sign_in(&app, &ob, &other.email, PASSWORD).await;
    let dashboard = ob
        .get(format!("{}/dashboard", app.address))
        .send()
        .await
        .expect("answered")
        .text()
        .await
        .expect("html");
    let res = ob
        .post(&action)
        .form(&[("csrf", csrf_in(&dashboard).as_str()), ("status", "held")])
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_page_shows_the_formulation_and_rates_goals_at_a_held_session() {
    let app = spawn_app().await;
    app.clock.set(at("2026-03-16T12:00:00Z"));
    let therapist = app.therapist().await;
    let client = app.client_in(&therapist, "UTC", "2026-03-02").await;
    let base = format!("/api/v1/clients/{}", client.id);
    let written = body(
        app.put(
            &format!("{base}/formulation"),
            Some(&therapist.access_token),
            &json!({"problem_areas": ["role_transition"], "summary": "Moved <city> for work",
                    "goals": [{"problem_area": "role_transition", "text": "Join a choir"},
                              {"problem_area": "role_transition", "text": "Call home weekly"}],
                    "role_transition": {"old_role": "Student", "new_role": "Engineer"}}),
        )
        .await,
    )
    .await;
    let goals: Vec<String> = written["goals"]
        .as_array()
        .expect("goals")
        .iter()
        .filter_map(|g| g["id"].as_str().map(str::to_owned))
        .collect();
    app.put(
        &format!("{base}/relapse-plan"),
        Some(&client.access_token),
        &json!({"warning_signs": ["Skipping choir"], "what_helped": [], "people_to_contact": [],
                "when_to_seek_help": []}),
    )
    .await;
    let b = browser();
    web::sign_in(&app, &b, &therapist.email, PASSWORD).await;
    let html = page_of(&app, &b, client.id).await;
    for words in [
        "Problem areas: </strong>Role transition",
        "Role transition: from Student to Engineer",
        "Moved &lt;city&gt; for work",
        "Join a choir",
        "not rated yet",
        "Skipping choir",
        "Acute (weekly)",
    ] {
        assert!(html.contains(words), "{words}");
    }
    let csrf = csrf_in(&html);
    let action = format!("{}/clients/{}/goals/rate", app.address, client.id);
    let field = |i: usize| format!("goal-{}", goals[i]);
    let too_high = b
        .post(&action)
        .form(&[
            ("csrf", csrf.as_str()),
            ("session", "2"),
            (field(0).as_str(), "11"),
        ])
        .send()
        .await
        .expect("answered");
    assert_eq!(too_high.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = b
        .post(&action)
        .form(&[
            ("csrf", csrf.as_str()),
            ("session", "2"),
            (field(0).as_str(), "4"),
            (field(1).as_str(), ""),
        ])
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let sessions = body(
        app.get(&format!("{base}/sessions"), Some(&therapist.access_token))
            .await,
    )
    .await;
    let second = &sessions["items"][1];
    assert_eq!(second["confirmed"], true);
    assert_eq!(
        second["goal_ratings"],
        json!([{"goal_id": goals[0], "rating": 4}])
    );
    let html = page_of(&app, &b, client.id).await;
    assert!(
        html.contains("latest 4 (session 2)"),
        "the page shows the rating"
    );
    assert!(
        html.contains("Join a choir: session 2: 4"),
        "the chart's text alternative names it"
    );
}

#[tokio::test]
async fn an_acknowledgement_posted_under_another_clients_path_is_404_and_changes_nothing() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let at_risk = app.client_of(&therapist).await;
    let other = app.client_of(&therapist).await;
    let res = app
        .checkin(
            &at_risk,
            &json!({"recorded_at": app.now().to_rfc3339(), "mood": 2,
                    "phq9": [1, 1, 1, 1, 1, 1, 1, 1, 2]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let token = app.fresh_token(&therapist).await;
    let alerts = body(app.get("/api/v1/alerts", Some(&token)).await).await;
    let alert_id = alerts["items"][0]["id"]
        .as_str()
        .expect("an alert")
        .to_owned();
    let b = browser();
    web::sign_in(&app, &b, &therapist.email, PASSWORD).await;
    let html = b
        .get(format!("{}/clients/{}", app.address, at_risk.id))
        .send()
        .await
        .expect("answered")
        .text()
        .await
        .expect("html");
    // The alert's id under the other client's path: refused before anything is written.
    let res = b
        .post(format!(
            "{}/clients/{}/alerts/{alert_id}/acknowledge",
            app.address, other.id
        ))
        .form(&[
            ("csrf", csrf_in(&html)),
            ("action", "contacted_client".to_owned()),
            ("note", "Called; safe at home".to_owned()),
        ])
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let alerts = body(app.get("/api/v1/alerts", Some(&token)).await).await;
    let alert = alerts["items"]
        .as_array()
        .and_then(|items| items.iter().find(|a| a["id"] == alert_id.as_str()))
        .expect("the alert");
    assert!(alert["acknowledged_at"].is_null(), "still open: {alert}");
    assert!(alert["acknowledged_by"].is_null());
}

#[tokio::test]
async fn a_control_character_in_the_acknowledgement_note_is_refused_on_both_databases() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let res = app
        .checkin(
            &client,
            &json!({"recorded_at": app.now().to_rfc3339(), "mood": 2,
                    "phq9": [1, 1, 1, 1, 1, 1, 1, 1, 2]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let token = app.fresh_token(&therapist).await;
    let alerts = body(app.get("/api/v1/alerts", Some(&token)).await).await;
    let alert_id = alerts["items"][0]["id"]
        .as_str()
        .expect("an alert")
        .to_owned();
    let b = browser();
    web::sign_in(&app, &b, &therapist.email, PASSWORD).await;
    let page = format!("{}/clients/{}", app.address, client.id);
    let html = b
        .get(&page)
        .send()
        .await
        .expect("answered")
        .text()
        .await
        .expect("html");
    let action = format!("{page}/alerts/{alert_id}/acknowledge");
    let res = b
        .post(&action)
        .form(&[
            ("csrf", csrf_in(&html)),
            ("action", "other".to_owned()),
            ("note", "Called\u{0}her".to_owned()),
        ])
        .send()
        .await
        .expect("answered");
    let problem = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(problem["errors"]["note"].is_array(), "{problem}");
    // Line breaks as a browser sends them are fine, and stored as LF.
    let res = b
        .post(&action)
        .form(&[
            ("csrf", csrf_in(&html)),
            ("action", "other".to_owned()),
            ("note", "Called her.\r\nSafe at home.".to_owned()),
        ])
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    use sea_orm::EntityTrait;
    let id: uuid::Uuid = alert_id.parse().expect("a uuid");
    let stored = entities::safety_alert::Entity::find_by_id(entities::AlertId::from(id))
        .one(&app.db)
        .await
        .expect("a read")
        .expect("the alert");
    assert!(stored.acknowledged_at.is_some());
    assert_eq!(stored.note.as_deref(), Some("Called her.\nSafe at home."));
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
