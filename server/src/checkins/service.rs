//! Writing and listing check-ins; raising a safety alert when PHQ-9 item 9 is above 0.

use crate::audit::{self, Action, Actor, Event};
use crate::domain::{Gad7Answers, Phq9Answers, Score0To10};
use crate::error::ApiError;
use crate::group_commit::{BatchWrite, GroupCommit};
use crate::sync::lock_client;
use chrono::{DateTime, Utc};
use entities::{
    AlertId, CheckinId, ClientId, RelationshipId, TherapistId, checkin, relationship, safety_alert,
};
use sea_orm::sea_query::Condition;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, TryInsertResult,
};
use std::collections::{BTreeMap, HashMap};

/// The kind of alert PHQ-9 item 9 raises.
pub const ALERT_PHQ9_ITEM9: &str = "phq9_item9";

/// A check-in as the client wrote it (already parsed).
#[derive(Debug, Clone)]
pub struct NewCheckin {
    pub id: CheckinId,
    pub recorded_at: DateTime<Utc>,
    pub mood: Score0To10,
    pub note: Option<String>,
    pub relationship_id: Option<RelationshipId>,
    pub phq9: Option<Phq9Answers>,
    pub gad7: Option<Gad7Answers>,
}

impl NewCheckin {
    /// Whether a stored row holds exactly this check-in (a replay of the same write).
    fn matches(&self, row: &checkin::Model) -> bool {
        row.recorded_at == self.recorded_at
            && row.mood == i32::from(self.mood.get())
            && row.note == self.note
            && row.relationship_id == self.relationship_id
            && row.phq9 == self.phq9.map(Phq9Answers::to_stored)
            && row.gad7 == self.gad7.map(Gad7Answers::to_stored)
    }
}

/// The outcome of an idempotent write.
#[derive(Debug)]
pub enum Written<T> {
    /// Stored now (201).
    Created(T),
    /// Stored earlier with the same body (200).
    Replayed(T),
}

/// One client's check-in, waiting for its turn in a group commit.
#[derive(Debug, Clone)]
pub struct CheckinWrite {
    pub client: ClientId,
    pub now: DateTime<Utc>,
    pub new: NewCheckin,
    pub actor: Actor,
}

/// Stores a check-in of `client`, once. A PHQ-9 with item 9 above 0 opens a safety alert for
/// the client's therapist in the same transaction. Concurrent check-ins share one transaction (see
/// [`crate::group_commit`]); this returns once this one is committed.
///
/// # Errors
/// `Conflict` when the id holds a different check-in; `Validation` for a relationship that is
/// not this client's; `NotFound` for a client that no longer exists; database errors.
pub async fn create_checkin(
    writes: &GroupCommit<CheckinWriter>,
    write: CheckinWrite,
) -> Result<Written<checkin::Model>, ApiError> {
    let (client, id) = (write.client, write.new.id);
    let written = writes.submit(client, write).await?;
    if let Written::Created(row) = &written
        && row.risk_flag
    {
        tracing::warn!(client_id = %client, checkin_id = %id, "safety alert raised");
    }
    Ok(written)
}

/// Writes batches of check-ins.
pub struct CheckinWriter;

impl BatchWrite for CheckinWriter {
    type Job = CheckinWrite;
    type Output = Written<checkin::Model>;

