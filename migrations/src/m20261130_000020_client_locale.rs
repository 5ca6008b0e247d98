//! The client's language, a BCP 47 tag as the phone sets it (`PATCH /api/v1/me`): texts the
//! server writes for the client follow it when a request does not name a language, and so do
//! pushes to a phone that reports none. Existing clients have none (English, as before).

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261126_000002_create_clients::Clients;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Clients::Table)
                    .add_column(string_null(Locale))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Clients::Table)
                    .drop_column(Locale)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
struct Locale;
