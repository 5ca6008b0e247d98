//! Clinician accounts: e-mail verification and password reset. A therapist whose address is
//! not yet verified carries `email_unverified_since`; every other account (all accounts made
//! before this migration, and all made while the server does not require verification) has it
//! empty and counts as verified. `account_tokens` holds the single-use links of password-reset
//! and verification e-mails, as SHA-256 hashes only.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261126_000001_create_therapists::Therapists;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Therapists::Table)
                    .add_column(timestamp_with_time_zone_null(
                        TherapistVerification::EmailUnverifiedSince,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AccountTokens::Table)
                    .col(string(AccountTokens::TokenHash).primary_key())
                    .col(uuid(AccountTokens::TherapistId))
                    .col(string(AccountTokens::Purpose))
                    .col(timestamp_with_time_zone(AccountTokens::CreatedAt))
                    .col(timestamp_with_time_zone(AccountTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(AccountTokens::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AccountTokens::Table, AccountTokens::TherapistId)
                            .to(Therapists::Table, Therapists::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_account_tokens_therapist")
                    .table(AccountTokens::Table)
                    .col(AccountTokens::TherapistId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AccountTokens::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Therapists::Table)
                    .drop_column(TherapistVerification::EmailUnverifiedSince)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum TherapistVerification {
    EmailUnverifiedSince,
}

#[derive(DeriveIden)]
enum AccountTokens {
    Table,
    TokenHash,
    TherapistId,
    Purpose,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}
