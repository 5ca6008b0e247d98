//! Server-rendered pages for therapists: sign-in, the adherence dashboard and a client page.
//! Own CSS, SVG charts, no scripts, fonts or CDNs.

pub mod account_links;
pub mod charts;
mod client_view;
mod format;
mod reads;
pub mod region;
pub mod session;
pub mod sign_ins;
pub mod two_step;
mod views;

use crate::accounts::service::timezone_of;
use crate::aggregate::load_client;
use crate::audit::ObjectType;
use crate::auth::{self, tokens};
use crate::clients::authorize_therapist;
use crate::dashboard::dto::DashboardFilter;
use crate::dashboard::service as dashboard_service;
use crate::domain::SessionStatus;
use crate::error::ApiError;
use crate::extract::Query;
use crate::limits::Door;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use entities::{AlertId, ClientId};
use format::Times;
use maud::Markup;
use serde::Deserialize;
use session::{LOGIN_CSRF_COOKIE, SESSION_COOKIE, WebSession, cookie, is_https, removal};
use std::collections::HashMap;
use uuid::Uuid;

/// Pages carry health data and must not be framed, cached or given scripts.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
                   frame-ancestors 'none'; base-uri 'none'";

fn page(status: actix_web::http::StatusCode, markup: &Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_SECURITY_POLICY, CSP))
        .insert_header((header::X_FRAME_OPTIONS, "DENY"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(markup.clone().into_string())
}

fn see_other(to: &str) -> actix_web::HttpResponseBuilder {
    let mut res = HttpResponse::SeeOther();
    res.insert_header((header::LOCATION, to.to_owned()))
        .insert_header((header::CACHE_CONTROL, "no-store"));
    res
}

fn login_form(
    req: &HttpRequest,
    status: actix_web::http::StatusCode,
    failed: bool,
) -> HttpResponse {
    let csrf = tokens::generate();
    let mut res = page(status, &views::login(&csrf, failed));
    let _ = res.add_cookie(&cookie(LOGIN_CSRF_COOKIE, csrf, is_https(req)));
    res
}

/// The sign-in form with a message about the last attempt.
fn login_form_saying(
    req: &HttpRequest,
    status: actix_web::http::StatusCode,
    message: &str,
) -> HttpResponse {
    let csrf = tokens::generate();
    let mut res = page(status, &views::login_with(&csrf, Some(message)));
    let _ = res.add_cookie(&cookie(LOGIN_CSRF_COOKIE, csrf, is_https(req)));
    res
}

/// A sign-in refused for now: the form again, saying how long to wait, with `Retry-After`.
/// (Other errors pass through.)
pub(super) fn too_many_attempts(
    req: &HttpRequest,
    err: ApiError,
) -> Result<HttpResponse, ApiError> {
    let ApiError::TooManyRequests(secs) = err else {
        return Err(err);
    };
    let wait = if secs == 1 {
        "1 second".to_owned()
    } else if secs < 90 {
        format!("{secs} seconds")
    } else {
        format!("{} minutes", secs.div_ceil(60))
    };
    let mut res = login_form_saying(
        req,
        actix_web::http::StatusCode::TOO_MANY_REQUESTS,
        &format!("Too many attempts. Please wait {wait} before signing in again."),
    );
    if let Ok(value) = header::HeaderValue::from_str(&secs.to_string()) {
        res.headers_mut().insert(header::RETRY_AFTER, value);
    }
    Ok(res)
}

/// Answers a form the pages could not read with HTML, never actix's plain text: the sign-in
/// form again with a message on `/login`, a short page with the way back elsewhere. 415 when
/// it was not sent as a form, 413 above the form limit, else 400.
pub(crate) fn unreadable_form(
    err: actix_web::error::UrlencodedError,
    req: &HttpRequest,
) -> actix_web::Error {
    use actix_web::error::UrlencodedError;
    use actix_web::http::StatusCode;
    let (status, message) = match &err {
        UrlencodedError::ContentType => (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "The form was not sent as a web form. Please use the form on this page.",
        ),
        UrlencodedError::Overflow { .. } | UrlencodedError::UnknownLength => {
            (StatusCode::PAYLOAD_TOO_LARGE, "The form was too large.")
        }
        _ => (
            StatusCode::BAD_REQUEST,
            "The form was incomplete or malformed. Please try again.",
        ),
    };
    let response = if req.path() == "/login" {
        login_form_saying(req, status, message)
    } else {
        let back = req
            .path()
            .strip_prefix("/clients/")
            .and_then(|rest| rest.split('/').next())
            .map_or_else(|| "/dashboard".to_owned(), |id| format!("/clients/{id}"));
        page(status, &views::unreadable_form(message, &back))
    };
    actix_web::error::InternalError::from_response(err, response).into()
}

/// The sign-in form
///
/// The therapist dashboard's sign-in form (HTML), with a CSRF token in a cookie and a hidden
/// field. Posting it to `POST /login` signs in.
#[utoipa::path(tag = "pages", responses((status = 200, description = "The sign-in form", content_type = "text/html")))]
#[get("/login")]
pub async fn get_login(req: HttpRequest) -> HttpResponse {
    login_form(&req, actix_web::http::StatusCode::OK, false)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct LoginForm {
    pub email: String,
    pub password: String,
    #[serde(default)]
    pub csrf: String,
}

/// Sign in to the dashboard
///
/// Signs a therapist in with the form's `email` and `password`: 303 to `/dashboard` with an
/// `HttpOnly`, `SameSite=Strict` session cookie. A wrong password or unknown e-mail answers the
/// form again with 401; a missing or wrong CSRF token 403. Rate-limited as the API's sign-in.
#[utoipa::path(
    tag = "pages",
    request_body(content = LoginForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 303, description = "Signed in; to /dashboard"),
        (status = 200, description = "The password is right and the account has two-step sign-in: a form asking for the code, posted to `/login/two-step`", content_type = "text/html"),
        (status = 401, description = "Wrong e-mail or password: the form again; or the right password of an address not verified yet: a page that says so", content_type = "text/html"),
        (status = 403, description = "The form's CSRF token is missing or wrong", content_type = "text/html"),
        (status = 429, description = "Too many attempts from this address, or too many failed ones for this account from addresses it was never signed in from: the form again, saying how long to wait; try again after `Retry-After` seconds", content_type = "text/html", headers(("Retry-After" = u64, description = "Seconds to wait before the next attempt"))),
    )
)]
#[post("/login")]
pub async fn post_login(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    let expected = req
        .cookie(LOGIN_CSRF_COOKIE)
        .map(|c| c.value().to_owned())
        .unwrap_or_default();
    if expected.is_empty() || expected != form.csrf {
        return Ok(login_form_saying(
            &req,
            actix_web::http::StatusCode::FORBIDDEN,
            "This form had expired. Please sign in again.",
        ));
    }
    let source = crate::client_addr::of(&req);
    if let Err(limited) = state.limits.check(Door::SignIn, source, None) {
        return too_many_attempts(&req, limited);
    }
    let now = state.clock.now();
    let LoginForm {
        email, password, ..
    } = form;
    let outcome = match state
        .sign_in
        .guard(&state.db, now, &email, source, || {
            auth::web_login(&state.db, now, &email, password, source)
        })
        .await
    {
        Ok(outcome) => outcome,
        Err(limited) => return too_many_attempts(&req, limited),
    };
    match outcome {
        Ok((therapist, token)) => {
            tracing::info!(therapist_id = %therapist, "therapist signed in on the web");
            Ok(see_other("/dashboard")
                .cookie(cookie(SESSION_COOKIE, token, is_https(&req)))
                .cookie(removal(LOGIN_CSRF_COOKIE))
                .finish())
        }
        Err(auth::AuthError::InvalidCredentials) => Ok(login_form(
            &req,
            actix_web::http::StatusCode::UNAUTHORIZED,
            true,
        )),
        // The account has two-step sign-in: ask for the code (the CSRF cookie stays).
        Err(auth::AuthError::SecondFactor(mfa_token)) => Ok(two_step::code_form(
            &expected,
            &mfa_token,
            actix_web::http::StatusCode::OK,
            false,
        )),
        Err(auth::AuthError::Refused(crate::error::AuthProblem::EmailUnverified)) => {
            Ok(account_links::unverified(&req))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CsrfForm {
    #[serde(default)]
    pub csrf: String,
}

/// Sign out of the dashboard
///
/// Ends the dashboard session and removes its cookie: 303 to `/login`. The form's CSRF token
/// is required (403 without it).
#[utoipa::path(
    tag = "pages",
    security(("session" = [])),
    request_body(content = CsrfForm, content_type = "application/x-www-form-urlencoded"),
    responses((status = 303, description = "Signed out; to /login"), (status = 403, description = "Bad CSRF token"))
)]
#[post("/logout")]
pub async fn post_logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: WebSession,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, ApiError> {
    if !session.accepts(&form.csrf) {
        return Err(ApiError::Forbidden);
    }
    let actor = crate::audit::Actor {
        id: Some(session.therapist.uuid()),
        role: entities::audit_entry::ActorRole::Therapist,
        source: crate::client_addr::of(&req),
    };
    auth::logout(&state.db, state.clock.now(), session.session, actor, None).await?;
    Ok(see_other("/login").cookie(removal(SESSION_COOKIE)).finish())
}

/// The start page
///
/// Redirects (303) to `/dashboard`, which in turn sends a visitor without a session to
/// `/login`.
#[utoipa::path(tag = "pages", responses((status = 303, description = "To /dashboard")))]
#[get("/")]
pub async fn get_root() -> HttpResponse {
    see_other("/dashboard").finish()
}

/// The dashboard page
///
/// The signed-in therapist's clients as an HTML table, those who need attention first, with a
/// mood sparkline, adherence and PHQ-9 outcome per client; the query narrows it by phase or
/// problem area. Without a session it redirects (303) to `/login`.
#[utoipa::path(
    tag = "pages",
    security(("session" = [])),
    params(DashboardFilter),
    responses(
        (status = 200, description = "The dashboard", content_type = "text/html"),
        (status = 303, description = "Not signed in; to /login"),
        (status = 422, description = "An unknown query parameter, or a phase or problem area that does not exist", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/dashboard")]
pub async fn get_dashboard_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: WebSession,
    filter: Query<EmptyAsNone>,
) -> Result<HttpResponse, ApiError> {
    let filter = filter.0.parse()?;
    let now = state.clock.now();
    let rows = dashboard_service::dashboard(&state.db, session.therapist, now, &filter).await?;
    let actor = crate::audit::Actor {
        id: Some(session.therapist.uuid()),
        role: entities::audit_entry::ActorRole::Therapist,
        source: crate::client_addr::of(&req),
    };
    state
        .reads
        .record(now, actor, dashboard_service::reads(&rows))
        .await?;
    let erased =
        crate::safety::service::open_alerts_of_erased_clients(&state.db, session.therapist).await?;
    let times = Times::new(timezone_of(&state.db, session.therapist).await?);
    let today = now.date_naive();
    Ok(page(
        actix_web::http::StatusCode::OK,
        &views::dashboard(&rows, &erased, &filter, &session.csrf, today, times),
    ))
}

/// The filter form sends empty strings for "all".
#[derive(Debug, Deserialize, validator::Validate, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EmptyAsNone {
    pub phase: Option<String>,
    pub problem_area: Option<String>,
}

impl EmptyAsNone {
    fn parse(self) -> Result<DashboardFilter, ApiError> {
        let value =
            |raw: Option<String>| raw.filter(|s| !s.is_empty()).map(serde_json::Value::String);
        Ok(DashboardFilter {
            phase: value(self.phase)
                .map(serde_json::from_value)
                .transpose()
                .map_err(|_| ApiError::field("phase", "unknown phase"))?,
            problem_area: value(self.problem_area)
                .map(serde_json::from_value)
                .transpose()
                .map_err(|_| ApiError::field("problem_area", "unknown problem area"))?,
        })
    }
}

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
    change: crate::sessions::service::SessionChange,
) -> Result<(), ApiError> {
    let now = state.clock.now();
    let principal = auth::Principal::Therapist {
        id: session.therapist,
        session: session.session,
        source: crate::client_addr::of(req),
        at: now,
    };
    let access = authorize_therapist(&state.db, principal, ClientId::from(client_id)).await?;
    let client = load_client(&state.db, access.client).await?;
    crate::sessions::service::mark(
        &state.db,
        state.planner.as_ref(),
        &client,
        number,
        change,
        now,
        principal.into(),
    )
    .await?;
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
    let change = crate::sessions::service::SessionChange {
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
    let change = crate::sessions::service::SessionChange {
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
        state.channels,
        session.therapist,
        crate::safety::service::Acknowledgement {
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

/// The pages' stylesheet
///
/// The one stylesheet of the dashboard pages (the pages load nothing from third parties);
/// cacheable for an hour.
#[utoipa::path(tag = "pages", responses((status = 200, description = "CSS", content_type = "text/css")))]
#[get("/assets/app.css")]
pub async fn get_css() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(include_str!("app.css"))
}
