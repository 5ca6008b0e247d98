//! A sign-in whose password was right, waiting for its second factor: the `mfa_token` handed
//! out (stored as a hash only), short-lived and single use.

use crate::TherapistId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mfa_challenges")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_hash: String,
    pub therapist_id: TherapistId,
    /// Started on the web form (finishes with a cookie) rather than the API (tokens).
    pub for_web: bool,
    /// Wrong codes given for it; after a few it stops working.
    pub failures: i32,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
