//! The authorization matrix: every route of the OpenAPI document × {anonymous, client A,
//! client B, A's therapist, another therapist} against the expected status. The routes come
//! from the document, so a new route without a row here fails the test.

use ipt_tests::{Client, TestApp, Therapist, body, spawn_app};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Who calls, in the order of the expectation arrays.
const WHO: [&str; 5] = [
    "anonymous",
    "client A",
    "client B",
    "A's therapist",
    "other therapist",
];

/// One tenant world: A's therapist with clients A and B, another therapist, and records of A.
pub(super) struct World {
    pub(super) therapist: Therapist,
    pub(super) other: Therapist,
    pub(super) a: Client,
    pub(super) b: Client,
    pub(super) ids: BTreeMap<&'static str, String>,
}

pub(super) async fn world(app: &TestApp) -> World {
    let therapist = app.therapist().await;
    let other = app.therapist().await;
    // A course under way, so that reminders are planned for A.
    let today = app.now().date_naive().to_string();
    let a = app.client_in(&therapist, "UTC", &today).await;
    let b = app.client_in(&therapist, "UTC", &today).await;
    let base = format!("/api/v1/clients/{}", a.id);
    let person = body(
        app.post(
            &format!("{base}/relationships"),
            Some(&a.access_token),
            &json!({"label": "Mum", "closeness": 1}),
        )
        .await,
    )
    .await;
    let hw = body(
        app.post(
            &format!("{base}/homework"),
            Some(&therapist.access_token),
            &json!({"title": "Call Mum"}),
        )
        .await,
    )
    .await;
    let device = body(
        app.post(
            &format!("{base}/devices"),
            Some(&a.access_token),
            &json!({"fcm_token": format!("fixture-{}", uuid::Uuid::new_v4()), "platform": "ios"}),
        )
        .await,
    )
    .await;
    let checkin = json!({"recorded_at": "2026-03-01T10:00:00Z", "mood": 2, "phq9": [0, 0, 0, 0, 0, 0, 0, 0, 1]});
    assert_eq!(
        app.checkin(&a, &checkin).await.status(),
        StatusCode::CREATED
    );
    let alerts = body(
        app.get("/api/v1/alerts", Some(&therapist.access_token))
            .await,
    )
    .await;
    let notifications = app.notifications(&therapist, &a).await;
    assert!(!notifications.is_empty(), "the fixture has reminders");
    // A plan exists, so that reading it answers 200 to those who may.
    assert_eq!(
        app.put(
            &format!("{base}/safety-plan"),
            Some(&therapist.access_token),
            &safety_plan(),
        )
        .await
        .status(),
        StatusCode::CREATED
    );
    for (path, document) in [
        ("formulation", formulation()),
        ("relapse-plan", relapse_plan()),
    ] {
        assert_eq!(
            app.put(
                &format!("{base}/{path}"),
                Some(&therapist.access_token),
                &document,
            )
            .await
            .status(),
            StatusCode::CREATED,
            "{path}"
        );
    }
    let mut ids = BTreeMap::new();
    ids.insert("client_id", a.id.to_string());
    ids.insert("version", "1".to_owned());
    ids.insert(
        "relationship_id",
        person["id"].as_str().unwrap_or_default().to_owned(),
    );
    ids.insert(
        "homework_id",
        hw["id"].as_str().unwrap_or_default().to_owned(),
    );
    ids.insert(
        "device_id",
        device["id"].as_str().unwrap_or_default().to_owned(),
    );
    ids.insert(
        "alert_id",
        alerts["items"][0]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    );
    ids.insert(
        "notification_id",
        notifications
            .first()
            .and_then(|n| n["id"].as_str())
            .unwrap_or_default()
            .to_owned(),
    );
    // A second sign-in of the therapist, for the routes that revoke one.
    let (_, second) = app.login(&therapist.email, &therapist.password).await;
    let sign_ins = body(
        app.get("/api/v1/me/sessions", second["access_token"].as_str())
            .await,
    )
    .await;
    ids.insert(
        "session_id",
        sign_ins["items"]
            .as_array()
            .and_then(|items| items.iter().find(|s| s["current"] == true))
            .and_then(|s| s["id"].as_str())
            .unwrap_or_default()
            .to_owned(),
    );
    ids.insert("key", "i_statements".to_owned());
    // Session 1 is today, within the hour: a session that may be marked held (a later one may
    // not be, before its time).
    ids.insert("number", "1".to_owned());
    ids.insert("reading_key", "what_is_ipt".to_owned());
    // The first course's id is the client's.
    ids.insert("course_id", a.id.to_string());
    World {
        therapist,
        other,
        a,
        b,
        ids,
    }
}

