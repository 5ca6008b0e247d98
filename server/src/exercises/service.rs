//! Logs of practising an exercise: idempotent by the phone's id, answers checked against the
//! exercise's prompts. A "yes" to an exercise's danger question opens a safety alert in the
//! same transaction as the log.

use super::dto::responses_of;
use super::model::{NewExerciseLog, RefusedDanger, StoredLog};
use crate::audit::{Actor, ObjectType};
use crate::safety::model::{Channels, NewAlert, OpenedAlert};
use crate::safety::service::open_alert;
use crate::write::{ClientWrite, RecordError, Written};
use chrono::{DateTime, Utc};
use entities::exercise_log::SafetyCheck;
use entities::safety_alert::{AlertKind, AlertSource, Urgency};
use entities::{ClientId, ExerciseLogId, RelationshipId, exercise_log, relationship};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
};
use std::collections::BTreeMap;

fn stored_responses(responses: Option<&BTreeMap<String, String>>) -> Option<String> {
    responses.and_then(|r| serde_json::to_string(r).ok())
}

impl NewExerciseLog {
    pub(crate) fn matches(&self, row: &exercise_log::Model) -> bool {
        row.exercise_key == self.exercise.key
            && row.practiced_at == self.practiced_at
            && row.difficulty == self.difficulty.map(|s| i32::from(s.get()))
            && row.outcome == self.outcome.map(|s| i32::from(s.get()))
            && row.note == self.note
            && responses_of(row) == self.responses
            && row.safety_check == self.safety_check
            && row.relationship_id == self.relationship
    }
}

/// Whether `person` is (or was: a removed person still names who the exercise was about) in
/// the inventory of `client`.
async fn in_inventory<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    person: RelationshipId,
) -> Result<bool, sea_orm::DbErr> {
    Ok(relationship::Entity::find_by_id(person)
        .filter(relationship::Column::ClientId.eq(client))
        .one(db)
        .await?
        .is_some())
}

/// The alert of a "yes" to the danger question of an exercise log of `client`.
fn danger_alert(
    client: &entities::client::Model,
    dedupe_key: uuid::Uuid,
    source: AlertSource,
    exercise_log: Option<ExerciseLogId>,
    relationship: Option<RelationshipId>,
    recorded_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> NewAlert {
    NewAlert {
        client: client.id,
        therapist: client.therapist_id,
        kind: AlertKind::RelationshipDanger,
        urgency: Urgency::Normal,
        checkin: None,
        dedupe_key,
        source,
        item9: None,
        risk_screen: None,
        exercise_log,
        relationship,
        phq9_total: None,
        recorded_at,
        timezone: client.timezone,
        now,
    }
}

/// Stores a practice of `client`, once. A "yes" to the danger question opens a
/// `relationship_danger` alert in the same transaction (one per log id, so a replay opens
/// nothing new).
///
/// # Errors
/// `Conflict` when the id holds something else; `Invalid` for a person who is not this
/// client's; database errors.
pub async fn create(
    db: &DatabaseConnection,
    channels: Channels,
    client: ClientId,
    now: DateTime<Utc>,
    new: NewExerciseLog,
    actor: Actor,
) -> Result<Written<StoredLog>, RecordError> {
    let write = ClientWrite::begin(db, client, now, actor).await?;
    if let Some(person) = new.relationship
        && !in_inventory(write.txn(), client, person).await?
    {
        return Err(RecordError::Invalid {
            field: "relationship_id".into(),
            message: "is not a person of this client's inventory",
        });
    }
    // Opened before the row, in the same transaction: a conflict or a replay rolls it back
    // with the write (a replay's alert is the original's, found by the dedupe key).
    let alert = match new.safety_check {
        Some(SafetyCheck::Yes) => {
            let row = entities::client::Entity::find_by_id(client)
                .one(write.txn())
                .await?
                .ok_or(RecordError::NotFound)?;
            let alert = danger_alert(
                &row,
                new.id.uuid(),
                AlertSource::ExerciseLog,
                Some(new.id),
                new.relationship,
                Some(new.practiced_at),
                now,
            );
            Some(open_alert(write.txn(), channels, &alert).await?)
        }
        _ => None,
    };
    let row = exercise_log::Model {
        id: new.id,
        client_id: client,
        exercise_key: new.exercise.key.to_owned(),
        practiced_at: new.practiced_at,
        difficulty: new.difficulty.map(|s| i32::from(s.get())),
        outcome: new.outcome.map(|s| i32::from(s.get())),
        note: new.note.clone(),
        responses: stored_responses(new.responses.as_ref()),
        safety_check: new.safety_check,
        relationship_id: new.relationship,
        created_at: now,
        change_seq: write.seq(),
    };
    let written = write
        .create_once::<exercise_log::Entity>(ObjectType::ExerciseLog, new.id, row, |existing| {
            existing.client_id == client && new.matches(existing)
        })
        .await?;
    Ok(match written {
        Written::Created(row) => Written::Created(StoredLog { row, alert }),
        Written::Replayed(row) => Written::Replayed(StoredLog { row, alert }),
    })
}

/// Reads a refused body for a "yes" to the danger question of an exercise that asks it,
/// whatever else in the body was wrong. A body that is not JSON carries nothing to read.
#[must_use]
pub fn refused_danger(raw: &[u8]) -> Option<RefusedDanger> {
    let body: serde_json::Value = serde_json::from_slice(raw).ok()?;
    let asks = body
        .get("exercise_key")
        .and_then(serde_json::Value::as_str)
        .and_then(super::find)
        .is_some_and(|e| e.safety_check);
    if !asks || body.get("safety_check").and_then(serde_json::Value::as_str) != Some("yes") {
        return None;
    }
    let uuid_of = |field: &str| {
        body.get(field)
            .and_then(serde_json::Value::as_str)
            .and_then(|id| id.parse::<uuid::Uuid>().ok())
    };
    Some(RefusedDanger {
        dedupe_key: uuid_of("id")
            .unwrap_or_else(|| uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, raw)),
        relationship: uuid_of("relationship_id").map(RelationshipId::from),
        practiced_at: body
            .get("practiced_at")
            .and_then(serde_json::Value::as_str)
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(crate::domain::to_utc_micros),
    })
}

