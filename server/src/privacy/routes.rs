//! `GET /api/v1/clients/{client_id}/export` and `DELETE /api/v1/clients/{client_id}`.

use super::service::{erase_client, export_client};
use crate::auth::Principal;
use crate::clients::authorize;
use crate::error::ApiError;
use crate::extract::Query;
use crate::records::Export;
use crate::state::AppState;
use actix_web::{HttpResponse, delete, get, web};
use utoipa_actix_web::service_config::ServiceConfig;
use entities::ClientId;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// This API's own shapes (the default).
    #[default]
    Json,
    /// A FHIR R4 `Bundle`.
    Fhir,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// `json` (default) or `fhir`.
    #[param(inline)]
    pub format: Option<ExportFormat>,
}

/// Export everything about the client
///
/// Everything the service holds about the client: its record, check-ins, exercise logs,
/// homework, inventory, devices, reminder settings and notifications, plans, sessions, readings
/// opened and safety alerts. `format=json` (the
/// default) answers the service's own JSON; `format=fhir` a FHIR R4 Bundle for other clinical
/// systems. The client itself and its therapist may export; each export is recorded in the
/// client's access log.
#[utoipa::path(
    tag = "privacy",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), ExportParams),
    responses(
        (status = 200, description = "The export: JSON, or with `format=fhir` a FHIR R4 Bundle", content(
            (Export = "application/json"),
            (serde_json::Value = "application/fhir+json"),
        )),
    )
)]
#[get("/clients/{client_id}/export")]
pub async fn get_export(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    params: Query<ExportParams>,
) -> Result<HttpResponse, ApiError> {
    let access = authorize(&state.db, principal, ClientId::from(path.into_inner())).await?;
    let export = export_client(
        &state.db,
        &access.client,
        state.clock.now(),
        principal.into(),
    )
    .await?;
    Ok(match params.0.format.unwrap_or_default() {
        ExportFormat::Json => HttpResponse::Ok().json(export),
        ExportFormat::Fhir => HttpResponse::Ok()
            .content_type("application/fhir+json")
            .body(crate::records::fhir::bundle(&export).to_string()),
    })
}

/// Erase the client
///
/// Erases the client and everything of it: record, check-ins, logs, homework, plans, devices
/// and sign-ins. Its therapist or the client itself may erase it. The audit trail remains, without clinical content, and open safety alerts stay visible
/// to the therapist until acknowledged. It cannot be undone.
#[utoipa::path(
    tag = "privacy",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    responses(
        (status = 204, description = "Erased"),
    )
)]
#[delete("/clients/{client_id}")]
pub async fn delete_client(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let access = authorize(&state.db, principal, ClientId::from(path.into_inner())).await?;
    erase_client(
        &state.db,
        &state.at_rest,
        access.client.id,
        state.clock.now(),
        principal.into(),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Registers this feature's operations, in the order they are matched.
pub(crate) fn api(cfg: &mut ServiceConfig) {
    cfg
        .service(get_export)
        .service(delete_client);
}

/// The tags this feature's operations introduce, with their descriptions.
pub(crate) const TAGS: &[(&str, &str)] = &[
    (
        "privacy",
        "The client's data: the export (JSON or a FHIR R4 bundle) and erasure.",
    ),
];
