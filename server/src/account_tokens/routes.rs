//! `POST /api/v1/auth/password-reset`, `…/password-reset/confirm` and
//! `POST /api/v1/auth/verify-email`.

use super::dto::{Accepted, PasswordResetConfirm, PasswordResetRequest, VerifyEmailRequest};
use super::service;
use crate::domain::Password;
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::limits::per_address::{MailDoor, admit};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, post, web};
use utoipa_actix_web::service_config::ServiceConfig;

/// Ask for a password-reset link
///
/// E-mails a link to set a new password to the address, if it has an account. The answer is
/// the same `202` whether or not it has one, so that it does not tell which addresses have
/// accounts. A link works once, for 30 minutes; earlier unused links stay valid (at most three,
/// the oldest goes first). While a link younger than 5 minutes is unused, asking again answers
/// the same but makes no link and sends no e-mail. Requests are rate-limited per address (429
/// with `Retry-After`), never per e-mail, so nobody can keep the owner from a reset.
#[utoipa::path(
    tag = "auth",
    security(()),
    request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "Accepted; the same body for every address", body = Accepted),
        (status = 422, description = "Invalid body", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address; try again after `Retry-After` seconds", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/password-reset")]
pub async fn request_password_reset(
    req: HttpRequest,
    state: web::Data<AppState>,
    mails: web::Data<crate::account_tokens::Mails>,
    body: Json<PasswordResetRequest>,
) -> Result<HttpResponse, ApiError> {
    let email = body.0.email;
    admit(
        &state.db,
        state.clock.now(),
        MailDoor::PasswordReset,
        crate::client_addr::of(&req),
        state.settings.rate_limit_per_address,
    )
    .await?;
    service::request_reset(&state.db, &mails, state.clock.now(), &email).await?;
    Ok(HttpResponse::Accepted().json(Accepted::RESET))
}

/// Set a new password with a reset link
///
/// Sets the account's password with the `token` of a reset link and ends every sign-in of the
/// account (apps and web pages): sign in again with the new password. The password follows the
/// sign-up rules (422 on `password`). A link works once and for 30 minutes:
/// `/problems/reset-token-invalid` otherwise.
#[utoipa::path(
    tag = "auth",
    security(()),
    request_body = PasswordResetConfirm,
    responses(
        (status = 204, description = "Password set; every sign-in of the account ended"),
        (status = 401, description = "`/problems/reset-token-invalid`: unknown, used or older than 30 minutes", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The password is too short, too long or too common (`errors.password`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/password-reset/confirm")]
pub async fn confirm_password_reset(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: Json<PasswordResetConfirm>,
) -> Result<HttpResponse, ApiError> {
    let PasswordResetConfirm { token, password } = body.0;
    let password = Password::parse(&password).map_err(|m| ApiError::field("password", m))?;
    service::confirm_reset(
        &state.db,
        state.clock.now(),
        &token,
        password,
        crate::client_addr::of(&req),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Verify an e-mail address
///
/// Confirms a new account's address with the `token` of the link e-mailed at sign-up (when the
/// server requires verified addresses); the account can sign in from then on. A link works
/// once and for 24 hours: `/problems/verification-token-invalid` otherwise (sign up again with
/// the address for a new link).
#[utoipa::path(
    tag = "auth",
    security(()),
    request_body = VerifyEmailRequest,
    responses(
        (status = 204, description = "Verified"),
        (status = 401, description = "`/problems/verification-token-invalid`: unknown, used or older than 24 hours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/verify-email")]
pub async fn verify_email(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: Json<VerifyEmailRequest>,
) -> Result<HttpResponse, ApiError> {
    service::verify_email(
        &state.db,
        state.clock.now(),
        &body.0.token,
        crate::client_addr::of(&req),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Registers this feature's operations, in the order they are matched.
pub(crate) fn api(cfg: &mut ServiceConfig) {
    cfg
        .service(request_password_reset)
        .service(confirm_password_reset)
        .service(verify_email);
}

/// No tag of its own: its operations carry `auth` (described by `auth`).
pub(crate) const TAGS: &[(&str, &str)] = &[];
