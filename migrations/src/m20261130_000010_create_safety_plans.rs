//! The Stanley–Brown safety plan: one row per client, its seven parts as JSON text, versioned
//! (the `ETag` of the API), part of the sync feed, and erased with the client.

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
                    .table(SafetyPlans::Table)
                    .col(uuid(SafetyPlans::ClientId).primary_key())
                    .col(text(SafetyPlans::Plan))
                    .col(integer(SafetyPlans::Version))
                    .col(timestamp_with_time_zone(SafetyPlans::UpdatedAt))
                    .col(string(SafetyPlans::UpdatedByRole))
                    .col(uuid(SafetyPlans::UpdatedBy))
                    .col(big_integer(SafetyPlans::ChangeSeq))
                    .check(Expr::col(SafetyPlans::Version).gte(1))
                    .check(Expr::col(SafetyPlans::UpdatedByRole).is_in(["therapist", "client"]))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SafetyPlans::Table, SafetyPlans::ClientId)
                            .to(Clients::Table, Clients::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SafetyPlans::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SafetyPlans {
    Table,
    ClientId,
    Plan,
    Version,
    UpdatedAt,
    UpdatedByRole,
    UpdatedBy,
    ChangeSeq,
}
