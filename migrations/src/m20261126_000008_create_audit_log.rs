//! The audit trail: append-only, enforced by the database itself (triggers refuse UPDATE and
//! DELETE), and without a foreign key to clients so that it outlives an erasure.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(pk_uuid(AuditLog::Id))
                    .col(timestamp_with_time_zone(AuditLog::At))
                    .col(uuid_null(AuditLog::ActorId))
                    .col(string(AuditLog::ActorRole))
                    .col(string(AuditLog::Action))
                    .col(string(AuditLog::ObjectType))
                    .col(uuid_null(AuditLog::ObjectId))
                    .col(uuid_null(AuditLog::ClientId))
                    .col(string(AuditLog::Outcome))
                    .col(string_null(AuditLog::Source))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_client")
                    .table(AuditLog::Table)
                    .col(AuditLog::ClientId)
                    .col(AuditLog::Id)
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        match manager.get_database_backend() {
            sea_orm::DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                     BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
                     CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
                     FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();",
                )
                .await?;
            }
            _ => {
                db.execute_unprepared(
                    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                     BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                     BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;",
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditLog::Table).to_owned())
            .await?;
        if manager.get_database_backend() == sea_orm::DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS audit_log_append_only()")
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorId,
    ActorRole,
    Action,
    ObjectType,
    ObjectId,
    ClientId,
    Outcome,
    Source,
}
