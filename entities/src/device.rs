//! A client's phone (or browser) registered for push notifications through FCM.

use crate::{ClientId, DeviceId, SessionId};
use sea_orm::entity::prelude::*;

/// What kind of app a device runs (client and therapist devices alike).
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum DevicePlatform {
    #[sea_orm(string_value = "android")]
    Android,
    #[sea_orm(string_value = "ios")]
    Ios,
    #[sea_orm(string_value = "web")]
    Web,
}

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
    pub platform: DevicePlatform,
    pub created_at: DateTimeUtc,
    /// Last registration (apps re-register their token at every start).
    pub last_seen_at: DateTimeUtc,
    /// The phone's language as a BCP 47 tag (`de-AT`); its push texts follow it.
    pub locale: Option<String>,
    /// The phone's IANA zone as it reported it.
    pub timezone: Option<String>,
    /// The app's version as it reported it.
    pub app_version: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
