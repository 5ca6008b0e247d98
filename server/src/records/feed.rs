//! A client's records as the changes feed sends them: one `Change` variant per kind of the
//! registry. The shapes live with the registry, below the feed that serves them.

use crate::checkins::dto::CheckinResponse;
use crate::exercises::dto::ExerciseLogResponse;
use crate::formulation::dto::FormulationResponse;
use crate::homework::dto::HomeworkResponse;
use crate::readings::dto::ReadingOpenedResponse;
use crate::relapse_plan::dto::RelapsePlanResponse;
use crate::relationships::dto::RelationshipResponse;
use crate::reminders::dto::ReminderSettingsBody;
use crate::risk_screens::dto::RiskScreenResponse;
use crate::safety_plan::SafetyPlanResponse;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// Declares one kind of change: its `type` value (a one-value enum, so that generated clients
/// narrow on it), its schema with the v1 fields, and a constructor.
macro_rules! change_kind {
    ($(#[$doc:meta])* $variant:ident, $tag:literal, $schema:ident, $tag_type:ident, $data:ty) => {
        #[doc = concat!("The `type` of a [`", stringify!($schema), "`].")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
        // The variant's name in snake case is the tag (a `rename` from a macro argument would
        // not reach the schema); the test of the feed checks each `type` on the wire.
        #[serde(rename_all = "snake_case")]
        pub enum $tag_type {
            #[doc = concat!("`", $tag, "`.")]
            $variant,
        }

        $(#[$doc])*
        #[derive(Debug, Serialize, ToSchema)]
        pub struct $schema {
            /// Which kind of record; selects the schema of `data`.
            #[serde(rename = "type")]
            pub record_type: $tag_type,
            /// The record's id.
            pub id: Uuid,
            /// Position in the client's change order.
            pub seq: i64,
            /// The record was deleted; `data` is null.
            pub deleted: bool,
            /// The record as its own endpoint returns it; null when deleted.
            pub data: Option<$data>,
        }

        impl $schema {
            /// Its `type` on the wire (the discriminator's mapping key).
            #[cfg(test)]
            pub const TAG: &'static str = $tag;

            /// The change of record `id` at `seq`: `data`, or a tombstone when none.
            #[must_use]
            pub fn of(id: Uuid, seq: i64, data: Option<$data>) -> Change {
                Change::$variant(Self {
                    record_type: $tag_type::$variant,
                    id,
                    seq,
                    deleted: data.is_none(),
                    data,
                })
            }
        }
    };
}

change_kind!(
    /// The client's own record (name, zone, region, language, session time, practice target,
    /// measures); `id` is the client's id.
    Client, "client", ClientChange, ClientType, ClientRecord
);
change_kind!(
    /// A check-in.
    Checkin, "checkin", CheckinChange, CheckinType, CheckinResponse
);
change_kind!(
    /// An exercise practice.
    ExerciseLog, "exercise_log", ExerciseLogChange, ExerciseLogType, ExerciseLogResponse
);
change_kind!(
    /// An ASQ follow-up screen with its outcome.
    RiskScreen, "risk_screen", RiskScreenChange, RiskScreenType, RiskScreenResponse
);
change_kind!(
    /// A homework assignment.
    Homework, "homework", HomeworkChange, HomeworkType, HomeworkResponse
);
change_kind!(
    /// A person of the interpersonal inventory (deleted: a tombstone).
    Relationship, "relationship", RelationshipChange, RelationshipType, RelationshipResponse
);
change_kind!(
    /// The client's reminder settings; `id` is the client's id.
    ReminderSettings, "reminder_settings", ReminderSettingsChange, ReminderSettingsType,
    ReminderSettingsBody
);
change_kind!(
    /// The client's safety plan; `id` is the client's id.
    SafetyPlan, "safety_plan", SafetyPlanChange, SafetyPlanType, SafetyPlanResponse
);
change_kind!(
    /// A psychoeducation reading the client opened; `id` is derived from the client and the
    /// reading's key.
    ReadingOpened, "reading_opened", ReadingOpenedChange, ReadingOpenedType,
    ReadingOpenedResponse
);
change_kind!(
    /// The client's formulation and goals with their ratings; `id` is the client's id. A new
    /// rating sends it again.
    Formulation, "formulation", FormulationChange, FormulationType, FormulationResponse
);
change_kind!(
    /// The client's relapse-prevention plan; `id` is the client's id.
    RelapsePlan, "relapse_plan", RelapsePlanChange, RelapsePlanType, RelapsePlanResponse
);
change_kind!(
    /// A course of treatment as the therapist set it (dates, length, its end); `id` is the
    /// course's. What follows from the date (sessions presumed held, the phase) is derived by
    /// the app as `docs/treatment.md` defines it, not sent as changes.
    Course, "course", CourseChange, CourseType, CourseRecord
);
change_kind!(
    /// What the therapist recorded about one session (its mark); `id` is derived from the
    /// course and the session's number.
    Session, "session", SessionChange, SessionType, SessionMarkRecord
);

/// One record as it is now, or its tombstone. The v1 fields (`type`, `id`, `seq`, `deleted`,
/// `data`) are those of every kind; `type` selects the schema of `data`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
#[schema(discriminator(property_name = "type", mapping(
    ("client" = "#/components/schemas/ClientChange"),
    ("checkin" = "#/components/schemas/CheckinChange"),
    ("exercise_log" = "#/components/schemas/ExerciseLogChange"),
    ("risk_screen" = "#/components/schemas/RiskScreenChange"),
    ("homework" = "#/components/schemas/HomeworkChange"),
    ("relationship" = "#/components/schemas/RelationshipChange"),
    ("reminder_settings" = "#/components/schemas/ReminderSettingsChange"),
    ("safety_plan" = "#/components/schemas/SafetyPlanChange"),
    ("reading_opened" = "#/components/schemas/ReadingOpenedChange"),
    ("formulation" = "#/components/schemas/FormulationChange"),
    ("relapse_plan" = "#/components/schemas/RelapsePlanChange"),
    ("course" = "#/components/schemas/CourseChange"),
    ("session" = "#/components/schemas/SessionChange"),
)))]
pub enum Change {
    /// The client's own record.
    Client(ClientChange),
    /// A check-in.
    Checkin(CheckinChange),
    /// An exercise practice.
    ExerciseLog(ExerciseLogChange),
    /// An ASQ follow-up screen.
    RiskScreen(RiskScreenChange),
    /// A homework assignment.
    Homework(HomeworkChange),
    /// A person of the inventory.
    Relationship(RelationshipChange),
    /// The reminder settings.
    ReminderSettings(ReminderSettingsChange),
    /// The safety plan.
    SafetyPlan(SafetyPlanChange),
    /// A reading opened.
    ReadingOpened(ReadingOpenedChange),
    /// The formulation.
    Formulation(FormulationChange),
    /// The relapse plan.
    RelapsePlan(RelapsePlanChange),
    /// A course.
    Course(CourseChange),
    /// A session's mark.
    Session(SessionChange),
}

