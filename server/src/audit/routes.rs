//! `GET /api/v1/clients/{client_id}/audit` (the therapist: the whole trail) and
//! `GET /api/v1/clients/{client_id}/access-log` (the client: who read its data).

use crate::auth::Principal;
use crate::clients::{authorize, authorize_therapist};
use crate::error::{ApiError, Problem};
use crate::extract::Query;
use crate::pagination::{Page, PageParams};
use crate::state::AppState;
use actix_web::{get, web};
use chrono::{DateTime, Utc};
use entities::{ClientId, audit_entry};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryResponse {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    /// `therapist`, `client` or `anonymous`.
    pub actor_role: String,
    pub action: String,
    pub object_type: String,
    pub object_id: Option<Uuid>,
    /// `success`, `denied` or `failure`.
    pub outcome: String,
    /// Where the request came from.
    pub source: Option<String>,
}

impl From<&audit_entry::Model> for AuditEntryResponse {
    fn from(row: &audit_entry::Model) -> Self {
        Self {
            id: row.id,
            at: row.at,
            actor_id: row.actor_id,
            actor_role: sea_orm::ActiveEnum::to_value(&row.actor_role),
            action: row.action.clone(),
            object_type: row.object_type.clone(),
            object_id: row.object_id,
            outcome: row.outcome.clone(),
            source: row.source.clone(),
        }
    }
}

async fn entries<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    only_reads_by_others: bool,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<audit_entry::Model>, ApiError> {
    let mut query =
        audit_entry::Entity::find().filter(audit_entry::Column::ClientId.eq(client.uuid()));
    if only_reads_by_others {
        query = query
            .filter(audit_entry::Column::ActorRole.ne(entities::audit_entry::ActorRole::Client))
            .filter(audit_entry::Column::Action.is_in(["read", "export"]));
    }
    if let Some(after) = after {
        query = query.filter(audit_entry::Column::Id.lt(after));
    }
    Ok(query
        .order_by_desc(audit_entry::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?)
}

/// The audit trail of one of the therapist's clients, newest first.
#[utoipa::path(
    tag = "audit",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), PageParams),
    responses(
        (status = 200, description = "One page of the trail", body = Page<AuditEntryResponse>),
        (status = 403, description = "Only the therapist reads the whole trail", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/audit")]
pub async fn get_audit(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    page: Query<PageParams>,
) -> Result<web::Json<Page<AuditEntryResponse>>, ApiError> {
    let access =
        authorize_therapist(&state.db, principal, ClientId::from(path.into_inner())).await?;
    access
        .audit_read(&state.reads, state.clock.now(), "audit")
        .await?;
    let limit = page.0.limit();
    let rows = entries(
        &state.db,
        access.client.id,
        false,
        page.0.after::<Uuid>()?,
        limit,
    )
    .await?;
    Ok(web::Json(Page::from_rows(
        rows,
        limit,
        |r| r.id,
        |r| AuditEntryResponse::from(&r),
    )))
}

/// Who other than the client read or exported its data, newest first.
#[utoipa::path(
    tag = "audit",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), PageParams),
    responses(
        (status = 200, description = "One page of reads by others", body = Page<AuditEntryResponse>),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/access-log")]
pub async fn get_access_log(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    page: Query<PageParams>,
) -> Result<web::Json<Page<AuditEntryResponse>>, ApiError> {
    let access = authorize(&state.db, principal, ClientId::from(path.into_inner())).await?;
    access
        .audit_read(&state.reads, state.clock.now(), "access_log")
        .await?;
    let limit = page.0.limit();
    let rows = entries(
        &state.db,
        access.client.id,
        true,
        page.0.after::<Uuid>()?,
        limit,
    )
    .await?;
    Ok(web::Json(Page::from_rows(
        rows,
        limit,
        |r| r.id,
        |r| AuditEntryResponse::from(&r),
    )))
}
