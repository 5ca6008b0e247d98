//! Failed sign-ins, counted in the database so that every replica sees the same counts: per
//! account and address (and whether that address ever signed in to the account), and the
//! account's consecutive failures from anywhere. Accounts are keyed by a hash of the e-mail
//! given, so that an unknown e-mail is counted like a known one and no e-mail is stored.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SignInFailures::Table)
                    .col(string(SignInFailures::AccountKey))
                    .col(string(SignInFailures::AddressKey))
                    .col(integer(SignInFailures::Failures).default(0))
                    .col(timestamp_with_time_zone_null(SignInFailures::LastFailedAt))
                    .col(timestamp_with_time_zone_null(SignInFailures::SucceededAt))
                    .primary_key(
                        Index::create()
                            .col(SignInFailures::AccountKey)
                            .col(SignInFailures::AddressKey),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SignInAccounts::Table)
                    .col(string(SignInAccounts::AccountKey).primary_key())
                    .col(integer(SignInAccounts::ConsecutiveFailures).default(0))
                    .col(timestamp_with_time_zone_null(SignInAccounts::DelayFrom))
                    .col(timestamp_with_time_zone_null(SignInAccounts::NoticedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SignInAccounts::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(SignInFailures::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SignInFailures {
    Table,
    AccountKey,
    AddressKey,
    Failures,
    LastFailedAt,
    SucceededAt,
}

#[derive(DeriveIden)]
enum SignInAccounts {
    Table,
    AccountKey,
    ConsecutiveFailures,
    DelayFrom,
    NoticedAt,
}
