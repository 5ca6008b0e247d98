//! Two-step sign-in on the pages: the sign-in's code form, and the therapist's page to set up
//! and turn off the second factor. The QR code is inline SVG, which the pages' CSP allows
//! without a change (`img-src` governs only images loaded by URL).

use super::session::{
    LOGIN_CSRF_COOKIE, SESSION_COOKIE, TWO_STEP_PAGE, WebSession, cookie, is_https, removal,
};
use super::views::layout;
use super::{login_form, page, see_other};
use crate::auth::{self, AuthError};
use crate::error::{ApiError, AuthProblem};
use crate::limits::Door;
use crate::mfa::model::Enrolment;
use crate::mfa::service::{self, MfaError};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

/// The sign-in's second step: a code for `mfa_token`, the login CSRF token kept.
pub(super) fn code_form(
    csrf: &str,
    mfa_token: &str,
    status: StatusCode,
    failed: bool,
) -> HttpResponse {
    page(
        status,
        &layout(
            "Sign in",
            None,
            html! {
                form class="login" method="post" action="/login/two-step" {
                    h1 { "Two-step sign-in" }
                    @if failed {
                        p class="error" role="alert" { "That code is wrong or was already used. Wait for the next code, or use a recovery code." }
                    }
                    p { "Enter the 6-digit code from your authenticator app, or one of your recovery codes." }
                    input type="hidden" name="csrf" value=(csrf);
                    input type="hidden" name="mfa_token" value=(mfa_token);
                    label for="code" { "Code" }
                    input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required autofocus;
                    button type="submit" { "Sign in" }
                }
            },
        ),
    )
}

/// The sign-in's second-step form.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct LoginCodeForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub mfa_token: String,
    #[serde(default)]
    pub code: String,
}

/// Sign in to the dashboard: the second step
///
/// For an account with two-step sign-in, `POST /login` answers a form asking for a code; this
/// takes it (`mfa_token` from that form, `code` from the authenticator app or a recovery code):
/// 303 to `/dashboard` with the session cookie. A wrong code answers the code form again with
/// 401; an expired or used step the sign-in form. Needs the sign-in form's CSRF token (403).
#[utoipa::path(
    tag = "pages",
    request_body(content = LoginCodeForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 303, description = "Signed in; to /dashboard"),
        (status = 401, description = "Wrong code (the code form again), or the step expired (the sign-in form)", content_type = "text/html"),
        (status = 403, description = "The form's CSRF token is missing or wrong", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts: the sign-in form, saying how long to wait; try again after `Retry-After` seconds", content_type = "text/html", headers(("Retry-After" = u64, description = "Seconds to wait before the next attempt"))),
    )
)]
#[post("/login/two-step")]
pub async fn post_login_code(
    req: HttpRequest,
    state: web::Data<AppState>,
    limits: web::Data<crate::limits::Limits>,
    guard: web::Data<crate::limits::sign_in::SignInGuard>,
    form: web::Form<LoginCodeForm>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    if !super::session::login_csrf_ok(&req, &form.csrf) {
        // Refused without a new CSRF cookie: the real form, open in the browser, stays usable.
        return Err(ApiError::Forbidden);
    }
    let source = crate::client_addr::of(&req);
    if let Err(limited) = limits.check(
        Door::SignIn,
        source,
        Some(&format!("mfa|{}", auth::token_hash(&form.mfa_token))),
    ) {
        return super::too_many_attempts(&req, limited);
    }
    let now = state.clock.now();
    let step = || {
        auth::login_second_step::<auth::Web>(
            &state.db,
            &state.token_key,
            now,
            &form.mfa_token,
            &form.code,
            source,
        )
    };
    // Wrong codes count as failed sign-ins of the account, like wrong passwords.
    let outcome =
        match crate::mfa::service::challenge_email(&state.db, &form.mfa_token, true, now).await? {
            Some(email) => match guard.guard(&state.db, now, &email, source, step).await {
                Ok(outcome) => outcome,
                Err(limited) => return super::too_many_attempts(&req, limited),
            },
            None => step().await,
        };
    match outcome {
        Ok((therapist, token)) => {
            tracing::info!(therapist_id = %therapist, "therapist signed in on the web with a second factor");
            Ok(see_other("/dashboard")
                .cookie(cookie(SESSION_COOKIE, token, is_https(&req)))
                .cookie(removal(LOGIN_CSRF_COOKIE))
                .finish())
        }
        Err(AuthError::Refused(AuthProblem::MfaCodeInvalid)) => Ok(code_form(
            &form.csrf,
            &form.mfa_token,
            StatusCode::UNAUTHORIZED,
            true,
        )),
        Err(AuthError::Refused(AuthProblem::MfaTokenInvalid)) => {
            Ok(login_form(&req, StatusCode::UNAUTHORIZED, false))
        }
        Err(e) => Err(e.into()),
    }
}

