//! What a kind of client record is to the rest of the system: the [`ClientRecord`] trait a
//! feature implements once, in its own `record.rs`, for each kind of record it keeps. It says
//! which tables hold the kind, its audit object type, how to read its changes for the sync feed,
//! what it is in the JSON export and in the FHIR bundle. The list of kinds, and the feed's and
//! the export's wire shapes made from it, are the registry's (`records/`, one layer up):
//! a feature never names another kind, and the registry never holds a kind's code.

pub mod fhir;

use crate::aggregate::Client;
use chrono::{DateTime, Utc};
use entities::ClientId;
use entities::audit_entry::ObjectType;
use fhir::Subject;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::Value;
use uuid::Uuid;

/// What a kind of record is in the FHIR bundle. The mapping is part of the variant, so a kind
/// that says it has resources has the code that makes them, and one that says none has none.
pub enum Fhir<E> {
    /// The bundle's subject (the Patient and its CarePlan), which the bundle itself writes
    /// first because every other resource refers to it.
    Subject,
    /// These resource types, made from the kind's part of the export by the function.
    Resources(&'static [&'static str], fn(&E, &Subject) -> Vec<Value>),
    /// Not in the bundle, and why: an explicit decision, never an omission.
    None(&'static str),
}

/// One record of the sync feed: its id, its change number and its data (`None`: deleted).
#[derive(Debug)]
pub struct Changed<D> {
    /// The record's id as the phone knows it.
    pub id: Uuid,
    /// The change number of its last write.
    pub seq: i64,
    /// The record as its own endpoint returns it; `None` for a tombstone.
    pub data: Option<D>,
}

/// A kind of record a client owns, implemented once per kind in its feature's `record.rs`.
/// The registry (`records/mod.rs`) names it once, with its feed `type` and its export field;
/// what is forgotten fails the build (every item without a default is required) or
/// `tests/tests/api/registry.rs`.
pub(crate) trait ClientRecord {
    /// The kind's name in the registry (for tests and messages).
    const NAME: &'static str;
    /// The tables that hold it (a table may hold several kinds).
    const TABLES: &'static [&'static str];
    /// Its object type in the audit trail and the access log.
    const AUDIT: ObjectType;
    /// What it is in the FHIR bundle, and how it is mapped.
    const FHIR: Fhir<Self::Exported>;

    /// What a change of it carries as `data` in the feed (`()` for a kind the feed does not
    /// carry).
    type Data;
    /// Its part of the JSON export.
    type Exported;

    /// Its first `take` changes after change number `since`, in order. A kind the feed does not
    /// carry keeps this default, which has none; a kind in the feed that forgot it fails
    /// `tests/tests/api/registry.rs` (its record never reaches a full sync).
    async fn changes_since<C: ConnectionTrait>(
        db: &C,
        client: ClientId,
        since: i64,
        take: u64,
    ) -> Result<Vec<Changed<Self::Data>>, DbErr> {
        let _ = (db, client, since, take);
        Ok(Vec::new())
    }

    /// The client's records of this kind, as the export carries them.
    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
    ) -> Result<Self::Exported, DbErr>;
}

/// What every kind's export may need besides the database.
pub(crate) struct ExportContext {
    /// The client, with its course as loaded for the export.
    pub client: Client,
    /// The export's time.
    pub now: DateTime<Utc>,
}

impl ExportContext {
    /// The client's id.
    #[must_use]
    pub fn id(&self) -> ClientId {
        self.client.id()
    }
}

/// A table of per-record changes the feed carries: each row names its client and carries the
/// change number of its last write. Implemented with [`synced!`].
pub(crate) trait Synced: EntityTrait {
    /// What a change carries.
    type Data;
    /// The column naming the client.
    fn client_column() -> Self::Column;
    /// The column holding the change number.
    fn seq_column() -> Self::Column;
    /// The row as a change (a tombstone when it is deleted).
    fn change(row: Self::Model) -> Changed<Self::Data>;
}

/// The first `take` changes of one table after `since`.
///
/// # Errors
/// Database errors.
pub(crate) async fn changes_of<E: Synced, C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    since: i64,
    take: u64,
) -> Result<Vec<Changed<E::Data>>, DbErr> {
    Ok(E::find()
        .filter(E::client_column().eq(client))
        .filter(E::seq_column().gt(since))
        .order_by_asc(E::seq_column())
        .limit(take)
        .all(db)
        .await?
        .into_iter()
        .map(E::change)
        .collect())
}

/// Every row of one of the client's tables, in `order`.
///
/// # Errors
/// Database errors.
pub(crate) async fn all_of<E: EntityTrait, C: ConnectionTrait>(
    db: &C,
    client_column: E::Column,
    client: ClientId,
    order: E::Column,
) -> Result<Vec<E::Model>, DbErr> {
    E::find()
        .filter(client_column.eq(client))
        .order_by_asc(order)
        .all(db)
        .await
}

/// A table's [`Synced`] impl: its entity module (with `ClientId` and `ChangeSeq` columns), the
/// data type and the row's change.
macro_rules! synced {
    ($entity:ident, $data:ty, |$row:ident| $change:expr) => {
        impl $crate::client_record::Synced for $entity::Entity {
            type Data = $data;
            fn client_column() -> Self::Column {
                $entity::Column::ClientId
            }
            fn seq_column() -> Self::Column {
                $entity::Column::ChangeSeq
            }
            fn change($row: $entity::Model) -> $crate::client_record::Changed<$data> {
                $change
            }
        }
    };
}
pub(crate) use synced;

/// The `changes_since` of a kind held in one [`Synced`] table (its entity module), for the
/// kind's `impl ClientRecord`.
macro_rules! changes_from {
    ($entity:ident) => {
        async fn changes_since<C: sea_orm::ConnectionTrait>(
            db: &C,
            client: entities::ClientId,
            since: i64,
            take: u64,
        ) -> Result<Vec<$crate::client_record::Changed<Self::Data>>, sea_orm::DbErr> {
            $crate::client_record::changes_of::<$entity::Entity, _>(db, client, since, take).await
        }
    };
}
pub(crate) use changes_from;
