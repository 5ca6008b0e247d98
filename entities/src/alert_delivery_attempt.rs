//! Every attempt to send a safety-alert notification, with its outcome.

use crate::AlertDeliveryId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "alert_delivery_attempts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub delivery_id: AlertDeliveryId,
    /// 1 for the first attempt.
    pub attempt: i32,
    pub attempted_at: DateTimeUtc,
    /// `sent`, `retrying` or `failed`.
    pub outcome: String,
    /// A status code or reason; never personal data.
    pub detail: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
