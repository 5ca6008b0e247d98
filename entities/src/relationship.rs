//! A person in a client's interpersonal inventory.

use crate::{ClientId, RelationshipId};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "relationships")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: RelationshipId,
    pub client_id: ClientId,
    pub label: String,
    pub role: Option<String>,
    /// Circle of closeness: 1 (closest) to 3.
    pub closeness: i32,
    pub note: Option<String>,
    pub satisfying: Option<String>,
    pub unsatisfying: Option<String>,
    pub expectations: Option<String>,
    /// How much support the client gets from the person, 0–10; `None` when not rated.
    pub support: Option<i32>,
    /// How much conflict there is with the person, 0–10; `None` when not rated.
    pub conflict: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Deleted rows stay as tombstones for the sync feed; check-ins keep pointing at them.
    pub deleted_at: Option<DateTimeUtc>,
    pub change_seq: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
