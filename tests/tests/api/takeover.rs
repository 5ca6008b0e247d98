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

const RESET_LINK: &str = "https://ipt.clinic.example/password-reset/new?token=";

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

/// The mails after a pause long enough for any background send.
async fn settled_mails(smtp: &SmtpSink) -> Vec<ReceivedMail> {
    tokio::time::sleep(Duration::from_millis(700)).await;
    smtp.messages()
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
    assert_eq!(settled_mails(&smtp).await.len(), 1);

    // Five minutes on, the flood makes one more link and one more e-mail, no more.
    app.clock.advance(chrono::Duration::minutes(5));
    for i in 0..10 {
        ask_reset_from(&app, &owner.email, &format!("203.0.113.{}", 100 + i)).await;
    }
    let mails = wait_for_mails(&smtp, 2).await;
    assert_eq!(settled_mails(&smtp).await.len(), 2);
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
    let mails = settled_mails(&smtp).await;
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
        futures_util::future::join_all(passwords.iter().map(|p| sign_up(&app, VICTIM, p, "Racer")))
            .await;
    assert!(
        answers.iter().all(|(s, _)| *s == StatusCode::ACCEPTED),
        "{answers:?}"
    );
    // …and eight identical ones.
    let answers = futures_util::future::join_all(
        (0..8).map(|_| sign_up(&app, VICTIM, PASSWORD, "Dr. Victim")),
    )
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
    assert_eq!(settled_mails(&smtp).await.len(), 17);
}