/// What the two-step page shows.
enum State {
    Off,
    Pending(Enrolment),
    On,
}

fn two_step_page(state: &State, csrf: &str, required: bool, error: Option<&str>) -> Markup {
    layout(
        "Two-step sign-in",
        Some(csrf),
        html! {
            section class="two-step" {
                h1 { "Two-step sign-in" }
                @if let Some(error) = error {
                    p class="error" role="alert" { (error) }
                }
                @match state {
                    State::Off => {
                        @if required {
                            p { "This server requires two-step sign-in. Set it up to continue." }
                        }
                        p { "After your password, sign-in will ask for a code from an authenticator app on your phone." }
                        form method="post" action="/account/two-step/start" {
                            input type="hidden" name="csrf" value=(csrf);
                            button type="submit" { "Set up two-step sign-in" }
                        }
                    }
                    State::Pending(enrolment) => {
                        p { "Scan this code with your authenticator app, or type the key in by hand. Then enter the app's current code." }
                        figure class="qr" {
                            // Our own SVG (the qrcode crate's output: one rect, one path), not
                            // user input.
                            (PreEscaped(&enrolment.qr_svg))
                            figcaption { "Key: " code { (enrolment.secret) } }
                        }
                        form method="post" action="/account/two-step/confirm" {
                            input type="hidden" name="csrf" value=(csrf);
                            label for="code" { "Code from the app" }
                            input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required;
                            button type="submit" { "Turn on" }
                        }
                        form method="post" action="/account/two-step/start" {
                            input type="hidden" name="csrf" value=(csrf);
                            button class="secondary" type="submit" { "Start again with a new key" }
                        }
                    }
                    State::On => {
                        p { "Two-step sign-in is on." }
                        @if required {
                            p { "This server requires it, so it cannot be turned off." }
                        } @else {
                            form method="post" action="/account/two-step/disable" {
                                input type="hidden" name="csrf" value=(csrf);
                                label for="code" { "Code from the app, or a recovery code" }
                                input id="code" name="code" type="text" autocomplete="one-time-code" required;
                                button class="secondary" type="submit" { "Turn off" }
                            }
                        }
                    }
                }
                p { a href="/dashboard" { "Back to the dashboard" } }
            }
        },
    )
}

async fn show(
    state: &AppState,
    session: &WebSession,
    status: StatusCode,
    error: Option<&str>,
) -> Result<HttpResponse, ApiError> {
    let shown = if service::is_active(&state.db, session.therapist).await? {
        State::On
    } else {
        match service::pending(&state.db, &state.token_key, session.therapist).await? {
            Some(enrolment) => State::Pending(enrolment),
            None => State::Off,
        }
    };
    Ok(page(
        status,
        &two_step_page(&shown, &session.csrf, state.settings.require_mfa, error),
    ))
}

/// The two-step sign-in page
///
/// The signed-in therapist's second factor: set it up (a QR code and the key as text for an
/// authenticator app, then a code to confirm), or turn it off. Where the server requires it
/// (`IPT_REQUIRE_MFA`), every other page redirects here until it is on. Without a session it
/// redirects (303) to `/login`.
#[utoipa::path(
    tag = "pages",
    security(("session" = [])),
    responses(
        (status = 200, description = "The page", content_type = "text/html"),
        (status = 303, description = "Not signed in; to /login"),
    )
)]
#[get("/account/two-step")]
pub async fn get_two_step(
    state: web::Data<AppState>,
    session: WebSession,
) -> Result<HttpResponse, ApiError> {
    show(&state, &session, StatusCode::OK, None).await
}

/// A form with only the CSRF token, or a code as well.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TwoStepForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub code: String,
}

/// Start setting up two-step sign-in on the page
///
/// Starts (or starts again, with a new key) the enrolment, as `POST /api/v1/me/mfa/totp`; then
/// 303 back to the two-step page, which shows the QR code. Needs the form's CSRF token.
#[utoipa::path(
    tag = "pages",
    security(("session" = [])),
    request_body(content = TwoStepForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 303, description = "To the two-step page"),
        (status = 403, description = "Bad CSRF token"),
    )
)]
#[post("/account/two-step/start")]
pub async fn post_two_step_start(
    state: web::Data<AppState>,
    session: WebSession,
    form: web::Form<TwoStepForm>,
) -> Result<HttpResponse, ApiError> {
    if !session.accepts(&form.csrf) {
        return Err(ApiError::Forbidden);
    }
    match service::start_enrolment(
        &state.db,
        &state.token_key,
        session.therapist,
        state.clock.now(),
    )
    .await
    {
        // Already on: the page says so.
        Ok(_) | Err(MfaError::AlreadyActive) => Ok(see_other(TWO_STEP_PAGE).finish()),
        Err(e) => Err(e.into()),
    }
}

