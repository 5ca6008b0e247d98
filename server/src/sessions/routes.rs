//! `GET /api/v1/clients/{client_id}/sessions` and `PUT …/sessions/{number}`.

use super::dto::{SessionRequest, SessionResponse};
use super::model::SessionChange;
use super::service;
use crate::aggregate::{Client, load_client};
use crate::audit::ObjectType;
use crate::auth::Principal;
use crate::clients::{ClientAccess, authorize_therapist};
use crate::conditional::{self, Precondition};
use crate::error::{ApiError, Problem};
use crate::extract::{Json, Query};
use crate::pagination::Page;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, put, web};
use utoipa_actix_web::service_config::ServiceConfig;
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

/// List the sessions of a course
///
/// The sessions of the client's current course (or, with `course_id`, of an earlier one):
/// planned, held (marked, or presumed once their time passed), cancelled or missed, with the
/// phase each falls in, the goals rated and the PHQ-9 check-in that measures it. The current
/// course's answer carries the session log's `ETag`, which `PUT …/sessions/{number}` checks as
/// `If-Match`. The client and its therapist may read them.
#[utoipa::path(
    tag = "treatment",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), SessionsQuery),
    responses(
        (status = 200, description = "Every session of the course (one page)", body = Page<SessionResponse>,
            headers(("ETag" = String, description = "The session log's entity tag (the current course only): send it back as `If-Match` when marking a session"))),
    )
)]
#[get("/clients/{client_id}/sessions")]
pub async fn list_sessions(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    query: Query<SessionsQuery>,
) -> Result<HttpResponse, ApiError> {
    let access = state.read(principal, path.into_inner(), ObjectType::TreatmentSessions).await?;
    // Read before the log itself: a mark written in between makes the tag older than the
    // answer (a needless 412 later), never newer (a stale write let through).
    let marks_seq = service::marks_seq(&state.db, access.client.id).await?;
    let mut client = load_client(&state.db, access.client).await?;
    let mut tag = Some(service::log_tag(client.course().change_seq, marks_seq));
    if let Some(course) = query.0.course_id.filter(|c| *c != client.course_id()) {
        client = crate::courses::service::history(&state.db, &client)
            .await?
            .into_iter()
            .find(|c| c.course_id() == course)
            .ok_or(ApiError::NotFound)?;
        // An earlier course is not marked any more: it has nothing to send back.
        tag = None;
    }
    let page = Page {
        items: responses(&state, &client).await?,
        next_cursor: None,
    };
    Ok(match tag {
        Some(tag) => conditional::tagged(HttpResponse::Ok(), tag, &page),
        None => HttpResponse::Ok().json(page),
    })
}

/// Mark a session
///
/// Marks a session of the current course held, cancelled, missed, or moved to another time,
/// optionally with the goals' ratings at it. Only the therapist marks sessions. A cancelled or
/// missed session adds one at the end of the course; reminders and the countdown follow. With
/// `If-Match`, only if nobody marked a session or changed the course since (412 otherwise).
#[utoipa::path(
    tag = "treatment",
    security(("bearer" = [])),
    params(
        ("client_id" = Uuid, Path, description = "The client"),
        ("number" = u16, Path, description = "The session's number"),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the session log (`GET …/sessions`, or the answer of the last mark) this write builds on (`*`: any). One tag serves all sessions of the course. A stale one answers 412; without it the write goes through."),
    ),
    request_body = SessionRequest,
    responses(
        (status = 200, description = "The session as it now stands", body = SessionResponse,
            headers(("ETag" = String, description = "The session log's new entity tag"))),
        (status = 403, description = "Only the therapist marks sessions", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client or session", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` does not name the session log's current entity tag: a session was marked or the course changed since; read the sessions again", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/clients/{client_id}/sessions/{number}")]
pub async fn mark_session(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(Uuid, u16)>,
    request: HttpRequest,
    body: Json<SessionRequest>,
) -> Result<HttpResponse, ApiError> {
    let (client_id, number) = path.into_inner();
    let access = authorize_therapist(&state.db, principal, ClientId::from(client_id)).await?;
    let mut change = SessionChange::try_from(body.0)?;
    change.held_at = change
        .held_at
        .map(|at| crate::domain::happened(at, state.clock.now()))
        .transpose()
        .map_err(|m| ApiError::field("held_at", m))?;
    let expected = conditional::expected(&request);
    let (client, tag) = mark(&state, access, principal, (number, change), expected).await?;
    let responses = responses(&state, &client).await?;
    let session = responses
        .into_iter()
        .find(|s| s.number == number)
        .ok_or(ApiError::NotFound)?;
    Ok(conditional::tagged(HttpResponse::Ok(), tag, &session))
}

/// Records `change` for session `number` of the authorized client's course, if `expected` (the
/// `If-Match`, if any) holds: the one way to the session log for the API and the client page.
/// Answers the client with its new session log and the log's new tag.
///
/// # Errors
/// 404 for a number the course does not have, 412 when `expected` does not hold; database
/// errors.
pub(crate) async fn mark(
    state: &AppState,
    access: ClientAccess,
    principal: Principal,
    (number, change): (u16, SessionChange),
    expected: Option<Precondition>,
) -> Result<(Client, i64), ApiError> {
    let client = load_client(&state.db, access.client).await?;
    let now = state.clock.now();
    let planner = state.planner.as_ref();
    let expected = expected.as_ref();
    let actor = principal.into();
    Ok(service::mark(&state.db, planner, &client, number, change, now, expected, actor).await?)
}

/// Registers this feature's operations, in the order they are matched.
pub(crate) fn api(cfg: &mut ServiceConfig) {
    cfg
        .service(list_sessions)
        .service(mark_session);
}

/// The tags this feature's operations introduce, with their descriptions.
pub(crate) const TAGS: &[(&str, &str)] = &[
    (
        "treatment",
        "The course of IPT around the sessions: the session log, courses (acute and \
         maintenance), psychoeducation readings, the interpersonal formulation with its goals, \
         and the relapse-prevention plan.",
    ),
];
