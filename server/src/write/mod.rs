//! The one way a client's records are written (check-ins excepted: they are written in batches
//! by the check-ins' `CheckinWriter`, which keeps the same rules for many writes at
//! once).
//!
//! A [`ClientWrite`] opens a transaction and takes the client's next change number first (see
//! [`next_change_seq`]: it locks the client row, so a phone that has seen change N
//! has seen every change before it). The service writes its rows with that number, then
//! [`ClientWrite::commit`] appends the audit row in the same transaction and commits. Dropping a
//! write without committing rolls it back, so an early `return Err(…)` stores nothing.
//!
//! A write that carries an `If-Match` checks it with [`ClientWrite::precondition`] after reading
//! the record in the write's transaction: the client row is locked from `begin` to `commit`, so
//! no other write of the client can come between the check and the write.

use crate::audit::{self, Action, Actor, Event, ObjectType};
use crate::conditional::Precondition;
use crate::error::{ApiError, Reason};
use chrono::{DateTime, Utc};
use entities::ClientId;
use sea_orm::{
    DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait, IntoActiveModel, PrimaryKeyTrait,
    TryInsertResult,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

mod seq;
pub use seq::{lock_client, next_change_seq};

/// Why a service could not read or write a client's record. The services of client records
/// answer with it (a service with failures of its own, such as sign-up or the safety plan's
/// `If-Match`, has its own enum); it becomes an HTTP answer in one place, `From<RecordError>
/// for ApiError`.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// No such record of this client, or no such client (erased meanwhile).
    #[error("not found")]
    NotFound,
    /// The record's id or state does not allow the change; the reason says why, to the caller.
    #[error("{0}")]
    Conflict(Reason),
    /// A value of the request does not fit what is stored (a rating of a goal the
    /// formulation does not have): `field` names it, the text says why (422).
    #[error("{field}: {message}")]
    Invalid {
        /// The field's path in the request body.
        field: String,
        /// Why, to the caller.
        message: &'static str,
    },
    /// The request's `If-Match` does not name the record's current entity tag (412).
    #[error("the record is not at the version the write expected")]
    Stale,
    /// The signed-in account no longer exists.
    #[error("the account is gone")]
    AccountGone,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl From<RecordError> for ApiError {
    fn from(err: RecordError) -> Self {
        match err {
            RecordError::NotFound => Self::NotFound,
            RecordError::Conflict(why) => Self::Conflict(why),
            RecordError::Invalid { field, message } => Self::field(field, message),
            RecordError::Stale => Self::PreconditionFailed,
            RecordError::AccountGone => Self::Unauthorized,
            RecordError::Db(e) => e.into(),
        }
    }
}

/// The entity tag of a representation that has no version of its own (a value kept on the
/// client row, whose change number moves with every write of the client): the first 63 bits of
/// the SHA-256 of its JSON. Equal contents give equal tags, on every replica and after a
/// restart, so a tag is stale exactly when what it was read from has changed.
///
/// # Errors
/// A value that does not serialize (none of ours).
pub fn content_tag(value: &impl Serialize) -> Result<i64, DbErr> {
    let json = serde_json::to_vec(value).map_err(|e| DbErr::Json(e.to_string()))?;
    let digest = Sha256::digest(&json);
    let mut first = [0_u8; 8];
    first.copy_from_slice(&digest[..8]);
    Ok(i64::from_be_bytes(first) & i64::MAX)
}

/// The outcome of an idempotent create.
#[derive(Debug)]
pub enum Written<T> {
    /// Stored now (201).
    Created(T),
    /// Stored earlier with the same body (200).
    Replayed(T),
}

impl<T> Written<T> {
    /// The answer to the create: 201 with the new record, 200 with the one stored before.
    pub fn respond<R: serde::Serialize>(
        self,
        body: impl FnOnce(T) -> R,
    ) -> actix_web::HttpResponse {
        match self {
            Self::Created(t) => actix_web::HttpResponse::Created().json(body(t)),
            Self::Replayed(t) => actix_web::HttpResponse::Ok().json(body(t)),
        }
    }

    /// The answer's status (201 for the new record, 200 for the one stored before) and the
    /// record, for an answer with more than a body (an `ETag`).
    #[must_use]
    pub fn into_parts(self) -> (actix_web::HttpResponseBuilder, T) {
        match self {
            Self::Created(t) => (actix_web::HttpResponse::Created(), t),
            Self::Replayed(t) => (actix_web::HttpResponse::Ok(), t),
        }
    }
}

/// Replans a client's reminders after a write that changes what they are planned from. The
/// reminders feature implements it; the write path, below the features, only knows that
/// someone replans.
#[async_trait::async_trait]
pub trait Replanner: Send + Sync {
    /// Replans `client` as of `now`. Best effort: the change itself is already stored, so a
    /// failure must leave the client to the next sweep, not fail the request that made it.
    async fn replan_after_change(
        &self,
        db: &DatabaseConnection,
        client: ClientId,
        now: DateTime<Utc>,
    );
}

/// Whether a write changes what the client's reminders are planned from.
#[derive(Clone, Copy)]
pub enum Reminders<'a> {
    /// Nothing the planner reads.
    Unaffected,
    /// Replan after the commit (best effort: a failure leaves the client to the sweep).
    Replan(&'a dyn Replanner),
}

/// An open write of one client's records.
pub struct ClientWrite {
    db: DatabaseConnection,
    txn: DatabaseTransaction,
    client: ClientId,
    seq: i64,
    now: DateTime<Utc>,
    actor: Actor,
}

impl ClientWrite {
    /// Opens the transaction and takes the client's next change number.
    ///
    /// # Errors
    /// `NotFound` when the client does not exist (erased meanwhile); database errors.
    pub async fn begin(
        db: &DatabaseConnection,
        client: ClientId,
        now: DateTime<Utc>,
        actor: impl Into<Actor>,
    ) -> Result<Self, RecordError> {
        let txn = crate::db::begin_write(db).await?;
        let seq = match next_change_seq(&txn, client).await {
            Ok(seq) => seq,
            Err(DbErr::RecordNotFound(_)) => return Err(RecordError::NotFound),
            Err(e) => return Err(e.into()),
        };
        Ok(Self {
            db: db.clone(),
            txn,
            client,
            seq,
            now,
            actor: actor.into(),
        })
    }

    /// The transaction, for the service's own reads and writes.
    #[must_use]
    pub fn txn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// The change number every row written here carries.
    #[must_use]
    pub fn seq(&self) -> i64 {
        self.seq
    }

    /// The time of the write (the injected clock's).
    #[must_use]
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Whose records these are.
    #[must_use]
    pub fn client(&self) -> ClientId {
        self.client
    }

    /// Checks the request's `If-Match` (`expected`; none: the write goes through) against the
    /// current tag of the record (`None`: there is none), read in [`Self::txn`]. The client row
    /// is locked until this write commits, so the record cannot change between the check and the
    /// write. Dropping the write on the error rolls it back.
    ///
    /// # Errors
    /// `Stale` when `expected` does not hold.
    pub fn precondition(
        &self,
        expected: Option<&Precondition>,
        current: Option<i64>,
    ) -> Result<(), RecordError> {
        match expected {
            Some(expected) if !expected.holds(current) => Err(RecordError::Stale),
            _ => Ok(()),
        }
    }

    /// Records `action` on `object` (`id`) and commits; then replans if `reminders` says so.
    ///
    /// # Errors
    /// Database errors (nothing is stored then).
    pub async fn commit(
        self,
        action: Action,
        object: ObjectType,
        id: Option<Uuid>,
        reminders: Reminders<'_>,
    ) -> Result<(), RecordError> {
        let event = Event::of(action, object, id, Some(self.client));
        audit::record(&self.txn, self.now, self.actor, event).await?;
        self.txn.commit().await?;
        if let Reminders::Replan(planner) = reminders {
            planner
                .replan_after_change(&self.db, self.client, self.now)
                .await;
        }
        Ok(())
    }

    /// Inserts `row` under `id` once: a retry with the same content (`same` says so of the
    /// stored row, ownership included) is [`Written::Replayed`] and stores nothing; any other
    /// row under that id is a `Conflict` saying `taken`. A new row is recorded as a `Create` of
    /// `object` and committed.
    ///
    /// # Errors
    /// `Conflict`; database errors.
    pub async fn create_once<E>(
        self,
        object: ObjectType,
        id: <E::PrimaryKey as PrimaryKeyTrait>::ValueType,
        row: E::Model,
        same: impl FnOnce(&E::Model) -> bool,
    ) -> Result<Written<E::Model>, RecordError>
    where
        E: EntityTrait,
        E::Model: IntoActiveModel<E::ActiveModel> + Clone,
        <E::PrimaryKey as PrimaryKeyTrait>::ValueType: Clone + Into<Uuid>,
    {
        if let Some(existing) = E::find_by_id(id.clone()).one(&self.txn).await? {
            return if same(&existing) {
                Ok(Written::Replayed(existing))
            } else {
                Err(RecordError::Conflict(Reason::IdTaken))
            };
        }
        // A concurrent create of the same id that committed between the read and the insert
        // is skipped by the database, not raised as an error.
        let inserted = E::insert(row.clone().into_active_model())
            .on_conflict_do_nothing()
            .exec_without_returning(&self.txn)
            .await?;
        if !matches!(inserted, TryInsertResult::Inserted(_)) {
            return Err(RecordError::Conflict(Reason::IdTaken));
        }
        self.commit(
            Action::Create,
            object,
            Some(id.into()),
            Reminders::Unaffected,
        )
        .await?;
        Ok(Written::Created(row))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_record_no_precondition_holds() {
        assert!(!Precondition::Any.holds(None));
        assert!(!Precondition::Tags(vec![1]).holds(None));
    }

    #[test]
    fn a_star_holds_for_any_record() {
        assert!(Precondition::Any.holds(Some(4)));
    }

    #[test]
    fn only_the_current_tag_holds() {
        assert!(Precondition::Tags(vec![1, 2]).holds(Some(2)));
        assert!(!Precondition::Tags(vec![1]).holds(Some(2)));
        assert!(!Precondition::Tags(vec![]).holds(Some(1)));
    }

    #[test]
    fn equal_contents_have_equal_tags_and_other_contents_others() {
        let three = content_tag(&serde_json::json!({"weekly_target": 3})).ok();
        assert_eq!(
            three,
            content_tag(&serde_json::json!({"weekly_target": 3})).ok()
        );
        assert_ne!(
            three,
            content_tag(&serde_json::json!({"weekly_target": 4})).ok()
        );
        assert!(three.is_some_and(|t| t >= 0));
    }
}
