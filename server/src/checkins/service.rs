//! Writing and listing check-ins; raising a safety alert when PHQ-9 item 9 is above 0.

use crate::audit::{self, Action, Actor, Event};
use crate::domain::{Gad7Answers, Phq9Answers, Score0To10};
use crate::error::ApiError;
use crate::sync::next_change_seq;
use chrono::{DateTime, Utc};
use entities::{
    AlertId, CheckinId, ClientId, RelationshipId, TherapistId, checkin, relationship, safety_alert,
};
use sea_orm::sea_query::Condition;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait, TryInsertResult,
};

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

/// Stores a check-in of `client`, once. A PHQ-9 with item 9 above 0 opens a safety alert for
/// `therapist` in the same transaction.
///
/// # Errors
/// `Conflict` when the id holds a different check-in; `Validation` for a relationship that is
/// not this client's; database errors.
pub async fn create_checkin(
    db: &DatabaseConnection,
    client: ClientId,
    therapist: TherapistId,
    now: DateTime<Utc>,
    new: NewCheckin,
    actor: Actor,
) -> Result<Written<checkin::Model>, ApiError> {
    let txn = db.begin().await?;
    let seq = next_change_seq(&txn, client).await?;
    if let Some(existing) = checkin::Entity::find_by_id(new.id).one(&txn).await? {
        return if existing.client_id == client && new.matches(&existing) {
            Ok(Written::Replayed(existing))
        } else {
            Err(ApiError::Conflict(
                "This id already holds a different check-in.".into(),
            ))
        };
    }
    if let Some(person) = new.relationship_id {
        let known = relationship::Entity::find_by_id(person)
            .filter(relationship::Column::ClientId.eq(client))
            .filter(relationship::Column::DeletedAt.is_null())
            .one(&txn)
            .await?;
        if known.is_none() {
            return Err(ApiError::field(
                "relationship_id",
                "is not a person in this client's inventory",
            ));
        }
    }
    let risk_flag = new.phq9.is_some_and(Phq9Answers::self_harm_signal);
    let row = checkin::Model {
        id: new.id,
        client_id: client,
        recorded_at: new.recorded_at,
        mood: i32::from(new.mood.get()),
        note: new.note,
        relationship_id: new.relationship_id,
        phq9: new.phq9.map(Phq9Answers::to_stored),
        phq9_total: new.phq9.map(|a| i32::from(a.total())),
        gad7: new.gad7.map(Gad7Answers::to_stored),
        gad7_total: new.gad7.map(|a| i32::from(a.total())),
        risk_flag,
        created_at: now,
        change_seq: seq,
    };
    let inserted = checkin::Entity::insert(checkin::ActiveModel::from(row.clone()))
        .on_conflict_do_nothing()
        .exec_without_returning(&txn)
        .await?;
    if matches!(
        inserted,
        TryInsertResult::Conflicted | TryInsertResult::Empty
    ) {
        // Another client's record holds this id (the client row lock rules out a race with
        // ourselves).
        return Err(ApiError::Conflict(
            "This id already holds a different check-in.".into(),
        ));
    }
    if risk_flag {
        safety_alert::Entity::insert(safety_alert::ActiveModel {
            id: Set(AlertId::new()),
            client_id: Set(client),
            therapist_id: Set(therapist),
            checkin_id: Set(row.id),
            kind: Set(ALERT_PHQ9_ITEM9.into()),
            created_at: Set(now),
            acknowledged_at: Set(None),
            acknowledged_by: Set(None),
        })
        .exec_without_returning(&txn)
        .await?;
    }
    audit::record(
        &txn,
        now,
        actor,
        Event::of(Action::Create, "checkin", Some(row.id.uuid()), Some(client)),
    )
    .await?;
    txn.commit().await?;
    if risk_flag {
        tracing::warn!(client_id = %client, checkin_id = %row.id, "safety alert raised");
    }
    Ok(Written::Created(row))
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
