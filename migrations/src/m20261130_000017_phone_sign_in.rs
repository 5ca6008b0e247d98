//! Sign-in that survives bad networks: what the refresh grace and invite retries need.
//!
//! A retried refresh or invite redemption is answered with the tokens of its first answer. Those
//! are derived from what the phone presents with a server secret (HMAC-SHA256), so that nothing
//! recoverable is stored: `auth_tokens` keeps only hashes, as before. The secret comes from
//! `IPT_TOKEN_KEY` or, unset, from this table, where the first replica to start puts one.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TokenKeys::Table)
                    .col(string(TokenKeys::Name).primary_key())
                    .col(string(TokenKeys::Secret))
                    .col(timestamp_with_time_zone(TokenKeys::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(TokenKeys::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum TokenKeys {
    Table,
    Name,
    Secret,
    CreatedAt,
}
