//! `/api/v1/clients/{client_id}/safety-plan`.

use super::dto::{SafetyPlanRequest, SafetyPlanResponse, SafetyPlanVersionSummary};
use super::plan::{PlanContents, SafetyPlan};
use super::service::{self, PlanVersion};
use crate::audit::ObjectType;
use crate::auth::Principal;
use crate::clients::ClientAccess;
use crate::conditional;
use crate::documents::routes::{self as documents, Endpoint};
use crate::error::{ApiError, Problem};
use crate::extract::{Json, Query};
use crate::pagination::{Page, PageParams};
use crate::safety::SafetyNet;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, put, web};
use utoipa_actix_web::service_config::ServiceConfig;
use entities::ClientId;
use uuid::Uuid;

/// Read the client's safety plan
///
/// The client's safety plan (Stanley–Brown): warning signs, coping strategies, distractions,
/// people and professionals to ask for help, making the environment safe, reasons for living.
/// The client and its therapist may read it; no plan written yet answers 404. The answer's
/// `ETag` (the version) is what `PUT …/safety-plan` checks as `If-Match`. It carries
/// `region_crisis_lines`, the crisis lines of the client's region in the request's language,
/// for the app to offer in step 5 when the plan names none.
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
    net: web::Data<SafetyNet>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    documents::read::<PlanContents>(&state, &net, principal, path.into_inner()).await
}

