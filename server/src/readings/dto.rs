//! Readings as the API shows them.

use super::library::Reading;
use crate::domain::Phase;
use crate::i18n::Lang;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// A reading.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReadingResponse {
    /// Stable key.
    pub key: String,
    /// As shown in the app, in the client's language.
    pub title: String,
    /// The phase of treatment it belongs to.
    pub phase: Phase,
    /// About how long it takes to read.
    pub minutes: u8,
    /// Its paragraphs, plain text, in the client's language.
    pub body: Vec<String>,
}

impl ReadingResponse {
    /// `r` in `lang`, speaking of the reader's relapse-prevention plan as `plan` allows.
    #[must_use]
    pub fn new(r: &Reading, lang: &Lang, plan: crate::documents::Mention) -> Self {
        Self {
            key: r.key.clone(),
            title: r.title(lang),
            phase: r.phase,
            minutes: r.minutes,
            body: r.body(lang, plan),
        }
    }
}

/// A reading as one client has (or has not yet) opened it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReadingStatusResponse {
    /// The reading's key.
    pub key: String,
    /// Its title, in the caller's language.
    pub title: String,
    /// The phase of treatment it belongs to.
    pub phase: Phase,
    /// When the client first opened it; `null` until then.
    pub opened_at: Option<DateTime<Utc>>,
}

/// A reading opened.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReadingOpenedResponse {
    /// The reading's key.
    pub key: String,
    /// When the client first opened it (a repeat keeps the first time).
    pub opened_at: DateTime<Utc>,
}
