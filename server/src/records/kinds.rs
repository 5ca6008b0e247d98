//! Each kind of a client's records, as the registry sees it. The list of them is in `mod.rs`.

use super::export::Export;
use super::feed::{
    Change, CheckinChange, ClientChange, ClientRecord as ClientRecordBody, CourseChange,
    CourseRecord, ExerciseLogChange, FormulationChange, HomeworkChange, ReadingOpenedChange,
    RelapsePlanChange, RelationshipChange, ReminderSettingsChange, RiskScreenChange,
    SafetyPlanChange, SessionChange, SessionMarkRecord,
};
use super::fhir;
use super::{ClientRecord, ExportContext, Fhir};
use crate::checkins::dto::CheckinResponse;
use crate::clients::dto::ClientResponse;
use crate::devices::dto::DeviceResponse;
use crate::exercises::dto::ExerciseLogResponse;
use crate::formulation::dto::FormulationResponse;
use crate::homework::dto::HomeworkResponse;
use crate::readings::dto::ReadingOpenedResponse;
use crate::relapse_plan::RelapsePlanContents;
use crate::relapse_plan::dto::RelapsePlanResponse;
use crate::relationships::dto::RelationshipResponse;
use crate::reminders::dto::NotificationResponse;
use crate::reminders::settings;
use crate::risk_screens::dto::RiskScreenResponse;
use crate::safety::dto::AlertResponse;
use crate::safety_plan::{self, SafetyPlanResponse};
use crate::sessions::dto::SessionResponse;
use entities::audit_entry::ObjectType;
use entities::{
    ClientId, checkin, course, device, exercise_log, homework, outbox, reading_open, relationship,
    reminder_settings, risk_screen, safety_alert, session_mark,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

/// A table of per-record changes the feed carries: each row names its client and carries the
/// change number of its last write.
trait Synced: EntityTrait {
    fn client_column() -> Self::Column;
    fn seq_column() -> Self::Column;
    /// The row as a change (a tombstone when it is deleted).
    fn change(row: Self::Model) -> Change;
}

/// The first `take` changes of one table.
async fn changes_of<E: Synced, C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    since: i64,
    take: u64,
) -> Result<Vec<Change>, DbErr> {
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
async fn all_of<E: EntityTrait, C: ConnectionTrait>(
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

/// Its `Synced` impl: the client and change-number columns and the row's change.
macro_rules! synced {
    ($entity:ident, |$row:ident| $change:expr) => {
        impl Synced for $entity::Entity {
            fn client_column() -> Self::Column {
                $entity::Column::ClientId
            }
            fn seq_column() -> Self::Column {
                $entity::Column::ChangeSeq
            }
            fn change($row: $entity::Model) -> Change {
                $change
            }
        }
    };
}

/// Check-ins.
pub(super) struct Checkins;

synced!(checkin, |row| {
    let data = CheckinResponse::new(&row, None);
    CheckinChange::of(row.id.uuid(), row.change_seq, Some(data))
});

impl ClientRecord for Checkins {
    const NAME: &'static str = "checkin";
    const CHANGE: Option<&'static str> = Some("checkin");
    const TABLES: &'static [&'static str] = &["checkins"];
    const AUDIT: ObjectType = ObjectType::Checkin;
    const EXPORT: &'static str = "checkins";
    const FHIR: Fhir = Fhir::Resources(&["Observation", "QuestionnaireResponse"], fhir::checkins);

    async fn changes_since<C: ConnectionTrait>(
        db: &C,
        client: ClientId,
        since: i64,
        take: u64,
    ) -> Result<Vec<Change>, DbErr> {
        changes_of::<checkin::Entity, _>(db, client, since, take).await
    }

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
        out: &mut Export,
    ) -> Result<(), DbErr> {
        use checkin::Column as C;
        let rows = all_of::<checkin::Entity, _>(db, C::ClientId, ctx.id(), C::RecordedAt).await?;
        out.checkins = rows.iter().map(|c| CheckinResponse::new(c, None)).collect();
        Ok(())
    }
}

