//! Client-facing texts in the client's language, with Project Fluent: one folder per language
//! under `server/locales/` (`en`, `de`, `es` ship complete), one `.ftl` file per area (push
//! texts, exercises, readings, crisis sentences, problems, the review of a course), compiled in. The languages are the
//! folders present: a language is added by adding a folder with every file (see
//! `docs/languages.md`). A text missing in a language falls back to English; a test fails when
//! a language lacks a key English has, or has one English lacks.
//!
//! Which language a request gets is decided in [`request`]: `Accept-Language`, then the
//! signed-in client's stored `locale`, then English.

pub(crate) mod request;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;
use unic_langid::LanguageIdentifier;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks around arguments: texts go to lock screens and JSON.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The languages that ship: the folders of `server/locales/`, English first, then by code.
static SHIPPED: LazyLock<Vec<Lang>> = LazyLock::new(|| {
    let mut shipped: Vec<Lang> = LOCALES.locales().cloned().map(Lang).collect();
    shipped.sort_by_key(|l| (*l != Lang::english(), l.code()));
    shipped
});

/// The languages that ship (the folders of `server/locales/`), English first.
#[must_use]
pub fn shipped() -> &'static [Lang] {
    &SHIPPED
}

/// A language the texts exist in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lang(LanguageIdentifier);

impl Lang {
    /// English, the fallback.
    #[must_use]
    pub fn english() -> Self {
        Self(unic_langid::langid!("en"))
    }

    /// The first of `preferences` (BCP 47 tags such as `de-AT`, most preferred first) that a
    /// shipped language serves: the same tag, else the same language (`de-AT` gets `de`, `es`
    /// gets `es-MX` if only that shipped); English when none does.
    #[must_use]
    pub fn negotiate<'a>(preferences: impl IntoIterator<Item = &'a str>) -> Self {
        Self::first_shipped(preferences).unwrap_or_else(Self::english)
    }

    /// Like [`Lang::negotiate`], `None` when no preference is served.
    #[must_use]
    pub fn first_shipped<'a>(preferences: impl IntoIterator<Item = &'a str>) -> Option<Self> {
        preferences
            .into_iter()
            .filter_map(|tag| tag.trim().parse::<LanguageIdentifier>().ok())
            .find_map(|wanted| {
                let shipped = shipped();
                shipped
                    .iter()
                    .find(|l| l.0 == wanted)
                    .or_else(|| {
                        // A plain language (`de`) before one with a region (`de-CH`).
                        shipped
                            .iter()
                            .filter(|l| l.0.language == wanted.language)
                            .min_by_key(|l| l.0.region.is_some())
                    })
                    .cloned()
            })
    }

    /// The language's code (`en`, `de`, `es`), as `Content-Language` names it.
    #[must_use]
    pub fn code(&self) -> String {
        self.0.to_string()
    }

    /// The text `key` in this language (English if this language lacks it).
    #[must_use]
    pub fn text(&self, key: &str) -> String {
        LOCALES.lookup(&self.0, key)
    }

    /// The text `key` with its arguments (`{ $seconds }`) filled in.
    #[must_use]
    pub fn text_with(&self, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'static>> = args
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), value.clone()))
            .collect();
        LOCALES.lookup_with_args(&self.0, key, &args)
    }

    /// The text `key`, or `None` when no language has it (not even English).
    #[must_use]
    pub fn try_text(&self, key: &str) -> Option<String> {
        LOCALES.try_lookup(&self.0, key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::{Path, PathBuf};

    fn locales() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("locales")
    }

    /// Every message and attribute (`message.attribute`) of `lang`, with the variables its
    /// text uses, after checking that each file parses.
    fn messages(lang: &str) -> BTreeMap<String, BTreeSet<String>> {
        let dir = locales().join(lang);
        let mut messages = BTreeMap::new();
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("the language's folder")
            .map(|e| e.expect("an entry").path())
            .collect();
        files.sort();
        for path in files {
            assert_eq!(
                path.extension().and_then(|e| e.to_str()),
                Some("ftl"),
                "{} is not a Fluent file",
                path.display()
            );
            let text = std::fs::read_to_string(&path).expect("readable");
            if let Err((_, errors)) =
                fluent_templates::fluent_bundle::FluentResource::try_new(text.clone())
            {
                panic!("{} does not parse: {errors:?}", path.display());
            }
            let mut current = String::new();
            for line in text.lines() {
                let is_id = |id: &str| {
                    id.starts_with(|c: char| c.is_ascii_alphabetic())
                        && id
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                };
                let key = match line.split_once(" =") {
                    Some((id, _)) if is_id(id) => {
                        current = id.to_owned();
                        Some(current.clone())
                    }
                    Some((attr, _))
                        if attr.trim_start().starts_with('.') && is_id(&attr.trim_start()[1..]) =>
                    {
                        Some(format!("{current}{}", attr.trim_start()))
                    }
                    _ => None,
                };
                let variables: BTreeSet<String> = line
                    .split("{ $")
                    .skip(1)
                    .filter_map(|rest| rest.split_once(' ').map(|(v, _)| v.to_owned()))
                    .collect();
                let entry = match key {
                    Some(key) => {
                        assert!(
                            !messages.contains_key(&key),
                            "{lang}: {key} is defined twice"
                        );
                        messages.entry(key).or_insert_with(BTreeSet::new)
                    }
                    None if line.starts_with(' ') && !current.is_empty() => messages
                        .get_mut(&current)
                        .expect("the message of this continuation"),
                    None => continue,
                };
                entry.extend(variables);
            }
        }
        messages
    }

    #[test]
    fn every_language_has_every_text_english_has_and_no_other() {
        let english = messages("en");
        assert!(english.len() > 100, "only {} English texts", english.len());
        let folders: BTreeSet<String> = std::fs::read_dir(locales())
            .expect("server/locales")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        let codes: BTreeSet<String> = shipped().iter().map(Lang::code).collect();
        assert_eq!(folders, codes, "every folder ships, and only those");
        assert!(codes.is_superset(&BTreeSet::from(["en".into(), "de".into(), "es".into()])));
        for lang in &folders {
            let theirs = messages(lang);
            let missing: Vec<_> = english
                .keys()
                .filter(|k| !theirs.contains_key(*k))
                .collect();
            assert!(missing.is_empty(), "{lang} lacks {missing:?}");
            let extra: Vec<_> = theirs
                .keys()
                .filter(|k| !english.contains_key(*k))
                .collect();
            assert!(
                extra.is_empty(),
                "{lang} has texts English lacks: {extra:?}"
            );
            for (key, variables) in &english {
                assert_eq!(
                    &theirs[key], variables,
                    "{lang}: {key} uses other variables than English"
                );
            }
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
        assert_eq!(Lang::first_shipped(["fr"]), None);
        assert_eq!(shipped().first(), Some(&Lang::english()));
    }

    #[test]
    fn arguments_are_filled_in_without_isolation_marks() {
        let text = Lang::negotiate(["de"]).text_with(
            "problem-too-many-requests-detail",
            &[("seconds", FluentValue::from(30))],
        );
        assert!(text.contains("30"), "{text}");
        assert!(!text.contains('\u{2068}'), "{text:?}");
        assert_eq!(Lang::english().try_text("no-such-text"), None);
    }
}
