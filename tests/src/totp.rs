//! The TOTP second factor as an authenticator app sees it: codes computed here from the secret
//! the enrolment answers, at the time of the application's manual clock.

use crate::{TestApp, Therapist, body};
use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The code an authenticator app shows for `secret` (base32) at `at`.
#[must_use]
pub fn code_at(secret: &str, at: DateTime<Utc>) -> String {
    let secret = totp_rs::Secret::try_from_base32(secret).expect("a base32 secret");
    totp_rs::Builder::new()
        .with_secret(secret)
        .build()
        .expect("SHA-1, 6 digits, 30 s")
        .generate(u64::try_from(at.timestamp()).expect("after 1970"))
        .to_string()
}

/// Starts TOTP enrolment for `therapist`: the answer (`secret`, `otpauth_uri`, …).
pub async fn start(app: &TestApp, therapist: &Therapist) -> Value {
    let res = app
        .post(
            "/api/v1/me/mfa/totp",
            Some(&therapist.access_token),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    body(res).await
}

/// Confirms the enrolment of `therapist` with `code`.
pub async fn confirm(app: &TestApp, therapist: &Therapist, code: &str) -> reqwest::Response {
    app.post(
        "/api/v1/me/mfa/totp/confirm",
        Some(&therapist.access_token),
        &json!({"code": code}),
    )
    .await
}

/// Turns TOTP on for `therapist`: its secret and recovery codes. The confirming code's step
/// is used up, so the next code to sign in with comes 30 s later.
pub async fn enrol(app: &TestApp, therapist: &Therapist) -> (String, Vec<String>) {
    let started = start(app, therapist).await;
    let secret = started["secret"].as_str().expect("a secret").to_owned();
    let res = confirm(app, therapist, &code_at(&secret, app.now())).await;
    assert_eq!(res.status(), StatusCode::OK);
    let codes = body(res).await["recovery_codes"]
        .as_array()
        .expect("recovery codes")
        .iter()
        .map(|c| c.as_str().expect("a code").to_owned())
        .collect();
    (secret, codes)
}
