//! The one error type of the HTTP layer, rendered as RFC 9457 `application/problem+json`.
//!
//! Services with failures of their own (e.g. `auth`, `accounts`, `documents`) have their own `thiserror`
//! enums that convert into [`ApiError`] in one place; others return `ApiError` directly. Use:
//! - `Validation` for input that parsed but breaks a rule (422, with `errors` by field path);
//! - `BadRequest` only for a body that is not JSON at all (400);
//! - `NotFound` both for what does not exist and for another tenant's record (never reveal);
//! - `PreconditionFailed` when an `If-Match` names a version that is no longer current (412);
//! - `ResyncRequired` when a sync cursor names no position the feed can continue from (a
//!   restore, another client's cursor): 410, the app syncs again from zero;
//! - `PreconditionRequired` when a write must say which version it replaces and sent no
//!   `If-Match` (428);
//! - `Forbidden` for a wrong role on the caller's own resource;
//! - `Auth` when a sign-in, a token or an invite code is refused for a reason the caller can act
//!   on (401, one problem type per [`AuthProblem`]); `Unauthorized` for a missing or unknown
//!   bearer token;
//! - `Unavailable` when the database does not answer (503, the client may retry);
//! - `Busy` when a write lost a race for the database's locks that waiting did not resolve
//!   (SQLite `BUSY`, PostgreSQL serialization failures and deadlocks): 503 with `Retry-After`,
//!   because repeating the request succeeds, whereas a 500 would tell the phone to give up;
//! - `Internal` for everything unexpected: the cause is logged once, the body says nothing.
//!
//! A problem's `title` and `detail` are written in the request's language
//! (`locales/*/problems.ftl`, see `i18n::request`); its `type` and the field paths of `errors`
//! never change with the language, and the messages by field stay English (they are for the
//! app's developers, who show their own words). A reason given to the caller is a [`Reason`],
//! never free text, so that it can be translated.

use crate::i18n::Lang;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use fluent_templates::fluent_bundle::FluentValue;
use sea_orm::{DbErr, RuntimeErr};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Messages per field path (`treatment.planned_sessions`, `phq9[8]`).
pub type FieldErrors = BTreeMap<String, Vec<String>>;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("the request body is not valid JSON")]
    BadRequest(Malformed),
    #[error("authentication required")]
    Unauthorized,
    #[error("sign-in refused ({})", .0.slug())]
    Auth(AuthProblem),
    /// The password was right and the account has a second factor: 401 whose body carries the
    /// `mfa_token` for `POST /api/v1/auth/login/mfa`.
    #[error("second factor required")]
    MfaRequired(String),
    /// `IPT_REQUIRE_MFA` and the therapist has no second factor yet: 403 on everything but the
    /// enrolment.
    #[error("second factor enrolment required")]
    MfaEnrolmentRequired,
    #[error("not allowed for this role")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(Reason),
    #[error("precondition failed")]
    PreconditionFailed,
    /// A sync cursor of another history, another client, or past the newest change (410): the
    /// phone must sync again from `since=0`.
    #[error("resync required")]
    ResyncRequired,
    /// A write that would replace what someone else wrote, without `If-Match` (RFC 6585).
    #[error("precondition required")]
    PreconditionRequired,
    /// A safety plan with every list empty: nothing a client could turn to (422).
    #[error("the safety plan is empty")]
    SafetyPlanEmpty,
    #[error("request body too large")]
    PayloadTooLarge,
    #[error("the request body did not arrive in time")]
    RequestTimeout,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("validation failed")]
    Validation(FieldErrors),
    #[error("too many requests")]
    TooManyRequests(u64),
    #[error("service unavailable")]
    Unavailable(#[source] anyhow::Error),
    #[error("the database is busy")]
    Busy(#[source] anyhow::Error),
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
    /// A wrong (or already used) TOTP or recovery code at the sign-in's second step.
    MfaCodeInvalid,
    /// An `mfa_token` that is unknown, used, expired or worn out by wrong codes: sign in again.
    MfaTokenInvalid,
    /// A password-reset token that is unknown, used, or older than 30 minutes.
    ResetTokenInvalid,
    /// An e-mail verification token that is unknown, used, or older than 24 hours.
    VerificationTokenInvalid,
    /// The right password of an account whose e-mail address is not verified yet (said only
    /// after the password was checked, so that it reveals nothing to a guesser).
    EmailUnverified,
}

/// Why a body is not JSON at all (400).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Malformed {
    /// The body could not be read to its end.
    Unreadable,
    /// A syntax error at this line and column.
    Syntax {
        /// From 1.
        line: usize,
        /// From 1.
        column: usize,
    },
    /// More after the JSON value.
    TrailingContent,
}

