//! Clinician accounts: the list of sign-ins and revoking one, common passwords, password reset
//! by e-mail, and e-mail verification at sign-up; nobody takes over an account before its
//! address is verified, and nobody can block its owner's password reset.

use ipt_tests::mail::{SmtpSink, account_mail_settled, app_with_smtp, link_token, wait_for_mails};
use ipt_tests::{
    PASSWORD, TestApp, assert_problem, body, browser, captured_logs, csrf_in, spawn_app,
    spawn_app_with, web,
};
use reqwest::StatusCode;
use sea_orm::ActiveModelTrait;
use sea_orm::ActiveValue::{Set, Unchanged};
use serde_json::{Value, json};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

/// A password from the bundled list of common passwords that is long enough for every other
/// rule (12 characters): only the list refuses it.
const COMMON: &str = "qwerty123456";

async fn sign_ins(app: &TestApp, token: &str) -> Vec<Value> {
    let res = app.get("/api/v1/me/sessions", Some(token)).await;
    assert_eq!(res.status(), StatusCode::OK);
    body(res).await["items"].as_array().expect("items").clone()
}

#[tokio::test]
async fn a_therapist_lists_its_sign_ins_and_revokes_one_whose_token_then_stops_working() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let (_, second) = app.login(&therapist.email, PASSWORD).await;
    let second_token = second["access_token"].as_str().expect("a token");
    let web = browser();
    assert_eq!(
        web::sign_in(&app, &web, &therapist.email, PASSWORD)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let other = app.therapist().await;

    let listed = sign_ins(&app, &therapist.access_token).await;
    assert_eq!(listed.len(), 3, "{listed:?}");
    let kinds: Vec<&str> = listed.iter().filter_map(|s| s["kind"].as_str()).collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "web").count(),
        1,
        "{kinds:?}"
    );
    assert_eq!(listed.iter().filter(|s| s["current"] == true).count(), 1);
    for s in &listed {
        assert!(
            s["created_at"].is_string() && s["last_used_at"].is_string(),
            "{s}"
        );
        let text = s.to_string();
        assert!(
            !text.contains(&therapist.access_token) && !text.contains("127.0.0.1"),
            "{text}"
        );
    }
    // Someone else's sign-ins are not in the list, and cannot be revoked (404).
    let others = sign_ins(&app, &other.access_token).await;
    assert_eq!(others.len(), 1);
    let theirs = others[0]["id"].as_str().expect("an id");
    assert!(listed.iter().all(|s| s["id"] != theirs));
    let res = app
        .delete(
            &format!("/api/v1/me/sessions/{theirs}"),
            Some(&therapist.access_token),
        )
        .await;
    assert_problem(res, StatusCode::NOT_FOUND).await;
    assert_eq!(
        app.get("/api/v1/me", Some(&other.access_token))
            .await
            .status(),
        StatusCode::OK
    );

    // Revoke the second API sign-in: its token stops working, the current one goes on.
    let second_id = sign_ins(&app, second_token)
        .await
        .into_iter()
        .find(|s| s["current"] == true)
        .and_then(|s| s["id"].as_str().map(str::to_owned))
        .expect("the second sign-in");
    let res = app
        .delete(
            &format!("/api/v1/me/sessions/{second_id}"),
            Some(&therapist.access_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/v1/me", Some(second_token)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let refreshed = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": second["refresh_token"]}),
        )
        .await;
    assert_eq!(refreshed.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.get("/api/v1/me", Some(&therapist.access_token))
            .await
            .status(),
        StatusCode::OK
    );
    let left = sign_ins(&app, &therapist.access_token).await;
    assert_eq!(left.len(), 2);
    assert!(left.iter().all(|s| s["id"] != second_id.as_str()));

    // A client is not a therapist: 403.
    let client = app.client_of(&therapist).await;
    let res = app
        .get("/api/v1/me/sessions", Some(&client.access_token))
        .await;
    assert_problem(res, StatusCode::FORBIDDEN).await;
}

