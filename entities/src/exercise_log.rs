//! One practice of a built-in exercise.

use crate::{ClientId, ExerciseLogId};
use sea_orm::entity::prelude::*;

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
    pub created_at: DateTimeUtc,
    pub change_seq: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
