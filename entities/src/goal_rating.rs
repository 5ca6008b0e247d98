//! How far a goal of the formulation had come at one session: a rating 0–10.

use crate::ClientId;
use sea_orm::entity::prelude::*;

/// One goal's rating at one session.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "goal_ratings")]
pub struct Model {
    /// Whose goal.
    pub client_id: ClientId,
    /// The course the session belongs to (the first course's id is the client's).
    #[sea_orm(primary_key, auto_increment = false)]
    pub course_id: Uuid,
    /// The session's number in that course.
    #[sea_orm(primary_key, auto_increment = false)]
    pub session_number: i32,
    /// The goal's id in the formulation.
    #[sea_orm(primary_key, auto_increment = false)]
    pub goal_id: Uuid,
    /// 0 (no progress) to 10 (reached).
    pub rating: i16,
    /// When the therapist rated it.
    pub rated_at: DateTimeUtc,
    /// The client's change number of the rating.
    pub change_seq: i64,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
