//! A client's phone (or browser) registered for push notifications through FCM.

use crate::{ClientId, DeviceId, SessionId};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "devices")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: DeviceId,
    pub client_id: ClientId,
    /// The sign-in that registered it: signing out there removes the device.
    pub session_id: Option<SessionId>,
    /// The FCM registration token; unique. Needed in clear to address pushes; never returned
    /// by the API and never logged.
    #[sea_orm(unique)]
    pub fcm_token: String,
    /// `android`, `ios` or `web`.
    pub platform: String,
    pub created_at: DateTimeUtc,
    /// Last registration (apps re-register their token at every start).
    pub last_seen_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
