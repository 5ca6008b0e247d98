//! `/api/v1/clients/{client_id}/devices`.

use super::dto::{DeviceResponse, RegisterDeviceRequest};
use super::model::Registered;
use super::service;
use crate::audit::ObjectType;
use crate::auth::Principal;
use crate::clients::{authorize, authorize_client};
use crate::error::{ApiError, Problem};
use crate::extract::{Json, Query};
use crate::pagination::{Page, PageParams};
use crate::state::AppState;
use actix_web::{HttpResponse, delete, get, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use entities::{ClientId, DeviceId};
use uuid::Uuid;

/// Register the client's phone for pushes
///
/// The client's phone registers its FCM token so that reminders reach it. The same token again
/// answers 200 and marks the device as seen now (nothing is duplicated); a token that belonged
/// to another client on a shared phone moves here (201). Only the client registers its devices.
/// The token itself is never read back.
#[utoipa::path(
    tag = "devices",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    request_body = RegisterDeviceRequest,
    responses(
        (status = 201, description = "Registered (or moved here from another client on a shared phone)", body = DeviceResponse),
        (status = 200, description = "Already registered; last seen now", body = DeviceResponse),
        (status = 403, description = "Only the client registers its devices", body = Problem, content_type = "application/problem+json"),
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
    let settings = body.0.settings()?;
    let registered = service::register(
        &state.db,
        access.client.id,
        principal.session(),
        settings,
        state.clock.now(),
        principal.into(),
    )
    .await?;
    Ok(match registered {
        Registered::New(row) => HttpResponse::Created().json(DeviceResponse::from(&row)),
        Registered::Known(row) => HttpResponse::Ok().json(DeviceResponse::from(&row)),
    })
}

/// List the client's phones
///
/// The client's phones registered for pushes, with when each was registered and last seen,
/// paged with `cursor`. The FCM token itself is never part of the answer. The client and its
/// therapist may read the list (the therapist to remove a lost phone).
#[utoipa::path(
    tag = "devices",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), PageParams),
    responses(
        (status = 200, description = "One page", body = Page<DeviceResponse>),
    )
)]
#[get("/clients/{client_id}/devices")]
pub async fn list_devices(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    page: Query<PageParams>,
) -> Result<web::Json<Page<DeviceResponse>>, ApiError> {
    let access = state.read(principal, path.into_inner(), ObjectType::Devices).await?;
    let after = page.0.after::<Uuid>()?.map(DeviceId::from);
    let limit = page.0.limit();
    let rows = service::list(&state.db, access.client.id, after, limit).await?;
    Ok(web::Json(Page::from_rows(
        rows,
        limit,
        |r| r.id.uuid(),
        |r| DeviceResponse::from(&r),
    )))
}

/// Remove a phone
///
/// Removes one of the client's registered phones: pushes stop going to it. The client may
/// remove its own, and its therapist one the client lost. An unknown device answers 404.
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
    service::remove(
        &state.db,
        access.client.id,
        DeviceId::from(device_id),
        state.clock.now(),
        principal.into(),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Registers this feature's operations, in the order they are matched.
pub(crate) fn api(cfg: &mut ServiceConfig) {
    cfg
        .service(register_device)
        .service(list_devices)
        .service(delete_device);
}

/// The tags this feature's operations introduce, with their descriptions.
pub(crate) const TAGS: &[(&str, &str)] = &[
    (
        "devices",
        "The client's phones registered for push reminders (FCM tokens; the token itself is \
         never read back).",
    ),
];
