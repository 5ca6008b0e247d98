//! `/api/v1/clients/{client_id}/reminders`.

use super::settings::{self, ReminderSettings, ReminderSettingsBody};
use crate::auth::Principal;
use crate::clients::authorize;
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::state::AppState;
use actix_web::{get, put, web};
use entities::ClientId;
use uuid::Uuid;

/// The client's reminder settings (defaults until changed).
#[utoipa::path(
    tag = "reminders",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    responses(
        (status = 200, description = "The settings", body = ReminderSettingsBody),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/reminders")]
pub async fn get_reminders(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<web::Json<ReminderSettingsBody>, ApiError> {
    let access = authorize(&state.db, principal, ClientId::from(path.into_inner())).await?;
    Ok(web::Json(
        settings::load(&state.db, access.client.id).await?.body(),
    ))
}

/// Replaces the client's reminder settings (the client or its therapist).
#[utoipa::path(
    tag = "reminders",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    request_body = ReminderSettingsBody,
    responses(
        (status = 200, description = "Stored", body = ReminderSettingsBody),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad time or weekday, or two prompts at the same time on one day", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/clients/{client_id}/reminders")]
pub async fn put_reminders(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<ReminderSettingsBody>,
) -> Result<web::Json<ReminderSettingsBody>, ApiError> {
    let access = authorize(&state.db, principal, ClientId::from(path.into_inner())).await?;
    let parsed = ReminderSettings::parse(&body.0).map_err(ApiError::Validation)?;
    settings::replace(&state.db, access.client.id, state.clock.now(), &parsed).await?;
    Ok(web::Json(parsed.body()))
}
