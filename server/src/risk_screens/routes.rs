//! `/api/v1/clients/{client_id}/risk-screens`.

use super::dto::{CreateRiskScreenRequest, RiskScreenResponse};
use super::model::{NewRiskScreen, StoredScreen};
use super::service;
use crate::audit::ObjectType;
use crate::auth::Principal;
use crate::clients::authorize_client;
use crate::error::{ApiError, Problem};
use crate::extract::{Query, RawJson};
use crate::pagination::{Page, PageParams};
use crate::safety::SafetyNet;
use crate::safety::service::Notice;
use crate::safety_plan::service::crisis_after_signal;
use crate::state::AppState;
use crate::write::Written;
use actix_web::{HttpResponse, get, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use chrono::{DateTime, Utc};
use entities::ClientId;
use entities::risk_screen::RiskScreenId;
use uuid::Uuid;

/// Record a follow-up risk screen
///
/// After a check-in that carried `follow_up: {instrument: "asq"}`, the app asks the ASQ (its
/// validated wording is the app's) and sends the answers: four yes/no questions and, after any
/// yes, a fifth (thoughts right now). The server scores them: `negative`, `non_acute_positive`
/// (opens a safety alert for the therapist) or `acute_positive` (an urgent alert: the therapist
/// and on-call are told at once, and the answer carries crisis resources with the emergency
/// number first). Only the client writes its screens. Idempotent by `id`: the same body answers
/// 200, another body 409. A refused screen whose answers are positive still opens its alert.
#[utoipa::path(
    tag = "safety",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    request_body = CreateRiskScreenRequest,
    responses(
        (status = 201, description = "Stored and scored", body = RiskScreenResponse),
        (status = 200, description = "The same id and body were stored before; nothing duplicated", body = RiskScreenResponse),
        (status = 403, description = "Only the client writes its screens", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The id holds a different screen (with `crisis_resources` when the answers are positive)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields: question 5 missing after a yes or answered after four noes, another client's check-in, a time out of range, an unknown field (with `crisis_resources` when the answers are positive)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/risk-screens")]
pub async fn create_risk_screen(
    state: web::Data<AppState>,
    net: web::Data<SafetyNet>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: RawJson,
) -> Result<HttpResponse, ApiError> {
    let client = ClientId::from(path.into_inner());
    authorize_client(&state.db, principal, client).await?;
    let now = state.clock.now();
    let written = match write(&state, &net, principal, client, &body, now).await {
        Ok(written) => written,
        Err(refused @ (ApiError::Validation(_) | ApiError::Conflict(_))) => {
            return refused_with_signal(&state, &net, principal, client, &body, refused, now).await;
        }
        Err(e) => return Err(e),
    };
    let (status, stored) = match written {
        Written::Created(stored) => (actix_web::http::StatusCode::CREATED, stored),
        Written::Replayed(stored) => (actix_web::http::StatusCode::OK, stored),
    };
    let crisis = match stored.alert {
        Some(alert) => {
            let lang = crate::clients::request_language(&state.db, principal).await?;
            Some(crisis_after_signal(&state.db, &net.crisis, client, alert.notice, &lang).await?)
        }
        None => None,
    };
    Ok(HttpResponse::build(status).json(RiskScreenResponse::new(&stored.row, crisis)))
}

async fn write(
    state: &AppState,
    net: &SafetyNet,
    principal: Principal,
    client: ClientId,
    body: &RawJson,
    now: DateTime<Utc>,
) -> Result<Written<StoredScreen>, ApiError> {
    let new: NewRiskScreen = body.parse::<CreateRiskScreenRequest>()?.parse(now)?;
    let _turn = state.gate.enter().await;
    Ok(service::create(&state.db, net.channels, client, now, new, principal.into()).await?)
}

/// A refused screen: still an alert and crisis resources when its answers are positive.
async fn refused_with_signal(
    state: &AppState,
    net: &SafetyNet,
    principal: Principal,
    client: ClientId,
    body: &RawJson,
    refused: ApiError,
    now: DateTime<Utc>,
) -> Result<HttpResponse, ApiError> {
    let Some(signal) = service::refused_signal(&body.0) else {
        return Err(refused);
    };
    let Some(alert) =
        service::open_refused_alert(&state.db, &state.gate, net.channels, client, &signal, now)
            .await?
    else {
        return Err(refused);
    };
    let notice: Notice = alert.notice;
    crate::safety_plan::routes::refused_with_crisis(state, net, principal, client, notice, refused)
        .await
}

/// List the client's risk screens
///
/// The client's ASQ screens with their outcomes, newest first, paged with `cursor`. The client
/// reads its own, its therapist those of its clients (the read is recorded in the client's
/// access log).
#[utoipa::path(
    tag = "safety",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), PageParams),
    responses(
        (status = 200, description = "One page", body = Page<RiskScreenResponse>),
        (status = 422, description = "Bad paging parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/risk-screens")]
pub async fn list_risk_screens(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    page: Query<PageParams>,
) -> Result<web::Json<Page<RiskScreenResponse>>, ApiError> {
    let access = state.read(principal, path.into_inner(), ObjectType::RiskScreens).await?;
    let after = page
        .0
        .after::<(DateTime<Utc>, Uuid)>()?
        .map(|(at, id)| (at, RiskScreenId::from(id)));
    let limit = page.0.limit();
    let rows = service::list(&state.db, access.client.id, after, limit).await?;
    Ok(web::Json(Page::from_rows(
        rows,
        limit,
        |r| (r.recorded_at, r.id.uuid()),
        |r| RiskScreenResponse::new(&r, None),
    )))
}

/// Registers this feature's operations, in the order they are matched.
pub(crate) fn api(cfg: &mut ServiceConfig) {
    cfg
        .service(create_risk_screen)
        .service(list_risk_screens);
}

/// No tag of its own: its operations carry `safety` (described by `safety`).
pub(crate) const TAGS: &[(&str, &str)] = &[];