/// Opens the alert of a refused exercise log of `client` that answered "yes" (at most one per
/// submission); it names the person only when that is one of this client's. `None` when the
/// client no longer exists.
///
/// # Errors
/// Database errors.
pub async fn open_refused_danger_alert(
    db: &DatabaseConnection,
    gate: &crate::group_commit::WriteGate,
    channels: Channels,
    client: ClientId,
    signal: &RefusedDanger,
    now: DateTime<Utc>,
) -> Result<Option<OpenedAlert>, sea_orm::DbErr> {
    let relationship = match signal.relationship {
        Some(person) if in_inventory(db, client, person).await? => Some(person),
        _ => None,
    };
    crate::safety::service::open_refused(db, gate, channels, client, |row| {
        danger_alert(
            row,
            signal.dedupe_key,
            AlertSource::RefusedSubmission,
            None,
            relationship,
            signal.practiced_at,
            now,
        )
    })
    .await
    .map(|opened| opened.map(|(alert, _)| alert))
}

/// Up to `limit + 1` logs of `client`, newest practice first.
///
/// # Errors
/// Database errors.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    after: Option<(DateTime<Utc>, ExerciseLogId)>,
    limit: u64,
) -> Result<Vec<exercise_log::Model>, RecordError> {
    let query = exercise_log::Entity::find().filter(exercise_log::Column::ClientId.eq(client));
    let order = (exercise_log::Column::PracticedAt, exercise_log::Column::Id);
    Ok(crate::pagination::newest_first(db, query, order, after, limit).await?)
}

/// What a client sees who answered the danger question `yes` (`notice`: `Some`, what happens
/// next) or `unsure` (`None`), in `lang`.
///
/// # Errors
/// Database errors.
pub async fn danger_crisis<C: ConnectionTrait>(
    db: &C,
    catalog: &crate::safety::crisis::CrisisCatalog,
    client: ClientId,
    notice: Option<crate::safety::crisis::Notice>,
    lang: &crate::i18n::Lang,
) -> Result<crate::safety::crisis::CrisisResources, sea_orm::DbErr> {
    let region = entities::client::Entity::find_by_id(client)
        .one(db)
        .await?
        .and_then(|c| c.region);
    let has_plan = crate::safety_plan::service::usable(db, client).await?;
    Ok(catalog.danger_at_home(region.as_deref(), lang, notice, has_plan))
}
