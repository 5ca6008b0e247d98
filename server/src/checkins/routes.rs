//! `/api/v1/clients/{client_id}/checkins`.

use super::dto::{CheckinListParams, CheckinResponse, CreateCheckinRequest};
use super::model::{CheckinFilter, StoredCheckin};
use super::service::CheckinWriter;
use super::service::{self, Written};
use crate::audit::ObjectType;
use crate::auth::Principal;
use crate::clients::{authorize, authorize_client};
use crate::domain::Phq9Answers;
use crate::error::{ApiError, Problem};
use crate::extract::RawJson;
use crate::group_commit::GroupCommit;
use crate::pagination::{Listing, Page, PageParams};
use crate::safety::SafetyNet;
use crate::safety::service::Notice;
use crate::safety_plan::service::crisis_after_signal;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use chrono::{DateTime, Utc};
use entities::{CheckinId, ClientId};
use uuid::Uuid;

/// Record a check-in
///
/// The client records its mood (0–10), optionally with a note, the person of its inventory the
/// check-in is about, and the PHQ-9 and GAD-7 answers when the questionnaire is due. Only the
/// client writes its check-ins (its therapist answers 403). Idempotent by `id`: the phone may
/// make the id offline and send it again; the same body answers 200 with the stored check-in,
/// another body under the same id 409. A PHQ-9 item 9 above 0 opens a safety alert for the
/// therapist, and the answer carries `crisis_resources` to show at once, also when the check-in
/// is refused (409, 422) but its PHQ-9 answers themselves are well-formed.
#[utoipa::path(
    tag = "checkins",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    request_body = CreateCheckinRequest,
    responses(
        (status = 201, description = "Stored", body = CheckinResponse),
        (status = 200, description = "The same id and body were stored before; nothing duplicated", body = CheckinResponse),
        (status = 403, description = "Only the client writes its check-ins", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The id holds a different check-in (with `crisis_resources` when the PHQ-9 carries a safety signal)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (with `crisis_resources` when the PHQ-9 carries a safety signal)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/checkins")]
pub async fn create_checkin(
    state: web::Data<AppState>,
    net: web::Data<SafetyNet>,
    writes: web::Data<GroupCommit<CheckinWriter>>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: RawJson,
) -> Result<HttpResponse, ApiError> {
    let client = ClientId::from(path.into_inner());
    // A client writing its own check-in needs no lookup before the write: the write itself
    // locks its row (and answers 404 if it is gone). Anyone else is checked, and a refusal
    // recorded, as everywhere.
    let own = matches!(principal, Principal::Client { id, .. } if id == client);
    if !own {
        authorize_client(&state.db, principal, client).await?;
    }
    let now = state.clock.now();
    let written = match write(&writes, principal, client, &body, now).await {
        Ok(written) => written,
        Err(refused @ (ApiError::Validation(_) | ApiError::Conflict(_))) if own => {
            return refused_with_signal(&state, &net, principal, client, &body, refused, now).await;
        }
        Err(e) => return Err(e),
    };
    let (status, stored) = match written {
        Written::Created(stored) => (actix_web::http::StatusCode::CREATED, stored),
        Written::Replayed(stored) => (actix_web::http::StatusCode::OK, stored),
    };
    let crisis = crisis_after(&state, &net, principal, client, &stored).await?;
    Ok(HttpResponse::build(status).json(CheckinResponse::new(&stored.row, crisis.as_ref())))
}

async fn write(
    writes: &GroupCommit<CheckinWriter>,
    principal: Principal,
    client: ClientId,
    body: &RawJson,
    now: DateTime<Utc>,
) -> Result<Written<StoredCheckin>, ApiError> {
    let new = body.parse::<CreateCheckinRequest>()?.parse(now)?;
    service::create(
        writes,
        super::model::CheckinWrite {
            client,
            now,
            new,
            actor: principal.into(),
        },
    )
    .await
}

/// What a client sees after a stored check-in that calls for crisis resources (item 9 above 0
/// or unanswered, or a PHQ-9 total of 20 or more), in its language. Without an alert, the
/// therapist sees the check-in (and its attention reason) the next time they open the product.
async fn crisis_after(
    state: &AppState,
    net: &SafetyNet,
    principal: Principal,
    client: ClientId,
    stored: &StoredCheckin,
) -> Result<Option<crate::safety::crisis::CrisisResources>, ApiError> {
    let needs = stored
        .row
        .phq9
        .as_deref()
        .and_then(Phq9Answers::from_stored)
        .is_some_and(Phq9Answers::needs_crisis_resources);
    if !needs {
        return Ok(None);
    }
    let notice = stored.alert.map_or(Notice::NextOpen, |a| a.notice);
    let lang = crate::clients::request_language(&state.db, principal).await?;
    Ok(Some(
        crisis_after_signal(&state.db, &net.crisis, client, notice, &lang).await?,
    ))
}

/// A refused check-in: still an alert and crisis resources when its PHQ-9 carries a signal.
async fn refused_with_signal(
    state: &AppState,
    net: &SafetyNet,
    principal: Principal,
    client: ClientId,
    body: &RawJson,
    refused: ApiError,
    now: DateTime<Utc>,
) -> Result<HttpResponse, ApiError> {
    let Some(signal) = service::refused_signal(&body.0) else {
        return Err(refused);
    };
    // Nothing was stored: without an alert the therapist will not see this, so the text says
    // nothing of them.
    let notice = if signal.alert.is_some() {
        match service::open_refused_alert(
            &state.db,
            &state.gate,
            net.channels,
            client,
            &signal,
            now,
        )
        .await?
        {
            Some((alert, _)) => alert.notice,
            None => return Err(refused),
        }
    } else {
        if !crate::clients::exists(&state.db, client).await? {
            return Err(refused);
        }
        Notice::Unsaid
    };
    crate::safety_plan::routes::refused_with_crisis(state, net, principal, client, notice, refused)
        .await
}

/// List the client's check-ins
///
/// The client's check-ins, newest first, paged with `cursor`; `from` and `to` narrow them to a
/// time range. The client reads its own, its therapist those of its clients (each such read is
/// recorded in the client's access log). Crisis resources are not repeated here: they belong to
/// the moment a check-in was written.
#[utoipa::path(
    tag = "checkins",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), CheckinListParams, PageParams),
    responses(
        (status = 200, description = "One page", body = Page<CheckinResponse>),
        (status = 422, description = "Bad filter or paging parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/checkins")]
