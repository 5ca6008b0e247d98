//! `GET /api/v1/me/sessions` and `DELETE /api/v1/me/sessions/{session_id}`.

use super::dto::{SignInList, SignInResponse};
use super::service;
use crate::audit::ObjectType;
use crate::auth::Principal;
use crate::clients::require_therapist;
use crate::error::{ApiError, Problem};
use crate::state::AppState;
use actix_web::{HttpResponse, delete, get, web};
use utoipa_actix_web::service_config::ServiceConfig;
use entities::SessionId;
use uuid::Uuid;

/// List the therapist's sign-ins
///
/// Where the signed-in therapist's account is signed in: every sign-in that still works, with
/// the API (`api`) or on the web pages (`web`), when it was made and last used, and which one
/// this request came with (`current`). Never a token or an address. Only therapists.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The live sign-ins, the most recently used first", body = SignInList),
        (status = 403, description = "Only therapists", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/sessions")]
pub async fn list_sign_ins(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<web::Json<SignInList>, ApiError> {
    let therapist = require_therapist(&state.db, principal, ObjectType::Session).await?;
    let rows = service::list(&state.db, therapist, state.clock.now()).await?;
    let current = principal.session();
    Ok(web::Json(SignInList {
        items: rows
            .into_iter()
            .map(|row| SignInResponse::new(row, current))
            .collect(),
    }))
}

/// Revoke one of the therapist's sign-ins
///
/// Ends one of the signed-in therapist's sign-ins at once: its tokens (or its web cookie) stop
/// working. Revoking the current one signs this device out. Another therapist's sign-in
/// answers 404. Only therapists.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    params(("session_id" = Uuid, Path, description = "The sign-in, as `GET /me/sessions` lists it")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 403, description = "Only therapists", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such sign-in, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/me/sessions/{session_id}")]
pub async fn revoke_sign_in(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let therapist = require_therapist(&state.db, principal, ObjectType::Session).await?;
    let session = SessionId::from(path.into_inner());
    service::revoke(
        &state.db,
        therapist,
        session,
        state.clock.now(),
        principal.into(),
    )
    .await?;
    tracing::info!(session_id = %session, "sign-in revoked by its owner");
    Ok(HttpResponse::NoContent().finish())
}

/// Registers this feature's operations, in the order they are matched.
pub(crate) fn api(cfg: &mut ServiceConfig) {
    cfg
        .service(list_sign_ins)
        .service(revoke_sign_in);
}

/// No tag of its own: its operations carry `accounts` (described by `accounts`).
pub(crate) const TAGS: &[(&str, &str)] = &[];
