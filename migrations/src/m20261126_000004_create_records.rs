//! The client's self-help records: interpersonal inventory, check-ins, exercise logs, homework,
//! and the safety alerts check-ins raise. Every record carries the client's `change_seq` at its
//! last write, indexed per client, which is what the sync feed pages by.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261126_000001_create_therapists::Therapists;
use crate::m20261126_000002_create_clients::Clients;

#[derive(DeriveMigrationName)]
pub struct Migration;

async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden + 'static,
    cols: Vec<DynIden>,
    unique: bool,
) -> Result<(), DbErr> {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for col in cols {
        stmt.col(col);
    }
    if unique {
        stmt.unique();
    }
    manager.create_index(stmt.to_owned()).await
}

fn client_fk(from: impl IntoIden + 'static + Copy) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from, Alias::new("client_id"))
        .to(Clients::Table, Clients::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Relationships::Table)
                    .col(pk_uuid(Relationships::Id))
                    .col(uuid(Relationships::ClientId))
                    .col(string(Relationships::Label))
                    .col(string_null(Relationships::Role))
                    .col(integer(Relationships::Closeness))
                    .col(text_null(Relationships::Note))
                    .col(text_null(Relationships::Satisfying))
                    .col(text_null(Relationships::Unsatisfying))
                    .col(text_null(Relationships::Expectations))
                    .col(timestamp_with_time_zone(Relationships::CreatedAt))
                    .col(timestamp_with_time_zone(Relationships::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Relationships::DeletedAt))
                    .col(big_integer(Relationships::ChangeSeq))
                    .foreign_key(&mut client_fk(Relationships::Table))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_relationships_client_seq",
            Relationships::Table,
            vec![
                Relationships::ClientId.into_iden(),
                Relationships::ChangeSeq.into_iden(),
            ],
            true,
        )
        .await?;
        index(
            manager,
            "idx_relationships_client_id",
            Relationships::Table,
            vec![
                Relationships::ClientId.into_iden(),
                Relationships::Id.into_iden(),
            ],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Checkins::Table)
                    .col(pk_uuid(Checkins::Id))
                    .col(uuid(Checkins::ClientId))
                    .col(timestamp_with_time_zone(Checkins::RecordedAt))
                    .col(integer(Checkins::Mood))
                    .col(text_null(Checkins::Note))
                    .col(uuid_null(Checkins::RelationshipId))
                    .col(string_null(Checkins::Phq9))
                    .col(integer_null(Checkins::Phq9Total))
                    .col(string_null(Checkins::Gad7))
                    .col(integer_null(Checkins::Gad7Total))
                    .col(boolean(Checkins::RiskFlag))
                    .col(timestamp_with_time_zone(Checkins::CreatedAt))
                    .col(big_integer(Checkins::ChangeSeq))
                    .foreign_key(&mut client_fk(Checkins::Table))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Checkins::Table, Checkins::RelationshipId)
                            .to(Relationships::Table, Relationships::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // The list pages newest first by (recorded_at, id) within a client.
        index(
            manager,
            "idx_checkins_client_recorded",
            Checkins::Table,
            vec![
                Checkins::ClientId.into_iden(),
                Checkins::RecordedAt.into_iden(),
                Checkins::Id.into_iden(),
            ],
            false,
        )
        .await?;
        // The dashboard reads each client's PHQ-9 history: a partial index holds only those rows.
        manager
            .create_index(
                Index::create()
                    .name("idx_checkins_client_phq9")
                    .table(Checkins::Table)
                    .col(Checkins::ClientId)
                    .col(Checkins::RecordedAt)
                    .and_where(Expr::col(Checkins::Phq9Total).is_not_null())
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_checkins_client_seq",
            Checkins::Table,
            vec![
                Checkins::ClientId.into_iden(),
                Checkins::ChangeSeq.into_iden(),
            ],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ExerciseLogs::Table)
                    .col(pk_uuid(ExerciseLogs::Id))
                    .col(uuid(ExerciseLogs::ClientId))
                    .col(string(ExerciseLogs::ExerciseKey))
                    .col(timestamp_with_time_zone(ExerciseLogs::PracticedAt))
                    .col(integer_null(ExerciseLogs::Difficulty))
                    .col(integer_null(ExerciseLogs::Outcome))
                    .col(text_null(ExerciseLogs::Note))
                    .col(text_null(ExerciseLogs::Responses))
                    .col(timestamp_with_time_zone(ExerciseLogs::CreatedAt))
                    .col(big_integer(ExerciseLogs::ChangeSeq))
                    .foreign_key(&mut client_fk(ExerciseLogs::Table))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_exercise_logs_client_practiced",
            ExerciseLogs::Table,
            vec![
                ExerciseLogs::ClientId.into_iden(),
                ExerciseLogs::PracticedAt.into_iden(),
                ExerciseLogs::Id.into_iden(),
            ],
            false,
        )
        .await?;
        index(
            manager,
            "idx_exercise_logs_client_seq",
            ExerciseLogs::Table,
            vec![
                ExerciseLogs::ClientId.into_iden(),
                ExerciseLogs::ChangeSeq.into_iden(),
            ],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Homework::Table)
                    .col(pk_uuid(Homework::Id))
                    .col(uuid(Homework::ClientId))
                    .col(uuid(Homework::TherapistId))
                    .col(string(Homework::Title))
                    .col(text_null(Homework::Instructions))
                    .col(timestamp_with_time_zone_null(Homework::DueAt))
                    .col(string_null(Homework::ProblemArea))
                    .col(string_null(Homework::ExerciseKey))
                    .col(string(Homework::Status))
                    .col(timestamp_with_time_zone_null(Homework::CompletedAt))
                    .col(text_null(Homework::Reflection))
                    .col(integer_null(Homework::Helpfulness))
                    .col(timestamp_with_time_zone(Homework::CreatedAt))
                    .col(timestamp_with_time_zone(Homework::UpdatedAt))
                    .col(big_integer(Homework::ChangeSeq))
                    .foreign_key(&mut client_fk(Homework::Table))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Homework::Table, Homework::TherapistId)
                            .to(Therapists::Table, Therapists::Id),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_homework_client_id",
            Homework::Table,
            vec![Homework::ClientId.into_iden(), Homework::Id.into_iden()],
            false,
        )
        .await?;
        index(
            manager,
            "idx_homework_client_seq",
            Homework::Table,
            vec![
                Homework::ClientId.into_iden(),
                Homework::ChangeSeq.into_iden(),
            ],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(SafetyAlerts::Table)
                    .col(pk_uuid(SafetyAlerts::Id))
                    .col(uuid(SafetyAlerts::ClientId))
                    .col(uuid(SafetyAlerts::TherapistId))
                    .col(uuid(SafetyAlerts::CheckinId))
                    .col(string(SafetyAlerts::Kind))
                    .col(timestamp_with_time_zone(SafetyAlerts::CreatedAt))
                    .col(timestamp_with_time_zone_null(SafetyAlerts::AcknowledgedAt))
                    .col(uuid_null(SafetyAlerts::AcknowledgedBy))
                    .foreign_key(&mut client_fk(SafetyAlerts::Table))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SafetyAlerts::Table, SafetyAlerts::CheckinId)
                            .to(Checkins::Table, Checkins::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(SafetyAlerts::Table, SafetyAlerts::TherapistId)
                            .to(Therapists::Table, Therapists::Id),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_safety_alerts_therapist",
            SafetyAlerts::Table,
            vec![
                SafetyAlerts::TherapistId.into_iden(),
                SafetyAlerts::Id.into_iden(),
            ],
            false,
        )
        .await?;
        index(
            manager,
            "idx_safety_alerts_client",
            SafetyAlerts::Table,
            vec![SafetyAlerts::ClientId.into_iden()],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SafetyAlerts::Table.into_iden(),
            Homework::Table.into_iden(),
            ExerciseLogs::Table.into_iden(),
            Checkins::Table.into_iden(),
            Relationships::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Relationships {
    Table,
    Id,
    ClientId,
    Label,
    Role,
    Closeness,
    Note,
    Satisfying,
    Unsatisfying,
    Expectations,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
    ChangeSeq,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Checkins {
    Table,
    Id,
    ClientId,
    RecordedAt,
    Mood,
    Note,
    RelationshipId,
    Phq9,
    Phq9Total,
    Gad7,
    Gad7Total,
    RiskFlag,
    CreatedAt,
    ChangeSeq,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum ExerciseLogs {
    Table,
    Id,
    ClientId,
    ExerciseKey,
    PracticedAt,
    Difficulty,
    Outcome,
    Note,
    Responses,
    CreatedAt,
    ChangeSeq,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Homework {
    Table,
    Id,
    ClientId,
    TherapistId,
    Title,
    Instructions,
    DueAt,
    ProblemArea,
    ExerciseKey,
    Status,
    CompletedAt,
    Reflection,
    Helpfulness,
    CreatedAt,
    UpdatedAt,
    ChangeSeq,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum SafetyAlerts {
    Table,
    Id,
    ClientId,
    TherapistId,
    CheckinId,
    Kind,
    CreatedAt,
    AcknowledgedAt,
    AcknowledgedBy,
}
