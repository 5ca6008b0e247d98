//! The weekly practice target a therapist sets for a client.

use super::{authorize, authorize_therapist};
use crate::audit::{self, Action, Actor, Event};
use crate::auth::Principal;
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::state::AppState;
use actix_web::{get, put, web};
use entities::{ClientId, client};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

#[derive(Debug, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PracticeTarget {
    /// Exercise practices asked for per week, 0–28.
    #[validate(range(min = 0, max = 28, message = "must be between 0 and 28"))]
    #[schema(minimum = 0, maximum = 28, example = 3)]
    pub weekly_target: i32,
}

/// Stores a client's weekly practice target.
///
/// # Errors
/// Database errors.
pub async fn set_target(
    db: &sea_orm::DatabaseConnection,
    client: ClientId,
    target: i32,
    now: chrono::DateTime<chrono::Utc>,
    actor: Actor,
) -> Result<(), ApiError> {
    use sea_orm::TransactionTrait;
    let txn = db.begin().await?;
    client::Entity::update_many()
        .col_expr(client::Column::WeeklyPracticeTarget, Expr::value(target))
        .filter(client::Column::Id.eq(client))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        now,
        actor,
        Event::of(
            Action::Update,
            "practice_target",
            Some(client.uuid()),
            Some(client),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
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
        .audit_read(&state.reads, state.clock.now(), "practice_target")
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
    set_target(
        &state.db,
        access.client.id,
        body.0.weekly_target,
        state.clock.now(),
        principal.into(),
    )
    .await?;
    Ok(web::Json(body.0))
}
