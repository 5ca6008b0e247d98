//! Client phones as the API shows them.

use crate::wire::Text;
use super::model::{DeviceSettings, Platform};
use chrono::{DateTime, Utc};
use entities::device;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "fcm_token": "dQw4w9WgXcQ:APA91bH-example-registration-token",
    "platform": "android",
    "locale": "de-AT",
    "timezone": "Europe/Vienna",
    "app_version": "1.4.2"
}))]
pub struct RegisterDeviceRequest {
    /// The FCM registration token of this app install.
    #[validate(nested)]
    pub fcm_token: Text<1, 4096>,
    pub platform: Platform,
    /// The phone's language, a BCP 47 tag such as `de-AT` (1–35 characters); push texts follow
    /// it (`en`, `de`, `es`; others get English).
    #[validate(nested)]
    // Its example is the body's: utoipa drops one beside an optional value type.
    pub locale: Option<Text<1, 35>>,
    /// The phone's IANA time zone, e.g. `Europe/Berlin`, as it reports it (the client's
    /// reminders follow the client's own zone).
    #[schema(example = "Europe/Berlin")]
    pub timezone: Option<String>,
    /// The app's version, 1–32 characters.
    #[validate(nested)]
    pub app_version: Option<Text<1, 32>>,
}

impl RegisterDeviceRequest {
    /// The settings of the body, checked: a tag that is not BCP 47, a zone that is not IANA, or
    /// a version with control characters is a 422.
    ///
    /// # Errors
    /// The first bad field.
    pub fn settings(&self) -> Result<DeviceSettings, crate::error::ApiError> {
        use crate::error::ApiError;
        let locale = self
            .locale
            .as_deref()
            .map(|tag| {
                tag.parse::<unic_langid::LanguageIdentifier>()
                    .map(|id| id.to_string())
                    .map_err(|_| ApiError::field("locale", "must be a BCP 47 language tag"))
            })
            .transpose()?;
        let timezone = self
            .timezone
            .as_deref()
            .map(|zone| {
                crate::domain::Timezone::parse(zone)
                    .map(|z| z.name().to_owned())
                    .map_err(|m| ApiError::field("timezone", m))
            })
            .transpose()?;
        if self
            .app_version
            .as_deref()
            .is_some_and(crate::extract::breaks_single_line)
        {
            return Err(ApiError::field(
                "app_version",
                crate::extract::SINGLE_LINE_MESSAGE,
            ));
        }
        let token = self.fcm_token.trim();
        if token.is_empty() {
            return Err(ApiError::field("fcm_token", "must not be blank"));
        }
        Ok(DeviceSettings {
            token: token.to_owned(),
            platform: self.platform,
            locale,
            timezone,
            app_version: self.app_version.clone().map(String::from),
        })
    }
}

/// A device as the API shows it: never the token itself.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeviceResponse {
    pub id: Uuid,
    pub platform: Platform,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    /// The phone's language as registered; null if it sent none.
    pub locale: Option<String>,
    /// The phone's zone as registered; null if it sent none.
    pub timezone: Option<String>,
    /// The app's version as registered; null if it sent none.
    pub app_version: Option<String>,
}

impl From<&device::Model> for DeviceResponse {
    fn from(row: &device::Model) -> Self {
        Self {
            id: row.id.uuid(),
            platform: row.platform.into(),
            created_at: row.created_at,
            last_seen_at: row.last_seen_at,
            locale: row.locale.clone(),
            timezone: row.timezone.clone(),
            app_version: row.app_version.clone(),
        }
    }
}
