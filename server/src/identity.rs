//! Who is calling: the [`Principal`] of a request. A leaf, so that the layers below the
//! features (request metrics, the language of answers) can name the caller without importing
//! the accounts feature; `auth::principal` reads it from the bearer token.

use crate::error::ApiError;
use chrono::{DateTime, Utc};
use entities::audit_entry::ActorRole;
use entities::{ClientId, SessionId, TherapistId};
use std::net::IpAddr;

/// Who is calling. Owner fields of anything written come from here, never from a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Principal {
    Therapist {
        id: TherapistId,
        session: SessionId,
        source: Option<IpAddr>,
        /// When the request was authenticated, by the application's (injectable) clock.
        at: DateTime<Utc>,
    },
    Client {
        id: ClientId,
        session: SessionId,
        source: Option<IpAddr>,
        /// When the request was authenticated, by the application's (injectable) clock.
        at: DateTime<Utc>,
    },
}

impl Principal {
    /// When the request was authenticated: the time of what it records when it has no other
    /// (a denial), from the injected clock, never the system's.
    #[must_use]
    pub fn at(self) -> DateTime<Utc> {
        match self {
            Self::Therapist { at, .. } | Self::Client { at, .. } => at,
        }
    }

    /// The address the request came from (for the audit trail).
    #[must_use]
    pub fn source(self) -> Option<IpAddr> {
        match self {
            Self::Therapist { source, .. } | Self::Client { source, .. } => source,
        }
    }

    /// The caller's id and role.
    #[must_use]
    pub fn actor(self) -> (uuid::Uuid, ActorRole) {
        match self {
            Self::Therapist { id, .. } => (id.uuid(), ActorRole::Therapist),
            Self::Client { id, .. } => (id.uuid(), ActorRole::Client),
        }
    }

    #[must_use]
    pub fn session(self) -> SessionId {
        match self {
            Self::Therapist { session, .. } | Self::Client { session, .. } => session,
        }
    }

    /// The therapist, or 403 for a client.
    ///
    /// # Errors
    /// `Forbidden` when the caller is a client.
    pub fn therapist(self) -> Result<TherapistId, ApiError> {
        match self {
            Self::Therapist { id, .. } => Ok(id),
            Self::Client { .. } => Err(ApiError::Forbidden),
        }
    }
}