/// Practices of an exercise.
pub(super) struct ExerciseLogs;

synced!(exercise_log, |row| {
    let data = ExerciseLogResponse::from(&row);
    ExerciseLogChange::of(row.id.uuid(), row.change_seq, Some(data))
});

impl ClientRecord for ExerciseLogs {
    const NAME: &'static str = "exercise_log";
    const CHANGE: Option<&'static str> = Some("exercise_log");
    const TABLES: &'static [&'static str] = &["exercise_logs"];
    const AUDIT: ObjectType = ObjectType::ExerciseLog;
    const EXPORT: &'static str = "exercise_logs";
    const FHIR: Fhir = Fhir::None("a practice of a communication skill has no FHIR resource");

    async fn changes_since<C: ConnectionTrait>(
        db: &C,
        client: ClientId,
        since: i64,
        take: u64,
    ) -> Result<Vec<Change>, DbErr> {
        changes_of::<exercise_log::Entity, _>(db, client, since, take).await
    }

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
        out: &mut Export,
    ) -> Result<(), DbErr> {
        use exercise_log::Column as L;
        let rows =
            all_of::<exercise_log::Entity, _>(db, L::ClientId, ctx.id(), L::PracticedAt).await?;
        out.exercise_logs = rows.iter().map(ExerciseLogResponse::from).collect();
        Ok(())
    }
}

/// ASQ follow-up screens.
pub(super) struct RiskScreens;

synced!(risk_screen, |row| {
    let data = RiskScreenResponse::new(&row, None);
    RiskScreenChange::of(row.id.uuid(), row.change_seq, Some(data))
});

impl ClientRecord for RiskScreens {
    const NAME: &'static str = "risk_screen";
    const CHANGE: Option<&'static str> = Some("risk_screen");
    const TABLES: &'static [&'static str] = &["risk_screens"];
    const AUDIT: ObjectType = ObjectType::RiskScreen;
    const EXPORT: &'static str = "risk_screens";
    const FHIR: Fhir = Fhir::Resources(&["QuestionnaireResponse"], fhir::risk_screens);

    async fn changes_since<C: ConnectionTrait>(
        db: &C,
        client: ClientId,
        since: i64,
        take: u64,
    ) -> Result<Vec<Change>, DbErr> {
        changes_of::<risk_screen::Entity, _>(db, client, since, take).await
    }

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
        out: &mut Export,
    ) -> Result<(), DbErr> {
        use risk_screen::Column as S;
        let rows =
            all_of::<risk_screen::Entity, _>(db, S::ClientId, ctx.id(), S::RecordedAt).await?;
        out.risk_screens = rows
            .iter()
            .map(|s| RiskScreenResponse::new(s, None))
            .collect();
        Ok(())
    }
}

/// Homework assignments.
pub(super) struct Homework;

synced!(homework, |row| {
    let data = HomeworkResponse::from(&row);
    HomeworkChange::of(row.id.uuid(), row.change_seq, Some(data))
});

impl ClientRecord for Homework {
    const NAME: &'static str = "homework";
    const CHANGE: Option<&'static str> = Some("homework");
    const TABLES: &'static [&'static str] = &["homework"];
    const AUDIT: ObjectType = ObjectType::Homework;
    const EXPORT: &'static str = "homework";
    const FHIR: Fhir = Fhir::Resources(&["Task"], fhir::homework);

    async fn changes_since<C: ConnectionTrait>(
        db: &C,
        client: ClientId,
        since: i64,
        take: u64,
    ) -> Result<Vec<Change>, DbErr> {
        changes_of::<homework::Entity, _>(db, client, since, take).await
    }

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
        out: &mut Export,
    ) -> Result<(), DbErr> {
        use homework::Column as H;
        let rows = all_of::<homework::Entity, _>(db, H::ClientId, ctx.id(), H::Id).await?;
        out.homework = rows.iter().map(HomeworkResponse::from).collect();
        Ok(())
    }
}

/// The people of the interpersonal inventory.
pub(super) struct Relationships;