/// Declares [`Reason`]: each variant with its text id, so that the list of every reason and
/// the ids are written once, beside the variant.
macro_rules! reasons {
    ($($(#[doc = $doc:literal])* $variant:ident => $id:literal,)*) => {
        /// Why a write was refused (409), said to the caller in its language: each is a text
        /// of `locales/*/problems.ftl`. Shown as its English text in logs.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Reason {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Reason {
            /// Every reason (a test checks each has a text in every language).
            pub const ALL: &'static [Self] = &[$(Self::$variant,)*];

            /// Its id in `locales/*/problems.ftl`.
            fn id(self) -> &'static str {
                match self {
                    $(Self::$variant => $id,)*
                }
            }
        }
    };
}

reasons! {
    /// Sign-up with an e-mail address already registered.
    AccountExists => "problem-conflict-account-exists",
    /// A check-in's id holds another check-in.
    CheckinIdTaken => "problem-conflict-checkin-id-taken",
    /// A risk screen's id holds another screen.
    RiskScreenIdTaken => "problem-conflict-risk-screen-id-taken",
    /// A record's id holds another record of its kind (`ClientWrite::create_once`).
    IdTaken => "problem-conflict-id-taken",
    /// A new course while the current one runs.
    CourseNotEnded => "problem-conflict-course-not-ended",
    /// Ending a course that is not the current one.
    CourseNotCurrent => "problem-conflict-course-not-current",
    /// Ending a course twice.
    CourseAlreadyEnded => "problem-conflict-course-already-ended",
    /// Changing the treatment of a maintenance course.
    TreatmentIsMaintenance => "problem-conflict-treatment-is-maintenance",
    /// Editing homework that is no longer assigned.
    HomeworkNotAssigned => "problem-conflict-homework-not-assigned",
    /// Cancelling completed homework.
    HomeworkAlreadyCompleted => "problem-conflict-homework-already-completed",
    /// Completing homework again with other answers.
    HomeworkCompletedOtherwise => "problem-conflict-homework-completed-otherwise",
    /// Completing cancelled homework.
    HomeworkCancelled => "problem-conflict-homework-cancelled",
    /// Starting a TOTP enrolment while one is active.
    MfaAlreadyActive => "problem-conflict-mfa-already-active",
    /// Confirming a TOTP enrolment that was not started.
    MfaNotPending => "problem-conflict-mfa-not-pending",
    /// Turning off a second factor that is not on.
    MfaNotActive => "problem-conflict-mfa-not-active",
    /// Turning off the second factor where the deployment requires one (`IPT_REQUIRE_MFA`).
    MfaRequired => "problem-conflict-mfa-required",
}

