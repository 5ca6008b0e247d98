//! `/api/v1/clients/{client_id}/homework`.

use super::dto::{CompletionRequest, HomeworkListParams, HomeworkRequest, HomeworkResponse};
use super::service::{self, Completion, HomeworkFields};
use crate::audit::ObjectType;
use crate::auth::Principal;
use crate::clients::{authorize, authorize_client, authorize_therapist};
use crate::documents::http;
use crate::error::{ApiError, Problem};
use crate::extract::{Json, Query};
use crate::pagination::{Page, PageParams};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use entities::{ClientId, HomeworkId};
use uuid::Uuid;

/// Assigns homework (the client's therapist).
#[utoipa::path(
    tag = "homework",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    request_body = HomeworkRequest,
    responses(
        (status = 201, description = "Assigned", body = HomeworkResponse,
            headers(("ETag" = String, description = "The assignment's entity tag; send it back as `If-Match` to change it"))),
        (status = 403, description = "Only the therapist assigns homework", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
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
    let row = service::assign(
        &state.db,
        &state.planner,
        access.client.id,
        access.therapist_id(),
        state.clock.now(),
        fields,
        principal.into(),
    )
    .await?;
    tracing::info!(client_id = %row.client_id, homework_id = %row.id, "homework assigned");
    Ok(answer(HttpResponse::Created(), &row))
}

/// The client's homework, newest first.
#[utoipa::path(
    tag = "homework",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), HomeworkListParams),
    responses(
        (status = 200, description = "One page", body = Page<HomeworkResponse>),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad filter or paging parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/homework")]
pub async fn list_homework(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    params: Query<HomeworkListParams>,
) -> Result<web::Json<Page<HomeworkResponse>>, ApiError> {
    let access = authorize(&state.db, principal, ClientId::from(path.into_inner())).await?;
    access
        .audit_read(&state.reads, state.clock.now(), ObjectType::Homework)
        .await?;
    let params = params.0;
    let page = PageParams {
        limit: params.limit,
        cursor: params.cursor,
    };
    let after = page.after::<Uuid>()?.map(HomeworkId::from);
    let limit = page.limit();
    let rows = service::list(&state.db, access.client.id, params.status, after, limit).await?;
    Ok(web::Json(Page::from_rows(
        rows,
        limit,
        |r| r.id.uuid(),
        |r| HomeworkResponse::from(&r),
    )))
}

/// Replaces what the therapist set on an assignment that is still open; with `If-Match`, only
/// if nobody changed it since.
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
    let row = service::update(
        &state.db,
        &state.planner,
        access.client.id,
        HomeworkId::from(homework_id),
        state.clock.now(),
        fields,
        http::expected(&request).as_ref(),
        principal.into(),
    )
    .await?;
    Ok(answer(HttpResponse::Ok(), &row))
}

/// Cancels an assignment (the therapist); with `If-Match`, only if nobody changed it since.
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
        &state.planner,
        access.client.id,
        HomeworkId::from(homework_id),
        state.clock.now(),
        http::expected(&request).as_ref(),
        principal.into(),
    )
    .await?;
    Ok(answer(HttpResponse::Ok(), &row))
}

/// The client marks homework done, once. A repeat with the same body (a phone retrying)
/// answers the stored completion; a repeat with another body is a conflict, as for a
/// check-in's id.
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
    let completion = Completion::try_from(body.0)?;
    let row = service::complete(
        &state.db,
        &state.planner,
        access.client.id,
        HomeworkId::from(homework_id),
        state.clock.now(),
        completion,
        http::expected(&request).as_ref(),
        principal.into(),
    )
    .await?;
    Ok(answer(HttpResponse::Ok(), &row))
}

/// An assignment with its `ETag` ([`service::tag`]).
fn answer(status: actix_web::HttpResponseBuilder, row: &entities::homework::Model) -> HttpResponse {
    http::tagged(status, service::tag(row), &HomeworkResponse::from(row))
}
