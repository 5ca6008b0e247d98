//! Concurrency is input too. Every write route of the two OpenAPI documents (the same enumeration
//! as the authorization matrix, so a new route is covered without a new line here) receives 8
//! identical requests at once, then, on a fresh world, 8 conflicting ones: no answer may be ≥ 500.
//! Then the races the attack run found, each with the answer a loser of the race must get.

use super::matrix::{World, body_for, expectations, fill, world};
use futures_util::future::join_all;
use ipt_tests::{TestApp, assert_problem, body, browser, csrf_in, spawn_app, totp, web};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::{Value, json};

/// How many requests race.
const WAYS: usize = 8;

/// A browser that opened `form_page` and the CSRF token of its form.
async fn anonymous(app: &TestApp, form_page: &str) -> (reqwest::Client, String) {
    let b = browser();
    let page = b
        .get(format!("{}{form_page}", app.address))
        .send()
        .await
        .expect("the form");
    let csrf = csrf_in(&page.text().await.expect("html"));
    (b, csrf)
}

/// Makes a JSON body say something else, keeping its ids: request `i` of a conflicting run.
fn vary(value: &mut Value, key: Option<&str>, i: usize) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                vary(v, Some(k.as_str()), i);
            }
        }
        Value::Array(items) => {
            for item in items.iter_mut() {
                vary(item, key, i);
            }
            if matches!(key, Some("warning_signs" | "what_helped")) {
                items.push(json!(format!("Sign {i}")));
            }
        }
        Value::String(s) => match key {
            Some("title" | "label" | "display_name" | "summary" | "text" | "note" | "name") => {
                s.push_str(&format!(" {i}"));
            }
            Some("escalation_email") => *s = format!("oncall{i}@example.org"),
            Some("timezone") => {
                *s = ["Europe/Berlin", "America/New_York"][i % 2].to_owned();
            }
            Some("region") => *s = ["DE", "FR"][i % 2].to_owned(),
            Some("platform") => *s = ["ios", "android"][i % 2].to_owned(),
            Some("action") => {
                *s = ["reviewed_no_action_needed", "contacted_client"][i % 2].to_owned();
            }
            Some("status") => *s = ["held", "cancelled"][i % 2].to_owned(),
            Some("code") => *s = format!("{:06}", 100_000 + i),
            _ => {}
        },
        Value::Number(_) => match key {
            Some("mood") => *value = json!(i % 11),
            Some("weekly_target") => *value = json!(1 + i % 7),
            Some("planned_sessions") => *value = json!(10 + i % 6),
            Some("closeness") => *value = json!(1 + i % 3),
            _ => {}
        },
        _ => {}
    }
}

/// How one route is called in a race: the caller's token, the body and whether the body is
/// set up for success (then one answer at least must be a success).
struct Call {
    token: Option<String>,
    body: Option<Value>,
    meant_to_succeed: bool,
}

/// The caller and body of an API write route: the matrix's body as the first caller the
/// matrix lets through, made real where a bogus body would only test the refusal (a sign-in
/// with the right password, a refresh token that exists, an invite code that was issued, a
/// two-step code that is right).
async fn api_call(app: &TestApp, w: &World, route: &str, want: &[u16; 5]) -> (Call, u16) {
    let who = [3, 1, 4, 2, 0]
        .into_iter()
        .find(|&who| want[who] < 400)
        .unwrap_or(3);
    let mut call = Call {
        token: w.token(who).map(str::to_owned),
        body: body_for(route),
        meant_to_succeed: false,
    };
    let id = uuid::Uuid::new_v4();
    match route {
        "POST /api/v1/auth/login" => {
            call.body = Some(json!({"email": w.therapist.email, "password": w.therapist.password}));
            call.meant_to_succeed = true;
        }
        "POST /api/v1/auth/refresh" => {
            call.body = Some(json!({"refresh_token": w.therapist.refresh_token}));
            call.meant_to_succeed = true;
        }
        "POST /api/v1/auth/invite" => {
            let created = body(
                app.post(
                    &format!("/api/v1/clients/{}/invite", w.a.id),
                    Some(&w.therapist.access_token),
                    &json!({}),
                )
                .await,
            )
            .await;
            let code = created["code"]
                .as_str()
                .or_else(|| created["invite"]["code"].as_str())
                .expect("an invite code");
            call.body = Some(json!({"code": code, "device_id": "phone-0123456789abcdef"}));
            call.meant_to_succeed = true;
        }
        "POST /api/v1/me/mfa/totp/confirm" => {
            let secret = totp::start(app, &w.therapist).await["secret"]
                .as_str()
                .expect("a secret")
                .to_owned();
            call.body = Some(json!({"code": totp::code_at(&secret, app.now())}));
            call.meant_to_succeed = true;
        }
        "DELETE /api/v1/me/mfa/totp" => {
            let codes = totp::enrol(app, &w.therapist).await.1;
            call.body = Some(json!({"code": codes[0]}));
            call.meant_to_succeed = true;
        }
        "POST /api/v1/auth/login/mfa" => {
            let codes = totp::enrol(app, &w.therapist).await.1;
            let (status, challenge) = app.login(&w.therapist.email, &w.therapist.password).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{challenge}");
            let token = challenge["mfa_token"].as_str().expect("an mfa_token");
            call.body = Some(json!({"mfa_token": token, "code": codes[0]}));
            call.meant_to_succeed = true;
        }
        "POST /api/v1/clients/{client_id}/checkins"
        | "POST /api/v1/clients/{client_id}/exercise-logs"
        | "POST /api/v1/clients/{client_id}/relationships" => {
            // A client-made id: the phone's retry of one write.
            if let Some(Value::Object(map)) = call.body.as_mut() {
                map.insert("id".into(), json!(id));
            }
        }
        _ => {}
    }
    if !call.meant_to_succeed {
        call.meant_to_succeed = want[who] < 400;
    }
    (call, want[who])
}

