//! That a client opened a psychoeducation reading (the first time).

use crate::ClientId;
use sea_orm::entity::prelude::*;

/// One reading opened by one client.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reading_opens")]
pub struct Model {
    /// Who opened it.
    #[sea_orm(primary_key, auto_increment = false)]
    pub client_id: ClientId,
    /// The reading's key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub reading_key: String,
    /// When it was first opened.
    pub opened_at: DateTimeUtc,
    /// The client's change number of the first opening (the sync feed's position).
    pub change_seq: i64,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
