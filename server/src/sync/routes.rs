//! `GET /api/v1/clients/{client_id}/changes?since=`.

use super::dto::{ChangesParams, ChangesResponse};
use super::service::feed;
use crate::audit::ObjectType;
use crate::auth::Principal;
use crate::error::{ApiError, Problem};
use crate::extract::Query;
use crate::state::AppState;
use actix_web::{get, web};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

/// Sync the client's records
///
/// Everything of the client written since `since` (the previous answer's `next_cursor`; absent
/// for a first, full sync), in write order: check-ins, exercise logs, homework, the
/// interpersonal inventory, reminder settings, the safety plan, the formulation, the relapse
/// plan, courses, session marks and readings opened, with deletions as tombstones. Each
/// change's `type` selects the schema of its `data`. While `has_more` is true, call again at
/// once with `next_cursor`. The client and its therapist may sync.
///
/// A cursor that names no position in this client's history answers `410`
/// `/problems/resync-required`: one issued before the database was restored from a backup,
/// one past the client's newest change, another client's, or a bare number issued by a version
/// before 1.2. The app then drops its copy and syncs again from `since=0`.
#[utoipa::path(
    tag = "sync",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), ChangesParams),
    responses(
        (status = 200, description = "Changes in write order", body = ChangesResponse),
        (status = 410, description = "`/problems/resync-required`: the cursor is of another history (issued before a restore), of another client, past the newest change, or of a version before 1.2. Sync again from `since=0`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A cursor this server did not issue", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/changes")]
pub async fn get_changes(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    params: Query<ChangesParams>,
) -> Result<web::Json<ChangesResponse>, ApiError> {
    let access = state.read(principal, path.into_inner(), ObjectType::Changes).await?;
    let limit = crate::pagination::limit_or_default(params.0.limit);
    Ok(web::Json(
        feed(&state.db, &access.client, params.0.since.as_deref(), limit).await?,
    ))
}

/// Registers this feature's operations, in the order they are matched.
pub(crate) fn api(cfg: &mut ServiceConfig) {
    cfg
        .service(get_changes);
}

/// The tags this feature's operations introduce, with their descriptions.
pub(crate) const TAGS: &[(&str, &str)] = &[
    (
        "sync",
        "The change feed a phone keeps its offline copy of the client's records current with.",
    ),
];
