//! `/api/v1/me/mfa/totp…` (enrolment, turning off) and `/api/v1/auth/login/mfa` (the sign-in's
//! second step).

use super::dto::{LoginMfaRequest, RecoveryCodesResponse, TotpCodeRequest, TotpEnrolmentResponse};
use super::service;
use crate::auth::Principal;
use crate::auth::dto::TokenResponse;
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::limits::Door;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, delete, post, web};
use utoipa_actix_web::service_config::ServiceConfig;

/// Start setting up two-step sign-in
///
/// Starts a TOTP enrolment of the signed-in therapist: a new secret, answered as base32 text,
/// as an `otpauth://` URI and as a QR code (SVG) for an authenticator app (SHA-1, 6 digits,
/// 30 s). Nothing changes at sign-in until `POST /me/mfa/totp/confirm` proves the app holds the
/// secret; starting again replaces a pending secret. Therapists only (403 for a client, and for
/// an account whose e-mail address is not verified yet).
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Enrolment started (pending until confirmed)", body = TotpEnrolmentResponse),
        (status = 403, description = "Not a therapist, or an address not verified yet", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Two-step sign-in is already on: turn it off first", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/mfa/totp")]
pub async fn start_totp(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<web::Json<TotpEnrolmentResponse>, ApiError> {
    let therapist = principal.therapist()?;
    let enrolment =
        service::start_enrolment(&state.db, &state.token_key, therapist, state.clock.now()).await?;
    tracing::info!(therapist_id = %therapist, "totp enrolment started");
    Ok(web::Json(enrolment.into()))
}

/// Turn two-step sign-in on
///
/// Confirms the pending enrolment with a current code of the authenticator app. From now on
/// sign-in asks for a code after the password. The answer carries ten recovery codes, shown
/// this once (only their hashes are kept): each stands in for an app code once. A wrong code
/// answers 422 and leaves the enrolment pending.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    request_body = TotpCodeRequest,
    responses(
        (status = 200, description = "Turned on; the recovery codes, this once", body = RecoveryCodesResponse),
        (status = 403, description = "Not a therapist", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No enrolment was started, or it is already on", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not the app's current code (`errors.code`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts; try again after `Retry-After` seconds", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/mfa/totp/confirm")]
pub async fn confirm_totp(
    req: HttpRequest,
    state: web::Data<AppState>,
    limits: web::Data<crate::limits::Limits>,
    principal: Principal,
    body: Json<TotpCodeRequest>,
) -> Result<web::Json<RecoveryCodesResponse>, ApiError> {
    let therapist = principal.therapist()?;
    limits.check(
        Door::SignIn,
        crate::client_addr::of(&req),
        Some(&format!("mfa|{therapist}")),
    )?;
    let recovery_codes = service::confirm(
        &state.db,
        &state.token_key,
        therapist,
        &body.0.code,
        state.clock.now(),
    )
    .await?;
    tracing::info!(therapist_id = %therapist, "totp turned on");
    Ok(web::Json(RecoveryCodesResponse { recovery_codes }))
}

/// Turn two-step sign-in off
///
/// Turns the signed-in therapist's second factor off, proven with a current app code or an
/// unused recovery code; its secret and recovery codes are deleted. Where the server requires
/// two-step sign-in (`IPT_REQUIRE_MFA`), it cannot be turned off (409).
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    request_body = TotpCodeRequest,
    responses(
        (status = 204, description = "Turned off"),
        (status = 403, description = "Not a therapist", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It is not on, or the server requires it (`IPT_REQUIRE_MFA`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Neither a current app code nor an unused recovery code (`errors.code`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts; try again after `Retry-After` seconds", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/me/mfa/totp")]
pub async fn delete_totp(
    req: HttpRequest,
    state: web::Data<AppState>,
    limits: web::Data<crate::limits::Limits>,
    principal: Principal,
    body: Json<TotpCodeRequest>,
) -> Result<HttpResponse, ApiError> {
    let therapist = principal.therapist()?;
    limits.check(
        Door::SignIn,
        crate::client_addr::of(&req),
        Some(&format!("mfa|{therapist}")),
    )?;
    service::disable(
        &state.db,
        &state.token_key,
        therapist,
        &body.0.code,
        state.clock.now(),
        state.settings.require_mfa,
    )
    .await?;
    tracing::info!(therapist_id = %therapist, "totp turned off");
    Ok(HttpResponse::NoContent().finish())
}

/// Sign in: the second step
///
/// Finishes a sign-in that `POST /auth/login` answered with 401 `/problems/mfa-required`: its
/// `mfa_token` with a current code of the authenticator app, or one of the recovery codes,
/// answers the tokens as `POST /auth/login` does for an account without a second factor. The
/// token lives 5 minutes and works once; each app code works once. A wrong code answers 401
/// `/problems/mfa-code-invalid` (the token stays usable for a few more tries); an unknown,
/// used, expired or worn-out token answers 401 `/problems/mfa-token-invalid`: sign in again.
#[utoipa::path(
    tag = "auth",
    security(()),
    request_body = LoginMfaRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 401, description = "Refused; `type` says why: `/problems/mfa-code-invalid` (wrong or already used code: try the next one), `/problems/mfa-token-invalid` (sign in again with the password)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid body", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts; try again after `Retry-After` seconds", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login/mfa")]
pub async fn login_mfa(
    req: HttpRequest,
    state: web::Data<AppState>,
    limits: web::Data<crate::limits::Limits>,
    guard: web::Data<crate::limits::sign_in::SignInGuard>,
    body: Json<LoginMfaRequest>,
) -> Result<web::Json<TokenResponse>, ApiError> {
    let LoginMfaRequest { mfa_token, code } = body.0;
    let source = crate::client_addr::of(&req);
    limits.check(
        Door::SignIn,
        source,
        Some(&format!("mfa|{}", crate::auth::token_hash(&mfa_token))),
    )?;
    let now = state.clock.now();
    let step = || {
        crate::auth::login_second_step::<crate::auth::Api>(&state.db, &state.token_key, now, &mfa_token, &code, source)
    };
    // Wrong codes count as failed sign-ins of the account, like wrong passwords.
    let outcome =
        match crate::mfa::service::challenge_email(&state.db, &mfa_token, false, now).await? {
            Some(email) => guard.guard(&state.db, now, &email, source, step).await?,
            None => step().await,
        };
    let (therapist_id, pair) = outcome?;
    tracing::info!(therapist_id = %therapist_id, "therapist signed in with a second factor");
    Ok(web::Json(TokenResponse::new(pair, None)))
}

/// Registers this feature's operations, in the order they are matched.
pub(crate) fn api(cfg: &mut ServiceConfig) {
    cfg
        .service(login_mfa)
        .service(start_totp)
        .service(confirm_totp)
        .service(delete_totp);
}

/// No tag of its own: its operations carry `accounts` (described by `accounts`), `auth` (described by `auth`).
pub(crate) const TAGS: &[(&str, &str)] = &[];