impl Change {
    /// Its position in the client's change order.
    #[must_use]
    pub fn seq(&self) -> i64 {
        match self {
            Self::Client(c) => c.seq,
            Self::Checkin(c) => c.seq,
            Self::ExerciseLog(c) => c.seq,
            Self::RiskScreen(c) => c.seq,
            Self::Homework(c) => c.seq,
            Self::Relationship(c) => c.seq,
            Self::ReminderSettings(c) => c.seq,
            Self::SafetyPlan(c) => c.seq,
            Self::ReadingOpened(c) => c.seq,
            Self::Formulation(c) => c.seq,
            Self::RelapsePlan(c) => c.seq,
            Self::Course(c) => c.seq,
            Self::Session(c) => c.seq,
        }
    }
}

/// The client's own record as written.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClientRecord {
    /// Name shown in the app and the dashboard.
    pub display_name: String,
    /// IANA zone name; dates and reminders follow it.
    pub timezone: String,
    /// ISO 3166-1 alpha-2 region for crisis resources; null: the international ones.
    pub region: Option<String>,
    /// Where `region` came from: `set` (confirmed) or `derived` from the zone; null while
    /// there is none.
    pub region_source: Option<crate::clients::dto::RegionSource>,
    /// The language the client set (a BCP 47 tag, `de-AT`); null: none yet.
    #[schema(example = "de-AT")]
    pub locale: Option<String>,
    /// Local time of day of the sessions, `HH:MM`.
    pub session_time: String,
    /// The problem areas the treatment works on.
    pub problem_areas: Vec<crate::domain::ProblemArea>,
    /// Exercise practices asked for per week.
    pub weekly_practice_target: i32,
    /// Whether the questionnaire before each session asks for the GAD-7 too.
    pub gad7_enabled: bool,
}

