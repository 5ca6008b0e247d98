//! `POST /api/v1/therapists` (sign-up), `GET /api/v1/me` and `PATCH /api/v1/me`.

use super::dto::{MeResponse, MeUpdate, SignupRequest, TherapistResponse};
use super::service::{self, NewTherapist, SignupError, sign_up};
use crate::audit::ObjectType;
use crate::auth::Principal;
use crate::clients::require_therapist;
use crate::domain::Timezone;
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::limits::Door;
use crate::state::AppState;
use actix_web::{HttpResponse, get, patch, post, web};

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

/// Changes the signed-in therapist's settings: the zone its pages show times in. (A client's
/// zone is part of its record, set by its therapist.)
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    request_body = MeUpdate,
    responses(
        (status = 200, description = "Stored; the caller as it now is", body = MeResponse),
        (status = 403, description = "A client: its zone is part of its record", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a known IANA time zone", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/me")]
pub async fn update_me(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<MeUpdate>,
) -> Result<web::Json<MeResponse>, ApiError> {
    let therapist = require_therapist(&state.db, principal, ObjectType::Therapist).await?;
    if let Some(raw) = body.0.timezone.as_deref() {
        let timezone = Timezone::parse(raw).map_err(|m| ApiError::field("timezone", m))?;
        service::set_timezone(
            &state.db,
            therapist,
            timezone,
            state.clock.now(),
            principal.into(),
        )
        .await?;
    }
    Ok(web::Json(service::who_am_i(&state.db, principal).await?))
}
