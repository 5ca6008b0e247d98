//! The psychoeducation readings: built in from `readings.json`, or a clinic's own file
//! (`IPT_READINGS`), read at start so a clinic can change them without a rebuild.
//!
//! A reading given without `title` and `body` is one of the shipped texts, in every language
//! (`locales/*/readings.ftl`, by key: the built-in file gives none); a reading with them is a
//! clinic's own, shown as written whatever the language.

use crate::documents::Mention;
use crate::domain::Phase;
use crate::i18n::Lang;
use anyhow::{Context, ensure};
use serde::Deserialize;
use std::collections::HashSet;
use std::path::Path;

/// One short text for the client.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reading {
    /// Stable key (snake_case); read marks are kept by it, so it is never renamed or reused.
    pub key: String,
    /// A clinic's own title; `None`: the shipped one of the key.
    #[serde(default)]
    title: Option<String>,
    /// The phase of treatment it belongs to.
    pub phase: Phase,
    /// About how long it takes to read.
    pub minutes: u8,
    /// A clinic's own paragraphs, plain text; `None`: the shipped ones of the key.
    #[serde(default)]
    body: Option<Vec<String>>,
}

impl Reading {
    /// As shown in the app, in `lang` (a clinic's own reading as written).
    #[must_use]
    pub fn title(&self, lang: &Lang) -> String {
        self.title
            .clone()
            .unwrap_or_else(|| lang.text(&format!("reading-{}-title", self.key)))
    }

