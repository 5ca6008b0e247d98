//! `POST /api/v1/therapists` (sign-up) and `GET /api/v1/me`.

use super::dto::{MeResponse, SignupRequest, TherapistResponse};
use super::service::{self, NewTherapist, SignupError, sign_up};
use crate::auth::Principal;
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::limits::Door;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};

/// Creates a therapist account (when the server allows sign-up).
#[utoipa::path(
    tag = "accounts",
    request_body = SignupRequest,
    responses(
        (status = 201, description = "Account created", body = TherapistResponse),
        (status = 403, description = "Sign-up is disabled on this server", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "E-mail already registered", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/therapists")]
pub async fn create_therapist(
    req: actix_web::HttpRequest,
    state: web::Data<AppState>,
    body: Json<SignupRequest>,
) -> Result<HttpResponse, ApiError> {
    if !state.settings.allow_signup {
        return Err(SignupError::Disabled.into());
    }
    let body = body.0;
    let source = req.peer_addr().map(|a| a.ip());
    state.limits.check(
        Door::SignUp,
        source,
        Some(&body.email.trim().to_lowercase()),
    )?;
    let new = NewTherapist::try_from(body)?;
    let created = sign_up(
        &state.db,
        state.clock.now(),
        new,
        req.peer_addr().map(|a| a.ip()),
    )
    .await?;
    tracing::info!(therapist_id = %created.id, "therapist account created");
    Ok(HttpResponse::Created().json(TherapistResponse::from(created)))
}

/// The signed-in therapist or client.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller", body = MeResponse),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me")]
pub async fn me(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<web::Json<MeResponse>, ApiError> {
    Ok(web::Json(service::who_am_i(&state.db, principal).await?))
}
