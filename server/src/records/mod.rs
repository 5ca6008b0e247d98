//! The registry of a client's records: THE place a new kind of record goes. Each kind
//! implements [`ClientRecord`] once (in `kinds.rs`) and is named once in the `registry!` list
//! below; the sync feed, the JSON export and the FHIR bundle iterate that list, and nothing
//! else enumerates record kinds. The wire shapes of the feed (`feed.rs`) and the export
//! (`export.rs`) and the FHIR mapping (`fhir.rs`) live here too, below the modules that serve
//! them. `tests/tests/api/registry.rs` reads the migrated schema and fails for a table with a
//! `client_id` column that no kind claims (see [`claimed_tables`]), creates one record of each
//! kind through the API to see it in the feed, the export, the bundle and the audit trail, and
//! gone after erasure, and compares the kinds of change with the OpenAPI document,
//! `docs/sync.md` and the phone's model.
//!
//! Erasure needs nothing per kind but the safety alerts (`privacy::service::erase_client`
//! handles them: they outlive the client row): every other table of a client's records
//! cascades from the client row, and `at_rest::client_tables` reads those tables from the
//! schema.

pub(crate) mod export;
pub(crate) mod feed;
pub(crate) mod fhir;
mod kinds;

use crate::aggregate::Client;
use chrono::{DateTime, Utc};
use entities::ClientId;
use entities::audit_entry::ObjectType;
pub(crate) use export::Export;
use feed::Change;
use fhir::Subject;
use sea_orm::{ConnectionTrait, DbErr};
use serde_json::Value;

/// What a kind of record is in the FHIR bundle. The mapping is part of the variant, so a kind
/// that says it has resources has the code that makes them, and one that says none has none.
#[derive(Debug, Clone, Copy)]
pub enum Fhir {
    /// The bundle's subject (the Patient and its CarePlan), which the bundle itself writes
    /// first because every other resource refers to it.
    Subject,
    /// These resource types, made from the export by the function.
    Resources(&'static [&'static str], fn(&Export, &Subject) -> Vec<Value>),
    /// Not in the bundle, and why: an explicit decision, never an omission.
    None(&'static str),
}

/// A kind of record a client owns. Implemented once per kind; what is forgotten here fails the
/// build (every item is required) or `tests/tests/api/registry.rs`.
pub(crate) trait ClientRecord {
    /// The kind's name in this registry (for tests and messages).
    const NAME: &'static str;
    /// Its `type` in the sync feed, or `None` when the phone is not sent it (say why on the
    /// impl).
    const CHANGE: Option<&'static str>;
    /// The tables that hold it (a table may hold several kinds).
    const TABLES: &'static [&'static str];
    /// Its object type in the audit trail and the access log.
    const AUDIT: ObjectType;
    /// The field of the JSON export that carries it.
    const EXPORT: &'static str;
    /// What it is in the FHIR bundle, and how it is mapped.
    const FHIR: Fhir;

    /// Its first `take` changes after change number `since`, in order. A kind without
    /// [`Self::CHANGE`] keeps this default, which has none; a kind in the feed that forgot it
    /// fails `tests/tests/api/registry.rs` (its record never reaches a full sync).
    async fn changes_since<C: ConnectionTrait>(
        db: &C,
        client: ClientId,
        since: i64,
        take: u64,
    ) -> Result<Vec<Change>, DbErr> {
        let _ = (db, client, since, take);
        Ok(Vec::new())
    }

    /// Writes the client's records of this kind into their field of `out`.
    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
        out: &mut Export,
    ) -> Result<(), DbErr>;
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
    pub fn id(&self) -> ClientId {
        self.client.id()
    }
}

/// Something done to every kind in turn (see [`for_each`]).
pub(crate) trait Visitor {
    /// Its failure.
    type Error;
    /// Does it for kind `K`.
    async fn visit<K: ClientRecord>(&mut self) -> Result<(), Self::Error>;
}

/// One registered kind as data: what the FHIR bundle and the tests read without a type.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    /// [`ClientRecord::NAME`].
    pub name: &'static str,
    /// [`ClientRecord::CHANGE`].
    pub change: Option<&'static str>,
    /// [`ClientRecord::TABLES`].
    pub tables: &'static [&'static str],
    /// [`ClientRecord::AUDIT`], as stored.
    pub audit: ObjectType,
    /// [`ClientRecord::EXPORT`].
    pub export: &'static str,
    /// [`ClientRecord::FHIR`].
    pub fhir: Fhir,
}

impl Kind {
    const fn of<K: ClientRecord>() -> Self {
        Self {
            name: K::NAME,
            change: K::CHANGE,
            tables: K::TABLES,
            audit: K::AUDIT,
            export: K::EXPORT,
            fhir: K::FHIR,
        }
    }
}

/// Declares the one list: [`KINDS`] and [`for_each`] from the same names, so that they cannot
/// disagree.
macro_rules! registry {
    ($($kind:ty),* $(,)?) => {
        const KINDS: &[Kind] = &[$(Kind::of::<$kind>()),*];

        /// Runs `visitor` for every kind, in the order of the list.
        ///
        /// # Errors
        /// The visitor's first error.
        pub(crate) async fn for_each<V: Visitor>(visitor: &mut V) -> Result<(), V::Error> {
            $(visitor.visit::<$kind>().await?;)*
            Ok(())
        }
    };
}

// The order is the order of the sync feed among changes with one change number and of the
// FHIR bundle after its subject; both are part of the wire, so a new kind goes at the end.
registry!(
    kinds::Checkins,
    kinds::ExerciseLogs,
    kinds::RiskScreens,
    kinds::Homework,
    kinds::Relationships,
    kinds::ReadingsOpened,
    kinds::Courses,
    kinds::SessionMarks,
    kinds::ClientProfile,
    kinds::ReminderSettings,
    kinds::SafetyPlan,
    kinds::Formulation,
    kinds::RelapsePlan,
    kinds::Devices,
    kinds::Notifications,
    kinds::SafetyAlerts,
);

/// Every registered kind, in the order of the list.
#[must_use]
pub fn kinds() -> &'static [Kind] {
    KINDS
}

/// The tables the registered kinds claim (`clients` included: the client's own record), each
/// once, sorted.
#[must_use]
pub fn claimed_tables() -> Vec<&'static str> {
    let mut tables: Vec<_> = KINDS
        .iter()
        .flat_map(|k| k.tables.iter().copied())
        .collect();
    tables.sort_unstable();
    tables.dedup();
    tables
}
