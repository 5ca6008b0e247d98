//! Exchanging a refresh token for a new pair, and answering a retried exchange.

use super::*;

/// The audit actor of a sign-in's owner.
fn owner(session: &auth_session::Model, source: Option<IpAddr>) -> (Actor, Option<ClientId>) {
    match (session.therapist_id, session.client_id) {
        (Some(t), _) => (
            Actor {
                id: Some(t.uuid()),
                role: ActorRole::Therapist,
                source,
            },
            None,
        ),
        (_, Some(c)) => (
            Actor {
                id: Some(c.uuid()),
                role: ActorRole::Client,
                source,
            },
            Some(c),
        ),
        _ => (Actor::anonymous(source), None),
    }
}

/// Exchanges a refresh token for a new pair. Each refresh token is exchanged once; presented
/// again while neither token of its successor pair was used (and before that pair's refresh
/// token expires), it is answered with the same successor pair and the replay is recorded in
/// the trail (the first answer was lost, or two refreshes raced). Presented after a token of
/// its successor was used, it was copied: the whole sign-in is revoked.
///
/// # Errors
/// `Refused` (unknown, expired, reused, signed out), or database errors.
pub async fn refresh(
    db: &DatabaseConnection,
    key: &TokenKey,
    now: DateTime<Utc>,
    refresh_token: &str,
    source: Option<IpAddr>,
) -> Result<TokenPair, AuthError> {
    let successor = Minted::successor_of(key, refresh_token);
    let result = rotate(db, now, tokens::hash(refresh_token), successor, source).await;
    if matches!(result, Err(AuthError::Refused(_))) {
        let event = Event::of(Action::RefreshFailed, ObjectType::Session, None, None).failed();
        audit::record(db, now, Actor::anonymous(source), event).await?;
    }
    result
}

/// Rotates the refresh token whose hash is `hash` into `successor`, the pair it derives.
async fn rotate(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    hash: String,
    successor: Minted,
    source: Option<IpAddr>,
) -> Result<TokenPair, AuthError> {
    let txn = crate::db::begin_write(db).await?;
    // Claim the token with one conditional write, so two racing refreshes cannot both win (and
    // on SQLite the transaction takes the write lock before it reads). The loser waits for the
    // winner's commit and then finds the successor the winner stored.
    let claimed = auth_token::Entity::update_many()
        .col_expr(auth_token::Column::UsedAt, Expr::value(now))
        .filter(auth_token::Column::TokenHash.eq(&hash))
        .filter(auth_token::Column::Kind.eq(TokenKind::Refresh))
        .filter(auth_token::Column::UsedAt.is_null())
        .filter(auth_token::Column::ExpiresAt.gt(now))
        .exec(&txn)
        .await?;
    let token = auth_token::Entity::find_by_id(hash).one(&txn).await?;
    let Some(token) = token.filter(|t| t.kind == TokenKind::Refresh) else {
        return Err(AuthError::Refused(AuthProblem::TokenInvalid));
    };
    if claimed.rows_affected != 1 {
        let Some(used_at) = token.used_at else {
            // Known, a refresh token, not used: so not claimed because it expired.
            return Err(AuthError::Refused(AuthProblem::RefreshTokenExpired));
        };
        match find_replay(&txn, &successor, now).await? {
            Replay::Same { pair, session } if session.id == token.session_id => {
                let (actor, client) = owner(&session, source);
                let event = Event::of(
                    Action::RefreshReplayed,
                    ObjectType::Session,
                    Some(session.id.uuid()),
                    client,
                );
                audit::record(&txn, now, actor, event).await?;
                txn.commit().await?;
                tracing::info!(session_id = %session.id, "refresh retried before its successor was used; the same pair answered");
                return Ok(pair);
            }
            Replay::Used { session } if session == token.session_id => {}
            Replay::Revoked => return Err(AuthError::Refused(AuthProblem::SignInRevoked)),
            // The successor this key derives is not there so soon after the rotation: the key
            // changed in between. Not evidence of theft, so the sign-in is left alone.
            _ if now - used_at <= REFRESH_GRACE => {
                tracing::warn!(session_id = %token.session_id, "a refresh retried within its grace found no successor; was IPT_TOKEN_KEY changed?");
                return Err(AuthError::Refused(AuthProblem::TokenInvalid));
            }
            _ => {}
        }
        revoke_session(&txn, token.session_id, now).await?;
        txn.commit().await?;
        tracing::warn!(session_id = %token.session_id, "a rotated refresh token was re-used; sign-in revoked");
        return Err(AuthError::Refused(AuthProblem::RefreshReused));
    }
    let live = auth_session::Entity::find_by_id(token.session_id)
        .filter(auth_session::Column::RevokedAt.is_null())
        .one(&txn)
        .await?;
    let Some(live) = live else {
        return Err(AuthError::Refused(AuthProblem::SignInRevoked));
    };
    let pair = store_tokens(&txn, token.session_id, now, successor).await?;
    let (actor, client) = owner(&live, source);
    audit::record(
        &txn,
        now,
        actor,
        Event::of(
            Action::Refresh,
            ObjectType::Session,
            Some(live.id.uuid()),
            client,
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(pair)
}
