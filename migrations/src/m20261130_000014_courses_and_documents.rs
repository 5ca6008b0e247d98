//! Courses of treatment, versioned documents of a client (the safety plan, the formulation with
//! its goals, and the relapse-prevention plan) in one table, and the goals' progress ratings per
//! session.
//!
//! A client keeps every course: the acute course it started with, then perhaps maintenance or a
//! second acute course. The course's dates and length move from the client row to `courses`,
//! and the session log is kept per course. Every existing client gets its course 1 from its
//! row, with the client's own id as the course's id, so existing marks keep pointing at it.
//!
//! The safety plan moves here from its own table: the three are one kind of object (replaced
//! whole, one version more at each write, `If-Match`), so they share one store and one service.
//! The first course of every client has the client's own id, so ratings name it as
//! `course_id` before courses have a table of their own.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261126_000002_create_clients::Clients;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, outer: &SchemaManager) -> Result<(), DbErr> {
        // One connection for every step: on SQLite a pooled connection that did not see a
        // table dropped by another may still refuse to rename one to its name.
        let owned = outer.begin().await?;
        let manager = &owned;
        courses_up(manager).await?;
        manager
            .create_table(
                Table::create()
                    .table(ClientDocuments::Table)
                    .col(uuid(ClientDocuments::ClientId))
                    .col(string(ClientDocuments::Kind))
                    .col(text(ClientDocuments::Body))
                    .col(integer(ClientDocuments::Version))
                    .col(timestamp_with_time_zone(ClientDocuments::UpdatedAt))
                    .col(string(ClientDocuments::UpdatedByRole))
                    .col(uuid(ClientDocuments::UpdatedBy))
                    .col(big_integer(ClientDocuments::ChangeSeq))
                    .primary_key(
                        Index::create()
                            .col(ClientDocuments::ClientId)
                            .col(ClientDocuments::Kind),
                    )
                    .check(Expr::col(ClientDocuments::Version).gte(1))
                    .check(Expr::col(ClientDocuments::Kind).is_in([
                        "safety_plan",
                        "formulation",
                        "relapse_plan",
                    ]))
                    .check(Expr::col(ClientDocuments::UpdatedByRole).is_in(["therapist", "client"]))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ClientDocuments::Table, ClientDocuments::ClientId)
                            .to(Clients::Table, Clients::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        let copy = Query::insert()
            .into_table(ClientDocuments::Table)
            .columns([
                ClientDocuments::ClientId,
                ClientDocuments::Kind,
                ClientDocuments::Body,
                ClientDocuments::Version,
                ClientDocuments::UpdatedAt,
                ClientDocuments::UpdatedByRole,
                ClientDocuments::UpdatedBy,
                ClientDocuments::ChangeSeq,
            ])
            .select_from(
                Query::select()
                    .column(SafetyPlans::ClientId)
                    .expr(Expr::val("safety_plan"))
                    .columns([
                        SafetyPlans::Plan,
                        SafetyPlans::Version,
                        SafetyPlans::UpdatedAt,
                        SafetyPlans::UpdatedByRole,
                        SafetyPlans::UpdatedBy,
                        SafetyPlans::ChangeSeq,
                    ])
                    .from(SafetyPlans::Table)
                    .to_owned(),
            )
            .map_err(|e| DbErr::Migration(e.to_string()))?
            .to_owned();
        manager.exec_stmt(copy).await?;
        manager
            .drop_table(Table::drop().table(SafetyPlans::Table).to_owned())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(GoalRatings::Table)
                    .col(uuid(GoalRatings::ClientId))
                    .col(uuid(GoalRatings::CourseId))
                    .col(integer(GoalRatings::SessionNumber))
                    .col(uuid(GoalRatings::GoalId))
                    .col(small_integer(GoalRatings::Rating))
                    .col(timestamp_with_time_zone(GoalRatings::RatedAt))
                    .col(big_integer(GoalRatings::ChangeSeq))
                    .primary_key(
                        Index::create()
                            .col(GoalRatings::CourseId)
                            .col(GoalRatings::SessionNumber)
                            .col(GoalRatings::GoalId),
                    )
                    .check(Expr::col(GoalRatings::Rating).between(0, 10))
                    .check(Expr::col(GoalRatings::SessionNumber).gte(1))
                    .foreign_key(
                        ForeignKey::create()
                            .from(GoalRatings::Table, GoalRatings::ClientId)
                            .to(Clients::Table, Clients::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("goal_ratings_client_seq")
                    .table(GoalRatings::Table)
                    .col(GoalRatings::ClientId)
                    .col(GoalRatings::ChangeSeq)
                    .to_owned(),
            )
            .await?;
        owned.commit().await
    }

    async fn down(&self, outer: &SchemaManager) -> Result<(), DbErr> {
        let owned = outer.begin().await?;
        let manager = &owned;
        courses_down(manager).await?;
        manager
            .drop_table(Table::drop().table(GoalRatings::Table).to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SafetyPlans::Table)
                    .col(uuid(SafetyPlans::ClientId).primary_key())
                    .col(text(SafetyPlans::Plan))
                    .col(integer(SafetyPlans::Version))
                    .col(timestamp_with_time_zone(SafetyPlans::UpdatedAt))
                    .col(string(SafetyPlans::UpdatedByRole))
                    .col(uuid(SafetyPlans::UpdatedBy))
                    .col(big_integer(SafetyPlans::ChangeSeq))
                    .check(Expr::col(SafetyPlans::Version).gte(1))
                    .check(Expr::col(SafetyPlans::UpdatedByRole).is_in(["therapist", "client"]))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SafetyPlans::Table, SafetyPlans::ClientId)
                            .to(Clients::Table, Clients::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // The formulation and the relapse plan have no place in the older schema.
        let back = Query::insert()
            .into_table(SafetyPlans::Table)
            .columns([
                SafetyPlans::ClientId,
                SafetyPlans::Plan,
                SafetyPlans::Version,
                SafetyPlans::UpdatedAt,
                SafetyPlans::UpdatedByRole,
                SafetyPlans::UpdatedBy,
                SafetyPlans::ChangeSeq,
            ])
            .select_from(
                Query::select()
                    .columns([
                        ClientDocuments::ClientId,
                        ClientDocuments::Body,
                        ClientDocuments::Version,
                        ClientDocuments::UpdatedAt,
                        ClientDocuments::UpdatedByRole,
                        ClientDocuments::UpdatedBy,
                        ClientDocuments::ChangeSeq,
                    ])
                    .from(ClientDocuments::Table)
                    .and_where(Expr::col(ClientDocuments::Kind).eq("safety_plan"))
                    .to_owned(),
            )
            .map_err(|e| DbErr::Migration(e.to_string()))?
            .to_owned();
        manager.exec_stmt(back).await?;
        manager
            .drop_table(Table::drop().table(ClientDocuments::Table).to_owned())
            .await?;
        owned.commit().await
    }
}

