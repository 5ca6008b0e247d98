//! The audit trail's domain types: who acted, one event to record, and which part of a client's
//! trail to read.

use crate::identity::Principal;
use entities::ClientId;
use entities::audit_entry::{ActorRole, AuditAction as Action, ObjectType};
use std::net::IpAddr;
use uuid::Uuid;

/// Who acted, from where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub id: Option<Uuid>,
    pub role: ActorRole,
    pub source: Option<IpAddr>,
}

impl Actor {
    /// Nobody signed in (a sign-in attempt, an invite redemption).
    #[must_use]
    pub fn anonymous(source: Option<IpAddr>) -> Self {
        Self {
            id: None,
            role: ActorRole::Anonymous,
            source,
        }
    }
}

impl From<Principal> for Actor {
    fn from(p: Principal) -> Self {
        let (id, role) = p.actor();
        Self {
            id: Some(id),
            role,
            source: p.source(),
        }
    }
}

/// One event to record.
#[derive(Debug, Clone, Copy)]
pub struct Event {
    pub action: Action,
    pub object_type: ObjectType,
    pub object_id: Option<Uuid>,
    pub client_id: Option<ClientId>,
    /// `true` unless the action was refused or failed.
    pub success: bool,
}

impl Event {
    /// A successful `action` on `object_type` (`object_id`) of `client_id`.
    #[must_use]
    pub fn of(
        action: Action,
        object_type: ObjectType,
        object_id: Option<Uuid>,
        client_id: Option<ClientId>,
    ) -> Self {
        Self {
            action,
            object_type,
            object_id,
            client_id,
            success: true,
        }
    }

    /// A successful `action` on `object_type` `object_id`, of no client (an account's own
    /// records: its settings, contacts, devices).
    #[must_use]
    pub fn about(action: Action, object_type: ObjectType, object_id: Uuid) -> Self {
        Self::of(action, object_type, Some(object_id), None)
    }

    /// A successful `action` on `object_type` of `client`, whose id names the object (the
    /// client's record as a whole: its export, its erasure).
    #[must_use]
    pub fn of_client(action: Action, object_type: ObjectType, client: ClientId) -> Self {
        Self::of(action, object_type, Some(client.uuid()), Some(client))
    }

    /// The same event, refused or failed.
    #[must_use]
    pub fn failed(mut self) -> Self {
        self.success = false;
        self
    }
}

/// Which part of a client's trail to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trail {
    /// Everything (the therapist's view).
    Whole,
    /// Reads and exports by anyone but the client (the client's access log).
    ReadsByOthers,
}
