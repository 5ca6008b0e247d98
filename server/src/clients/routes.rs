//! `/api/v1/clients`: create, list, read, new invite code.

use super::dto::{
    ClientResponse, CreateClientRequest, InitialPhaseRequest, InviteResponse, PracticeTarget,
    TreatmentRequest,
};
use super::model::{InitialPhaseFacts, NewClient};
use super::service;
use super::{authorize, authorize_therapist, require_therapist};
use crate::aggregate::{Client, load_client};
use crate::audit::{Action, Event, ObjectType};
use crate::auth::Principal;
use crate::conditional;
use crate::error::{ApiError, Problem};
use crate::extract::{Json, Query};
use crate::pagination::{Page, PageParams};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use utoipa_actix_web::service_config::ServiceConfig;
use entities::ClientId;
use uuid::Uuid;

/// Create a client
///
/// Creates a client of the signed-in therapist with its course of treatment, and answers with a
/// first invite code (`invite`) for the client's phone to sign in with
/// (`POST /auth/invite`). The treatment's dates follow the client's time zone; reminders are
/// planned from it at once. Only therapists create clients (a client answers 403).
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    request_body = CreateClientRequest,
    responses(
        (status = 201, description = "Client created; `invite` holds the code for the phone", body = ClientResponse),
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
    let (client, invite) = service::create(
        &state.db,
        state.planner.as_ref(),
        therapist,
        now,
        new,
        principal.into(),
    )
    .await?;
    // A new client has no inventory or formulation yet.
    let facts = InitialPhaseFacts::default();
    Ok(HttpResponse::Created().json(ClientResponse::of(&client, now, Some(invite), facts)))
}

/// List the therapist's clients
///
/// The signed-in therapist's clients, oldest first, paged with `cursor`, each with its course
/// of treatment as of today (phase, weeks remaining). Invite codes are not listed: create a new
/// one with `POST /clients/{client_id}/invite`. A client answers 403.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(PageParams),
    responses(
        (status = 200, description = "One page of clients", body = Page<ClientResponse>),
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
    let rows = service::list(&state.db, therapist, after, limit).await?;
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
    let ids: Vec<ClientId> = rows.iter().map(Client::id).collect();
    let facts = service::initial_phase_facts(&state.db, &ids).await?;
    Ok(web::Json(Page::from_rows(
        rows,
        limit,
        |c| c.id().uuid(),
        |c| {
            let of_client = facts.get(&c.id()).copied().unwrap_or_default();
            ClientResponse::of(&c, now, None, of_client)
        },
    )))
}

/// Read a client
///
/// One client with its course of treatment as of today, for its therapist or for the client
/// itself. The answer's `ETag` is what `PUT /clients/{client_id}/treatment` checks as
/// `If-Match`. Another therapist's client answers 404.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    responses(
        (status = 200, description = "The client", body = ClientResponse,
            headers(("ETag" = String, description = "The client's entity tag (it changes with what was written, not with the date): send it back as `If-Match` to change the treatment"))),
    )
)]
#[get("/clients/{client_id}")]
pub async fn get_client(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let access = state.read(principal, path.into_inner(), ObjectType::Client).await?;
    let client = load_client(&state.db, access.client).await?;
    let facts = service::initial_phase_of(&state.db, client.id()).await?;
    Ok(conditional::tagged(
        HttpResponse::Ok(),
        service::tag(&client)?,
        &ClientResponse::of(&client, state.clock.now(), None, facts),
    ))
}

/// Issue a new invite code
///
/// A new invite code for the client's phone, valid for 7 days; codes issued earlier stop
/// working (`/problems/invite-replaced`): for a new or lost phone, or an expired code. Only the
/// client's therapist issues codes.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    responses(
        (status = 201, description = "The new code", body = InviteResponse),
        (status = 403, description = "Only the therapist issues codes", body = Problem, content_type = "application/problem+json"),
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

/// Change the client's treatment
///
/// Changes the client's course of treatment: start date, planned sessions (8–24), session time,
/// problem areas, the PHQ-9 baseline and whether the questionnaire asks for the GAD-7. Only the
/// therapist changes it; the client's reminders are replanned at once. With `If-Match` (the
/// client's `ETag`), only if the client did not change since it was read (412 otherwise).
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
    let current = crate::aggregate::load_client(&state.db, access.client).await?;
    let (client, tag) = service::update_treatment(
        &state.db,
        state.planner.as_ref(),
        &current,
        now,
        &change,
        conditional::expected(&request).as_ref(),
        principal.into(),
    )
    .await?;
    let facts = service::initial_phase_of(&state.db, client.id()).await?;
    Ok(conditional::tagged(
        HttpResponse::Ok(),
        tag,
        &ClientResponse::of(&client, now, None, facts),
    ))
}

