//! Storing the inventory. Deletion leaves a tombstone: the sync feed reports it, and check-ins
//! that named the person keep their data.

use super::model::RelationshipFields;
use crate::audit::{Action, Actor, ObjectType};
use crate::conditional::Precondition;
use crate::write::Written;
use crate::write::{ClientWrite, RecordError, Reminders};
use chrono::{DateTime, Utc};
use entities::{ClientId, RelationshipId, relationship};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
};

/// The entity tag of a person: the change number of the row's last write. Every write of the
/// row takes the client's next change number, so the tag changes with every change and never
/// comes back; a write that changes nothing keeps it.
#[must_use]
pub fn tag(row: &relationship::Model) -> i64 {
    row.change_seq
}

/// Adds a person, once per id.
///
/// # Errors
/// `Conflict` when the id holds something else; database errors.
pub async fn create(
    db: &DatabaseConnection,
    client: ClientId,
    now: DateTime<Utc>,
    id: RelationshipId,
    fields: RelationshipFields,
    actor: Actor,
) -> Result<Written<relationship::Model>, RecordError> {
    let write = ClientWrite::begin(db, client, now, actor).await?;
    let row = relationship::Model {
        id,
        client_id: client,
        label: fields.label.clone(),
        role: fields.role.clone(),
        closeness: fields.closeness,
        note: fields.note.clone(),
        satisfying: fields.satisfying.clone(),
        unsatisfying: fields.unsatisfying.clone(),
        expectations: fields.expectations.clone(),
        support: fields.support,
        conflict: fields.conflict,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        change_seq: write.seq(),
    };
    write
        .create_once::<relationship::Entity>(ObjectType::Relationship, id, row, |existing| {
            existing.client_id == client
                && existing.deleted_at.is_none()
                && RelationshipFields::of(existing) == fields
        })
        .await
}

async fn live<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    id: RelationshipId,
) -> Result<relationship::Model, RecordError> {
    relationship::Entity::find_by_id(id)
        .filter(relationship::Column::ClientId.eq(client))
        .filter(relationship::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or(RecordError::NotFound)
}

/// Replaces the fields of a person, if `expected` (the `If-Match`, if any) names its current
/// [`tag`]. Fields equal to the stored ones change nothing and answer the person, whatever the
/// tag: the write is already in effect (a retry whose first answer was lost carries the tag
/// from before it; RFC 9110 §13.1.1 allows the success).
///
/// # Errors
/// `NotFound` for an unknown or deleted person; `Stale` when `expected` does not hold;
/// database errors.
pub async fn update(
    db: &DatabaseConnection,
    client: ClientId,
    now: DateTime<Utc>,
    id: RelationshipId,
    fields: RelationshipFields,
    expected: Option<&Precondition>,
    actor: Actor,
) -> Result<relationship::Model, RecordError> {
    let write = ClientWrite::begin(db, client, now, actor).await?;
    let existing = live(write.txn(), client, id).await?;
    if RelationshipFields::of(&existing) == fields {
        return Ok(existing);
    }
    write.precondition(expected, Some(tag(&existing)))?;
    let mut row = existing.into_active_model();
    row.label = Set(fields.label);
    row.role = Set(fields.role);
    row.closeness = Set(fields.closeness);
    row.note = Set(fields.note);
    row.satisfying = Set(fields.satisfying);
    row.unsatisfying = Set(fields.unsatisfying);
    row.expectations = Set(fields.expectations);
    row.support = Set(fields.support);
    row.conflict = Set(fields.conflict);
    row.updated_at = Set(now);
    row.change_seq = Set(write.seq());
    let updated = relationship::Entity::update(row).exec(write.txn()).await?;
    write
        .commit(
            Action::Update,
            ObjectType::Relationship,
            Some(id.uuid()),
            Reminders::Unaffected,
        )
        .await?;
    Ok(updated)
}

/// Deletes a person (a tombstone stays for sync), if `expected` (the `If-Match`, if any) names
/// its current [`tag`]. Deleting twice is fine, whatever the tag: the deletion is already in
/// effect.
///
/// # Errors
/// `NotFound` for an id that never existed for this client; `Stale` when `expected` does not
/// hold; database errors.
pub async fn delete(
    db: &DatabaseConnection,
    client: ClientId,
    now: DateTime<Utc>,
    id: RelationshipId,
    expected: Option<&Precondition>,
    actor: Actor,
) -> Result<(), RecordError> {
    let write = ClientWrite::begin(db, client, now, actor).await?;
    let existing = relationship::Entity::find_by_id(id)
        .filter(relationship::Column::ClientId.eq(client))
        .one(write.txn())
        .await?
        .ok_or(RecordError::NotFound)?;
    if existing.deleted_at.is_some() {
        return Ok(());
    }
    write.precondition(expected, Some(tag(&existing)))?;
    let mut row = existing.into_active_model();
    row.deleted_at = Set(Some(now));
    row.updated_at = Set(now);
    row.change_seq = Set(write.seq());
    // Free text and ratings go with the deletion; label and closeness stay so that old
    // check-ins still make sense to the client who wrote them. Nothing shows a deleted person's
    // ratings (the sync feed sends a tombstone, the export leaves it out), so none are kept.
    row.note = Set(None);
    row.satisfying = Set(None);
    row.unsatisfying = Set(None);
    row.expectations = Set(None);
    row.support = Set(None);
    row.conflict = Set(None);
    relationship::Entity::update(row).exec(write.txn()).await?;
    write
        .commit(
            Action::Delete,
            ObjectType::Relationship,
            Some(id.uuid()),
            Reminders::Unaffected,
        )
        .await
}

/// Up to `limit + 1` live people of `client`, by id.
///
/// # Errors
/// Database errors.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    after: Option<RelationshipId>,
    limit: u64,
) -> Result<Vec<relationship::Model>, RecordError> {
    let mut query = relationship::Entity::find()
        .filter(relationship::Column::ClientId.eq(client))
        .filter(relationship::Column::DeletedAt.is_null());
    if let Some(after) = after {
        query = query.filter(relationship::Column::Id.gt(after));
    }
    Ok(query
        .order_by_asc(relationship::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?)
}

/// The labels of the people `alerts` name, by id: each only if it is (or was, removed since)
/// in the inventory of the alert's own client. For the therapist's list of alerts, read when
/// the list is shown, so that a renamed person reads as renamed and an erased one not at all.
///
/// # Errors
/// Database errors.
pub async fn labels_for_alerts<C: ConnectionTrait>(
    db: &C,
    alerts: &[entities::safety_alert::Model],
) -> Result<std::collections::HashMap<RelationshipId, String>, sea_orm::DbErr> {
    let wanted: std::collections::HashMap<RelationshipId, ClientId> = alerts
        .iter()
        .filter(|a| a.client_erased_at.is_none())
        .filter_map(|a| a.relationship_id.map(|r| (r, a.client_id)))
        .collect();
    if wanted.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    Ok(relationship::Entity::find()
        .filter(relationship::Column::Id.is_in(wanted.keys().copied()))
        .all(db)
        .await?
        .into_iter()
        .filter(|r| wanted.get(&r.id) == Some(&r.client_id))
        .map(|r| (r.id, r.label))
        .collect())
}
