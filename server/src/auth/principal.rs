//! The signed-in caller, extracted from `Authorization: Bearer …`.

use super::service::authenticate;
use crate::clock::Clock;
use crate::error::ApiError;
use crate::identity::Principal;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, http::header, web};
use entities::auth_session::SessionRole;
use futures_util::future::LocalBoxFuture;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// What reading a bearer token needs, as app data of its own: the extractor sits below the
/// HTTP layer and must not reach for the whole application state.
#[derive(Clone)]
pub struct Authenticator {
    /// Where sessions (and second factors) are looked up.
    pub db: DatabaseConnection,
    /// The time a request is authenticated at.
    pub clock: Arc<dyn Clock>,
    /// `IPT_REQUIRE_MFA`: a therapist without a second factor may only set one up.
    pub require_mfa: bool,
}

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
        let auth = req.app_data::<web::Data<Authenticator>>().cloned();
        let req = req.clone();
        Box::pin(async move {
            let token = token.ok_or(ApiError::Unauthorized)?;
            let auth =
                auth.ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no authenticator")))?;
            let now = auth.clock.now();
            let session = authenticate(&auth.db, now, &token).await?;
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
                && auth.require_mfa
                && !crate::mfa::enrolment_only(&req)
                && !crate::mfa::service::is_active(&auth.db, id).await?
            {
                return Err(ApiError::MfaEnrolmentRequired);
            }
            // Kept for the request log line: it names the actor by id only.
            req.extensions_mut().insert(principal);
            Ok(principal)
        })
    }
}
