//! Crisis resources: who to call, per region, and what the app tells a client after a safety
//! signal. Numbers and links are per region (built in from `crisis_resources.json`, whose
//! sources are in `docs/crisis-resources.md`, and overridable per deployment); sentences are
//! per language. Every sentence about the therapist says only what the server really does.

use anyhow::Context;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use utoipa::ToSchema;

/// The international fallback ("ZZ" is CLDR's code for an unknown region).
pub const FALLBACK_REGION: &str = "ZZ";
/// The language used when a text has no sentence in the one asked for.
const DEFAULT_LANGUAGE: &str = "en";

/// A phone number or web page to reach help.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CrisisLink {
    pub label: String,
    /// A URL (`https://…`) or a phone link (`tel:…`).
    pub url: String,
}

/// What the app shows: who to call now. After a safety signal it also says what happens next.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct CrisisResources {
    /// The ISO 3166-1 alpha-2 region the resources are for; `ZZ` is the international fallback.
    #[schema(example = "DE")]
    pub region: String,
    pub text: String,
    pub links: Vec<CrisisLink>,
    /// After a safety signal: whether the client has a safety plan to open.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_safety_plan: Option<bool>,
}

/// One region's resources.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RegionEntry {
    #[serde(default)]
    name: Option<String>,
    /// The general emergency number (`112`); none for the fallback.
    #[serde(default)]
    emergency: Option<String>,
    #[serde(default)]
    links: Vec<CrisisLink>,
    /// A clinic's own wording of the help part, per language (overrides only).
    #[serde(default)]
    text: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Catalog {
    #[serde(default)]
    #[expect(
        dead_code,
        reason = "documents the data; docs/crisis-resources.md has the sources"
    )]
    checked: Option<String>,
    regions: BTreeMap<String, RegionEntry>,
}

/// The file format of v1 (`{"text", "links"}`): one set of resources for every region.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LegacyOverride {
    text: String,
    #[serde(default)]
    links: Vec<CrisisLink>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OverrideFile {
    Regions(Catalog),
    Legacy(LegacyOverride),
}

/// The sentences of one language.
struct Sentences {
    danger_with_number: &'static str,
    danger_without_number: &'static str,
    talk_now: &'static str,
    notifying: &'static str,
    not_notifying: &'static str,
    safety_plan: &'static str,
}

/// English; the phone-contract work adds the other languages through Fluent.
const EN: Sentences = Sentences {
    danger_with_number: "If you are in danger now, call {number} or go to the nearest emergency department.",
    danger_without_number: "If you are in danger now, call your local emergency number or go to the nearest emergency department.",
    talk_now: "You can also talk to someone now:",
    notifying: "We are sending your therapist a message now; they may not see it straight away.",
    not_notifying: "Your therapist will see this the next time they open IPT Companion.",
    safety_plan: "Your safety plan is in the app.",
};

fn sentences(_language: &str) -> &'static Sentences {
    &EN
}

/// Every region's resources, built in and overridden.
#[derive(Debug, Clone)]
pub struct CrisisCatalog {
    regions: BTreeMap<String, RegionEntry>,
    /// A v1 override file: the same resources everywhere.
    everywhere: Option<RegionEntry>,
}

impl CrisisCatalog {
    /// The built-in resources, with the deployment's overrides from `path` (a JSON file
    /// `{"regions": {"DE": {"emergency", "links", "text": {"en": …}}}}`, or v1's
    /// `{"text", "links"}` for every region).
    ///
    /// # Errors
    /// The built-in data or the file cannot be read or is not in that shape.
    pub fn load(path: Option<&Path>) -> anyhow::Result<Self> {
        let built_in: Catalog = serde_json::from_str(include_str!("crisis_resources.json"))
            .context("parsing the built-in crisis resources")?;
        let mut catalog = Self {
            regions: built_in.regions,
            everywhere: None,
        };
        anyhow::ensure!(
            catalog.regions.contains_key(FALLBACK_REGION),
            "the built-in crisis resources lack the fallback region"
        );
        let Some(path) = path else {
            return Ok(catalog);
        };
        let raw = std::fs::read(path)
            .with_context(|| format!("reading crisis resources from {}", path.display()))?;
        match serde_json::from_slice(&raw)
            .with_context(|| format!("parsing crisis resources in {}", path.display()))?
        {
            OverrideFile::Regions(file) => {
                for (code, entry) in file.regions {
                    let code = code.to_ascii_uppercase();
                    anyhow::ensure!(
                        is_region_code(&code),
                        "{code} in {} is not an ISO 3166-1 alpha-2 code",
                        path.display()
                    );
                    let base = catalog.regions.remove(&code).unwrap_or_default();
                    catalog.regions.insert(code, merge(base, entry));
                }
            }
            OverrideFile::Legacy(legacy) => {
                catalog.everywhere = Some(RegionEntry {
                    name: None,
                    emergency: None,
                    links: legacy.links,
                    text: BTreeMap::from([(DEFAULT_LANGUAGE.to_owned(), legacy.text)]),
                });
            }
        }
        Ok(catalog)
    }

