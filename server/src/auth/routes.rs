//! `/api/v1/auth/*`: login, refresh, logout, invite redemption.

use super::{Principal, TokenPair, service};
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::limits::Door;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    #[validate(length(max = 1024, message = "must be at most 1024 characters"))]
    pub password: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[validate(length(max = 256, message = "is too long"))]
    pub refresh_token: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteRedeemRequest {
    #[validate(length(min = 1, max = 64, message = "must be 1 to 64 characters"))]
    pub code: String,
    #[validate(length(max = 100, message = "must be at most 100 characters"))]
    pub device_label: Option<String>,
}

/// Tokens of a new or renewed sign-in.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    pub refresh_token: String,
    /// Always `Bearer`.
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    #[schema(example = 900)]
    pub expires_in: i64,
    /// The signed-in client's id (invite redemption only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<Uuid>,
}

impl TokenResponse {
    fn new(pair: TokenPair, client_id: Option<Uuid>) -> Self {
        Self {
            access_token: pair.access_token,
            refresh_token: pair.refresh_token,
            token_type: "Bearer",
            expires_in: pair.expires_in,
            client_id,
        }
    }
}

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
