//! Issuing and redeeming the links of account e-mails; sign-up when verification is required.

use super::mail::{Kind, Mails};
use super::{RESET_LIVE_MAX, RESET_QUIET, RESET_TTL, VERIFICATION_TTL};
use crate::accounts::model::NewTherapist;
use crate::accounts::service::{
    SignupError, create_in, hash_new_password, hold_account, is_unverified, replace_pending,
};
use crate::audit::{self, Action, Actor, Event, ObjectType};
use crate::auth::revoke_session;
use crate::credentials::{hash_password, tokens};
use crate::domain::{Email, Password};
use crate::error::{ApiError, AuthProblem};
use chrono::{DateTime, Utc};
use entities::account_token::TokenPurpose;
use entities::audit_entry::ActorRole;
use entities::{TherapistId, account_token, auth_session, therapist};
use sea_orm::ActiveValue::{Set, Unchanged};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder,
};
use std::net::IpAddr;

/// Why a link was refused.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// Unknown, used or expired.
    #[error("link not valid")]
    Invalid(TokenPurpose),
    #[error("hashing failed")]
    Hash,
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error(transparent)]
    Blocking(#[from] actix_web::error::BlockingError),
}

impl From<LinkError> for ApiError {
    fn from(err: LinkError) -> Self {
        match err {
            LinkError::Invalid(TokenPurpose::PasswordReset) => {
                Self::Auth(AuthProblem::ResetTokenInvalid)
            }
            LinkError::Invalid(TokenPurpose::EmailVerification) => {
                Self::Auth(AuthProblem::VerificationTokenInvalid)
            }
            LinkError::Hash => Self::Internal(anyhow::anyhow!("password hashing failed")),
            LinkError::Db(e) => e.into(),
            LinkError::Blocking(e) => e.into(),
        }
    }
}

