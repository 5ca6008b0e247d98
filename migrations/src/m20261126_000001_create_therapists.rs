//! Therapist accounts.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Therapists::Table)
                    .col(pk_uuid(Therapists::Id))
                    .col(string(Therapists::Email).unique_key())
                    .col(string(Therapists::PasswordHash))
                    .col(string(Therapists::DisplayName))
                    .col(timestamp_with_time_zone(Therapists::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Therapists::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Therapists {
    Table,
    Id,
    Email,
    PasswordHash,
    DisplayName,
    CreatedAt,
}
