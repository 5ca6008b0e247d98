//! Clients with their course of treatment, and their invite codes.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261126_000001_create_therapists::Therapists;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Clients::Table)
                    .col(pk_uuid(Clients::Id))
                    .col(uuid(Clients::TherapistId))
                    .col(string(Clients::DisplayName))
                    .col(string(Clients::Timezone))
                    .col(date(Clients::TreatmentStartDate))
                    .col(integer(Clients::PlannedSessions))
                    // Local time of day of the weekly session (`HH:MM`).
                    .col(string(Clients::SessionTime).default("10:00"))
                    // How far ahead the reminder planner has planned this client.
                    .col(timestamp_with_time_zone_null(
                        Clients::RemindersPlannedUntil,
                    ))
                    .col(string(Clients::ProblemAreas))
                    .col(integer(Clients::WeeklyPracticeTarget).default(3))
                    // Per-client change counter: every write to the client's records takes the
                    // next value (under the client row's lock), which orders the sync feed.
                    .col(big_integer(Clients::ChangeSeq).default(0))
                    .col(timestamp_with_time_zone(Clients::CreatedAt))
                    .col(timestamp_with_time_zone(Clients::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Clients::Table, Clients::TherapistId)
                            .to(Therapists::Table, Therapists::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // The client list pages by id within one therapist.
        manager
            .create_index(
                Index::create()
                    .name("idx_clients_therapist_id")
                    .table(Clients::Table)
                    .col(Clients::TherapistId)
                    .col(Clients::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Invites::Table)
                    .col(string(Invites::CodeHash).primary_key())
                    .col(uuid(Invites::ClientId))
                    .col(timestamp_with_time_zone(Invites::CreatedAt))
                    .col(timestamp_with_time_zone(Invites::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Invites::UsedAt))
                    .col(timestamp_with_time_zone_null(Invites::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Invites::Table, Invites::ClientId)
                            .to(Clients::Table, Clients::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_invites_client")
                    .table(Invites::Table)
                    .col(Invites::ClientId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Invites::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Clients::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Clients {
    Table,
    Id,
    TherapistId,
    DisplayName,
    Timezone,
    TreatmentStartDate,
    PlannedSessions,
    SessionTime,
    RemindersPlannedUntil,
    ProblemAreas,
    WeeklyPracticeTarget,
    ChangeSeq,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Invites {
    Table,
    CodeHash,
    ClientId,
    CreatedAt,
    ExpiresAt,
    UsedAt,
    RevokedAt,
}
