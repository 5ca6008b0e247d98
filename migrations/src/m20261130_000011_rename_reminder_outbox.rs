//! The table of planned occurrences is the reminder *outbox* (the settings are
//! `reminder_settings`, and the API calls its rows notifications): its name now says so.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Names {
    Reminders,
    ReminderOutbox,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .rename_table(
                Table::rename()
                    .table(Names::Reminders, Names::ReminderOutbox)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .rename_table(
                Table::rename()
                    .table(Names::ReminderOutbox, Names::Reminders)
                    .to_owned(),
            )
            .await
    }
}
