//! `GET/POST /api/v1/clients/{client_id}/courses` and `POST …/courses/{course_id}/end`.

use super::dto::{CourseResponse, EndCourseRequest, NewCourseRequest};
use super::model::NewCourse;
use super::service;
use crate::aggregate::load_client;
use crate::audit::ObjectType;
use crate::auth::Principal;
use crate::clients::authorize_therapist;
use crate::error::{ApiError, Problem};
use crate::extract::{Json, OptionalJson};
use crate::pagination::Page;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use entities::ClientId;
use uuid::Uuid;

/// List the client's courses
///
/// Every course of treatment the client had, first to last; the last one is current. A client
/// has one acute course at first; after it a maintenance course or another acute course may
/// follow (`POST …/courses`). Paged with `cursor`.
#[utoipa::path(
    tag = "treatment",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    responses(
        (status = 200, description = "Every course (one page)", body = Page<CourseResponse>),
    )
)]
#[get("/clients/{client_id}/courses")]
pub async fn list_courses(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<web::Json<Page<CourseResponse>>, ApiError> {
    let access = state.read(principal, path.into_inner(), ObjectType::Courses).await?;
    let now = state.clock.now();
    let client = load_client(&state.db, access.client).await?;
    let history = service::history(&state.db, &client).await?;
    let last = history.len().saturating_sub(1);
    Ok(web::Json(Page {
        items: history
            .iter()
            .enumerate()
            .map(|(i, c)| CourseResponse::of(c, now, i == last))
            .collect(),
        next_cursor: None,
    }))
}

/// Start the client's next course
///
/// Starts the client's next course of treatment: maintenance sessions after an acute course,
/// or another acute course. Only the therapist starts one, and only when the current course is
/// over: ended, or past its last session (409 otherwise). Reminders follow the new course.
#[utoipa::path(
    tag = "treatment",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    request_body = NewCourseRequest,
    responses(
        (status = 201, description = "Started; it is now the current course", body = CourseResponse),
        (status = 403, description = "Only the therapist starts a course", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The current course has not ended", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/courses")]
pub async fn start_course(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<NewCourseRequest>,
) -> Result<HttpResponse, ApiError> {
    let access =
        authorize_therapist(&state.db, principal, ClientId::from(path.into_inner())).await?;
    let new = NewCourse::try_from(body.0)?;
    let client = load_client(&state.db, access.client).await?;
    let now = state.clock.now();
    service::start(
        &state.db,
        state.planner.as_ref(),
        &client,
        new,
        now,
        principal.into(),
    )
    .await?;
    let client = crate::clients::reload_client(&state.db, client.id()).await?;
    Ok(HttpResponse::Created().json(CourseResponse::of(&client, now, true)))
}

/// End the client's current course
///
/// Ends the client's current course now: sessions whose time has passed stay, later ones are
/// dropped, the phase becomes `ended` and the course's reminders stop. The body says why
/// (`reason`) with an optional `note`; without a reason (or without a body, as v1.1 callers
/// send it) the course is recorded as `completed` when its last planned session was held,
/// marked or presumed, else as `other`. Only the therapist ends a course; an earlier course,
/// or one already ended, answers 409.
#[utoipa::path(
    tag = "treatment",
    security(("bearer" = [])),
    params(
        ("client_id" = Uuid, Path, description = "The client"),
        ("course_id" = Uuid, Path, description = "The current course"),
    ),
    request_body(content = Option<EndCourseRequest>, description = "Why the course ends; may be left out"),
    responses(
        (status = 200, description = "Ended", body = CourseResponse),
        (status = 403, description = "Only the therapist ends a course", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client or course, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An earlier course, or one already ended", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/courses/{course_id}/end")]
pub async fn end_course(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(Uuid, Uuid)>,
    body: OptionalJson<EndCourseRequest>,
) -> Result<web::Json<CourseResponse>, ApiError> {
    let (client_id, course_id) = path.into_inner();
    let body = body.0.unwrap_or_default();
    let ending = service::Ending {
        reason: body.reason,
        note: body
            .note
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty()),
    };
    let access = authorize_therapist(&state.db, principal, ClientId::from(client_id)).await?;
    let client = load_client(&state.db, access.client).await?;
    let now = state.clock.now();
    service::end(
        &state.db,
        state.planner.as_ref(),
        &client,
        course_id,
        ending,
        now,
        principal.into(),
    )
    .await?;
    let client = crate::clients::reload_client(&state.db, client.id()).await?;
    Ok(web::Json(CourseResponse::of(&client, now, true)))
}

/// Registers this feature's operations, in the order they are matched.
pub(crate) fn api(cfg: &mut ServiceConfig) {
    cfg
        .service(list_courses)
        .service(start_course)
        .service(end_course);
}

/// No tag of its own: its operations carry `treatment` (described by `sessions`).
pub(crate) const TAGS: &[(&str, &str)] = &[];
