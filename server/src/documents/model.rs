//! The documents' domain types: who wrote a version, a stored version and a line of its
//! history, and how a text may speak of a client's document.

use crate::identity::Principal;
use chrono::{DateTime, Utc};
use entities::ClientId;
use entities::auth_session::SessionRole;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Who wrote a version: the therapist or the client (the safety plan is written together in
/// session, so either may).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanAuthor {
    /// The client's therapist.
    Therapist,
    /// The client, from the app.
    Client,
}

impl From<PlanAuthor> for SessionRole {
    fn from(author: PlanAuthor) -> Self {
        match author {
            PlanAuthor::Therapist => Self::Therapist,
            PlanAuthor::Client => Self::Client,
        }
    }
}

impl From<SessionRole> for PlanAuthor {
    fn from(role: SessionRole) -> Self {
        match role {
            SessionRole::Therapist => Self::Therapist,
            SessionRole::Client => Self::Client,
        }
    }
}

impl From<Principal> for PlanAuthor {
    fn from(principal: Principal) -> Self {
        match principal {
            Principal::Therapist { .. } => Self::Therapist,
            Principal::Client { .. } => Self::Client,
        }
    }
}

/// One stored version of a client's document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version<D> {
    /// The client whose document it is.
    pub client: ClientId,
    /// What it says.
    pub contents: D,
    /// 1 for the first version, one more for each write after it (the `ETag`).
    pub version: i32,
    /// When this version was written.
    pub updated_at: DateTime<Utc>,
    /// Who wrote this version.
    pub updated_by: PlanAuthor,
    /// The client's change number of this version (the sync feed's position).
    pub change_seq: i64,
}

/// Who wrote one version of a document, and when (a line of its history).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionInfo {
    /// The version's number.
    pub version: i32,
    /// When it was written.
    pub updated_at: DateTime<Utc>,
    /// Who wrote it.
    pub updated_by: PlanAuthor,
}

/// How a text for the caller may speak of a client's document ("open your safety plan"): only
/// of one that is there. A Fluent message that speaks of a plan has the text that fits either
/// as its value, and the attributes `.with-plan` and `.without-plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mention {
    /// The client has it: the text may point to it.
    Present,
    /// The client has none: the text says how to make one with the therapist.
    Absent,
    /// The reader is not the client (a therapist): the text that fits either.
    Neutral,
}

impl Mention {
    /// `Present` or `Absent`.
    #[must_use]
    pub fn of(present: bool) -> Self {
        if present { Self::Present } else { Self::Absent }
    }

    /// The Fluent id of the variant of message `id` (`id.with-plan`, `id.without-plan`, `id`).
    #[must_use]
    pub fn text_id(self, id: &str) -> String {
        match self {
            Self::Present => format!("{id}.with-plan"),
            Self::Absent => format!("{id}.without-plan"),
            Self::Neutral => id.to_owned(),
        }
    }

    /// The text `id` in `lang` as this mention allows: a message without the variants (one
    /// that speaks of no plan) is its value.
    #[must_use]
    pub fn text(self, lang: &crate::i18n::Lang, id: &str) -> String {
        lang.try_text(&self.text_id(id))
            .unwrap_or_else(|| lang.text(id))
    }
}