    /// Its paragraphs, plain text, in `lang` (a clinic's own reading as written); a shipped
    /// text that speaks of the relapse-prevention plan does so as `plan` allows.
    #[must_use]
    pub fn body(&self, lang: &Lang, plan: Mention) -> Vec<String> {
        self.body.clone().unwrap_or_else(|| {
            plan.text(lang, &format!("reading-{}-body", self.key))
                .split("\n\n")
                .map(|p| p.trim().to_owned())
                .filter(|p| !p.is_empty())
                .collect()
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    readings: Vec<Reading>,
}

/// Every reading, in the file's order.
#[derive(Debug, Clone)]
pub struct Library(Vec<Reading>);

impl Library {
    /// The built-in readings, or those of `path`.
    ///
    /// # Errors
    /// The file cannot be read, is not a readings file, repeats a key, leaves a phase without a
    /// reading or has an empty reading.
    pub fn load(path: Option<&Path>) -> anyhow::Result<Self> {
        let text = match path {
            Some(path) => std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?,
            None => include_str!("readings.json").to_owned(),
        };
        let file: File = serde_json::from_str(&text).context("parsing the readings")?;
        let mut keys = HashSet::new();
        for r in &file.readings {
            ensure!(keys.insert(r.key.as_str()), "reading key {} repeats", r.key);
            ensure!(
                !r.key.is_empty()
                    && r.key
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "reading key {:?} is not snake_case",
                r.key
            );
            match (&r.title, &r.body) {
                (Some(title), Some(body)) => ensure!(
                    !title.trim().is_empty() && body.iter().any(|p| !p.trim().is_empty()),
                    "reading {} is empty",
                    r.key
                ),
                (None, None) => ensure!(
                    ["title", "body"].iter().all(|part| Lang::english()
                        .try_text(&format!("reading-{}-{part}", r.key))
                        .is_some()),
                    "reading {} has no title and body, and no shipped reading has its key",
                    r.key
                ),
                _ => anyhow::bail!(
                    "reading {} needs both a title and a body, or neither",
                    r.key
                ),
            }
        }
        for phase in [
            Phase::Initial,
            Phase::Middle,
            Phase::Termination,
            Phase::Ended,
        ] {
            ensure!(
                file.readings.iter().any(|r| r.phase == phase),
                "no reading for the {phase:?} phase"
            );
        }
        Ok(Self(file.readings))
    }

    /// Every reading.
    #[must_use]
    pub fn all(&self) -> &[Reading] {
        &self.0
    }

    /// The reading of `key`.
    #[must_use]
    pub fn find(&self, key: &str) -> Option<&Reading> {
        self.0.iter().find(|r| r.key == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_readings_cover_every_phase_with_at_least_eight() {
        let library = Library::load(None).expect("the built-in readings load");
        assert!(library.all().len() >= 8);
        assert!(library.find("depression_is_an_illness").is_some());
    }

    #[test]
    fn a_built_in_reading_is_in_every_language_paragraph_by_paragraph() {
        let library = Library::load(None).expect("the built-in readings load");
        let reading = library.find("depression_is_an_illness").expect("built in");
        let english = reading.body(&Lang::english(), Mention::Neutral);
        assert_eq!(english.len(), 4, "{english:?}");
        assert!(english[1].contains("'sick role'"), "{english:?}");
        assert_eq!(
            reading.title(&Lang::english()),
            "Depression is an illness, not a failing"
        );
        for r in library.all() {
            for lang in crate::i18n::shipped() {
                let body = r.body(lang, Mention::Neutral);
                assert!(
                    !body.is_empty() && body.iter().all(|p| !p.contains('\n')),
                    "{} in {lang:?}: {body:?}",
                    r.key
                );
            }
        }
        let german = Lang::negotiate(["de"]);
        assert!(reading.body(&german, Mention::Neutral)[1].contains("Krankenrolle"));
    }

    #[test]
    fn the_readings_on_relapse_point_to_the_plan_only_when_the_client_has_one() {
        let library = Library::load(None).expect("the built-in readings load");
        let english = Lang::english();
        for key in ["warning_signs_of_relapse", "staying_well"] {
            let r = library.find(key).expect("built in");
            let with = r.body(&english, Mention::Present).join("\n\n");
            let without = r.body(&english, Mention::Absent).join("\n\n");
            let neutral = r.body(&english, Mention::Neutral).join("\n\n");
            assert!(
                with.contains("Your relapse-prevention plan in the app")
                    || with.contains("Reading your relapse-prevention plan in the app"),
                "{key}: {with}"
            );
            assert!(
                !without.contains("your relapse-prevention plan"),
                "{key}: {without}"
            );
            assert!(without.contains("therapist"), "{key}: {without}");
            assert!(
                neutral.contains("relapse-prevention plan"),
                "{key}: {neutral}"
            );
            for lang in crate::i18n::shipped() {
                let variants: Vec<Vec<String>> =
                    [Mention::Present, Mention::Absent, Mention::Neutral]
                        .into_iter()
                        .map(|m| r.body(lang, m))
                        .collect();
                for v in &variants {
                    assert_eq!(v.len(), variants[2].len(), "{key} {lang:?}: paragraphs");
                    assert!(v.iter().all(|p| !p.contains('{') && !p.contains('\n')));
                }
                assert_ne!(variants[0], variants[1], "{key} {lang:?}");
                if *lang != english {
                    assert_ne!(
                        variants[1],
                        r.body(&english, Mention::Absent),
                        "{key} {lang:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_clinics_own_reading_is_shown_as_written_and_a_half_one_is_refused() {
        let dir = std::env::temp_dir().join(format!("readings-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("a directory");
        let path = dir.join("readings.json");
        let phases = r#"{"key": "what_is_ipt", "phase": "initial", "minutes": 3},
            {"key": "mood_and_relationships", "phase": "middle", "minutes": 3},
            {"key": "as_treatment_ends", "phase": "termination", "minutes": 3},
            {"key": "staying_well", "phase": "ended", "minutes": 2}"#;
        std::fs::write(
            &path,
            format!(
                r#"{{"readings": [{phases}, {{"key": "our_groups", "title": "Our groups", "phase": "middle", "minutes": 1, "body": ["Tuesdays."]}}]}}"#
            ),
        )
        .expect("written");
        let library = Library::load(Some(&path)).expect("loads");
        let german = Lang::negotiate(["de"]);
        let own = library.find("our_groups").expect("the clinic's own");
        assert_eq!(own.title(&german), "Our groups");
        assert_eq!(own.body(&german, Mention::Neutral), ["Tuesdays."]);
        let shipped = library.find("what_is_ipt").expect("a shipped one by key");
        assert_ne!(shipped.title(&german), shipped.title(&Lang::english()));
        for half in [
            r#""key": "our_groups", "title": "Our groups""#,
            r#""key": "not_shipped""#,
        ] {
            std::fs::write(
                &path,
                format!(
                    r#"{{"readings": [{phases}, {{{half}, "phase": "middle", "minutes": 1}}]}}"#
                ),
            )
            .expect("written");
            assert!(Library::load(Some(&path)).is_err(), "{half}");
        }
    }

    #[test]
    fn a_file_that_leaves_a_phase_without_a_reading_is_refused() {
        let dir = std::env::temp_dir().join(format!("readings-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("a directory");
        let path = dir.join("readings.json");
        std::fs::write(
            &path,
            r#"{"readings": [{"key": "a", "title": "A", "phase": "initial", "minutes": 1, "body": ["x"]}]}"#,
        )
        .expect("written");
        assert!(Library::load(Some(&path)).is_err());
    }
}
