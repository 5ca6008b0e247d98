//! Therapist sign-up, who a token belongs to, and a therapist's time zone.

use super::dto::{MeResponse, Role};
use super::model::NewTherapist;
use crate::audit::{self, Action, Actor, Event, ObjectType};
use crate::credentials::hash_password;
use crate::domain::{Password, Timezone};
use crate::error::ApiError;
use crate::identity::Principal;
use crate::write::RecordError;
use chrono::{DateTime, Utc};
use entities::{TherapistId, client, therapist};
use sea_orm::ActiveValue::{Set, Unchanged};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, SqlErr,
};

#[derive(Debug, thiserror::Error)]
pub enum SignupError {
    #[error("sign-up is disabled")]
    Disabled,
    #[error("e-mail already registered")]
    EmailTaken,
    #[error("invalid field {0}: {1}")]
    Invalid(&'static str, &'static str),
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error("hashing failed")]
    Hash,
    #[error(transparent)]
    Blocking(#[from] actix_web::error::BlockingError),
}

impl From<SignupError> for ApiError {
    fn from(err: SignupError) -> Self {
        match err {
            SignupError::Disabled => Self::Forbidden,
            SignupError::EmailTaken => Self::Conflict(crate::error::Reason::AccountExists),
            SignupError::Invalid(field, message) => Self::field(field, message),
            SignupError::Db(e) => e.into(),
            SignupError::Hash => Self::Internal(anyhow::anyhow!("password hashing failed")),
            SignupError::Blocking(e) => e.into(),
        }
    }
}

/// Creates a therapist account.
///
/// # Errors
/// `EmailTaken` for a registered e-mail; database errors.
pub async fn sign_up(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    new: NewTherapist,
    source: Option<std::net::IpAddr>,
) -> Result<therapist::Model, SignupError> {
    let password_hash = hash_new_password(new.password.clone()).await?;
    create(db, now, &new, password_hash, source).await
}

/// The stored form of a new account's password (costly: off the async threads).
///
/// # Errors
/// `Hash` when hashing fails; a blocking-pool error.
pub async fn hash_new_password(password: Password) -> Result<String, SignupError> {
    actix_web::web::block(move || hash_password(password.expose()))
        .await?
        .map_err(|_| SignupError::Hash)
}

/// Creates a therapist account whose password is already hashed (`new.password` is not read).
///
/// # Errors
/// `EmailTaken` for a registered e-mail; database errors.
pub async fn create(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    new: &NewTherapist,
    password_hash: String,
    source: Option<std::net::IpAddr>,
) -> Result<therapist::Model, SignupError> {
    let txn = crate::db::begin_write(db).await?;
    let model = create_in(&txn, now, new, password_hash, source).await?;
    txn.commit().await?;
    Ok(model)
}

/// [`create`] within the caller's transaction (which commits it), so that what else the new
/// account needs (its verification link) is written with it or not at all.
///
/// # Errors
/// `EmailTaken` for a registered e-mail (the transaction is then spent); database errors.
pub async fn create_in<C: ConnectionTrait>(
    txn: &C,
    now: DateTime<Utc>,
    new: &NewTherapist,
    password_hash: String,
    source: Option<std::net::IpAddr>,
) -> Result<therapist::Model, SignupError> {
    let model = therapist::Model {
        id: TherapistId::new(),
        email: new.email.as_str().to_owned(),
        password_hash,
        display_name: new.display_name.as_str().to_owned(),
        created_at: now,
        escalation_email: None,
        contact_phone: None,
    };
    let active = therapist::ActiveModel::from(model.clone());
    match therapist::Entity::insert(active)
        .exec_without_returning(txn)
        .await
    {
        Ok(_) => {
            set_zone(txn, model.id, new.timezone).await?;
            if new.unverified {
                therapist::verification::ActiveModel {
                    id: Unchanged(model.id),
                    email_unverified_since: Set(Some(now)),
                }
                .update(txn)
                .await?;
            }
            let actor = Actor {
                id: Some(model.id.uuid()),
                role: entities::audit_entry::ActorRole::Therapist,
                source,
            };
            audit::record(
                txn,
                now,
                actor,
                Event::of(
                    Action::SignUp,
                    ObjectType::Therapist,
                    Some(model.id.uuid()),
                    None,
                ),
            )
            .await?;
            Ok(model)
        }
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Err(SignupError::EmailTaken)
        }
        Err(e) => Err(e.into()),
    }
}

