//! `/api/v1/clients`: create, list, read, new invite code.

use super::dto::{
    ClientResponse, CreateClientRequest, InviteResponse, TreatmentRequest, TreatmentResponse,
};
use super::service::{self, NewClient, client_today, client_treatment};
use super::{authorize, authorize_therapist, require_therapist};
use crate::audit::{Action, Event};
use crate::auth::{IssuedInvite, Principal};
use crate::domain::{DisplayName, LocalTimeOfDay, PlannedSessions, Timezone, Treatment};
use crate::error::{ApiError, Problem};
use crate::extract::{Json, Query};
use crate::pagination::{Page, PageParams};
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, put, web};
use chrono::{DateTime, Utc};
use entities::{ClientId, client};
use uuid::Uuid;

/// A session at ten in the morning unless the therapist says otherwise.
const DEFAULT_SESSION_TIME: LocalTimeOfDay = LocalTimeOfDay::TEN_AM;

/// The response body of a client, with its treatment as it stands today in its zone.
pub fn client_response(
    client: &client::Model,
    now: DateTime<Utc>,
    invite: Option<IssuedInvite>,
) -> ClientResponse {
    let treatment = client_treatment(client);
    let today = client_today(client, now);
    ClientResponse {
        id: client.id.uuid(),
        display_name: client.display_name.clone(),
        timezone: client.timezone.clone(),
        region: client.region.clone(),
        invite: invite.map(|i| InviteResponse {
            code: i.code,
            expires_at: i.expires_at,
        }),
        treatment: TreatmentResponse {
            start_date: treatment.start_date,
            planned_sessions: treatment.planned_sessions.get(),
            end_date: treatment.end_date(),
            phase: treatment.phase(today),
            weeks_remaining: treatment.weeks_remaining(today),
            session_time: client.session_time.clone(),
            problem_areas: treatment.problem_areas,
        },
    }
}

/// The treatment and session time of a request; `prefix` names its place in the body.
fn parse_treatment(
    body: TreatmentRequest,
    prefix: &str,
) -> Result<(Treatment, LocalTimeOfDay), ApiError> {
    let treatment = Treatment {
        start_date: body.start_date,
        planned_sessions: PlannedSessions::parse(body.planned_sessions)
            .map_err(|m| ApiError::field(format!("{prefix}planned_sessions"), m))?,
        problem_areas: body.problem_areas,
    };
    let session_time = match body.session_time.as_deref() {
        Some(raw) => LocalTimeOfDay::parse(raw)
            .map_err(|m| ApiError::field(format!("{prefix}session_time"), m))?,
        None => DEFAULT_SESSION_TIME,
    };
    Ok((treatment, session_time))
}

fn parse_new_client(body: CreateClientRequest) -> Result<NewClient, ApiError> {
    let field = |path: &'static str| move |m: &'static str| ApiError::field(path, m);
    let (treatment, session_time) = parse_treatment(body.treatment, "treatment.")?;
    Ok(NewClient {
        display_name: DisplayName::parse(&body.display_name).map_err(field("display_name"))?,
        timezone: Timezone::parse(&body.timezone).map_err(field("timezone"))?,
        treatment,
        session_time,
        region: body.region,
    })
}

/// Creates a client of the signed-in therapist, with a first invite code for their phone.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    request_body = CreateClientRequest,
    responses(
        (status = 201, description = "Client created; `invite` holds the code for the phone", body = ClientResponse),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only therapists create clients", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (e.g. unknown time zone)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients")]
pub async fn create_client(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<CreateClientRequest>,
) -> Result<HttpResponse, ApiError> {
    let therapist = require_therapist(&state.db, principal, "client").await?;
    let new = parse_new_client(body.0)?;
    let now = state.clock.now();
    let (client, invite) =
        service::create_client(&state.db, therapist, now, new, principal.into()).await?;
    tracing::info!(client_id = %client.id, "client created");
    state.replan(client.id).await;
    Ok(HttpResponse::Created().json(client_response(&client, now, Some(invite))))
}

