//! The danger question of an exercise log.
//!
//! Role-play, "I" statements and the dispute exercise ask before they start whether speaking
//! up could put the client in danger. `exercise_logs` gains the answer (`yes`, `no`, `unsure`;
//! null for exercises without the question and for older logs) and the person of the
//! inventory it is about. No foreign key on the person: SQLite cannot add one to an existing
//! table, and a person removed from the inventory stays named, as check-ins keep theirs.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        for column in [
            ColumnDef::new(ExerciseLogs::SafetyCheck)
                .string()
                .null()
                .to_owned(),
            ColumnDef::new(ExerciseLogs::RelationshipId)
                .uuid()
                .null()
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ExerciseLogs::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [ExerciseLogs::RelationshipId, ExerciseLogs::SafetyCheck] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ExerciseLogs::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum ExerciseLogs {
    Table,
    SafetyCheck,
    RelationshipId,
}