impl Reason {
    /// The reason in `lang`.
    #[must_use]
    pub fn text(self, lang: &Lang) -> String {
        lang.text(self.id())
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(&Lang::english()))
    }
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
            Self::MfaCodeInvalid => "mfa-code-invalid",
            Self::MfaTokenInvalid => "mfa-token-invalid",
            Self::ResetTokenInvalid => "reset-token-invalid",
            Self::VerificationTokenInvalid => "verification-token-invalid",
            Self::EmailUnverified => "email-unverified",
        }
    }

    /// The ids of its title and detail in `problems.ftl`.
    fn text_ids(self) -> (&'static str, &'static str) {
        match self {
            Self::InvalidCredentials => (
                "problem-invalid-credentials-title",
                "problem-invalid-credentials-detail",
            ),
            Self::TokenInvalid => (
                "problem-token-invalid-title",
                "problem-token-invalid-detail",
            ),
            Self::AccessTokenExpired => (
                "problem-token-expired-title",
                "problem-access-token-expired-detail",
            ),
            Self::RefreshTokenExpired => (
                "problem-token-expired-title",
                "problem-refresh-token-expired-detail",
            ),
            Self::RefreshReused => (
                "problem-refresh-reused-title",
                "problem-refresh-reused-detail",
            ),
            Self::SignInRevoked => (
                "problem-sign-in-revoked-title",
                "problem-sign-in-revoked-detail",
            ),
            Self::InviteInvalid => (
                "problem-invite-invalid-title",
                "problem-invite-invalid-detail",
            ),
            Self::InviteExpired => (
                "problem-invite-expired-title",
                "problem-invite-expired-detail",
            ),
            Self::InviteReplaced => (
                "problem-invite-replaced-title",
                "problem-invite-replaced-detail",
            ),
            Self::InviteUsed => ("problem-invite-used-title", "problem-invite-used-detail"),
            Self::MfaCodeInvalid => (
                "problem-mfa-code-invalid-title",
                "problem-mfa-code-invalid-detail",
            ),
            Self::MfaTokenInvalid => (
                "problem-mfa-token-invalid-title",
                "problem-mfa-token-invalid-detail",
            ),
            Self::ResetTokenInvalid => (
                "problem-reset-token-invalid-title",
                "problem-reset-token-invalid-detail",
            ),
            Self::VerificationTokenInvalid => (
                "problem-verification-token-invalid-title",
                "problem-verification-token-invalid-detail",
            ),
            Self::EmailUnverified => (
                "problem-email-unverified-title",
                "problem-email-unverified-detail",
            ),
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

    /// The last segment of the problem's `type`.
    fn slug(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "malformed-request",
            Self::Unauthorized => "unauthorized",
            Self::Auth(problem) => problem.slug(),
            Self::MfaRequired(_) => "mfa-required",
            Self::MfaEnrolmentRequired => "mfa-enrolment-required",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not-found",
            Self::Conflict(_) => "conflict",
            Self::PreconditionFailed => "precondition-failed",
            Self::ResyncRequired => "resync-required",
            Self::PreconditionRequired => "precondition-required",
            Self::SafetyPlanEmpty => "safety-plan-empty",
            Self::PayloadTooLarge => "payload-too-large",
            Self::RequestTimeout => "request-timeout",
            Self::UnsupportedMediaType => "unsupported-media-type",
            Self::Validation(_) => "validation",
            Self::TooManyRequests(_) => "too-many-requests",
            Self::Unavailable(_) => "unavailable",
            Self::Busy(_) => "busy",
            Self::Internal(_) => "internal",
        }
    }

    /// The title and detail in `lang`.
    fn texts(&self, lang: &Lang) -> (String, String) {
        let generic = |slug: &str| {
            (
                lang.text(&format!("problem-{slug}-title")),
                lang.text(&format!("problem-{slug}-detail")),
            )
        };
        match self {
            Self::Auth(problem) => {
                let (title, detail) = problem.text_ids();
                (lang.text(title), lang.text(detail))
            }
            Self::BadRequest(why) => {
                let detail = match why {
                    Malformed::Unreadable => lang.text("problem-malformed-request-unreadable"),
                    Malformed::Syntax { line, column } => lang.text_with(
                        "problem-malformed-request-syntax",
                        &[
                            ("line", FluentValue::from(*line)),
                            ("column", FluentValue::from(*column)),
                        ],
                    ),
                    Malformed::TrailingContent => {
                        lang.text("problem-malformed-request-trailing-content")
                    }
                };
                (lang.text("problem-malformed-request-title"), detail)
            }
            Self::Conflict(reason) => (lang.text("problem-conflict-title"), reason.text(lang)),
            Self::TooManyRequests(secs) => (
                lang.text("problem-too-many-requests-title"),
                lang.text_with(
                    "problem-too-many-requests-detail",
                    &[("seconds", FluentValue::from(*secs))],
                ),
            ),
            other => generic(other.slug()),
        }
    }
}

