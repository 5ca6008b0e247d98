//! Tenancy: a therapist reaches only their own clients, a client only itself. Anything else
//! answers 404, so that nobody learns whether another tenant's record exists.

use crate::auth::Principal;
use crate::error::ApiError;
use entities::{ClientId, TherapistId, client};
use sea_orm::{ConnectionTrait, EntityTrait};

/// A client record the caller may reach, and how.
#[derive(Debug, Clone)]
pub struct ClientAccess {
    pub client: client::Model,
    pub principal: Principal,
}

impl ClientAccess {
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
    // A client never reaches another client: answer without touching the database.
    if let Principal::Client { id, .. } = principal
        && id != client_id
    {
        return Err(ApiError::NotFound);
    }
    let client = client::Entity::find_by_id(client_id)
        .one(db)
        .await
        .map_err(ApiError::from)?
        .ok_or(ApiError::NotFound)?;
    match principal {
        Principal::Therapist { id, .. } if client.therapist_id == id => {}
        Principal::Client { id, .. } if id == client.id => {}
        _ => return Err(ApiError::NotFound),
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
    principal.therapist()?;
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
        return Err(ApiError::Forbidden);
    }
    Ok(access)
}
