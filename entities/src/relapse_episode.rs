//! A likely relapse: two PHQ-9 totals of 10 or more at least 14 days apart after an acute
//! course ended. One per client and the review it followed (`after_review`, the nil id before
//! the first); it stays open until a review ends it. The row also carries the one e-mail to the
//! therapist, claimed under the outboxes' expiring lease.

use crate::alert_delivery::DeliveryStatus;
use crate::relapse_review::{RelapseEpisodeId, RelapseReviewId};
use crate::{CheckinId, ClientId};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "relapse_episodes")]
pub struct Model {
    /// Also the e-mail's Message-ID, the same on every attempt.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: RelapseEpisodeId,
    pub client_id: ClientId,
    /// The review before it (the nil id when there was none).
    pub after_review: Uuid,
    /// The first total of 10 or more.
    pub first_checkin_id: CheckinId,
    /// The total of 10 or more at least 14 days after the first.
    pub second_checkin_id: CheckinId,
    pub detected_at: DateTimeUtc,
    /// The review that ended it.
    pub review_id: Option<RelapseReviewId>,
    pub reviewed_at: Option<DateTimeUtc>,
    /// The therapist's e-mail: pending, retrying, sent or failed.
    pub notice_status: DeliveryStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub lease_owner: Option<String>,
    pub lease_expires_at: Option<DateTimeUtc>,
    /// An SMTP status or a reason (`no_recipient`); never personal data.
    pub last_error: Option<String>,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