pub async fn list_checkins(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    query: Listing<CheckinListParams>,
) -> Result<web::Json<Page<CheckinResponse>>, ApiError> {
    let client = ClientId::from(path.into_inner());
    // A client reading its own check-ins needs no lookup (nor an audit row); anyone else is
    // authorized, and the read recorded.
    if !matches!(principal, Principal::Client { id, .. } if id == client) {
        authorize(&state.db, principal, client)
            .await?
            .audit_read(&state.reads, state.clock.now(), ObjectType::Checkins)
            .await?;
    }
    let Listing {
        filter: params,
        page,
    } = query;
    let filter = CheckinFilter {
        from: params.from.map(|t| t.with_timezone(&Utc)),
        to: params.to.map(|t| t.with_timezone(&Utc)),
        after: page
            .after::<(DateTime<Utc>, Uuid)>()?
            .map(|(at, id)| (at, CheckinId::from(id))),
    };
    let limit = page.limit();
    let rows = service::list(&state.db, client, filter, limit).await?;
    // Crisis resources belong to the moment of writing, not to the history.
    Ok(web::Json(Page::from_rows(
        rows,
        limit,
        |r| (r.recorded_at, r.id.uuid()),
        |r| CheckinResponse::new(&r, None),
    )))
}

/// Registers this feature's operations, in the order they are matched.
pub(crate) fn api(cfg: &mut ServiceConfig) {
    cfg
        .service(create_checkin)
        .service(list_checkins);
}

/// The tags this feature's operations introduce, with their descriptions.
pub(crate) const TAGS: &[(&str, &str)] = &[
    (
        "checkins",
        "Mood check-ins the client records, with PHQ-9 and GAD-7 answers when the questionnaire \
         is due. A PHQ-9 item 9 above 0 raises a safety alert for the therapist, and the answer \
         carries crisis resources for the client.",
    ),
];
