//! `POST /api/v1/therapists` (sign-up), `GET /api/v1/me` and `PATCH /api/v1/me`.

use super::dto::{MeResponse, MeUpdate, SignupRequest, TherapistResponse};
use super::model::{MeChange, NewTherapist};
use super::service::{self, SignupError, sign_up};
use crate::audit::ObjectType;
use crate::auth::Principal;
use crate::clients::{require_therapist, set_own_settings};
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::state::AppState;
use actix_web::{HttpResponse, get, patch, post, web};
use utoipa_actix_web::service_config::ServiceConfig;

/// Sign up as a therapist
///
/// Creates a therapist account that signs in with `POST /auth/login`; no token is needed. The
/// e-mail address is stored trimmed and lower-cased and must not be registered yet (409). The
/// password needs at least 12 characters and must not be one of the 10,000 most common
/// passwords (422). A server may turn sign-up off (403), and attempts are rate-limited per
/// address, never per e-mail (429 with `Retry-After`).
///
/// A server that requires verified addresses (`IPT_REQUIRE_EMAIL_VERIFICATION`) answers `202`
/// instead, with the same body for a new and a registered address: a new address gets an
/// e-mail with a link (`POST /auth/verify-email`), and the account signs in once it is opened;
/// the owner of a registered address is told by e-mail. A sign-up for an address whose account
/// is still unverified replaces that pending account's password and name and voids its earlier
/// links, so the link always opens the password of whoever received it.
#[utoipa::path(
    tag = "accounts",
    request_body = SignupRequest,
    responses(
        (status = 201, description = "Account created", body = TherapistResponse),
        (status = 202, description = "Only where addresses must be verified: a link is on its way to the address (the same body for a registered address)", body = crate::account_tokens::dto::Accepted),
        (status = 403, description = "Sign-up is disabled on this server", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "E-mail already registered", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many sign-ups from this address; try again after `Retry-After` seconds", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/therapists")]
pub async fn create_therapist(
    req: actix_web::HttpRequest,
    state: web::Data<AppState>,
    mails: web::Data<crate::account_tokens::Mails>,
    body: Json<SignupRequest>,
) -> Result<HttpResponse, ApiError> {
    if !state.settings.allow_signup {
        return Err(SignupError::Disabled.into());
    }
    let body = body.0;
    let source = crate::client_addr::of(&req);
    crate::limits::per_address::admit(
        &state.db,
        state.clock.now(),
        crate::limits::per_address::MailDoor::SignUp,
        source,
        state.settings.rate_limit_per_address,
    )
    .await?;
    let new = NewTherapist::try_from(body)?;
    if state.settings.require_email_verification {
        crate::account_tokens::sign_up_pending(&state.db, &mails, state.clock.now(), new, source)
            .await?;
        return Ok(HttpResponse::Accepted().json(crate::account_tokens::dto::Accepted::SIGN_UP));
    }
    let created = sign_up(
        &state.db,
        state.clock.now(),
        new,
        crate::client_addr::of(&req),
    )
    .await?;
    tracing::info!(therapist_id = %created.id, "therapist account created");
    Ok(HttpResponse::Created().json(TherapistResponse::from(created)))
}

/// The signed-in account
///
/// Who the access token belongs to: a therapist or a client, with its id and display name. An
/// app calls it after signing in to learn its role and, for a client, its own `client_id` for
/// the `/clients/{client_id}/…` routes.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller", body = MeResponse),
    )
)]
#[get("/me")]
pub async fn me(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<web::Json<MeResponse>, ApiError> {
    Ok(web::Json(service::who_am_i(&state.db, principal).await?))
}

/// Change the caller's own settings
///
/// A therapist changes the time zone its dashboard pages show times in. A client's phone
/// changes the client's time zone (its days and reminders follow it: pending reminders move
/// into the new zone, keeping their local times) and its language, a BCP 47 tag stored
/// normalised (`de-AT`): texts the server writes for the client follow it when a request sends
/// no `Accept-Language` that ships, and so do pushes to a phone that reports no language.
/// A field left out stays as it is; the answer is `GET /me`'s.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    request_body = MeUpdate,
    responses(
        (status = 200, description = "Stored; the caller as it now is", body = MeResponse),
        (status = 422, description = "Not a known IANA time zone or not a BCP 47 language tag (`errors` names the field), or a therapist sending `locale`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/me")]
pub async fn update_me(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<MeUpdate>,
) -> Result<web::Json<MeResponse>, ApiError> {
    let change = MeChange::try_from(body.0)?;
    let now = state.clock.now();
    match principal {
        Principal::Client { id, .. } => {
            if change.timezone.is_some() || change.locale.is_some() {
                set_own_settings(
                    &state.db,
                    state.planner.as_ref(),
                    id,
                    change.timezone,
                    change.locale.as_ref(),
                    now,
                    principal.into(),
                )
                .await?;
            }
        }
        Principal::Therapist { .. } => {
            let therapist = require_therapist(&state.db, principal, ObjectType::Therapist).await?;
            if change.locale.is_some() {
                return Err(ApiError::field(
                    "locale",
                    "is a client's setting (the dashboard is in English)",
                ));
            }
            if let Some(timezone) = change.timezone {
                service::set_timezone(&state.db, therapist, timezone, now, principal.into())
                    .await?;
            }
        }
    }
    Ok(web::Json(service::who_am_i(&state.db, principal).await?))
}

/// Registers this feature's operations, in the order they are matched.
pub(crate) fn api(cfg: &mut ServiceConfig) {
    cfg
        .service(create_therapist)
        .service(me)
        .service(update_me);
}

/// The tags this feature's operations introduce, with their descriptions.
pub(crate) const TAGS: &[(&str, &str)] = &[
    (
        "accounts",
        "Therapist sign-up and the signed-in account (`/me`): who is signed in, and the \
         therapist's own settings.",
    ),
];
