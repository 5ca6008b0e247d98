//! A client's Stanley–Brown safety plan: one row per client, replaced whole on each write.

use crate::ClientId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "safety_plans")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub client_id: ClientId,
    /// The seven parts of the plan as a JSON object (written and read by the server's
    /// `safety_plan` module only, which checks it).
    pub plan: String,
    /// 1 at the first write, one more at each write after it (the `ETag`).
    pub version: i32,
    pub updated_at: DateTimeUtc,
    /// Who wrote this version.
    pub updated_by_role: crate::auth_session::SessionRole,
    /// The id of the therapist or client who wrote this version.
    pub updated_by: Uuid,
    pub change_seq: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
