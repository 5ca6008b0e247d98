//! `/api/v1/clients/{client_id}/relationships`.

use super::dto::{RelationshipRequest, RelationshipResponse};
use super::service;
use crate::audit::ObjectType;
use crate::auth::Principal;
use crate::clients::authorize;
use crate::conditional;
use crate::error::{ApiError, Problem};
use crate::extract::{Json, Query};
use crate::pagination::{Page, PageParams};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use utoipa_actix_web::service_config::ServiceConfig;
use entities::{ClientId, RelationshipId};
use uuid::Uuid;

/// Add a person to the inventory
///
/// Adds a person to the client's interpersonal inventory: how the client refers to them, their
/// role, the circle of closeness (1–3), support and conflict ratings (0–10) and notes. The
/// client and its therapist may add people. Idempotent by `id`: the same id and fields again
/// answer 200 with the stored person, other fields under the same id 409. The answer's `ETag`
/// is what later edits check as `If-Match`.
#[utoipa::path(
    tag = "relationships",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    request_body = RelationshipRequest,
    responses(
        (status = 201, description = "Added", body = RelationshipResponse,
            headers(("ETag" = String, description = "The person's entity tag; send it back as `If-Match` to change or delete them"))),
        (status = 200, description = "Added before with the same id and fields", body = RelationshipResponse,
            headers(("ETag" = String, description = "The person's current entity tag"))),
        (status = 409, description = "The id holds a different person", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/relationships")]
pub async fn create_relationship(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<RelationshipRequest>,
) -> Result<HttpResponse, ApiError> {
    let access = authorize(&state.db, principal, ClientId::from(path.into_inner())).await?;
    let id = body
        .0
        .id
        .map_or_else(RelationshipId::new, RelationshipId::from);
    let written = service::create(
        &state.db,
        access.client.id,
        state.clock.now(),
        id,
        body.0.fields(),
        principal.into(),
    )
    .await?;
    let (status, row) = written.into_parts();
    Ok(conditional::tagged(
        status,
        service::tag(&row),
        &RelationshipResponse::from(&row),
    ))
}

/// List the client's inventory
///
/// The people of the client's interpersonal inventory, paged with `cursor`; deleted people are
/// left out (the sync feed carries their tombstones). The client and its therapist may read
/// it.
#[utoipa::path(
    tag = "relationships",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), PageParams),
    responses(
        (status = 200, description = "One page", body = Page<RelationshipResponse>),
    )
)]
#[get("/clients/{client_id}/relationships")]
pub async fn list_relationships(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    page: Query<PageParams>,
) -> Result<web::Json<Page<RelationshipResponse>>, ApiError> {
    let access = state.read(principal, path.into_inner(), ObjectType::Relationships).await?;
    let after = page.0.after::<Uuid>()?.map(RelationshipId::from);
    let limit = page.0.limit();
    let rows = service::list(&state.db, access.client.id, after, limit).await?;
    Ok(web::Json(Page::from_rows(
        rows,
        limit,
        |r| r.id.uuid(),
        |r| RelationshipResponse::from(&r),
    )))
}

/// Change a person of the inventory
///
/// Replaces a person's fields: an optional field left out is cleared, ratings included (an
/// `id` in the body is ignored). The client and its therapist may change it. With `If-Match`,
/// only if nobody changed the person since it was read (412 otherwise); fields equal to the
/// stored ones are already in effect and answer 200 whatever the tag.
#[utoipa::path(
    tag = "relationships",
    security(("bearer" = [])),
    params(
        ("client_id" = Uuid, Path, description = "The client"),
        ("relationship_id" = Uuid, Path, description = "The person"),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the person this write replaces (`*`: any). A stale one answers 412; without it the write goes through."),
    ),
    request_body = RelationshipRequest,
    responses(
        (status = 200, description = "Updated", body = RelationshipResponse,
            headers(("ETag" = String, description = "The person's new entity tag"))),
        (status = 404, description = "No such person, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` does not name the person's current entity tag: someone changed them since; read them again", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/clients/{client_id}/relationships/{relationship_id}")]
pub async fn update_relationship(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(Uuid, Uuid)>,
    request: HttpRequest,
    body: Json<RelationshipRequest>,
) -> Result<HttpResponse, ApiError> {
    let (client_id, relationship_id) = path.into_inner();
    let access = authorize(&state.db, principal, ClientId::from(client_id)).await?;
    let row = service::update(
        &state.db,
        access.client.id,
        state.clock.now(),
        RelationshipId::from(relationship_id),
        body.0.fields(),
        conditional::expected(&request).as_ref(),
        principal.into(),
    )
    .await?;
    Ok(conditional::tagged(
        HttpResponse::Ok(),
        service::tag(&row),
        &RelationshipResponse::from(&row),
    ))
}

/// Remove a person from the inventory
///
/// Removes a person from the client's inventory; check-ins that named them keep their data.
/// Deleting again answers 204. With `If-Match`, only if nobody changed the person since it was
/// read (412 otherwise).
#[utoipa::path(
    tag = "relationships",
    security(("bearer" = [])),
    params(
        ("client_id" = Uuid, Path, description = "The client"),
        ("relationship_id" = Uuid, Path, description = "The person"),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the person this deletes (`*`: any). A stale one answers 412; without it the deletion goes through."),
    ),
    responses(
        (status = 204, description = "Deleted (also when it was already, whatever the `If-Match`)"),
        (status = 404, description = "No such person, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` does not name the person's current entity tag: someone changed them since; read them again", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/clients/{client_id}/relationships/{relationship_id}")]
pub async fn delete_relationship(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(Uuid, Uuid)>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let (client_id, relationship_id) = path.into_inner();
    let access = authorize(&state.db, principal, ClientId::from(client_id)).await?;
    service::delete(
        &state.db,
        access.client.id,
        state.clock.now(),
        RelationshipId::from(relationship_id),
        conditional::expected(&request).as_ref(),
        principal.into(),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Registers this feature's operations, in the order they are matched.
pub(crate) fn api(cfg: &mut ServiceConfig) {
    cfg
        .service(create_relationship)
        .service(list_relationships)
        .service(update_relationship)
        .service(delete_relationship);
}

/// The tags this feature's operations introduce, with their descriptions.
pub(crate) const TAGS: &[(&str, &str)] = &[
    (
        "relationships",
        "The interpersonal inventory: the people in the client's life, how close they are, and \
         how much support and conflict there is.",
    ),
];