/// The form of a page route and the browser that sends it.
async fn page_call(
    app: &TestApp,
    w: &World,
    route: &str,
) -> (reqwest::Client, Vec<(String, String)>, bool) {
    let public_form = match route {
        "POST /login" | "POST /login/two-step" => Some("/login"),
        "POST /password-reset" => Some("/password-reset"),
        "POST /password-reset/new" => Some("/password-reset/new?token=x"),
        "POST /verify-email" => Some("/verify-email?token=x"),
        _ => None,
    };
    let mut signed_in_call = true;
    let mut fields: Vec<(&str, String)> = Vec::new();
    let (b, csrf) = if let Some(page) = public_form {
        signed_in_call = route == "POST /login";
        anonymous(app, page).await
    } else {
        web::signed_in_with_csrf(app, &w.therapist).await
    };
    match route {
        "POST /login" => {
            fields.push(("email", w.therapist.email.clone()));
            fields.push(("password", w.therapist.password.clone()));
        }
        "POST /login/two-step" => {
            fields.push(("mfa_token", "not-a-token".into()));
            fields.push(("code", "123456".into()));
        }
        "POST /password-reset" => fields.push(("email", w.therapist.email.clone())),
        "POST /password-reset/new" => {
            fields.push(("token", "not-a-token".into()));
            fields.push(("password", "a long new password".into()));
        }
        "POST /verify-email" => fields.push(("token", "not-a-token".into())),
        "POST /clients/{client_id}/alerts/{alert_id}/acknowledge" => {
            fields.push(("action", "reviewed_no_action_needed".into()));
            fields.push(("note", String::new()));
        }
        "POST /clients/{client_id}/sessions/{number}/mark" => {
            fields.push(("status", "held".into()));
        }
        "POST /clients/{client_id}/goals/rate" => fields.push(("session", "1".into())),
        "POST /clients/{client_id}/region" => fields.push(("region", "DE".into())),
        "POST /account/two-step/confirm" => {
            let secret = totp::start(app, &w.therapist).await["secret"]
                .as_str()
                .expect("a secret")
                .to_owned();
            fields.push(("code", totp::code_at(&secret, app.now())));
        }
        "POST /account/two-step/disable" => {
            let codes = totp::enrol(app, &w.therapist).await.1;
            fields.push(("code", codes[0].clone()));
        }
        _ => {}
    }
    let mut all = vec![("csrf".to_owned(), csrf)];
    all.extend(fields.into_iter().map(|(k, v)| (k.to_owned(), v)));
    (b, all, signed_in_call)
}

/// Sends the requests at once and answers their statuses.
async fn race(requests: Vec<RequestBuilder>) -> Vec<u16> {
    join_all(requests.into_iter().map(RequestBuilder::send))
        .await
        .into_iter()
        .map(|res| res.expect("answered").status().as_u16())
        .collect()
}

