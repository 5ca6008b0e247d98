//! Writing and listing check-ins; opening a safety alert (with its notifications, in the same
//! transaction) when PHQ-9 item 9 is above 0.

use crate::audit::{self, Action, Actor, Event, ObjectType};
use crate::domain::{Gad7Answers, Phq9Alert, Phq9Answers, Score0To10};
use crate::error::{ApiError, Reason};
use crate::group_commit::{BatchWrite, GroupCommit};
use crate::safety::service::{Channels, NewAlert, OpenedAlert, open_alert};
use crate::write::lock_client;
use chrono::{DateTime, Utc};
use entities::safety_alert::{AlertKind, AlertSource, Urgency};
use entities::{CheckinId, ClientId, RelationshipId, TherapistId, checkin, relationship};
use sea_orm::sea_query::Condition;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TryInsertResult,
};
use std::collections::{BTreeMap, HashMap, HashSet};

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

/// A stored check-in and the alert it opened, if it carries a safety signal.
#[derive(Debug, Clone)]
pub struct StoredCheckin {
    pub row: checkin::Model,
    pub alert: Option<OpenedAlert>,
}

pub use crate::write::Written;

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
) -> Result<Written<StoredCheckin>, ApiError> {
    writes.submit(write.client, write).await
}

/// Writes batches of check-ins.
pub struct CheckinWriter {
    /// The notification channels an alert is sent through.
    pub channels: Channels,
}

/// Where a job of a batch stands before the batch's insert.
enum Step {
    /// Answered already (an erased client, an unknown person).
    Done(Result<Written<StoredCheckin>, ApiError>),
    /// Its row is in the insert.
    Candidate(CheckinWrite),
    /// Its id is another job's of the same batch.
    Repeat(CheckinWrite),
}

impl BatchWrite for CheckinWriter {
    type Job = CheckinWrite;
    type Output = Written<StoredCheckin>;

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
                            // A replay's signal re-opens nothing, but says (or, if it was
                            // somehow lost, restores) the alert.
                            let alert = self.alert_for(txn, row, &job).await?;
                            Ok(Written::Replayed(StoredCheckin {
                                row: row.clone(),
                                alert,
                            }))
                        }
                        _ => Err(ApiError::Conflict(Reason::CheckinIdTaken)),
                    });
                    continue;
                }
            };
            let Some((row, _)) = candidates.get(&job.new.id) else {
                continue;
            };
            let alert = self.alert_for(txn, row, &job).await?;
            audits.push((
                job.now,
                job.actor,
                Event::of(
                    Action::Create,
                    ObjectType::Checkin,
                    Some(row.id.uuid()),
                    Some(job.client),
                ),
            ));
            outcomes.push(Ok(Written::Created(StoredCheckin {
                row: row.clone(),
                alert,
            })));
        }
        audit::record_each(txn, audits).await?;
        Ok(outcomes)
    }
}

impl CheckinWriter {
    /// The alert of a stored check-in with a safety signal, opened in the batch's transaction.
    async fn alert_for(
        &self,
        txn: &DatabaseTransaction,
        row: &checkin::Model,
        job: &CheckinWrite,
    ) -> Result<Option<OpenedAlert>, DbErr> {
        let Some(kind) = job.new.phq9.and_then(Phq9Answers::alert) else {
            return Ok(None);
        };
        let Some(client) = entities::client::Entity::find_by_id(job.client)
            .one(txn)
            .await?
        else {
            return Ok(None);
        };
        let alert = NewAlert {
            client: job.client,
            therapist: client.therapist_id,
            kind: alert_kind(kind),
            urgency: Urgency::Normal,
            checkin: Some(row.id),
            dedupe_key: row.id.uuid(),
            source: AlertSource::Checkin,
            item9: item9_of(kind),
            risk_screen: None,
            exercise_log: None,
            relationship: None,
            phq9_total: row.phq9_total,
            recorded_at: Some(row.recorded_at),
            timezone: client.timezone,
            now: job.now,
        };
        open_alert(txn, self.channels, &alert).await.map(Some)
    }
}

fn alert_kind(alert: Phq9Alert) -> AlertKind {
    match alert {
        Phq9Alert::SelfHarm(_) => AlertKind::Phq9Item9,
        Phq9Alert::SevereItem9Unanswered => AlertKind::SevereItem9Unanswered,
    }
}

fn item9_of(alert: Phq9Alert) -> Option<u8> {
    match alert {
        Phq9Alert::SelfHarm(v) => Some(v),
        Phq9Alert::SevereItem9Unanswered => None,
    }
}