synced!(relationship, |row| {
    let data = row
        .deleted_at
        .is_none()
        .then(|| RelationshipResponse::from(&row));
    RelationshipChange::of(row.id.uuid(), row.change_seq, data)
});

impl ClientRecord for Relationships {
    const NAME: &'static str = "relationship";
    const CHANGE: Option<&'static str> = Some("relationship");
    const TABLES: &'static [&'static str] = &["relationships"];
    const AUDIT: ObjectType = ObjectType::Relationship;
    const EXPORT: &'static str = "relationships";
    const FHIR: Fhir = Fhir::None(
        "the inventory names people other than the patient; the bundle carries no third parties",
    );

    async fn changes_since<C: ConnectionTrait>(
        db: &C,
        client: ClientId,
        since: i64,
        take: u64,
    ) -> Result<Vec<Change>, DbErr> {
        changes_of::<relationship::Entity, _>(db, client, since, take).await
    }

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
        out: &mut Export,
    ) -> Result<(), DbErr> {
        use relationship::Column as R;
        let rows =
            all_of::<relationship::Entity, _>(db, R::ClientId, ctx.id(), R::CreatedAt).await?;
        // A deleted person stays as a tombstone for the feed; the export holds the living.
        out.relationships = rows
            .iter()
            .filter(|r| r.deleted_at.is_none())
            .map(RelationshipResponse::from)
            .collect();
        Ok(())
    }
}

/// Psychoeducation readings the client opened.
pub(super) struct ReadingsOpened;

synced!(reading_open, |row| {
    // One opening per client and reading: a name-based id keeps it stable for the phone.
    let id = Uuid::new_v5(&row.client_id.uuid(), row.reading_key.as_bytes());
    let data = ReadingOpenedResponse {
        key: row.reading_key,
        opened_at: row.opened_at,
    };
    ReadingOpenedChange::of(id, row.change_seq, Some(data))
});

impl ClientRecord for ReadingsOpened {
    const NAME: &'static str = "reading_opened";
    const CHANGE: Option<&'static str> = Some("reading_opened");
    const TABLES: &'static [&'static str] = &["reading_opens"];
    const AUDIT: ObjectType = ObjectType::ReadingOpen;
    const EXPORT: &'static str = "readings_opened";
    const FHIR: Fhir = Fhir::None("which leaflet was opened is app usage, not a clinical record");

    async fn changes_since<C: ConnectionTrait>(
        db: &C,
        client: ClientId,
        since: i64,
        take: u64,
    ) -> Result<Vec<Change>, DbErr> {
        changes_of::<reading_open::Entity, _>(db, client, since, take).await
    }

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
        out: &mut Export,
    ) -> Result<(), DbErr> {
        let mut readings: Vec<_> = crate::readings::service::opened(db, ctx.id())
            .await?
            .into_iter()
            .map(|(key, opened_at)| ReadingOpenedResponse { key, opened_at })
            .collect();
        readings.sort_by(|a, b| (a.opened_at, &a.key).cmp(&(b.opened_at, &b.key)));
        out.readings_opened = readings;
        Ok(())
    }
}

/// Courses of treatment.
pub(super) struct Courses;

synced!(course, |row| {
    let data = CourseRecord {
        id: row.id,
        number: row.number,
        kind: row.kind,
        start_date: row.start_date,
        planned_sessions: row.planned_sessions,
        interval_weeks: row.interval_weeks,
        ended_at: row.ended_at,
        ended_after_slot: row.ended_after_slot,
    };
    CourseChange::of(row.id, row.change_seq, Some(data))
});

impl ClientRecord for Courses {
    const NAME: &'static str = "course";
    const CHANGE: Option<&'static str> = Some("course");
    const TABLES: &'static [&'static str] = &["courses"];
    const AUDIT: ObjectType = ObjectType::Course;
    const EXPORT: &'static str = "client.treatment";
    // The current course is the CarePlan of the bundle's subject.
    const FHIR: Fhir = Fhir::Subject;

    async fn changes_since<C: ConnectionTrait>(
        db: &C,
        client: ClientId,
        since: i64,
        take: u64,
    ) -> Result<Vec<Change>, DbErr> {
        changes_of::<course::Entity, _>(db, client, since, take).await
    }

    /// The current course is the client's `treatment`, written with the client.
    async fn export<C: ConnectionTrait>(
        _: &C,
        _: &ExportContext,
        _: &mut Export,
    ) -> Result<(), DbErr> {
        Ok(())
    }
}

