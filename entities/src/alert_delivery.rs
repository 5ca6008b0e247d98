//! The safety-alert notification outbox: one row per alert, event and channel, claimed under
//! an expiring lease like the reminder outbox.

use crate::{AlertDeliveryId, AlertId};
use sea_orm::entity::prelude::*;

/// What a notification tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum DeliveryEvent {
    /// A new alert, to its therapist.
    #[sea_orm(string_value = "created")]
    Created,
    /// Unacknowledged in time, to on-call.
    #[sea_orm(string_value = "escalated")]
    Escalated,
    /// Acknowledged (webhook only, so that paging can stand down).
    #[sea_orm(string_value = "acknowledged")]
    Acknowledged,
}

/// How it is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum DeliveryChannel {
    #[sea_orm(string_value = "email")]
    Email,
    #[sea_orm(string_value = "webhook")]
    Webhook,
    /// To the therapist's own registered phones.
    #[sea_orm(string_value = "push")]
    Push,
}

/// Where a notification stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum DeliveryStatus {
    #[sea_orm(string_value = "pending")]
    Pending,
    /// An attempt failed; another follows at `next_attempt_at`.
    #[sea_orm(string_value = "retrying")]
    Retrying,
    #[sea_orm(string_value = "sent")]
    Sent,
    /// Given up (a permanent refusal, no recipient, or retries exhausted).
    #[sea_orm(string_value = "failed")]
    Failed,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "alert_deliveries")]
pub struct Model {
    /// Also the e-mail's Message-ID and the webhook-id, the same on every attempt.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: AlertDeliveryId,
    pub alert_id: AlertId,
    pub event: DeliveryEvent,
    pub channel: DeliveryChannel,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub lease_owner: Option<String>,
    pub lease_expires_at: Option<DateTimeUtc>,
    /// An SMTP or HTTP status, or a reason (`no_recipient`); never personal data.
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