async fn in_inventory(
    txn: &DatabaseTransaction,
    client: ClientId,
    person: RelationshipId,
) -> Result<bool, DbErr> {
    Ok(relationship::Entity::find_by_id(person)
        .filter(relationship::Column::ClientId.eq(client))
        // A person removed from the inventory on another phone still names who the check-in
        // was about; refusing it would drop what the client wrote (and any signal with it).
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
        phq9_total: new.phq9.and_then(Phq9Answers::total).map(i32::from),
        gad7: new.gad7.map(Gad7Answers::to_stored),
        gad7_total: new.gad7.and_then(Gad7Answers::total).map(i32::from),
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
) -> Result<Vec<checkin::Model>, DbErr> {
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
    query
        .order_by_desc(checkin::Column::RecordedAt)
        .order_by_desc(checkin::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await
}

/// The safety signal of a check-in the server refused (a field error or an id conflict).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedSignal {
    /// The alert the answers open (none: resources only).
    pub alert: Option<Phq9Alert>,
    pub phq9_total: Option<i32>,
    pub recorded_at: Option<DateTime<Utc>>,
    /// The submitted id, or a hash of a body without one: one alert per submission.
    pub dedupe_key: uuid::Uuid,
}

/// Reads the PHQ-9 of a refused body: a signal when the `phq9` array is itself well-formed
/// (nine answers 0–3 or null) and calls for crisis resources (item 9 above 0 or unanswered, or a
/// total of 20 or more), whatever else in the body was wrong. A body that is not JSON carries
/// nothing to read.
#[must_use]
pub fn refused_signal(raw: &[u8]) -> Option<RefusedSignal> {
    let body: serde_json::Value = serde_json::from_slice(raw).ok()?;
    let items = body.get("phq9")?.as_array()?;
    let answers: Vec<Option<i64>> = items
        .iter()
        .map(|v| {
            if v.is_null() {
                Ok(None)
            } else {
                v.as_i64().map(Some).ok_or(())
            }
        })
        .collect::<Result<_, _>>()
        .ok()?;
    let phq9 = Phq9Answers::parse_partial(&answers).ok()?;
    if !phq9.needs_crisis_resources() {
        return None;
    }
    let dedupe_key = body
        .get("id")
        .and_then(serde_json::Value::as_str)
        .and_then(|id| id.parse::<uuid::Uuid>().ok())
        .unwrap_or_else(|| uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, raw));
    let recorded_at = body
        .get("recorded_at")
        .and_then(serde_json::Value::as_str)
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(crate::domain::to_utc_micros);
    Some(RefusedSignal {
        alert: phq9.alert(),
        phq9_total: phq9.total().map(i32::from),
        recorded_at,
        dedupe_key,
    })
}

/// Opens the alert of a refused submission of `client` (at most one per submission), with its
/// notifications. `None` when the client no longer exists or the signal opens no alert.
///
/// # Errors
/// Database errors.
pub async fn open_refused_alert(
    db: &sea_orm::DatabaseConnection,
    gate: &crate::group_commit::WriteGate,
    channels: Channels,
    client: ClientId,
    signal: &RefusedSignal,
    now: DateTime<Utc>,
) -> Result<Option<(OpenedAlert, entities::client::Model)>, DbErr> {
    let Some(kind) = signal.alert else {
        return Ok(None);
    };
    crate::safety::service::open_refused(db, gate, channels, client, |row| NewAlert {
        client,
        therapist: row.therapist_id,
        kind: alert_kind(kind),
        urgency: Urgency::Normal,
        checkin: None,
        dedupe_key: signal.dedupe_key,
        source: AlertSource::RefusedSubmission,
        item9: item9_of(kind),
        risk_screen: None,
        exercise_log: None,
        relationship: None,
        phq9_total: signal.phq9_total,
        recorded_at: signal.recorded_at,
        timezone: row.timezone,
        now,
    })
    .await
}

/// The newest `limit` check-ins of `client` with a note, newest first, each with the label of
/// the inventory person it names (also one removed since: the note was written about them).
/// For the therapist's page of the client.
///
/// # Errors
/// Database errors.
pub(crate) async fn notes_with_people<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    limit: u64,
) -> Result<Vec<(checkin::Model, Option<String>)>, DbErr> {
    let rows = checkin::Entity::find()
        .filter(checkin::Column::ClientId.eq(client))
        .filter(checkin::Column::Note.is_not_null())
        .filter(checkin::Column::Note.ne(""))
        .order_by_desc(checkin::Column::RecordedAt)
        .order_by_desc(checkin::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let named: HashSet<RelationshipId> = rows.iter().filter_map(|c| c.relationship_id).collect();
    let labels: HashMap<RelationshipId, String> = if named.is_empty() {
        HashMap::new()
    } else {
        relationship::Entity::find()
            .select_only()
            .columns([relationship::Column::Id, relationship::Column::Label])
            .filter(relationship::Column::ClientId.eq(client))
            .filter(relationship::Column::Id.is_in(named))
            .into_tuple::<(RelationshipId, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    Ok(rows
        .into_iter()
        .map(|c| {
            let person = c.relationship_id.and_then(|p| labels.get(&p).cloned());
            (c, person)
        })
        .collect())
}

/// The moods of the check-ins that name one person (or, with no person, of those that name
/// nobody).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct MoodWithPerson {
    /// The inventory person named; `None` for the check-ins that name nobody.
    pub person: Option<RelationshipId>,
    /// The mean mood of those check-ins.
    pub mean: f64,
    /// How many there are.
    pub checkins: u64,
}

/// Every check-in of `client`, grouped by the person it names: IPT reads mood and
/// relationships together, so the therapist sees with whom the client's mood is lower.
///
/// # Errors
/// Database errors.
pub(crate) async fn mood_by_person<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
) -> Result<Vec<MoodWithPerson>, DbErr> {
    use sea_orm::sea_query::{Asterisk, Expr, ExprTrait};
    // Sum and count rather than AVG: AVG of an integer is NUMERIC on PostgreSQL and REAL on
    // SQLite, and the two do not decode into one Rust type.
    let groups: Vec<(Option<RelationshipId>, i64, i64)> = checkin::Entity::find()
        .select_only()
        .column(checkin::Column::RelationshipId)
        .expr(Expr::col(checkin::Column::Mood).sum())
        .expr(Expr::col(Asterisk).count())
        .filter(checkin::Column::ClientId.eq(client))
        .group_by(checkin::Column::RelationshipId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(groups
        .into_iter()
        .filter(|(_, _, count)| *count > 0)
        .map(|(person, sum, count)| {
            let checkins = u64::try_from(count).unwrap_or(0);
            #[expect(
                clippy::cast_precision_loss,
                reason = "sums and counts of daily moods stay far below 2^52"
            )]
            let mean = sum as f64 / count as f64;
            MoodWithPerson {
                person,
                mean,
                checkins,
            }
        })
        .collect())
}

