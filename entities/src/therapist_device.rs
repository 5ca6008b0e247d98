//! A therapist's phone registered for safety-alert pushes through FCM.

use crate::{SessionId, TherapistDeviceId, TherapistId};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "therapist_devices")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: TherapistDeviceId,
    pub therapist_id: TherapistId,
    /// The sign-in that registered it.
    pub session_id: Option<SessionId>,
    /// The FCM registration token; never returned by the API and never logged.
    #[sea_orm(unique)]
    pub fcm_token: String,
    pub platform: crate::device::DevicePlatform,
    pub created_at: DateTimeUtc,
    pub last_seen_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
