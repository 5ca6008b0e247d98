//! Client-facing texts in the client's language, with Project Fluent: one folder per language
//! under `server/locales/` (`en`, `de`, `es` ship complete), compiled in. A text missing in a
//! language falls back to English; a test fails when a shipped language lacks a key English
//! has.

use fluent_templates::{Loader, static_loader};
use unic_langid::LanguageIdentifier;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks around arguments: texts go to lock screens and JSON.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The languages that ship complete.
pub const SHIPPED: [&str; 3] = ["en", "de", "es"];

/// A language the texts exist in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lang(LanguageIdentifier);

impl Lang {
    /// English, the fallback.
    #[must_use]
    pub fn english() -> Self {
        Self(unic_langid::langid!("en"))
    }

    /// The first of `preferences` (BCP 47 tags such as `de-AT`, most preferred first) whose
    /// language ships; English when none does.
    #[must_use]
    pub fn negotiate<'a>(preferences: impl IntoIterator<Item = &'a str>) -> Self {
        preferences
            .into_iter()
            .filter_map(|tag| tag.trim().parse::<LanguageIdentifier>().ok())
            .find_map(|id| {
                SHIPPED
                    .iter()
                    .find(|l| **l == id.language.as_str())
                    .and_then(|l| l.parse().ok())
            })
            .map_or_else(Self::english, Self)
    }

    /// The language's code (`en`, `de`, `es`).
    #[must_use]
    pub fn code(&self) -> String {
        self.0.to_string()
    }

    /// The text `key` in this language (English if this language lacks it).
    #[must_use]
    pub fn text(&self, key: &str) -> String {
        LOCALES.lookup(&self.0, key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The message ids of every `.ftl` file of `lang`.
    fn keys(lang: &str) -> BTreeSet<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(lang);
        let mut keys = BTreeSet::new();
        for entry in std::fs::read_dir(&dir).expect("the language's folder") {
            let text = std::fs::read_to_string(entry.expect("an entry").path()).expect("readable");
            for line in text.lines() {
                if let Some((id, _)) = line.split_once(" =")
                    && !id.is_empty()
                    && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                {
                    keys.insert(id.to_owned());
                }
            }
        }
        keys
    }

    #[test]
    fn every_shipped_language_has_every_key_english_has() {
        let english = keys("en");
        assert!(!english.is_empty());
        for lang in SHIPPED {
            let theirs = keys(lang);
            let missing: Vec<_> = english.difference(&theirs).collect();
            assert!(missing.is_empty(), "{lang} lacks {missing:?}");
            let extra: Vec<_> = theirs.difference(&english).collect();
            assert!(extra.is_empty(), "{lang} has keys English lacks: {extra:?}");
        }
    }

    #[test]
    fn each_language_answers_in_itself() {
        assert_eq!(Lang::negotiate(["de-AT"]).text("push-title"), "Erinnerung");
        assert_eq!(Lang::negotiate(["es"]).text("push-title"), "Recordatorio");
        assert_eq!(Lang::negotiate(["fr-FR", "es-MX"]).code(), "es");
        assert_eq!(
            Lang::negotiate(["fr", "not a tag"]).text("push-title"),
            "Reminder"
        );
        assert_eq!(Lang::negotiate([]).code(), "en");
    }
}