/// The problem document of RFC 9457.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// What happened, as `/problems/<slug>`. A refused sign-in names its reason:
    /// `invalid-credentials`, `token-invalid`, `token-expired`, `refresh-reused`,
    /// `sign-in-revoked`, `invite-invalid`, `invite-expired`, `invite-replaced`, `invite-used`,
    /// `reset-token-invalid`, `verification-token-invalid`, `email-unverified`; the second step
    /// of a sign-in `mfa-required` (with `mfa_token`), `mfa-code-invalid`, `mfa-token-invalid`.
    /// The sync feed answers `resync-required` (410) for a cursor it cannot continue from.
    #[serde(rename = "type")]
    #[schema(example = "/problems/validation")]
    pub problem_type: String,
    pub title: String,
    #[schema(minimum = 400, maximum = 599, example = 422)]
    pub status: u16,
    pub detail: String,
    /// Messages keyed by field path; only on 422.
    #[serde(skip_serializing_if = "Option::is_none")]
    // Spelled out: through the `FieldErrors` alias utoipa would refer to a schema named
    // `BTreeMap`.
    #[schema(value_type = Option<BTreeMap<String, Vec<String>>>, example = json!({"mood": ["must be between 0 and 10"]}))]
    pub errors: Option<FieldErrors>,
    /// Only on `/problems/mfa-required` (401 from `POST /api/v1/auth/login`): the token for
    /// `POST /api/v1/auth/login/mfa`, single use, valid for 5 minutes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_token: Option<String>,
}

/// A problem as sent: the documented members and a feature's extension members beside them.
#[derive(Serialize)]
struct ProblemBody<'a> {
    #[serde(flatten)]
    problem: &'a Problem,
    #[serde(flatten)]
    extensions: &'a serde_json::Map<String, serde_json::Value>,
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized | Self::Auth(_) | Self::MfaRequired(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden | Self::MfaEnrolmentRequired => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            Self::ResyncRequired => StatusCode::GONE,
            Self::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Self::SafetyPlanEmpty => StatusCode::UNPROCESSABLE_ENTITY,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable(_) | Self::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        self.render(serde_json::Map::new())
    }
}

impl ApiError {
    /// The problem response with one extension member (RFC 9457 §3.2) added, e.g. the crisis
    /// resources of a refused check-in that carried a safety signal. The members a feature adds
    /// are named in the OpenAPI document (`openapi.rs`), not here: this module renders problems
    /// for every feature and knows none of them.
    #[must_use]
    pub fn with_extension(&self, name: &'static str, value: serde_json::Value) -> HttpResponse {
        let mut extensions = serde_json::Map::new();
        extensions.insert(name.to_owned(), value);
        self.render(extensions)
    }

