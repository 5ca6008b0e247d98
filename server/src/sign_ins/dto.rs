//! The list of sign-ins as the API shows it.

use super::model::{SignIn, SignInKind};
use chrono::{DateTime, Utc};
use entities::SessionId;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// Where a sign-in was made.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SignInKindDto {
    /// With `POST /auth/login` (an app, a script).
    Api,
    /// On the dashboard's web pages.
    Web,
}

/// One live sign-in of the caller (never a token or an address).
#[derive(Debug, Serialize, ToSchema)]
pub struct SignInResponse {
    /// The sign-in's id, for `DELETE /me/sessions/{session_id}`.
    pub id: Uuid,
    /// `api` or `web`.
    pub kind: SignInKindDto,
    /// The name the device gave itself, if any (never for `web`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_label: Option<String>,
    /// When the sign-in was made.
    pub created_at: DateTime<Utc>,
    /// When it was last used: its latest token, or its latest page view on the web (to the
    /// minute).
    pub last_used_at: DateTime<Utc>,
    /// Whether this is the sign-in the request was made with.
    pub current: bool,
}

impl SignInResponse {
    pub(crate) fn new(sign_in: SignIn, current: SessionId) -> Self {
        Self {
            id: sign_in.id.uuid(),
            kind: match sign_in.kind {
                SignInKind::Api => SignInKindDto::Api,
                SignInKind::Web => SignInKindDto::Web,
            },
            device_label: sign_in.device_label,
            created_at: sign_in.created_at,
            last_used_at: sign_in.last_used_at,
            current: sign_in.id == current,
        }
    }
}

/// The caller's live sign-ins, the most recently used first.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignInList {
    pub items: Vec<SignInResponse>,
}
