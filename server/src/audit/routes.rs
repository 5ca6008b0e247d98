//! `GET /api/v1/clients/{client_id}/audit` (the therapist: the whole trail) and
//! `GET /api/v1/clients/{client_id}/access-log` (the client: who read its data).

use super::dto::AuditEntryResponse;
use super::service::{Trail, trail};
use crate::audit::ObjectType;
use crate::auth::Principal;
use crate::clients::{authorize, authorize_therapist};
use crate::error::{ApiError, Problem};
use crate::extract::Query;
use crate::pagination::{Page, PageParams};
use crate::state::AppState;
use actix_web::{get, web};
use entities::ClientId;
use uuid::Uuid;

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
        .audit_read(&state.reads, state.clock.now(), ObjectType::Audit)
        .await?;
    page_of(&state, access.client.id, Trail::Whole, &page.0).await
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
        .audit_read(&state.reads, state.clock.now(), ObjectType::AccessLog)
        .await?;
    page_of(&state, access.client.id, Trail::ReadsByOthers, &page.0).await
}

/// One page of the trail, as the API shows it.
async fn page_of(
    state: &AppState,
    client: ClientId,
    which: Trail,
    page: &PageParams,
) -> Result<web::Json<Page<AuditEntryResponse>>, ApiError> {
    let limit = page.limit();
    let rows = trail(&state.db, client, which, page.after::<Uuid>()?, limit).await?;
    Ok(web::Json(Page::from_rows(
        rows,
        limit,
        |r| r.id,
        |r| AuditEntryResponse::from(&r),
    )))
}
