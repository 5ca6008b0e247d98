//! The signed-in caller, extracted from `Authorization: Bearer …`.

use super::service::authenticate;
use crate::error::ApiError;
use crate::identity::Principal;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, http::header, web};
use entities::auth_session::SessionRole;
use futures_util::future::LocalBoxFuture;

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_owned())
}

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer(req);
        let source = crate::client_addr::of(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let req = req.clone();
        Box::pin(async move {
            let token = token.ok_or(ApiError::Unauthorized)?;
            let state = state.ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no app state")))?;
            let now = state.clock.now();
            let session = authenticate(&state.db, now, &token).await?;
            let principal = match (session.role, session.therapist_id, session.client_id) {
                (SessionRole::Therapist, Some(id), _) => Principal::Therapist {
                    id,
                    session: session.id,
                    source,
                    at: now,
                },
                (SessionRole::Client, _, Some(id)) => Principal::Client {
                    id,
                    session: session.id,
                    source,
                    at: now,
                },
                _ => return Err(ApiError::Unauthorized),
            };
            // IPT_REQUIRE_MFA: a therapist without a second factor may only set one up.
            if let Principal::Therapist { id, .. } = principal
                && state.settings.require_mfa
                && !crate::mfa::enrolment_only(&req)
                && !crate::mfa::service::is_active(&state.db, id).await?
            {
                return Err(ApiError::MfaEnrolmentRequired);
            }
            // Kept for the request log line: it names the actor by id only.
            req.extensions_mut().insert(principal);
            Ok(principal)
        })
    }
}
