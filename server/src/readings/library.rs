//! The psychoeducation readings: built in from `readings.json`, or a clinic's own file
//! (`IPT_READINGS`), read at start so a clinic can change them without a rebuild.

use crate::domain::Phase;
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
    /// As shown in the app.
    pub title: String,
    /// The phase of treatment it belongs to.
    pub phase: Phase,
    /// About how long it takes to read.
    pub minutes: u8,
    /// Its paragraphs, plain text.
    pub body: Vec<String>,
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
            ensure!(
                !r.title.trim().is_empty() && r.body.iter().any(|p| !p.trim().is_empty()),
                "reading {} is empty",
                r.key
            );
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