/// List the versions of the client's safety plan
///
/// Every version of the client's safety plan that was ever written, newest first: its number,
/// when and by whom. No version is ever lost; each can be read whole with
/// `GET …/safety-plan/versions/{version}`. The client and its therapist may read them; a client
/// without a plan has an empty list. Paged with `limit` and `cursor`.
#[utoipa::path(
    tag = "safety",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), PageParams),
    responses(
        (status = 200, description = "One page of versions, newest first", body = Page<SafetyPlanVersionSummary>),
        (status = 422, description = "A `limit` outside 1–200, a cursor this server did not issue, or an unknown parameter", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/safety-plan/versions")]
pub async fn list_safety_plan_versions(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    page: Query<PageParams>,
) -> Result<web::Json<Page<SafetyPlanVersionSummary>>, ApiError> {
    let access = state.read(principal, path.into_inner(), ObjectType::SafetyPlan).await?;
    let before = page.0.after::<i32>()?;
    let limit = page.0.limit();
    let rows = service::versions(&state.db, access.client.id, before, limit + 1).await?;
    Ok(web::Json(Page::from_rows(
        rows,
        limit,
        |v| v.version,
        SafetyPlanVersionSummary::from,
    )))
}

/// Read one version of the client's safety plan
///
/// Version `version` of the client's safety plan, whole, as it was written (the same shape as
/// `GET …/safety-plan`, with the region's crisis lines as they are now). The client and its
/// therapist may read every version; a number never written answers 404. Its `ETag` is the
/// version's number; only the current version's is worth sending as `If-Match`.
#[utoipa::path(
    tag = "safety",
    security(("bearer" = [])),
    params(
        ("client_id" = Uuid, Path, description = "The client"),
        ("version" = i32, Path, minimum = 1, description = "The version's number, as the list of versions gives it"),
    ),
    responses(
        (status = 200, description = "That version", body = SafetyPlanResponse,
            headers(("ETag" = String, description = "The version in quotes, e.g. `\"1\"`"))),
        (status = 404, description = "No such version, no such client, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/safety-plan/versions/{version}")]
pub async fn get_safety_plan_version(
    state: web::Data<AppState>,
    net: web::Data<SafetyNet>,
    principal: Principal,
    path: web::Path<(Uuid, i32)>,
) -> Result<HttpResponse, ApiError> {
    let (client_id, version) = path.into_inner();
    let access = state.read(principal, client_id, ObjectType::SafetyPlan).await?;
    let plan = service::load_version(&state.db, access.client.id, version)
        .await?
        .ok_or(ApiError::NotFound)?;
    let body = PlanContents::respond(&state, &net, &access, &plan, true).await?;
    Ok(conditional::tagged(HttpResponse::Ok(), plan.version, &body))
}

/// Write the client's safety plan
///
/// Replaces the client's safety plan with a new version; the first write answers 201, later
/// ones 200, and every earlier version stays readable (`…/safety-plan/versions`). The client
/// and its therapist may both write it: it is written together in session. With `If-Match`,
/// only if the version it names is still the current one (412 otherwise). Replacing a version
/// the other party wrote needs `If-Match` (428 without it); replacing one's own does not. A
/// plan with every part empty is refused (422, `/problems/safety-plan-empty`).
#[utoipa::path(
    tag = "safety",
    security(("bearer" = [])),
    params(
        ("client_id" = Uuid, Path, description = "The client"),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the version this write replaces (`*`: any existing plan). A stale one answers 412. Without it the write goes through when there is no plan yet or the caller wrote the current version; replacing the other party's version without it answers 428."),
    ),
    request_body = SafetyPlanRequest,
    responses(
        (status = 200, description = "Stored as the next version", body = SafetyPlanResponse,
            headers(("ETag" = String, description = "The new version in quotes"))),
        (status = 201, description = "The first version, stored", body = SafetyPlanResponse,
            headers(("ETag" = String, description = "`\"1\"`"))),
        (status = 412, description = "`If-Match` does not name the current version (or there is no plan yet): read it again", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An empty or over-long line, a list over 20 items, or an unknown field (`/problems/validation`); or every part empty (`/problems/safety-plan-empty`)", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "The current version was written by the other party (therapist or client) and no `If-Match` was sent (`/problems/precondition-required`): read the plan and send its `ETag`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/clients/{client_id}/safety-plan")]
pub async fn put_safety_plan(
    state: web::Data<AppState>,
    net: web::Data<SafetyNet>,
    principal: Principal,
    path: web::Path<Uuid>,
    request: HttpRequest,
    body: Json<SafetyPlanRequest>,
) -> Result<HttpResponse, ApiError> {
    documents::write::<PlanContents>(&state, &net, principal, path.into_inner(), &request, body.0)
        .await
}

impl Endpoint for PlanContents {
    type Body = SafetyPlanRequest;
    type Response = SafetyPlanResponse;
    // Written together in session.
    const CLIENT_WRITES: bool = true;
    // A read offers the region's crisis lines.
    type Context = SafetyNet;

    fn parse(body: SafetyPlanRequest) -> Result<Self, ApiError> {
        Ok(SafetyPlan::parse(&body)?.contents())
    }

    /// A read carries the crisis lines of the client's region, in the request's language, for
    /// the app to offer when the plan names none; a write answers what it stored.
    async fn respond(
        state: &AppState,
        net: &SafetyNet,
        access: &ClientAccess,
        version: &PlanVersion,
        read: bool,
    ) -> Result<SafetyPlanResponse, ApiError> {
        if !read {
            return Ok(SafetyPlanResponse::from(version));
        }
        let lang = crate::clients::request_language(&state.db, access.principal).await?;
        let lines = net
            .crisis
            .for_region(access.client.region.as_deref(), &lang)
            .links;
        Ok(SafetyPlanResponse::read(version, lines))
    }
}

/// The answer to a refused write whose answers carried a safety signal: its problem with the
/// crisis resources the client sees at once (`notice`: what happens next), in the caller's
/// language, as on an accepted write. A refusal must never hide who to call.
///
/// # Errors
/// Database errors (the refusal itself is the `Ok` answer).
pub(crate) async fn refused_with_crisis(
    state: &AppState,
    net: &SafetyNet,
    principal: Principal,
    client: ClientId,
    notice: crate::safety::service::Notice,
    refused: ApiError,
) -> Result<HttpResponse, ApiError> {
    let lang = crate::clients::request_language(&state.db, principal).await?;
    let crisis =
        service::crisis_after_signal(&state.db, &net.crisis, client, notice, &lang).await?;
    Ok(refused.with_extension(
        crate::safety::crisis::CrisisResources::PROBLEM_MEMBER,
        serde_json::json!(crisis),
    ))
}

/// Registers this feature's operations, in the order they are matched.
pub(crate) fn api(cfg: &mut ServiceConfig) {
    cfg
        .service(get_safety_plan)
        .service(put_safety_plan)
        .service(list_safety_plan_versions)
        .service(get_safety_plan_version);
}

/// No tag of its own: its operations carry `safety` (described by `safety`).
pub(crate) const TAGS: &[(&str, &str)] = &[];
