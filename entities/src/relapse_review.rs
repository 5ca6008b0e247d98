//! What a therapist decided when a client's PHQ-9 suggested a relapse after treatment ended.
//! Recording one ends the client's open relapse episode.

use crate::{ClientId, TherapistId};
use sea_orm::entity::prelude::*;

crate::ids::typed_id!(
    /// A relapse review.
    RelapseReviewId
);

crate::ids::typed_id!(
    /// A likely-relapse episode.
    RelapseEpisodeId
);

/// What the therapist decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum ReviewAction {
    /// One or a few maintenance (booster) sessions.
    #[sea_orm(string_value = "booster_session")]
    BoosterSession,
    /// Another acute course.
    #[sea_orm(string_value = "new_course")]
    NewCourse,
    /// Referred to another service.
    #[sea_orm(string_value = "referred")]
    Referred,
    /// Watched, nothing else for now.
    #[sea_orm(string_value = "monitor")]
    Monitor,
    #[sea_orm(string_value = "other")]
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "relapse_reviews")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: RelapseReviewId,
    pub client_id: ClientId,
    /// Who recorded it.
    pub therapist_id: TherapistId,
    /// The likely-relapse episode it ended, if one was open.
    pub episode_id: Option<RelapseEpisodeId>,
    pub action: ReviewAction,
    pub note: Option<String>,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
