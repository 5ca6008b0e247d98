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
use std::collections::{BTreeMap, HashMap, HashSet};

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

/// Where a job of a batch stands before the batch's insert.
enum Step {
    /// Answered already (an erased client, an unknown person).
    Done(Result<Written<checkin::Model>, ApiError>),
    /// Its row is in the insert.
    Candidate(CheckinWrite),
    /// Its id is another job's of the same batch.
    Repeat(CheckinWrite),
}

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
        // First pass: what each job would write. A repeated id within the batch (a retry
        // racing its original) is judged against the first once that is written.
        let mut steps = Vec::with_capacity(jobs.len());
        let mut candidates: HashMap<CheckinId, (checkin::Model, TherapistId)> = HashMap::new();
        let mut order = Vec::new();
        for job in jobs {
            let Some((seq, therapist)) = next_seq.get_mut(&job.client).map(|(n, therapist)| {
                *n += 1;
                (*n - 1, *therapist)
            }) else {
                steps.push(Step::Done(Err(ApiError::NotFound)));
                continue;
            };
            if candidates.contains_key(&job.new.id) {
                steps.push(Step::Repeat(job));
                continue;
            }
            if let Some(person) = job.new.relationship_id
                && !in_inventory(txn, job.client, person).await?
            {
                steps.push(Step::Done(Err(ApiError::field(
                    "relationship_id",
                    "is not a person in this client's inventory",
                ))));
                continue;
            }
            let row = new_row(&job, seq);
            order.push(row.id);
            candidates.insert(row.id, (row, therapist));
            steps.push(Step::Candidate(job));
        }
        // One insert; an id already taken is skipped by the database and looked up after,
        // so the common case costs no read.
        let inserted: HashSet<CheckinId> = if order.is_empty() {
            HashSet::new()
        } else {
            let rows: Vec<checkin::ActiveModel> = order
                .iter()
                .filter_map(|id| candidates.get(id))
                .map(|(row, _)| checkin::ActiveModel::from(row.clone()))
                .collect();
            match checkin::Entity::insert_many(rows)
                .on_conflict_do_nothing()
                .exec_with_returning_keys(txn)
                .await?
            {
                TryInsertResult::Inserted(keys) => keys.into_iter().collect(),
                TryInsertResult::Conflicted | TryInsertResult::Empty => HashSet::new(),
            }
        };
        let taken: Vec<CheckinId> = order
            .iter()
            .filter(|id| !inserted.contains(id))
            .copied()
            .collect();
        let stored: HashMap<CheckinId, checkin::Model> = if taken.is_empty() {
            HashMap::new()
        } else {
            checkin::Entity::find()
                .filter(checkin::Column::Id.is_in(taken))
                .all(txn)
                .await?
                .into_iter()
                .map(|row| (row.id, row))
                .collect()
        };
        let mut alerts = Vec::new();
        let mut audits = Vec::new();
        let mut outcomes = Vec::with_capacity(steps.len());
        for step in steps {
            let job = match step {
                Step::Done(outcome) => {
                    outcomes.push(outcome);
                    continue;
                }
                Step::Candidate(job) if inserted.contains(&job.new.id) => job,
                Step::Candidate(job) | Step::Repeat(job) => {
                    let existing = stored
                        .get(&job.new.id)
                        .or_else(|| candidates.get(&job.new.id).map(|(row, _)| row))
                        .filter(|row| inserted.contains(&row.id) || stored.contains_key(&row.id));
                    outcomes.push(match existing {
                        Some(row) if row.client_id == job.client && job.new.matches(row) => {
                            Ok(Written::Replayed(row.clone()))
                        }
                        _ => Err(ApiError::Conflict(
                            "This id already holds a different check-in.".into(),
                        )),
                    });
                    continue;
                }
            };
            let Some((row, therapist)) = candidates.get(&job.new.id) else {
                continue;
            };
            if row.risk_flag {
                alerts.push(safety_alert::ActiveModel {
                    id: Set(AlertId::new()),
                    client_id: Set(job.client),
                    therapist_id: Set(*therapist),
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
            outcomes.push(Ok(Written::Created(row.clone())));
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
