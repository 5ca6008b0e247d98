//! `/api/v1/alerts`, `/api/v1/crisis-resources`, `/api/v1/me/safety-contacts` and
//! `/api/v1/me/devices`.

use super::dto::{
    AcknowledgeRequest, AlertListParams, AlertResponse, CrisisParams, SafetyContactsBody,
};
use super::model::{Acknowledgement, SafetyContacts};
use super::service;
use crate::audit::{Action, Event, ObjectType};
use crate::auth::Principal;
use crate::clients::require_therapist;
use crate::devices::dto::{DeviceResponse, RegisterDeviceRequest};
use crate::error::{ApiError, Problem};
use crate::extract::{Json, Query};
use crate::pagination::{Listing, Page, PageParams};
use crate::safety::SafetyNet;
use crate::safety::crisis::CrisisResources;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use utoipa_actix_web::service_config::ServiceConfig;
use entities::{AlertId, TherapistDeviceId, therapist_device};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// List safety alerts
///
/// Safety alerts of the signed-in therapist's clients, newest first, paged with `cursor`:
/// `status` chooses open ones (the default), acknowledged ones or all. Each names the client,
/// the PHQ-9 item-9 answer, when the therapist was notified and whether it was escalated.
/// Open alerts of erased clients stay listed until acknowledged. Only therapists read alerts.
#[utoipa::path(
    tag = "alerts",
    security(("bearer" = [])),
    params(AlertListParams, PageParams),
    responses(
        (status = 200, description = "One page", body = Page<AlertResponse>),
        (status = 403, description = "Only therapists read alerts", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/alerts")]
pub async fn get_alerts(
    state: web::Data<AppState>,
    principal: Principal,
    query: Listing<AlertListParams>,
) -> Result<web::Json<Page<AlertResponse>>, ApiError> {
    let therapist = require_therapist(&state.db, principal, ObjectType::SafetyAlert).await?;
    let Listing { filter, page } = query;
    let after = page.after::<Uuid>()?.map(AlertId::from);
    let limit = page.limit();
    let rows = service::list_alerts(
        &state.db,
        therapist,
        filter.status.unwrap_or_default().into(),
        after,
        limit,
    )
    .await?;
    // One read per (not erased) client whose alerts are shown.
    let shown: std::collections::BTreeSet<_> = rows
        .iter()
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .filter(|r| r.client_erased_at.is_none())
        .map(|r| r.client_id)
        .collect();
    let reads = shown
        .into_iter()
        .map(|c| Event::of(Action::Read, ObjectType::SafetyAlert, None, Some(c)));
    state
        .reads
        .record(state.clock.now(), principal, reads)
        .await?;
    let screens = crate::risk_screens::service::for_alerts(&state.db, &rows).await?;
    let people = crate::relationships::service::labels_for_alerts(&state.db, &rows).await?;
    Ok(web::Json(Page::from_rows(
        rows,
        limit,
        |r| r.id.uuid(),
        |r| {
            AlertResponse::from(&r)
                .with_screen(screens.get(&r.id))
                .with_person(&r, &people)
        },
    )))
}

/// Acknowledge a safety alert
///
/// The therapist acknowledges one of its clients' safety alerts and records what was done
/// (`action`; `other` needs a `note`); nothing is escalated after that. The first acknowledgement
/// is kept: later ones answer it unchanged. Only therapists acknowledge alerts.
#[utoipa::path(
    tag = "alerts",
    security(("bearer" = [])),
    params(("alert_id" = Uuid, Path, description = "The alert")),
    request_body = AcknowledgeRequest,
    responses(
        (status = 200, description = "Acknowledged", body = AlertResponse),
        (status = 403, description = "Only therapists acknowledge alerts", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such alert, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No action, or `other` without a note", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/alerts/{alert_id}/acknowledge")]
pub async fn acknowledge_alert(
    state: web::Data<AppState>,
    net: web::Data<SafetyNet>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<AcknowledgeRequest>,
) -> Result<web::Json<AlertResponse>, ApiError> {
    let therapist = require_therapist(&state.db, principal, ObjectType::SafetyAlert).await?;
    let body = body.0;
    let row = service::acknowledge(
        &state.db,
        &state.gate,
        net.channels,
        therapist,
        Acknowledgement {
            alert: AlertId::from(path.into_inner()),
            expected_client: None,
            action: body.action.into(),
            note: body.note.map(String::from).filter(|n| !n.trim().is_empty()),
        },
        state.clock.now(),
        principal.into(),
    )
    .await?;
    tracing::info!(alert_id = %row.id, "safety alert acknowledged");
    let screens =
        crate::risk_screens::service::for_alerts(&state.db, std::slice::from_ref(&row)).await?;
    let people =
        crate::relationships::service::labels_for_alerts(&state.db, std::slice::from_ref(&row))
            .await?;
    Ok(web::Json(
        AlertResponse::from(&row)
            .with_screen(screens.get(&row.id))
            .with_person(&row, &people),
    ))
}

/// Crisis resources for a region
///
/// Who to call in a crisis in a region (`region`, ISO 3166-1 alpha-2; unknown or absent: the
/// international resources), as text and links. No token is needed: a client in crisis may be
/// signed out. The text names the help available and says nothing about the therapist. The
/// answer is cacheable: send its `ETag` back as `If-None-Match` for a 304.
#[utoipa::path(
    tag = "safety",
    security(()),
    params(CrisisParams),
    responses(
        (status = 200, description = "The resources (cacheable; `ETag`)", body = CrisisResources,
            headers(("ETag" = String, description = "Changes when the resources change"),
                    ("Cache-Control" = String, description = "public, max-age=3600"))),
        (status = 304, description = "Unchanged since the `If-None-Match` ETag"),
        (status = 422, description = "Not a two-letter region", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/crisis-resources")]
pub async fn get_crisis_resources(
    req: HttpRequest,
    net: web::Data<SafetyNet>,
    params: Query<CrisisParams>,
) -> HttpResponse {
    let resources = net
        .crisis
        .for_region(params.0.region.as_deref(), &crate::i18n::request::current());
    let body = serde_json::to_vec(&resources).unwrap_or_default();
    let etag = format!("\"{}\"", hex(&Sha256::digest(&body)[..12]));
    let cache = (header::CACHE_CONTROL, "public, max-age=3600");
    let fresh = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if fresh {
        return HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header(cache)
            .finish();
    }
    HttpResponse::Ok()
        .insert_header((header::ETAG, etag))
        .insert_header(cache)
        .insert_header((header::VARY, "Accept-Language"))
        .content_type("application/json")
        .body(body)
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Read the therapist's escalation contacts
///
/// Whom on-call escalation e-mails when one of the signed-in therapist's safety alerts stays
/// unacknowledged, and the phone number on-call can reach the therapist at. Only therapists
/// have escalation contacts.
#[utoipa::path(
    tag = "safety",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The contacts", body = SafetyContactsBody),
        (status = 403, description = "Only therapists have escalation contacts", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/safety-contacts")]
pub async fn get_safety_contacts(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<web::Json<SafetyContactsBody>, ApiError> {
    let therapist = require_therapist(&state.db, principal, ObjectType::SafetyContacts).await?;
    Ok(web::Json(
        service::contacts(&state.db, therapist).await?.into(),
    ))
}

/// Set the therapist's escalation contacts
///
/// Sets whom on-call escalation e-mails when one of the therapist's safety alerts stays
/// unacknowledged (`null`: the deployment's `IPT_ESCALATION_EMAIL`), and a phone number on-call
/// can reach the therapist at. Only therapists have escalation contacts.
#[utoipa::path(
    tag = "safety",
    security(("bearer" = [])),
    request_body = SafetyContactsBody,
    responses(
        (status = 200, description = "Stored", body = SafetyContactsBody),
        (status = 403, description = "Only therapists have escalation contacts", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/me/safety-contacts")]
pub async fn put_safety_contacts(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<SafetyContactsBody>,
) -> Result<web::Json<SafetyContactsBody>, ApiError> {
    let therapist = require_therapist(&state.db, principal, ObjectType::SafetyContacts).await?;
    let body = body.0;
    let contacts = SafetyContacts {
        escalation_email: body
            .escalation_email
            .map(|e| e.trim().to_lowercase())
            .filter(|e| !e.is_empty()),
        phone: body
            .phone
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty()),
    };
    let stored = service::set_contacts(
        &state.db,
        therapist,
        contacts,
        state.clock.now(),
        principal.into(),
    )
    .await?;
    Ok(web::Json(stored.into()))
}

fn device_response(row: &therapist_device::Model) -> DeviceResponse {
    DeviceResponse {
        id: row.id.uuid(),
        platform: row.platform.into(),
        created_at: row.created_at,
        last_seen_at: row.last_seen_at,
        // A therapist's phone gets alerts in one language for now: nothing of these is kept.
        locale: None,
        timezone: None,
        app_version: None,
    }
}

/// Register the therapist's phone for alert pushes
///
/// Registers the signed-in therapist's phone (its FCM token) for safety-alert pushes. The same
/// token again answers 200 and marks it as seen now. Only therapists register here; a client's
/// phone uses `POST /clients/{client_id}/devices`.
#[utoipa::path(
    tag = "safety",
    security(("bearer" = [])),
    request_body = RegisterDeviceRequest,
    responses(
        (status = 201, description = "Registered", body = DeviceResponse),
        (status = 200, description = "Already registered; last seen now", body = DeviceResponse),
        (status = 403, description = "Only therapists register here (clients use their own devices route)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/devices")]
pub async fn register_my_device(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<RegisterDeviceRequest>,
) -> Result<HttpResponse, ApiError> {
    let therapist = require_therapist(&state.db, principal, ObjectType::TherapistDevice).await?;
    let body = body.0;
    let token = body.fcm_token.trim();
    if token.is_empty() {
        return Err(ApiError::field("fcm_token", "must not be blank"));
    }
    let (new, row) = super::devices::register(
        &state.db,
        therapist,
        principal.session(),
        token,
        body.platform,
        state.clock.now(),
        principal.into(),
    )
    .await?;
    Ok(if new {
        HttpResponse::Created().json(device_response(&row))
    } else {
        HttpResponse::Ok().json(device_response(&row))
    })
}

/// List the therapist's phones
///
/// The signed-in therapist's phones registered for safety-alert pushes, paged with `cursor`;
/// the FCM token itself is never part of the answer. Only therapists.
#[utoipa::path(
    tag = "safety",
    security(("bearer" = [])),
    params(PageParams),
    responses(
        (status = 200, description = "One page", body = Page<DeviceResponse>),
        (status = 403, description = "Only therapists", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/devices")]
pub async fn list_my_devices(
    state: web::Data<AppState>,
    principal: Principal,
    page: Query<PageParams>,
) -> Result<web::Json<Page<DeviceResponse>>, ApiError> {
    let therapist = require_therapist(&state.db, principal, ObjectType::TherapistDevice).await?;
    let after = page.0.after::<Uuid>()?.map(TherapistDeviceId::from);
    let limit = page.0.limit();
    let rows = super::devices::list(&state.db, therapist, after, limit).await?;
    Ok(web::Json(Page::from_rows(
        rows,
        limit,
        |r| r.id.uuid(),
        |r| device_response(&r),
    )))
}

/// Remove one of the therapist's phones
///
/// Removes one of the signed-in therapist's phones: alert pushes stop going to it. Another
/// therapist's device answers 404. Only therapists.
#[utoipa::path(
    tag = "safety",
    security(("bearer" = [])),
    params(("device_id" = Uuid, Path, description = "The device")),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Only therapists", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such device, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/me/devices/{device_id}")]
pub async fn delete_my_device(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let therapist = require_therapist(&state.db, principal, ObjectType::TherapistDevice).await?;
    super::devices::remove(
        &state.db,
        therapist,
        TherapistDeviceId::from(path.into_inner()),
        state.clock.now(),
        principal.into(),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Registers this feature's operations, in the order they are matched.
pub(crate) fn api(cfg: &mut ServiceConfig) {
    cfg
        .service(get_alerts)
        .service(acknowledge_alert)
        .service(get_crisis_resources)
        .service(get_safety_contacts)
        .service(put_safety_contacts)
        .service(register_my_device)
        .service(list_my_devices)
        .service(delete_my_device);
}

/// The tags this feature's operations introduce, with their descriptions.
pub(crate) const TAGS: &[(&str, &str)] = &[
    (
        "safety",
        "The client's safety plan, crisis resources for anyone, and the therapist's side of \
         safety alerts: escalation contacts and phones that receive alert pushes.",
    ),
    (
        "alerts",
        "Safety alerts raised by PHQ-9 item 9, for the therapist to acknowledge with what was \
         done.",
    ),
];
