//! TOTP second factor for therapists: the enrolment with its secret (sealed with a key derived
//! from the server's token key, never stored in clear), its single-use recovery codes (hashes
//! only), and the short-lived challenges of a sign-in waiting for its second step (hashes only).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TherapistTotp::Table)
                    .col(uuid(TherapistTotp::TherapistId).primary_key())
                    .col(string(TherapistTotp::SealedSecret))
                    .col(timestamp_with_time_zone(TherapistTotp::CreatedAt))
                    .col(timestamp_with_time_zone_null(TherapistTotp::ConfirmedAt))
                    .col(big_integer_null(TherapistTotp::LastStep))
                    .foreign_key(
                        ForeignKey::create()
                            .from(TherapistTotp::Table, TherapistTotp::TherapistId)
                            .to(Therapists::Table, Therapists::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MfaRecoveryCodes::Table)
                    .col(string(MfaRecoveryCodes::CodeHash).primary_key())
                    .col(uuid(MfaRecoveryCodes::TherapistId))
                    .col(timestamp_with_time_zone(MfaRecoveryCodes::CreatedAt))
                    .col(timestamp_with_time_zone_null(MfaRecoveryCodes::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(MfaRecoveryCodes::Table, MfaRecoveryCodes::TherapistId)
                            .to(Therapists::Table, Therapists::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_mfa_recovery_codes_therapist")
                    .table(MfaRecoveryCodes::Table)
                    .col(MfaRecoveryCodes::TherapistId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MfaChallenges::Table)
                    .col(string(MfaChallenges::TokenHash).primary_key())
                    .col(uuid(MfaChallenges::TherapistId))
                    .col(boolean(MfaChallenges::ForWeb))
                    .col(integer(MfaChallenges::Failures).default(0))
                    .col(timestamp_with_time_zone(MfaChallenges::CreatedAt))
                    .col(timestamp_with_time_zone(MfaChallenges::ExpiresAt))
                    .col(timestamp_with_time_zone_null(MfaChallenges::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(MfaChallenges::Table, MfaChallenges::TherapistId)
                            .to(Therapists::Table, Therapists::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(MfaChallenges::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(MfaRecoveryCodes::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(TherapistTotp::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum TherapistTotp {
    Table,
    TherapistId,
    SealedSecret,
    CreatedAt,
    ConfirmedAt,
    LastStep,
}

#[derive(DeriveIden)]
enum MfaRecoveryCodes {
    Table,
    CodeHash,
    TherapistId,
    CreatedAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum MfaChallenges {
    Table,
    TokenHash,
    TherapistId,
    ForWeb,
    Failures,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum Therapists {
    Table,
    Id,
}
