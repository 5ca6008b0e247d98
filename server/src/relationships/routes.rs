//! `/api/v1/clients/{client_id}/relationships`.

use super::dto::{RelationshipRequest, RelationshipResponse};
use super::service;
use crate::audit::ObjectType;
use crate::auth::Principal;
use crate::clients::authorize;
use crate::error::{ApiError, Problem};
use crate::extract::{Json, Query};
use crate::pagination::{Page, PageParams};
use crate::state::AppState;
use actix_web::{HttpResponse, delete, get, post, put, web};
use entities::{ClientId, RelationshipId};
use uuid::Uuid;

/// Adds a person to the client's interpersonal inventory. Idempotent by `id`.
#[utoipa::path(
    tag = "relationships",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    request_body = RelationshipRequest,
    responses(
        (status = 201, description = "Added", body = RelationshipResponse),
        (status = 200, description = "Added before with the same id and fields", body = RelationshipResponse),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
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
    let written = service::create_relationship(
        &state.db,
        access.client.id,
        state.clock.now(),
        id,
        body.0.fields(),
        principal.into(),
    )
    .await?;
    Ok(written.respond(|row| RelationshipResponse::from(&row)))
}

/// The client's interpersonal inventory (deleted people are left out).
#[utoipa::path(
    tag = "relationships",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), PageParams),
    responses(
        (status = 200, description = "One page", body = Page<RelationshipResponse>),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/relationships")]
pub async fn list_relationships(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    page: Query<PageParams>,
) -> Result<web::Json<Page<RelationshipResponse>>, ApiError> {
    let access = authorize(&state.db, principal, ClientId::from(path.into_inner())).await?;
    access
        .audit_read(&state.reads, state.clock.now(), ObjectType::Relationships)
        .await?;
    let after = page.0.after::<Uuid>()?.map(RelationshipId::from);
    let limit = page.0.limit();
    let rows = service::list_relationships(&state.db, access.client.id, after, limit).await?;
    Ok(web::Json(Page::from_rows(
        rows,
        limit,
        |r| r.id.uuid(),
        |r| RelationshipResponse::from(&r),
    )))
}

/// Replaces a person's fields: an optional field left out is cleared, ratings included (`id`
/// in the body, if any, is ignored).
#[utoipa::path(
    tag = "relationships",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), ("relationship_id" = Uuid, Path, description = "The person")),
    request_body = RelationshipRequest,
    responses(
        (status = 200, description = "Updated", body = RelationshipResponse),
        (status = 404, description = "No such person, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/clients/{client_id}/relationships/{relationship_id}")]
pub async fn update_relationship(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(Uuid, Uuid)>,
    body: Json<RelationshipRequest>,
) -> Result<web::Json<RelationshipResponse>, ApiError> {
    let (client_id, relationship_id) = path.into_inner();
    let access = authorize(&state.db, principal, ClientId::from(client_id)).await?;
    let row = service::update_relationship(
        &state.db,
        access.client.id,
        state.clock.now(),
        RelationshipId::from(relationship_id),
        body.0.fields(),
        principal.into(),
    )
    .await?;
    Ok(web::Json(RelationshipResponse::from(&row)))
}

/// Removes a person from the inventory. Check-ins that named them keep their data.
#[utoipa::path(
    tag = "relationships",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), ("relationship_id" = Uuid, Path, description = "The person")),
    responses(
        (status = 204, description = "Deleted (also when it was already)"),
        (status = 404, description = "No such person, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/clients/{client_id}/relationships/{relationship_id}")]
pub async fn delete_relationship(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (client_id, relationship_id) = path.into_inner();
    let access = authorize(&state.db, principal, ClientId::from(client_id)).await?;
    service::delete_relationship(
        &state.db,
        access.client.id,
        state.clock.now(),
        RelationshipId::from(relationship_id),
        principal.into(),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
