//! The exercise feature's domain types: a built-in exercise and its questions, a practice as
//! parsed, and the danger answer of a refused practice.

use crate::documents::Mention;
use crate::domain::{Phase, Score0To10};
use crate::i18n::Lang;
use chrono::{DateTime, Utc};
use entities::exercise_log::SafetyCheck;
use entities::{ExerciseLogId, RelationshipId};
use std::collections::BTreeMap;

/// One question an exercise asks; a log's `responses` object answers them by `key`. The
/// question as the app shows it is [`Exercise::label`], in the client's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prompt {
    /// Stable key used in `responses` (snake_case).
    pub key: &'static str,
    /// Longest answer accepted, in characters.
    pub max_chars: usize,
    /// A rating: the answer is a whole number from the first to the second (e.g. 0–10), so
    /// that it can be tracked; `None` for free text.
    pub scale: Option<(u8, u8)>,
    /// No longer asked: kept so that logs answering it still read with its label; a new log
    /// may not answer it.
    pub retired: bool,
}

/// A built-in exercise. Its texts are in every language (`locales/*/exercises.ftl`, by the
/// exercise's and the prompts' keys); here is what does not change with the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exercise {
    /// Stable key (snake_case), used by exercise logs and homework.
    pub key: &'static str,
    /// The problem areas it fits best (`grief`, `role_dispute`, `role_transition`,
    /// `interpersonal_deficits`); empty for all.
    pub problem_areas: &'static [&'static str],
    /// The questions a log's `responses` may answer.
    pub prompts: &'static [Prompt],
    /// The phases of treatment it serves.
    pub phases: &'static [Phase],
    /// Whether the app asks a question before the exercise starts ([`Exercise::safety_check`]),
    /// for exercises that could put the client at risk with the other person (speaking up to
    /// someone who may be violent).
    pub safety_check: bool,
}

impl Exercise {
    fn text(&self, part: &str, lang: &Lang) -> String {
        lang.text(&format!("exercise-{}-{part}", self.key))
    }

    /// Title as listed in the app.
    #[must_use]
    pub fn title(&self, lang: &Lang) -> String {
        self.text("title", lang)
    }

    /// The IPT skill or technique practised.
    #[must_use]
    pub fn skill(&self, lang: &Lang) -> String {
        self.text("skill", lang)
    }

    /// What to do, addressed to the client, plain language; a text that speaks of the safety
    /// plan (grief work) does so as `plan` allows.
    #[must_use]
    pub fn instructions(&self, lang: &Lang, plan: Mention) -> String {
        plan.text(lang, &format!("exercise-{}-instructions", self.key))
    }

    /// The question asked before the exercise starts, if it has one.
    #[must_use]
    pub fn safety_check(&self, lang: &Lang) -> Option<String> {
        self.safety_check.then(|| self.text("safety-check", lang))
    }

    /// The question `prompt` (one of this exercise's) as shown in the app.
    #[must_use]
    pub fn label(&self, prompt: &Prompt, lang: &Lang) -> String {
        self.text(&format!("prompt-{}", prompt.key), lang)
    }
}

/// A practice as the client logged it (already parsed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewExerciseLog {
    /// The phone's id for offline writes, or a fresh one.
    pub id: ExerciseLogId,
    /// The built-in exercise practised.
    pub exercise: &'static Exercise,
    /// When the client practised, in UTC (microsecond precision).
    pub practiced_at: DateTime<Utc>,
    /// How hard it was, 0–10.
    pub difficulty: Option<Score0To10>,
    /// How well it went, 0–10.
    pub outcome: Option<Score0To10>,
    /// Free text, at most 2000 characters.
    pub note: Option<String>,
    /// Answers to the exercise's prompts, by prompt key, each within the prompt's length limit.
    pub responses: Option<BTreeMap<String, String>>,
    /// The answer to the exercise's danger question (only exercises that ask it).
    pub safety_check: Option<SafetyCheck>,
    /// The person of the inventory the danger question is about (checked when stored).
    pub relationship: Option<RelationshipId>,
}

/// The danger answer of an exercise log the server refused (a field error or an id conflict).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedDanger {
    /// The submitted id, or a hash of a body without one: one alert per submission.
    pub dedupe_key: uuid::Uuid,
    /// The person it named, if the id was well-formed (checked against the inventory later).
    pub relationship: Option<RelationshipId>,
    pub practiced_at: Option<DateTime<Utc>>,
}

/// A stored practice and the alert its danger answer opened, if it was "yes".
#[derive(Debug, Clone)]
pub struct StoredLog {
    pub row: entities::exercise_log::Model,
    pub alert: Option<crate::safety::model::OpenedAlert>,
}