impl World {
    pub(super) fn token(&self, who: usize) -> Option<&str> {
        match who {
            1 => Some(&self.a.access_token),
            2 => Some(&self.b.access_token),
            3 => Some(&self.therapist.access_token),
            4 => Some(&self.other.access_token),
            _ => None,
        }
    }
}

/// A formulation that passes validation.
fn formulation() -> Value {
    json!({"problem_areas": ["role_dispute"], "summary": "Disputes at home",
           "goals": [{"problem_area": "role_dispute", "text": "Say what I need"}],
           "role_dispute": {"stage": "renegotiation"}})
}

/// A relapse-prevention plan that passes validation.
fn relapse_plan() -> Value {
    json!({"warning_signs": ["Sleeping badly"], "what_helped": ["Walks"],
           "people_to_contact": [{"name": "Ana"}], "when_to_seek_help": ["Two weeks low"]})
}

/// A safety plan that passes validation.
fn safety_plan() -> Value {
    json!({"warning_signs": ["Not sleeping"], "coping_strategies": [], "distractions": [],
           "people_to_ask": [{"name": "Ana"}], "professionals": [], "environment_safety": [],
           "reasons_for_living": []})
}

/// A request body that passes validation, so that the status speaks of authorization.
pub(super) fn body_for(route: &str) -> Option<Value> {
    let unique = uuid::Uuid::new_v4().simple().to_string();
    Some(match route {
        "POST /api/v1/alerts/{alert_id}/acknowledge" => {
            json!({"action": "reviewed_no_action_needed"})
        }
        "PUT /api/v1/me/safety-contacts" => {
            json!({"escalation_email": "oncall@example.org", "phone": "+49 30 1234567"})
        }
        "POST /api/v1/me/devices" => {
            json!({"fcm_token": format!("therapist-token-{unique}"), "platform": "ios"})
        }
        "PUT /api/v1/clients/{client_id}/region" => json!({"region": "DE"}),
        "PUT /api/v1/clients/{client_id}/initial-phase" => json!({"sick_role_discussed": true}),
        "PATCH /api/v1/me" => json!({"timezone": "Europe/Berlin"}),
        "PUT /api/v1/clients/{client_id}/sessions/{number}" => json!({"status": "held"}),
        "POST /api/v1/auth/logout"
        | "POST /api/v1/clients/{client_id}/invite"
        | "POST /api/v1/clients/{client_id}/homework/{homework_id}/cancel"
        | "POST /api/v1/clients/{client_id}/notifications/{notification_id}/opened"
        | "POST /api/v1/clients/{client_id}/readings/{reading_key}/opened" => json!({}),
        "POST /api/v1/auth/invite" => json!({"code": "NOPE-NOPE-NOPE"}),
        "POST /api/v1/auth/login" => {
            json!({"email": "nobody@example.org", "password": "not a password at all"})
        }
        "POST /api/v1/auth/refresh" => json!({"refresh_token": "not-a-token"}),
        "POST /api/v1/auth/login/mfa" => json!({"mfa_token": "not-a-token", "code": "123456"}),
        "POST /api/v1/me/mfa/totp/confirm" | "DELETE /api/v1/me/mfa/totp" => {
            json!({"code": "123456"})
        }
        "POST /api/v1/me/mfa/totp" => json!({}),
        "POST /api/v1/auth/password-reset" => json!({"email": "nobody@example.org"}),
        "POST /api/v1/auth/password-reset/confirm" => {
            json!({"token": "not-a-token", "password": "a long new password"})
        }
        "POST /api/v1/auth/verify-email" => json!({"token": "not-a-token"}),
        "POST /api/v1/clients" => {
            json!({"display_name": "New", "timezone": "UTC", "treatment": {"start_date": "2026-03-02", "planned_sessions": 12}})
        }
        "POST /api/v1/clients/{client_id}/checkins" => {
            json!({"recorded_at": "2026-03-02T10:00:00Z", "mood": 5})
        }
        "POST /api/v1/clients/{client_id}/devices" => {
            json!({"fcm_token": format!("token-{unique}"), "platform": "android"})
        }
        "POST /api/v1/clients/{client_id}/exercise-logs" => {
            json!({"exercise_key": "i_statements", "practiced_at": "2026-03-02T10:00:00Z"})
        }
        "POST /api/v1/clients/{client_id}/risk-screens" => json!({
            "id": uuid::Uuid::new_v4(), "recorded_at": "2026-03-02T10:00:00Z", "instrument": "asq",
            "answers": {"q1": false, "q2": false, "q3": false, "q4": false, "q5": null}
        }),
        "POST /api/v1/clients/{client_id}/homework"
        | "PUT /api/v1/clients/{client_id}/homework/{homework_id}" => json!({"title": "Practise"}),
        "POST /api/v1/clients/{client_id}/homework/{homework_id}/completion" => {
            json!({"completed_at": "2026-12-07T10:00:00Z"})
        }
        "PUT /api/v1/clients/{client_id}/practice-target" => json!({"weekly_target": 4}),
        "POST /api/v1/clients/{client_id}/relationships"
        | "PUT /api/v1/clients/{client_id}/relationships/{relationship_id}" => {
            json!({"label": "Friend", "closeness": 2})
        }
        "PUT /api/v1/clients/{client_id}/reminders" => json!({"practice_prompts": []}),
        "PUT /api/v1/clients/{client_id}/safety-plan" => safety_plan(),
        "PUT /api/v1/clients/{client_id}/formulation" => formulation(),
        "PUT /api/v1/clients/{client_id}/relapse-plan" => relapse_plan(),
        "POST /api/v1/clients/{client_id}/relapse-reviews" => {
            json!({"action": "monitor", "note": "Watching the next two check-ins."})
        }
        "POST /api/v1/clients/{client_id}/courses" => {
            json!({"kind": "maintenance", "start_date": "2026-06-01", "planned_sessions": 4})
        }
        "PUT /api/v1/clients/{client_id}/treatment" => {
            json!({"start_date": "2026-03-02", "planned_sessions": 10})
        }
        "POST /api/v1/therapists" => {
            json!({"email": format!("new-{unique}@example.org"), "password": "a long new password", "display_name": "New"})
        }
        _ => return None,
    })
}

