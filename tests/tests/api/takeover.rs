//! Issue 22: nobody takes over an account before its address is verified, and nobody can
//! block its owner's password reset.

use ipt_tests::mail::{ReceivedMail, SmtpSink};
use ipt_tests::{PASSWORD, TestApp, assert_problem, body, spawn_app_with};
use reqwest::StatusCode;
use sea_orm::ActiveModelTrait;
use sea_orm::ActiveValue::{Set, Unchanged};
use serde_json::{Value, json};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);
const VERIFY_LINK: &str = "https://ipt.clinic.example/verify-email?token=";

async fn app_with_smtp(require_verification: bool) -> (TestApp, SmtpSink) {
    let smtp = SmtpSink::start().await;
    let url = smtp.url();
    let app = spawn_app_with(move |s| {
        s.smtp_url = Some(url);
        s.mail_from = "IPT Companion <no-reply@clinic.example>".into();
        s.public_url = "https://ipt.clinic.example/".into();
        s.require_email_verification = require_verification;
    })
    .await;
    (app, smtp)
}

fn link_token(mail: &ReceivedMail, prefix: &str) -> String {
    let start = mail
        .body_text
        .find(prefix)
        .unwrap_or_else(|| panic!("a link {prefix} in {}", mail.body_text));
    mail.body_text[start + prefix.len()..]
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned()
}

async fn wait_for_mails(smtp: &SmtpSink, count: usize) -> Vec<ReceivedMail> {
    let mails = smtp.wait_for(count, WAIT).await;
    assert_eq!(mails.len(), count, "{mails:?}");
    mails
}

async fn sign_up(app: &TestApp, email: &str, password: &str, name: &str) -> (StatusCode, Value) {
    let res = app
        .post(
            "/api/v1/therapists",
            None,
            &json!({"email": email, "password": password, "display_name": name}),
        )
        .await;
    (res.status(), body(res).await)
}

async fn verify(app: &TestApp, token: &str) -> reqwest::Response {
    app.post("/api/v1/auth/verify-email", None, &json!({"token": token}))
        .await
}

const VICTIM: &str = "victim@example.org";
const ATTACKER_PASSWORD: &str = "the attacker's own passphrase";

#[tokio::test]
async fn a_sign_up_before_the_owner_does_not_let_the_owners_link_verify_the_first_password() {
    let (app, smtp) = app_with_smtp(true).await;
    let attacker = sign_up(&app, VICTIM, ATTACKER_PASSWORD, "Mallory").await;
    assert_eq!(attacker.0, StatusCode::ACCEPTED, "{}", attacker.1);
    let mails = wait_for_mails(&smtp, 1).await;
    let first_link = link_token(&mails[0], VERIFY_LINK);

    // The owner signs up: the same answer, and a new link to the owner's address.
    let owner = sign_up(&app, VICTIM, PASSWORD, "Dr. Victim").await;
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
        sign_up(&app, VICTIM, ATTACKER_PASSWORD, "Mallory").await,
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
    sign_up(&app, VICTIM, ATTACKER_PASSWORD, "Mallory").await;
    sign_up(&app, VICTIM, PASSWORD, "Dr. Victim").await;
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
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(smtp.messages().is_empty(), "{:?}", smtp.messages());
}
