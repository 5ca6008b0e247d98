//! A versioned document of one client: the safety plan, the formulation with its goals, or the
//! relapse-prevention plan. One row per client and kind, replaced whole at each write.

use crate::ClientId;
use sea_orm::entity::prelude::*;

/// Which document a row holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum DocumentKind {
    /// The Stanley–Brown safety plan.
    #[sea_orm(string_value = "safety_plan")]
    SafetyPlan,
    /// The interpersonal formulation and the goals of treatment.
    #[sea_orm(string_value = "formulation")]
    Formulation,
    /// The relapse-prevention plan written as treatment ends.
    #[sea_orm(string_value = "relapse_plan")]
    RelapsePlan,
}

/// The current version of one document.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "client_documents")]
pub struct Model {
    /// Whose document.
    #[sea_orm(primary_key, auto_increment = false)]
    pub client_id: ClientId,
    /// Which document.
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: DocumentKind,
    /// The contents as a JSON object (written and read by the server's `documents` module
    /// only, from checked values).
    pub body: String,
    /// 1 at the first write, one more at each write after it (the `ETag`).
    pub version: i32,
    /// When this version was written.
    pub updated_at: DateTimeUtc,
    /// Who wrote this version.
    pub updated_by_role: crate::auth_session::SessionRole,
    /// The id of the therapist or client who wrote this version.
    pub updated_by: Uuid,
    /// The client's change number of this version.
    pub change_seq: i64,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