#[derive(DeriveIden)]
enum ClientDocuments {
    Table,
    ClientId,
    Kind,
    Body,
    Version,
    UpdatedAt,
    UpdatedByRole,
    UpdatedBy,
    ChangeSeq,
}

#[derive(DeriveIden)]
enum SafetyPlans {
    Table,
    ClientId,
    Plan,
    Version,
    UpdatedAt,
    UpdatedByRole,
    UpdatedBy,
    ChangeSeq,
}

#[derive(DeriveIden)]
enum GoalRatings {
    Table,
    ClientId,
    CourseId,
    SessionNumber,
    GoalId,
    Rating,
    RatedAt,
    ChangeSeq,
}

/// The session log's table as of `key`: keyed by client (before) or by course (after).
fn session_marks_table(name: SessionMarks, by_course: bool) -> TableCreateStatement {
    let mut table = Table::create();
    table.table(name);
    if by_course {
        table.col(uuid(SessionMarks::CourseId));
    }
    table
        .col(uuid(SessionMarks::ClientId))
        .col(integer(SessionMarks::Number))
        .col(string(SessionMarks::Status))
        .col(timestamp_with_time_zone_null(SessionMarks::HeldAt))
        .col(timestamp_with_time_zone_null(SessionMarks::MovedTo))
        .col(date_null(SessionMarks::MovedToDate))
        .col(uuid(SessionMarks::MarkedBy))
        .col(timestamp_with_time_zone(SessionMarks::UpdatedAt))
        .col(big_integer(SessionMarks::ChangeSeq))
        .check(Expr::col(SessionMarks::Number).gte(1))
        .check(Expr::col(SessionMarks::Status).is_in(["planned", "held", "cancelled", "no_show"]))
        .foreign_key(
            ForeignKey::create()
                .from(name, SessionMarks::ClientId)
                .to(Clients::Table, Clients::Id)
                .on_delete(ForeignKeyAction::Cascade),
        );
    if by_course {
        table
            .primary_key(
                Index::create()
                    .col(SessionMarks::CourseId)
                    .col(SessionMarks::Number),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(name, SessionMarks::CourseId)
                    .to(Courses::Table, Courses::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            );
    } else {
        table.primary_key(
            Index::create()
                .col(SessionMarks::ClientId)
                .col(SessionMarks::Number),
        );
    }
    table.to_owned()
}

const MARK_COLUMNS: [SessionMarks; 9] = [
    SessionMarks::ClientId,
    SessionMarks::Number,
    SessionMarks::Status,
    SessionMarks::HeldAt,
    SessionMarks::MovedTo,
    SessionMarks::MovedToDate,
    SessionMarks::MarkedBy,
    SessionMarks::UpdatedAt,
    SessionMarks::ChangeSeq,
];

/// Copies the marks of `from` into `to`; with `course`, each mark names course 1 (whose id is
/// the client's).
async fn copy_marks(
    manager: &SchemaManager<'_>,
    from: SessionMarks,
    to: SessionMarks,
    course: bool,
) -> Result<(), DbErr> {
    let mut select = Query::select();
    if course {
        select.column(SessionMarks::ClientId);
    }
    select.columns(MARK_COLUMNS).from(from);
    let mut columns: Vec<SessionMarks> = Vec::new();
    if course {
        columns.push(SessionMarks::CourseId);
    }
    columns.extend(MARK_COLUMNS);
    let copy = Query::insert()
        .into_table(to)
        .columns(columns)
        .select_from(select.to_owned())
        .map_err(|e| DbErr::Migration(e.to_string()))?
        .to_owned();
    manager.exec_stmt(copy).await
}

async fn courses_up(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Courses::Table)
                .col(pk_uuid(Courses::Id))
                .col(uuid(Courses::ClientId))
                .col(integer(Courses::Number))
                .col(string(Courses::Kind))
                .col(date(Courses::StartDate))
                .col(integer(Courses::PlannedSessions))
                .col(integer(Courses::IntervalWeeks))
                .col(timestamp_with_time_zone_null(Courses::EndedAt))
                .col(date_null(Courses::EndedOn))
                .col(integer_null(Courses::EndedAfterSlot))
                .col(timestamp_with_time_zone(Courses::CreatedAt))
                .col(big_integer(Courses::ChangeSeq))
                .check(Expr::col(Courses::Number).gte(1))
                .check(Expr::col(Courses::Kind).is_in(["acute", "maintenance"]))
                .check(Expr::col(Courses::PlannedSessions).between(1, 24))
                .check(Expr::col(Courses::IntervalWeeks).between(1, 12))
                .foreign_key(
                    ForeignKey::create()
                        .from(Courses::Table, Courses::ClientId)
                        .to(Clients::Table, Clients::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name("idx_courses_client_number")
                .table(Courses::Table)
                .col(Courses::ClientId)
                .col(Courses::Number)
                .unique()
                .to_owned(),
        )
        .await?;
    let backfill = Query::insert()
        .into_table(Courses::Table)
        .columns([
            Courses::Id,
            Courses::ClientId,
            Courses::Number,
            Courses::Kind,
            Courses::StartDate,
            Courses::PlannedSessions,
            Courses::IntervalWeeks,
            Courses::CreatedAt,
            Courses::ChangeSeq,
        ])
        .select_from(
            Query::select()
                .columns([Clients::Id, Clients::Id])
                .expr(Expr::val(1))
                .expr(Expr::val("acute"))
                .columns([Clients::TreatmentStartDate, Clients::PlannedSessions])
                .expr(Expr::val(1))
                .columns([Clients::CreatedAt, Clients::ChangeSeq])
                .from(Clients::Table)
                .to_owned(),
        )
        .map_err(|e| DbErr::Migration(e.to_string()))?
        .to_owned();
    manager.exec_stmt(backfill).await?;

    // The marks move to a table keyed by course (a primary key cannot be altered in SQLite).
    manager
        .create_table(session_marks_table(SessionMarks::NewTable, true))
        .await?;
    copy_marks(manager, SessionMarks::Table, SessionMarks::NewTable, true).await?;
    manager
        .drop_table(Table::drop().table(SessionMarks::Table).to_owned())
        .await?;
    manager
        .rename_table(
            Table::rename()
                .table(SessionMarks::NewTable, SessionMarks::Table)
                .to_owned(),
        )
        .await?;

    for column in [Clients::TreatmentStartDate, Clients::PlannedSessions] {
        manager
            .alter_table(
                Table::alter()
                    .table(Clients::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
    }
    // The measures a client is asked for, and the baseline the therapist chose (SQLite adds
    // one column per statement).
    manager
        .alter_table(
            Table::alter()
                .table(Clients::Table)
                .add_column(boolean(Alias::new("gad7_enabled")).default(false))
                .to_owned(),
        )
        .await?;
    manager
        .alter_table(
            Table::alter()
                .table(Clients::Table)
                .add_column(uuid_null(Alias::new("baseline_checkin_id")))
                .to_owned(),
        )
        .await?;
    Ok(())
}

async fn courses_down(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    for column in [
        Alias::new("gad7_enabled").into_iden(),
        Alias::new("baseline_checkin_id").into_iden(),
    ] {
        manager
            .alter_table(
                Table::alter()
                    .table(Clients::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
    }
    // The client row gets its latest course's dates back; earlier courses and their marks go.
    manager
        .alter_table(
            Table::alter()
                .table(Clients::Table)
                .add_column(date(Clients::TreatmentStartDate).default("2000-01-01"))
                .to_owned(),
        )
        .await?;
    manager
        .alter_table(
            Table::alter()
                .table(Clients::Table)
                .add_column(integer(Clients::PlannedSessions).default(12))
                .to_owned(),
        )
        .await?;
    let latest = |column: Courses| {
        SimpleExpr::SubQuery(
            None,
            Box::new(
                Query::select()
                    .column(column)
                    .from(Courses::Table)
                    .and_where(
                        Expr::col((Courses::Table, Courses::ClientId))
                            .equals((Clients::Table, Clients::Id)),
                    )
                    .order_by(Courses::Number, Order::Desc)
                    .limit(1)
                    .to_owned()
                    .into_sub_query_statement(),
            ),
        )
    };
    manager
        .exec_stmt(
            Query::update()
                .table(Clients::Table)
                .value(Clients::TreatmentStartDate, latest(Courses::StartDate))
                .value(Clients::PlannedSessions, latest(Courses::PlannedSessions))
                .to_owned(),
        )
        .await?;
    manager
        .create_table(session_marks_table(SessionMarks::OldTable, false))
        .await?;
    let latest_course = Query::select()
        .column(Courses::Id)
        .from(Courses::Table)
        .and_where(
            Expr::col((Courses::Table, Courses::ClientId))
                .equals((SessionMarks::Table, SessionMarks::ClientId)),
        )
        .order_by(Courses::Number, Order::Desc)
        .limit(1)
        .to_owned();
    let copy = Query::insert()
        .into_table(SessionMarks::OldTable)
        .columns(MARK_COLUMNS)
        .select_from(
            Query::select()
                .columns(MARK_COLUMNS)
                .from(SessionMarks::Table)
                .and_where(Expr::col(SessionMarks::CourseId).in_subquery(latest_course))
                .to_owned(),
        )
        .map_err(|e| DbErr::Migration(e.to_string()))?
        .to_owned();
    manager.exec_stmt(copy).await?;
    manager
        .drop_table(Table::drop().table(SessionMarks::Table).to_owned())
        .await?;
    manager
        .rename_table(
            Table::rename()
                .table(SessionMarks::OldTable, SessionMarks::Table)
                .to_owned(),
        )
        .await?;
    manager
        .drop_table(Table::drop().table(Courses::Table).to_owned())
        .await
}

#[derive(DeriveIden, Clone, Copy)]
enum SessionMarks {
    Table,
    #[sea_orm(iden = "session_marks_by_course")]
    NewTable,
    #[sea_orm(iden = "session_marks_by_client")]
    OldTable,
    CourseId,
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

#[derive(DeriveIden, Clone, Copy)]
enum Courses {
    Table,
    Id,
    ClientId,
    Number,
    Kind,
    StartDate,
    PlannedSessions,
    IntervalWeeks,
    EndedAt,
    EndedOn,
    EndedAfterSlot,
    CreatedAt,
    ChangeSeq,
}
