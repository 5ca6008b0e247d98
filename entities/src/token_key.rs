//! A server secret kept in the database: the key that derives the tokens a retried refresh or
//! invite redemption answers with, when `IPT_TOKEN_KEY` does not give one. The first replica to
//! start makes it; every replica reads the same row.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "token_keys")]
pub struct Model {
    /// What the key is for (one row per purpose).
    #[sea_orm(primary_key, auto_increment = false)]
    pub name: String,
    /// The key's bytes, base64url without padding.
    pub secret: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
