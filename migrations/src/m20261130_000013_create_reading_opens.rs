//! Which psychoeducation readings each client has opened (the readings themselves are a file,
//! not rows).

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
                    .table(ReadingOpens::Table)
                    .col(uuid(ReadingOpens::ClientId))
                    .col(string(ReadingOpens::ReadingKey))
                    .col(timestamp_with_time_zone(ReadingOpens::OpenedAt))
                    .col(big_integer(ReadingOpens::ChangeSeq))
                    .primary_key(
                        Index::create()
                            .col(ReadingOpens::ClientId)
                            .col(ReadingOpens::ReadingKey),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ReadingOpens::Table, ReadingOpens::ClientId)
                            .to(Clients::Table, Clients::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ReadingOpens::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ReadingOpens {
    Table,
    ClientId,
    ReadingKey,
    OpenedAt,
    ChangeSeq,
}
