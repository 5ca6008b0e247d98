//! `/api/v1/clients/{client_id}/safety-plan`.

use super::dto::{SafetyPlanRequest, SafetyPlanResponse};
use super::plan::SafetyPlan;
use super::service;
use crate::audit::ObjectType;
use crate::auth::Principal;
use crate::clients::authorize;
use crate::documents::http;
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, put, web};
use entities::ClientId;
use uuid::Uuid;

/// Read the client's safety plan
///
/// The client's safety plan (Stanley–Brown): warning signs, coping strategies, distractions,
/// people and professionals to ask for help, making the environment safe, reasons for living.
/// The client and its therapist may read it; no plan written yet answers 404. The answer's
/// `ETag` (the version) is what `PUT …/safety-plan` checks as `If-Match`.
#[utoipa::path(
    tag = "safety",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    responses(
        (status = 200, description = "The current version", body = SafetyPlanResponse,
            headers(("ETag" = String, description = "The version in quotes, e.g. `\"3\"`; send it back as `If-Match`"))),
        (status = 404, description = "No plan written yet, or no such client, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/safety-plan")]
pub async fn get_safety_plan(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let access = authorize(&state.db, principal, ClientId::from(path.into_inner())).await?;
    access
        .audit_read(&state.reads, state.clock.now(), ObjectType::SafetyPlan)
        .await?;
    let plan = service::load(&state.db, access.client.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(http::answer(
        HttpResponse::Ok(),
        &plan,
        &SafetyPlanResponse::from(&plan),
    ))
}

/// Write the client's safety plan
///
/// Replaces the client's safety plan with a new version; the first write answers 201, later
/// ones 200. The client and its therapist may both write it: it is written together in
/// session. With `If-Match`, only if the version it names is still the current one (412
/// otherwise).
#[utoipa::path(
    tag = "safety",
    security(("bearer" = [])),
    params(
        ("client_id" = Uuid, Path, description = "The client"),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the version this write replaces (`*`: any existing plan). A stale one answers 412; without it the write goes through."),
    ),
    request_body = SafetyPlanRequest,
    responses(
        (status = 200, description = "Stored as the next version", body = SafetyPlanResponse,
            headers(("ETag" = String, description = "The new version in quotes"))),
        (status = 201, description = "The first version, stored", body = SafetyPlanResponse,
            headers(("ETag" = String, description = "`\"1\"`"))),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` does not name the current version (or there is no plan yet): read it again", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An empty or over-long line, a list over 20 items, or an unknown field", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/clients/{client_id}/safety-plan")]
pub async fn put_safety_plan(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    request: HttpRequest,
    body: Json<SafetyPlanRequest>,
) -> Result<HttpResponse, ApiError> {
    let access = authorize(&state.db, principal, ClientId::from(path.into_inner())).await?;
    let plan = SafetyPlan::parse(&body.0).map_err(ApiError::Validation)?;
    let expected = http::expected(&request);
    let (saved, first) = service::save(
        &state.db,
        access.client.id,
        state.clock.now(),
        &plan,
        expected.as_ref(),
        principal,
    )
    .await?;
    Ok(http::written(
        &saved,
        first,
        &SafetyPlanResponse::from(&saved),
    ))
}
