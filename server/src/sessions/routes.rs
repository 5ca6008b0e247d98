//! `GET /api/v1/clients/{client_id}/sessions` and `PUT …/sessions/{number}`.

use super::dto::{SessionRequest, SessionResponse};
use super::service::{self, SessionChange};
use crate::audit::ObjectType;
use crate::auth::Principal;
use crate::clients::{Client, authorize, authorize_therapist, load_client};
use crate::error::{ApiError, Problem};
use crate::extract::{Json, Query};
use crate::pagination::Page;
use crate::state::AppState;
use actix_web::{get, put, web};
use entities::ClientId;
use uuid::Uuid;

/// The sessions of the client's course, with their measures and phases.
async fn responses(state: &AppState, client: &Client) -> Result<Vec<SessionResponse>, ApiError> {
    let sessions = client.sessions(state.clock.now());
    let measures = service::measures(&state.db, client.id(), &sessions).await?;
    let ratings = service::ratings(&state.db, client).await?;
    Ok(sessions
        .iter()
        .zip(measures)
        .map(|(s, measure)| {
            SessionResponse::of(s, client.treatment().phase(s.date), measure, &ratings)
        })
        .collect())
}

/// Which course's sessions to list.
#[derive(Debug, serde::Deserialize, validator::Validate, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SessionsQuery {
    /// A course of the client (`GET …/courses`); default the current one.
    pub course_id: Option<Uuid>,
}

/// The sessions of the client's current course (or of an earlier one): planned, held (marked
/// or presumed), cancelled or missed, with the phase each falls in and the PHQ-9 check-in that
/// measures it.
#[utoipa::path(
    tag = "treatment",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), SessionsQuery),
    responses(
        (status = 200, description = "Every session of the course (one page)", body = Page<SessionResponse>),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/sessions")]
pub async fn list_sessions(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    query: Query<SessionsQuery>,
) -> Result<web::Json<Page<SessionResponse>>, ApiError> {
    let access = authorize(&state.db, principal, ClientId::from(path.into_inner())).await?;
    access
        .audit_read(
            &state.reads,
            state.clock.now(),
            ObjectType::TreatmentSessions,
        )
        .await?;
    let mut client = load_client(&state.db, access.client).await?;
    if let Some(course) = query.0.course_id.filter(|c| *c != client.course_id()) {
        client = crate::courses::service::history(&state.db, &client)
            .await?
            .into_iter()
            .find(|c| c.course_id() == course)
            .ok_or(ApiError::NotFound)?;
    }
    Ok(web::Json(Page {
        items: responses(&state, &client).await?,
        next_cursor: None,
    }))
}

/// Marks a session held, cancelled, missed, or moved (the therapist). A cancelled or missed
/// session adds one at the end of the course; reminders and the countdown follow.
#[utoipa::path(
    tag = "treatment",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), ("number" = u16, Path, description = "The session's number")),
    request_body = SessionRequest,
    responses(
        (status = 200, description = "The session as it now stands", body = SessionResponse),
        (status = 403, description = "Only the therapist marks sessions", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client or session", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/clients/{client_id}/sessions/{number}")]
pub async fn mark_session(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(Uuid, u16)>,
    body: Json<SessionRequest>,
) -> Result<web::Json<SessionResponse>, ApiError> {
    let (client_id, number) = path.into_inner();
    let access = authorize_therapist(&state.db, principal, ClientId::from(client_id)).await?;
    let change = SessionChange::try_from(body.0)?;
    let client = load_client(&state.db, access.client).await?;
    let now = state.clock.now();
    let client = service::mark(
        &state.db,
        &state.planner,
        &client,
        number,
        change,
        now,
        principal.into(),
    )
    .await?;
    let responses = responses(&state, &client).await?;
    let session = responses
        .into_iter()
        .find(|s| s.number == number)
        .ok_or(ApiError::NotFound)?;
    Ok(web::Json(session))
}
