//! `/api/v1/auth/*`: login, refresh, logout, invite redemption.

use super::dto::{InviteRedeemRequest, LoginRequest, RefreshRequest, TokenResponse};
use super::{DeviceId, Principal, service};
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::limits::Door;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, post, web};

/// Therapist sign-in with e-mail and password.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 401, description = "Wrong e-mail or password: `/problems/invalid-credentials`, one answer for both", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid body", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: Json<LoginRequest>,
) -> Result<web::Json<TokenResponse>, ApiError> {
    let LoginRequest { email, password } = body.0;
    let source = req.peer_addr().map(|a| a.ip());
    state
        .limits
        .check(Door::SignIn, source, Some(&email.trim().to_lowercase()))?;
    let (therapist_id, pair) = service::login(
        &state.db,
        state.clock.now(),
        &email,
        password,
        req.peer_addr().map(|a| a.ip()),
    )
    .await?;
    tracing::info!(therapist_id = %therapist_id, "therapist signed in");
    Ok(web::Json(TokenResponse::new(pair, None)))
}

/// Exchanges a refresh token for new tokens, each with a full lifetime; the old refresh token
/// stops working. Presented again within 60 seconds (a lost answer, or two refreshes racing),
/// it is answered with the same new pair, as long as that pair's refresh token was not used.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New tokens; the same pair again for a retry within 60 s of the exchange (`expires_in` counts down)", body = TokenResponse),
        (status = 401, description = "Refused; `type` says why: `/problems/token-invalid` (unknown token), `/problems/token-expired` (unused for 30 days: sign in again), `/problems/refresh-reused` (already exchanged more than 60 s ago or its successor was used: the whole sign-in is revoked), `/problems/sign-in-revoked` (signed out or revoked)", body = Problem, content_type = "application/problem+json"),
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
        req.peer_addr().map(|a| a.ip()),
    )
    .await?;
    Ok(web::Json(TokenResponse::new(pair, None)))
}

/// Ends the current sign-in: its access and refresh tokens stop working.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
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

/// A client's phone signs in with the invite code from its therapist (single use, 7 days).
/// Sent with a `device_id`, the same code and id again within 10 minutes are answered with the
/// same sign-in (for an answer lost on the way), until the phone first refreshes.
#[utoipa::path(
    tag = "auth",
    request_body = InviteRedeemRequest,
    responses(
        (status = 200, description = "Signed in as the client; the same tokens again for a retry with the same `device_id` within 10 minutes", body = TokenResponse),
        (status = 401, description = "Refused; `type` says why: `/problems/invite-invalid` (unknown code), `/problems/invite-used` (already redeemed, and not a retry of this install within 10 minutes), `/problems/invite-replaced` (a newer code was issued), `/problems/invite-expired` (older than 7 days)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/invite")]
pub async fn redeem_invite(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: Json<InviteRedeemRequest>,
) -> Result<web::Json<TokenResponse>, ApiError> {
    let InviteRedeemRequest {
        code,
        device_id,
        device_label,
    } = body.0;
    let source = req.peer_addr().map(|a| a.ip());
    state.limits.check(
        Door::Invite,
        source,
        Some(&super::invites::code_hash(&code)),
    )?;
    let device_id = device_id
        .as_deref()
        .map(DeviceId::parse)
        .transpose()
        .map_err(|message| ApiError::field("device_id", message))?;
    let redemption = service::Redemption {
        code,
        device_id,
        device_label,
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