#[tokio::test]
async fn every_write_route_answers_8_identical_and_8_conflicting_concurrent_requests_below_500() {
    let app = spawn_app().await;
    let api = body(app.get("/api/v1/openapi.json", None).await).await;
    let pages = body(app.get("/openapi.pages.json", None).await).await;
    let expected = expectations();
    let mut routes = Vec::new();
    for doc in [&api, &pages] {
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for method in item.as_object().expect("methods").keys() {
                if method != "get" {
                    routes.push(format!("{} {path}", method.to_uppercase()));
                }
            }
        }
    }
    assert!(routes.len() > 50, "the documents list the write routes");
    let mut failures = Vec::new();
    for route in &routes {
        let (method, template) = route.split_once(' ').expect("METHOD path");
        let method: Method = method.parse().expect("a method");
        for conflicting in [false, true] {
            let w = world(&app).await;
            let url = format!("{}{}", app.address, fill(template, &w.ids));
            let (requests, must_win): (Vec<RequestBuilder>, bool) = if template.starts_with("/api/")
            {
                let (call, _) = api_call(&app, &w, route, &expected[route.as_str()]).await;
                let requests = (0..WAYS)
                    .map(|i| {
                        let mut req = app.api.request(method.clone(), &url);
                        if let Some(token) = &call.token {
                            req = req.bearer_auth(token);
                        }
                        if let Some(body) = &call.body {
                            let mut body = body.clone();
                            if conflicting {
                                vary(&mut body, None, i);
                            }
                            req = req.json(&body);
                        }
                        if route == "PUT /api/v1/clients/{client_id}/safety-plan" {
                            req = req.header("if-match", "\"1\"");
                        }
                        req
                    })
                    .collect();
                (requests, call.meant_to_succeed && !conflicting)
            } else {
                let (b, fields, signed_in_call) = page_call(&app, &w, route).await;
                let requests = (0..WAYS)
                    .map(|i| {
                        let mut fields = fields.clone();
                        if conflicting {
                            for (k, v) in &mut fields {
                                match k.as_str() {
                                    "status" => *v = ["held", "cancelled"][i % 2].into(),
                                    "region" => *v = ["DE", "FR"][i % 2].into(),
                                    "action" => {
                                        *v = ["reviewed_no_action_needed", "contacted_client"]
                                            [i % 2]
                                            .into();
                                    }
                                    "note" => *v = format!("note {i}"),
                                    _ => {}
                                }
                            }
                        }
                        b.request(method.clone(), &url).form(&fields)
                    })
                    .collect();
                (requests, signed_in_call && !conflicting)
            };
            let statuses = race(requests).await;
            let mode = if conflicting {
                "conflicting"
            } else {
                "identical"
            };
            if statuses.iter().any(|s| *s >= 500) {
                failures.push(format!("{route} ({mode}): {statuses:?}"));
            } else if must_win && !statuses.iter().any(|s| *s < 400) {
                failures.push(format!("{route} ({mode}): nobody won: {statuses:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} races went wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Eight therapists' tabs acknowledge one alert at once: each is told it is acknowledged.
#[tokio::test]
async fn concurrent_acknowledgements_of_one_alert_all_answer_the_acknowledged_alert() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let url = format!(
        "{}/api/v1/alerts/{}/acknowledge",
        app.address, w.ids["alert_id"]
    );
    let statuses = race(
        (0..WAYS)
            .map(|_| {
                app.api
                    .post(&url)
                    .bearer_auth(&w.therapist.access_token)
                    .json(&json!({"action": "reviewed_no_action_needed"}))
            })
            .collect(),
    )
    .await;
    assert_eq!(statuses, vec![200; WAYS]);
    let alerts = body(
        app.get("/api/v1/alerts?status=all", Some(&w.therapist.access_token))
            .await,
    )
    .await;
    let alert = alerts["items"]
        .as_array()
        .and_then(|items| {
            items
                .iter()
                .find(|a| a["id"].as_str() == Some(w.ids["alert_id"].as_str()))
        })
        .cloned()
        .unwrap_or_default();
    assert!(
        alert.is_null() || alert["acknowledged_at"].is_string(),
        "{alert}"
    );
}

/// Revoking one sign-in from eight places at once: every caller hears it is revoked.
#[tokio::test]
async fn concurrent_revocations_of_a_sign_in_all_answer_revoked_in_the_api_and_on_the_web() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let url = format!("{}/api/v1/me/sessions/{}", app.address, w.ids["session_id"]);
    let statuses = race(
        (0..WAYS)
            .map(|_| app.api.delete(&url).bearer_auth(&w.therapist.access_token))
            .collect(),
    )
    .await;
    assert_eq!(statuses, vec![204; WAYS], "API");

    let w = world(&app).await;
    let (b, csrf) = web::signed_in_with_csrf(&app, &w.therapist).await;
    let url = format!("{}/sign-ins/{}/revoke", app.address, w.ids["session_id"]);
    let statuses = race(
        (0..WAYS)
            .map(|_| b.post(&url).form(&[("csrf", csrf.as_str())]))
            .collect(),
    )
    .await;
    assert_eq!(statuses, vec![303; WAYS], "web");
    let sign_ins = body(
        app.get("/api/v1/me/sessions", Some(&w.therapist.access_token))
            .await,
    )
    .await;
    assert!(
        sign_ins["items"]
            .as_array()
            .expect("sign-ins")
            .iter()
            .all(|s| s["id"].as_str() != Some(w.ids["session_id"].as_str())),
        "the revoked sign-in is gone: {sign_ins}"
    );
}

/// Two-step enrolment confirmed from eight tabs at once: one sees the recovery codes, the
/// others a conflict (the codes are shown once), and the codes shown are the ones that work.
#[tokio::test]
async fn concurrent_two_step_confirmations_show_the_recovery_codes_once() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let secret = totp::start(&app, &therapist).await["secret"]
        .as_str()
        .expect("a secret")
        .to_owned();
    let code = totp::code_at(&secret, app.now());
    let url = format!("{}/api/v1/me/mfa/totp/confirm", app.address);
    let answers = join_all((0..WAYS).map(|_| {
        app.api
            .post(&url)
            .bearer_auth(&therapist.access_token)
            .json(&json!({"code": code}))
            .send()
    }))
    .await;
    let mut shown = Vec::new();
    let mut statuses = Vec::new();
    for res in answers {
        let res = res.expect("answered");
        statuses.push(res.status().as_u16());
        if res.status() == StatusCode::OK {
            shown.push(body(res).await["recovery_codes"].clone());
        }
    }
    statuses.sort_unstable();
    let mut want = vec![409; WAYS - 1];
    want.insert(0, 200);
    assert_eq!(statuses, want);
    // A recovery code that was shown opens the second step.
    let (status, challenge) = app.login(&therapist.email, &therapist.password).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let res = app
        .post(
            "/api/v1/auth/login/mfa",
            None,
            &json!({"mfa_token": challenge["mfa_token"], "code": shown[0][0]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

/// 25 wrong codes at once against one mfa_token: the cap of 5 holds, so the token is dead
/// afterwards even for the right code.
#[tokio::test]
async fn the_mfa_token_allows_5_wrong_codes_even_when_25_arrive_at_once() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let codes = totp::enrol(&app, &therapist).await.1;
    let (status, challenge) = app.login(&therapist.email, &therapist.password).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let token = challenge["mfa_token"].as_str().expect("an mfa_token");
    let url = format!("{}/api/v1/auth/login/mfa", app.address);
    let answers = join_all((0..25).map(|i| {
        app.api
            .post(&url)
            .json(&json!({"mfa_token": token, "code": format!("{:06}", 100_000 + i)}))
            .send()
    }))
    .await;
    let mut judged = 0;
    for res in answers {
        let res = res.expect("answered");
        assert!(res.status().as_u16() < 500, "{}", res.status());
        let problem = body(res).await;
        if problem["type"] == "/problems/mfa-code-invalid" {
            judged += 1;
        }
    }
    assert!(
        judged <= 5,
        "{judged} wrong codes were judged, the cap is 5"
    );
    let res = app
        .post(
            "/api/v1/auth/login/mfa",
            None,
            &json!({"mfa_token": token, "code": codes[0]}),
        )
        .await;
    let problem = assert_problem(res, StatusCode::UNAUTHORIZED).await;
    assert_eq!(problem["type"], "/problems/mfa-token-invalid");
}

/// A write that cannot get the database's lock within the wait (SQLite's busy timeout,
/// PostgreSQL's lock timeout; both 5 s) answers 503 with `Retry-After`, never 500, and the
/// retry it asks for is stored once the lock is free.
#[tokio::test]
async fn a_write_that_cannot_get_the_lock_in_time_answers_503_with_retry_after() {
    use sea_orm::{
        ConnectionTrait, Database, DbBackend, SqliteTransactionMode, TransactionOptions,
        TransactionTrait,
    };
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    // Another process's writer holds the lock the check-in needs.
    let other = Database::connect(&app.database_url)
        .await
        .expect("a second connection");
    let holder = other
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..TransactionOptions::default()
        })
        .await
        .expect("a transaction");
    if other.get_database_backend() == DbBackend::Postgres {
        holder
            .execute_unprepared("LOCK TABLE checkins IN EXCLUSIVE MODE")
            .await
            .expect("the table's write lock");
    }
    let checkin =
        json!({"id": uuid::Uuid::new_v4(), "recorded_at": "2026-03-02T10:00:00Z", "mood": 4});
    let res = app.checkin(&client, &checkin).await;
    let retry_after = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let problem = assert_problem(res, StatusCode::SERVICE_UNAVAILABLE).await;
    assert_eq!(problem["type"], "/problems/busy");
    assert_eq!(retry_after.as_deref(), Some("1"));
    holder.rollback().await.expect("the lock is released");
    let res = app.checkin(&client, &checkin).await;
    assert_eq!(res.status(), StatusCode::CREATED);
}
