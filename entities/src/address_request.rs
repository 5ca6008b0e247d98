//! Requests from one source address at one door (sign-up, password reset) in the current
//! minute, shared by every replica.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "address_requests")]
pub struct Model {
    /// Which door: `sign-up`, `password-reset`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub door: String,
    /// The address; an IPv6 address by its /64.
    #[sea_orm(primary_key, auto_increment = false)]
    pub address_key: String,
    /// When the counted minute began.
    pub window_start: DateTimeUtc,
    /// Requests admitted in that minute.
    pub requests: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
