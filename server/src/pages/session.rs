//! Web sign-in for therapists: an `HttpOnly`, `SameSite=Strict` cookie (`Secure` over TLS) with
//! an idle timeout, and CSRF tokens on every form that changes state.

use crate::auth::{token_hash, web_authenticate};
use crate::state::AppState;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use entities::{SessionId, TherapistId};
use futures_util::future::LocalBoxFuture;

pub const SESSION_COOKIE: &str = "ipt_session";
/// Double-submit token of the sign-in form (there is no session yet to bind it to).
pub const LOGIN_CSRF_COOKIE: &str = "ipt_login_csrf";

/// Whether a form posted before sign-in carries the token of its login-CSRF cookie (an empty
/// or missing cookie matches nothing).
#[must_use]
pub fn login_csrf_ok(req: &HttpRequest, submitted: &str) -> bool {
    req.cookie(LOGIN_CSRF_COOKIE)
        .is_some_and(|c| !c.value().is_empty() && c.value() == submitted)
}
/// The page where a therapist sets up (or turns off) the second factor.
pub const TWO_STEP_PAGE: &str = "/account/two-step";

/// The CSRF token of a signed-in page: derived from the session cookie, which a cross-site
/// attacker can neither read nor guess.
#[must_use]
pub fn csrf_for(cookie_token: &str) -> String {
    token_hash(&format!("csrf:{cookie_token}"))
}

/// Whether the page was requested over TLS (directly, or behind a trusted proxy that says so:
/// anybody else's `X-Forwarded-Proto` is not believed).
#[must_use]
pub fn is_https(req: &HttpRequest) -> bool {
    crate::client_addr::is_https(req)
}

/// A cookie only our pages send back, never script-readable.
#[must_use]
pub fn cookie(name: &'static str, value: String, secure: bool) -> Cookie<'static> {
    Cookie::build(name, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .finish()
}

/// A cookie that removes `name`.
#[must_use]
pub fn removal(name: &'static str) -> Cookie<'static> {
    let mut c = Cookie::build(name, "")
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .finish();
    c.set_max_age(CookieDuration::ZERO);
    c
}

/// A signed-in therapist on the web pages. Without a valid session, the page redirects to
/// `/login`.
#[derive(Debug, Clone)]
pub struct WebSession {
    pub session: SessionId,
    pub therapist: TherapistId,
    pub csrf: String,
}

impl WebSession {
    /// Whether a submitted form carries this session's CSRF token.
    #[must_use]
    pub fn accepts(&self, submitted: &str) -> bool {
        !submitted.is_empty() && submitted == self.csrf
    }
}

fn to_login() -> actix_web::Error {
    redirect("/login")
}

fn redirect(to: &'static str) -> actix_web::Error {
    actix_web::error::InternalError::from_response(
        "sign-in required",
        HttpResponse::SeeOther()
            .insert_header((header::LOCATION, to))
            .finish(),
    )
    .into()
}

impl FromRequest for WebSession {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = req.cookie(SESSION_COOKIE).map(|c| c.value().to_owned());
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let enrolment_only = crate::mfa::enrolment_only(req);
        Box::pin(async move {
            let (Some(token), Some(state)) = (token, state) else {
                return Err(to_login());
            };
            match web_authenticate(&state.db, state.clock.now(), &token).await {
                // IPT_REQUIRE_MFA: a therapist without a second factor sets one up first.
                Ok((_, therapist))
                    if state.settings.require_mfa
                        && !enrolment_only
                        && !crate::mfa::service::is_active(&state.db, therapist)
                            .await
                            .map_err(crate::error::ApiError::from)? =>
                {
                    Err(redirect(TWO_STEP_PAGE))
                }
                Ok((session, therapist)) => Ok(Self {
                    session,
                    therapist,
                    csrf: csrf_for(&token),
                }),
                Err(crate::auth::AuthError::Db(e)) => Err(crate::error::ApiError::from(e).into()),
                Err(_) => Err(to_login()),
            }
        })
    }
}
