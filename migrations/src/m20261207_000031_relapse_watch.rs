//! Relapse watched after every acute course: `relapse_reviews` holds what a therapist decided
//! after a possible or likely relapse; `relapse_episodes` one row per likely relapse (two PHQ-9
//! totals of 10 or more at least 14 days apart), unique per client and the review it followed,
//! which also carries the e-mail to the therapist under the outboxes' expiring lease.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RelapseReviews::Table)
                    .col(pk_uuid(RelapseReviews::Id))
                    .col(uuid(RelapseReviews::ClientId))
                    .col(uuid(RelapseReviews::TherapistId))
                    .col(uuid_null(RelapseReviews::EpisodeId))
                    .col(string(RelapseReviews::Action))
                    .col(text_null(RelapseReviews::Note))
                    .col(timestamp_with_time_zone(RelapseReviews::RecordedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RelapseReviews::Table, RelapseReviews::ClientId)
                            .to(Clients::Table, Clients::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_relapse_reviews_client_recorded")
                    .table(RelapseReviews::Table)
                    .col(RelapseReviews::ClientId)
                    .col(RelapseReviews::RecordedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RelapseEpisodes::Table)
                    .col(pk_uuid(RelapseEpisodes::Id))
                    .col(uuid(RelapseEpisodes::ClientId))
                    // The review the episode followed (the nil id before the first review):
                    // one episode per client and review, however many writes see it at once.
                    .col(uuid(RelapseEpisodes::AfterReview))
                    .col(uuid(RelapseEpisodes::FirstCheckinId))
                    .col(uuid(RelapseEpisodes::SecondCheckinId))
                    .col(timestamp_with_time_zone(RelapseEpisodes::DetectedAt))
                    .col(uuid_null(RelapseEpisodes::ReviewId))
                    .col(timestamp_with_time_zone_null(RelapseEpisodes::ReviewedAt))
                    .col(string(RelapseEpisodes::NoticeStatus))
                    .col(integer(RelapseEpisodes::Attempts).default(0))
                    .col(timestamp_with_time_zone(RelapseEpisodes::NextAttemptAt))
                    .col(string_null(RelapseEpisodes::LeaseOwner))
                    .col(timestamp_with_time_zone_null(
                        RelapseEpisodes::LeaseExpiresAt,
                    ))
                    .col(string_null(RelapseEpisodes::LastError))
                    .col(timestamp_with_time_zone_null(RelapseEpisodes::SentAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RelapseEpisodes::Table, RelapseEpisodes::ClientId)
                            .to(Clients::Table, Clients::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_relapse_episodes_client_after_review")
                    .table(RelapseEpisodes::Table)
                    .col(RelapseEpisodes::ClientId)
                    .col(RelapseEpisodes::AfterReview)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_relapse_episodes_due")
                    .table(RelapseEpisodes::Table)
                    .col(RelapseEpisodes::NoticeStatus)
                    .col(RelapseEpisodes::NextAttemptAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RelapseEpisodes::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(RelapseReviews::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Clients {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum RelapseReviews {
    Table,
    Id,
    ClientId,
    TherapistId,
    EpisodeId,
    Action,
    Note,
    RecordedAt,
}

#[derive(DeriveIden)]
enum RelapseEpisodes {
    Table,
    Id,
    ClientId,
    AfterReview,
    FirstCheckinId,
    SecondCheckinId,
    DetectedAt,
    ReviewId,
    ReviewedAt,
    NoticeStatus,
    Attempts,
    NextAttemptAt,
    LeaseOwner,
    LeaseExpiresAt,
    LastError,
    SentAt,
}
