//! Redeeming a client's invite code on a phone, and answering a retried redemption.

use super::*;
use crate::auth::model::Redemption;

/// Signs a client's phone in with an invite code. A code works once and for seven days; the
/// same code with the same install id again within [`INVITE_RETRY_WINDOW`] is answered with the
/// same sign-in, as long as its refresh token was not yet used.
///
/// # Errors
/// `Refused` (unknown, expired, replaced or used code), or database errors.
pub async fn redeem_invite(
    db: &DatabaseConnection,
    key: &TokenKey,
    now: DateTime<Utc>,
    redemption: Redemption,
    source: Option<IpAddr>,
) -> Result<(ClientId, TokenPair), AuthError> {
    let Redemption {
        code,
        device_id,
        device_label,
    } = redemption;
    let hash = invites::code_hash(&code);
    let minted = match &device_id {
        Some(device) => Minted::for_invite(key, &code, device),
        None => Minted::random(),
    };
    let txn = crate::db::begin_write(db).await?;
    let claimed = invite::Entity::update_many()
        .col_expr(invite::Column::UsedAt, Expr::value(now))
        .filter(invite::Column::CodeHash.eq(&hash))
        .filter(invite::Column::UsedAt.is_null())
        .filter(invite::Column::RevokedAt.is_null())
        .filter(invite::Column::ExpiresAt.gt(now))
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        drop(txn);
        let invite = invite::Entity::find_by_id(hash).one(db).await?;
        if let Some(invite) = &invite
            && device_id.is_some()
            && let Some(pair) = replayed_redemption(db, invite, &minted, now).await?
        {
            tracing::info!(client_id = %invite.client_id, "invite redemption retried; the same sign-in answered");
            return Ok((invite.client_id, pair));
        }
        let event = Event::of(Action::SignInFailed, ObjectType::Invite, None, None).failed();
        audit::record(db, now, Actor::anonymous(source), event).await?;
        let problem = match invite {
            None => AuthProblem::InviteInvalid,
            Some(i) if i.used_at.is_some() => AuthProblem::InviteUsed,
            Some(i) if i.revoked_at.is_some() => AuthProblem::InviteReplaced,
            Some(_) => AuthProblem::InviteExpired,
        };
        return Err(AuthError::Refused(problem));
    }
    let invite = invite::Entity::find_by_id(hash)
        .one(&txn)
        .await?
        .ok_or(AuthError::Refused(AuthProblem::InviteInvalid))?;
    let subject = Subject::Client(invite.client_id);
    let session = open_session(&txn, subject, device_label, now, source).await?;
    let pair = store_tokens(&txn, session, now, minted).await?;
    txn.commit().await?;
    Ok((invite.client_id, pair))
}

/// The sign-in a used invite answered with, if this retry may have it again: within the retry
/// window, derived from the same code and install id, not yet refreshed and not signed out.
async fn replayed_redemption<C: ConnectionTrait>(
    db: &C,
    invite: &invite::Model,
    minted: &Minted,
    now: DateTime<Utc>,
) -> Result<Option<TokenPair>, DbErr> {
    let Some(used_at) = invite.used_at else {
        return Ok(None);
    };
    if now - used_at > INVITE_RETRY_WINDOW {
        return Ok(None);
    }
    Ok(match find_replay(db, minted, now).await? {
        Replay::Same { pair, session } if session.client_id == Some(invite.client_id) => Some(pair),
        _ => None,
    })
}
