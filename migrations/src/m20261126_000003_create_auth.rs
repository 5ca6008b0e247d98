//! Sign-ins of every role: sessions and their hashed access and refresh tokens.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261126_000001_create_therapists::Therapists;
use crate::m20261126_000002_create_clients::Clients;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuthSessions::Table)
                    .col(pk_uuid(AuthSessions::Id))
                    .col(string(AuthSessions::Role))
                    .col(uuid_null(AuthSessions::TherapistId))
                    .col(uuid_null(AuthSessions::ClientId))
                    .col(string_null(AuthSessions::DeviceLabel))
                    .col(timestamp_with_time_zone(AuthSessions::CreatedAt))
                    .col(timestamp_with_time_zone_null(AuthSessions::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AuthSessions::Table, AuthSessions::ClientId)
                            .to(Clients::Table, Clients::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(AuthSessions::Table, AuthSessions::TherapistId)
                            .to(Therapists::Table, Therapists::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_auth_sessions_therapist")
                    .table(AuthSessions::Table)
                    .col(AuthSessions::TherapistId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_auth_sessions_client")
                    .table(AuthSessions::Table)
                    .col(AuthSessions::ClientId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuthTokens::Table)
                    .col(string(AuthTokens::TokenHash).primary_key())
                    .col(uuid(AuthTokens::SessionId))
                    .col(string(AuthTokens::Kind))
                    .col(timestamp_with_time_zone(AuthTokens::CreatedAt))
                    .col(timestamp_with_time_zone(AuthTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(AuthTokens::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AuthTokens::Table, AuthTokens::SessionId)
                            .to(AuthSessions::Table, AuthSessions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_auth_tokens_session")
                    .table(AuthTokens::Table)
                    .col(AuthTokens::SessionId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuthTokens::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(AuthSessions::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum AuthSessions {
    Table,
    Id,
    Role,
    TherapistId,
    ClientId,
    DeviceLabel,
    CreatedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum AuthTokens {
    Table,
    TokenHash,
    SessionId,
    Kind,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}
