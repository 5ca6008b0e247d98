//! `GET /api/v1/readings`, `GET /api/v1/clients/{client_id}/readings` and
//! `POST …/readings/{reading_key}/opened`.

use super::dto::{ReadingOpenedResponse, ReadingResponse, ReadingStatusResponse};
use super::service;
use crate::audit::ObjectType;
use crate::auth::Principal;
use crate::clients::authorize_client;
use crate::error::{ApiError, Problem};
use crate::pagination::Page;
use crate::state::AppState;
use actix_web::{get, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use entities::ClientId;
use uuid::Uuid;

/// List the psychoeducation readings
///
/// The psychoeducation readings the app offers, each with its text, reading time and the phase
/// of treatment it belongs to, paged with `cursor`. Any signed-in account may read
/// them; which ones a client opened is `GET /clients/{client_id}/readings`. The readings on
/// relapse point a client to its relapse-prevention plan only when it has one, and otherwise
/// say how to make one with the therapist; a therapist reads a text that fits either.
#[utoipa::path(
    tag = "treatment",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every reading (one page)", body = Page<ReadingResponse>),
    )
)]
#[get("/readings")]
pub async fn list_readings(
    state: web::Data<AppState>,
    library: web::Data<crate::readings::library::Library>,
    principal: Principal,
) -> Result<web::Json<Page<ReadingResponse>>, ApiError> {
    let lang = crate::clients::request_language(&state.db, principal).await?;
    let plan = crate::relapse_plan::mention(&state.db, principal).await?;
    Ok(web::Json(Page {
        items: library
            .all()
            .iter()
            .map(|r| ReadingResponse::new(r, &lang, plan))
            .collect(),
        next_cursor: None,
    }))
}

/// Readings the client opened
///
/// Every reading with its phase and when the client first opened it (`null`: not yet), paged
/// with `cursor`.
/// The client and its therapist may read it, e.g. to suggest a reading for the current phase.
#[utoipa::path(
    tag = "treatment",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    responses(
        (status = 200, description = "Every reading, with when the client opened it (one page)", body = Page<ReadingStatusResponse>),
    )
)]
#[get("/clients/{client_id}/readings")]
pub async fn list_client_readings(
    state: web::Data<AppState>,
    library: web::Data<crate::readings::library::Library>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<web::Json<Page<ReadingStatusResponse>>, ApiError> {
    let access = state.read(principal, path.into_inner(), ObjectType::ReadingOpens).await?;
    let opened = service::opened(&state.db, access.client.id).await?;
    let lang = crate::clients::request_language(&state.db, principal).await?;
    Ok(web::Json(Page {
        items: library
            .all()
            .iter()
            .map(|r| ReadingStatusResponse {
                key: r.key.clone(),
                title: r.title(&lang),
                phase: r.phase,
                opened_at: opened.get(&r.key).copied(),
            })
            .collect(),
        next_cursor: None,
    }))
}

/// Record that the client opened a reading
///
/// The app reports that the client opened a reading. The first time is kept: a repeat answers
/// 200 with it unchanged. Only the client reports its own readings; an unknown reading answers
/// 404.
#[utoipa::path(
    tag = "treatment",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), ("reading_key" = String, Path, description = "The reading")),
    responses(
        (status = 200, description = "Recorded", body = ReadingOpenedResponse),
        (status = 403, description = "Only the client opens its readings", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client or reading", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/readings/{reading_key}/opened")]
pub async fn open_reading(
    state: web::Data<AppState>,
    library: web::Data<crate::readings::library::Library>,
    principal: Principal,
    path: web::Path<(Uuid, String)>,
) -> Result<web::Json<ReadingOpenedResponse>, ApiError> {
    let (client_id, key) = path.into_inner();
    let access = authorize_client(&state.db, principal, ClientId::from(client_id)).await?;
    let reading = library.find(&key).ok_or(ApiError::NotFound)?;
    let opened_at = service::open(
        &state.db,
        access.client.id,
        &reading.key,
        state.clock.now(),
        principal.into(),
    )
    .await?;
    Ok(web::Json(ReadingOpenedResponse {
        key: reading.key.clone(),
        opened_at,
    }))
}

/// Registers this feature's operations, in the order they are matched.
pub(crate) fn api(cfg: &mut ServiceConfig) {
    cfg
        .service(list_readings)
        .service(list_client_readings)
        .service(open_reading);
}

/// No tag of its own: its operations carry `treatment` (described by `sessions`).
pub(crate) const TAGS: &[(&str, &str)] = &[];
