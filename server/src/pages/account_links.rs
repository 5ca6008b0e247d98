//! The pages of account e-mails, for a therapist who is not signed in: asking for a
//! password-reset link, setting a new password from it, and verifying an address. Each form
//! carries a double-submit CSRF token, like the sign-in form (there is no session to bind it
//! to); opening a link only shows a form, so that a mail scanner that follows links uses none.

use super::session::{LOGIN_CSRF_COOKIE, cookie, is_https};
use super::views::layout;
use super::{page, see_other};
use crate::account_tokens::service;
use crate::auth::tokens;
use crate::domain::Password;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use maud::{Markup, html};
use serde::Deserialize;

/// A page with a fresh form token in its cookie and its hidden field.
fn form_page(
    req: &HttpRequest,
    status: StatusCode,
    markup: impl FnOnce(&str) -> Markup,
) -> HttpResponse {
    let csrf = tokens::generate();
    let mut res = page(status, &markup(&csrf));
    let _ = res.add_cookie(&cookie(LOGIN_CSRF_COOKIE, csrf, is_https(req)));
    res
}

fn message(title: &str, text: &str) -> Markup {
    layout(
        title,
        None,
        html! {
            h1 { (title) }
            p { (text) }
            p { a href="/login" { "Go to sign-in" } }
        },
    )
}

/// The answer to a sign-in with the right password of an address not verified yet.
pub(super) fn unverified(req: &HttpRequest) -> HttpResponse {
    form_page(req, StatusCode::UNAUTHORIZED, |_| {
        message(
            "Confirm your e-mail address",
            "This account's e-mail address is not confirmed yet. Open the link in the e-mail we sent to it, then sign in.",
        )
    })
}

fn reset_request_form(csrf: &str) -> Markup {
    layout(
        "Forgot password",
        None,
        html! {
            form class="login" method="post" action="/password-reset" {
                h1 { "Forgot your password?" }
                p { "Enter your account's e-mail address: we send a link to choose a new password. It works once, for 30 minutes." }
                input type="hidden" name="csrf" value=(csrf);
                label for="email" { "E-mail" }
                input id="email" name="email" type="email" autocomplete="username" required;
                button type="submit" { "Send the link" }
            }
        },
    )
}

/// The password-reset request form
///
/// A form that asks for an account's e-mail address to send a password-reset link to
/// (`POST /password-reset`), with a CSRF token in a cookie and a hidden field.
#[utoipa::path(tag = "pages", responses((status = 200, description = "The form", content_type = "text/html")))]
#[get("/password-reset")]
pub async fn get_password_reset(req: HttpRequest) -> HttpResponse {
    form_page(&req, StatusCode::OK, reset_request_form)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ResetRequestForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub csrf: String,
}

