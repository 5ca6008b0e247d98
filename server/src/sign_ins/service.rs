//! The live sign-ins of a therapist, and revoking one.

use super::model::{SignIn, SignInKind};
use crate::audit::Actor;
use crate::auth::{WEB_IDLE_TIMEOUT, sign_out};
use crate::error::ApiError;
use chrono::{DateTime, Utc};
use entities::auth_session::SessionRole;
use entities::auth_token::TokenKind;
use entities::{SessionId, TherapistId, auth_session, auth_token};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
};
use std::collections::HashMap;

/// Why a revoke was refused.
#[derive(Debug, thiserror::Error)]
pub enum RevokeError {
    /// No sign-in of this therapist has this id (another's sign-ins are not revealed).
    #[error("no such sign-in")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl From<RevokeError> for ApiError {
    fn from(err: RevokeError) -> Self {
        match err {
            RevokeError::NotFound => Self::NotFound,
            RevokeError::Db(e) => e.into(),
        }
    }
}

/// The therapist's sign-ins that still work at `now` (not revoked, with a refresh token or a
/// web cookie that has not expired), the most recently used first.
///
/// # Errors
/// Database errors.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    therapist: TherapistId,
    now: DateTime<Utc>,
) -> Result<Vec<SignIn>, DbErr> {
    let sessions = auth_session::Entity::find()
        .filter(auth_session::Column::TherapistId.eq(therapist))
        .filter(auth_session::Column::Role.eq(SessionRole::Therapist))
        .filter(auth_session::Column::RevokedAt.is_null())
        .order_by_asc(auth_session::Column::CreatedAt)
        .all(db)
        .await?;
    if sessions.is_empty() {
        return Ok(Vec::new());
    }
    let tokens = auth_token::Entity::find()
        .filter(auth_token::Column::SessionId.is_in(sessions.iter().map(|s| s.id)))
        .filter(auth_token::Column::ExpiresAt.gt(now))
        .all(db)
        .await?;
    // Per session: whether it is alive, whether it is a web one, and when it was last used.
    let mut seen: HashMap<SessionId, (bool, bool, DateTime<Utc>)> = HashMap::new();
    for token in tokens {
        let (alive, used) = match token.kind {
            TokenKind::Web => (true, token.expires_at - WEB_IDLE_TIMEOUT),
            TokenKind::Refresh => (token.used_at.is_none(), token.created_at),
            TokenKind::Access => (false, token.created_at),
        };
        let entry = seen
            .entry(token.session_id)
            .or_insert((false, false, token.created_at));
        entry.0 |= alive;
        entry.1 |= token.kind == TokenKind::Web;
        entry.2 = entry.2.max(used);
    }
    let mut live: Vec<SignIn> = sessions
        .into_iter()
        .filter_map(|s| {
            let (alive, web, used) = seen.get(&s.id).copied()?;
            alive.then(|| SignIn {
                id: s.id,
                kind: if web {
                    SignInKind::Web
                } else {
                    SignInKind::Api
                },
                device_label: s.device_label.filter(|_| !web),
                created_at: s.created_at,
                last_used_at: used.max(s.created_at),
            })
        })
        .collect();
    live.sort_by_key(|s| std::cmp::Reverse(s.last_used_at));
    Ok(live)
}

/// Ends one of the therapist's own sign-ins (the one in use, too: that is a sign-out), with an
/// audit row. A sign-in already ended is ended again without complaint.
///
/// # Errors
/// `NotFound` for an id that is not one of the therapist's sign-ins; database errors.
pub async fn revoke(
    db: &DatabaseConnection,
    therapist: TherapistId,
    session: SessionId,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<(), RevokeError> {
    let txn = crate::db::begin_write(db).await?;
    auth_session::Entity::find_by_id(session)
        .filter(auth_session::Column::TherapistId.eq(therapist))
        .filter(auth_session::Column::Role.eq(SessionRole::Therapist))
        .one(&txn)
        .await?
        .ok_or(RevokeError::NotFound)?;
    sign_out(&txn, session, now, actor, None).await?;
    txn.commit().await?;
    Ok(())
}
