//! `GET /api/v1/me`: who the token belongs to.

use crate::auth::Principal;
use crate::error::{ApiError, Problem};
use crate::state::AppState;
use actix_web::{get, web};
use entities::{client, therapist};
use sea_orm::{ConnectionTrait, EntityTrait};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Therapist,
    Client,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeResponse {
    pub id: Uuid,
    pub role: Role,
    pub display_name: String,
}

/// The signed-in therapist or client.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller", body = MeResponse),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me")]
pub async fn me(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<web::Json<MeResponse>, ApiError> {
    Ok(web::Json(who_am_i(&state.db, principal).await?))
}

/// The caller's id, role and display name.
///
/// # Errors
/// `Unauthorized` when the account behind a live token is gone; database errors.
pub async fn who_am_i<C: ConnectionTrait>(
    db: &C,
    principal: Principal,
) -> Result<MeResponse, ApiError> {
    Ok(match principal {
        Principal::Therapist { id, .. } => {
            let account = therapist::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or(ApiError::Unauthorized)?;
            MeResponse {
                id: id.uuid(),
                role: Role::Therapist,
                display_name: account.display_name,
            }
        }
        Principal::Client { id, .. } => {
            let account = client::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or(ApiError::Unauthorized)?;
            MeResponse {
                id: id.uuid(),
                role: Role::Client,
                display_name: account.display_name,
            }
        }
    })
}