#[tokio::test]
async fn the_sign_ins_page_lists_them_and_revokes_one_with_the_csrf_token() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let web = browser();
    assert_eq!(
        web::sign_in(&app, &web, &therapist.email, PASSWORD)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let page = web
        .get(format!("{}/sign-ins", app.address))
        .send()
        .await
        .expect("the page");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("html");
    let api_id = sign_ins(&app, &therapist.access_token)
        .await
        .into_iter()
        .find(|s| s["kind"] == "api")
        .and_then(|s| s["id"].as_str().map(str::to_owned))
        .expect("the API sign-in");
    assert!(
        html.contains(&format!("/sign-ins/{api_id}/revoke")),
        "{html}"
    );
    assert!(html.contains("this browser"), "{html}");

    let revoke = format!("{}/sign-ins/{api_id}/revoke", app.address);
    let res = web
        .post(&revoke)
        .form(&[("csrf", "guess")])
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/api/v1/me", Some(&therapist.access_token))
            .await
            .status(),
        StatusCode::OK
    );
    let res = web
        .post(&revoke)
        .form(&[("csrf", csrf_in(&html))])
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.get("/api/v1/me", Some(&therapist.access_token))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_common_password_is_refused_at_sign_up_on_the_password_field() {
    let app = spawn_app().await;
    for password in [COMMON, "LeaveMeAlone"] {
        let res = app
            .post(
                "/api/v1/therapists",
                None,
                &json!({"email": "new@example.org", "password": password, "display_name": "New"}),
            )
            .await;
        let problem = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(problem["errors"]["password"].is_array(), "{problem}");
    }
    // A long password that only contains a common one is fine.
    let res = app
        .post(
            "/api/v1/therapists",
            None,
            &json!({"email": "new@example.org", "password": "qwerty123456 and then some", "display_name": "New"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
}

async fn ask_reset(app: &TestApp, email: &str) -> Value {
    let res = app
        .post(
            "/api/v1/auth/password-reset",
            None,
            &json!({"email": email}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    body(res).await
}

const RESET_LINK: &str = "https://ipt.clinic.example/password-reset/new?token=";
const VERIFY_LINK: &str = "https://ipt.clinic.example/verify-email?token=";

#[tokio::test]
async fn a_reset_link_sets_a_new_password_once_and_ends_every_sign_in() {
    let (app, smtp) = app_with_smtp(false).await;
    let therapist = app.therapist().await;
    let web = browser();
    assert_eq!(
        web::sign_in(&app, &web, &therapist.email, PASSWORD)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );

    // An unknown address is answered exactly as a known one, and gets no mail.
    let unknown = ask_reset(&app, "nobody-here@example.org").await;
    let known = ask_reset(&app, &therapist.email).await;
    assert_eq!(unknown, known);
    let mails = wait_for_mails(&smtp, 1).await;
    assert_eq!(mails[0].to, vec![therapist.email.clone()]);
    let token = link_token(&mails[0], RESET_LINK);
    assert!(token.len() >= 43, "{token}");

    // A common password is refused on the password field, and the link still works after it.
    let res = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            None,
            &json!({"token": token, "password": COMMON}),
        )
        .await;
    let problem = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(problem["errors"]["password"].is_array(), "{problem}");

    let new_password = "a brand new passphrase";
    let res = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            None,
            &json!({"token": token, "password": new_password}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);

    // Used once: the second time it is refused.
    let res = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            None,
            &json!({"token": token, "password": "yet another passphrase"}),
        )
        .await;
    let problem = assert_problem(res, StatusCode::UNAUTHORIZED).await;
    assert_eq!(problem["type"], "/problems/reset-token-invalid");

    // Every sign-in ended: the API token, its refresh token, and the web cookie.
    assert_eq!(
        app.get("/api/v1/me", Some(&therapist.access_token))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let refreshed = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": therapist.refresh_token}),
        )
        .await;
    assert_eq!(refreshed.status(), StatusCode::UNAUTHORIZED);
    let dashboard = web
        .get(format!("{}/dashboard", app.address))
        .send()
        .await
        .expect("answered");
    assert_eq!(dashboard.status(), StatusCode::SEE_OTHER);

    // The new password works and the old one does not.
    assert_eq!(
        app.login(&therapist.email, PASSWORD).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login(&therapist.email, new_password).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_reset_link_outlives_a_second_request_and_expires_after_thirty_minutes() {
    let (app, smtp) = app_with_smtp(false).await;
    let therapist = app.therapist().await;
    ask_reset(&app, &therapist.email).await;
    let mails = wait_for_mails(&smtp, 1).await;
    let first = link_token(&mails[0], RESET_LINK);
    // Asking again within 5 minutes makes no link and sends nothing.
    ask_reset(&app, &therapist.email).await;
    let log = account_mail_settled(therapist.id, 2).await;
    assert_eq!(log.mails_begun, 1, "{log:?}");
    assert_eq!(smtp.messages().len(), 1);
    // Later, a second link is made, and the first stays valid until it expires.
    app.clock.advance(chrono::Duration::minutes(6));
    ask_reset(&app, &therapist.email).await;
    let mails = wait_for_mails(&smtp, 2).await;
    let second = link_token(&mails[1], RESET_LINK);
    assert_ne!(second, first);
    app.clock.advance(chrono::Duration::minutes(25));
    let res = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            None,
            &json!({"token": first, "password": "a brand new passphrase"}),
        )
        .await;
    let problem = assert_problem(res, StatusCode::UNAUTHORIZED).await;
    assert_eq!(problem["type"], "/problems/reset-token-invalid");
    app.clock.advance(chrono::Duration::minutes(6));
    let res = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            None,
            &json!({"token": second, "password": "a brand new passphrase"}),
        )
        .await;
    let problem = assert_problem(res, StatusCode::UNAUTHORIZED).await;
    assert_eq!(problem["type"], "/problems/reset-token-invalid");
    assert_eq!(
        app.login(&therapist.email, PASSWORD).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn without_smtp_a_reset_request_still_answers_202_and_logs_the_therapist_not_the_address() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let known = ask_reset(&app, &therapist.email).await;
    assert_eq!(known, ask_reset(&app, "nobody-else@example.org").await);
    // The link is stored (and the mail given up on) just after the answer.
    let named = |logs: &str| {
        logs.lines()
            .any(|l| l.contains("no e-mail could be sent") && l.contains(&therapist.id.to_string()))
    };
    let deadline = std::time::Instant::now() + WAIT;
    while !named(&captured_logs()) && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let logs = captured_logs();
    assert!(named(&logs), "no log line names the therapist");
    assert!(!logs.contains(&therapist.email), "the address was logged");
}

#[tokio::test]
async fn the_reset_pages_ask_for_a_link_and_set_the_new_password_from_it() {
    let (app, smtp) = app_with_smtp(false).await;
    let therapist = app.therapist().await;
    let web = browser();
    let login = web
        .get(format!("{}/login", app.address))
        .send()
        .await
        .expect("the form");
    assert!(
        login
            .text()
            .await
            .expect("html")
            .contains(r#"href="/password-reset""#)
    );
    let form = web
        .get(format!("{}/password-reset", app.address))
        .send()
        .await
        .expect("the form")
        .text()
        .await
        .expect("html");
    let res = web
        .post(format!("{}/password-reset", app.address))
        .form(&[
            ("email", therapist.email.as_str()),
            ("csrf", &csrf_in(&form)),
        ])
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status(), StatusCode::OK);
    let mails = wait_for_mails(&smtp, 1).await;
    let token = link_token(&mails[0], RESET_LINK);
    let form = web
        .get(format!("{}/password-reset/new?token={token}", app.address))
        .send()
        .await
        .expect("the form")
        .text()
        .await
        .expect("html");
    let res = web
        .post(format!("{}/password-reset/new", app.address))
        .form(&[
            ("token", token.as_str()),
            ("password", COMMON),
            ("csrf", &csrf_in(&form)),
        ])
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let form = res.text().await.expect("html");
    let res = web
        .post(format!("{}/password-reset/new", app.address))
        .form(&[
            ("token", token.as_str()),
            ("password", "a brand new passphrase"),
            ("csrf", &csrf_in(&form)),
        ])
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.login(&therapist.email, "a brand new passphrase")
            .await
            .0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn with_verification_sign_up_answers_alike_for_new_and_taken_addresses_and_sign_in_waits_for_the_link()
 {
    let (app, smtp) = app_with_smtp(true).await;
    let email = "new.therapist@example.org";
    let first = app.sign_up(email, PASSWORD, "Dr. New").await;
    assert_eq!(first.0, StatusCode::ACCEPTED, "{}", first.1);
    let mails = wait_for_mails(&smtp, 1).await;
    assert_eq!(mails[0].to, vec![email.to_owned()]);
    let token = link_token(&mails[0], VERIFY_LINK);

    // Not yet verified: the right password is told so, a wrong one is not.
    let (status, problem) = app.login(email, PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(problem["type"], "/problems/email-unverified");
    let (status, problem) = app.login(email, "not the password at all").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(problem["type"], "/problems/invalid-credentials");
    let web = browser();
    assert_eq!(
        web::sign_in(&app, &web, email, PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );

    // The link verifies once.
    let res = app
        .post("/api/v1/auth/verify-email", None, &json!({"token": token}))
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app
        .post("/api/v1/auth/verify-email", None, &json!({"token": token}))
        .await;
    let problem = assert_problem(res, StatusCode::UNAUTHORIZED).await;
    assert_eq!(problem["type"], "/problems/verification-token-invalid");
    assert_eq!(app.login(email, PASSWORD).await.0, StatusCode::OK);
    assert_eq!(
        web::sign_in(&app, &web, email, PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );

    // The address again: the same status and body, the owner is told, nothing changes.
    let again = app
        .sign_up(email, "another long passphrase", "Dr. New")
        .await;
    assert_eq!(again, first);
    let mails = wait_for_mails(&smtp, 2).await;
    assert_eq!(mails[1].to, vec![email.to_owned()]);
    assert!(
        mails[1].subject.contains("tried to sign up"),
        "{}",
        mails[1].subject
    );
    assert!(
        !mails[1].body_text.contains("token="),
        "{}",
        mails[1].body_text
    );
    assert_eq!(
        app.login(email, "another long passphrase").await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(app.login(email, PASSWORD).await.0, StatusCode::OK);

    // A common password is refused here too.
    let (status, problem) = app.sign_up("other@example.org", COMMON, "Dr. New").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(problem["errors"]["password"].is_array(), "{problem}");
}

#[tokio::test]
async fn with_verification_the_link_opens_a_page_that_verifies_and_expires_after_a_day() {
    let (app, smtp) = app_with_smtp(true).await;
    assert_eq!(
        app.sign_up("a@example.org", PASSWORD, "Dr. New").await.0,
        StatusCode::ACCEPTED
    );
    assert_eq!(
        app.sign_up("b@example.org", PASSWORD, "Dr. New").await.0,
        StatusCode::ACCEPTED
    );
    let mails = wait_for_mails(&smtp, 2).await;
    let token_of = |to: &str| {
        let mail = mails
            .iter()
            .find(|m| m.to == vec![to.to_owned()])
            .expect("a mail");
        link_token(mail, VERIFY_LINK)
    };
    let (a, b) = (token_of("a@example.org"), token_of("b@example.org"));

    let web = browser();
    let page = web
        .get(format!("{}/verify-email?token={a}", app.address))
        .send()
        .await
        .expect("the page");
    assert_eq!(page.status(), StatusCode::OK);
    // Opening the link verifies nothing yet.
    assert_eq!(
        app.login("a@example.org", PASSWORD).await.0,
        StatusCode::UNAUTHORIZED
    );
    let html = page.text().await.expect("html");
    let res = web
        .post(format!("{}/verify-email", app.address))
        .form(&[("token", a.as_str()), ("csrf", &csrf_in(&html))])
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.login("a@example.org", PASSWORD).await.0, StatusCode::OK);

    app.clock.advance(chrono::Duration::hours(25));
    let res = app
        .post("/api/v1/auth/verify-email", None, &json!({"token": b}))
        .await;
    let problem = assert_problem(res, StatusCode::UNAUTHORIZED).await;
    assert_eq!(problem["type"], "/problems/verification-token-invalid");
}

#[tokio::test]
async fn verification_is_off_by_default_and_sign_up_then_answers_as_in_v1() {
    assert!(!ipt_server::configuration::Settings::defaults().require_email_verification);
    let (app, smtp) = app_with_smtp(false).await;
    let (status, created) = app.sign_up("v1@example.org", PASSWORD, "Dr. New").await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(created["email"], "v1@example.org");
    assert!(created["id"].is_string());
    let (status, problem) = app.sign_up("v1@example.org", PASSWORD, "Dr. New").await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    assert_eq!(
        app.login("v1@example.org", PASSWORD).await.0,
        StatusCode::OK
    );
    assert!(smtp.messages().is_empty());
    // Nor is one on its way: a reset asked now is the first e-mail the account's log begins,
    // and once it is over it is the only one that arrived.
    let id = created["id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("an id");
    ask_reset(&app, "v1@example.org").await;
    let log = account_mail_settled(id, 1).await;
    assert_eq!((log.mails_begun, log.mails_ended), (1, 1), "{log:?}");
    let mails = smtp.messages();
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(link_token(&mails[0], RESET_LINK).len() > 20, "{mails:?}");
}

#[tokio::test]
async fn the_server_refuses_to_start_with_verification_required_and_no_smtp() {
    let (database_url, _guard) = ipt_tests::fresh_database().await;
    let mut settings = ipt_server::configuration::Settings::defaults();
    settings.database_url = database_url;
    settings.bind = "127.0.0.1:0".into();
    settings.scheduler = false;
    settings.require_email_verification = true;
    let clock = std::sync::Arc::new(ipt_server::clock::ManualClock::new(chrono::Utc::now()));
    let built = ipt_server::startup::Application::build(settings, clock).await;
    let error = built.err().expect("refused");
    assert!(error.to_string().contains("IPT_SMTP_URL"), "{error}");
}

// Nobody takes over an account before its address is verified, and nobody can block its
// owner's password reset.

async fn verify(app: &TestApp, token: &str) -> reqwest::Response {
    app.post("/api/v1/auth/verify-email", None, &json!({"token": token}))
        .await
}

/// The id of the account with `email`.
async fn therapist_id(app: &TestApp, email: &str) -> uuid::Uuid {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    entities::therapist::Entity::find()
        .filter(entities::therapist::Column::Email.eq(email))
        .one(&app.db)
        .await
        .expect("read")
        .expect("the account")
        .id
        .uuid()
}

const VICTIM: &str = "victim@example.org";
const ATTACKER_PASSWORD: &str = "the attacker's own passphrase";

#[tokio::test]
async fn a_sign_up_before_the_owner_does_not_let_the_owners_link_verify_the_first_password() {
    let (app, smtp) = app_with_smtp(true).await;
    let attacker = app.sign_up(VICTIM, ATTACKER_PASSWORD, "Mallory").await;
    assert_eq!(attacker.0, StatusCode::ACCEPTED, "{}", attacker.1);
    let mails = wait_for_mails(&smtp, 1).await;
    let first_link = link_token(&mails[0], VERIFY_LINK);

    // The owner signs up: the same answer, and a new link to the owner's address.
    let owner = app.sign_up(VICTIM, PASSWORD, "Dr. Victim").await;
    assert_eq!(owner, attacker);
    let mails = wait_for_mails(&smtp, 2).await;
    assert_eq!(mails[1].to, vec![VICTIM.to_owned()]);
    let owners_link = link_token(&mails[1], VERIFY_LINK);
    assert_ne!(owners_link, first_link);

    // The earlier link stopped working; the owner's verifies.
    let problem = assert_problem(verify(&app, &first_link).await, StatusCode::UNAUTHORIZED).await;
    assert_eq!(problem["type"], "/problems/verification-token-invalid");
    assert_eq!(
        verify(&app, &owners_link).await.status(),
        StatusCode::NO_CONTENT
    );

    // The owner signs in with the owner's password under the owner's name; the attacker's
    // password is refused like any wrong one.
    let (status, tokens) = app.login(VICTIM, PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let me = app
        .get(
            "/api/v1/me",
            Some(tokens["access_token"].as_str().expect("a token")),
        )
        .await;
    assert_eq!(body(me).await["display_name"], "Dr. Victim");
    let (status, problem) = app.login(VICTIM, ATTACKER_PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(problem["type"], "/problems/invalid-credentials");

    // Signing up again now only tells the owner; the password stays the owner's.
    assert_eq!(
        app.sign_up(VICTIM, ATTACKER_PASSWORD, "Mallory").await,
        attacker
    );
    let mails = wait_for_mails(&smtp, 3).await;
    assert!(
        !mails[2].body_text.contains("token="),
        "{}",
        mails[2].body_text
    );
    assert_eq!(
        app.login(VICTIM, ATTACKER_PASSWORD).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(app.login(VICTIM, PASSWORD).await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_later_sign_up_takes_the_pending_account_so_the_first_password_never_signs_in() {
    let (app, smtp) = app_with_smtp(true).await;
    app.sign_up(VICTIM, ATTACKER_PASSWORD, "Mallory").await;
    app.sign_up(VICTIM, PASSWORD, "Dr. Victim").await;
    let mails = wait_for_mails(&smtp, 2).await;
    let link = link_token(&mails[1], VERIFY_LINK);
    // Before verification neither password signs in; the newest is told to wait for its link.
    let (status, problem) = app.login(VICTIM, PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(problem["type"], "/problems/email-unverified");
    let (status, problem) = app.login(VICTIM, ATTACKER_PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(problem["type"], "/problems/invalid-credentials");
    assert_eq!(verify(&app, &link).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.login(VICTIM, ATTACKER_PASSWORD).await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn an_unverified_account_gets_no_reset_link_and_cannot_enrol_a_second_factor() {
    let (app, smtp) = app_with_smtp(false).await;
    let therapist = app.therapist().await;
    // The account is put back to unverified, as if a session of it had outlived the change.
    entities::therapist::verification::ActiveModel {
        id: Unchanged(entities::TherapistId::from(therapist.id)),
        email_unverified_since: Set(Some(app.now())),
    }
    .update(&app.db)
    .await
    .expect("updated");

    let res = app
        .post(
            "/api/v1/me/mfa/totp",
            Some(&therapist.access_token),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let res = app
        .post(
            "/api/v1/auth/password-reset",
            None,
            &json!({"email": therapist.email}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    // The request is refused in the background; once that is over, nothing was sent.
    let log = account_mail_settled(therapist.id, 1).await;
    assert_eq!(log.mails_begun, 0, "{log:?}");
    assert!(smtp.messages().is_empty(), "{:?}", smtp.messages());
}

/// An app that sends mail, behind a proxy on 127.0.0.1 (so the tests say which address a
/// request comes from), with `per_address` requests a minute from one address.
async fn app_behind_proxy(per_address: u32, require_verification: bool) -> (TestApp, SmtpSink) {
    let smtp = SmtpSink::start().await;
    let url = smtp.url();
    let app = spawn_app_with(move |s| {
        s.smtp_url = Some(url);
        s.mail_from = "IPT Companion <no-reply@clinic.example>".into();
        s.public_url = "https://ipt.clinic.example/".into();
        s.require_email_verification = require_verification;
        s.trusted_proxies = "127.0.0.1/32".parse().expect("CIDRs");
        s.rate_limit_per_address = per_address;
        // A per-e-mail limit, were one still applied, would show at once.
        s.rate_limit_per_account = 1;
    })
    .await;
    (app, smtp)
}

async fn ask_reset_from(app: &TestApp, email: &str, from: &str) -> StatusCode {
    app.api
        .post(format!("{}/api/v1/auth/password-reset", app.address))
        .header("x-forwarded-for", from)
        .json(&json!({"email": email}))
        .send()
        .await
        .expect("answered")
        .status()
}

async fn confirm_reset(app: &TestApp, token: &str, password: &str) -> reqwest::Response {
    app.post(
        "/api/v1/auth/password-reset/confirm",
        None,
        &json!({"token": token, "password": password}),
    )
    .await
}

#[tokio::test]
async fn a_flood_of_reset_requests_from_other_addresses_leaves_the_owners_link_working() {
    let (app, smtp) = app_behind_proxy(5, false).await;
    let owner = app.therapist().await;
    let home = "198.51.100.1";
    assert_eq!(
        ask_reset_from(&app, &owner.email, home).await,
        StatusCode::ACCEPTED
    );
    let mails = wait_for_mails(&smtp, 1).await;
    let owners_link = link_token(&mails[0], RESET_LINK);

    // 50 requests for the owner's address: 25 from as many addresses, all answered alike…
    for i in 0..25 {
        let from = format!("203.0.113.{i}");
        assert_eq!(
            ask_reset_from(&app, &owner.email, &from).await,
            StatusCode::ACCEPTED,
            "{from}"
        );
    }
    // …and 25 from one address, which is refused after its 5 a minute.
    let mut statuses = Vec::new();
    for _ in 0..25 {
        statuses.push(ask_reset_from(&app, &owner.email, "192.0.2.9").await);
    }
    assert_eq!(statuses[..5], [StatusCode::ACCEPTED; 5]);
    assert!(
        statuses[5..]
            .iter()
            .all(|s| *s == StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    // The owner's own address is never refused for the others' flood, and no further link
    // or e-mail was made within the 5 minutes.
    assert_eq!(
        ask_reset_from(&app, &owner.email, home).await,
        StatusCode::ACCEPTED
    );
    // 32 requests were accepted: once each has ended in the background, one e-mail went out.
    account_mail_settled(owner.id, 32).await;
    assert_eq!(smtp.messages().len(), 1);

    // Five minutes on, the flood makes one more link and one more e-mail, no more.
    app.clock.advance(chrono::Duration::minutes(5));
    for i in 0..10 {
        assert_eq!(
            ask_reset_from(&app, &owner.email, &format!("203.0.113.{}", 100 + i)).await,
            StatusCode::ACCEPTED
        );
    }
    let mails = wait_for_mails(&smtp, 2).await;
    account_mail_settled(owner.id, 42).await;
    assert_eq!(smtp.messages().len(), 2);
    let later_link = link_token(&mails[1], RESET_LINK);

    // The owner's first link still works; using it voids the other.
    assert_eq!(
        confirm_reset(&app, &owners_link, "the owner's new passphrase")
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let problem = assert_problem(
        confirm_reset(&app, &later_link, "the flooder's passphrase").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(problem["type"], "/problems/reset-token-invalid");
    assert_eq!(
        app.login(&owner.email, "the owner's new passphrase")
            .await
            .0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn earlier_reset_links_stay_valid_up_to_three_and_the_oldest_goes_first() {
    let (app, smtp) = app_behind_proxy(5, false).await;
    let owner = app.therapist().await;
    let mut links = Vec::new();
    for n in 1..=4 {
        assert_eq!(
            ask_reset_from(&app, &owner.email, "198.51.100.1").await,
            StatusCode::ACCEPTED
        );
        let mails = wait_for_mails(&smtp, n).await;
        links.push(link_token(&mails[n - 1], RESET_LINK));
        app.clock.advance(chrono::Duration::minutes(6));
    }
    // Three unused links are kept: the fourth pushed out the first.
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let live = entities::account_token::Entity::find()
        .filter(
            entities::account_token::Column::TherapistId.eq(entities::TherapistId::from(owner.id)),
        )
        .filter(entities::account_token::Column::UsedAt.is_null())
        .count(&app.db)
        .await
        .expect("counted");
    assert_eq!(live, 3);
    let problem = assert_problem(
        confirm_reset(&app, &links[0], "a brand new passphrase").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(problem["type"], "/problems/reset-token-invalid");
    // The second, 18 minutes old, still works.
    assert_eq!(
        confirm_reset(&app, &links[1], "a brand new passphrase")
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.login(&owner.email, "a brand new passphrase").await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_web_reset_form_is_limited_per_address_and_never_for_the_owners_address() {
    let (app, smtp) = app_behind_proxy(3, false).await;
    let owner = app.therapist().await;
    let post_from = |from: &'static str| {
        let (app, email) = (&app, owner.email.clone());
        async move {
            let web = ipt_tests::browser();
            let form = web
                .get(format!("{}/password-reset", app.address))
                .header("x-forwarded-for", from)
                .send()
                .await
                .expect("the form")
                .text()
                .await
                .expect("html");
            web.post(format!("{}/password-reset", app.address))
                .header("x-forwarded-for", from)
                .form(&[
                    ("email", email.as_str()),
                    ("csrf", &ipt_tests::csrf_in(&form)),
                ])
                .send()
                .await
                .expect("answered")
                .status()
        }
    };
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(post_from("192.0.2.9").await);
    }
    assert_eq!(statuses[..3], [StatusCode::OK; 3]);
    assert_eq!(statuses[3..], [StatusCode::TOO_MANY_REQUESTS; 3]);
    assert_eq!(post_from("198.51.100.1").await, StatusCode::OK);
    // Four forms were accepted; once each has ended in the background, one e-mail went out.
    account_mail_settled(owner.id, 4).await;
    let mails = smtp.messages();
    assert_eq!(mails.len(), 1, "{mails:?}");
}

#[tokio::test]
async fn sign_ups_for_one_address_are_limited_per_source_address_not_per_e_mail() {
    let (app, smtp) = app_behind_proxy(2, true).await;
    let sign_up_from = |from: String, password: &'static str| {
        let app = &app;
        async move {
            app.api
                .post(format!("{}/api/v1/therapists", app.address))
                .header("x-forwarded-for", from)
                .json(&json!({"email": VICTIM, "password": password, "display_name": "N"}))
                .send()
                .await
                .expect("answered")
                .status()
        }
    };
    // Other addresses' sign-ups for the address do not refuse the owner's.
    for i in 0..4 {
        assert_eq!(
            sign_up_from(format!("203.0.113.{i}"), ATTACKER_PASSWORD).await,
            StatusCode::ACCEPTED
        );
    }
    assert_eq!(
        sign_up_from("198.51.100.1".into(), PASSWORD).await,
        StatusCode::ACCEPTED
    );
    // One address is held to its rate.
    assert_eq!(
        sign_up_from("192.0.2.9".into(), ATTACKER_PASSWORD).await,
        StatusCode::ACCEPTED
    );
    assert_eq!(
        sign_up_from("192.0.2.9".into(), ATTACKER_PASSWORD).await,
        StatusCode::ACCEPTED
    );
    assert_eq!(
        sign_up_from("192.0.2.9".into(), ATTACKER_PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // The link of the owner's sign-up (the sixth mail) is voided by the later sign-ups; the
    // owner signs up again and verifies the owner's password.
    wait_for_mails(&smtp, 7).await;
    app.clock.advance(chrono::Duration::minutes(1));
    assert_eq!(
        sign_up_from("198.51.100.1".into(), PASSWORD).await,
        StatusCode::ACCEPTED
    );
    let mails = wait_for_mails(&smtp, 8).await;
    let link = link_token(&mails[7], VERIFY_LINK);
    assert_eq!(verify(&app, &link).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.login(VICTIM, PASSWORD).await.0, StatusCode::OK);
}

#[tokio::test]
async fn concurrent_sign_ups_and_reset_requests_for_one_address_never_fail() {
    let (app, smtp) = app_with_smtp(true).await;
    let passwords: Vec<String> = (0..8)
        .map(|i| format!("passphrase number {i:02}"))
        .collect();
    // Eight conflicting sign-ups (one address, eight passwords)…
    let answers =
        futures_util::future::join_all(passwords.iter().map(|p| app.sign_up(VICTIM, p, "Racer")))
            .await;
    assert!(
        answers.iter().all(|(s, _)| *s == StatusCode::ACCEPTED),
        "{answers:?}"
    );
    // …and eight identical ones.
    let answers =
        futures_util::future::join_all((0..8).map(|_| app.sign_up(VICTIM, PASSWORD, "Dr. Victim")))
            .await;
    assert!(
        answers.iter().all(|(s, _)| *s == StatusCode::ACCEPTED),
        "{answers:?}"
    );
    let mails = wait_for_mails(&smtp, 16).await;
    // Exactly one link still works, and it opens the password of the sign-up that sent it.
    let mut working = 0;
    for mail in &mails {
        if verify(&app, &link_token(mail, VERIFY_LINK)).await.status() == StatusCode::NO_CONTENT {
            working += 1;
        }
    }
    assert_eq!(working, 1);
    assert_eq!(app.login(VICTIM, PASSWORD).await.0, StatusCode::OK);

    // Eight identical reset requests make one link and one e-mail.
    let request = json!({"email": VICTIM});
    let answers = futures_util::future::join_all(
        (0..8).map(|_| app.post("/api/v1/auth/password-reset", None, &request)),
    )
    .await;
    assert!(answers.iter().all(|r| r.status() == StatusCode::ACCEPTED));
    wait_for_mails(&smtp, 17).await;
    account_mail_settled(therapist_id(&app, VICTIM).await, 8).await;
    assert_eq!(smtp.messages().len(), 17);
}
