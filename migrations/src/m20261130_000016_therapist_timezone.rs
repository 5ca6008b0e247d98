//! Each therapist's time zone: the pages show times in it. Accounts made before it existed,
//! and sign-ups that do not name one, are in UTC (what the pages showed until now).

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261126_000001_create_therapists::Therapists;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Therapists::Table)
                    .add_column(string(TherapistZone::Timezone).default("UTC"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Therapists::Table)
                    .drop_column(TherapistZone::Timezone)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum TherapistZone {
    Timezone,
}
