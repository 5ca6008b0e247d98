//! Client phones as the API shows them.

use super::service::Platform;
use chrono::{DateTime, Utc};
use entities::device;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterDeviceRequest {
    /// The FCM registration token of this app install.
    #[validate(length(min = 1, max = 4096, message = "must be 1 to 4096 characters"))]
    pub fcm_token: String,
    pub platform: Platform,
}

/// A device as the API shows it: never the token itself.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeviceResponse {
    pub id: Uuid,
    pub platform: Platform,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

impl From<&device::Model> for DeviceResponse {
    fn from(row: &device::Model) -> Self {
        Self {
            id: row.id.uuid(),
            platform: row.platform.into(),
            created_at: row.created_at,
            last_seen_at: row.last_seen_at,
        }
    }
}
