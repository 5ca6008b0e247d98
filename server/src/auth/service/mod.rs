//! Sign-in, token rotation and sign-out.
//!
//! Phones lose answers and race themselves (the app and a background task refreshing at once),
//! so the two exchanges a phone repeats can be repeated: a refresh token presented again while
//! neither token of its successor pair was used, and an invite code redeemed again with the
//! same `device_id` within [`INVITE_RETRY_WINDOW`], are answered with the tokens of the first
//! answer. Those tokens are derived from what the phone presents with the server's
//! [`TokenKey`] rather than kept: the database holds only their hashes, as for every token.

use super::model::TokenPair;
use super::{
    ACCESS_TOKEN_TTL, DeviceId, INVITE_RETRY_WINDOW, REFRESH_GRACE, REFRESH_TOKEN_TTL, TokenKey,
    invites, password, tokens,
};
use crate::audit::{self, Action, Actor, Event, ObjectType};
use crate::domain::Email;
use crate::error::{ApiError, AuthProblem};
use chrono::{DateTime, Utc};
use entities::audit_entry::ActorRole;
use entities::auth_session::SessionRole;
use entities::auth_token::TokenKind;
use entities::{ClientId, SessionId, TherapistId, auth_session, auth_token, invite, therapist};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter,
};
use std::net::IpAddr;

mod redeem;
mod refresh;
mod sign_in;

pub use redeem::redeem_invite;
pub use refresh::refresh;
pub use sign_in::{Api, Web, login, login_second_step, web_authenticate};

/// A web sign-in ends after this long without a page view.
pub const WEB_IDLE_TIMEOUT: chrono::Duration = chrono::Duration::minutes(30);

/// Why a sign-in or a token exchange failed.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// Unknown e-mail or wrong password (one case, so that accounts cannot be probed).
    #[error("invalid credentials")]
    InvalidCredentials,
    /// A bearer or cookie token that is unknown, or whose sign-in ended.
    #[error("invalid or expired token")]
    InvalidToken,
    /// Refused for a reason the caller can act on, named in the problem's `type`.
    #[error("refused: {}", .0.slug())]
    Refused(AuthProblem),
    /// The password was right; the account has a second factor, to be sent with this
    /// `mfa_token` (see [`crate::mfa`]). Not a failure: no sign-in was opened yet.
    #[error("second factor required")]
    SecondFactor(String),
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error("password check failed")]
    Blocking(#[from] actix_web::error::BlockingError),
}

impl From<AuthError> for ApiError {
    fn from(err: AuthError) -> Self {
        match err {
            AuthError::InvalidCredentials => Self::Auth(AuthProblem::InvalidCredentials),
            AuthError::InvalidToken => Self::Unauthorized,
            AuthError::Refused(problem) => Self::Auth(problem),
            AuthError::SecondFactor(mfa_token) => Self::MfaRequired(mfa_token),
            AuthError::Db(e) => e.into(),
            AuthError::Blocking(e) => e.into(),
        }
    }
}

/// Who a sign-in belongs to.
#[derive(Clone, Copy)]
enum Subject {
    Therapist(TherapistId),
    Client(ClientId),
}

