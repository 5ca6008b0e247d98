//! An account's consecutive failed sign-ins from anywhere, which slow down addresses that
//! never signed in to it, and when its owner was last told.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sign_in_accounts")]
pub struct Model {
    /// SHA-256 of the normalised e-mail given (known or not), hex.
    #[sea_orm(primary_key, auto_increment = false)]
    pub account_key: String,
    /// Failures since the last success (from any address).
    pub consecutive_failures: i32,
    /// When the current delay of unknown addresses started: the last failure, or the last
    /// attempt let through under the delay.
    pub delay_from: Option<DateTimeUtc>,
    /// When the owner was last told of failed sign-ins.
    pub noticed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