/// A check-in with a PHQ-9 or a GAD-7 total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sea_orm::FromQueryResult)]
pub(crate) struct ScoredCheckin {
    pub id: CheckinId,
    pub recorded_at: DateTime<Utc>,
    pub phq9_total: Option<i32>,
    pub gad7_total: Option<i32>,
}

/// `client`'s check-ins with a PHQ-9 or a GAD-7 total since `since`, oldest first.
///
/// # Errors
/// Database errors.
pub(crate) async fn scored_since<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    since: DateTime<Utc>,
) -> Result<Vec<ScoredCheckin>, DbErr> {
    checkin::Entity::find()
        .select_only()
        .columns([
            checkin::Column::Id,
            checkin::Column::RecordedAt,
            checkin::Column::Phq9Total,
            checkin::Column::Gad7Total,
        ])
        .filter(checkin::Column::ClientId.eq(client))
        .filter(checkin::Column::RecordedAt.gte(since))
        .filter(
            Condition::any()
                .add(checkin::Column::Phq9Total.is_not_null())
                .add(checkin::Column::Gad7Total.is_not_null()),
        )
        .order_by_asc(checkin::Column::RecordedAt)
        .into_model::<ScoredCheckin>()
        .all(db)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_body_with_a_well_formed_phq9_and_item_nine_above_zero_is_a_signal() {
        let body = br#"{"id":"0190d5a0-0000-7000-8000-000000000001","mood":11,"recorded_at":"2026-11-20T21:15:00+01:00","phq9":[1,2,null,1,0,1,1,0,2]}"#;
        let signal = refused_signal(body).expect("a signal");
        assert_eq!(signal.alert, Some(Phq9Alert::SelfHarm(2)));
        assert_eq!(signal.phq9_total, Some(9));
        assert_eq!(
            signal.dedupe_key.to_string(),
            "0190d5a0-0000-7000-8000-000000000001"
        );
    }

    #[test]
    fn no_signal_without_a_well_formed_phq9_or_with_item_nine_zero_and_a_low_total() {
        assert!(refused_signal(br#"{"phq9":[1,1,1,1,1,1,1,1,0]}"#).is_none());
        // A skipped item 9 is never silence: resources, and an alert only with a severe total.
        let skipped = refused_signal(br#"{"phq9":[1,1,1,1,1,1,1,1,null]}"#).expect("resources");
        assert_eq!(skipped.alert, None);
        let severe = refused_signal(br#"{"phq9":[3,3,3,3,3,3,3,3,null]}"#).expect("a signal");
        assert_eq!(severe.alert, Some(Phq9Alert::SevereItem9Unanswered));
        assert!(refused_signal(br#"{"phq9":[1,1,1,1,1,1,1,1,4]}"#).is_none());
        assert!(refused_signal(br#"{"phq9":[1,1,1,1,1,1,1,3]}"#).is_none());
        assert!(refused_signal(br#"{"phq9": [1,1,1,1,1,1,1,1,3"#).is_none());
    }

    #[test]
    fn a_body_without_an_id_is_keyed_by_its_content() {
        let a = refused_signal(br#"{"mood":-1,"phq9":[0,0,0,0,0,0,0,0,1]}"#).expect("a signal");
        let b = refused_signal(br#"{"mood":-1,"phq9":[0,0,0,0,0,0,0,0,1]}"#).expect("a signal");
        let c = refused_signal(br#"{"mood":-2,"phq9":[0,0,0,0,0,0,0,0,1]}"#).expect("a signal");
        assert_eq!(a.dedupe_key, b.dedupe_key);
        assert_ne!(a.dedupe_key, c.dedupe_key);
    }
}