/// What the therapist recorded about each session.
pub(super) struct SessionMarks;

synced!(session_mark, |row| {
    // One mark per course and number: a name-based id keeps it stable for the phone.
    let id = Uuid::new_v5(&row.course_id, &row.number.to_be_bytes());
    let data = SessionMarkRecord {
        course_id: row.course_id,
        number: row.number,
        status: row.status,
        held_at: row.held_at,
        scheduled_for: row.moved_to,
    };
    SessionChange::of(id, row.change_seq, Some(data))
});

impl ClientRecord for SessionMarks {
    const NAME: &'static str = "session";
    const CHANGE: Option<&'static str> = Some("session");
    const TABLES: &'static [&'static str] = &["session_marks"];
    const AUDIT: ObjectType = ObjectType::TreatmentSession;
    const EXPORT: &'static str = "sessions";
    const FHIR: Fhir = Fhir::Resources(&["Encounter"], fhir::sessions);

    async fn changes_since<C: ConnectionTrait>(
        db: &C,
        client: ClientId,
        since: i64,
        take: u64,
    ) -> Result<Vec<Change>, DbErr> {
        changes_of::<session_mark::Entity, _>(db, client, since, take).await
    }

    /// Every session of the course (marked or presumed), with its measures and ratings.
    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
        out: &mut Export,
    ) -> Result<(), DbErr> {
        let loaded = &ctx.client;
        let sessions = loaded.sessions(ctx.now);
        let measures = crate::sessions::service::measures(db, ctx.id(), &sessions).await?;
        let ratings = crate::sessions::service::ratings(db, loaded).await?;
        out.sessions = sessions
            .iter()
            .zip(measures)
            .map(|(s, measure)| {
                SessionResponse::of(s, loaded.treatment().phase(s.date), measure, &ratings)
            })
            .collect();
        Ok(())
    }
}

/// The client's own record.
pub(super) struct ClientProfile;

impl ClientRecord for ClientProfile {
    const NAME: &'static str = "client";
    const CHANGE: Option<&'static str> = Some("client");
    const TABLES: &'static [&'static str] = &["clients"];
    const AUDIT: ObjectType = ObjectType::Client;
    const EXPORT: &'static str = "client";
    const FHIR: Fhir = Fhir::Subject;

    async fn changes_since<C: ConnectionTrait>(
        db: &C,
        client: ClientId,
        since: i64,
        _: u64,
    ) -> Result<Vec<Change>, DbErr> {
        let Some(row) = entities::client::Entity::find_by_id(client)
            .filter(entities::client::Column::ProfileSeq.gt(since))
            .one(db)
            .await?
        else {
            return Ok(Vec::new());
        };
        let data = ClientRecordBody {
            display_name: row.display_name,
            timezone: row.timezone.name().to_owned(),
            region: row.region,
            region_source: row.region_source.map(Into::into),
            locale: row.locale,
            session_time: row.session_time.to_string(),
            problem_areas: row.problem_areas.areas().to_vec(),
            weekly_practice_target: row.weekly_practice_target,
            gad7_enabled: row.gad7_enabled,
        };
        Ok(vec![ClientChange::of(
            client.uuid(),
            row.profile_seq,
            Some(data),
        )])
    }

    async fn export<C: ConnectionTrait>(
        _: &C,
        ctx: &ExportContext,
        out: &mut Export,
    ) -> Result<(), DbErr> {
        out.client = ClientResponse::of(&ctx.client, ctx.now, None);
        Ok(())
    }
}

/// The client's reminder settings.
pub(super) struct ReminderSettings;

