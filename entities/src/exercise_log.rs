//! One practice of a built-in exercise.

use crate::{ClientId, ExerciseLogId, RelationshipId};
use sea_orm::entity::prelude::*;

/// The answer to an exercise's danger question ("could speaking up put you in danger?").
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum SafetyCheck {
    /// It could: a safety signal (a `relationship_danger` alert).
    #[sea_orm(string_value = "yes")]
    Yes,
    #[sea_orm(string_value = "no")]
    No,
    /// The client is not sure: crisis resources and a reason on the dashboard, no alert.
    #[sea_orm(string_value = "unsure")]
    Unsure,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "exercise_logs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: ExerciseLogId,
    pub client_id: ClientId,
    pub exercise_key: String,
    pub practiced_at: DateTimeUtc,
    pub difficulty: Option<i32>,
    pub outcome: Option<i32>,
    pub note: Option<String>,
    /// Answers to the exercise's prompts, a JSON object of strings.
    pub responses: Option<String>,
    /// The answer to the exercise's danger question; none for exercises without one.
    pub safety_check: Option<SafetyCheck>,
    /// The person of the inventory the danger question was about (also one removed since).
    pub relationship_id: Option<RelationshipId>,
    pub created_at: DateTimeUtc,
    pub change_seq: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
