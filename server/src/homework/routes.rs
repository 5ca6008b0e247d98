//! `/api/v1/clients/{client_id}/homework`.

use super::dto::{CompletionRequest, HomeworkListParams, HomeworkRequest, HomeworkResponse};
use super::model::{Completion, HomeworkFields};
use super::service;
use crate::audit::ObjectType;
use crate::auth::Principal;
use crate::clients::{authorize_client, authorize_therapist};
use crate::conditional;
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::pagination::{Listing, Page, PageParams};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use utoipa_actix_web::service_config::ServiceConfig;
use entities::{ClientId, HomeworkId};
use uuid::Uuid;

/// Assign homework
///
/// The client's therapist assigns homework: a title, instructions, a due time, and optionally
/// the problem area and the built-in exercise it belongs to. It starts as `assigned`; a due
/// time plans a reminder for the client. The answer's `ETag` is what later edits check as
/// `If-Match`.
#[utoipa::path(
    tag = "homework",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    request_body = HomeworkRequest,
    responses(
        (status = 201, description = "Assigned", body = HomeworkResponse,
            headers(("ETag" = String, description = "The assignment's entity tag; send it back as `If-Match` to change it"))),
        (status = 403, description = "Only the therapist assigns homework", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/homework")]
pub async fn assign_homework(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<HomeworkRequest>,
) -> Result<HttpResponse, ApiError> {
    let access =
        authorize_therapist(&state.db, principal, ClientId::from(path.into_inner())).await?;
    let fields = HomeworkFields::try_from(body.0)?;
    let now = state.clock.now();
    let row = service::assign(
        &state.db,
        state.planner.as_ref(),
        access.client.id,
        access.therapist_id(),
        now,
        today_starts(&access.client, now),
        fields,
        principal.into(),
    )
    .await?;
    tracing::info!(client_id = %row.client_id, homework_id = %row.id, "homework assigned");
    Ok(answer(HttpResponse::Created(), &row))
}

/// List the client's homework
///
/// The client's homework, newest first, paged with `cursor`; `status` narrows it to assigned,
/// completed or cancelled assignments. The client and its therapist may read it.
#[utoipa::path(
    tag = "homework",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), HomeworkListParams, PageParams),
    responses(
        (status = 200, description = "One page", body = Page<HomeworkResponse>),
        (status = 422, description = "Bad filter or paging parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/homework")]
pub async fn list_homework(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    query: Listing<HomeworkListParams>,
) -> Result<web::Json<Page<HomeworkResponse>>, ApiError> {
    let access = state.read(principal, path.into_inner(), ObjectType::Homework).await?;
    let Listing { filter, page } = query;
    let after = page.after::<Uuid>()?.map(HomeworkId::from);
    let limit = page.limit();
    let rows = service::list(&state.db, access.client.id, filter.status, after, limit).await?;
    Ok(web::Json(Page::from_rows(
        rows,
        limit,
        |r| r.id.uuid(),
        |r| HomeworkResponse::from(&r),
    )))
}

