//! `GET /api/v1/dashboard`, `GET /api/v1/clients/{client_id}/summary` and a course's review,
//! `GET /api/v1/clients/{client_id}/courses/{course_id}/summary`.

use super::dto::{ClientSummary, DashboardFilter, DashboardResponse};
use super::service;
use super::course_summary::{CourseSummary, summarize};
use super::summary::client_summary;
use crate::aggregate::load_client;
use crate::audit::ObjectType;
use crate::auth::Principal;
use crate::clients::{authorize_therapist, require_therapist};
use crate::error::{ApiError, Problem};
use crate::extract::Query;
use crate::state::AppState;
use actix_web::{get, web};
use utoipa_actix_web::service_config::ServiceConfig;
use entities::ClientId;
use uuid::Uuid;

/// The therapist's dashboard
///
/// One row per client of the signed-in therapist with adherence (check-in days, exercise
/// practice, homework completion), mood trend, PHQ-9 outcome and what needs attention, the
/// clients who need attention first. The definitions are in `docs/adherence.md`. Only
/// therapists have a dashboard (a client answers 403).
#[utoipa::path(
    tag = "dashboard",
    security(("bearer" = [])),
    params(DashboardFilter),
    responses(
        (status = 200, description = "The dashboard", body = DashboardResponse),
        (status = 403, description = "Only therapists have a dashboard", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown filter value", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/dashboard")]
pub async fn get_dashboard(
    state: web::Data<AppState>,
    principal: Principal,
    filter: Query<DashboardFilter>,
) -> Result<web::Json<DashboardResponse>, ApiError> {
    let therapist = require_therapist(&state.db, principal, ObjectType::Dashboard).await?;
    let now = state.clock.now();
    let clients = service::dashboard(&state.db, therapist, now, &filter.0).await?;
    state
        .reads
        .record(now, principal, service::reads(&clients))
        .await?;
    Ok(web::Json(DashboardResponse {
        generated_at: now,
        clients,
    }))
}

/// A client's summary for the therapist
///
/// One client's dashboard row and the series behind the client page: daily mood, PHQ-9 totals
/// along the sessions, homework, exercise logs, open alerts with what the client wrote, and
/// notifications. Only the client's therapist reads it; the read is recorded in the client's
/// access log.
#[utoipa::path(
    tag = "dashboard",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    responses(
        (status = 200, description = "The summary", body = ClientSummary),
        (status = 403, description = "Only the therapist reads the summary", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/summary")]
pub async fn get_client_summary(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<web::Json<ClientSummary>, ApiError> {
    let access =
        authorize_therapist(&state.db, principal, ClientId::from(path.into_inner())).await?;
    access
        .audit_read(&state.reads, state.clock.now(), ObjectType::Summary)
        .await?;
    Ok(web::Json(
        client_summary(&state.db, &access.client, state.clock.now()).await?,
    ))
}

/// The review of a course
///
/// The end-of-treatment review of one of the client's courses: sessions held, cancelled and
/// missed; why it ended; the PHQ-9 (and GAD-7) at its start and end with the change, and
/// response and remission at the end; each goal's first and last rating; readings opened,
/// exercise practices and homework. A course still going on is summed up so far (`over:
/// false`). The therapist reads it (recorded in the client's access log); the client reads its
/// own, with `message`: one sentence in its language on how the course went.
#[utoipa::path(
    tag = "dashboard",
    security(("bearer" = [])),
    params(
        ("client_id" = Uuid, Path, description = "The client"),
        ("course_id" = Uuid, Path, description = "One of the client's courses"),
    ),
    responses(
        (status = 200, description = "The review", body = CourseSummary),
        (status = 404, description = "No such client or course, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/courses/{course_id}/summary")]
pub async fn get_course_summary(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<web::Json<CourseSummary>, ApiError> {
    let (client_id, course_id) = path.into_inner();
    let access = state.read(principal, client_id, ObjectType::Courses).await?;
    let by_client = !access.by_other();
    let client = load_client(&state.db, access.client).await?;
    let history = crate::courses::service::history(&state.db, &client).await?;
    let at_course = history
        .iter()
        .find(|c| c.course_id() == course_id)
        .ok_or(ApiError::NotFound)?;
    let lang = by_client.then(crate::i18n::request::current);
    Ok(web::Json(
        summarize(&state.db, at_course, state.clock.now(), lang.as_ref()).await?,
    ))
}

/// Registers this feature's operations, in the order they are matched.
pub(crate) fn api(cfg: &mut ServiceConfig) {
    cfg
        .service(get_dashboard)
        .service(get_client_summary)
        .service(get_course_summary);
}

/// The tags this feature's operations introduce, with their descriptions.
pub(crate) const TAGS: &[(&str, &str)] = &[
    (
        "dashboard",
        "Adherence and outcome summaries of the therapist's clients, and the review of a \
         course (definitions in `docs/adherence.md`).",
    ),
];
