//! The database's sync epoch: one random value, made with the database, that every sync cursor
//! carries. A restore (or `ipt-server rotate-sync-epoch`) replaces it, so that a phone holding a
//! cursor from the history before the restore is told to sync from zero instead of silently missing
//! every change numbered again after it.
//!
//! The value is drawn here, in SQL, rather than by the server at its first start: the epoch
//! exists the moment the schema does, no start-up path can find it missing, and replicas
//! starting together cannot race to fill it (migrations run under one advisory lock on
//! PostgreSQL). Both sources are the databases' strong random generators: SQLite's
//! `randomblob` and PostgreSQL's `gen_random_uuid` (core since PostgreSQL 13).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SyncEpoch::Table)
                    // One row: the key can only be 1.
                    .col(
                        integer(SyncEpoch::Id)
                            .primary_key()
                            .check(Expr::col(SyncEpoch::Id).eq(1)),
                    )
                    .col(string(SyncEpoch::Epoch))
                    .to_owned(),
            )
            .await?;
        let random = match manager.get_database_backend() {
            sea_orm::DbBackend::Postgres => "replace(gen_random_uuid()::text, '-', '')",
            _ => "lower(hex(randomblob(16)))",
        };
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "INSERT INTO sync_epoch (id, epoch) VALUES (1, {random})"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SyncEpoch::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SyncEpoch {
    Table,
    Id,
    Epoch,
}
