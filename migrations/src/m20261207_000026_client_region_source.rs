//! Where a client's crisis region came from: `set` (by the therapist or the client; what
//! confirming means) or `derived` (from the time zone, tzdata's `zone.tab`), null while there is
//! none. A region stored before this migration was written by someone, so it is `set`.
//!
//! Clients without a region get one derived from their zone by the server at start-up
//! (`clients::service::derive_missing_regions`, idempotent): the zone table lives in the
//! server crate, and a derived region must take a change number so that phones sync it.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261126_000002_create_clients::Clients;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Clients::Table)
                    .add_column(string_null(RegionSource))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE clients SET region_source = 'set' WHERE region IS NOT NULL AND region_source IS NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Clients::Table)
                    .drop_column(RegionSource)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
struct RegionSource;
