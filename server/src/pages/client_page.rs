//! A client's page and the forms on it: session marks, goal ratings, acknowledging an alert.

use super::*;
use crate::safety::SafetyNet;

/// A client's page
///
/// One client's page (HTML): the session log, charts of mood, PHQ-9 and GAD-7 along the session
/// weeks, the inventory with mood by person, the client's own words, the safety plan, homework,
/// practice and reminders. Without a session it redirects (303) to `/login`; another
/// therapist's client answers 404.
#[utoipa::path(
    tag = "pages",
    security(("session" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    responses(
        (status = 200, description = "The client page", content_type = "text/html"),
        (status = 303, description = "Not signed in; to /login"),
        (status = 404, description = "No such client, or not yours", content_type = "text/html"),
    )
)]
#[get("/clients/{client_id}")]
pub async fn get_client_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: WebSession,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let principal = auth::Principal::Therapist {
        id: session.therapist,
        session: session.session,
        source: crate::client_addr::of(&req),
        at: state.clock.now(),
    };
    let access =
        match authorize_therapist(&state.db, principal, ClientId::from(path.into_inner())).await {
            Ok(access) => access,
            Err(ApiError::NotFound | ApiError::Forbidden) => {
                return Ok(page(
                    actix_web::http::StatusCode::NOT_FOUND,
                    &views::not_found(&session.csrf),
                ));
            }
            Err(e) => return Err(e),
        };
    let now = state.clock.now();
    access
        .audit_read(&state.reads, now, ObjectType::ClientPage)
        .await?;
    let times = Times::new(timezone_of(&state.db, session.therapist).await?);
    let read = reads::client_page(&state.db, &access.client, now).await?;
    Ok(page(
        actix_web::http::StatusCode::OK,
        &client_view::client(&read, &session.csrf, times, now),
    ))
}

/// Records `change` for session `number` of the signed-in therapist's client `client_id`, as
/// the API's `PUT …/sessions/{number}` does: the page forms' one way to the session log.
async fn mark_from_page(
    req: &HttpRequest,
    state: &AppState,
    session: &WebSession,
    client_id: Uuid,
    number: u16,
    change: crate::sessions::model::SessionChange,
) -> Result<(), ApiError> {
    let now = state.clock.now();
    let principal = auth::Principal::Therapist {
        id: session.therapist,
        session: session.session,
        source: crate::client_addr::of(req),
        at: now,
    };
    let access = authorize_therapist(&state.db, principal, ClientId::from(client_id)).await?;
    // The page's form is the log as just shown: no `If-Match`.
    crate::sessions::routes::mark(state, access, principal, (number, change), None).await?;
    Ok(())
}

/// The session-mark form: which mark (`held`, `cancelled`, `no_show`).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SessionMarkForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub status: String,
}

/// Mark a session from the client page
///
/// Marks a session of the client's course held, cancelled or missed from the client page (as
/// `PUT /api/v1/clients/{client_id}/sessions/{number}` does), then 303 back to the session log;
/// reminders and the countdown follow. Needs the session and the form's CSRF token.
#[utoipa::path(
    tag = "pages",
    security(("session" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), ("number" = u16, Path, description = "The session's number")),
    request_body(content = SessionMarkForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 303, description = "Marked; back to the client page's session log"),
        (status = 403, description = "Bad CSRF token"),
        (status = 404, description = "No such client or session, or not yours"),
        (status = 422, description = "No mark chosen"),
    )
)]
#[post("/clients/{client_id}/sessions/{number}/mark")]
pub async fn post_session_mark(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: WebSession,
    path: web::Path<(Uuid, u16)>,
    form: web::Form<SessionMarkForm>,
) -> Result<HttpResponse, ApiError> {
    if !session.accepts(&form.csrf) {
        return Err(ApiError::Forbidden);
    }
    let (client_id, number) = path.into_inner();
    let status = match form.status.as_str() {
        "held" => SessionStatus::Held,
        "cancelled" => SessionStatus::Cancelled,
        "no_show" => SessionStatus::NoShow,
        _ => {
            return Err(ApiError::field(
                "status",
                "choose held, cancelled or no_show",
            ));
        }
    };
    let change = crate::sessions::model::SessionChange {
        status,
        held_at: None,
        scheduled_for: None,
        // Goals are rated with the formulation, not from the session log's buttons.
        goal_ratings: Vec::new(),
    };
    mark_from_page(&req, &state, &session, client_id, number, change).await?;
    tracing::info!(%client_id, number, "session marked on the web");
    Ok(see_other(&format!("/clients/{client_id}#sessions")).finish())
}

