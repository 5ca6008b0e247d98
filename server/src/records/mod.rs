//! The registry of a client's records: THE list of kinds. Each kind implements
//! [`crate::client_record::ClientRecord`] in its own feature's `record.rs` and is named once
//! in the `registry!` list below, with its field of the JSON export and, when the phone is sent
//! it, its `type` in the sync feed. From that one list come the export's shape ([`Export`]), the
//! feed's shape ([`feed::Change`]), the sync feed's reading ([`changes_since`]), the export's
//! reading ([`export`]) and the FHIR bundle's resources ([`fhir::bundle`]); nothing else
//! enumerates record kinds. `tests/tests/api/registry.rs` reads the migrated schema and fails
//! for a table with a `client_id` column that no kind claims (see [`claimed_tables`]), creates
//! one record of each kind through the API to see it in the feed, the export, the bundle and
//! the audit trail, and gone after erasure, and compares the kinds of change with the OpenAPI
//! document, `docs/sync.md` and the phone's model.
//!
//! Erasure needs nothing per kind but the safety alerts (`privacy::service::erase_client`
//! handles them: they outlive the client row): every other table of a client's records
//! cascades from the client row, and `at_rest::client_tables` reads those tables from the
//! schema.

pub(crate) mod feed;
pub(crate) mod fhir;

use crate::client_record::fhir::Subject;
use crate::client_record::{ClientRecord, ExportContext, Fhir as Mapping};
use chrono::{DateTime, Utc};
use entities::ClientId;
use entities::audit_entry::ObjectType;
use feed::change_kind;
use sea_orm::{ConnectionTrait, DbErr};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// What a kind of record is in the FHIR bundle, as data (see
/// [`crate::client_record::Fhir`], which carries the mapping).
#[derive(Debug, Clone, Copy)]
pub enum Fhir {
    /// The bundle's subject (the Patient and its CarePlan).
    Subject,
    /// These resource types.
    Resources(&'static [&'static str]),
    /// Not in the bundle, and why.
    None(&'static str),
}

/// One registered kind as data: what the tests read without a type.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    /// Its name (`ClientRecord::NAME`).
    pub name: &'static str,
    /// Its `type` in the sync feed, or `None` when the phone is not sent it.
    pub change: Option<&'static str>,
    /// The name of its schema in the feed (`CheckinChange`), when it is in the feed.
    pub schema: Option<&'static str>,
    /// The tables that hold it.
    pub tables: &'static [&'static str],
    /// Its object type in the audit trail.
    pub audit: ObjectType,
    /// Its field of the JSON export.
    pub export: &'static str,
    /// What it is in the FHIR bundle.
    pub fhir: Fhir,
}

impl Kind {
    const fn of<K: ClientRecord>(
        export: &'static str,
        change: Option<&'static str>,
        schema: Option<&'static str>,
    ) -> Self {
        Self {
            name: K::NAME,
            change,
            schema,
            tables: K::TABLES,
            audit: K::AUDIT,
            export,
            fhir: match K::FHIR {
                Mapping::Subject => Fhir::Subject,
                Mapping::Resources(types, _) => Fhir::Resources(types),
                Mapping::None(why) => Fhir::None(why),
            },
        }
    }
}

