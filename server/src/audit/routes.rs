//! `GET /api/v1/clients/{client_id}/audit` (the therapist: the whole trail) and
//! `GET /api/v1/clients/{client_id}/access-log` (the client: who read its data).

use super::dto::AuditEntryResponse;
use super::model::Trail;
use super::service::trail;
use crate::audit::ObjectType;
use crate::auth::Principal;
use crate::clients::authorize_therapist;
use crate::error::{ApiError, Problem};
use crate::extract::Query;
use crate::pagination::{Page, PageParams};
use crate::state::AppState;
use actix_web::{get, web};
use utoipa_actix_web::service_config::ServiceConfig;
use entities::ClientId;
use uuid::Uuid;

/// A client's audit trail
///
/// What was written in one of the therapist's clients' records, by whom and with what outcome,
/// newest first and paged with `cursor`. The entries name the record and the actor by id; they
/// carry no clinical content. Only the client's therapist reads it (a client answers 403).
#[utoipa::path(
    tag = "audit",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), PageParams),
    responses(
        (status = 200, description = "One page of the trail", body = Page<AuditEntryResponse>),
        (status = 403, description = "Only the therapist reads the whole trail", body = Problem, content_type = "application/problem+json"),
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

/// Who read the client's data
///
/// Every read or export of the client's records by someone other than the client itself (its
/// therapist, in the dashboard or through the API), newest first and paged with `cursor`. The
/// client and its therapist may both read it, so that the client can see who looked: by role
/// and time, never from which address (`source` is always `null` here).
#[utoipa::path(
    tag = "audit",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), PageParams),
    responses(
        (status = 200, description = "One page of reads by others", body = Page<AuditEntryResponse>),
    )
)]
#[get("/clients/{client_id}/access-log")]
pub async fn get_access_log(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    page: Query<PageParams>,
) -> Result<web::Json<Page<AuditEntryResponse>>, ApiError> {
    let access = state.read(principal, path.into_inner(), ObjectType::AccessLog).await?;
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
        |r| {
            let mut entry = AuditEntryResponse::from(&r);
            // The access log is the client's to read: who looked and when, never from where (the
            // therapist's address is theirs, not the client's to know).
            if which == Trail::ReadsByOthers {
                entry.source = None;
            }
            entry
        },
    )))
}

/// Registers this feature's operations, in the order they are matched.
pub(crate) fn api(cfg: &mut ServiceConfig) {
    cfg
        .service(get_audit)
        .service(get_access_log);
}

/// The tags this feature's operations introduce, with their descriptions.
pub(crate) const TAGS: &[(&str, &str)] = &[
    (
        "audit",
        "Who wrote what in a client's records, and who other than the client read them.",
    ),
];
