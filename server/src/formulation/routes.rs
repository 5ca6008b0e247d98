//! `/api/v1/clients/{client_id}/formulation`.

use super::dto::{FormulationRequest, FormulationResponse};
use super::model::FormulationContents;
use super::service;
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

/// Read the client's formulation
///
/// The client's interpersonal formulation: a summary, the problem areas with their details
/// (grief, role dispute, role transition), and the goals, each with its ratings at the
/// sessions. The client and its therapist may read it. No
/// formulation written yet answers 404. The answer's `ETag` (the version) is what
/// `PUT …/formulation` checks as `If-Match`.
#[utoipa::path(
    tag = "treatment",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    responses(
        (status = 200, description = "The current version", body = FormulationResponse,
            headers(("ETag" = String, description = "The version in quotes, e.g. `\"3\"`; send it back as `If-Match`"))),
        (status = 404, description = "No formulation written yet, or no such client, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/formulation")]
pub async fn get_formulation(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    documents::read::<FormulationContents>(&state, &(), principal, path.into_inner()).await
}

/// Write the client's formulation
///
/// Replaces the client's formulation with a new version; the first write answers 201, later
/// ones 200. Only the therapist writes it. Goals sent without an `id` get one; a goal left out
/// is gone from the formulation (its ratings stay in the export). With `If-Match`, only if the
/// version it names is still the current one (412 otherwise).
#[utoipa::path(
    tag = "treatment",
    security(("bearer" = [])),
    params(
        ("client_id" = Uuid, Path, description = "The client"),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the version this write replaces (`*`: any existing formulation). A stale one answers 412; without it the write goes through."),
    ),
    request_body = FormulationRequest,
    responses(
        (status = 200, description = "Stored as the next version", body = FormulationResponse,
            headers(("ETag" = String, description = "The new version in quotes"))),
        (status = 201, description = "The first version, stored", body = FormulationResponse,
            headers(("ETag" = String, description = "`\"1\"`"))),
        (status = 403, description = "Only the therapist writes the formulation", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` does not name the current version (or there is none yet): read it again", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/clients/{client_id}/formulation")]
pub async fn put_formulation(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    request: HttpRequest,
    body: Json<FormulationRequest>,
) -> Result<HttpResponse, ApiError> {
    documents::write::<FormulationContents>(
        &state,
        &(),
        principal,
        path.into_inner(),
        &request,
        body.0,
    )
    .await
}

impl Endpoint for FormulationContents {
    type Body = FormulationRequest;
    type Response = FormulationResponse;
    // The formulation is the therapist's case conceptualisation.
    const CLIENT_WRITES: bool = false;
    type Context = ();

    fn parse(body: FormulationRequest) -> Result<Self, ApiError> {
        body.parse(Uuid::now_v7).map_err(ApiError::Validation)
    }

    async fn respond(
        state: &AppState,
        (): &(),
        access: &ClientAccess,
        version: &Version<Self>,
        _: bool,
    ) -> Result<FormulationResponse, ApiError> {
        let ratings = service::ratings_of(&state.db, access.client.id).await?;
        Ok(FormulationResponse::of(version, &ratings))
    }
}

/// Registers this feature's operations, in the order they are matched.
pub(crate) fn api(cfg: &mut ServiceConfig) {
    cfg
        .service(get_formulation)
        .service(put_formulation);
}

/// No tag of its own: its operations carry `treatment` (described by `sessions`).
pub(crate) const TAGS: &[(&str, &str)] = &[];