    /// The region code used for `region` (upper-cased), or the fallback.
    fn resolve(&self, region: Option<&str>) -> (String, &RegionEntry) {
        let code = region.map(str::to_ascii_uppercase);
        let fallback = || {
            (
                FALLBACK_REGION.to_owned(),
                self.regions.get(FALLBACK_REGION).expect("checked at load"),
            )
        };
        let (code, entry) = match code {
            Some(code) => match self.regions.get(&code) {
                Some(entry) => (code, entry),
                None => fallback(),
            },
            None => fallback(),
        };
        (code, self.everywhere.as_ref().unwrap_or(entry))
    }

    /// The resources of `region` with a text that names the help available and says nothing
    /// about the therapist: what a signed-out app shows.
    #[must_use]
    pub fn for_region(&self, region: Option<&str>, language: &str) -> CrisisResources {
        let (code, entry) = self.resolve(region);
        CrisisResources {
            region: code,
            text: help_text(entry, language),
            links: entry.links.clone(),
            has_safety_plan: None,
        }
    }

    /// What a client sees at once after a safety signal: who to call, then what really happens
    /// next (`notifying`: a notification to the therapist is on its way through at least one
    /// channel), and whether a safety plan is there to open.
    #[must_use]
    pub fn after_signal(
        &self,
        region: Option<&str>,
        language: &str,
        notifying: bool,
        has_safety_plan: bool,
    ) -> CrisisResources {
        let mut resources = self.for_region(region, language);
        let s = sentences(language);
        let mut text = resources.text;
        text.push(' ');
        text.push_str(if notifying {
            s.notifying
        } else {
            s.not_notifying
        });
        if has_safety_plan {
            text.push(' ');
            text.push_str(s.safety_plan);
        }
        resources.text = text;
        resources.has_safety_plan = Some(has_safety_plan);
        resources
    }
}

fn merge(mut base: RegionEntry, over: RegionEntry) -> RegionEntry {
    if over.name.is_some() {
        base.name = over.name;
    }
    if over.emergency.is_some() {
        base.emergency = over.emergency;
    }
    if !over.links.is_empty() {
        base.links = over.links;
    }
    base.text.extend(over.text);
    base
}

/// The help part: the emergency number first, then who else to talk to.
fn help_text(entry: &RegionEntry, language: &str) -> String {
    if let Some(own) = entry
        .text
        .get(language)
        .or_else(|| entry.text.get(DEFAULT_LANGUAGE))
    {
        return own.clone();
    }
    let s = sentences(language);
    let mut text = match &entry.emergency {
        Some(number) => s.danger_with_number.replace("{number}", number),
        None => s.danger_without_number.to_owned(),
    };
    let labels: Vec<&str> = entry
        .links
        .iter()
        .filter(|l| l.url.starts_with("tel:"))
        .map(|l| l.label.as_str())
        .collect();
    let labels = if labels.is_empty() {
        entry.links.iter().map(|l| l.label.as_str()).collect()
    } else {
        labels
    };
    if !labels.is_empty() {
        text.push(' ');
        text.push_str(s.talk_now);
        text.push(' ');
        text.push_str(&labels.join("; "));
        text.push('.');
    }
    text
}

/// Whether `code` has the shape of an ISO 3166-1 alpha-2 code.
#[must_use]
pub fn is_region_code(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> CrisisCatalog {
        CrisisCatalog::load(None).expect("the built-in data loads")
    }

    #[test]
    fn every_required_region_is_built_in_with_an_emergency_number() {
        let c = catalog();
        for code in [
            "US", "CA", "GB", "IE", "AU", "NZ", "DE", "AT", "CH", "FR", "ES", "IT", "NL", "IN",
        ] {
            let entry = c.regions.get(code).unwrap_or_else(|| panic!("{code}"));
            assert!(entry.emergency.is_some(), "{code}");
            assert!(!entry.links.is_empty(), "{code}");
            for link in &entry.links {
                assert!(
                    link.url.starts_with("tel:") || link.url.starts_with("https://"),
                    "{code}: {}",
                    link.url
                );
            }
        }
    }

    #[test]
    fn an_unknown_or_missing_region_falls_back_to_the_international_entry() {
        let c = catalog();
        assert_eq!(c.for_region(Some("XQ"), "en").region, FALLBACK_REGION);
        assert_eq!(c.for_region(None, "en").region, FALLBACK_REGION);
        assert_eq!(c.for_region(Some("de"), "en").region, "DE");
    }

    #[test]
    fn the_text_opens_with_the_emergency_number_and_says_nothing_of_the_therapist() {
        let r = catalog().for_region(Some("GB"), "en");
        assert!(
            r.text.starts_with("If you are in danger now, call 999"),
            "{}",
            r.text
        );
        assert!(!r.text.to_lowercase().contains("therapist"), "{}", r.text);
    }

    #[test]
    fn after_a_signal_the_text_says_what_really_happens() {
        let c = catalog();
        let sent = c.after_signal(Some("DE"), "en", true, false);
        assert!(
            sent.text
                .contains("We are sending your therapist a message now")
        );
        assert!(!sent.text.contains("has been notified"));
        let unsent = c.after_signal(Some("DE"), "en", false, true);
        assert!(
            unsent
                .text
                .contains("the next time they open IPT Companion")
        );
        assert!(unsent.text.contains("safety plan"));
        assert_eq!(unsent.has_safety_plan, Some(true));
    }

    #[test]
    fn a_region_code_is_two_upper_case_letters() {
        assert!(is_region_code("DE"));
        assert!(!is_region_code("de"));
        assert!(!is_region_code("DEU"));
    }
}
