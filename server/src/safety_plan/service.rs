//! Storing the plan: a versioned document of the client (see [`crate::documents`]).

use super::plan::PlanContents;
use crate::audit::ObjectType;
use crate::documents::{Document, Mention, Version, VersionInfo, service as documents};
use crate::identity::Principal;
use entities::ClientId;
use entities::client_document::DocumentKind;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

impl Document for PlanContents {
    const KIND: DocumentKind = DocumentKind::SafetyPlan;
    const OBJECT: ObjectType = ObjectType::SafetyPlan;
    // Therapist and client both write the plan; the issue that added this saw a therapist's
    // write wipe the client's version unseen.
    const OTHER_AUTHOR_NEEDS_IF_MATCH: bool = true;
}

/// One stored version of a client's plan.
pub type PlanVersion = Version<PlanContents>;

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

/// What `client` sees at once after a safety signal, in `lang`: their region's resources,
/// what happens next (`notice`), and whether a usable safety plan exists. It lives with the
/// plan, not with the alerts, because only the plan knows what makes it usable.
///
/// # Errors
/// Database errors.
pub async fn crisis_after_signal<C: ConnectionTrait>(
    db: &C,
    catalog: &crate::safety::crisis::CrisisCatalog,
    client: ClientId,
    notice: crate::safety::service::Notice,
    lang: &crate::i18n::Lang,
) -> Result<crate::safety::crisis::CrisisResources, DbErr> {
    let region = entities::client::Entity::find_by_id(client)
        .one(db)
        .await?
        .and_then(|c| c.region);
    let has_plan = usable(db, client).await?;
    Ok(catalog.after_signal(region.as_deref(), lang, notice, has_plan))
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