/// The signed-in therapist's clients, oldest first.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(PageParams),
    responses(
        (status = 200, description = "One page of clients", body = Page<ClientResponse>),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only therapists list clients", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad `limit` or `cursor`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients")]
pub async fn list_clients(
    state: web::Data<AppState>,
    principal: Principal,
    page: Query<PageParams>,
) -> Result<web::Json<Page<ClientResponse>>, ApiError> {
    let therapist = require_therapist(&state.db, principal, "client").await?;
    let after = page.0.after::<Uuid>()?.map(ClientId::from);
    let limit = page.0.limit();
    let rows = service::list_clients(&state.db, therapist, after, limit).await?;
    let now = state.clock.now();
    let reads = rows
        .iter()
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .map(|c| Event::of(Action::Read, "client", Some(c.id.uuid()), Some(c.id)));
    state.reads.record(now, principal, reads).await?;
    Ok(web::Json(Page::from_rows(
        rows,
        limit,
        |c| c.id.uuid(),
        |c| client_response(&c, now, None),
    )))
}

/// One client: for its therapist, or for the client itself.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    responses(
        (status = 200, description = "The client", body = ClientResponse),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}")]
pub async fn get_client(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<web::Json<ClientResponse>, ApiError> {
    let access = authorize(&state.db, principal, ClientId::from(path.into_inner())).await?;
    access
        .audit_read(&state.reads, state.clock.now(), "client")
        .await?;
    Ok(web::Json(client_response(
        &access.client,
        state.clock.now(),
        None,
    )))
}

/// A new invite code for the client's phone; earlier codes stop working.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    responses(
        (status = 201, description = "The new code", body = InviteResponse),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only the therapist issues codes", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/invite")]
pub async fn create_invite(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let access =
        authorize_therapist(&state.db, principal, ClientId::from(path.into_inner())).await?;
    let invite = service::new_invite(
        &state.db,
        access.client.id,
        state.clock.now(),
        principal.into(),
    )
    .await?;
    tracing::info!(client_id = %access.client.id, "invite code issued");
    Ok(HttpResponse::Created().json(InviteResponse {
        code: invite.code,
        expires_at: invite.expires_at,
    }))
}

/// Changes the client's course of treatment (the therapist); reminders are replanned.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    request_body = TreatmentRequest,
    responses(
        (status = 200, description = "The client with its new treatment", body = ClientResponse),
        (status = 403, description = "Only the therapist changes the treatment", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/clients/{client_id}/treatment")]
pub async fn update_treatment(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<TreatmentRequest>,
) -> Result<web::Json<ClientResponse>, ApiError> {
    let access =
        authorize_therapist(&state.db, principal, ClientId::from(path.into_inner())).await?;
    let (treatment, session_time) = parse_treatment(body.0, "")?;
    let now = state.clock.now();
    let client = service::update_treatment(
        &state.db,
        access.client.id,
        now,
        &treatment,
        session_time,
        principal.into(),
    )
    .await?;
    state.replan(client.id).await;
    Ok(web::Json(client_response(&client, now, None)))
}

/// Sets the client's region (ISO 3166-1 alpha-2), which chooses the crisis resources it is
/// shown; the therapist or the client's phone.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    request_body = super::dto::RegionRequest,
    responses(
        (status = 200, description = "The client", body = ClientResponse),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a region code", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/clients/{client_id}/region")]
pub async fn put_region(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<super::dto::RegionRequest>,
) -> Result<web::Json<ClientResponse>, ApiError> {
    let access = authorize(&state.db, principal, ClientId::from(path.into_inner())).await?;
    let now = state.clock.now();
    let row = service::set_region(
        &state.db,
        access.client.id,
        body.0.region,
        now,
        principal.into(),
    )
    .await?;
    Ok(web::Json(client_response(&row, now, None)))
}
