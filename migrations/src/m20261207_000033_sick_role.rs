//! The initial phase's one item a therapist marks: whether the sick role was discussed (IPT
//! gives the client the sick role in the first sessions). Per course, so that a new acute course
//! asks again; every course before this migration has not recorded it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Courses::Table)
                    .add_column(boolean(Courses::SickRoleDiscussed).default(false))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Courses::Table)
                    .drop_column(Courses::SickRoleDiscussed)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Courses {
    Table,
    SickRoleDiscussed,
}
