//! `/api/v1/clients/{client_id}/reminders`.

use super::dto::NotificationResponse;
use super::dto::ReminderSettingsBody;
use super::service;
use super::settings::ReminderSettings;
use crate::audit::ObjectType;
use crate::auth::Principal;
use crate::clients::authorize;
use crate::conditional;
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::extract::Query;
use crate::pagination::{Page, PageParams};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use utoipa_actix_web::service_config::ServiceConfig;
use chrono::{DateTime, Utc};
use entities::ClientId;
use entities::ReminderId;
use uuid::Uuid;

/// Read the reminder settings
///
/// The client's reminder settings: practice prompts by weekday and time, the daily check-in
/// reminder, and quiet hours, in the client's zone; the defaults until someone changes them.
/// The answer's `ETag` is what `PUT …/reminders` checks as `If-Match`.
#[utoipa::path(
    tag = "reminders",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    responses(
        (status = 200, description = "The settings", body = ReminderSettingsBody,
            headers(("ETag" = String, description = "The settings' entity tag; send it back as `If-Match` to replace them"))),
    )
)]
#[get("/clients/{client_id}/reminders")]
pub async fn get_reminders(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let access = state.read(principal, path.into_inner(), ObjectType::ReminderSettings).await?;
    let (settings, tag) = service::load_tagged(&state.db, access.client.id).await?;
    Ok(conditional::tagged(
        HttpResponse::Ok(),
        tag,
        &settings.body(),
    ))
}

/// Replace the reminder settings
///
/// Replaces the client's reminder settings as a whole; the client or its therapist may. The
/// reminders ahead are replanned at once: a reminder inside quiet hours moves to their end. With
/// `If-Match`, only if nobody changed the settings since they were read (412 otherwise).
#[utoipa::path(
    tag = "reminders",
    security(("bearer" = [])),
    params(
        ("client_id" = Uuid, Path, description = "The client"),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the settings this write replaces (`*`: any). A stale one answers 412; without it the write goes through."),
    ),
    request_body = ReminderSettingsBody,
    responses(
        (status = 200, description = "Stored", body = ReminderSettingsBody,
            headers(("ETag" = String, description = "The settings' new entity tag"))),
        (status = 412, description = "`If-Match` does not name the settings' current entity tag: they changed since; read them again", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad time or weekday, or two prompts at the same time on one day", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/clients/{client_id}/reminders")]
pub async fn put_reminders(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    request: HttpRequest,
    body: Json<ReminderSettingsBody>,
) -> Result<HttpResponse, ApiError> {
    let access = authorize(&state.db, principal, ClientId::from(path.into_inner())).await?;
    let parsed = ReminderSettings::parse(&body.0).map_err(ApiError::Validation)?;
    let row = service::replace(
        &state.db,
        state.planner.as_ref(),
        access.client.id,
        state.clock.now(),
        &parsed,
        conditional::expected(&request).as_ref(),
        principal.into(),
    )
    .await?;
    Ok(conditional::tagged(
        HttpResponse::Ok(),
        service::tag(Some(&row)),
        &parsed.body(),
    ))
}

/// List the client's notifications
///
/// The pushes planned and sent for the client, latest due first, paged with `cursor`: practice
/// prompts, check-in and homework reminders, session reminders and the treatment countdown,
/// each with its status (pending, sent, failed, skipped, missed) and when it was opened. The
/// client and its therapist may read them.
#[utoipa::path(
    tag = "reminders",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), PageParams),
    responses(
        (status = 200, description = "One page", body = Page<NotificationResponse>),
    )
)]
#[get("/clients/{client_id}/notifications")]
pub async fn list_notifications(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    page: Query<PageParams>,
) -> Result<web::Json<Page<NotificationResponse>>, ApiError> {
    let access = state.read(principal, path.into_inner(), ObjectType::Notifications).await?;
    let after = page
        .0
        .after::<(DateTime<Utc>, Uuid)>()?
        .map(|(at, id)| (at, ReminderId::from(id)));
    let limit = page.0.limit();
    let rows = service::list_notifications(&state.db, access.client.id, after, limit).await?;
    Ok(web::Json(Page::from_rows(
        rows,
        limit,
        |r| (r.scheduled_for, r.id.uuid()),
        |r| NotificationResponse::from(&r),
    )))
}

/// Record that a notification was opened
///
/// The app reports that the client opened a notification (the push's `data.reminder_id`), for
/// the dashboard's sent-versus-opened count. The first opening counts; a repeat answers it
/// unchanged. Only the client reports openings.
#[utoipa::path(
    tag = "reminders",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), ("notification_id" = Uuid, Path, description = "The notification (`data.reminder_id` of the push)")),
    responses(
        (status = 200, description = "Recorded (the first opening counts)", body = NotificationResponse),
        (status = 403, description = "Only the client reports openings", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such notification, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/notifications/{notification_id}/opened")]
pub async fn mark_opened(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<web::Json<NotificationResponse>, ApiError> {
    let (client_id, notification_id) = path.into_inner();
    let access =
        crate::clients::authorize_client(&state.db, principal, ClientId::from(client_id)).await?;
    let row = service::mark_opened(
        &state.db,
        access.client.id,
        ReminderId::from(notification_id),
        state.clock.now(),
        principal.into(),
    )
    .await?;
    Ok(web::Json(NotificationResponse::from(&row)))
}

/// Registers this feature's operations, in the order they are matched.
pub(crate) fn api(cfg: &mut ServiceConfig) {
    cfg
        .service(get_reminders)
        .service(put_reminders)
        .service(list_notifications)
        .service(mark_opened);
}

/// The tags this feature's operations introduce, with their descriptions.
pub(crate) const TAGS: &[(&str, &str)] = &[
    (
        "reminders",
        "What the client wants to be reminded of and when (settings), and the pushes planned \
         and sent from them (notifications).",
    ),
];