/// Stores a new link of `purpose` for `therapist` (its hash), replacing every earlier one of
/// the same purpose (so that only the newest link works), and hands out the token. Reset links
/// are made by [`issue_reset`], which keeps earlier ones.
async fn issue<C: ConnectionTrait>(
    db: &C,
    therapist: TherapistId,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> Result<String, DbErr> {
    account_token::Entity::delete_many()
        .filter(account_token::Column::TherapistId.eq(therapist))
        .filter(account_token::Column::Purpose.eq(purpose))
        .exec(db)
        .await?;
    let token = tokens::generate();
    let ttl = match purpose {
        TokenPurpose::PasswordReset => RESET_TTL,
        TokenPurpose::EmailVerification => VERIFICATION_TTL,
    };
    account_token::Entity::insert(account_token::ActiveModel {
        token_hash: Set(tokens::hash(&token)),
        therapist_id: Set(therapist),
        purpose: Set(purpose),
        created_at: Set(now),
        expires_at: Set(now + ttl),
        used_at: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    Ok(token)
}

/// Makes a reset link for `therapist` unless an unused one younger than [`RESET_QUIET`]
/// exists; earlier unused links stay valid, at most [`RESET_LIVE_MAX`] with the new one (the
/// oldest goes first). Answers the new token, if one was made.
async fn issue_reset(
    db: &DatabaseConnection,
    therapist: TherapistId,
    now: DateTime<Utc>,
) -> Result<Option<String>, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    // Racing requests take turns, so that only one of them makes a link.
    if !hold_account(&txn, therapist).await? {
        return Ok(None);
    }
    let mine = || {
        account_token::Entity::find()
            .filter(account_token::Column::TherapistId.eq(therapist))
            .filter(account_token::Column::Purpose.eq(TokenPurpose::PasswordReset))
    };
    let live = mine()
        .filter(account_token::Column::UsedAt.is_null())
        .filter(account_token::Column::ExpiresAt.gt(now))
        .order_by_desc(account_token::Column::CreatedAt)
        .all(&txn)
        .await?;
    if live
        .first()
        .is_some_and(|newest| newest.created_at > now - RESET_QUIET)
    {
        return Ok(None);
    }
    // Used and expired links open nothing any more; the oldest live ones make room.
    account_token::Entity::delete_many()
        .filter(account_token::Column::TherapistId.eq(therapist))
        .filter(account_token::Column::Purpose.eq(TokenPurpose::PasswordReset))
        .filter(
            account_token::Column::UsedAt
                .is_not_null()
                .or(account_token::Column::ExpiresAt.lte(now)),
        )
        .exec(&txn)
        .await?;
    for old in live.iter().skip(RESET_LIVE_MAX - 1) {
        account_token::Entity::delete_by_id(old.token_hash.clone())
            .exec(&txn)
            .await?;
    }
    let token = tokens::generate();
    account_token::Entity::insert(account_token::ActiveModel {
        token_hash: Set(tokens::hash(&token)),
        therapist_id: Set(therapist),
        purpose: Set(TokenPurpose::PasswordReset),
        created_at: Set(now),
        expires_at: Set(now + RESET_TTL),
        used_at: Set(None),
    })
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
    Ok(Some(token))
}

/// Uses a link: one conditional write, so that two requests with the same token cannot both
/// win. Answers whose link it was.
async fn claim<C: ConnectionTrait>(
    db: &C,
    token: &str,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> Result<TherapistId, LinkError> {
    let hash = tokens::hash(token);
    let claimed = account_token::Entity::update_many()
        .col_expr(account_token::Column::UsedAt, Expr::value(now))
        .filter(account_token::Column::TokenHash.eq(&hash))
        .filter(account_token::Column::Purpose.eq(purpose))
        .filter(account_token::Column::UsedAt.is_null())
        .filter(account_token::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(LinkError::Invalid(purpose));
    }
    account_token::Entity::find_by_id(hash)
        .one(db)
        .await?
        .map(|row| row.therapist_id)
        .ok_or(LinkError::Invalid(purpose))
}

/// Records the account's update, by its owner through a link, and commits it.
async fn commit_account_update(
    txn: sea_orm::DatabaseTransaction,
    now: DateTime<Utc>,
    therapist: TherapistId,
    source: Option<IpAddr>,
) -> Result<(), DbErr> {
    audit::record(
        &txn,
        now,
        therapist_actor(therapist, source),
        Event::about(Action::Update, ObjectType::Therapist, therapist.uuid()),
    )
    .await?;
    txn.commit().await
}

fn therapist_actor(therapist: TherapistId, source: Option<IpAddr>) -> Actor {
    Actor {
        id: Some(therapist.uuid()),
        role: ActorRole::Therapist,
        source,
    }
}

/// A password-reset request: if `email` has an account, a reset link is stored and sent to it
/// in the background. Answers nothing either way.
///
/// # Errors
/// Database errors.
pub async fn request_reset(
    db: &DatabaseConnection,
    mails: &Mails,
    now: DateTime<Utc>,
    email: &str,
) -> Result<(), DbErr> {
    let Ok(email) = Email::parse(email) else {
        return Ok(());
    };
    let Some(account) = therapist::Entity::find()
        .filter(therapist::Column::Email.eq(email.as_str()))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    // The link is stored and sent after the answer: a known address must not answer later
    // than an unknown one (a write waits for the disk).
    let (db, mails) = (db.clone(), mails.clone());
    drop(tokio::spawn(async move {
        // An unverified account can only wait for its link: its password may be a stranger's
        // until the address's owner signs up (`sign_up_pending`), so no reset opens it.
        match is_unverified(&db, account.id).await {
            Ok(false) => {}
            Ok(true) => {
                tracing::info!(therapist_id = %account.id, "password reset refused: the address is not verified");
                return;
            }
            Err(e) => {
                tracing::error!(therapist_id = %account.id, error = %e, "a password-reset request could not be read");
                return;
            }
        }
        match issue_reset(&db, account.id, now).await {
            Ok(None) => {
                tracing::info!(therapist_id = %account.id, "password reset requested; a recent link is unused, so no new one");
            }
            Ok(Some(token)) => {
                tracing::info!(therapist_id = %account.id, "password reset requested");
                mails.send_later(
                    Kind::PasswordReset,
                    account.id,
                    &account.email,
                    Some(&token),
                );
            }
            Err(e) => {
                tracing::error!(therapist_id = %account.id, error = %e, "a password-reset link could not be stored");
            }
        }
    }));
    Ok(())
}

/// Sets a new password with a reset link, and ends every sign-in of the account.
///
/// # Errors
/// `Invalid` for an unknown, used or expired link; database errors.
pub async fn confirm_reset(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    token: &str,
    password: Password,
    source: Option<IpAddr>,
) -> Result<TherapistId, LinkError> {
    // A link that cannot work is refused before the (costly) hash, so that guessing costs the
    // server nothing; the claim below decides for good.
    let Some(usable) = account_token::Entity::find_by_id(tokens::hash(token))
        .filter(account_token::Column::Purpose.eq(TokenPurpose::PasswordReset))
        .filter(account_token::Column::UsedAt.is_null())
        .filter(account_token::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
    else {
        return Err(LinkError::Invalid(TokenPurpose::PasswordReset));
    };
    // Hashed before the link is claimed, so that a failure here leaves the link usable.
    let password_hash = actix_web::web::block(move || hash_password(password.expose()))
        .await?
        .map_err(|_| LinkError::Hash)?;
    let txn = crate::db::begin_write(db).await?;
    // The account before the link, in the order `issue_reset` takes them, so that the two
    // wait for each other instead of deadlocking.
    hold_account(&txn, usable.therapist_id).await?;
    let therapist_id = claim(&txn, token, TokenPurpose::PasswordReset, now).await?;
    // No link is made for an unverified account; one made before it was (an upgrade) must
    // not open it either.
    if is_unverified(&txn, therapist_id).await? {
        return Err(LinkError::Invalid(TokenPurpose::PasswordReset));
    }
    therapist::ActiveModel {
        id: Unchanged(therapist_id),
        password_hash: Set(password_hash),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    // The password is the owner's again: the account's other reset links open nothing more.
    account_token::Entity::delete_many()
        .filter(account_token::Column::TherapistId.eq(therapist_id))
        .filter(account_token::Column::Purpose.eq(TokenPurpose::PasswordReset))
        .filter(account_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    let sessions = auth_session::Entity::find()
        .filter(auth_session::Column::TherapistId.eq(therapist_id))
        .filter(auth_session::Column::RevokedAt.is_null())
        .all(&txn)
        .await?;
    for session in &sessions {
        revoke_session(&txn, session.id, now).await?;
    }
    commit_account_update(txn, now, therapist_id, source).await?;
    tracing::info!(therapist_id = %therapist_id, revoked = sessions.len(), "password reset; every sign-in ended");
    Ok(therapist_id)
}

/// Verifies an account's address with its link.
///
/// # Errors
/// `Invalid` for an unknown, used or expired link; database errors.
pub async fn verify_email(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    token: &str,
    source: Option<IpAddr>,
) -> Result<TherapistId, LinkError> {
    let Some(link) = account_token::Entity::find_by_id(tokens::hash(token))
        .filter(account_token::Column::Purpose.eq(TokenPurpose::EmailVerification))
        .one(db)
        .await?
    else {
        return Err(LinkError::Invalid(TokenPurpose::EmailVerification));
    };
    let txn = crate::db::begin_write(db).await?;
    // The account before the link, as `sign_up_pending` takes them: waits, never deadlocks.
    hold_account(&txn, link.therapist_id).await?;
    let therapist_id = claim(&txn, token, TokenPurpose::EmailVerification, now).await?;
    therapist::verification::ActiveModel {
        id: Unchanged(therapist_id),
        email_unverified_since: Set(None),
    }
    .update(&txn)
    .await?;
    commit_account_update(txn, now, therapist_id, source).await?;
    tracing::info!(therapist_id = %therapist_id, "e-mail address verified");
    Ok(therapist_id)
}

/// Sign-up when the server requires verified addresses. A new address gets an account that
/// cannot sign in yet and a verification link; a registered one gets a notice to its owner.
/// While that account is itself unverified, the newcomer takes it over instead: its password,
/// name and zone become the newcomer's and every earlier link stops working, in the one
/// transaction that stores the new link, so a link always opens the password of whoever received
/// it (else whoever signed up first with somebody else's address would be let in by the owner's
/// link). The caller answers all alike; the password is hashed once in every case, so they take
/// alike time.
///
/// # Errors
/// Database errors.
pub async fn sign_up_pending(
    db: &DatabaseConnection,
    mails: &Mails,
    now: DateTime<Utc>,
    new: NewTherapist,
    source: Option<IpAddr>,
) -> Result<(), SignupError> {
    let new = NewTherapist {
        unverified: true,
        ..new
    };
    let password_hash = hash_new_password(new.password.clone()).await?;
    let txn = crate::db::begin_write(db).await?;
    match create_in(&txn, now, &new, password_hash.clone(), source).await {
        Ok(created) => {
            // The account and its link are written together: a later sign-up for the address
            // (below) then finds both, and its new link voids this one.
            let token = issue(&txn, created.id, TokenPurpose::EmailVerification, now).await?;
            txn.commit().await?;
            tracing::info!(therapist_id = %created.id, "therapist account created; waits for e-mail verification");
            mails.send_later(Kind::Verification, created.id, &created.email, Some(&token));
            Ok(())
        }
        Err(SignupError::EmailTaken) => {
            txn.rollback().await?;
            let Some(owner) = therapist::Entity::find()
                .filter(therapist::Column::Email.eq(new.email.as_str()))
                .one(db)
                .await?
            else {
                return Ok(());
            };
            let txn = crate::db::begin_write(db).await?;
            // The account first, then its links (the order every writer of links takes), so
            // that racing sign-ups take turns and each sees the links of the one before.
            hold_account(&txn, owner.id).await?;
            account_token::Entity::delete_many()
                .filter(account_token::Column::TherapistId.eq(owner.id))
                .exec(&txn)
                .await?;
            let token = issue(&txn, owner.id, TokenPurpose::EmailVerification, now).await?;
            if replace_pending(&txn, owner.id, &new, password_hash).await? {
                audit::record(
                    &txn,
                    now,
                    therapist_actor(owner.id, source),
                    Event::of(
                        Action::Update,
                        ObjectType::Therapist,
                        Some(owner.id.uuid()),
                        None,
                    ),
                )
                .await?;
                txn.commit().await?;
                tracing::info!(therapist_id = %owner.id, "sign-up with an unverified address; the pending account takes the newcomer's password and a new link");
                mails.send_later(Kind::Verification, owner.id, &owner.email, Some(&token));
            } else {
                txn.rollback().await?;
                tracing::info!(therapist_id = %owner.id, "sign-up with a registered address; its owner is told");
                mails.send_later(Kind::SignUpAttempt, owner.id, &owner.email, None);
            }
            Ok(())
        }
        Err(e) => Err(e),
    }
}
