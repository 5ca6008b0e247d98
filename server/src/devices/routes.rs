//! `/api/v1/clients/{client_id}/devices`.

use super::service::{self, Platform, Registered};
use crate::auth::Principal;
use crate::clients::{authorize, authorize_client};
use crate::error::{ApiError, Problem};
use crate::extract::{Json, Query};
use crate::pagination::{Page, PageParams};
use crate::state::AppState;
use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use entities::{ClientId, DeviceId, device};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterDeviceRequest {
    /// The FCM registration token of this app install.
    #[validate(length(min = 1, max = 4096, message = "must be 1 to 4096 characters"))]
    pub fcm_token: String,
    pub platform: Platform,
}

/// A device as the API shows it: never the token itself.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeviceResponse {
    pub id: Uuid,
    pub platform: Platform,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

impl From<&device::Model> for DeviceResponse {
    fn from(row: &device::Model) -> Self {
        Self {
            id: row.id.uuid(),
            platform: row.platform.into(),
            created_at: row.created_at,
            last_seen_at: row.last_seen_at,
        }
    }
}

/// Registers this phone's FCM token (the client itself). The same token again answers 200.
#[utoipa::path(
    tag = "devices",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    request_body = RegisterDeviceRequest,
    responses(
        (status = 201, description = "Registered (or moved here from another client on a shared phone)", body = DeviceResponse),
        (status = 200, description = "Already registered; last seen now", body = DeviceResponse),
        (status = 403, description = "Only the client registers its devices", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/devices")]
pub async fn register_device(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<RegisterDeviceRequest>,
) -> Result<HttpResponse, ApiError> {
    let access = authorize_client(&state.db, principal, ClientId::from(path.into_inner())).await?;
    let body = body.0;
    let token = body.fcm_token.trim();
    if token.is_empty() {
        return Err(ApiError::field("fcm_token", "must not be blank"));
    }
    let registered = service::register_device(
        &state.db,
        access.client.id,
        principal.session(),
        token,
        body.platform,
        state.clock.now(),
        principal.into(),
    )
    .await?;
    Ok(match registered {
        Registered::New(row) => HttpResponse::Created().json(DeviceResponse::from(&row)),
        Registered::Known(row) => HttpResponse::Ok().json(DeviceResponse::from(&row)),
    })
}

/// The client's registered devices.
#[utoipa::path(
    tag = "devices",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), PageParams),
    responses(
        (status = 200, description = "One page", body = Page<DeviceResponse>),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/devices")]
pub async fn list_devices(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    page: Query<PageParams>,
) -> Result<web::Json<Page<DeviceResponse>>, ApiError> {
    let access = authorize(&state.db, principal, ClientId::from(path.into_inner())).await?;
    access
        .audit_read(&state.reads, state.clock.now(), "devices")
        .await?;
    let after = page.0.after::<Uuid>()?.map(DeviceId::from);
    let limit = page.0.limit();
    let rows = service::list_devices(&state.db, access.client.id, after, limit).await?;
    Ok(web::Json(Page::from_rows(
        rows,
        limit,
        |r| r.id.uuid(),
        |r| DeviceResponse::from(&r),
    )))
}

/// Removes a device (the client, or its therapist for a lost phone).
#[utoipa::path(
    tag = "devices",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), ("device_id" = Uuid, Path, description = "The device")),
    responses(
        (status = 204, description = "Removed"),
        (status = 404, description = "No such device, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/clients/{client_id}/devices/{device_id}")]
pub async fn delete_device(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (client_id, device_id) = path.into_inner();
    let access = authorize(&state.db, principal, ClientId::from(client_id)).await?;
    service::remove_device(
        &state.db,
        access.client.id,
        DeviceId::from(device_id),
        state.clock.now(),
        principal.into(),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
