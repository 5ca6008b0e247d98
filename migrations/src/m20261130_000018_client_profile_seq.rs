//! The change number of the client's own record (name, zone, region, session time, practice
//! target, the measures asked for): the sync feed sends the profile when it changed. Existing
//! clients start at their current change number, so a phone's next sync receives it once.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261126_000002_create_clients::Clients;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Clients::Table)
                    .add_column(big_integer(ProfileSeq).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(Clients::Table)
                    .value(ProfileSeq, Expr::col(Clients::ChangeSeq))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Clients::Table)
                    .drop_column(ProfileSeq)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
struct ProfileSeq;
