//! Every attempt to send a safety-alert notification, with its outcome.

use crate::AlertDeliveryId;
use sea_orm::entity::prelude::*;

/// How one attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum AttemptOutcome {
    /// Accepted by the mail server, webhook receiver or FCM.
    #[sea_orm(string_value = "sent")]
    Sent,
    /// Failed for now; tried again later.
    #[sea_orm(string_value = "retrying")]
    Retrying,
    /// Failed for good.
    #[sea_orm(string_value = "failed")]
    Failed,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "alert_delivery_attempts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub delivery_id: AlertDeliveryId,
    /// 1 for the first attempt.
    pub attempt: i32,
    pub attempted_at: DateTimeUtc,
    pub outcome: AttemptOutcome,
    /// A status code or reason; never personal data.
    pub detail: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
