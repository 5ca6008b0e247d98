//! `/api/v1/clients`: create, list, read, new invite code.

use super::dto::{
    ClientResponse, CreateClientRequest, InviteResponse, PracticeTarget, TreatmentRequest,
};
use super::service::load_client;
use super::service::{self, NewClient};
use super::{authorize, authorize_therapist, require_therapist};
use crate::audit::{Action, Event, ObjectType};
use crate::auth::Principal;
use crate::error::{ApiError, Problem};
use crate::extract::{Json, Query};
use crate::pagination::{Page, PageParams};
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, put, web};
use entities::ClientId;
use uuid::Uuid;

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
    let therapist = require_therapist(&state.db, principal, ObjectType::Client).await?;
    let new = NewClient::try_from(body.0)?;
    let now = state.clock.now();
    let (client, invite) = service::create_client(
        &state.db,
        &state.planner,
        therapist,
        now,
        new,
        principal.into(),
    )
    .await?;
    Ok(HttpResponse::Created().json(ClientResponse::of(&client, now, Some(invite))))
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
    let therapist = require_therapist(&state.db, principal, ObjectType::Client).await?;
    let after = page.0.after::<Uuid>()?.map(ClientId::from);
    let limit = page.0.limit();
    let rows = service::list_clients(&state.db, therapist, after, limit).await?;
    let now = state.clock.now();
    let reads = rows
        .iter()
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .map(|c| {
            Event::of(
                Action::Read,
                ObjectType::Client,
                Some(c.id().uuid()),
                Some(c.id()),
            )
        });
    state.reads.record(now, principal, reads).await?;
    Ok(web::Json(Page::from_rows(
        rows,
        limit,
        |c| c.id().uuid(),
        |c| ClientResponse::of(&c, now, None),
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
        .audit_read(&state.reads, state.clock.now(), ObjectType::Client)
        .await?;
    let client = load_client(&state.db, access.client).await?;
    Ok(web::Json(ClientResponse::of(
        &client,
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
        (status = 409, description = "The current course is maintenance, which is set when it starts", body = Problem, content_type = "application/problem+json"),
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
    let change = crate::clients::dto::parse_treatment(body.0, "")?;
    let now = state.clock.now();
    let current = crate::clients::load_client(&state.db, access.client).await?;
    let client = service::update_treatment(
        &state.db,
        &state.planner,
        &current,
        now,
        &change,
        principal.into(),
    )
    .await?;
    Ok(web::Json(ClientResponse::of(&client, now, None)))
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
    Ok(web::Json(ClientResponse::of(&row, now, None)))
}

/// The client's weekly practice target.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    responses(
        (status = 200, description = "The target", body = PracticeTarget),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/practice-target")]
pub async fn get_practice_target(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<web::Json<PracticeTarget>, ApiError> {
    let access = authorize(&state.db, principal, ClientId::from(path.into_inner())).await?;
    access
        .audit_read(&state.reads, state.clock.now(), ObjectType::PracticeTarget)
        .await?;
    Ok(web::Json(PracticeTarget {
        weekly_target: access.client.weekly_practice_target,
    }))
}

/// Sets the client's weekly practice target (the therapist).
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    request_body = PracticeTarget,
    responses(
        (status = 200, description = "Stored", body = PracticeTarget),
        (status = 403, description = "Only the therapist sets the target", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/clients/{client_id}/practice-target")]
pub async fn put_practice_target(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<PracticeTarget>,
) -> Result<web::Json<PracticeTarget>, ApiError> {
    let access =
        authorize_therapist(&state.db, principal, ClientId::from(path.into_inner())).await?;
    service::set_practice_target(
        &state.db,
        access.client.id,
        body.0.weekly_target,
        state.clock.now(),
        principal.into(),
    )
    .await?;
    Ok(web::Json(body.0))
}
