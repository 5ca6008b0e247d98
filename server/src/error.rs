//! The one error type of the HTTP layer, rendered as RFC 9457 `application/problem+json`.
//!
//! Newer services (e.g. `safety_plan`, `clients`) have their own `thiserror` enums that convert
//! into [`ApiError`] in one place; older ones still return `ApiError` directly (issue 12 moves
//! them over). Use:
//! - `Validation` for input that parsed but breaks a rule (422, with `errors` by field path);
//! - `BadRequest` only for a body that is not JSON at all (400);
//! - `NotFound` both for what does not exist and for another tenant's record (never reveal);
//! - `PreconditionFailed` when an `If-Match` names a version that is no longer current (412);
//! - `Forbidden` for a wrong role on the caller's own resource;
//! - `Auth` when a sign-in, a token or an invite code is refused for a reason the caller can act
//!   on (401, one problem type per [`AuthProblem`]); `Unauthorized` for a missing or unknown
//!   bearer token;
//! - `Unavailable` when the database does not answer (503, the client may retry);
//! - `Internal` for everything unexpected: the cause is logged once, the body says nothing.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use sea_orm::{DbErr, RuntimeErr};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Messages per field path (`treatment.planned_sessions`, `phq9[8]`).
pub type FieldErrors = BTreeMap<String, Vec<String>>;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("the request body is not valid JSON")]
    BadRequest(String),
    #[error("authentication required")]
    Unauthorized,
    #[error("sign-in refused ({})", .0.slug())]
    Auth(AuthProblem),
    #[error("not allowed for this role")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("conflict")]
    Conflict(String),
    #[error("precondition failed")]
    PreconditionFailed,
    #[error("request body too large")]
    PayloadTooLarge,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("validation failed")]
    Validation(FieldErrors),
    #[error("too many requests")]
    TooManyRequests(u64),
    #[error("service unavailable")]
    Unavailable(#[source] anyhow::Error),
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

/// Why a sign-in, a token or an invite code was refused (401). Each reason is a problem type
/// of its own, so that a phone knows what to do next: refresh, sign in again, or ask its
/// therapist for a new code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthProblem {
    /// An unknown e-mail or a wrong password: one answer for both, so accounts cannot be probed.
    InvalidCredentials,
    /// A refresh token this server does not know (never issued, or purged after it expired).
    TokenInvalid,
    /// An access token past its 15 minutes: refresh.
    AccessTokenExpired,
    /// A refresh token unused for longer than its lifetime: sign in again.
    RefreshTokenExpired,
    /// A rotated refresh token presented after its grace, or after its successor was used:
    /// someone else holds it, so the whole sign-in was revoked.
    RefreshReused,
    /// The sign-in ended (signed out, revoked, or its account erased).
    SignInRevoked,
    /// An invite code this server does not know.
    InviteInvalid,
    /// An invite code older than seven days.
    InviteExpired,
    /// An invite code replaced by a newer one for the same client.
    InviteReplaced,
    /// An invite code already redeemed (a retry with the same `device_id` within ten minutes is
    /// answered with the same sign-in instead).
    InviteUsed,
}

impl AuthProblem {
    /// The last segment of the problem's `type`.
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            Self::InvalidCredentials => "invalid-credentials",
            Self::TokenInvalid => "token-invalid",
            Self::AccessTokenExpired | Self::RefreshTokenExpired => "token-expired",
            Self::RefreshReused => "refresh-reused",
            Self::SignInRevoked => "sign-in-revoked",
            Self::InviteInvalid => "invite-invalid",
            Self::InviteExpired => "invite-expired",
            Self::InviteReplaced => "invite-replaced",
            Self::InviteUsed => "invite-used",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Self::InvalidCredentials => "Invalid credentials",
            Self::TokenInvalid => "Unknown token",
            Self::AccessTokenExpired | Self::RefreshTokenExpired => "Token expired",
            Self::RefreshReused => "Refresh token reused",
            Self::SignInRevoked => "Signed out",
            Self::InviteInvalid => "Unknown invite code",
            Self::InviteExpired => "Invite code expired",
            Self::InviteReplaced => "Invite code replaced",
            Self::InviteUsed => "Invite code already used",
        }
    }

    fn detail(self) -> &'static str {
        match self {
            Self::InvalidCredentials => "The e-mail address or the password is wrong.",
            Self::TokenInvalid => "This token is not known; sign in again.",
            Self::AccessTokenExpired => "The access token expired; refresh it.",
            Self::RefreshTokenExpired => "The refresh token expired; sign in again.",
            Self::RefreshReused => {
                "This refresh token was already exchanged, so the sign-in was ended for safety; \
                 sign in again."
            }
            Self::SignInRevoked => "This sign-in has ended; sign in again.",
            Self::InviteInvalid => "This invite code is not known; check it or ask for a new one.",
            Self::InviteExpired => "This invite code expired; ask your therapist for a new one.",
            Self::InviteReplaced => {
                "A newer invite code was issued; use that one or ask for a new one."
            }
            Self::InviteUsed => {
                "This invite code was already used; ask your therapist for a new one."
            }
        }
    }
}

impl ApiError {
    /// A 422 with one message on one field.
    pub fn field(path: impl Into<String>, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::new();
        errors.insert(path.into(), vec![message.into()]);
        Self::Validation(errors)
    }