/// Expected statuses: [anonymous, client A, client B, A's therapist, another therapist].
pub(super) fn expectations() -> BTreeMap<&'static str, [u16; 5]> {
    const OWN_READ: [u16; 5] = [401, 200, 404, 200, 404];
    const CLIENT_WRITE: [u16; 5] = [401, 201, 404, 403, 404];
    const THERAPIST_WRITE: [u16; 5] = [401, 403, 404, 200, 404];
    const PUBLIC: [u16; 5] = [200; 5];
    const PAGE: [u16; 5] = [303; 5];
    BTreeMap::from([
        ("GET /", PAGE),
        ("GET /api/v1/alerts", [401, 403, 403, 200, 200]),
        (
            "POST /api/v1/alerts/{alert_id}/acknowledge",
            [401, 403, 403, 200, 404],
        ),
        ("POST /api/v1/auth/invite", [401; 5]),
        ("POST /api/v1/auth/login", [401; 5]),
        ("POST /api/v1/auth/login/mfa", [401; 5]),
        // Nothing pending or on in the fixture: confirming and turning off are conflicts.
        ("POST /api/v1/me/mfa/totp", [401, 403, 403, 200, 200]),
        (
            "POST /api/v1/me/mfa/totp/confirm",
            [401, 403, 403, 409, 409],
        ),
        ("DELETE /api/v1/me/mfa/totp", [401, 403, 403, 409, 409]),
        ("POST /api/v1/auth/logout", [401, 204, 204, 204, 204]),
        ("POST /api/v1/auth/refresh", [401; 5]),
        ("POST /api/v1/auth/password-reset", [202; 5]),
        ("POST /api/v1/auth/password-reset/confirm", [401; 5]),
        ("POST /api/v1/auth/verify-email", [401; 5]),
        ("GET /api/v1/clients", [401, 403, 403, 200, 200]),
        ("POST /api/v1/clients", [401, 403, 403, 201, 201]),
        ("GET /api/v1/clients/{client_id}", OWN_READ),
        (
            "DELETE /api/v1/clients/{client_id}",
            [401, 204, 404, 204, 404],
        ),
        ("GET /api/v1/clients/{client_id}/access-log", OWN_READ),
        (
            "GET /api/v1/clients/{client_id}/audit",
            [401, 403, 404, 200, 404],
        ),
        ("GET /api/v1/clients/{client_id}/changes", OWN_READ),
        ("GET /api/v1/clients/{client_id}/checkins", OWN_READ),
        ("POST /api/v1/clients/{client_id}/checkins", CLIENT_WRITE),
        ("GET /api/v1/clients/{client_id}/devices", OWN_READ),
        ("POST /api/v1/clients/{client_id}/devices", CLIENT_WRITE),
        (
            "DELETE /api/v1/clients/{client_id}/devices/{device_id}",
            [401, 204, 404, 204, 404],
        ),
        ("GET /api/v1/clients/{client_id}/exercise-logs", OWN_READ),
        (
            "POST /api/v1/clients/{client_id}/exercise-logs",
            CLIENT_WRITE,
        ),
        ("GET /api/v1/clients/{client_id}/export", OWN_READ),
        ("GET /api/v1/clients/{client_id}/risk-screens", OWN_READ),
        (
            "POST /api/v1/clients/{client_id}/risk-screens",
            CLIENT_WRITE,
        ),
        ("GET /api/v1/clients/{client_id}/homework", OWN_READ),
        (
            "POST /api/v1/clients/{client_id}/homework",
            [401, 403, 404, 201, 404],
        ),
        (
            "PUT /api/v1/clients/{client_id}/homework/{homework_id}",
            THERAPIST_WRITE,
        ),
        (
            "POST /api/v1/clients/{client_id}/homework/{homework_id}/cancel",
            THERAPIST_WRITE,
        ),
        (
            "POST /api/v1/clients/{client_id}/homework/{homework_id}/completion",
            [401, 200, 404, 403, 404],
        ),
        (
            "POST /api/v1/clients/{client_id}/invite",
            [401, 403, 404, 201, 404],
        ),
        ("GET /api/v1/clients/{client_id}/notifications", OWN_READ),
        (
            "POST /api/v1/clients/{client_id}/notifications/{notification_id}/opened",
            [401, 200, 404, 403, 404],
        ),
        ("GET /api/v1/clients/{client_id}/practice-target", OWN_READ),
        (
            "PUT /api/v1/clients/{client_id}/practice-target",
            THERAPIST_WRITE,
        ),
        ("GET /api/v1/clients/{client_id}/relationships", OWN_READ),
        (
            "POST /api/v1/clients/{client_id}/relationships",
            [401, 201, 404, 201, 404],
        ),
        (
            "PUT /api/v1/clients/{client_id}/relationships/{relationship_id}",
            [401, 200, 404, 200, 404],
        ),
        (
            "DELETE /api/v1/clients/{client_id}/relationships/{relationship_id}",
            [401, 204, 404, 204, 404],
        ),
        ("GET /api/v1/clients/{client_id}/reminders", OWN_READ),
        ("PUT /api/v1/clients/{client_id}/reminders", OWN_READ),
        ("GET /api/v1/clients/{client_id}/safety-plan", OWN_READ),
        ("PUT /api/v1/clients/{client_id}/safety-plan", OWN_READ),
        (
            "GET /api/v1/clients/{client_id}/safety-plan/versions",
            OWN_READ,
        ),
        (
            "GET /api/v1/clients/{client_id}/safety-plan/versions/{version}",
            OWN_READ,
        ),
        ("GET /api/v1/clients/{client_id}/formulation", OWN_READ),
        (
            "PUT /api/v1/clients/{client_id}/formulation",
            THERAPIST_WRITE,
        ),
        ("GET /api/v1/clients/{client_id}/relapse-plan", OWN_READ),
        ("GET /api/v1/clients/{client_id}/courses", OWN_READ),
        // The fixture's course goes on, so a therapist's start is refused as a conflict
        // (after authorization, which is what the matrix checks).
        (
            "POST /api/v1/clients/{client_id}/courses",
            [401, 403, 404, 409, 404],
        ),
        (
            "POST /api/v1/clients/{client_id}/courses/{course_id}/end",
            THERAPIST_WRITE,
        ),
        ("PUT /api/v1/clients/{client_id}/relapse-plan", OWN_READ),
        (
            "GET /api/v1/clients/{client_id}/relapse-reviews",
            [401, 403, 404, 200, 404],
        ),
        (
            "POST /api/v1/clients/{client_id}/relapse-reviews",
            [401, 403, 404, 201, 404],
        ),
        (
            "GET /api/v1/clients/{client_id}/summary",
            [401, 403, 404, 200, 404],
        ),
        (
            "GET /api/v1/clients/{client_id}/courses/{course_id}/summary",
            OWN_READ,
        ),
        ("PUT /api/v1/clients/{client_id}/treatment", THERAPIST_WRITE),
        (
            "PUT /api/v1/clients/{client_id}/initial-phase",
            THERAPIST_WRITE,
        ),
        ("GET /api/v1/clients/{client_id}/sessions", OWN_READ),
        ("GET /api/v1/readings", [401, 200, 200, 200, 200]),
        ("GET /api/v1/clients/{client_id}/readings", OWN_READ),
        (
            "POST /api/v1/clients/{client_id}/readings/{reading_key}/opened",
            [401, 200, 404, 403, 404],
        ),
        (
            "PUT /api/v1/clients/{client_id}/sessions/{number}",
            THERAPIST_WRITE,
        ),
        ("GET /api/v1/dashboard", [401, 403, 403, 200, 200]),
        ("GET /api/v1/exercises", [401, 200, 200, 200, 200]),
        ("GET /api/v1/exercises/{key}", [401, 200, 200, 200, 200]),
        ("GET /api/v1/me", [401, 200, 200, 200, 200]),
        ("GET /api/v1/me/safety-contacts", [401, 403, 403, 200, 200]),
        ("PUT /api/v1/me/safety-contacts", [401, 403, 403, 200, 200]),
        ("PATCH /api/v1/me", [401, 200, 200, 200, 200]),
        ("GET /api/v1/me/devices", [401, 403, 403, 200, 200]),
        ("GET /api/v1/me/sessions", [401, 403, 403, 200, 200]),
        (
            "DELETE /api/v1/me/sessions/{session_id}",
            [401, 403, 403, 204, 404],
        ),
        ("POST /api/v1/me/devices", [401, 403, 403, 201, 201]),
        (
            "DELETE /api/v1/me/devices/{device_id}",
            [401, 403, 403, 404, 404],
        ),
        ("GET /api/v1/crisis-resources", PUBLIC),
        ("PUT /api/v1/clients/{client_id}/region", OWN_READ),
        ("GET /api/v1/openapi.json", PUBLIC),
        ("GET /openapi.pages.json", PUBLIC),
        ("POST /api/v1/therapists", [201; 5]),
        ("GET /assets/app.css", PUBLIC),
        ("GET /clients/{client_id}", PAGE),
        (
            "POST /clients/{client_id}/alerts/{alert_id}/acknowledge",
            PAGE,
        ),
        ("POST /clients/{client_id}/sessions/{number}/mark", PAGE),
        ("POST /clients/{client_id}/goals/rate", PAGE),
        ("POST /clients/{client_id}/region", PAGE),
        ("GET /dashboard", PAGE),
        ("GET /healthz", PUBLIC),
        ("GET /login", PUBLIC),
        ("POST /login", [403; 5]),
        ("POST /login/two-step", [403; 5]),
        ("GET /account/two-step", PAGE),
        ("POST /account/two-step/start", PAGE),
        ("POST /account/two-step/confirm", PAGE),
        ("POST /account/two-step/disable", PAGE),
        ("POST /logout", PAGE),
        ("GET /sign-ins", PAGE),
        ("GET /password-reset", PUBLIC),
        ("POST /password-reset", [403; 5]),
        ("GET /password-reset/new", PUBLIC),
        ("POST /password-reset/new", [403; 5]),
        ("GET /verify-email", PUBLIC),
        ("POST /verify-email", [403; 5]),
        ("POST /sign-ins/{session_id}/revoke", PAGE),
        ("GET /readyz", PUBLIC),
    ])
}