/// Opens a sign-in of `subject` and records it: the one way every sign-in (API, web, invite)
/// starts, so that each leaves the same audit row naming its session.
async fn open_session<C: ConnectionTrait>(
    db: &C,
    subject: Subject,
    device_label: Option<String>,
    now: DateTime<Utc>,
    source: Option<IpAddr>,
) -> Result<SessionId, DbErr> {
    let id = SessionId::new();
    let (role, therapist_id, client_id, actor) = match subject {
        Subject::Therapist(t) => (
            SessionRole::Therapist,
            Some(t),
            None,
            (t.uuid(), ActorRole::Therapist),
        ),
        Subject::Client(c) => (
            SessionRole::Client,
            None,
            Some(c),
            (c.uuid(), ActorRole::Client),
        ),
    };
    auth_session::Entity::insert(auth_session::ActiveModel {
        id: Set(id),
        role: Set(role),
        therapist_id: Set(therapist_id),
        client_id: Set(client_id),
        device_label: Set(device_label),
        created_at: Set(now),
        revoked_at: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    let actor = Actor {
        id: Some(actor.0),
        role: actor.1,
        source,
    };
    let event = Event::of(
        Action::SignIn,
        ObjectType::Session,
        Some(id.uuid()),
        client_id,
    );
    audit::record(db, now, actor, event).await?;
    Ok(id)
}

/// A pair of tokens in clear, before it is stored (as hashes) and handed out.
struct Minted {
    access: String,
    refresh: String,
}

impl Minted {
    /// A pair nobody can derive: for a sign-in that is never answered twice.
    fn random() -> Self {
        Self {
            access: tokens::generate(),
            refresh: tokens::generate(),
        }
    }

    /// The pair a refresh token is exchanged for. Derived, so that a retry of the exchange is
    /// answered with the same pair by any replica, while only its hashes are stored.
    fn successor_of(key: &TokenKey, refresh_token: &str) -> Self {
        Self {
            access: key.derive("ipt/refresh-successor/access", &[refresh_token]),
            refresh: key.derive("ipt/refresh-successor/refresh", &[refresh_token]),
        }
    }

    /// The pair an invite redemption with an install id answers with: the same code and id
    /// derive the same pair, so a retry can be answered with it.
    fn for_invite(key: &TokenKey, code: &str, device: &DeviceId) -> Self {
        let code = invites::normalise(code);
        Self {
            access: key.derive("ipt/invite/access", &[&code, device.as_str()]),
            refresh: key.derive("ipt/invite/refresh", &[&code, device.as_str()]),
        }
    }
}

/// Stores a new pair of `session` (as hashes) and hands it out.
async fn store_tokens<C: ConnectionTrait>(
    db: &C,
    session: SessionId,
    now: DateTime<Utc>,
    minted: Minted,
) -> Result<TokenPair, DbErr> {
    let Minted {
        access: access_token,
        refresh: refresh_token,
    } = minted;
    let row = |token: &str, kind: TokenKind, ttl| auth_token::ActiveModel {
        token_hash: Set(tokens::hash(token)),
        session_id: Set(session),
        kind: Set(kind),
        created_at: Set(now),
        expires_at: Set(now + ttl),
        used_at: Set(None),
    };
    auth_token::Entity::insert_many([
        row(&access_token, TokenKind::Access, ACCESS_TOKEN_TTL),
        row(&refresh_token, TokenKind::Refresh, REFRESH_TOKEN_TTL),
    ])
    .exec_without_returning(db)
    .await?;
    Ok(TokenPair {
        access_token,
        refresh_token,
        expires_in: ACCESS_TOKEN_TTL.num_seconds(),
    })
}

/// What a retry finds of the pair its first attempt stored.
enum Replay {
    /// Both tokens are there, neither used, the refresh token unexpired and the sign-in live: the
    /// same pair again, with what remains of the access token's life (a whole life again if it
    /// expired unused: a phone retrying after a day offline needs a token that works).
    Same {
        pair: TokenPair,
        session: auth_session::Model,
    },
    /// A token of the pair was presented (its refresh token exchanged, or its access token
    /// used): the first answer did arrive.
    Used { session: SessionId },
    /// The sign-in of the pair has ended.
    Revoked,
    /// The pair is not there (not minted from this input and key, or expired).
    Missing,
}

async fn find_replay<C: ConnectionTrait>(
    db: &C,
    minted: &Minted,
    now: DateTime<Utc>,
) -> Result<Replay, DbErr> {
    let refresh = auth_token::Entity::find_by_id(tokens::hash(&minted.refresh))
        .one(db)
        .await?;
    let Some(refresh) = refresh.filter(|t| t.kind == TokenKind::Refresh) else {
        return Ok(Replay::Missing);
    };
    if refresh.used_at.is_some() {
        return Ok(Replay::Used {
            session: refresh.session_id,
        });
    }
    if refresh.expires_at <= now {
        return Ok(Replay::Missing);
    }
    let Some(session) = auth_session::Entity::find_by_id(refresh.session_id)
        .filter(auth_session::Column::RevokedAt.is_null())
        .one(db)
        .await?
    else {
        return Ok(Replay::Revoked);
    };
    let access = auth_token::Entity::find_by_id(tokens::hash(&minted.access))
        .one(db)
        .await?
        .filter(|t| t.kind == TokenKind::Access && t.session_id == session.id);
    let Some(access) = access else {
        return Ok(Replay::Missing);
    };
    if access.used_at.is_some() {
        return Ok(Replay::Used {
            session: session.id,
        });
    }
    let mut expires_at = access.expires_at;
    if expires_at <= now {
        expires_at = now + ACCESS_TOKEN_TTL;
        auth_token::Entity::update_many()
            .col_expr(auth_token::Column::ExpiresAt, Expr::value(expires_at))
            .filter(auth_token::Column::TokenHash.eq(&access.token_hash))
            .filter(auth_token::Column::UsedAt.is_null())
            .exec(db)
            .await?;
    }
    Ok(Replay::Same {
        pair: TokenPair {
            access_token: minted.access.clone(),
            refresh_token: minted.refresh.clone(),
            expires_in: (expires_at - now).num_seconds(),
        },
        session,
    })
}

/// Ends `session`: its access and web tokens are deleted, its phones forgotten. The one way
/// every sign-in ends (sign-out, a re-used refresh token, a revoke from the list of sign-ins,
/// a password reset).
pub(crate) async fn revoke_session<C: ConnectionTrait>(
    db: &C,
    session: SessionId,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    auth_session::Entity::update_many()
        .col_expr(auth_session::Column::RevokedAt, Expr::value(now))
        .filter(auth_session::Column::Id.eq(session))
        .filter(auth_session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    // A phone that signs out (or whose sign-in is revoked) gets no more pushes.
    crate::devices::forget_session(db, session).await?;
    // Access and web tokens die with the session. Refresh tokens are kept until they expire so
    // that a later re-use is still recognised as one.
    auth_token::Entity::delete_many()
        .filter(auth_token::Column::SessionId.eq(session))
        .filter(auth_token::Column::Kind.is_in([TokenKind::Access, TokenKind::Web]))
        .exec(db)
        .await?;
    Ok(())
}

/// Ends a sign-in: its access and refresh tokens stop working.
///
/// # Errors
/// Database errors.
pub async fn logout(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    session: SessionId,
    actor: Actor,
    client: Option<ClientId>,
) -> Result<(), AuthError> {
    let txn = crate::db::begin_write(db).await?;
    sign_out(&txn, session, now, actor, client).await?;
    txn.commit().await?;
    Ok(())
}

/// Ends a sign-in inside the caller's transaction and records who ended it: the one path of a
/// sign-out, whether its owner signs out or revokes it from another sign-in.
///
/// # Errors
/// Database errors.
pub(crate) async fn sign_out<C: ConnectionTrait>(
    db: &C,
    session: SessionId,
    now: DateTime<Utc>,
    actor: Actor,
    client: Option<ClientId>,
) -> Result<(), DbErr> {
    revoke_session(db, session, now).await?;
    audit::record(
        db,
        now,
        actor,
        Event::of(
            Action::SignOut,
            ObjectType::Session,
            Some(session.uuid()),
            client,
        ),
    )
    .await
}

/// Resolves an access token to the sign-in it belongs to.
///
/// # Errors
/// `Refused(AccessTokenExpired)` when expired, `InvalidToken` when unknown or revoked;
/// database errors.
pub async fn authenticate<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    access_token: &str,
) -> Result<auth_session::Model, AuthError> {
    // One statement: this runs on every request, so the token and its sign-in are read in one
    // round trip.
    let hash = tokens::hash(access_token);
    let found = auth_token::Entity::find_by_id(hash.clone())
        .filter(auth_token::Column::Kind.eq(TokenKind::Access))
        .filter(auth_token::Column::ExpiresAt.gt(now))
        .find_also_related(auth_session::Entity)
        .filter(auth_session::Column::RevokedAt.is_null())
        .one(db)
        .await?;
    if let Some((token, Some(session))) = found {
        if token.used_at.is_none() {
            // The first use, written once per token: from now on the refresh token this pair
            // replaced is a copy if presented again (see `rotate`).
            auth_token::Entity::update_many()
                .col_expr(auth_token::Column::UsedAt, Expr::value(now))
                .filter(auth_token::Column::TokenHash.eq(hash))
                .filter(auth_token::Column::UsedAt.is_null())
                .exec(db)
                .await?;
        }
        return Ok(session);
    }
    // Only on failure, a second look: an access token that merely expired says so, so that
    // the app refreshes rather than signs in again. (A revoked sign-in's tokens are deleted.)
    let expired = auth_token::Entity::find_by_id(tokens::hash(access_token))
        .filter(auth_token::Column::Kind.eq(TokenKind::Access))
        .filter(auth_token::Column::ExpiresAt.lte(now))
        .one(db)
        .await?;
    Err(match expired {
        Some(_) => AuthError::Refused(AuthProblem::AccessTokenExpired),
        None => AuthError::InvalidToken,
    })
}

/// Deletes tokens that expired more than a day ago. (A day of grace keeps a just-expired
/// refresh token recognisable as re-used; after that it is refused as unknown anyway.) An access
/// token never used is kept as long as the refresh token of its pair may live: a replay of the
/// refresh token before it needs it to tell "never used" from "used and purged".
///
/// # Errors
/// Database errors.
pub async fn purge_expired<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let not_an_unused_access_token = sea_orm::Condition::any()
        .add(auth_token::Column::Kind.ne(TokenKind::Access))
        .add(auth_token::Column::UsedAt.is_not_null())
        .add(auth_token::Column::ExpiresAt.lt(now - REFRESH_TOKEN_TTL));
    let purged = auth_token::Entity::delete_many()
        .filter(auth_token::Column::ExpiresAt.lt(now - chrono::Duration::days(1)))
        .filter(not_an_unused_access_token)
        .exec(db)
        .await?
        .rows_affected;
    if purged > 0 {
        tracing::info!(tokens = purged, "expired tokens purged");
    }
    Ok(purged)
}
