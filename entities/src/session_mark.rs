//! What a therapist recorded about one session of a client's course (see `docs/treatment.md`).

use crate::ClientId;
use sea_orm::entity::prelude::*;

/// Where a session stands: as marked, or (for a session nobody marked) presumed from the
/// calendar. The API and the storage use the same names.
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
pub enum SessionStatus {
    /// Still to come (or moved, and still to come).
    #[sea_orm(string_value = "planned")]
    Planned,
    /// Held: marked so, or presumed once its time passed without a mark.
    #[sea_orm(string_value = "held")]
    Held,
    /// Cancelled ahead of time; a slot is added at the end of the course.
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
    /// The client did not come; a slot is added at the end of the course.
    #[sea_orm(string_value = "no_show")]
    NoShow,
}

impl SessionStatus {
    /// Whether the session takes its place in the course (cancelled and missed ones do not).
    #[must_use]
    pub fn counts(self) -> bool {
        matches!(self, Self::Planned | Self::Held)
    }
}

/// One marked session.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "session_marks")]
pub struct Model {
    /// The course it belongs to.
    #[sea_orm(primary_key, auto_increment = false)]
    pub course_id: Uuid,
    /// Whose course.
    pub client_id: ClientId,
    /// The session's number in the course, from 1.
    #[sea_orm(primary_key, auto_increment = false)]
    pub number: i32,
    /// As marked.
    pub status: SessionStatus,
    /// When it was held, if at another time than scheduled.
    pub held_at: Option<DateTimeUtc>,
    /// Where it was moved.
    pub moved_to: Option<DateTimeUtc>,
    /// The moved session's date in the client's zone when it was moved.
    pub moved_to_date: Option<Date>,
    /// The therapist who marked it.
    pub marked_by: Uuid,
    /// When it was last marked.
    pub updated_at: DateTimeUtc,
    /// The client's change number of the last mark.
    pub change_seq: i64,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