/// Ask for a password-reset link
///
/// As `POST /api/v1/auth/password-reset`: e-mails a reset link if the address has an account,
/// and answers the same page either way. A missing or wrong CSRF token answers 403 with the
/// form again. Rate-limited as the sign-in.
#[utoipa::path(
    tag = "pages",
    request_body(content = ResetRequestForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "The same page for every address", content_type = "text/html"),
        (status = 403, description = "The form's CSRF token is missing or wrong: the form again", content_type = "text/html"),
        (status = 429, description = "Too many attempts; try again after `Retry-After` seconds", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/password-reset")]
pub async fn post_password_reset(
    req: HttpRequest,
    state: web::Data<AppState>,
    mails: web::Data<crate::account_tokens::Mails>,
    form: web::Form<ResetRequestForm>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    if !super::session::login_csrf_ok(&req, &form.csrf) {
        return Ok(form_page(&req, StatusCode::FORBIDDEN, reset_request_form));
    }
    crate::limits::per_address::admit(
        &state.db,
        state.clock.now(),
        crate::limits::per_address::MailDoor::PasswordReset,
        crate::client_addr::of(&req),
        state.settings.rate_limit_per_address,
    )
    .await?;
    service::request_reset(&state.db, &mails, state.clock.now(), &form.email).await?;
    Ok(page(
        StatusCode::OK,
        &message(
            "Check your e-mail",
            "If this address has an account, a link to choose a new password is on its way. It works once, for 30 minutes.",
        ),
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TokenQuery {
    /// The token of the e-mailed link.
    #[serde(default)]
    pub token: String,
}

fn new_password_form(token: &str, error: Option<&str>, csrf: &str) -> Markup {
    layout(
        "New password",
        None,
        html! {
            form class="login" method="post" action="/password-reset/new" {
                h1 { "Choose a new password" }
                @if let Some(error) = error {
                    p class="error" role="alert" { "The password " (error) "." }
                }
                p { "At least 12 characters, and not a common password. Setting it signs your account out everywhere." }
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="token" value=(token);
                label for="password" { "New password" }
                input id="password" name="password" type="password" autocomplete="new-password" minlength="12" required;
                button type="submit" { "Set the password" }
            }
        },
    )
}

/// The new-password form
///
/// Where the link of a password-reset e-mail leads: a form for the new password, with the
/// link's `token` in a hidden field. Opening it uses nothing; posting it does.
#[utoipa::path(
    tag = "pages",
    params(TokenQuery),
    responses((status = 200, description = "The form", content_type = "text/html"))
)]
#[get("/password-reset/new")]
pub async fn get_new_password(req: HttpRequest, query: web::Query<TokenQuery>) -> HttpResponse {
    let token = query.into_inner().token;
    form_page(&req, StatusCode::OK, |csrf| {
        new_password_form(&token, None, csrf)
    })
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewPasswordForm {
    #[serde(default)]
    pub token: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub csrf: String,
}

/// Set a new password from a reset link
///
/// As `POST /api/v1/auth/password-reset/confirm`: sets the password and ends every sign-in of
/// the account, then 303 to `/login`. A password the rules refuse answers the form again with
/// 422; a used, unknown or expired link a page that says so (401); a bad CSRF token 403.
#[utoipa::path(
    tag = "pages",
    request_body(content = NewPasswordForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 303, description = "Password set; to /login"),
        (status = 401, description = "The link is unknown, used or older than 30 minutes", content_type = "text/html"),
        (status = 403, description = "The form's CSRF token is missing or wrong", content_type = "text/html"),
        (status = 422, description = "The password is too short or too common: the form again", content_type = "text/html"),
    )
)]
#[post("/password-reset/new")]
pub async fn post_new_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<NewPasswordForm>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    if !super::session::login_csrf_ok(&req, &form.csrf) {
        return Ok(form_page(&req, StatusCode::FORBIDDEN, |csrf| {
            new_password_form(&form.token, None, csrf)
        }));
    }
    let password = match Password::parse(&form.password) {
        Ok(p) => p,
        Err(why) => {
            return Ok(form_page(&req, StatusCode::UNPROCESSABLE_ENTITY, |csrf| {
                new_password_form(&form.token, Some(why), csrf)
            }));
        }
    };
    match service::confirm_reset(
        &state.db,
        state.clock.now(),
        &form.token,
        password,
        crate::client_addr::of(&req),
    )
    .await
    {
        Ok(_) => Ok(see_other("/login").finish()),
        Err(service::LinkError::Invalid(_)) => Ok(page(
            StatusCode::UNAUTHORIZED,
            &layout(
                "Link not valid",
                None,
                html! {
                    h1 { "This link does not work any more" }
                    p { "A password-reset link works once, for 30 minutes." }
                    p { a href="/password-reset" { "Ask for a new link" } }
                },
            ),
        )),
        Err(e) => Err(e.into()),
    }
}

fn verify_form(token: &str, csrf: &str) -> Markup {
    layout(
        "Confirm your e-mail address",
        None,
        html! {
            form class="login" method="post" action="/verify-email" {
                h1 { "Confirm your e-mail address" }
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="token" value=(token);
                button type="submit" { "Confirm" }
            }
        },
    )
}

/// The verification page
///
/// Where the link of a verification e-mail leads: a button that confirms the address (with the
/// link's `token` in a hidden field). Opening it uses nothing; posting it does.
#[utoipa::path(
    tag = "pages",
    params(TokenQuery),
    responses((status = 200, description = "The form", content_type = "text/html"))
)]
#[get("/verify-email")]
pub async fn get_verify_email(req: HttpRequest, query: web::Query<TokenQuery>) -> HttpResponse {
    let token = query.into_inner().token;
    form_page(&req, StatusCode::OK, |csrf| verify_form(&token, csrf))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct VerifyForm {
    #[serde(default)]
    pub token: String,
    #[serde(default)]
    pub csrf: String,
}

/// Confirm an e-mail address
///
/// As `POST /api/v1/auth/verify-email`: confirms the address, then 303 to `/login`. A used,
/// unknown or expired link answers a page that says so (401); a bad CSRF token 403.
#[utoipa::path(
    tag = "pages",
    request_body(content = VerifyForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 303, description = "Confirmed; to /login"),
        (status = 401, description = "The link is unknown, used or older than 24 hours", content_type = "text/html"),
        (status = 403, description = "The form's CSRF token is missing or wrong", content_type = "text/html"),
    )
)]
#[post("/verify-email")]
pub async fn post_verify_email(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<VerifyForm>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    if !super::session::login_csrf_ok(&req, &form.csrf) {
        return Ok(form_page(&req, StatusCode::FORBIDDEN, |csrf| {
            verify_form(&form.token, csrf)
        }));
    }
    match service::verify_email(
        &state.db,
        state.clock.now(),
        &form.token,
        crate::client_addr::of(&req),
    )
    .await
    {
        Ok(_) => Ok(see_other("/login").finish()),
        Err(service::LinkError::Invalid(_)) => Ok(page(
            StatusCode::UNAUTHORIZED,
            &message(
                "This link does not work any more",
                "A verification link works once, for 24 hours. Sign up again with the address for a new one.",
            ),
        )),
        Err(e) => Err(e.into()),
    }
}
