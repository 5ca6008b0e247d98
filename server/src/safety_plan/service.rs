//! Storing the plan: a versioned document of the client (see [`crate::documents`]).

use super::plan::{PlanContents, SafetyPlan};
use crate::audit::ObjectType;
use crate::auth::Principal;
use crate::documents::{Document, DocumentError, Precondition, Version, service as documents};
use chrono::{DateTime, Utc};
use entities::ClientId;
use entities::client_document::DocumentKind;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

impl Document for PlanContents {
    const KIND: DocumentKind = DocumentKind::SafetyPlan;
    const OBJECT: ObjectType = ObjectType::SafetyPlan;
}

/// One stored version of a client's plan.
pub type PlanVersion = Version<PlanContents>;

/// Stores `plan` as the client's next version, if `expected` (the `If-Match`, if any) holds.
/// Returns the stored version and whether it is the first.
///
/// # Errors
/// `Stale` when `expected` does not hold; database errors.
pub async fn save(
    db: &DatabaseConnection,
    client: ClientId,
    now: DateTime<Utc>,
    plan: &SafetyPlan,
    expected: Option<&Precondition>,
    principal: Principal,
) -> Result<(PlanVersion, bool), DocumentError> {
    documents::save(db, client, now, plan.contents(), expected, principal).await
}

/// The client's current plan, if one was ever written.
///
/// # Errors
/// Database errors, and a stored plan that is not readable.
pub async fn load<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
) -> Result<Option<PlanVersion>, DbErr> {
    documents::load(db, client).await
}

/// The client's plan if it changed after change number `since` (for the sync feed).
///
/// # Errors
/// Database errors, and a stored plan that is not readable.
pub async fn changed_since<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    since: i64,
) -> Result<Option<PlanVersion>, DbErr> {
    documents::changed_since(db, client, since).await
}

/// Whether the client has a safety plan (a client in crisis is told whether to open it).
///
/// # Errors
/// Database errors.
pub async fn exists<C: ConnectionTrait>(db: &C, client: ClientId) -> Result<bool, DbErr> {
    documents::exists::<PlanContents, _>(db, client).await
}
