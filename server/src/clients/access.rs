//! Tenancy: a therapist reaches only their own clients, a client only itself. Anything else
//! answers 404, so that nobody learns whether another tenant's record exists.

use crate::audit::{self, Action, Event, ObjectType};
use crate::error::ApiError;
use crate::identity::Principal;
use entities::{ClientId, TherapistId, client};
use sea_orm::{ConnectionTrait, EntityTrait};

/// A client record the caller may reach, and how.
#[derive(Debug, Clone)]
pub struct ClientAccess {
    pub client: client::Model,
    pub principal: Principal,
}

impl ClientAccess {
    /// Records a read of this client's `object_type` records when the reader is not the client.
    ///
    /// # Errors
    /// Database errors.
    pub async fn audit_read(
        &self,
        log: &audit::ReadLog,
        now: chrono::DateTime<chrono::Utc>,
        object_type: audit::ObjectType,
    ) -> Result<(), ApiError> {
        if self.by_other() {
            log.record(
                now,
                self.principal,
                [Event::of(
                    Action::Read,
                    object_type,
                    None,
                    Some(self.client.id),
                )],
            )
            .await?;
        }
        Ok(())
    }

    /// Whether the caller is someone other than the client (a read that an audit trail records).
    #[must_use]
    pub fn by_other(&self) -> bool {
        !matches!(self.principal, Principal::Client { .. })
    }

    /// The therapist who owns the client.
    #[must_use]
    pub fn therapist_id(&self) -> TherapistId {
        self.client.therapist_id
    }
}

/// Loads `client_id` if the caller may reach it (its therapist or the client itself).
///
/// # Errors
/// `NotFound` for a missing or foreign client; database errors.
pub async fn authorize<C: ConnectionTrait>(
    db: &C,
    principal: Principal,
    client_id: ClientId,
) -> Result<ClientAccess, ApiError> {
    // A client never reaches another client.
    if let Principal::Client { id, .. } = principal
        && id != client_id
    {
        return Err(denied(db, principal, client_id, Tenant::Other, ApiError::NotFound).await);
    }
    let client = client::Entity::find_by_id(client_id)
        .one(db)
        .await
        .map_err(ApiError::from)?;
    let Some(client) = client else {
        return Err(denied(db, principal, client_id, Tenant::Other, ApiError::NotFound).await);
    };
    match principal {
        Principal::Therapist { id, .. } if client.therapist_id == id => {}
        Principal::Client { id, .. } if id == client.id => {
            // The client's own texts follow its language when the request names none.
            crate::i18n::request::remember_stored(client.locale.as_deref());
        }
        _ => {
            return Err(denied(db, principal, client_id, Tenant::Other, ApiError::NotFound).await);
        }
    }
    Ok(ClientAccess { client, principal })
}

/// Like [`authorize`], for actions only the client's therapist may take: the client itself
/// gets 403 (its own record, the wrong role).
///
/// # Errors
/// `NotFound` for a missing or foreign client, `Forbidden` for the client itself.
pub async fn authorize_therapist<C: ConnectionTrait>(
    db: &C,
    principal: Principal,
    client_id: ClientId,
) -> Result<ClientAccess, ApiError> {
    let access = authorize(db, principal, client_id).await?;
    if principal.therapist().is_err() {
        return Err(denied(db, principal, client_id, Tenant::Same, ApiError::Forbidden).await);
    }
    Ok(access)
}

/// Like [`authorize`], for records only the client itself writes (check-ins, exercise logs,
/// homework completion): its therapist gets 403 (their client's record, the wrong role).
///
/// # Errors
/// `NotFound` for a missing or foreign client, `Forbidden` for the therapist.
pub async fn authorize_client<C: ConnectionTrait>(
    db: &C,
    principal: Principal,
    client_id: ClientId,
) -> Result<ClientAccess, ApiError> {
    let access = authorize(db, principal, client_id).await?;
    if access.by_other() {
        return Err(denied(db, principal, client_id, Tenant::Same, ApiError::Forbidden).await);
    }
    Ok(access)
}

/// Whose attempt a refusal was.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tenant {
    /// The client's own therapist or the client, in the wrong role.
    Same,
    /// Anyone else: another therapist, another client, or an id that is nobody's.
    Other,
}

/// Records an authorization failure and returns the error to answer with (a failure to record
/// is answered as that failure instead: a denial must not go unrecorded). Another tenant's
/// attempt is kept in the actor's trail, not in the client's: the client's therapist and the
/// client see their own people's doings, not strangers' probes (which also told them nothing).
async fn denied<C: ConnectionTrait>(
    db: &C,
    principal: Principal,
    client_id: ClientId,
    tenant: Tenant,
    answer: ApiError,
) -> ApiError {
    let trail = (tenant == Tenant::Same).then_some(client_id);
    let event = Event::of(
        Action::Denied,
        ObjectType::Client,
        Some(client_id.uuid()),
        trail,
    )
    .failed();
    match audit::record(db, principal.at(), principal, event).await {
        Ok(()) => answer,
        Err(e) => e.into(),
    }
}

/// The caller as a therapist, or 403 — recorded as an authorization failure.
///
/// # Errors
/// `Forbidden` for a client.
pub async fn require_therapist<C: ConnectionTrait>(
    db: &C,
    principal: Principal,
    object_type: ObjectType,
) -> Result<TherapistId, ApiError> {
    match principal.therapist() {
        Ok(id) => Ok(id),
        Err(answer) => {
            let event = Event::of(Action::Denied, object_type, None, None).failed();
            audit::record(db, principal.at(), principal, event).await?;
            Err(answer)
        }
    }
}
