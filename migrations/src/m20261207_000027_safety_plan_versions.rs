//! Every version of a client's documents stays readable.
//!
//! `client_documents` holds the current version of each document and is replaced whole at
//! each write; until now a write lost the version before it (a therapist's empty plan wiped
//! the client's first one for good). `client_document_versions` keeps each version as it was
//! written, in the same transaction as the write. It starts with the current rows, the only
//! versions still known. It cascades from the client row, so erasure removes it with the rest.

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
                    .table(ClientDocumentVersions::Table)
                    .col(uuid(ClientDocumentVersions::ClientId))
                    .col(string(ClientDocumentVersions::Kind))
                    .col(integer(ClientDocumentVersions::Version))
                    .col(text(ClientDocumentVersions::Body))
                    .col(timestamp_with_time_zone(ClientDocumentVersions::UpdatedAt))
                    .col(string(ClientDocumentVersions::UpdatedByRole))
                    .col(uuid(ClientDocumentVersions::UpdatedBy))
                    .col(big_integer(ClientDocumentVersions::ChangeSeq))
                    .primary_key(
                        Index::create()
                            .col(ClientDocumentVersions::ClientId)
                            .col(ClientDocumentVersions::Kind)
                            .col(ClientDocumentVersions::Version),
                    )
                    .check(Expr::col(ClientDocumentVersions::Version).gte(1))
                    .check(Expr::col(ClientDocumentVersions::Kind).is_in([
                        "safety_plan",
                        "formulation",
                        "relapse_plan",
                    ]))
                    .check(
                        Expr::col(ClientDocumentVersions::UpdatedByRole)
                            .is_in(["therapist", "client"]),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                ClientDocumentVersions::Table,
                                ClientDocumentVersions::ClientId,
                            )
                            .to(Clients::Table, Clients::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        let columns = [
            ClientDocuments::ClientId,
            ClientDocuments::Kind,
            ClientDocuments::Version,
            ClientDocuments::Body,
            ClientDocuments::UpdatedAt,
            ClientDocuments::UpdatedByRole,
            ClientDocuments::UpdatedBy,
            ClientDocuments::ChangeSeq,
        ];
        let copy = Query::insert()
            .into_table(ClientDocumentVersions::Table)
            .columns([
                ClientDocumentVersions::ClientId,
                ClientDocumentVersions::Kind,
                ClientDocumentVersions::Version,
                ClientDocumentVersions::Body,
                ClientDocumentVersions::UpdatedAt,
                ClientDocumentVersions::UpdatedByRole,
                ClientDocumentVersions::UpdatedBy,
                ClientDocumentVersions::ChangeSeq,
            ])
            .select_from(
                Query::select()
                    .columns(columns)
                    .from(ClientDocuments::Table)
                    .to_owned(),
            )
            .map_err(|e| DbErr::Migration(e.to_string()))?
            .to_owned();
        manager.exec_stmt(copy).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(ClientDocumentVersions::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum ClientDocumentVersions {
    Table,
    ClientId,
    Kind,
    Version,
    Body,
    UpdatedAt,
    UpdatedByRole,
    UpdatedBy,
    ChangeSeq,
}

#[derive(DeriveIden)]
enum ClientDocuments {
    Table,
    ClientId,
    Kind,
    Version,
    Body,
    UpdatedAt,
    UpdatedByRole,
    UpdatedBy,
    ChangeSeq,
}
