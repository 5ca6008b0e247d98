//! Sign-in, token rotation and sign-out.
//!
//! Phones lose answers and race themselves (the app and a background task refreshing at once),
//! so the two exchanges a phone repeats can be repeated: a refresh token presented again while
//! neither token of its successor pair was used, and an invite code redeemed again with the
//! same `device_id` within [`INVITE_RETRY_WINDOW`], are answered with the tokens of the first
//! answer. Those tokens are derived from what the phone presents with the server's
//! [`TokenKey`] rather than kept: the database holds only their hashes, as for every token.

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

/// The tokens a sign-in hands out.
#[derive(Debug, Clone)]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: i64,
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

/// The account of `email` if `password` is its password. An unknown e-mail costs the same
/// time as a wrong password (a dummy hash is verified) and fails the same way.
async fn verify_credentials(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    email: &str,
    password: String,
    source: Option<IpAddr>,
) -> Result<therapist::Model, AuthError> {
    let account = match Email::parse(email) {
        Ok(email) => {
            therapist::Entity::find()
                .filter(therapist::Column::Email.eq(email.as_str()))
                .one(db)
                .await?
        }
        Err(_) => None,
    };
    let stored = account.as_ref().map(|a| a.password_hash.clone());
    let verified =
        actix_web::web::block(move || password::verify_password(&password, stored.as_deref()))
            .await?;
    match account.filter(|_| verified) {
        Some(account) => {
            // Said only after the right password, so that it tells a guesser nothing.
            let unverified = therapist::verification::Entity::find_by_id(account.id)
                .one(db)
                .await?
                .and_then(|v| v.email_unverified_since)
                .is_some();
            if unverified {
                return Err(AuthError::Refused(AuthProblem::EmailUnverified));
            }
            Ok(account)
        }
        None => {
            // Anonymous, and without the e-mail: the trail must not collect personal data.
            let event = Event::of(Action::SignInFailed, ObjectType::Therapist, None, None).failed();
            audit::record(db, now, Actor::anonymous(source), event).await?;
            Err(AuthError::InvalidCredentials)
        }
    }
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

/// Signs a therapist in. An unknown e-mail and a wrong password answer alike, in alike time.
/// An account with a second factor is not signed in yet: `SecondFactor` carries the token of
/// [`login_second_step`].
///
/// # Errors
/// `InvalidCredentials`, `SecondFactor`, or database errors.
pub async fn login(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    email: &str,
    password: String,
    source: Option<IpAddr>,
) -> Result<(TherapistId, TokenPair), AuthError> {
    let account = verify_credentials(db, now, email, password, source).await?;
    if let Some(mfa_token) =
        crate::mfa::service::challenge_if_enrolled(db, account.id, false, now).await?
    {
        return Err(AuthError::SecondFactor(mfa_token));
    }
    let pair = api_sign_in(db, account.id, now, source).await?;
    Ok((account.id, pair))
}

/// Opens an API sign-in of `therapist`, whose credentials were checked: its token pair.
async fn api_sign_in(
    db: &DatabaseConnection,
    therapist: TherapistId,
    now: DateTime<Utc>,
    source: Option<IpAddr>,
) -> Result<TokenPair, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let session = open_session(&txn, Subject::Therapist(therapist), None, now, source).await?;
    let pair = store_tokens(&txn, session, now, Minted::random()).await?;
    txn.commit().await?;
    Ok(pair)
}

/// The second step of a sign-in with a second factor: the `mfa_token` of [`login`]'s
/// `SecondFactor` (or [`web_login`]'s, with `for_web`) and a TOTP or recovery code. A wrong
/// code is recorded as a failed sign-in of the account.
async fn second_step(
    db: &DatabaseConnection,
    key: &TokenKey,
    now: DateTime<Utc>,
    mfa_token: &str,
    code: &str,
    for_web: bool,
    source: Option<IpAddr>,
) -> Result<TherapistId, AuthError> {
    use crate::mfa::service::MfaError;
    match crate::mfa::service::redeem_challenge(db, key, mfa_token, code, for_web, now).await {
        Ok(therapist) => Ok(therapist),
        Err((MfaError::WrongCode, therapist)) => {
            // Counted as a failed sign-in of the account by the caller's guard
            // (limits::sign_in); here it goes to the audit trail, and the token itself stops
            // working after a few wrong codes.
            let event = Event::of(
                Action::SignInFailed,
                ObjectType::Therapist,
                therapist.map(TherapistId::uuid),
                None,
            )
            .failed();
            audit::record(db, now, Actor::anonymous(source), event).await?;
            Err(AuthError::Refused(AuthProblem::MfaCodeInvalid))
        }
        Err((MfaError::ChallengeInvalid, _)) => {
            Err(AuthError::Refused(AuthProblem::MfaTokenInvalid))
        }
        Err((MfaError::Db(e), _)) => Err(e.into()),
        Err((other, _)) => Err(AuthError::Db(DbErr::Custom(other.to_string()))),
    }
}