/// Gives a still-unverified account the password, name and zone of the newest sign-up for its
/// address: whoever signed up first (perhaps not the address's owner) must not keep a password
/// that the owner's verification link would then open. One conditional write, so an account
/// verified meanwhile is left alone. Answers whether the account was still unverified.
///
/// # Errors
/// Database errors.
pub async fn replace_pending<C: ConnectionTrait>(
    db: &C,
    account: TherapistId,
    new: &NewTherapist,
    password_hash: String,
) -> Result<bool, DbErr> {
    let replaced = therapist::Entity::update_many()
        .col_expr(therapist::Column::PasswordHash, Expr::value(password_hash))
        .col_expr(
            therapist::Column::DisplayName,
            Expr::value(new.display_name.as_str()),
        )
        .filter(therapist::Column::Id.eq(account))
        .filter(therapist::verification::Column::EmailUnverifiedSince.is_not_null())
        .exec(db)
        .await?;
    if replaced.rows_affected != 1 {
        return Ok(false);
    }
    set_zone(db, account, new.timezone).await?;
    Ok(true)
}

/// Whether `account`'s address still waits for verification (a gone account does not).
///
/// # Errors
/// Database errors.
pub async fn is_unverified<C: ConnectionTrait>(
    db: &C,
    account: TherapistId,
) -> Result<bool, DbErr> {
    Ok(therapist::verification::Entity::find_by_id(account)
        .one(db)
        .await?
        .and_then(|v| v.email_unverified_since)
        .is_some())
}

/// Writes `therapist`'s zone (the row exists).
async fn set_zone<C: ConnectionTrait>(
    db: &C,
    therapist: TherapistId,
    timezone: Timezone,
) -> Result<(), DbErr> {
    therapist::zone::ActiveModel {
        id: Unchanged(therapist),
        timezone: Set(timezone),
    }
    .update(db)
    .await
    .map(drop)
}

/// The zone `therapist`'s pages show times in.
///
/// # Errors
/// `AccountGone` when the account is gone; database errors, among them a stored zone that
/// does not parse.
pub async fn timezone_of<C: ConnectionTrait>(
    db: &C,
    therapist: TherapistId,
) -> Result<Timezone, RecordError> {
    let row = therapist::zone::Entity::find_by_id(therapist)
        .one(db)
        .await?
        .ok_or(RecordError::AccountGone)?;
    Ok(row.timezone)
}

/// Changes `therapist`'s zone, with an audit row.
///
/// # Errors
/// `AccountGone` when the account is gone; database errors.
pub async fn set_timezone(
    db: &DatabaseConnection,
    therapist: TherapistId,
    timezone: Timezone,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<Timezone, RecordError> {
    let txn = crate::db::begin_write(db).await?;
    match set_zone(&txn, therapist, timezone).await {
        Err(DbErr::RecordNotUpdated) => return Err(RecordError::AccountGone),
        other => other?,
    }
    audit::record(
        &txn,
        now,
        actor,
        Event::about(Action::Update, ObjectType::Therapist, therapist.uuid()),
    )
    .await?;
    txn.commit().await?;
    Ok(timezone)
}

/// The caller's id, role, display name and zone.
///
/// # Errors
/// `Unauthorized` when the account behind a live token is gone; database errors.
pub async fn who_am_i<C: ConnectionTrait>(
    db: &C,
    principal: Principal,
) -> Result<MeResponse, RecordError> {
    Ok(match principal {
        Principal::Therapist { id, .. } => {
            let account = therapist::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or(RecordError::AccountGone)?;
            MeResponse {
                id: id.uuid(),
                role: Role::Therapist,
                display_name: account.display_name,
                timezone: timezone_of(db, id).await?.name().to_owned(),
                locale: None,
            }
        }
        Principal::Client { id, .. } => {
            let account = client::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or(RecordError::AccountGone)?;
            MeResponse {
                id: id.uuid(),
                role: Role::Client,
                display_name: account.display_name,
                timezone: account.timezone.name().to_owned(),
                locale: account.locale,
            }
        }
    })
}

/// Holds `therapist`'s row until the transaction ends (a write that changes nothing: a row lock
/// on PostgreSQL, the single writer on SQLite), so that reset requests and confirmations of
/// one account take turns. Answers whether the account exists.
pub(crate) async fn hold_account<C: ConnectionTrait>(
    db: &C,
    therapist: TherapistId,
) -> Result<bool, DbErr> {
    Ok(therapist::Entity::update_many()
        .col_expr(
            therapist::Column::PasswordHash,
            Expr::col(therapist::Column::PasswordHash),
        )
        .filter(therapist::Column::Id.eq(therapist))
        .exec(db)
        .await?
        .rows_affected
        == 1)
}
