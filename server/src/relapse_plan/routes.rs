//! `/api/v1/clients/{client_id}/relapse-plan`.

use super::dto::{RelapsePlanRequest, RelapsePlanResponse};
use super::model::RelapsePlanContents;
use crate::auth::Principal;
use crate::clients::ClientAccess;
use crate::documents::Version;
use crate::documents::routes::{self as documents, Endpoint};
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, put, web};
use utoipa_actix_web::service_config::ServiceConfig;
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
    documents::read::<RelapsePlanContents>(&state, &(), principal, path.into_inner()).await
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
    documents::write::<RelapsePlanContents>(
        &state,
        &(),
        principal,
        path.into_inner(),
        &request,
        body.0,
    )
    .await
}

impl Endpoint for RelapsePlanContents {
    type Body = RelapsePlanRequest;
    type Response = RelapsePlanResponse;
    // Written together as treatment ends.
    const CLIENT_WRITES: bool = true;
    type Context = ();

    fn parse(body: RelapsePlanRequest) -> Result<Self, ApiError> {
        Self::parse(&body).map_err(ApiError::Validation)
    }

    async fn respond(
        _: &AppState,
        (): &(),
        _: &ClientAccess,
        version: &Version<Self>,
        _: bool,
    ) -> Result<RelapsePlanResponse, ApiError> {
        Ok(RelapsePlanResponse::from(version))
    }
}

/// Registers this feature's operations, in the order they are matched.
pub(crate) fn api(cfg: &mut ServiceConfig) {
    cfg
        .service(get_relapse_plan)
        .service(put_relapse_plan);
}

/// No tag of its own: its operations carry `treatment` (described by `sessions`).
pub(crate) const TAGS: &[(&str, &str)] = &[];