/// Finishes an API sign-in with a second factor: the tokens, as [`login`] answers them for an
/// account without one.
///
/// # Errors
/// `Refused(MfaCodeInvalid)`, `Refused(MfaTokenInvalid)`, or database errors.
pub async fn login_second_step(
    db: &DatabaseConnection,
    key: &TokenKey,
    now: DateTime<Utc>,
    mfa_token: &str,
    code: &str,
    source: Option<IpAddr>,
) -> Result<(TherapistId, TokenPair), AuthError> {
    let therapist = second_step(db, key, now, mfa_token, code, false, source).await?;
    let pair = api_sign_in(db, therapist, now, source).await?;
    Ok((therapist, pair))
}

/// Finishes a web sign-in with a second factor: the session cookie's token, as [`web_login`]
/// answers it for an account without one.
///
/// # Errors
/// `Refused(MfaCodeInvalid)`, `Refused(MfaTokenInvalid)`, or database errors.
pub async fn web_login_second_step(
    db: &DatabaseConnection,
    key: &TokenKey,
    now: DateTime<Utc>,
    mfa_token: &str,
    code: &str,
    source: Option<IpAddr>,
) -> Result<(TherapistId, String), AuthError> {
    let therapist = second_step(db, key, now, mfa_token, code, true, source).await?;
    let token = web_sign_in(db, therapist, now, source).await?;
    Ok((therapist, token))
}

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
    let result = rotate(db, key, now, refresh_token, source).await;
    if matches!(result, Err(AuthError::Refused(_))) {
        let event = Event::of(Action::RefreshFailed, ObjectType::Session, None, None).failed();
        audit::record(db, now, Actor::anonymous(source), event).await?;
    }
    result
}

async fn rotate(
    db: &DatabaseConnection,
    key: &TokenKey,
    now: DateTime<Utc>,
    refresh_token: &str,
    source: Option<IpAddr>,
) -> Result<TokenPair, AuthError> {
    let hash = tokens::hash(refresh_token);
    let successor = Minted::successor_of(key, refresh_token);
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
    crate::devices::forget_session_devices(db, session).await?;
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
    revoke_session(&txn, session, now).await?;
    audit::record(
        &txn,
        now,
        actor,
        Event::of(
            Action::SignOut,
            ObjectType::Session,
            Some(session.uuid()),
            client,
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// An invite redemption as the phone sent it.
pub struct Redemption {
    /// The code as typed.
    pub code: String,
    /// The install id; without it the code works exactly once.
    pub device_id: Option<DeviceId>,
    /// A name for the phone.
    pub device_label: Option<String>,
}

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

/// Signs a therapist in on the web pages: a new sign-in whose one token lives in an `HttpOnly`
/// cookie and expires after [`WEB_IDLE_TIMEOUT`] without use.
///
/// # Errors
/// `InvalidCredentials`, `SecondFactor` (the account has a second factor), or database errors.
pub async fn web_login(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    email: &str,
    password: String,
    source: Option<IpAddr>,
) -> Result<(TherapistId, String), AuthError> {
    let account = verify_credentials(db, now, email, password, source).await?;
    if let Some(mfa_token) =
        crate::mfa::service::challenge_if_enrolled(db, account.id, true, now).await?
    {
        return Err(AuthError::SecondFactor(mfa_token));
    }
    let token = web_sign_in(db, account.id, now, source).await?;
    Ok((account.id, token))
}

/// Opens a web sign-in of `therapist`, whose credentials were checked: its cookie's token.
async fn web_sign_in(
    db: &DatabaseConnection,
    therapist: TherapistId,
    now: DateTime<Utc>,
    source: Option<IpAddr>,
) -> Result<String, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let subject = Subject::Therapist(therapist);
    let session = open_session(&txn, subject, Some("web".into()), now, source).await?;
    let token = tokens::generate();
    auth_token::Entity::insert(auth_token::ActiveModel {
        token_hash: Set(tokens::hash(&token)),
        session_id: Set(session),
        kind: Set(TokenKind::Web),
        created_at: Set(now),
        expires_at: Set(now + WEB_IDLE_TIMEOUT),
        used_at: Set(None),
    })
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
    Ok(token)
}

/// Resolves a web cookie token and slides its idle timeout.
///
/// # Errors
/// `InvalidToken` when unknown, idle too long or signed out; database errors.
pub async fn web_authenticate(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    cookie_token: &str,
) -> Result<(SessionId, TherapistId), AuthError> {
    let hash = tokens::hash(cookie_token);
    let token = auth_token::Entity::find_by_id(hash.clone())
        .filter(auth_token::Column::Kind.eq(TokenKind::Web))
        .filter(auth_token::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
        .ok_or(AuthError::InvalidToken)?;
    let session = auth_session::Entity::find_by_id(token.session_id)
        .filter(auth_session::Column::RevokedAt.is_null())
        .one(db)
        .await?
        .ok_or(AuthError::InvalidToken)?;
    let therapist = session.therapist_id.ok_or(AuthError::InvalidToken)?;
    // Slide the idle timeout, at most once a minute to spare writes.
    if token.expires_at - now < WEB_IDLE_TIMEOUT - chrono::Duration::minutes(1) {
        auth_token::Entity::update_many()
            .col_expr(
                auth_token::Column::ExpiresAt,
                Expr::value(now + WEB_IDLE_TIMEOUT),
            )
            .filter(auth_token::Column::TokenHash.eq(hash))
            .exec(db)
            .await?;
    }
    Ok((session.id, therapist))
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