/// Rate the goals from the client page
///
/// Rates the formulation's goals at a session from the client page: `session` and one
/// `goal-<id>` field per goal, 0–10 (empty: not rated). The session is marked held; then 303
/// back to the formulation. Needs the session and the form's CSRF token.
#[utoipa::path(
    tag = "pages",
    security(("session" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    request_body(content = HashMap<String, String>, content_type = "application/x-www-form-urlencoded",
        description = "`csrf`, `session` (its number) and `goal-<goal id>` = 0–10 or empty"),
    responses(
        (status = 303, description = "Rated; back to the client page's formulation"),
        (status = 403, description = "Bad CSRF token"),
        (status = 404, description = "No such client or session, or not yours"),
        (status = 422, description = "A rating outside 0–10, or a goal the formulation does not have"),
    )
)]
#[post("/clients/{client_id}/goals/rate")]
pub async fn post_goal_ratings(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: WebSession,
    path: web::Path<Uuid>,
    form: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    if !session.accepts(form.get("csrf").map_or("", String::as_str)) {
        return Err(ApiError::Forbidden);
    }
    let client_id = path.into_inner();
    let number: u16 = form
        .get("session")
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| ApiError::field("session", "choose a session"))?;
    let mut goal_ratings = Vec::new();
    for (field, value) in &form {
        let Some(goal) = field.strip_prefix("goal-") else {
            continue;
        };
        if value.trim().is_empty() {
            continue;
        }
        let goal: Uuid = goal
            .parse()
            .map_err(|_| ApiError::field(field.clone(), "is not a goal"))?;
        let rating = value
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|r| *r <= 10)
            .ok_or_else(|| ApiError::field(field.clone(), "must be between 0 and 10"))?;
        goal_ratings.push((goal, rating));
    }
    let change = crate::sessions::model::SessionChange {
        status: SessionStatus::Held,
        held_at: None,
        scheduled_for: None,
        goal_ratings,
    };
    mark_from_page(&req, &state, &session, client_id, number, change).await?;
    tracing::info!(%client_id, number, "goals rated on the web");
    Ok(see_other(&format!("/clients/{client_id}#formulation")).finish())
}

/// The acknowledge form: what was done, and a note (required for `other`).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AcknowledgeForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub note: String,
}

/// Acknowledge an alert from the client page
///
/// Acknowledges a safety alert from the client page (or, for an erased client, the dashboard),
/// recording what was done, then 303 back. As `POST /api/v1/alerts/{alert_id}/acknowledge`;
/// needs the session and the form's CSRF token.
#[utoipa::path(
    tag = "pages",
    security(("session" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), ("alert_id" = Uuid, Path, description = "The alert")),
    request_body(content = AcknowledgeForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 303, description = "Acknowledged; back to the client page"),
        (status = 403, description = "Bad CSRF token"),
        (status = 404, description = "No such alert, or not yours"),
        (status = 422, description = "No action chosen, or `other` without a note"),
    )
)]
#[post("/clients/{client_id}/alerts/{alert_id}/acknowledge")]
pub async fn post_acknowledge(
    req: HttpRequest,
    state: web::Data<AppState>,
    net: web::Data<SafetyNet>,
    session: WebSession,
    path: web::Path<(Uuid, Uuid)>,
    form: web::Form<AcknowledgeForm>,
) -> Result<HttpResponse, ApiError> {
    if !session.accepts(&form.csrf) {
        return Err(ApiError::Forbidden);
    }
    let (client_id, alert_id) = path.into_inner();
    let action: crate::safety::dto::ActionTaken =
        serde_json::from_value(serde_json::Value::String(form.action.clone()))
            .map_err(|_| ApiError::field("action", "choose what you did"))?;
    // Browsers send a form's line breaks as CRLF.
    let note = Some(form.note.replace("\r\n", "\n")).filter(|n| !n.trim().is_empty());
    if note
        .as_deref()
        .is_some_and(crate::extract::has_forbidden_control)
    {
        return Err(ApiError::field(
            "note",
            crate::extract::FREE_TEXT_CONTROL_MESSAGE,
        ));
    }
    if action == crate::safety::dto::ActionTaken::Other && note.is_none() {
        return Err(ApiError::field(
            "note",
            "is required when the action is other",
        ));
    }
    if note.as_ref().is_some_and(|n| n.chars().count() > 2000) {
        return Err(ApiError::field("note", "must be at most 2000 characters"));
    }
    let actor = crate::audit::Actor {
        id: Some(session.therapist.uuid()),
        role: entities::audit_entry::ActorRole::Therapist,
        source: crate::client_addr::of(&req),
    };
    // The path's client is checked before anything is written.
    let alert = crate::safety::service::acknowledge(
        &state.db,
        &state.gate,
        net.channels,
        session.therapist,
        crate::safety::model::Acknowledgement {
            alert: AlertId::from(alert_id),
            expected_client: Some(ClientId::from(client_id)),
            action: action.into(),
            note,
        },
        state.clock.now(),
        actor,
    )
    .await?;
    tracing::info!(alert_id = %alert.id, "safety alert acknowledged on the web");
    let back = if alert.client_erased_at.is_some() {
        "/dashboard".to_owned()
    } else {
        format!("/clients/{client_id}")
    };
    Ok(see_other(&back).finish())
}
