//! `/api/v1/auth/*`: login, refresh, logout, invite redemption.

use super::dto::{InviteRedeemRequest, LoginRequest, RefreshRequest, TokenResponse};
use super::{Principal, service};
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
        (status = 401, description = "Wrong e-mail or password (one answer for both)", body = Problem, content_type = "application/problem+json"),
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

/// Exchanges a refresh token for new tokens; the old refresh token stops working.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New tokens", body = TokenResponse),
        (status = 401, description = "Unknown, expired or already used refresh token (re-use revokes the sign-in)", body = Problem, content_type = "application/problem+json"),
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
#[utoipa::path(
    tag = "auth",
    request_body = InviteRedeemRequest,
    responses(
        (status = 200, description = "Signed in as the client", body = TokenResponse),
        (status = 401, description = "Unknown, used, replaced or expired code", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/invite")]
pub async fn redeem_invite(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: Json<InviteRedeemRequest>,
) -> Result<web::Json<TokenResponse>, ApiError> {
    let InviteRedeemRequest { code, device_label } = body.0;
    let source = req.peer_addr().map(|a| a.ip());
    state.limits.check(
        Door::Invite,
        source,
        Some(&super::invites::code_hash(&code)),
    )?;
    let (client_id, pair) = service::redeem_invite(
        &state.db,
        state.clock.now(),
        &code,
        device_label,
        req.peer_addr().map(|a| a.ip()),
    )
    .await?;
    tracing::info!(client_id = %client_id, "client device signed in");
    Ok(web::Json(TokenResponse::new(pair, Some(client_id.uuid()))))
}
