//! Sign-in, token rotation and sign-out.

use super::{ACCESS_TOKEN_TTL, REFRESH_TOKEN_TTL, invites, password, tokens};
use crate::audit::{self, Action, Actor, Event, ObjectType};
use crate::domain::Email;
use crate::error::ApiError;
use chrono::{DateTime, Utc};
use entities::audit_entry::ActorRole;
use entities::auth_session::SessionRole;
use entities::auth_token::TokenKind;
use entities::{ClientId, SessionId, TherapistId, auth_session, auth_token, invite, therapist};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, TransactionTrait,
};
use std::net::IpAddr;

/// A web sign-in ends after this long without a page view.
pub const WEB_IDLE_TIMEOUT: chrono::Duration = chrono::Duration::minutes(30);

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("invalid or expired token")]
    InvalidToken,
    #[error("invalid or expired invite code")]
    InvalidInvite,
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error("password check failed")]
    Blocking(#[from] actix_web::error::BlockingError),
}

impl From<AuthError> for ApiError {
    fn from(err: AuthError) -> Self {
        match err {
            AuthError::InvalidCredentials | AuthError::InvalidToken | AuthError::InvalidInvite => {
                Self::Unauthorized
            }
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

async fn issue_tokens<C: ConnectionTrait>(
    db: &C,
    session: SessionId,
    now: DateTime<Utc>,
) -> Result<TokenPair, DbErr> {
    let access_token = tokens::generate();
    let refresh_token = tokens::generate();
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
        Some(account) => Ok(account),
        None => {
            // Anonymous, and without the e-mail: the trail must not collect personal data.
            let event = Event::of(Action::SignInFailed, ObjectType::Therapist, None, None).failed();
            audit::record(db, now, Actor::anonymous(source), event).await?;
            Err(AuthError::InvalidCredentials)
        }
    }
}

/// Signs a therapist in. An unknown e-mail and a wrong password answer alike, in alike time.
///
/// # Errors
/// `InvalidCredentials`, or database errors.
pub async fn login(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    email: &str,
    password: String,
    source: Option<IpAddr>,
) -> Result<(TherapistId, TokenPair), AuthError> {
    let account = verify_credentials(db, now, email, password, source).await?;
    let txn = db.begin().await?;
    let session = open_session(&txn, Subject::Therapist(account.id), None, now, source).await?;
    let pair = issue_tokens(&txn, session, now).await?;
    txn.commit().await?;
    Ok((account.id, pair))
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

/// Exchanges a refresh token for a new pair. Each refresh token works once: presenting one that
/// was already exchanged means it was copied, so the whole sign-in is revoked.
///
/// # Errors
/// `InvalidToken`, or database errors.
pub async fn refresh(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    refresh_token: &str,
    source: Option<IpAddr>,
) -> Result<TokenPair, AuthError> {
    let result = rotate(db, now, refresh_token, source).await;
    if matches!(result, Err(AuthError::InvalidToken)) {
        let event = Event::of(Action::RefreshFailed, ObjectType::Session, None, None).failed();
        audit::record(db, now, Actor::anonymous(source), event).await?;
    }
    result
}

async fn rotate(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    refresh_token: &str,
    source: Option<IpAddr>,
) -> Result<TokenPair, AuthError> {
    let hash = tokens::hash(refresh_token);
    let txn = db.begin().await?;
    // Claim the token with one conditional write, so two racing refreshes cannot both win (and
    // on SQLite the transaction takes the write lock before it reads).
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
        return Err(AuthError::InvalidToken);
    };
    if claimed.rows_affected != 1 {
        if token.used_at.is_some() {
            revoke_session(&txn, token.session_id, now).await?;
            txn.commit().await?;
            tracing::warn!(session_id = %token.session_id, "a rotated refresh token was re-used; sign-in revoked");
        }
        return Err(AuthError::InvalidToken);
    }
    let live = auth_session::Entity::find_by_id(token.session_id)
        .filter(auth_session::Column::RevokedAt.is_null())
        .one(&txn)
        .await?;
    let Some(live) = live else {
        return Err(AuthError::InvalidToken);
    };
    let pair = issue_tokens(&txn, token.session_id, now).await?;
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

async fn revoke_session<C: ConnectionTrait>(
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
    let txn = db.begin().await?;
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

/// Signs a client's phone in with an invite code. A code works once and for seven days.
///
/// # Errors
/// `InvalidInvite`, or database errors.
pub async fn redeem_invite(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    code: &str,
    device_label: Option<String>,
    source: Option<IpAddr>,
) -> Result<(ClientId, TokenPair), AuthError> {
    let hash = invites::code_hash(code);
    let txn = db.begin().await?;
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
        let event = Event::of(Action::SignInFailed, ObjectType::Invite, None, None).failed();
        audit::record(db, now, Actor::anonymous(source), event).await?;
        return Err(AuthError::InvalidInvite);
    }
    let invite = invite::Entity::find_by_id(hash)
        .one(&txn)
        .await?
        .ok_or(AuthError::InvalidInvite)?;
    let subject = Subject::Client(invite.client_id);
    let session = open_session(&txn, subject, device_label, now, source).await?;
    let pair = issue_tokens(&txn, session, now).await?;
    txn.commit().await?;
    Ok((invite.client_id, pair))
}

/// Resolves an access token to the sign-in it belongs to.
///
/// # Errors
/// `InvalidToken` when unknown, expired or revoked; database errors.
pub async fn authenticate<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    access_token: &str,
) -> Result<auth_session::Model, AuthError> {
    // One statement: this runs on every request, so the token and its sign-in are read in one
    // round trip.
    let live_token = Query::select()
        .column(auth_token::Column::SessionId)
        .from(auth_token::Entity)
        .and_where(auth_token::Column::TokenHash.eq(tokens::hash(access_token)))
        .and_where(auth_token::Column::Kind.eq(TokenKind::Access))
        .and_where(auth_token::Column::ExpiresAt.gt(now))
        .to_owned();
    auth_session::Entity::find()
        .filter(auth_session::Column::Id.in_subquery(live_token))
        .filter(auth_session::Column::RevokedAt.is_null())
        .one(db)
        .await?
        .ok_or(AuthError::InvalidToken)
}

/// Signs a therapist in on the web pages: a new sign-in whose one token lives in an `HttpOnly`
/// cookie and expires after [`WEB_IDLE_TIMEOUT`] without use.
///
/// # Errors
/// `InvalidCredentials`, or database errors.
pub async fn web_login(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    email: &str,
    password: String,
    source: Option<IpAddr>,
) -> Result<(TherapistId, String), AuthError> {
    let account = verify_credentials(db, now, email, password, source).await?;
    let txn = db.begin().await?;
    let subject = Subject::Therapist(account.id);
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
    Ok((account.id, token))
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
/// refresh token recognisable as re-used; after that it is refused as unknown anyway.)
///
/// # Errors
/// Database errors.
pub async fn purge_expired<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let purged = auth_token::Entity::delete_many()
        .filter(auth_token::Column::ExpiresAt.lt(now - chrono::Duration::days(1)))
        .exec(db)
        .await?
        .rows_affected;
    if purged > 0 {
        tracing::info!(tokens = purged, "expired tokens purged");
    }
    Ok(purged)
}
