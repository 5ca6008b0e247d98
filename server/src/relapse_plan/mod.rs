//! The relapse-prevention plan IPT writes as treatment ends: the client's own warning signs,
//! what helped, people to contact, and when to seek help again. It lasts beyond the course:
//! the termination phase asks for it and maintenance prompts point to it. Like the safety plan,
//! the therapist and the client write it together, so either may; each write is a version.

pub mod dto;
pub(crate) mod record;
pub(crate) mod routes;

use crate::audit::ObjectType;
use crate::documents::Document;
use crate::safety_plan::plan::{ContactContents, Problems};
use dto::RelapsePlanRequest;
use entities::client_document::DocumentKind;
use serde::{Deserialize, Serialize};

/// What a stored relapse plan says. Written only from a checked body; read back as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelapsePlanContents {
    /// The client's early signs that depression is coming back.
    pub warning_signs: Vec<String>,
    /// What helped during treatment and should go on.
    pub what_helped: Vec<String>,
    /// Whom to turn to.
    pub people_to_contact: Vec<ContactContents>,
    /// When to seek professional help again.
    pub when_to_seek_help: Vec<String>,
}

impl Document for RelapsePlanContents {
    const KIND: DocumentKind = DocumentKind::RelapsePlan;
    const OBJECT: ObjectType = ObjectType::RelapsePlan;
}

impl RelapsePlanContents {
    /// Checks a body with the safety plan's rules: at most 20 items per part, each line 1–500
    /// characters after trimming, each phone number 1–40.
    ///
    /// # Errors
    /// Every problem, keyed by field path.
    pub fn parse(body: &RelapsePlanRequest) -> Result<Self, crate::error::FieldErrors> {
        use crate::safety_plan::plan::texts;
        let mut problems = Problems::default();
        let warning_signs = texts(&problems.lines("warning_signs", &body.warning_signs));
        let what_helped = texts(&problems.lines("what_helped", &body.what_helped));
        let people_to_contact = problems
            .contacts("people_to_contact", &body.people_to_contact)
            .iter()
            .map(ContactContents::from)
            .collect();
        let when_to_seek_help =
            texts(&problems.lines("when_to_seek_help", &body.when_to_seek_help));
        problems.finish(Self {
            warning_signs,
            what_helped,
            people_to_contact,
            when_to_seek_help,
        })
    }
}

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
