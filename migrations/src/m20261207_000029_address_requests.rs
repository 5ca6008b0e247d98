//! Requests per source address and minute at the doors that send e-mail (sign-up, password
//! reset), counted in the database so that replicas share the count. No e-mail is a key: a
//! limit per e-mail would let anybody keep its owner from a reset.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AddressRequests::Table)
                    .col(string(AddressRequests::Door))
                    .col(string(AddressRequests::AddressKey))
                    .col(timestamp_with_time_zone(AddressRequests::WindowStart))
                    .col(integer(AddressRequests::Requests).default(0))
                    .primary_key(
                        Index::create()
                            .col(AddressRequests::Door)
                            .col(AddressRequests::AddressKey),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AddressRequests::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum AddressRequests {
    Table,
    Door,
    AddressKey,
    WindowStart,
    Requests,
}
