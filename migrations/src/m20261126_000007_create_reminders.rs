//! The reminder outbox. The database, not the scheduler's memory, holds every planned push:
//! one unique key per occurrence, a lease for the dispatcher sending it, and its outcome.

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
                    .table(Reminders::Table)
                    .col(pk_uuid(Reminders::Id))
                    .col(uuid(Reminders::ClientId))
                    .col(string(Reminders::Kind))
                    .col(string(Reminders::OccurrenceKey).unique_key())
                    .col(date(Reminders::LocalDate))
                    .col(string(Reminders::LocalTime))
                    .col(uuid_null(Reminders::RefId))
                    .col(timestamp_with_time_zone(Reminders::ScheduledFor))
                    .col(string(Reminders::Status))
                    .col(integer(Reminders::Attempts).default(0))
                    .col(timestamp_with_time_zone(Reminders::NextAttemptAt))
                    .col(string_null(Reminders::LeaseOwner))
                    .col(timestamp_with_time_zone_null(Reminders::LeaseExpiresAt))
                    .col(timestamp_with_time_zone_null(Reminders::SentAt))
                    // When the client opened the notification, as the app reports it.
                    .col(timestamp_with_time_zone_null(Reminders::OpenedAt))
                    .col(string_null(Reminders::LastError))
                    .col(timestamp_with_time_zone(Reminders::CreatedAt))
                    .col(timestamp_with_time_zone(Reminders::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Reminders::Table, Reminders::ClientId)
                            .to(Clients::Table, Clients::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // The dispatcher's claim: due, open occurrences in order.
        manager
            .create_index(
                Index::create()
                    .name("idx_reminders_due")
                    .table(Reminders::Table)
                    .col(Reminders::Status)
                    .col(Reminders::NextAttemptAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reminders_client_scheduled")
                    .table(Reminders::Table)
                    .col(Reminders::ClientId)
                    .col(Reminders::ScheduledFor)
                    .col(Reminders::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_clients_planned_until")
                    .table(Clients::Table)
                    .col(Clients::RemindersPlannedUntil)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_clients_planned_until")
                    .table(Clients::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Reminders::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Reminders {
    Table,
    Id,
    ClientId,
    Kind,
    OccurrenceKey,
    LocalDate,
    LocalTime,
    RefId,
    ScheduledFor,
    Status,
    Attempts,
    NextAttemptAt,
    LeaseOwner,
    LeaseExpiresAt,
    SentAt,
    OpenedAt,
    LastError,
    CreatedAt,
    UpdatedAt,
}
