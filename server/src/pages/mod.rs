//! Server-rendered pages for therapists: sign-in, the adherence dashboard and a client page.
//! Own CSS, SVG charts, no scripts, fonts or CDNs.

pub mod account_links;
pub mod charts;
pub mod client_page;
mod client_view;
mod format;
mod reads;
pub mod region;
pub mod session;
pub mod sign_in;
pub mod sign_ins;
pub mod two_step;
mod views;

use crate::accounts::service::timezone_of;
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

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CsrfForm {
    #[serde(default)]
    pub csrf: String,
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
