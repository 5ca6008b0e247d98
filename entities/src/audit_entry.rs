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

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub at: DateTimeUtc,
    /// The therapist or client acting; none for an anonymous or failed sign-in.
    pub actor_id: Option<Uuid>,
    pub actor_role: ActorRole,
    /// `read`, `create`, `update`, `delete`, `export`, `erase`, `sign_in`, `sign_in_failed`,
    /// `sign_out`, `denied`, …
    pub action: String,
    /// `checkins`, `homework`, `client`, `session`, …
    pub object_type: String,
    pub object_id: Option<Uuid>,
    /// Whose record it concerns (kept after the client is erased: no foreign key).
    pub client_id: Option<Uuid>,
    /// `success`, `denied` or `failure`.
    pub outcome: String,
    /// The request's source address.
    pub source: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