/// Turn two-step sign-in on from the page
///
/// Confirms the enrolment with the app's current code, as `POST /api/v1/me/mfa/totp/confirm`,
/// and answers a page with the ten recovery codes, shown this once. A wrong code answers the
/// two-step page again with 422. Needs the form's CSRF token.
#[utoipa::path(
    tag = "pages",
    security(("session" = [])),
    request_body(content = TwoStepForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "Turned on: the recovery codes", content_type = "text/html"),
        (status = 403, description = "Bad CSRF token"),
        (status = 422, description = "Wrong code: the page again", content_type = "text/html"),
        (status = 429, description = "Too many attempts; try again after `Retry-After` seconds", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/account/two-step/confirm")]
pub async fn post_two_step_confirm(
    req: HttpRequest,
    state: web::Data<AppState>,
    limits: web::Data<crate::limits::Limits>,
    session: WebSession,
    form: web::Form<TwoStepForm>,
) -> Result<HttpResponse, ApiError> {
    code_form_allowed(&req, &limits, &session, &form.csrf)?;
    match service::confirm(
        &state.db,
        &state.token_key,
        session.therapist,
        &form.code,
        state.clock.now(),
    )
    .await
    {
        Ok(codes) => {
            tracing::info!(therapist_id = %session.therapist, "totp turned on on the web");
            Ok(page(
                StatusCode::OK,
                &layout(
                    "Two-step sign-in",
                    Some(&session.csrf),
                    html! {
                        section class="two-step" {
                            h1 { "Two-step sign-in is on" }
                            p { "Keep these recovery codes somewhere safe. Each one signs you in once if you lose your phone. They are shown only now." }
                            ul class="recovery-codes" {
                                @for code in &codes { li { code { (code) } } }
                            }
                            p { a href="/dashboard" { "Continue to the dashboard" } }
                        }
                    },
                ),
            ))
        }
        Err(MfaError::WrongCode) => {
            show(
                &state,
                &session,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("That code did not match. Check the app and try the current code."),
            )
            .await
        }
        Err(MfaError::AlreadyActive | MfaError::NotPending) => {
            Ok(see_other(TWO_STEP_PAGE).finish())
        }
        Err(e) => Err(e.into()),
    }
}

/// Turn two-step sign-in off from the page
///
/// Turns the second factor off with a current code or a recovery code, as
/// `DELETE /api/v1/me/mfa/totp`; then 303 back to the two-step page. A wrong code answers the
/// page again with 422; where the server requires two-step sign-in, 409. Needs the form's CSRF
/// token.
#[utoipa::path(
    tag = "pages",
    security(("session" = [])),
    request_body(content = TwoStepForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 303, description = "Turned off; to the two-step page"),
        (status = 403, description = "Bad CSRF token"),
        (status = 409, description = "The server requires two-step sign-in", content_type = "text/html"),
        (status = 422, description = "Wrong code: the page again", content_type = "text/html"),
        (status = 429, description = "Too many attempts; try again after `Retry-After` seconds", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/account/two-step/disable")]
pub async fn post_two_step_disable(
    req: HttpRequest,
    state: web::Data<AppState>,
    limits: web::Data<crate::limits::Limits>,
    session: WebSession,
    form: web::Form<TwoStepForm>,
) -> Result<HttpResponse, ApiError> {
    code_form_allowed(&req, &limits, &session, &form.csrf)?;
    match service::disable(
        &state.db,
        &state.token_key,
        session.therapist,
        &form.code,
        state.clock.now(),
        state.settings.require_mfa,
    )
    .await
    {
        Ok(()) => {
            tracing::info!(therapist_id = %session.therapist, "totp turned off on the web");
            Ok(see_other(TWO_STEP_PAGE).finish())
        }
        Err(MfaError::WrongCode) => show(
            &state,
            &session,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("That code did not match. Use the app's current code or an unused recovery code."),
        )
        .await,
        Err(MfaError::RequiredByDeployment) => {
            show(
                &state,
                &session,
                StatusCode::CONFLICT,
                Some("This server requires two-step sign-in; it cannot be turned off."),
            )
            .await
        }
        Err(MfaError::NotActive) => Ok(see_other(TWO_STEP_PAGE).finish()),
        Err(e) => Err(e.into()),
    }
}

/// A form that turns two-step sign-in on or off: its CSRF token (403), and the sign-in limits
/// of the address and of the account's codes (429), which guessing a code meets like a
/// password.
fn code_form_allowed(
    req: &HttpRequest,
    limits: &crate::limits::Limits,
    session: &WebSession,
    csrf: &str,
) -> Result<(), ApiError> {
    if !session.accepts(csrf) {
        return Err(ApiError::Forbidden);
    }
    limits.check(
        Door::SignIn,
        crate::client_addr::of(req),
        Some(&format!("mfa|{}", session.therapist)),
    )?;
    Ok(())
}
