//! `/api/v1/clients/{client_id}/relapse-plan`.

use super::RelapsePlanContents;
use super::dto::{RelapsePlanRequest, RelapsePlanResponse};
use crate::audit::ObjectType;
use crate::auth::Principal;
use crate::clients::authorize;
use crate::documents::{http, service as documents};
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, put, web};
use entities::ClientId;
use uuid::Uuid;

/// Read the client's relapse-prevention plan
///
/// The client's relapse-prevention plan: warning signs, what helped, and when to seek help
/// again. The client and its therapist may read it. No plan written yet answers 404. The
/// answer's `ETag` (the version) is what `PUT …/relapse-plan` checks as `If-Match`.
#[utoipa::path(
    tag = "treatment",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    responses(
        (status = 200, description = "The current version", body = RelapsePlanResponse,
            headers(("ETag" = String, description = "The version in quotes, e.g. `\"3\"`; send it back as `If-Match`"))),
        (status = 404, description = "No plan written yet, or no such client, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/relapse-plan")]
pub async fn get_relapse_plan(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let access = authorize(&state.db, principal, ClientId::from(path.into_inner())).await?;
    access
        .audit_read(&state.reads, state.clock.now(), ObjectType::RelapsePlan)
        .await?;
    let plan = documents::load::<RelapsePlanContents, _>(&state.db, access.client.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(http::answer(
        HttpResponse::Ok(),
        &plan,
        &RelapsePlanResponse::from(&plan),
    ))
}

/// Write the client's relapse-prevention plan
///
/// Replaces the client's relapse-prevention plan with a new version; the first write answers
/// 201, later ones 200. The client and its therapist may both write it: it is written together
/// as treatment ends. With `If-Match`, only if the version it names is still the current one
/// (412 otherwise).
#[utoipa::path(
    tag = "treatment",
    security(("bearer" = [])),
    params(
        ("client_id" = Uuid, Path, description = "The client"),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the version this write replaces (`*`: any existing plan). A stale one answers 412; without it the write goes through."),
    ),
    request_body = RelapsePlanRequest,
    responses(
        (status = 200, description = "Stored as the next version", body = RelapsePlanResponse,
            headers(("ETag" = String, description = "The new version in quotes"))),
        (status = 201, description = "The first version, stored", body = RelapsePlanResponse,
            headers(("ETag" = String, description = "`\"1\"`"))),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` does not name the current version (or there is no plan yet): read it again", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An empty or over-long line, a list over 20 items, or an unknown field", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/clients/{client_id}/relapse-plan")]
pub async fn put_relapse_plan(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    request: HttpRequest,
    body: Json<RelapsePlanRequest>,
) -> Result<HttpResponse, ApiError> {
    let access = authorize(&state.db, principal, ClientId::from(path.into_inner())).await?;
    let plan = RelapsePlanContents::parse(&body.0).map_err(ApiError::Validation)?;
    let (saved, first) = documents::save(
        &state.db,
        access.client.id,
        state.clock.now(),
        plan,
        http::expected(&request).as_ref(),
        principal,
    )
    .await?;
    Ok(http::written(
        &saved,
        first,
        &RelapsePlanResponse::from(&saved),
    ))
}