impl ClientRecord for ReminderSettings {
    const NAME: &'static str = "reminder_settings";
    const CHANGE: Option<&'static str> = Some("reminder_settings");
    const TABLES: &'static [&'static str] = &["reminder_settings"];
    const AUDIT: ObjectType = ObjectType::ReminderSettings;
    const EXPORT: &'static str = "reminder_settings";
    const FHIR: Fhir = Fhir::None("when the app reminds is app configuration, not care");

    async fn changes_since<C: ConnectionTrait>(
        db: &C,
        client: ClientId,
        since: i64,
        _: u64,
    ) -> Result<Vec<Change>, DbErr> {
        let Some(row) = reminder_settings::Entity::find_by_id(client)
            .filter(reminder_settings::Column::ChangeSeq.gt(since))
            .one(db)
            .await?
        else {
            return Ok(Vec::new());
        };
        let body = settings::ReminderSettings::from_row(&row)?.body();
        Ok(vec![ReminderSettingsChange::of(
            row.client_id.uuid(),
            row.change_seq,
            Some(body),
        )])
    }

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
        out: &mut Export,
    ) -> Result<(), DbErr> {
        out.reminder_settings = crate::reminders::service::load(db, ctx.id()).await?.body();
        Ok(())
    }
}

/// The safety plan (a versioned document).
pub(super) struct SafetyPlan;

impl ClientRecord for SafetyPlan {
    const NAME: &'static str = "safety_plan";
    const CHANGE: Option<&'static str> = Some("safety_plan");
    const TABLES: &'static [&'static str] = &["client_documents", "client_document_versions"];
    const AUDIT: ObjectType = ObjectType::SafetyPlan;
    const EXPORT: &'static str = "safety_plan";
    const FHIR: Fhir = Fhir::None("no FHIR profile for a safety plan is agreed with the clinics");

    async fn changes_since<C: ConnectionTrait>(
        db: &C,
        client: ClientId,
        since: i64,
        _: u64,
    ) -> Result<Vec<Change>, DbErr> {
        Ok(safety_plan::changed_since(db, client, since)
            .await?
            .map(|plan| {
                SafetyPlanChange::of(
                    plan.client.uuid(),
                    plan.change_seq,
                    Some(SafetyPlanResponse::from(&plan)),
                )
            })
            .into_iter()
            .collect())
    }

    /// The current version, and every version ever written.
    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
        out: &mut Export,
    ) -> Result<(), DbErr> {
        let plan = safety_plan::load(db, ctx.id()).await?;
        let versions = safety_plan::service::every_version(db, ctx.id()).await?;
        out.safety_plan = plan.as_ref().map(SafetyPlanResponse::from);
        out.safety_plan_versions = versions.iter().map(SafetyPlanResponse::from).collect();
        Ok(())
    }
}

/// The formulation and its goals, with their ratings.
pub(super) struct Formulation;

impl ClientRecord for Formulation {
    const NAME: &'static str = "formulation";
    const CHANGE: Option<&'static str> = Some("formulation");
    const TABLES: &'static [&'static str] = &[
        "client_documents",
        "client_document_versions",
        "goal_ratings",
    ];
    const AUDIT: ObjectType = ObjectType::Formulation;
    const EXPORT: &'static str = "formulation";
    const FHIR: Fhir = Fhir::Resources(&["Goal", "Observation"], fhir::formulation);

    async fn changes_since<C: ConnectionTrait>(
        db: &C,
        client: ClientId,
        since: i64,
        _: u64,
    ) -> Result<Vec<Change>, DbErr> {
        Ok(
            crate::formulation::service::changed_since(db, client, since)
                .await?
                .map(|((version, ratings), seq)| {
                    FormulationChange::of(
                        client.uuid(),
                        seq,
                        Some(FormulationResponse::of(&version, &ratings)),
                    )
                })
                .into_iter()
                .collect(),
        )
    }

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
        out: &mut Export,
    ) -> Result<(), DbErr> {
        out.formulation = crate::formulation::service::load(db, ctx.id())
            .await?
            .map(|(v, r)| FormulationResponse::of(&v, &r));
        Ok(())
    }
}

