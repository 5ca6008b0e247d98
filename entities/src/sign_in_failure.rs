//! Failed sign-ins of one account from one address, and whether that address ever signed in
//! to the account (addresses the owner used stay open while the account is under attack).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sign_in_failures")]
pub struct Model {
    /// SHA-256 of the normalised e-mail given (known or not), hex.
    #[sea_orm(primary_key, auto_increment = false)]
    pub account_key: String,
    /// The address; an IPv6 address by its /64.
    #[sea_orm(primary_key, auto_increment = false)]
    pub address_key: String,
    /// Failures since the last success from here (forgotten after a quiet while).
    pub failures: i32,
    pub last_failed_at: Option<DateTimeUtc>,
    /// The last successful sign-in from here, if any.
    pub succeeded_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
