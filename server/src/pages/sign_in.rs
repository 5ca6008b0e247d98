//! Signing in and out on the web: the form, its CSRF cookie, and the session cookie.

use super::*;

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
    limits: web::Data<crate::limits::Limits>,
    guard: web::Data<crate::limits::sign_in::SignInGuard>,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    if !super::session::login_csrf_ok(&req, &form.csrf) {
        return Ok(login_form_saying(
            &req,
            actix_web::http::StatusCode::FORBIDDEN,
            "This form had expired. Please sign in again.",
        ));
    }
    let source = crate::client_addr::of(&req);
    if let Err(limited) = limits.check(Door::SignIn, source, None) {
        return too_many_attempts(&req, limited);
    }
    let now = state.clock.now();
    // The checked token: the code form, if one follows, posts it again.
    let LoginForm {
        email,
        password,
        csrf,
    } = form;
    let outcome = match guard
        .guard(&state.db, now, &email, source, || {
            auth::login::<auth::Web>(&state.db, now, &email, password, source)
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
            &csrf,
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
