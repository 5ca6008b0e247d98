//! `/api/v1/clients`: create, list, read, new invite code.

use super::dto::{
    ClientResponse, CreateClientRequest, InviteResponse, PracticeTarget, TreatmentRequest,
};
use super::service::load_client;
use super::service::{self, NewClient};
use super::{authorize, authorize_therapist, require_therapist};
use crate::audit::{Action, Event, ObjectType};
use crate::auth::Principal;
use crate::documents::http;
use crate::error::{ApiError, Problem};
use crate::extract::{Json, Query};
use crate::pagination::{Page, PageParams};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
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

/// One client: for its therapist, or for the client itself. Its `ETag` is what
/// `PUT …/treatment` checks as `If-Match`.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    responses(
        (status = 200, description = "The client", body = ClientResponse,
            headers(("ETag" = String, description = "The client's entity tag (it changes with what was written, not with the date): send it back as `If-Match` to change the treatment"))),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}")]
pub async fn get_client(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let access = authorize(&state.db, principal, ClientId::from(path.into_inner())).await?;
    access
        .audit_read(&state.reads, state.clock.now(), ObjectType::Client)
        .await?;
    let client = load_client(&state.db, access.client).await?;
    Ok(http::tagged(
        HttpResponse::Ok(),
        service::tag(&client)?,
        &ClientResponse::of(&client, state.clock.now(), None),
    ))
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

/// Changes the client's course of treatment (the therapist); reminders are replanned. With
/// `If-Match`, only if the client did not change since it was read.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(
        ("client_id" = Uuid, Path, description = "The client"),
        ("If-Match" = Option<String>, Header, description = "The client's `ETag` (`GET /clients/{client_id}`) this write builds on (`*`: any). A stale one answers 412; without it the write goes through."),
    ),
    request_body = TreatmentRequest,
    responses(
        (status = 200, description = "The client with its new treatment", body = ClientResponse,
            headers(("ETag" = String, description = "The client's new entity tag"))),
        (status = 403, description = "Only the therapist changes the treatment", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The current course is maintenance, which is set when it starts", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` does not name the client's current entity tag: the client or its treatment changed since; read it again", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/clients/{client_id}/treatment")]
pub async fn update_treatment(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    request: HttpRequest,
    body: Json<TreatmentRequest>,
) -> Result<HttpResponse, ApiError> {
    let access =
        authorize_therapist(&state.db, principal, ClientId::from(path.into_inner())).await?;
    let change = crate::clients::dto::parse_treatment(body.0, "")?;
    let now = state.clock.now();
    let current = crate::clients::load_client(&state.db, access.client).await?;
    let (client, tag) = service::update_treatment(
        &state.db,
        &state.planner,
        &current,
        now,
        &change,
        http::expected(&request).as_ref(),
        principal.into(),
    )
    .await?;
    Ok(http::tagged(
        HttpResponse::Ok(),
        tag,
        &ClientResponse::of(&client, now, None),
    ))
}

/// Sets the client's region (ISO 3166-1 alpha-2), which chooses the crisis resources it is
/// shown; the therapist or the client's phone.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    request_body = super::dto::RegionRequest,
    responses(
        (status = 200, description = "The client", body = ClientResponse,
            headers(("ETag" = String, description = "The client's new entity tag"))),
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
) -> Result<HttpResponse, ApiError> {
    let access = authorize(&state.db, principal, ClientId::from(path.into_inner())).await?;
    let now = state.clock.now();
    let (row, tag) = service::set_region(
        &state.db,
        access.client.id,
        body.0.region,
        now,
        principal.into(),
    )
    .await?;
    Ok(http::tagged(
        HttpResponse::Ok(),
        tag,
        &ClientResponse::of(&row, now, None),
    ))
}

/// The client's weekly practice target.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    responses(
        (status = 200, description = "The target", body = PracticeTarget,
            headers(("ETag" = String, description = "The target's entity tag; send it back as `If-Match` to change it"))),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/practice-target")]
pub async fn get_practice_target(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let access = authorize(&state.db, principal, ClientId::from(path.into_inner())).await?;
    access
        .audit_read(&state.reads, state.clock.now(), ObjectType::PracticeTarget)
        .await?;
    let weekly_target = access.client.weekly_practice_target;
    Ok(http::tagged(
        HttpResponse::Ok(),
        service::practice_target_tag(weekly_target)?,
        &PracticeTarget { weekly_target },
    ))
}

/// Sets the client's weekly practice target (the therapist); with `If-Match`, only if nobody
/// changed it since.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(
        ("client_id" = Uuid, Path, description = "The client"),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the target this write replaces (`*`: any). A stale one answers 412; without it the write goes through."),
    ),
    request_body = PracticeTarget,
    responses(
        (status = 200, description = "Stored", body = PracticeTarget,
            headers(("ETag" = String, description = "The target's new entity tag"))),
        (status = 403, description = "Only the therapist sets the target", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` does not name the current target's entity tag: it changed since; read it again", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/clients/{client_id}/practice-target")]
pub async fn put_practice_target(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    request: HttpRequest,
    body: Json<PracticeTarget>,
) -> Result<HttpResponse, ApiError> {
    let access =
        authorize_therapist(&state.db, principal, ClientId::from(path.into_inner())).await?;
    let tag = service::set_practice_target(
        &state.db,
        access.client.id,
        body.0.weekly_target,
        state.clock.now(),
        http::expected(&request).as_ref(),
        principal.into(),
    )
    .await?;
    Ok(http::tagged(HttpResponse::Ok(), tag, &body.0))
}
