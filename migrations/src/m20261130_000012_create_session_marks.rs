//! The session log: what the therapist recorded about a session of a client's course (held,
//! cancelled, missed, moved). Sessions nobody marked have no row: their dates come from the
//! course, and a past one counts as held.

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
                    .table(SessionMarks::Table)
                    .col(uuid(SessionMarks::ClientId))
                    .col(integer(SessionMarks::Number))
                    .col(string(SessionMarks::Status))
                    .col(timestamp_with_time_zone_null(SessionMarks::HeldAt))
                    .col(timestamp_with_time_zone_null(SessionMarks::MovedTo))
                    .col(date_null(SessionMarks::MovedToDate))
                    .col(uuid(SessionMarks::MarkedBy))
                    .col(timestamp_with_time_zone(SessionMarks::UpdatedAt))
                    .col(big_integer(SessionMarks::ChangeSeq))
                    .primary_key(
                        Index::create()
                            .col(SessionMarks::ClientId)
                            .col(SessionMarks::Number),
                    )
                    .check(Expr::col(SessionMarks::Number).gte(1))
                    .check(Expr::col(SessionMarks::Status).is_in([
                        "planned",
                        "held",
                        "cancelled",
                        "no_show",
                    ]))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SessionMarks::Table, SessionMarks::ClientId)
                            .to(Clients::Table, Clients::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SessionMarks::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SessionMarks {
    Table,
    ClientId,
    Number,
    Status,
    HeldAt,
    MovedTo,
    MovedToDate,
    MarkedBy,
    UpdatedAt,
    ChangeSeq,
}