/// A course as written: what the therapist set, not what follows from the date.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CourseRecord {
    /// The course's id.
    pub id: Uuid,
    /// 1 for the first course, one more for each after it.
    #[schema(minimum = 1)]
    pub number: i32,
    /// Acute or maintenance.
    pub kind: crate::domain::CourseKind,
    /// The first session's date, in the client's zone.
    pub start_date: chrono::NaiveDate,
    /// Sessions planned.
    #[schema(minimum = 1, maximum = 24)]
    pub planned_sessions: i32,
    /// Weeks between sessions.
    #[schema(minimum = 1, maximum = 12)]
    pub interval_weeks: i32,
    /// When the therapist ended it; null if not.
    pub ended_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The last session slot kept when it was ended (later ones are dropped); null if not ended.
    pub ended_after_slot: Option<i32>,
}

/// One session's mark as the therapist wrote it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionMarkRecord {
    /// The course it belongs to.
    pub course_id: Uuid,
    /// The session's number in the course.
    #[schema(minimum = 1)]
    pub number: i32,
    /// As marked.
    pub status: crate::domain::SessionStatus,
    /// When it was held, if at another time than scheduled.
    pub held_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Where it was moved, if it was.
    pub scheduled_for: Option<chrono::DateTime<chrono::Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_carries_its_tag_as_type() {
        let id = Uuid::nil();
        let cases = [
            (ClientChange::of(id, 1, None), ClientChange::TAG),
            (CheckinChange::of(id, 1, None), CheckinChange::TAG),
            (ExerciseLogChange::of(id, 1, None), ExerciseLogChange::TAG),
            (RiskScreenChange::of(id, 1, None), RiskScreenChange::TAG),
            (HomeworkChange::of(id, 1, None), HomeworkChange::TAG),
            (RelationshipChange::of(id, 1, None), RelationshipChange::TAG),
            (
                ReminderSettingsChange::of(id, 1, None),
                ReminderSettingsChange::TAG,
            ),
            (SafetyPlanChange::of(id, 1, None), SafetyPlanChange::TAG),
            (
                ReadingOpenedChange::of(id, 1, None),
                ReadingOpenedChange::TAG,
            ),
            (FormulationChange::of(id, 1, None), FormulationChange::TAG),
            (RelapsePlanChange::of(id, 1, None), RelapsePlanChange::TAG),
            (CourseChange::of(id, 1, None), CourseChange::TAG),
            (SessionChange::of(id, 1, None), SessionChange::TAG),
        ];
        for (change, tag) in cases {
            let wire = serde_json::to_value(&change).expect("serializes");
            assert_eq!(wire["type"], tag);
            assert_eq!(wire["deleted"], true);
            assert_eq!(wire["data"], serde_json::Value::Null);
        }
    }
}