    async fn write(
        &self,
        txn: &DatabaseTransaction,
        jobs: Vec<CheckinWrite>,
    ) -> Result<Vec<Result<Self::Output, ApiError>>, DbErr> {
        // First the client rows' locks and change numbers, in id order so that two batches
        // never wait on each other crosswise. Refused jobs leave gaps in the numbers, which
        // sync cursors do not mind.
        let mut counts: BTreeMap<ClientId, i64> = BTreeMap::new();
        for job in &jobs {
            *counts.entry(job.client).or_default() += 1;
        }
        // Each client's next number and therapist (who is alerted); none for a client erased
        // meanwhile.
        let mut next_seq: HashMap<ClientId, (i64, TherapistId)> = HashMap::new();
        for (client, count) in counts {
            if let Some((last, therapist)) = lock_client(txn, client, count).await? {
                next_seq.insert(client, (last - count + 1, therapist));
            }
        }
        let ids: Vec<CheckinId> = jobs.iter().map(|j| j.new.id).collect();
        let mut stored: HashMap<CheckinId, checkin::Model> = checkin::Entity::find()
            .filter(checkin::Column::Id.is_in(ids))
            .all(txn)
            .await?
            .into_iter()
            .map(|row| (row.id, row))
            .collect();
        let mut rows = Vec::new();
        let mut alerts = Vec::new();
        let mut audits = Vec::new();
        let mut outcomes = Vec::with_capacity(jobs.len());
        for job in jobs {
            let Some((seq, therapist)) = next_seq.get_mut(&job.client).map(|(n, therapist)| {
                *n += 1;
                (*n - 1, *therapist)
            }) else {
                outcomes.push(Err(ApiError::NotFound));
                continue;
            };
            // An id stored earlier, or earlier in this batch (a retry racing its original).
            if let Some(existing) = stored.get(&job.new.id) {
                outcomes.push(
                    if existing.client_id == job.client && job.new.matches(existing) {
                        Ok(Written::Replayed(existing.clone()))
                    } else {
                        Err(ApiError::Conflict(
                            "This id already holds a different check-in.".into(),
                        ))
                    },
                );
                continue;
            }
            if let Some(person) = job.new.relationship_id
                && !in_inventory(txn, job.client, person).await?
            {
                outcomes.push(Err(ApiError::field(
                    "relationship_id",
                    "is not a person in this client's inventory",
                )));
                continue;
            }
            let row = new_row(&job, seq);
            if row.risk_flag {
                alerts.push(safety_alert::ActiveModel {
                    id: Set(AlertId::new()),
                    client_id: Set(job.client),
                    therapist_id: Set(therapist),
                    checkin_id: Set(row.id),
                    kind: Set(ALERT_PHQ9_ITEM9.into()),
                    created_at: Set(job.now),
                    acknowledged_at: Set(None),
                    acknowledged_by: Set(None),
                });
            }
            audits.push((
                job.now,
                job.actor,
                Event::of(
                    Action::Create,
                    "checkin",
                    Some(row.id.uuid()),
                    Some(job.client),
                ),
            ));
            rows.push(checkin::ActiveModel::from(row.clone()));
            stored.insert(row.id, row.clone());
            outcomes.push(Ok(Written::Created(row)));
        }
        if !rows.is_empty() {
            let expected = rows.len() as u64;
            let inserted = checkin::Entity::insert_many(rows)
                .on_conflict_do_nothing()
                .exec_without_returning(txn)
                .await?;
            if !matches!(inserted, TryInsertResult::Inserted(n) if n == expected) {
                // Another client's concurrent write holds one of these ids (our clients' rows
                // are locked). The batch is retried job by job, which names the one at fault.
                return Err(DbErr::Custom("a check-in id was taken concurrently".into()));
            }
        }
        if !alerts.is_empty() {
            safety_alert::Entity::insert_many(alerts)
                .exec_without_returning(txn)
                .await?;
        }
        audit::record_each(txn, audits).await?;
        Ok(outcomes)
    }
}

async fn in_inventory(
    txn: &DatabaseTransaction,
    client: ClientId,
    person: RelationshipId,
) -> Result<bool, DbErr> {
    Ok(relationship::Entity::find_by_id(person)
        .filter(relationship::Column::ClientId.eq(client))
        .filter(relationship::Column::DeletedAt.is_null())
        .one(txn)
        .await?
        .is_some())
}

fn new_row(job: &CheckinWrite, change_seq: i64) -> checkin::Model {
    let new = &job.new;
    checkin::Model {
        id: new.id,
        client_id: job.client,
        recorded_at: new.recorded_at,
        mood: i32::from(new.mood.get()),
        note: new.note.clone(),
        relationship_id: new.relationship_id,
        phq9: new.phq9.map(Phq9Answers::to_stored),
        phq9_total: new.phq9.map(|a| i32::from(a.total())),
        gad7: new.gad7.map(Gad7Answers::to_stored),
        gad7_total: new.gad7.map(|a| i32::from(a.total())),
        risk_flag: new.phq9.is_some_and(Phq9Answers::self_harm_signal),
        created_at: job.now,
        change_seq,
    }
}

/// Which check-ins to list.
#[derive(Debug, Clone, Default)]
pub struct CheckinFilter {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// The last (recorded_at, id) of the previous page.
    pub after: Option<(DateTime<Utc>, CheckinId)>,
}

/// Up to `limit + 1` check-ins of `client`, newest first.
///
/// # Errors
/// Database errors.
pub async fn list_checkins<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    filter: CheckinFilter,
    limit: u64,
) -> Result<Vec<checkin::Model>, ApiError> {
    let mut query = checkin::Entity::find().filter(checkin::Column::ClientId.eq(client));
    if let Some(from) = filter.from {
        query = query.filter(checkin::Column::RecordedAt.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(checkin::Column::RecordedAt.lt(to));
    }
    if let Some((at, id)) = filter.after {
        query = query.filter(
            Condition::any()
                .add(checkin::Column::RecordedAt.lt(at))
                .add(
                    Condition::all()
                        .add(checkin::Column::RecordedAt.eq(at))
                        .add(checkin::Column::Id.lt(id)),
                ),
        );
    }
    Ok(query
        .order_by_desc(checkin::Column::RecordedAt)
        .order_by_desc(checkin::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?)
}
