//! Reminder settings, one row per client, part of the sync feed like the records.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261126_000002_create_clients::Clients;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ReminderSettings::Table)
                    .col(uuid(ReminderSettings::ClientId).primary_key())
                    .col(text(ReminderSettings::PracticePrompts))
                    .col(string_null(ReminderSettings::CheckinTime))
                    .col(string_null(ReminderSettings::QuietStart))
                    .col(string_null(ReminderSettings::QuietEnd))
                    .col(timestamp_with_time_zone(ReminderSettings::UpdatedAt))
                    .col(big_integer(ReminderSettings::ChangeSeq))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ReminderSettings::Table, ReminderSettings::ClientId)
                            .to(Clients::Table, Clients::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reminder_settings_client_seq")
                    .table(ReminderSettings::Table)
                    .col(ReminderSettings::ClientId)
                    .col(ReminderSettings::ChangeSeq)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ReminderSettings::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ReminderSettings {
    Table,
    ClientId,
    PracticePrompts,
    CheckinTime,
    QuietStart,
    QuietEnd,
    UpdatedAt,
    ChangeSeq,
}
