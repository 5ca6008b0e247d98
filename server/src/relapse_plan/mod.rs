//! The relapse-prevention plan IPT writes as treatment ends: the client's own warning signs,
//! what helped, people to contact, and when to seek help again. It lasts beyond the course:
//! the termination phase asks for it and maintenance prompts point to it. Like the safety plan,
//! the therapist and the client write it together, so either may; each write is a version.

pub mod dto;
pub(crate) mod model;
pub(crate) mod record;
pub(crate) mod routes;

use model::RelapsePlanContents;

/// Whether the client has a relapse-prevention plan with something in it: what a text may
/// point to ("read your relapse-prevention plan in the app").
///
/// # Errors
/// Database errors, and a stored plan that is not readable.
pub async fn exists<C: sea_orm::ConnectionTrait>(
    db: &C,
    client: entities::ClientId,
) -> Result<bool, sea_orm::DbErr> {
    Ok(
        crate::documents::service::load::<RelapsePlanContents, _>(db, client)
            .await?
            .is_some_and(|plan| plan.contents != RelapsePlanContents::default()),
    )
}

/// How a text for `reader` may speak of the client's relapse-prevention plan: a client is
/// pointed to it only when it [`exists`], and otherwise told how to make one; a therapist reads
/// the text that fits either.
///
/// # Errors
/// Database errors, and a stored plan that is not readable.
pub async fn mention<C: sea_orm::ConnectionTrait>(
    db: &C,
    reader: crate::identity::Principal,
) -> Result<crate::documents::Mention, sea_orm::DbErr> {
    use crate::documents::Mention;
    use crate::identity::Principal;
    match reader {
        Principal::Client { id, .. } => Ok(Mention::of(exists(db, id).await?)),
        Principal::Therapist { .. } => Ok(Mention::Neutral),
    }
}