/// Set the client's region
///
/// Sets the client's region (ISO 3166-1 alpha-2, e.g. `DE`), which chooses the crisis resources
/// the client is shown, or clears it with `null` (the international resources). The therapist
/// or the client's phone may set it, e.g. when the client moves or travels.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    request_body = super::dto::RegionRequest,
    responses(
        (status = 200, description = "The client", body = ClientResponse,
            headers(("ETag" = String, description = "The client's new entity tag"))),
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
    let facts = service::initial_phase_of(&state.db, row.id()).await?;
    Ok(conditional::tagged(
        HttpResponse::Ok(),
        tag,
        &ClientResponse::of(&row, now, None, facts),
    ))
}

/// Mark the initial phase
///
/// The therapist records whether the sick role was discussed with the client, the one item of
/// the initial phase's checklist (`treatment.initial_phase`) that is a mark; the others follow
/// from the inventory, the formulation and the problem areas. It belongs to the current
/// course. From session 4 on, a missing item is an attention reason on the dashboard. Only the
/// therapist marks it.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    request_body = InitialPhaseRequest,
    responses(
        (status = 200, description = "The client", body = ClientResponse),
        (status = 403, description = "Only the therapist marks it", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/clients/{client_id}/initial-phase")]
pub async fn put_initial_phase(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<InitialPhaseRequest>,
) -> Result<web::Json<ClientResponse>, ApiError> {
    let access =
        authorize_therapist(&state.db, principal, ClientId::from(path.into_inner())).await?;
    let now = state.clock.now();
    let client = load_client(&state.db, access.client).await?;
    service::mark_sick_role(
        &state.db,
        &client,
        body.0.sick_role_discussed,
        now,
        principal.into(),
    )
    .await?;
    let client = service::reload_client(&state.db, client.id()).await?;
    let facts = service::initial_phase_of(&state.db, client.id()).await?;
    Ok(web::Json(ClientResponse::of(&client, now, None, facts)))
}

/// Read the weekly practice target
///
/// How many exercise practices a week the client is asked for, as the dashboard's adherence
/// measures it. The answer's `ETag` is what `PUT …/practice-target` checks as `If-Match`. The
/// client and its therapist may read it.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    responses(
        (status = 200, description = "The target", body = PracticeTarget,
            headers(("ETag" = String, description = "The target's entity tag; send it back as `If-Match` to change it"))),
    )
)]
#[get("/clients/{client_id}/practice-target")]
pub async fn get_practice_target(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let access = state.read(principal, path.into_inner(), ObjectType::PracticeTarget).await?;
    let weekly_target = access.client.weekly_practice_target;
    Ok(conditional::tagged(
        HttpResponse::Ok(),
        service::practice_target_tag(weekly_target)?,
        &PracticeTarget { weekly_target },
    ))
}

/// Set the weekly practice target
///
/// Sets how many exercise practices a week the client is asked for. Only the therapist sets it.
/// With `If-Match`, only if nobody changed it since it was read (412 otherwise).
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
        conditional::expected(&request).as_ref(),
        principal.into(),
    )
    .await?;
    Ok(conditional::tagged(HttpResponse::Ok(), tag, &body.0))
}

/// Registers this feature's operations, in the order they are matched.
pub(crate) fn api(cfg: &mut ServiceConfig) {
    cfg
        .service(create_client)
        .service(list_clients)
        .service(get_client)
        .service(create_invite)
        .service(update_treatment)
        .service(put_region)
        .service(put_initial_phase)
        .service(get_practice_target)
        .service(put_practice_target);
}

/// The tags this feature's operations introduce, with their descriptions.
pub(crate) const TAGS: &[(&str, &str)] = &[
    (
        "clients",
        "A therapist's clients: creating one (with the invite code for its phone), reading it, \
         a new invite code, and the parts of its record the therapist sets: the course of \
         treatment and its initial phase, the region of its crisis resources, the weekly \
         practice target.",
    ),
];
