//! `/api/v1/auth/*`: login, refresh, logout, invite redemption.

use super::dto::{InviteRedeemRequest, LoginRequest, RefreshRequest, TokenResponse};
use super::{DeviceId, Principal, service};
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::limits::Door;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, post, web};
use utoipa_actix_web::service_config::ServiceConfig;

/// Sign in as a therapist
///
/// Exchanges a therapist's e-mail and password for an access token (`expires_in` seconds) and a
/// refresh token. A wrong password and an unknown e-mail answer the same 401
/// (`/problems/invalid-credentials`), so that the answer does not tell which addresses have an
/// account. Attempts are rate-limited per address; after repeated wrong passwords, the
/// address that sent them, and (while the account is under attack) addresses that never signed
/// in to it, wait growing delays (429 with `Retry-After`).
///
/// An account with two-step sign-in (TOTP) gets no tokens yet: a right password answers 401
/// `/problems/mfa-required` whose `mfa_token` (5 minutes, single use) goes with a code to
/// `POST /auth/login/mfa`, which answers the tokens. Accounts without it answer as always.
/// Where the server requires two-step sign-in (`IPT_REQUIRE_MFA`), an account without it is
/// signed in, but its tokens answer 403 `/problems/mfa-enrolment-required` on everything but
/// `GET /me`, `/me/mfa/totp…` and sign-out until it is set up.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 401, description = "Wrong e-mail or password: `/problems/invalid-credentials`, one answer for both. Or the password is right and the account has two-step sign-in: `/problems/mfa-required` with `mfa_token`, the second step's token for `POST /auth/login/mfa`. Or the password is right and the account's e-mail address is not verified yet (only where the server requires it): `/problems/email-unverified`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address, or too many failed ones for this account from addresses it was never signed in from; try again after `Retry-After` seconds", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid body", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    limits: web::Data<crate::limits::Limits>,
    guard: web::Data<crate::limits::sign_in::SignInGuard>,
    body: Json<LoginRequest>,
) -> Result<web::Json<TokenResponse>, ApiError> {
    let LoginRequest { email, password } = body.0;
    let password = String::from(password);
    let source = crate::client_addr::of(&req);
    limits.check(Door::SignIn, source, None)?;
    let now = state.clock.now();
    let (therapist_id, pair) = guard
        .guard(&state.db, now, &email, source, || {
            service::login::<service::Api>(&state.db, now, &email, password, source)
        })
        .await??;
    tracing::info!(therapist_id = %therapist_id, "therapist signed in");
    Ok(web::Json(TokenResponse::new(pair, None)))
}

/// Exchange a refresh token for new tokens
///
/// Answers a new access token and a new refresh token, each with a full lifetime; the refresh
/// token sent stops working. Sent again while neither token of the new pair was used (an answer
/// lost on the way, or two refreshes racing), at any time before that pair's refresh token
/// expires, it is answered with the same new pair, and the replay is recorded in the audit trail
/// (`refresh_replayed`). Sent again after a token of the new pair was used, it was copied: the
/// whole sign-in ends (`/problems/refresh-reused`): sign in again.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New tokens; the same pair again for a retry while neither of its tokens was used (`expires_in` counts down; a whole lifetime again if the access token expired unused)", body = TokenResponse),
        (status = 401, description = "Refused; `type` says why: `/problems/token-invalid` (unknown token), `/problems/token-expired` (unused for 30 days: sign in again), `/problems/refresh-reused` (already exchanged and a token of its successor pair was used: the whole sign-in is revoked), `/problems/sign-in-revoked` (signed out or revoked)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: Json<RefreshRequest>,
) -> Result<web::Json<TokenResponse>, ApiError> {
    let pair = service::refresh(
        &state.db,
        &state.token_key,
        state.clock.now(),
        &body.0.refresh_token,
        crate::client_addr::of(&req),
    )
    .await?;
    Ok(web::Json(TokenResponse::new(pair, None)))
}

/// Sign out
///
/// Ends the sign-in the access token belongs to: its access and refresh tokens stop working at
/// once, on this device only. Other sign-ins of the same account go on.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Signed out"),
    )
)]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    service::logout(
        &state.db,
        state.clock.now(),
        principal.session(),
        principal.into(),
        match principal {
            Principal::Client { id, .. } => Some(id),
            Principal::Therapist { .. } => None,
        },
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Sign a client's phone in with an invite code
///
/// A client's phone signs in with the invite code its therapist gave it: a code works once and
/// for 7 days, and a newer code replaces older ones. The answer carries the client's
/// `client_id` for the `/clients/{client_id}/…` routes. Sent with a `device_id`, the same code
/// and id again within 10 minutes are answered with the same sign-in (for an answer lost on the
/// way), until the phone first refreshes. Attempts are rate-limited (429 with `Retry-After`).
#[utoipa::path(
    tag = "auth",
    request_body = InviteRedeemRequest,
    responses(
        (status = 200, description = "Signed in as the client; the same tokens again for a retry with the same `device_id` within 10 minutes", body = TokenResponse),
        (status = 401, description = "Refused; `type` says why: `/problems/invite-invalid` (unknown code), `/problems/invite-used` (already redeemed, and not a retry of this install within 10 minutes), `/problems/invite-replaced` (a newer code was issued), `/problems/invite-expired` (older than 7 days)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address or with this code; try again after `Retry-After` seconds", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/invite")]
pub async fn redeem_invite(
    req: HttpRequest,
    state: web::Data<AppState>,
    limits: web::Data<crate::limits::Limits>,
    body: Json<InviteRedeemRequest>,
) -> Result<web::Json<TokenResponse>, ApiError> {
    let InviteRedeemRequest {
        code,
        device_id,
        device_label,
    } = body.0;
    let source = crate::client_addr::of(&req);
    limits.check(
        Door::Invite,
        source,
        Some(&super::invites::code_hash(&code)),
    )?;
    let device_id = device_id
        .as_deref()
        .map(DeviceId::parse)
        .transpose()
        .map_err(|message| ApiError::field("device_id", message))?;
    let redemption = crate::auth::model::Redemption {
        code: code.into(),
        device_id,
        device_label: device_label.map(String::from),
    };
    let (client_id, pair) = service::redeem_invite(
        &state.db,
        &state.token_key,
        state.clock.now(),
        redemption,
        source,
    )
    .await?;
    tracing::info!(client_id = %client_id, "client device signed in");
    Ok(web::Json(TokenResponse::new(pair, Some(client_id.uuid()))))
}

/// Registers this feature's operations, in the order they are matched.
pub(crate) fn api(cfg: &mut ServiceConfig) {
    cfg
        .service(login)
        .service(refresh)
        .service(logout)
        .service(redeem_invite);
}

/// The tags this feature's operations introduce, with their descriptions.
pub(crate) const TAGS: &[(&str, &str)] = &[
    (
        "auth",
        "Signing in and out. A therapist signs in with e-mail and password, a client's phone \
         with the invite code its therapist gives it. Both get a short-lived access token \
         (`expires_in` seconds) for `Authorization: Bearer …` and a refresh token to get the \
         next pair with.",
    ),
];
