//! Writing and listing check-ins; opening a safety alert (with its notifications, in the same
//! transaction) when PHQ-9 item 9 is above 0. The batch writer is `writer.rs`, a refused
//! check-in's signal `refused.rs`, and what the dashboard and pages read of check-ins `reads.rs`.

use super::model::{CheckinFilter, CheckinWrite, StoredCheckin};
use crate::audit::{self, Action, Event, ObjectType};
use crate::domain::{Gad7Answers, Phq9Alert, Phq9Answers};
use crate::error::{ApiError, Reason};
use crate::group_commit::{BatchWrite, GroupCommit};
use crate::safety::model::{Channels, NewAlert, OpenedAlert};
use crate::safety::service::open_alert;
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

mod reads;
mod refused;
mod writer;

pub(crate) use reads::{ScoredCheckin, mood_by_person, notes_with_people, scored_since};
pub use refused::{open_refused_alert, refused_signal};
pub use writer::CheckinWriter;

pub use crate::write::Written;

/// Stores a check-in of `client`, once. A PHQ-9 with item 9 above 0 opens a safety alert for
/// the client's therapist in the same transaction. Concurrent check-ins share one transaction (see
/// [`crate::group_commit`]); this returns once this one is committed.
///
/// # Errors
/// `Conflict` when the id holds a different check-in; `Validation` for a relationship that is
/// not this client's; `NotFound` for a client that no longer exists; database errors.
pub async fn create(
    writes: &GroupCommit<CheckinWriter>,
    write: CheckinWrite,
) -> Result<Written<StoredCheckin>, ApiError> {
    writes.submit(write.client, write).await
}

/// Up to `limit + 1` check-ins of `client`, newest first.
///
/// # Errors
/// Database errors.
pub async fn list<C: ConnectionTrait>(
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
    let order = (checkin::Column::RecordedAt, checkin::Column::Id);
    crate::pagination::newest_first(db, query, order, filter.after, limit).await
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