    fn slug_and_title(&self) -> (&'static str, &'static str) {
        match self {
            Self::BadRequest(_) => ("malformed-request", "Malformed request"),
            Self::Unauthorized => ("unauthorized", "Authentication required"),
            Self::Auth(problem) => (problem.slug(), problem.title()),
            Self::Forbidden => ("forbidden", "Forbidden"),
            Self::NotFound => ("not-found", "Not found"),
            Self::Conflict(_) => ("conflict", "Conflict"),
            Self::PreconditionFailed => ("precondition-failed", "Precondition failed"),
            Self::PayloadTooLarge => ("payload-too-large", "Request body too large"),
            Self::UnsupportedMediaType => ("unsupported-media-type", "Unsupported media type"),
            Self::Validation(_) => ("validation", "Invalid request"),
            Self::TooManyRequests(_) => ("too-many-requests", "Too many requests"),
            Self::Unavailable(_) => ("unavailable", "Service unavailable"),
            Self::Internal(_) => ("internal", "Internal server error"),
        }
    }

    fn detail(&self) -> String {
        match self {
            Self::BadRequest(detail) | Self::Conflict(detail) => detail.clone(),
            Self::Unauthorized => "A valid bearer token is required.".into(),
            Self::Auth(problem) => problem.detail().into(),
            Self::Forbidden => "Your role may not do this.".into(),
            Self::NotFound => "No such resource.".into(),
            Self::PreconditionFailed => {
                "The resource changed since you read it (If-Match); read it again.".into()
            }
            Self::PayloadTooLarge => "The request body exceeds 64 KiB.".into(),
            Self::UnsupportedMediaType => "Send the body as application/json.".into(),
            Self::Validation(_) => "One or more fields are invalid.".into(),
            Self::TooManyRequests(secs) => {
                format!("Too many attempts; try again in {secs} seconds.")
            }
            Self::Unavailable(_) => {
                "The service cannot reach its database; try again shortly.".into()
            }
            Self::Internal(_) => "Something went wrong on our side.".into(),
        }
    }
}

/// The problem document of RFC 9457.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// What happened, as `/problems/<slug>`. A refused sign-in names its reason:
    /// `invalid-credentials`, `token-invalid`, `token-expired`, `refresh-reused`,
    /// `sign-in-revoked`, `invite-invalid`, `invite-expired`, `invite-replaced`, `invite-used`.
    #[serde(rename = "type")]
    #[schema(example = "/problems/validation")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Messages keyed by field path; only on 422.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<FieldErrors>,
    /// On a refused check-in (409, 422) whose PHQ-9 answers carry a safety signal: what the
    /// app shows the client at once, as on an accepted one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crisis_resources: Option<crate::safety::crisis::CrisisResources>,
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized | Self::Auth(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        self.render(None)
    }
}

impl ApiError {
    /// The problem response with crisis resources attached (a refused check-in that carried a
    /// safety signal).
    #[must_use]
    pub fn with_crisis(&self, crisis: crate::safety::crisis::CrisisResources) -> HttpResponse {
        self.render(Some(crisis))
    }

    fn render(&self, crisis: Option<crate::safety::crisis::CrisisResources>) -> HttpResponse {
        match self {
            // The cause chain goes to the log once, here; the body never shows it.
            Self::Internal(cause) => {
                tracing::error!(error = format!("{cause:#}"), "internal error")
            }
            Self::Unavailable(cause) => {
                tracing::warn!(error = format!("{cause:#}"), "database unavailable");
            }
            _ => {}
        }
        let (slug, title) = self.slug_and_title();
        let status = self.status_code();
        let problem = Problem {
            problem_type: format!("/problems/{slug}"),
            title: title.into(),
            status: status.as_u16(),
            detail: self.detail(),
            errors: match self {
                Self::Validation(errors) => Some(errors.clone()),
                _ => None,
            },
            crisis_resources: crisis,
        };
        let mut response = HttpResponse::build(status);
        response.insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        ));
        match self {
            // RFC 6750: an expired bearer token says so, and OAuth clients refresh on it.
            Self::Auth(AuthProblem::AccessTokenExpired) => {
                response.insert_header((
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static(
                        r#"Bearer error="invalid_token", error_description="The access token expired""#,
                    ),
                ));
            }
            Self::Unauthorized | Self::Auth(_) => {
                response
                    .insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
            }
            _ => {}
        }
        if let Self::TooManyRequests(secs) = self
            && let Ok(value) = HeaderValue::from_str(&secs.to_string())
        {
            response.insert_header((header::RETRY_AFTER, value));
        }
        if matches!(self, Self::Unavailable(_)) {
            response.insert_header((header::RETRY_AFTER, HeaderValue::from_static("5")));
        }
        response.body(serde_json::to_vec(&problem).unwrap_or_default())
    }
}

/// Whether a database error means the database is away (rather than a bug or a bad query).
#[must_use]
pub fn is_unavailable(err: &DbErr) -> bool {
    match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => matches!(
            e.as_ref(),
            sea_orm::sqlx::Error::Io(_)
                | sea_orm::sqlx::Error::PoolTimedOut
                | sea_orm::sqlx::Error::PoolClosed
                | sea_orm::sqlx::Error::WorkerCrashed
                | sea_orm::sqlx::Error::Tls(_)
        ),
        _ => false,
    }
}

impl From<DbErr> for ApiError {
    fn from(err: DbErr) -> Self {
        if is_unavailable(&err) {
            Self::Unavailable(err.into())
        } else {
            Self::Internal(err.into())
        }
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(err: actix_web::error::BlockingError) -> Self {
        Self::Internal(anyhow::anyhow!("blocking task failed: {err}"))
    }
}
