//! Support and conflict ratings (0–10) for each person of the interpersonal inventory.
//!
//! Both columns are nullable: people entered before this migration were never rated, and a
//! rating the client has not given must not read as 0. The CHECK keeps a value written around
//! the API inside the scale the API promises.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The new columns, in the order `up` adds them (`down` drops them in reverse).
const COLUMNS: [Relationships; 2] = [Relationships::Support, Relationships::Conflict];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE takes a single change at a time.
        for col in COLUMNS {
            manager
                .alter_table(
                    Table::alter()
                        .table(Relationships::Table)
                        .add_column(integer_null(col).check(Expr::col(col).between(0, 10)))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in COLUMNS.into_iter().rev() {
            manager
                .alter_table(
                    Table::alter()
                        .table(Relationships::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Relationships {
    Table,
    Support,
    Conflict,
}
