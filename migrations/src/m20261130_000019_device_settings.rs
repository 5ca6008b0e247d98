//! What a phone says about itself at registration: its language (the push texts follow it),
//! its zone and the app's version. Existing devices have none (English, as before).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        for column in [Devices::Locale, Devices::Timezone, Devices::AppVersion] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Devices::Table)
                        .add_column(string_null(column))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Devices::Locale, Devices::Timezone, Devices::AppVersion] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Devices::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Devices {
    Table,
    Locale,
    Timezone,
    AppVersion,
}
