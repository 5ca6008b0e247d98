//! One row of the append-only audit trail. It names who did what to which record, never what
//! the record says.

use sea_orm::entity::prelude::*;

/// Who acted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum ActorRole {
    #[sea_orm(string_value = "therapist")]
    Therapist,
    #[sea_orm(string_value = "client")]
    Client,
    /// Nobody signed in (a sign-in attempt, an invite redemption).
    #[sea_orm(string_value = "anonymous")]
    Anonymous,
}

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum AuditAction {
    #[sea_orm(string_value = "read")]
    Read,
    #[sea_orm(string_value = "create")]
    Create,
    #[sea_orm(string_value = "update")]
    Update,
    #[sea_orm(string_value = "delete")]
    Delete,
    #[sea_orm(string_value = "export")]
    Export,
    #[sea_orm(string_value = "erase")]
    Erase,
    #[sea_orm(string_value = "sign_up")]
    SignUp,
    #[sea_orm(string_value = "sign_in")]
    SignIn,
    #[sea_orm(string_value = "sign_in_failed")]
    SignInFailed,
    #[sea_orm(string_value = "sign_out")]
    SignOut,
    #[sea_orm(string_value = "refresh")]
    Refresh,
    #[sea_orm(string_value = "refresh_failed")]
    RefreshFailed,
    /// A refresh token presented again before its successor pair was used, answered with that
    /// pair: a lost answer retried, recorded so that a therapist can tell it from theft.
    #[sea_orm(string_value = "refresh_replayed")]
    RefreshReplayed,
    #[sea_orm(string_value = "denied")]
    Denied,
    /// A session set back from held (to planned, cancelled or missed) lost its goal ratings:
    /// ratings are made only at sessions that took place.
    #[sea_orm(string_value = "goal_ratings_removed")]
    GoalRatingsRemoved,
}

/// What an entry is about. A read of a list names the list (`checkins`, with no object id); an
/// act on one record names the record (`checkin`, with its id). The stored values are the ones
/// the trail has always had, so old rows and new ones read alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum ObjectType {
    /// The client's access log (a read).
    #[sea_orm(string_value = "access_log")]
    AccessLog,
    /// A client's audit trail (a read).
    #[sea_orm(string_value = "audit")]
    Audit,
    /// The sync feed (a read).
    #[sea_orm(string_value = "changes")]
    Changes,
    /// One check-in.
    #[sea_orm(string_value = "checkin")]
    Checkin,
    /// The list of check-ins (a read).
    #[sea_orm(string_value = "checkins")]
    Checkins,
    /// A client's account or record.
    #[sea_orm(string_value = "client")]
    Client,
    /// The therapist's web page of one client (a read).
    #[sea_orm(string_value = "client_page")]
    ClientPage,
    /// The therapist's dashboard (a read).
    #[sea_orm(string_value = "dashboard")]
    Dashboard,
    /// A client's phone.
    #[sea_orm(string_value = "device")]
    Device,
    /// The list of a client's phones (a read).
    #[sea_orm(string_value = "devices")]
    Devices,
    /// One practice of an exercise.
    #[sea_orm(string_value = "exercise_log")]
    ExerciseLog,
    /// The list of practices (a read).
    #[sea_orm(string_value = "exercise_logs")]
    ExerciseLogs,
    /// Homework: one assignment, or the list (a read).
    #[sea_orm(string_value = "homework")]
    Homework,
    /// An invite code.
    #[sea_orm(string_value = "invite")]
    Invite,
    /// One delivered notification (opened).
    #[sea_orm(string_value = "notification")]
    Notification,
    /// The list of notifications (a read).
    #[sea_orm(string_value = "notifications")]
    Notifications,
    /// The weekly practice target.
    #[sea_orm(string_value = "practice_target")]
    PracticeTarget,
    /// One person of the interpersonal inventory.
    #[sea_orm(string_value = "relationship")]
    Relationship,
    /// The inventory (a read).
    #[sea_orm(string_value = "relationships")]
    Relationships,
    /// The client's reminder settings.
    #[sea_orm(string_value = "reminder_settings")]
    ReminderSettings,
    /// One ASQ follow-up screen.
    #[sea_orm(string_value = "risk_screen")]
    RiskScreen,
    /// The list of screens (a read).
    #[sea_orm(string_value = "risk_screens")]
    RiskScreens,
    /// A safety alert.
    #[sea_orm(string_value = "safety_alert")]
    SafetyAlert,
    /// The therapist's escalation contacts.
    #[sea_orm(string_value = "safety_contacts")]
    SafetyContacts,
    /// The safety plan.
    #[sea_orm(string_value = "safety_plan")]
    SafetyPlan,
    /// A sign-in session.
    #[sea_orm(string_value = "session")]
    Session,
    /// The client's own summary (a read).
    #[sea_orm(string_value = "summary")]
    Summary,
    /// A therapist's account.
    #[sea_orm(string_value = "therapist")]
    Therapist,
    /// A therapist's phone.
    #[sea_orm(string_value = "therapist_device")]
    TherapistDevice,
    /// The course of treatment.
    #[sea_orm(string_value = "treatment")]
    Treatment,
    /// One session of the course (a mark in the session log).
    #[sea_orm(string_value = "treatment_session")]
    TreatmentSession,
    /// A reading opened by the client.
    #[sea_orm(string_value = "reading_open")]
    ReadingOpen,
    /// Which readings a client opened (a read).
    #[sea_orm(string_value = "reading_opens")]
    ReadingOpens,
    /// The sessions of the course (a read).
    #[sea_orm(string_value = "treatment_sessions")]
    TreatmentSessions,
    /// The formulation and its goals.
    #[sea_orm(string_value = "formulation")]
    Formulation,
    /// The relapse-prevention plan.
    #[sea_orm(string_value = "relapse_plan")]
    RelapsePlan,
    /// A course of treatment (acute or maintenance).
    #[sea_orm(string_value = "course")]
    Course,
    /// The client's courses (a read).
    #[sea_orm(string_value = "courses")]
    Courses,
    /// A relapse review (what the therapist decided after a possible or likely relapse).
    #[sea_orm(string_value = "relapse_review")]
    RelapseReview,
    /// The client's relapse reviews and episodes (a read).
    #[sea_orm(string_value = "relapse_reviews")]
    RelapseReviews,
}

/// How it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum Outcome {
    #[sea_orm(string_value = "success")]
    Success,
    /// Refused by authorization.
    #[sea_orm(string_value = "denied")]
    Denied,
    /// Tried and failed (a wrong password, a spent refresh token).
    #[sea_orm(string_value = "failure")]
    Failure,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub at: DateTimeUtc,
    /// The therapist or client acting; none for an anonymous or failed sign-in.
    pub actor_id: Option<Uuid>,
    pub actor_role: ActorRole,
    pub action: AuditAction,
    pub object_type: ObjectType,
    pub object_id: Option<Uuid>,
    /// Whose record it concerns (kept after the client is erased: no foreign key).
    pub client_id: Option<Uuid>,
    pub outcome: Outcome,
    /// The request's source address.
    pub source: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