/// Declares the one list. Each line: the export field's doc, `field: Type = Kind`, and, for a
/// kind the feed carries, `=> Variant("type", SchemaName, TypeName, Data, "schema doc")`. The
/// types are written out because the OpenAPI derive reads names, not trait projections; the
/// compiler checks them against the kind's `Exported` and `Data`.
macro_rules! registry {
    (@some) => { None };
    (@some $value:expr) => { Some($value) };
    ($(
        $(#[doc = $doc:literal])*
        $field:ident: $exported:ty = $kind:path
        $(=> $variant:ident($tag:literal, $schema:ident, $tag_type:ident, $data:ty, $change_doc:literal))?
    ),* $(,)?) => {
        $($(
            change_kind!(#[doc = $change_doc] $variant, $tag, $schema, $tag_type, $data);
        )?)*

        /// One record as it is now, or its tombstone. The v1 fields (`type`, `id`, `seq`,
        /// `deleted`, `data`) are those of every kind; `type` selects the schema of `data` (the
        /// discriminator's mapping is written from the registry by `openapi.rs`).
        #[derive(Debug, Serialize, ToSchema)]
        #[serde(untagged)]
        #[schema(discriminator(property_name = "type"))]
        pub(crate) enum Change {
            $($(
                #[doc = $change_doc]
                $variant($schema),
            )?)*
        }

        impl Change {
            /// Its position in the client's change order.
            #[must_use]
            pub fn seq(&self) -> i64 {
                match self {
                    $($(Self::$variant(c) => c.seq,)?)*
                }
            }

            /// A tombstone of every kind, with its `type` (for the feed's own test).
            #[cfg(test)]
            pub(crate) fn tombstones() -> Vec<(Self, &'static str)> {
                vec![$($(($schema::of(uuid::Uuid::nil(), 1, None), $tag),)?)*]
            }
        }

        /// Everything the service holds about a client.
        #[derive(Debug, Serialize, ToSchema)]
        pub(crate) struct Export {
            /// When the export was made.
            pub exported_at: DateTime<Utc>,
            $(
                $(#[doc = $doc])*
                pub $field: $exported,
            )*
        }

        const KINDS: &[Kind] = &[$(
            Kind::of::<$kind>(
                stringify!($field),
                registry!(@some $($tag)?),
                registry!(@some $(stringify!($schema))?),
            )
        ),*];

        /// The first `take` changes of every kind after `since` (each kind's in order; the
        /// kinds in the order of the list).
        ///
        /// # Errors
        /// Database errors.
        pub(crate) async fn changes_since<C: ConnectionTrait>(
            db: &C,
            client: ClientId,
            since: i64,
            take: u64,
        ) -> Result<Vec<Change>, DbErr> {
            let mut all = Vec::new();
            $($(
                all.extend(
                    <$kind as ClientRecord>::changes_since(db, client, since, take)
                        .await?
                        .into_iter()
                        .map(|c| $schema::of(c.id, c.seq, c.data)),
                );
            )?)*
            Ok(all)
        }

        /// The export: every kind's part.
        ///
        /// # Errors
        /// Database errors.
        pub(crate) async fn export<C: ConnectionTrait>(
            db: &C,
            ctx: &ExportContext,
        ) -> Result<Export, DbErr> {
            Ok(Export {
                exported_at: ctx.now,
                $($field: <$kind as ClientRecord>::export(db, ctx).await?,)*
            })
        }

        /// The FHIR resources of every kind that has them, in the order of the list.
        fn resources(export: &Export, subject: &Subject) -> Vec<Value> {
            let mut entries = Vec::new();
            $(
                if let Mapping::Resources(_, map) = <$kind as ClientRecord>::FHIR {
                    entries.extend(map(&export.$field, subject));
                }
            )*
            entries
        }
    };
}

// The order is the order of the sync feed among changes with one change number and of the
// FHIR bundle after its subject; both are part of the wire, so a new kind goes at the end.
registry!(
    /// The check-ins, oldest first.
    checkins: Vec<crate::checkins::dto::CheckinResponse> = crate::checkins::record::Checkins
        => Checkin("checkin", CheckinChange, CheckinType,
                   crate::checkins::dto::CheckinResponse, "A check-in."),
    /// The exercise practices, oldest first.
    exercise_logs: Vec<crate::exercises::dto::ExerciseLogResponse> =
        crate::exercises::record::ExerciseLogs
        => ExerciseLog("exercise_log", ExerciseLogChange, ExerciseLogType,
                       crate::exercises::dto::ExerciseLogResponse, "An exercise practice."),
    /// The ASQ follow-up screens, oldest first.
    risk_screens: Vec<crate::risk_screens::dto::RiskScreenResponse> =
        crate::risk_screens::record::RiskScreens
        => RiskScreen("risk_screen", RiskScreenChange, RiskScreenType,
                      crate::risk_screens::dto::RiskScreenResponse,
                      "An ASQ follow-up screen with its outcome."),
    /// The homework assignments.
    homework: Vec<crate::homework::dto::HomeworkResponse> = crate::homework::record::Homework
        => Homework("homework", HomeworkChange, HomeworkType,
                    crate::homework::dto::HomeworkResponse, "A homework assignment."),
    /// The people of the interpersonal inventory (deleted ones are not).
    relationships: Vec<crate::relationships::dto::RelationshipResponse> =
        crate::relationships::record::Relationships
        => Relationship("relationship", RelationshipChange, RelationshipType,
                        crate::relationships::dto::RelationshipResponse,
                        "A person of the interpersonal inventory (deleted: a tombstone)."),
    /// The psychoeducation readings the client opened.
    readings_opened: Vec<crate::readings::dto::ReadingOpenedResponse> =
        crate::readings::record::ReadingsOpened
        => ReadingOpened("reading_opened", ReadingOpenedChange, ReadingOpenedType,
                         crate::readings::dto::ReadingOpenedResponse,
                         "A psychoeducation reading the client opened; `id` is derived from the client and the reading's key."),
    /// Every course of treatment as the therapist set it, the first first (the current one,
    /// with what follows from its dates, is also the client's `treatment`).
    courses: Vec<crate::courses::dto::CourseRecord> = crate::courses::record::Courses
        => Course("course", CourseChange, CourseType, crate::courses::dto::CourseRecord,
                  "A course of treatment as the therapist set it (dates, length, its end); `id` is the course's. What follows from the date (sessions presumed held, the phase) is derived by the app as `docs/treatment.md` defines it, not sent as changes."),
    /// The sessions of the course, with their measures and the goals rated at each (also
    /// goals since removed from the formulation).
    sessions: Vec<crate::sessions::dto::SessionResponse> = crate::sessions::record::SessionMarks
        => Session("session", SessionChange, SessionType, crate::sessions::dto::SessionMarkRecord,
                   "What the therapist recorded about one session (its mark); `id` is derived from the course and the session's number."),
    /// The client's own record, with its current course as `treatment`.
    client: crate::clients::dto::ClientResponse = crate::clients::record::ClientProfile
        => Client("client", ClientChange, ClientType, crate::clients::dto::ClientRecord,
                  "The client's own record (name, zone, region, language, session time, practice target, measures); `id` is the client's id."),
    /// The reminder settings.
    reminder_settings: crate::reminders::dto::ReminderSettingsBody =
        crate::reminders::record::ReminderSettings
        => ReminderSettings("reminder_settings", ReminderSettingsChange, ReminderSettingsType,
                            crate::reminders::dto::ReminderSettingsBody,
                            "The client's reminder settings; `id` is the client's id."),
    /// The current version of the safety plan; null if none was written.
    safety_plan: Option<crate::safety_plan::SafetyPlanResponse> =
        crate::safety_plan::record::SafetyPlan
        => SafetyPlan("safety_plan", SafetyPlanChange, SafetyPlanType,
                      crate::safety_plan::SafetyPlanResponse,
                      "The client's safety plan; `id` is the client's id."),
    /// Every version of the safety plan ever written, oldest first (the last is `safety_plan`).
    safety_plan_versions: Vec<crate::safety_plan::SafetyPlanResponse> =
        crate::safety_plan::record::SafetyPlanVersions,
    /// The formulation and its goals with their ratings; null if none was written.
    formulation: Option<crate::formulation::dto::FormulationResponse> =
        crate::formulation::record::Formulation
        => Formulation("formulation", FormulationChange, FormulationType,
                       crate::formulation::dto::FormulationResponse,
                       "The client's formulation and goals with their ratings; `id` is the client's id. A new rating sends it again."),
    /// The relapse-prevention plan; null if none was written.
    relapse_plan: Option<crate::relapse_plan::dto::RelapsePlanResponse> =
        crate::relapse_plan::record::RelapsePlan
        => RelapsePlan("relapse_plan", RelapsePlanChange, RelapsePlanType,
                       crate::relapse_plan::dto::RelapsePlanResponse,
                       "The client's relapse-prevention plan; `id` is the client's id."),
    /// The client's phones (the phone lists them at `/devices`; not in the feed).
    devices: Vec<crate::devices::dto::DeviceResponse> = crate::devices::record::Devices,
    /// The pushes planned and sent (the server's own plan; not in the feed).
    notifications: Vec<crate::reminders::dto::NotificationResponse> =
        crate::reminders::record::Notifications,
    /// The safety alerts (the therapist's signal; not in the feed).
    safety_alerts: Vec<crate::safety::dto::AlertResponse> = crate::safety::record::SafetyAlerts,
    /// The likely-relapse episodes after the acute course and the therapist's relapse reviews
    /// (the therapist's record; not in the feed).
    relapse_watch: crate::relapse_watch::dto::RelapseWatchResponse =
        crate::relapse_watch::record::RelapseWatch,
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
