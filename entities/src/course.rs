//! A course of treatment: the acute course a client starts with, and any maintenance or later
//! acute course. A client keeps every course; the one with the highest number is current.

use crate::ClientId;
use sea_orm::entity::prelude::*;

/// What kind of course.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    utoipa::ToSchema,
    EnumIter,
    DeriveActiveEnum,
)]
#[serde(rename_all = "snake_case")]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum CourseKind {
    /// Weekly sessions, 8–24, in three phases.
    #[sea_orm(string_value = "acute")]
    Acute,
    /// Less frequent sessions after an acute course (e.g. monthly), their number chosen.
    #[sea_orm(string_value = "maintenance")]
    Maintenance,
}

/// Why a course ended.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    utoipa::ToSchema,
    EnumIter,
    DeriveActiveEnum,
)]
#[serde(rename_all = "snake_case")]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum EndReason {
    /// The course ran its planned sessions.
    #[sea_orm(string_value = "completed")]
    Completed,
    /// The client chose to stop.
    #[sea_orm(string_value = "client_withdrew")]
    ClientWithdrew,
    /// The client stopped coming.
    #[sea_orm(string_value = "dropped_out")]
    DroppedOut,
    /// Care moved to another service.
    #[sea_orm(string_value = "transferred")]
    Transferred,
    #[sea_orm(string_value = "other")]
    Other,
}

/// One course.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "courses")]
pub struct Model {
    /// The first course's id is the client's own.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Whose course.
    pub client_id: ClientId,
    /// 1 for the first course, one more for each after it.
    pub number: i32,
    /// Acute or maintenance.
    pub kind: CourseKind,
    /// The first session's date, in the client's zone.
    pub start_date: Date,
    /// How many sessions are planned.
    pub planned_sessions: i32,
    /// Weeks between sessions: 1 for an acute course.
    pub interval_weeks: i32,
    /// When the therapist ended it, if they did (a course also ends when its last session's
    /// day has passed).
    pub ended_at: Option<DateTimeUtc>,
    /// The date in the client's zone it was ended on.
    pub ended_on: Option<Date>,
    /// The last session slot whose time had passed when it was ended (0: none); later slots
    /// are dropped from the course.
    pub ended_after_slot: Option<i32>,
    /// Why the therapist ended it (`NULL` for a course ended before reasons were recorded).
    pub end_reason: Option<EndReason>,
    /// The therapist's note on the ending.
    pub end_note: Option<String>,
    /// Whether the therapist discussed the sick role with the client (the initial phase).
    pub sick_role_discussed: bool,
    /// When it was started.
    pub created_at: DateTimeUtc,
    /// The client's change number of its last change.
    pub change_seq: i64,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