    fn render(&self, extensions: serde_json::Map<String, serde_json::Value>) -> HttpResponse {
        match self {
            // The cause chain goes to the log once, here; the body never shows it.
            Self::Internal(cause) => {
                tracing::error!(error = format!("{cause:#}"), "internal error")
            }
            Self::Unavailable(cause) => {
                tracing::warn!(error = format!("{cause:#}"), "database unavailable");
            }
            Self::Busy(cause) => {
                tracing::warn!(error = format!("{cause:#}"), "database busy");
            }
            _ => {}
        }
        let (title, detail) = self.texts(&crate::i18n::request::current());
        let status = self.status_code();
        let problem = Problem {
            problem_type: format!("/problems/{}", self.slug()),
            title,
            status: status.as_u16(),
            detail,
            errors: match self {
                Self::Validation(errors) => Some(errors.clone()),
                _ => None,
            },
            mfa_token: match self {
                Self::MfaRequired(token) => Some(token.clone()),
                _ => None,
            },
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
        if matches!(self, Self::Busy(_)) {
            // Another writer held the lock: it is released within milliseconds.
            response.insert_header((header::RETRY_AFTER, HeaderValue::from_static("1")));
        }
        let body = ProblemBody {
            problem: &problem,
            extensions: &extensions,
        };
        response.body(serde_json::to_vec(&body).unwrap_or_default())
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

/// Whether a database error is a lost race for locks that a retry of the whole request wins:
/// SQLite's `BUSY` family (5, and the extended 261 recovery, 517 snapshot: a deferred
/// transaction that read before it wrote while another connection committed) and `LOCKED` (6),
/// PostgreSQL's serialization failure (40001), deadlock (40P01) and lock timeout (55P03).
#[must_use]
pub fn is_busy(err: &DbErr) -> bool {
    let sqlx = match err {
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => e,
        _ => return false,
    };
    let sea_orm::sqlx::Error::Database(db) = sqlx.as_ref() else {
        return false;
    };
    matches!(
        db.code().as_deref(),
        Some("5" | "261" | "517" | "6" | "262" | "40001" | "40P01" | "55P03")
    )
}

impl From<DbErr> for ApiError {
    fn from(err: DbErr) -> Self {
        if is_unavailable(&err) {
            Self::Unavailable(err.into())
        } else if is_busy(&err) {
            Self::Busy(err.into())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::shipped;

    fn every_kind() -> Vec<ApiError> {
        let mut all = vec![
            ApiError::BadRequest(Malformed::Unreadable),
            ApiError::BadRequest(Malformed::Syntax { line: 3, column: 7 }),
            ApiError::BadRequest(Malformed::TrailingContent),
            ApiError::Unauthorized,
            ApiError::Forbidden,
            ApiError::NotFound,
            ApiError::PreconditionFailed,
            ApiError::ResyncRequired,
            ApiError::PreconditionRequired,
            ApiError::SafetyPlanEmpty,
            ApiError::PayloadTooLarge,
            ApiError::RequestTimeout,
            ApiError::UnsupportedMediaType,
            ApiError::field("timezone", "must be a known IANA time zone"),
            ApiError::TooManyRequests(30),
            ApiError::Unavailable(anyhow::anyhow!("away")),
            ApiError::Busy(anyhow::anyhow!("locked")),
            ApiError::Internal(anyhow::anyhow!("bug")),
        ];
        all.extend(Reason::ALL.iter().copied().map(ApiError::Conflict));
        all.extend(
            [
                AuthProblem::InvalidCredentials,
                AuthProblem::TokenInvalid,
                AuthProblem::AccessTokenExpired,
                AuthProblem::RefreshTokenExpired,
                AuthProblem::RefreshReused,
                AuthProblem::SignInRevoked,
                AuthProblem::InviteInvalid,
                AuthProblem::InviteExpired,
                AuthProblem::InviteReplaced,
                AuthProblem::InviteUsed,
                AuthProblem::MfaCodeInvalid,
                AuthProblem::MfaTokenInvalid,
                AuthProblem::ResetTokenInvalid,
                AuthProblem::VerificationTokenInvalid,
                AuthProblem::EmailUnverified,
            ]
            .map(ApiError::Auth),
        );
        all.push(ApiError::MfaRequired("token".into()));
        all.push(ApiError::MfaEnrolmentRequired);
        all
    }

    #[test]
    fn every_problem_has_a_title_and_detail_in_every_language() {
        for lang in shipped() {
            for error in every_kind() {
                let (title, detail) = error.texts(lang);
                for text in [&title, &detail] {
                    assert!(
                        !text.is_empty() && !text.starts_with("problem-") && !text.contains('{'),
                        "{lang:?} {error:?}: {text:?}"
                    );
                }
            }
        }
    }

    /// A reason whose text no language has would read "Unknown localization key" to the
    /// caller, which the test above cannot tell from a text.
    #[test]
    fn every_reason_has_a_text_of_its_own() {
        for lang in shipped() {
            for reason in Reason::ALL {
                assert!(
                    lang.try_text(reason.id()).is_some(),
                    "{lang:?} has no text for {reason:?} ({})",
                    reason.id()
                );
            }
        }
    }

    #[test]
    fn english_problems_read_as_before() {
        let en = Lang::english();
        assert_eq!(
            ApiError::NotFound.texts(&en),
            ("Not found".to_owned(), "No such resource.".to_owned())
        );
        assert_eq!(
            ApiError::TooManyRequests(30).texts(&en).1,
            "Too many attempts; try again in 30 seconds."
        );
        assert_eq!(
            ApiError::BadRequest(Malformed::Syntax { line: 1, column: 9 })
                .texts(&en)
                .1,
            "The body is not valid JSON (line 1, column 9)."
        );
        assert_eq!(
            Reason::CourseNotEnded.to_string(),
            "the current course has not ended: end it first"
        );
        let german = Lang::negotiate(["de"]);
        assert_ne!(ApiError::NotFound.texts(&german).0, "Not found");
    }
}