/// Change an assignment
///
/// Replaces what the therapist set on an assignment that is still open (title, instructions,
/// due time, problem area, exercise); a completed or cancelled one answers 409. Only the
/// therapist changes it. With `If-Match`, only if nobody changed it since it was read (412
/// otherwise).
#[utoipa::path(
    tag = "homework",
    security(("bearer" = [])),
    params(
        ("client_id" = Uuid, Path, description = "The client"),
        ("homework_id" = Uuid, Path, description = "The assignment"),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the assignment this write replaces (`*`: any). A stale one answers 412; without it the write goes through."),
    ),
    request_body = HomeworkRequest,
    responses(
        (status = 200, description = "Updated", body = HomeworkResponse,
            headers(("ETag" = String, description = "The assignment's new entity tag"))),
        (status = 403, description = "Only the therapist edits homework", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such homework, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already completed or cancelled", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` does not name the assignment's current entity tag: it changed since; read it again", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/clients/{client_id}/homework/{homework_id}")]
pub async fn update_homework(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(Uuid, Uuid)>,
    request: HttpRequest,
    body: Json<HomeworkRequest>,
) -> Result<HttpResponse, ApiError> {
    let (client_id, homework_id) = path.into_inner();
    let access = authorize_therapist(&state.db, principal, ClientId::from(client_id)).await?;
    let fields = HomeworkFields::try_from(body.0)?;
    let now = state.clock.now();
    let row = service::update(
        &state.db,
        state.planner.as_ref(),
        access.client.id,
        HomeworkId::from(homework_id),
        now,
        today_starts(&access.client, now),
        fields,
        conditional::expected(&request).as_ref(),
        principal.into(),
    )
    .await?;
    Ok(answer(HttpResponse::Ok(), &row))
}

/// Cancel an assignment
///
/// The therapist cancels an assignment that is not completed yet. Cancelling again answers 200 unchanged, a completed assignment 409. With `If-Match`, only if
/// nobody changed it since it was read (412 otherwise).
#[utoipa::path(
    tag = "homework",
    security(("bearer" = [])),
    params(
        ("client_id" = Uuid, Path, description = "The client"),
        ("homework_id" = Uuid, Path, description = "The assignment"),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the assignment this cancels (`*`: any). A stale one answers 412 (unless it is cancelled already); without it the cancellation goes through."),
    ),
    responses(
        (status = 200, description = "Cancelled (also when it was already)", body = HomeworkResponse,
            headers(("ETag" = String, description = "The assignment's new entity tag"))),
        (status = 403, description = "Only the therapist cancels homework", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such homework, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already completed", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` does not name the assignment's current entity tag: it changed since; read it again", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/homework/{homework_id}/cancel")]
pub async fn cancel_homework(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(Uuid, Uuid)>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let (client_id, homework_id) = path.into_inner();
    let access = authorize_therapist(&state.db, principal, ClientId::from(client_id)).await?;
    let row = service::cancel(
        &state.db,
        state.planner.as_ref(),
        access.client.id,
        HomeworkId::from(homework_id),
        state.clock.now(),
        conditional::expected(&request).as_ref(),
        principal.into(),
    )
    .await?;
    Ok(answer(HttpResponse::Ok(), &row))
}

/// Complete homework
///
/// The client marks homework done, once, with when, a reflection and how helpful it was. A
/// repeat with the same body (a phone retrying) answers the stored completion; a repeat with
/// another body, or a cancelled assignment, answers 409, as for a check-in's id. With
/// `If-Match`, only if nobody changed the assignment since it was read (412 otherwise).
#[utoipa::path(
    tag = "homework",
    security(("bearer" = [])),
    params(
        ("client_id" = Uuid, Path, description = "The client"),
        ("homework_id" = Uuid, Path, description = "The assignment"),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the assignment this completes (`*`: any). A stale one answers 412 (unless this very completion is stored already); without it the completion goes through."),
    ),
    request_body = CompletionRequest,
    responses(
        (status = 200, description = "Completed now, or before with the same body", body = HomeworkResponse,
            headers(("ETag" = String, description = "The assignment's new entity tag"))),
        (status = 403, description = "Only the client completes its homework", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such homework, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Cancelled, or completed before with another body", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` does not name the assignment's current entity tag: it changed since; read it again", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/homework/{homework_id}/completion")]
pub async fn complete_homework(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(Uuid, Uuid)>,
    request: HttpRequest,
    body: Json<CompletionRequest>,
) -> Result<HttpResponse, ApiError> {
    let (client_id, homework_id) = path.into_inner();
    let access = authorize_client(&state.db, principal, ClientId::from(client_id)).await?;
    let mut completion = Completion::try_from(body.0)?;
    completion.completed_at = crate::domain::happened(completion.completed_at, state.clock.now())
        .map_err(|m| ApiError::field("completed_at", m))?;
    let row = service::complete(
        &state.db,
        state.planner.as_ref(),
        access.client.id,
        HomeworkId::from(homework_id),
        state.clock.now(),
        completion,
        conditional::expected(&request).as_ref(),
        principal.into(),
    )
    .await?;
    Ok(answer(HttpResponse::Ok(), &row))
}

/// The start of the client's local date at `now`, as an instant.
fn today_starts(client: &entities::client::Model, now: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::Utc> {
    let tz = client.timezone.tz();
    let today = now.with_timezone(&tz).date_naive();
    crate::domain::local_to_utc(tz, today.and_time(chrono::NaiveTime::MIN))
}

/// An assignment with its `ETag` ([`service::tag`]).
fn answer(status: actix_web::HttpResponseBuilder, row: &entities::homework::Model) -> HttpResponse {
    conditional::tagged(status, service::tag(row), &HomeworkResponse::from(row))
}

/// Registers this feature's operations, in the order they are matched.
pub(crate) fn api(cfg: &mut ServiceConfig) {
    cfg
        .service(assign_homework)
        .service(list_homework)
        .service(update_homework)
        .service(cancel_homework)
        .service(complete_homework);
}

/// The tags this feature's operations introduce, with their descriptions.
pub(crate) const TAGS: &[(&str, &str)] = &[
    (
        "homework",
        "Assignments between sessions: the therapist assigns, changes or cancels; the client \
         completes, once.",
    ),
];
