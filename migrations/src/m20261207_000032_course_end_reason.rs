//! Why a course ended (`completed`, `client_withdrew`, `dropped_out`, `transferred`, `other`)
//! and the therapist's note, recorded when the therapist ends it. Courses ended before this
//! migration keep `NULL`: the API derives their reason as a v1.1 end is recorded (`completed`
//! when the last planned session was held, marked or presumed, else `other`).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Courses::Table)
                    .add_column(string_null(Courses::EndReason))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Courses::Table)
                    .add_column(text_null(Courses::EndNote))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Courses::Table)
                    .drop_column(Courses::EndNote)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Courses::Table)
                    .drop_column(Courses::EndReason)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Courses {
    Table,
    EndReason,
    EndNote,
}
