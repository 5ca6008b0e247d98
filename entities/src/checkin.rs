//! A mood check-in, optionally with PHQ-9 and GAD-7 answers.

use crate::{CheckinId, ClientId, RelationshipId};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "checkins")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: CheckinId,
    pub client_id: ClientId,
    pub recorded_at: DateTimeUtc,
    pub mood: i32,
    pub note: Option<String>,
    pub relationship_id: Option<RelationshipId>,
    /// The nine answers, comma-separated (`0,1,3,…`).
    pub phq9: Option<String>,
    pub phq9_total: Option<i32>,
    /// The seven answers, comma-separated.
    pub gad7: Option<String>,
    pub gad7_total: Option<i32>,
    pub risk_flag: bool,
    pub created_at: DateTimeUtc,
    pub change_seq: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
