//! A homework assignment from a therapist to a client.

use crate::{ClientId, HomeworkId, TherapistId};
use sea_orm::entity::prelude::*;

/// Where an assignment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum HomeworkState {
    #[sea_orm(string_value = "assigned")]
    Assigned,
    #[sea_orm(string_value = "completed")]
    Completed,
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "homework")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: HomeworkId,
    pub client_id: ClientId,
    pub therapist_id: TherapistId,
    pub title: String,
    pub instructions: Option<String>,
    pub due_at: Option<DateTimeUtc>,
    pub problem_area: Option<crate::ProblemArea>,
    pub exercise_key: Option<String>,
    pub status: HomeworkState,
    pub completed_at: Option<DateTimeUtc>,
    pub reflection: Option<String>,
    pub helpfulness: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub change_seq: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
