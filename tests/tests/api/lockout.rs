//! Failed sign-ins slow attackers down, never the owner: counted per account and address in
//! the database (shared by replicas), with growing delays for addresses that never signed in
//! while the account is under attack, and a notice to the owner. And the client's address and
//! scheme behind a trusted proxy.

use chrono::Duration;
use entities::audit_entry::{self, AuditAction};
use ipt_server::configuration::Settings;
use ipt_tests::mail::SmtpSink;
use ipt_tests::{PASSWORD, TestApp, Therapist, assert_problem, browser, spawn_app_with, totp, web};
use reqwest::{Response, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;

const WRONG: &str = "not the password at all";

/// An app behind a proxy on 127.0.0.1, so that the tests can say which address a request
/// comes from; with the per-account rate of the old limiter at its default.
async fn app_behind_proxy(configure: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_app_with(|s| {
        s.trusted_proxies = "127.0.0.1/32,10.0.0.0/8".parse().expect("CIDRs");
        s.rate_limit_per_account = 10;
        configure(s);
    })
    .await
}

async fn login_at(
    base: &str,
    api: &reqwest::Client,
    email: &str,
    password: &str,
    from: &str,
) -> Response {
    api.post(format!("{base}/api/v1/auth/login"))
        .header("x-forwarded-for", from)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .expect("answered")
}

async fn login_from(app: &TestApp, email: &str, password: &str, from: &str) -> Response {
    login_at(&app.address, &app.api, email, password, from).await
}

fn retry_after(res: &Response) -> u64 {
    res.headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("a Retry-After in seconds")
}

/// A 429 problem; its `Retry-After`.
async fn delayed(res: Response) -> u64 {
    let secs = retry_after(&res);
    assert_problem(res, StatusCode::TOO_MANY_REQUESTS).await;
    secs
}

/// `count` wrong passwords from `count` different addresses (one each), all answered 401.
async fn attack(app: &TestApp, email: &str, net: &str, count: u32) {
    for i in 0..count {
        let res = login_from(app, email, WRONG, &format!("{net}.{i}")).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
    }
}

/// A therapist who signed in from `usual` before.
async fn owner_at(app: &TestApp, usual: &str) -> Therapist {
    let therapist = app.therapist().await;
    let res = login_from(app, &therapist.email, PASSWORD, usual).await;
    assert_eq!(res.status(), StatusCode::OK);
    therapist
}

#[tokio::test]
async fn wrong_passwords_from_many_addresses_slow_unknown_addresses_but_not_the_owners_usual_one() {
    let app = app_behind_proxy(|_| {}).await;
    let owner = owner_at(&app, "198.51.100.1").await;
    attack(&app, &owner.email, "203.0.113", 20).await;

    // Past 20 consecutive failures, addresses that never signed in take turns, each turn
    // longer: 1 s, 2 s, 4 s.
    let mut waits = Vec::new();
    for (turn, from) in ["192.0.2.1", "192.0.2.2"].into_iter().enumerate() {
        let wait = delayed(login_from(&app, &owner.email, WRONG, from).await).await;
        waits.push(wait);
        app.clock
            .advance(Duration::seconds(i64::try_from(wait).expect("small")));
        let res = login_from(&app, &owner.email, WRONG, from).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "turn {turn}");
    }
    // The owner's right password from an address they never used waits too (the delay cannot
    // depend on the password, or it would answer the guess).
    waits.push(delayed(login_from(&app, &owner.email, PASSWORD, "192.0.2.99").await).await);
    assert_eq!(waits, [1, 2, 4]);

    // From their usual address the owner is let in at once, as often as they like.
    for _ in 0..3 {
        let res = login_from(&app, &owner.email, PASSWORD, "198.51.100.1").await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    // And that success ended the run: an unknown address is no longer delayed.
    let res = login_from(&app, &owner.email, WRONG, "192.0.2.3").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

/// `count` wrong passwords from as many addresses, each waiting out its delay (past 20).
async fn attack_past_the_delays(app: &TestApp, email: &str, count: u32) {
    for i in 0..count {
        let from = format!("203.0.113.{i}");
        let mut res = login_from(app, email, WRONG, &from).await;
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            let wait = retry_after(&res);
            app.clock
                .advance(Duration::seconds(i64::try_from(wait).expect("small")));
            res = login_from(app, email, WRONG, &from).await;
        }
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
    }
}

#[tokio::test]
async fn an_unknown_address_gets_in_once_its_delay_has_passed() {
    let app = app_behind_proxy(|_| {}).await;
    let owner = app.therapist().await;
    attack_past_the_delays(&app, &owner.email, 23).await;
    // 23 failures: the 24th try waits 8 s.
    let wait = delayed(login_from(&app, &owner.email, PASSWORD, "192.0.2.7").await).await;
    assert_eq!(wait, 8);
    app.clock.advance(Duration::seconds(7));
    let again = delayed(login_from(&app, &owner.email, PASSWORD, "192.0.2.7").await).await;
    assert_eq!(again, 1, "counts down to the end of the delay");
    app.clock.advance(Duration::seconds(1));
    let res = login_from(&app, &owner.email, PASSWORD, "192.0.2.7").await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn failures_from_one_address_delay_that_address_and_not_the_owner() {
    let app = app_behind_proxy(|s| s.rate_limit_per_account = 5).await;
    let owner = owner_at(&app, "198.51.100.1").await;
    let other = app.therapist().await;
    for _ in 0..5 {
        let res = login_from(&app, &owner.email, WRONG, "203.0.113.9").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    // The sixth from there waits, even with the right password…
    assert_eq!(
        delayed(login_from(&app, &owner.email, PASSWORD, "203.0.113.9").await).await,
        1
    );
    // …while the owner, at home or from a new address, is let in,
    let res = login_from(&app, &owner.email, PASSWORD, "198.51.100.1").await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = login_from(&app, &owner.email, PASSWORD, "192.0.2.44").await;
    assert_eq!(res.status(), StatusCode::OK);
    // and the same address may still sign in to another account.
    let res = login_from(&app, &other.email, PASSWORD, "203.0.113.9").await;
    assert_eq!(res.status(), StatusCode::OK);
    // Its delay grows with each further failure: 1 s, then 2 s.
    app.clock.advance(Duration::seconds(1));
    let res = login_from(&app, &owner.email, WRONG, "203.0.113.9").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        delayed(login_from(&app, &owner.email, WRONG, "203.0.113.9").await).await,
        2
    );
}

#[tokio::test]
async fn the_same_attack_on_the_web_sign_in_leaves_the_owner_in() {
    let app = app_behind_proxy(|_| {}).await;
    let owner = owner_at(&app, "198.51.100.1").await;
    for i in 0..20 {
        let res = web::sign_in_from(
            &app,
            &browser(),
            &owner.email,
            WRONG,
            Some(&format!("203.0.113.{i}")),
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let res = web::sign_in_from(&app, &browser(), &owner.email, PASSWORD, Some("192.0.2.5")).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(retry_after(&res), 1);
    // The page answers with the form, saying how long to wait, not with a problem document.
    let content_type = res.headers()["content-type"]
        .to_str()
        .unwrap_or_default()
        .to_owned();
    assert!(content_type.starts_with("text/html"), "{content_type}");
    let html = res.text().await.expect("html");
    assert!(html.contains("<form class=\"login\""), "{html}");
    assert!(html.contains("Please wait 1 second before"), "{html}");
    let res = web::sign_in_from(
        &app,
        &browser(),
        &owner.email,
        PASSWORD,
        Some("198.51.100.1"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn replicas_of_one_database_share_the_counts() {
    let app = app_behind_proxy(|_| {}).await;
    let replica = app
        .http_replica(|s| {
            s.rate_limit_per_address = 100_000;
            s.trusted_proxies = "127.0.0.1/32".parse().expect("CIDRs");
        })
        .await;
    let other = replica.address.clone();
    let owner = owner_at(&app, "198.51.100.1").await;
    for i in 0..20 {
        let base = if i % 2 == 0 { &app.address } else { &other };
        let res = login_at(
            base,
            &app.api,
            &owner.email,
            WRONG,
            &format!("203.0.113.{i}"),
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    for base in [&app.address, &other] {
        let res = login_at(base, &app.api, &owner.email, WRONG, "192.0.2.1").await;
        assert_eq!(delayed(res).await, 1, "{base}");
    }
    // Per address too: three failures here and two there are five from one address.
    let victim = app.therapist().await;
    for base in [&app.address, &app.address, &app.address, &other, &other] {
        let res = login_at(base, &app.api, &victim.email, WRONG, "203.0.113.200").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = login_at(&other, &app.api, &victim.email, WRONG, "203.0.113.200").await;
    assert_eq!(delayed(res).await, 1);
    // The owner signs in on the replica from home: the run ends on both.
    let res = login_at(&other, &app.api, &owner.email, PASSWORD, "198.51.100.1").await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = login_from(&app, &owner.email, WRONG, "192.0.2.2").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn addresses_of_one_ipv6_64_count_together() {
    let app = app_behind_proxy(|_| {}).await;
    let owner = app.therapist().await;
    for i in 1..=5 {
        let res = login_from(&app, &owner.email, WRONG, &format!("2001:db8:1:2::{i}")).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = login_from(&app, &owner.email, WRONG, "2001:db8:1:2:ffff::99").await;
    assert_eq!(delayed(res).await, 1, "the same /64 waits");
    let res = login_from(&app, &owner.email, PASSWORD, "2001:db8:1:3::1").await;
    assert_eq!(res.status(), StatusCode::OK, "the next /64 does not");
}

async fn audit_sources(app: &TestApp, action: AuditAction) -> Vec<Option<String>> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq(action))
        .order_by_asc(audit_entry::Column::At)
        .all(&app.db)
        .await
        .expect("the audit rows")
        .into_iter()
        .map(|row| row.source)
        .collect()
}

#[tokio::test]
async fn a_forwarded_address_is_believed_only_from_a_trusted_proxy() {
    // Nobody trusted: a spoofed header changes nothing.
    let app = spawn_app_with(|_| {}).await;
    let owner = app.therapist().await;
    let res = login_from(&app, &owner.email, WRONG, "203.0.113.66").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        audit_sources(&app, AuditAction::SignInFailed).await,
        [Some("127.0.0.1".to_owned())]
    );

    // Behind trusted proxies: the right-most address that is not one of them.
    let app = app_behind_proxy(|_| {}).await;
    let owner = app.therapist().await;
    let chain = "198.51.100.1, 203.0.113.7, 10.0.0.5";
    let res = login_from(&app, &owner.email, WRONG, chain).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = login_from(&app, &owner.email, PASSWORD, chain).await;
    assert_eq!(res.status(), StatusCode::OK);
    let token = ipt_tests::body(res).await["access_token"]
        .as_str()
        .expect("a token")
        .to_owned();
    let res = app
        .api
        .post(format!("{}/api/v1/auth/logout", app.address))
        .bearer_auth(&token)
        .header(
            "forwarded",
            r#"for="[2001:db8::7]:4711";proto=https, for=10.0.0.9"#,
        )
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let seven = Some("203.0.113.7".to_owned());
    assert_eq!(
        audit_sources(&app, AuditAction::SignInFailed).await,
        vec![seven.clone()]
    );
    let sign_ins = audit_sources(&app, AuditAction::SignIn).await;
    assert!(sign_ins.contains(&seven), "{sign_ins:?}");
    assert_eq!(
        audit_sources(&app, AuditAction::SignOut).await,
        [Some("2001:db8::7".to_owned())],
        "the signed-in caller's address (Principal) too"
    );
}

#[tokio::test]
async fn hsts_and_a_secure_cookie_only_over_tls_said_by_a_trusted_proxy() {
    async fn form(app: &TestApp, headers: &[(&str, &str)]) -> (Option<String>, String) {
        let mut req = app.api.get(format!("{}/login", app.address));
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        let res = req.send().await.expect("the form");
        let hsts = res
            .headers()
            .get("strict-transport-security")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let cookie = res
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        (hsts, cookie)
    }
    let secure = |cookie: &str| {
        cookie
            .split(';')
            .any(|a| a.trim().eq_ignore_ascii_case("secure"))
    };

    let trusting = app_behind_proxy(|_| {}).await;
    for tls in [
        &[("x-forwarded-proto", "https")][..],
        &[("forwarded", "for=192.0.2.1;proto=https")][..],
    ] {
        let (hsts, cookie) = form(&trusting, tls).await;
        assert_eq!(hsts.as_deref(), Some("max-age=31536000"), "{tls:?}");
        assert!(secure(&cookie), "{cookie}");
    }
    let (hsts, cookie) = form(&trusting, &[("x-forwarded-proto", "http")]).await;
    assert_eq!(hsts, None);
    assert!(!secure(&cookie), "{cookie}");
    // An API answer, and an error, carry it too.
    let res = trusting
        .api
        .get(format!("{}/api/v1/no-such-thing", trusting.address))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.headers().contains_key("strict-transport-security"));

    // Said by anybody else, it is not believed.
    let direct = spawn_app_with(|_| {}).await;
    let (hsts, cookie) = form(&direct, &[("x-forwarded-proto", "https")]).await;
    assert_eq!(hsts, None);
    assert!(!secure(&cookie), "{cookie}");
}

#[tokio::test]
async fn the_owner_is_told_of_repeated_failures_once_an_hour() {
    let smtp = SmtpSink::start().await;
    let url = smtp.url();
    let app = app_behind_proxy(move |s| {
        s.smtp_url = Some(url);
        s.mail_from = "IPT Companion <no-reply@clinic.example>".into();
    })
    .await;
    let owner = app.therapist().await;
    attack(&app, &owner.email, "203.0.113", 9).await;
    assert!(
        smtp.wait_for(1, std::time::Duration::from_millis(500))
            .await
            .is_empty(),
        "nine failures are not yet worth a notice"
    );
    attack(&app, &owner.email, "198.51.100", 5).await;
    let mails = smtp.wait_for(1, std::time::Duration::from_secs(10)).await;
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.to, vec![owner.email.clone()]);
    assert!(
        mail.body_text.contains("10 failed attempts"),
        "{}",
        mail.body_text
    );
    for secret in [WRONG, "203.0.113", "198.51.100"] {
        assert!(!mail.body_text.contains(secret), "{}", mail.body_text);
    }
    // Within the hour, no more; after it, one more.
    assert_eq!(
        smtp.wait_for(2, std::time::Duration::from_secs(1))
            .await
            .len(),
        1
    );
    app.clock.advance(Duration::minutes(61));
    attack(&app, &owner.email, "192.0.2", 1).await;
    assert_eq!(
        smtp.wait_for(2, std::time::Duration::from_secs(10))
            .await
            .len(),
        2
    );
}

#[tokio::test]
async fn without_smtp_the_owner_notice_is_a_log_line_with_the_therapist_id() {
    let app = app_behind_proxy(|_| {}).await;
    let owner = app.therapist().await;
    attack(&app, &owner.email, "203.0.113", 10).await;
    let logs = ipt_tests::captured_logs();
    let line = logs
        .lines()
        .find(|l| l.contains(&owner.id.to_string()) && l.contains("failed sign-ins"))
        .expect("a log line naming the therapist");
    assert!(
        !line.contains(&owner.email) && !line.contains(WRONG),
        "{line}"
    );
}

#[tokio::test]
async fn quiet_failures_of_addresses_that_never_signed_in_are_forgotten() {
    let app = app_behind_proxy(|_| {}).await;
    let owner = owner_at(&app, "198.51.100.1").await;
    for from in ["203.0.113.1", "203.0.113.2"] {
        let res = login_from(&app, &owner.email, WRONG, from).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let rows = || async {
        entities::sign_in_failure::Entity::find()
            .all(&app.db)
            .await
            .expect("the rows")
            .len()
    };
    let before = rows().await;
    app.clock.advance(Duration::hours(25));
    app.tick().await;
    // The two attackers' rows go; the owner's address (and the harness's sign-up one) stay.
    assert_eq!(rows().await, before - 2);
    let res = login_from(&app, &owner.email, PASSWORD, "198.51.100.1").await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_right_password_still_waiting_for_verification_opens_the_address_as_a_success_does() {
    let smtp = SmtpSink::start().await;
    let url = smtp.url();
    let app = app_behind_proxy(move |s| {
        s.smtp_url = Some(url);
        s.require_email_verification = true;
    })
    .await;
    let email = format!("new-{}@example.org", uuid::Uuid::new_v4().simple());
    let res = app
        .post(
            "/api/v1/therapists",
            None,
            &json!({"email": email, "password": PASSWORD, "display_name": "Dr. New"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let waiting = login_from(&app, &email, PASSWORD, "198.51.100.1")
        .await
        .status();
    assert!(waiting.is_client_error() && waiting != StatusCode::TOO_MANY_REQUESTS);
    attack(&app, &email, "203.0.113", 20).await;
    assert_eq!(
        delayed(login_from(&app, &email, PASSWORD, "192.0.2.1").await).await,
        1
    );
    let res = login_from(&app, &email, PASSWORD, "198.51.100.1").await;
    assert_eq!(
        res.status(),
        waiting,
        "the address of the right password stays open"
    );
}

/// The `mfa_token` of a right password from `from` (the second step still to come).
async fn first_step(app: &TestApp, email: &str, from: &str) -> String {
    let problem = assert_problem(
        login_from(app, email, PASSWORD, from).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(problem["type"], "/problems/mfa-required");
    problem["mfa_token"].as_str().expect("a token").to_owned()
}

async fn second_step_from(app: &TestApp, mfa_token: &str, code: &str, from: &str) -> Response {
    app.api
        .post(format!("{}/api/v1/auth/login/mfa", app.address))
        .header("x-forwarded-for", from)
        .json(&json!({"mfa_token": mfa_token, "code": code}))
        .send()
        .await
        .expect("answered")
}

#[tokio::test]
async fn with_a_second_factor_an_address_opens_only_once_the_code_is_right() {
    let app = app_behind_proxy(|_| {}).await;
    let owner = app.therapist().await;
    let (secret, _) = totp::enrol(&app, &owner).await;
    let code = |app: &TestApp| totp::code_at(&secret, app.now());
    // The owner signs in fully from .1; someone with the password alone tries from .2.
    let token = first_step(&app, &owner.email, "198.51.100.1").await;
    app.clock.advance(Duration::seconds(30));
    let res = second_step_from(&app, &token, &code(&app), "198.51.100.1").await;
    assert_eq!(res.status(), StatusCode::OK);
    first_step(&app, &owner.email, "198.51.100.2").await;

    attack(&app, &owner.email, "203.0.113", 20).await;
    assert_eq!(
        delayed(login_from(&app, &owner.email, PASSWORD, "198.51.100.2").await).await,
        1,
        "a right password without its code did not make the address the owner's"
    );
    first_step(&app, &owner.email, "198.51.100.1").await;
}

#[tokio::test]
async fn wrong_codes_from_many_addresses_count_as_failed_sign_ins_of_the_account() {
    let app = app_behind_proxy(|_| {}).await;
    let owner = app.therapist().await;
    let (secret, _) = totp::enrol(&app, &owner).await;
    let code = |app: &TestApp| totp::code_at(&secret, app.now());
    let token = first_step(&app, &owner.email, "198.51.100.1").await;
    app.clock.advance(Duration::seconds(30));
    let res = second_step_from(&app, &token, &code(&app), "198.51.100.1").await;
    assert_eq!(res.status(), StatusCode::OK);

    // The password is known; the codes are guessed, one from each of 20 addresses.
    for i in 0..20 {
        let from = format!("203.0.113.{i}");
        let token = first_step(&app, &owner.email, &from).await;
        let problem = assert_problem(
            second_step_from(&app, &token, "000000", &from).await,
            StatusCode::UNAUTHORIZED,
        )
        .await;
        assert_eq!(problem["type"], "/problems/mfa-code-invalid", "guess {i}");
    }
    // A new address now waits, also for its second step's code.
    assert_eq!(
        delayed(login_from(&app, &owner.email, PASSWORD, "192.0.2.9").await).await,
        1
    );
    // The owner's address stays open, for the password and for the code.
    let token = first_step(&app, &owner.email, "198.51.100.1").await;
    app.clock.advance(Duration::seconds(30));
    let res = second_step_from(&app, &token, &code(&app), "198.51.100.1").await;
    assert_eq!(res.status(), StatusCode::OK);
}
