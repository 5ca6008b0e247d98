//! The relapse watch as a kind of client record (`crate::client_record`): episodes and reviews,
//! the therapist's record (not sent to the phone).

use super::dto::{RelapseEpisodeResponse, RelapseReviewResponse, RelapseWatchResponse};
use crate::client_record::{ClientRecord, ExportContext, Fhir};
use entities::audit_entry::ObjectType;
use sea_orm::{ConnectionTrait, DbErr};

/// Likely-relapse episodes and the therapist's relapse reviews.
pub(crate) struct RelapseWatch;

impl ClientRecord for RelapseWatch {
    const NAME: &'static str = "relapse_watch";
    const TABLES: &'static [&'static str] = &["relapse_episodes", "relapse_reviews"];
    const AUDIT: ObjectType = ObjectType::RelapseReview;
    const FHIR: Fhir<Self::Exported> = Fhir::None(
        "an episode is derived from the PHQ-9 observations the bundle carries, and a review's \
         action has no standard code; both are in the JSON export",
    );
    type Data = ();
    type Exported = RelapseWatchResponse;

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
    ) -> Result<Self::Exported, DbErr> {
        let (episodes, reviews) = super::service::watch_of(db, ctx.id()).await?;
        Ok(RelapseWatchResponse {
            episodes: episodes
                .into_iter()
                .map(RelapseEpisodeResponse::from)
                .collect(),
            reviews: reviews.into_iter().map(RelapseReviewResponse::from).collect(),
        })
    }
}
