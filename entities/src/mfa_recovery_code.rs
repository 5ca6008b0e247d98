//! A single-use recovery code of a therapist's second factor, stored as a hash only.

use crate::TherapistId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mfa_recovery_codes")]
pub struct Model {
    /// SHA-256 of the therapist's id and the normalised code.
    #[sea_orm(primary_key, auto_increment = false)]
    pub code_hash: String,
    pub therapist_id: TherapistId,
    pub created_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
