//! One alert episode per crisis and the ASQ follow-up screen.
//!
//! `safety_alerts` gains the episode it belongs to (the alerts of a client open at the same
//! time share one; an existing alert is an episode of its own), its urgency (`normal`, or
//! `urgent` for an acute positive screen: on-call is told at once), and what opened it besides
//! a check-in: a risk screen, or an exercise log whose danger question was answered "yes" (with
//! the person of the inventory it named). `risk_screens` holds the client's ASQ answers, scored.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261126_000002_create_clients::Clients;
use crate::m20261130_000009_safety_loop::SafetyAlerts;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        for column in [
            ColumnDef::new(Episode::EpisodeId).uuid().null().to_owned(),
            ColumnDef::new(Episode::Urgency)
                .string()
                .not_null()
                .default("normal")
                .to_owned(),
            ColumnDef::new(Episode::RiskScreenId)
                .uuid()
                .null()
                .to_owned(),
            ColumnDef::new(Episode::ExerciseLogId)
                .uuid()
                .null()
                .to_owned(),
            ColumnDef::new(Episode::RelationshipId)
                .uuid()
                .null()
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(SafetyAlerts::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .get_connection()
            .execute_unprepared("UPDATE safety_alerts SET episode_id = id WHERE episode_id IS NULL")
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_safety_alerts_episode")
                    .table(SafetyAlerts::Table)
                    .col(Episode::EpisodeId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RiskScreens::Table)
                    .col(pk_uuid(RiskScreens::Id))
                    .col(uuid(RiskScreens::ClientId))
                    .col(uuid_null(RiskScreens::CheckinId))
                    .col(string(RiskScreens::Instrument))
                    .col(boolean(RiskScreens::Q1))
                    .col(boolean(RiskScreens::Q2))
                    .col(boolean(RiskScreens::Q3))
                    .col(boolean(RiskScreens::Q4))
                    .col(boolean_null(RiskScreens::Q5))
                    .col(string(RiskScreens::Outcome))
                    .col(timestamp_with_time_zone(RiskScreens::RecordedAt))
                    .col(timestamp_with_time_zone(RiskScreens::CreatedAt))
                    .col(big_integer(RiskScreens::ChangeSeq))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RiskScreens::Table, RiskScreens::ClientId)
                            .to(Clients::Table, Clients::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_risk_screens_client_recorded")
                    .table(RiskScreens::Table)
                    .col(RiskScreens::ClientId)
                    .col(RiskScreens::RecordedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_risk_screens_client_seq")
                    .table(RiskScreens::Table)
                    .col(RiskScreens::ClientId)
                    .col(RiskScreens::ChangeSeq)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RiskScreens::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_safety_alerts_episode")
                    .table(SafetyAlerts::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            Episode::RelationshipId,
            Episode::ExerciseLogId,
            Episode::RiskScreenId,
            Episode::Urgency,
            Episode::EpisodeId,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(SafetyAlerts::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
#[expect(
    clippy::enum_variant_names,
    reason = "the new columns of safety_alerts, named as stored"
)]
enum Episode {
    EpisodeId,
    Urgency,
    RiskScreenId,
    ExerciseLogId,
    RelationshipId,
}

#[derive(DeriveIden)]
enum RiskScreens {
    Table,
    Id,
    ClientId,
    CheckinId,
    Instrument,
    Q1,
    Q2,
    Q3,
    Q4,
    Q5,
    Outcome,
    RecordedAt,
    CreatedAt,
    ChangeSeq,
}
