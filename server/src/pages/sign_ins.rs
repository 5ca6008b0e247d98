//! The therapist's sign-ins on the web: the list, and a button that revokes one.

use super::format::Times;
use super::session::{SESSION_COOKIE, WebSession, removal};
use super::views::{column_heads, layout};
use super::{page, see_other};
use crate::accounts::service::timezone_of;
use crate::error::ApiError;
use crate::sign_ins::model::{SignIn, SignInKind};
use crate::sign_ins::service;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use entities::SessionId;
use maud::{Markup, html};
use uuid::Uuid;

/// The sign-ins page
///
/// Where the signed-in therapist's account is signed in (apps and web browsers), with a button
/// to revoke each. Without a session it redirects (303) to `/login`.
#[utoipa::path(
    tag = "pages",
    security(("session" = [])),
    responses(
        (status = 200, description = "The sign-ins", content_type = "text/html"),
        (status = 303, description = "Not signed in; to /login"),
    )
)]
#[get("/sign-ins")]
pub async fn get_sign_ins_page(
    state: web::Data<AppState>,
    session: WebSession,
) -> Result<HttpResponse, ApiError> {
    let rows = service::list(&state.db, session.therapist, state.clock.now()).await?;
    let times = Times::new(timezone_of(&state.db, session.therapist).await?);
    Ok(page(
        actix_web::http::StatusCode::OK,
        &view(&rows, session.session, &session.csrf, times),
    ))
}

/// Revoke a sign-in from the sign-ins page
///
/// Ends one of the signed-in therapist's sign-ins, then 303 back to `/sign-ins` (or to
/// `/login`, when it was this browser's). Needs the session and the form's CSRF token; another
/// therapist's sign-in answers 404.
#[utoipa::path(
    tag = "pages",
    security(("session" = [])),
    params(("session_id" = Uuid, Path, description = "The sign-in")),
    request_body(content = super::CsrfForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 303, description = "Revoked; back to /sign-ins, or to /login for this browser's own"),
        (status = 403, description = "Bad CSRF token"),
        (status = 404, description = "No such sign-in, or not yours"),
    )
)]
#[post("/sign-ins/{session_id}/revoke")]
pub async fn post_revoke_sign_in(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: WebSession,
    path: web::Path<Uuid>,
    form: web::Form<super::CsrfForm>,
) -> Result<HttpResponse, ApiError> {
    if !session.accepts(&form.csrf) {
        return Err(ApiError::Forbidden);
    }
    let target = SessionId::from(path.into_inner());
    let actor = crate::audit::Actor {
        id: Some(session.therapist.uuid()),
        role: entities::audit_entry::ActorRole::Therapist,
        source: crate::client_addr::of(&req),
    };
    service::revoke(
        &state.db,
        session.therapist,
        target,
        state.clock.now(),
        actor,
    )
    .await?;
    tracing::info!(session_id = %target, "sign-in revoked on the web");
    if target == session.session {
        return Ok(see_other("/login").cookie(removal(SESSION_COOKIE)).finish());
    }
    Ok(see_other("/sign-ins").finish())
}

fn view(rows: &[SignIn], current: SessionId, csrf: &str, times: Times) -> Markup {
    layout(
        "Sign-ins",
        Some(csrf),
        html! {
            h1 { "Where you are signed in" }
            p { "Revoke a sign-in you do not recognise, then change your password." }
            table id="sign-ins" {
                caption { "Times are in " (times.zone_name()) "." }
                (column_heads(&["Where", "Signed in", "Last used", "Revoke"]))
                tbody {
                    @for r in rows {
                        tr data-session=(r.id) {
                            td {
                                @match r.kind {
                                    SignInKind::Web => "Web browser",
                                    SignInKind::Api => "App",
                                }
                                @if let Some(label) = &r.device_label { " (" (label) ")" }
                                @if r.id == current { " " span class="badge" { "this browser" } }
                            }
                            td { (times.at(r.created_at)) }
                            td { (times.at(r.last_used_at)) }
                            td {
                                form class="inline" method="post" action={"/sign-ins/" (r.id) "/revoke"} {
                                    input type="hidden" name="csrf" value=(csrf);
                                    button class="secondary" type="submit" { "Revoke" }
                                }
                            }
                        }
                    }
                }
            }
            p { a href="/dashboard" { "Back to your clients" } }
        },
    )
}
