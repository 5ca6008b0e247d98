//! `GET /api/v1/dashboard` and `GET /api/v1/clients/{client_id}/summary`.

use super::dto::{ClientSummary, DashboardFilter, DashboardResponse};
use super::service;
use super::summary::client_summary;
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

/// Registers this feature's operations, in the order they are matched.
pub(crate) fn api(cfg: &mut ServiceConfig) {
    cfg
        .service(get_dashboard)
        .service(get_client_summary);
}

/// The tags this feature's operations introduce, with their descriptions.
pub(crate) const TAGS: &[(&str, &str)] = &[
    (
        "dashboard",
        "Adherence and outcome summaries of the therapist's clients (definitions in \
         `docs/adherence.md`).",
    ),
];
