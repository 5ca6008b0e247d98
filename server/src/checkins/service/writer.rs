//! The check-in writer of group commit: many check-ins in one transaction, each answered
//! with its own outcome.

use super::*;

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
            // A total of 10 or more may complete a likely relapse after the acute course:
            // its episode opens in this transaction, so that its e-mail is never lost.
            if row
                .phq9_total
                .is_some_and(|t| t >= crate::domain::relapse::RELAPSE_PHQ9)
            {
                crate::relapse_watch::service::watch(txn, job.client, job.now).await?;
            }
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
