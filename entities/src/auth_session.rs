//! One sign-in of a therapist or a client device.

use crate::{ClientId, SessionId, TherapistId};
use sea_orm::entity::prelude::*;

/// Whose sign-in it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum SessionRole {
    #[sea_orm(string_value = "therapist")]
    Therapist,
    #[sea_orm(string_value = "client")]
    Client,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "auth_sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: SessionId,
    pub role: SessionRole,
    pub therapist_id: Option<TherapistId>,
    pub client_id: Option<ClientId>,
    pub device_label: Option<String>,
    pub created_at: DateTimeUtc,
    /// Logout, or re-use of a rotated refresh token, ends the whole sign-in.
    pub revoked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
