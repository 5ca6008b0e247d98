//! Recording events, and reading the trail back.
use super::model::{Actor, Event, Trail};
use crate::error::ApiError;
use crate::group_commit::{BatchWrite, GroupCommit, WriteGate};
use chrono::{DateTime, Utc};
use entities::audit_entry::ActorRole;
use entities::{ClientId, audit_entry};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

pub use entities::audit_entry::{AuditAction as Action, ObjectType, Outcome};

fn row(actor: Actor, event: Event, now: DateTime<Utc>) -> audit_entry::ActiveModel {
    let outcome = match (event.success, event.action) {
        (true, _) => Outcome::Success,
        (false, Action::Denied) => Outcome::Denied,
        (false, _) => Outcome::Failure,
    };
    audit_entry::ActiveModel::from(audit_entry::Model {
        id: Uuid::now_v7(),
        at: now,
        actor_id: actor.id,
        actor_role: actor.role,
        action: event.action,
        object_type: event.object_type,
        object_id: event.object_id,
        client_id: event.client_id.map(ClientId::uuid),
        outcome,
        source: actor.source.map(|ip| ip.to_string()),
    })
}

/// Appends one row. Pass the write's transaction so that the row commits (or not) with it.
///
/// # Errors
/// Database errors.
pub async fn record<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    actor: impl Into<Actor>,
    event: Event,
) -> Result<(), DbErr> {
    audit_entry::Entity::insert(row(actor.into(), event, now))
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Appends one row per `(when, who, what)` (e.g. the writes of a group commit).
///
/// # Errors
/// Database errors.
pub async fn record_each<C: ConnectionTrait>(
    db: &C,
    entries: impl IntoIterator<Item = (DateTime<Utc>, Actor, Event)>,
) -> Result<(), DbErr> {
    insert_rows(
        db,
        entries
            .into_iter()
            .map(|(now, actor, event)| row(actor, event, now))
            .collect(),
    )
    .await
}

async fn insert_rows<C: ConnectionTrait>(
    db: &C,
    rows: Vec<audit_entry::ActiveModel>,
) -> Result<(), DbErr> {
    for chunk in rows.chunks(200) {
        audit_entry::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Records of reads, which have no write of their own to ride in. Each caller waits until its
/// rows are committed (a read is answered only once it is on record), but the rows of
/// concurrent reads share one transaction: see [`crate::group_commit`].
pub struct ReadLog {
    writes: GroupCommit<ReadWriter>,
    /// Spreads reads over the lanes: their rows have no order to keep.
    next: std::sync::atomic::AtomicUsize,
}

impl ReadLog {
    #[must_use]
    pub fn start(db: &DatabaseConnection, gate: &WriteGate, lanes: usize) -> Self {
        Self {
            writes: GroupCommit::start(db, gate, lanes, ReadWriter),
            next: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// Appends one row per event and waits for the commit.
    ///
    /// # Errors
    /// Database errors.
    pub async fn record(
        &self,
        now: DateTime<Utc>,
        actor: impl Into<Actor>,
        events: impl IntoIterator<Item = Event>,
    ) -> Result<(), ApiError> {
        let actor = actor.into();
        let rows: Vec<_> = events.into_iter().map(|e| row(actor, e, now)).collect();
        if rows.is_empty() {
            return Ok(());
        }
        let lane = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.writes.submit(lane, rows).await
    }
}

/// Writes the rows of a batch of reads.
pub struct ReadWriter;

impl BatchWrite for ReadWriter {
    type Job = Vec<audit_entry::ActiveModel>;
    type Output = ();

    async fn write(
        &self,
        txn: &DatabaseTransaction,
        jobs: Vec<Self::Job>,
    ) -> Result<Vec<Result<(), ApiError>>, DbErr> {
        let outcomes = jobs.iter().map(|_| Ok(())).collect();
        insert_rows(txn, jobs.into_iter().flatten().collect()).await?;
        Ok(outcomes)
    }
}

/// Up to `limit + 1` entries of `client`'s trail after `after`, newest first.
///
/// # Errors
/// Database errors.
pub async fn trail<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    which: Trail,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<audit_entry::Model>, DbErr> {
    let mut query =
        audit_entry::Entity::find().filter(audit_entry::Column::ClientId.eq(client.uuid()));
    if which == Trail::ReadsByOthers {
        query = query
            .filter(audit_entry::Column::ActorRole.ne(ActorRole::Client))
            .filter(audit_entry::Column::Action.is_in([Action::Read, Action::Export]));
    }
    if let Some(after) = after {
        query = query.filter(audit_entry::Column::Id.lt(after));
    }
    query
        .order_by_desc(audit_entry::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await
}