/// The relapse-prevention plan (a versioned document).
pub(super) struct RelapsePlan;

impl ClientRecord for RelapsePlan {
    const NAME: &'static str = "relapse_plan";
    const CHANGE: Option<&'static str> = Some("relapse_plan");
    const TABLES: &'static [&'static str] = &["client_documents", "client_document_versions"];
    const AUDIT: ObjectType = ObjectType::RelapsePlan;
    const EXPORT: &'static str = "relapse_plan";
    const FHIR: Fhir = Fhir::None("no FHIR profile for a relapse plan is agreed with the clinics");

    async fn changes_since<C: ConnectionTrait>(
        db: &C,
        client: ClientId,
        since: i64,
        _: u64,
    ) -> Result<Vec<Change>, DbErr> {
        Ok(
            crate::documents::service::changed_since::<RelapsePlanContents, _>(db, client, since)
                .await?
                .map(|plan| {
                    RelapsePlanChange::of(
                        client.uuid(),
                        plan.change_seq,
                        Some(RelapsePlanResponse::from(&plan)),
                    )
                })
                .into_iter()
                .collect(),
        )
    }

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
        out: &mut Export,
    ) -> Result<(), DbErr> {
        let plan = crate::documents::service::load::<RelapsePlanContents, _>(db, ctx.id()).await?;
        out.relapse_plan = plan.as_ref().map(RelapsePlanResponse::from);
        Ok(())
    }
}

/// The client's phones.
pub(super) struct Devices;

impl ClientRecord for Devices {
    const NAME: &'static str = "device";
    // The phone registers itself and lists its siblings at `/devices`; the feed is for records.
    const CHANGE: Option<&'static str> = None;
    const TABLES: &'static [&'static str] = &["devices"];
    const AUDIT: ObjectType = ObjectType::Device;
    const EXPORT: &'static str = "devices";
    const FHIR: Fhir = Fhir::None("a phone is no clinical record");

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
        out: &mut Export,
    ) -> Result<(), DbErr> {
        use device::Column as D;
        let rows = all_of::<device::Entity, _>(db, D::ClientId, ctx.id(), D::Id).await?;
        out.devices = rows.iter().map(DeviceResponse::from).collect();
        Ok(())
    }
}

/// The pushes planned and sent (the reminder outbox).
pub(super) struct Notifications;

impl ClientRecord for Notifications {
    const NAME: &'static str = "notification";
    // The server's own plan, rewritten after every change; the phone reads `/notifications`.
    const CHANGE: Option<&'static str> = None;
    const TABLES: &'static [&'static str] = &["reminder_outbox"];
    const AUDIT: ObjectType = ObjectType::Notification;
    const EXPORT: &'static str = "notifications";
    const FHIR: Fhir = Fhir::None("a reminder push is no clinical record");

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
        out: &mut Export,
    ) -> Result<(), DbErr> {
        use outbox::Column as O;
        let rows = all_of::<outbox::Entity, _>(db, O::ClientId, ctx.id(), O::ScheduledFor).await?;
        out.notifications = rows.iter().map(NotificationResponse::from).collect();
        Ok(())
    }
}

/// Safety alerts.
pub(super) struct SafetyAlerts;

impl ClientRecord for SafetyAlerts {
    const NAME: &'static str = "safety_alert";
    // An alert is the therapist's signal; the client sees the crisis resources it was answered.
    const CHANGE: Option<&'static str> = None;
    const TABLES: &'static [&'static str] = &["safety_alerts"];
    const AUDIT: ObjectType = ObjectType::SafetyAlert;
    const EXPORT: &'static str = "safety_alerts";
    const FHIR: Fhir = Fhir::None(
        "the screens that opened an alert are in the bundle; the alert is the clinic's workflow",
    );

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
        out: &mut Export,
    ) -> Result<(), DbErr> {
        use safety_alert::Column as A;
        let rows = all_of::<safety_alert::Entity, _>(db, A::ClientId, ctx.id(), A::Id).await?;
        out.safety_alerts = rows.iter().map(AlertResponse::from).collect();
        Ok(())
    }
}
