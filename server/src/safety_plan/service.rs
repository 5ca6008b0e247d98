//! Storing the plan: a versioned document of the client (see [`crate::documents`]).

use super::plan::{PlanContents, SafetyPlan};
use crate::audit::ObjectType;
use crate::auth::Principal;
use crate::documents::{
    Document, DocumentError, Mention, Precondition, Version, VersionInfo, service as documents,
};
use chrono::{DateTime, Utc};
use entities::ClientId;
use entities::client_document::DocumentKind;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

impl Document for PlanContents {
    const KIND: DocumentKind = DocumentKind::SafetyPlan;
    const OBJECT: ObjectType = ObjectType::SafetyPlan;
    // Therapist and client both write the plan; the issue that added this saw a therapist's
    // write wipe the client's version unseen.
    const OTHER_AUTHOR_NEEDS_IF_MATCH: bool = true;
}

/// One stored version of a client's plan.
pub type PlanVersion = Version<PlanContents>;

/// Stores `plan` as the client's next version, if `expected` (the `If-Match`, if any) holds.
/// Returns the stored version and whether it is the first.
///
/// # Errors
/// `Stale` when `expected` does not hold; `PreconditionRequired` when it would replace the
/// other party's version without `If-Match`; database errors.
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

/// Whether the client has a safety plan it can use in a crisis ([`PlanContents::is_usable`]):
/// what a text may point to ("your safety plan is in the app"). A plan without a warning sign,
/// a coping strategy or someone to call does not count: pointing a client in crisis to it
/// would be a promise the app does not keep.
///
/// # Errors
/// Database errors, and a stored plan that is not readable.
pub async fn usable<C: ConnectionTrait>(db: &C, client: ClientId) -> Result<bool, DbErr> {
    Ok(load(db, client)
        .await?
        .is_some_and(|plan| plan.contents.is_usable()))
}

/// Whether the client has a safety plan to point to: the same as [`usable`] (kept under this
/// name for the crisis text's caller, `safety::service::crisis_after_signal`).
///
/// # Errors
/// Database errors, and a stored plan that is not readable.
pub async fn exists<C: ConnectionTrait>(db: &C, client: ClientId) -> Result<bool, DbErr> {
    usable(db, client).await
}

/// Up to `limit` versions of the client's plan before version `before`, newest first.
///
/// # Errors
/// Database errors.
pub async fn versions<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    before: Option<i32>,
    limit: u64,
) -> Result<Vec<VersionInfo>, DbErr> {
    documents::history::<PlanContents, _>(db, client, before, limit).await
}

/// Version `version` of the client's plan, if it was ever written.
///
/// # Errors
/// Database errors, and a stored plan that is not readable.
pub async fn load_version<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    version: i32,
) -> Result<Option<PlanVersion>, DbErr> {
    documents::load_version(db, client, version).await
}

/// Every version of the client's plan, oldest first (for the export).
///
/// # Errors
/// Database errors, and a stored plan that is not readable.
pub async fn every_version<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
) -> Result<Vec<PlanVersion>, DbErr> {
    documents::every_version(db, client).await
}

/// How a text for `reader` may speak of the client's safety plan: a client is pointed to its
/// plan only when it is [`usable`], and otherwise told how to make one; a therapist reads the
/// text that fits either.
///
/// # Errors
/// Database errors, and a stored plan that is not readable.
pub async fn mention<C: ConnectionTrait>(db: &C, reader: Principal) -> Result<Mention, DbErr> {
    match reader {
        Principal::Client { id, .. } => Ok(Mention::of(usable(db, id).await?)),
        Principal::Therapist { .. } => Ok(Mention::Neutral),
    }
}