pub(super) fn fill(template: &str, ids: &BTreeMap<&'static str, String>) -> String {
    let mut path = template.to_owned();
    for (name, value) in ids {
        path = path.replace(&format!("{{{name}}}"), value);
    }
    path
}

#[tokio::test]
async fn every_route_answers_each_caller_as_the_matrix_says() {
    let app = spawn_app().await;
    // The API's document and that of the pages and operations endpoints, together: every
    // route. Whom the API's document says an operation is open to is checked on the way.
    let api = body(app.get("/api/v1/openapi.json", None).await).await;
    let pages = body(app.get("/openapi.pages.json", None).await).await;
    let mut routes = Vec::new();
    let mut public = Vec::new();
    for doc in [&api, &pages] {
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, operation) in item.as_object().expect("methods") {
                let route = format!("{} {path}", method.to_uppercase());
                if doc == &api && operation["security"] == json!([]) {
                    public.push(route.clone());
                }
                routes.push(route);
            }
        }
    }
    let expected = expectations();
    let missing: Vec<_> = routes
        .iter()
        .filter(|r| !expected.contains_key(r.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without a row in the matrix: {missing:?}"
    );
    let stale: Vec<_> = expected
        .keys()
        .filter(|r| !routes.iter().any(|x| x == *r))
        .collect();
    assert!(
        stale.is_empty(),
        "rows for routes that no longer exist: {stale:?}"
    );
    // `security: []` in the API's document exactly where the token changes nothing.
    for (path, item) in api["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("methods").keys() {
            let route = format!("{} {path}", method.to_uppercase());
            let same_for_all = expected[route.as_str()].windows(2).all(|w| w[0] == w[1]);
            assert_eq!(
                public.contains(&route),
                same_for_all,
                "{route}: the document's security disagrees with the matrix"
            );
        }
    }

    let mut failures = Vec::new();
    for route in &routes {
        let (method, template) = route.split_once(' ').expect("METHOD path");
        let method: Method = method.parse().expect("a method");
        let reads_only = method == Method::GET;
        // Reads share one world; each write gets a fresh one, so that one caller's change
        // (an erasure, a sign-out) cannot decide another caller's answer.
        let shared = if reads_only {
            Some(world(&app).await)
        } else {
            None
        };
        for (who, want) in expected[route.as_str()].iter().enumerate() {
            let fresh;
            let w = match &shared {
                Some(w) => w,
                None => {
                    fresh = world(&app).await;
                    &fresh
                }
            };
            let url = format!("{}{}", app.address, fill(template, &w.ids));
            let mut req = app.api.request(method.clone(), &url);
            if let Some(token) = w.token(who) {
                req = req.bearer_auth(token);
            }
            if !template.starts_with("/api/") && method == Method::POST {
                req = req.form(&[("csrf", "x"), ("email", "x@example.org"), ("password", "x")]);
            } else if let Some(body) = body_for(route) {
                req = req.json(&body);
            }
            // The fixture's plan is the therapist's: the client replaces it naming its version.
            if route == "PUT /api/v1/clients/{client_id}/safety-plan" {
                req = req.header("if-match", "\"1\"");
            }
            let got = req.send().await.expect("answered").status().as_u16();
            if got != *want {
                failures.push(format!("{route} as {}: {got}, expected {want}", WHO[who]));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
