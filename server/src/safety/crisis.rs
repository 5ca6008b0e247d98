//! Crisis resources: who to call, per region, and what the app tells a client after a safety
//! signal. Numbers and links are per region (built in from `crisis_resources.json`, whose
//! sources are in `docs/crisis-resources.md`, and overridable per deployment); sentences are
//! per language (`locales/*/crisis.ftl`), and so are the labels of the built-in services, which
//! the data names by id (`label_id`). Every sentence about the therapist says only what the
//! server really does.

use crate::i18n::Lang;
use anyhow::Context;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use utoipa::ToSchema;

/// What a client may be told happens after a signal: only what really happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// A notification to the therapist is on its way now (through at least one channel);
    /// `on_call`: on-call is being told at the same time (an urgent signal).
    Sending {
        /// On-call is told at once too.
        on_call: bool,
    },
    /// The signal joined an open episode whose therapist notification was already sent or
    /// queued: nothing new is sent, the therapist sees this signal with the others.
    AlreadySent,
    /// Nothing is sent: the therapist sees it the next time they open the product.
    NextOpen,
    /// Nothing is sent and nothing was stored (a refused submission without an alert): the
    /// text says nothing of the therapist.
    Unsaid,
}

/// The international fallback ("ZZ" is CLDR's code for an unknown region).
pub const FALLBACK_REGION: &str = "ZZ";
/// The language of a deployment's own text when it has none in the one asked for.
const DEFAULT_LANGUAGE: &str = "en";

/// A phone number or web page to reach help.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CrisisLink {
    pub label: String,
    /// A URL (`https://…`) or a phone link (`tel:…`).
    pub url: String,
}

/// A link as the data gives it: a deployment's own `label`, as written, or the id of a shipped
/// label (`label_id`, a text of `locales/*/crisis.ftl`) that is shown in the client's language.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
struct LinkEntry {
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    label_id: Option<String>,
    url: String,
}

impl LinkEntry {
    fn in_language(&self, lang: &Lang) -> CrisisLink {
        CrisisLink {
            label: match (&self.label, &self.label_id) {
                (Some(own), _) => own.clone(),
                (None, Some(id)) => lang.text(id),
                (None, None) => String::new(),
            },
            url: self.url.clone(),
        }
    }

    /// Exactly one of `label` and `label_id`, the id one that ships.
    fn check(&self) -> anyhow::Result<()> {
        match (&self.label, &self.label_id) {
            (Some(_), None) => Ok(()),
            (None, Some(id)) if Lang::english().try_text(id).is_some() => Ok(()),
            (None, Some(id)) => anyhow::bail!("no shipped crisis label has the id {id}"),
            _ => anyhow::bail!("the link to {} needs a label or a label_id", self.url),
        }
    }
}

impl From<CrisisLink> for LinkEntry {
    fn from(link: CrisisLink) -> Self {
        Self {
            label: Some(link.label),
            label_id: None,
            url: link.url,
        }
    }
}

/// A domestic-violence service as the app shows it: a number to dial, a web page, or both.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct DvLine {
    pub label: String,
    /// The number as dialled (`08000116016`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// An `https://` page of the service.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A domestic-violence service as the data gives it: labelled like a link (`label` or
/// `label_id`), with a number to dial, a web page, or both.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
struct DvEntry {
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    label_id: Option<String>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

impl DvEntry {
    fn in_language(&self, lang: &Lang) -> DvLine {
        DvLine {
            label: match (&self.label, &self.label_id) {
                (Some(own), _) => own.clone(),
                (None, Some(id)) => lang.text(id),
                (None, None) => String::new(),
            },
            phone: self.phone.clone(),
            url: self.url.clone(),
        }
    }

    /// A label as for links; a number of digits (a leading `+` allowed) or an `https://` page,
    /// at least one of them: a phone dials exactly what is stored.
    fn check(&self) -> anyhow::Result<()> {
        LinkEntry {
            label: self.label.clone(),
            label_id: self.label_id.clone(),
            url: self
                .phone
                .clone()
                .or_else(|| self.url.clone())
                .unwrap_or_default(),
        }
        .check()?;
        anyhow::ensure!(
            self.phone.is_some() || self.url.is_some(),
            "a domestic-violence entry needs a phone or a url"
        );
        if let Some(phone) = &self.phone {
            let digits = phone.strip_prefix('+').unwrap_or(phone);
            anyhow::ensure!(
                !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()),
                "the domestic-violence number {phone} is not digits as dialled"
            );
        }
        if let Some(url) = &self.url {
            anyhow::ensure!(
                url.starts_with("https://"),
                "the domestic-violence page {url} is not https"
            );
        }
        Ok(())
    }
}

impl DvLine {
    /// The line as one of the resources' links: its number to dial, else its page.
    fn as_link(&self) -> Option<CrisisLink> {
        let url = match (&self.phone, &self.url) {
            (Some(phone), _) => format!("tel:{phone}"),
            (None, Some(url)) => url.clone(),
            (None, None) => return None,
        };
        Some(CrisisLink {
            label: self.label.clone(),
            url,
        })
    }
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
    /// The region's domestic-violence services (possibly none).
    pub domestic_violence: Vec<DvLine>,
}

impl CrisisResources {
    /// The member of a refused write's problem (409, 422) that carries the crisis resources
    /// when its answers held a safety signal: the client sees who to call even when the write
    /// itself failed. The OpenAPI document describes it under this name.
    pub const PROBLEM_MEMBER: &'static str = "crisis_resources";
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
    links: Vec<LinkEntry>,
    /// Domestic-violence services, shown first when speaking up could be dangerous.
    #[serde(default)]
    domestic_violence: Vec<DvEntry>,
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
        for entry in built_in.regions.values() {
            entry.links.iter().try_for_each(LinkEntry::check)?;
            entry
                .domestic_violence
                .iter()
                .try_for_each(DvEntry::check)?;
        }
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
                    entry
                        .links
                        .iter()
                        .try_for_each(LinkEntry::check)
                        .with_context(|| format!("{code} in {}", path.display()))?;
                    entry
                        .domestic_violence
                        .iter()
                        .try_for_each(DvEntry::check)
                        .with_context(|| format!("{code} in {}", path.display()))?;
                    let base = catalog.regions.remove(&code).unwrap_or_default();
                    catalog.regions.insert(code, merge(base, entry));
                }
            }
            OverrideFile::Legacy(legacy) => {
                catalog.everywhere = Some(RegionEntry {
                    name: None,
                    emergency: None,
                    links: legacy.links.into_iter().map(LinkEntry::from).collect(),
                    domestic_violence: Vec::new(),
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
    pub fn for_region(&self, region: Option<&str>, lang: &Lang) -> CrisisResources {
        let (code, entry) = self.resolve(region);
        let links: Vec<CrisisLink> = entry.links.iter().map(|l| l.in_language(lang)).collect();
        CrisisResources {
            text: help_text(entry, &links, lang),
            links,
            has_safety_plan: None,
            domestic_violence: self.domestic_violence(&code, lang),
            region: code,
        }
    }

    /// The domestic-violence services of the region `code` (as resolved), in `lang`. A v1
    /// override file for every region has none of its own: the region's built-in ones stay.
    fn domestic_violence(&self, code: &str, lang: &Lang) -> Vec<DvLine> {
        self.regions
            .get(code)
            .map(|entry| {
                entry
                    .domestic_violence
                    .iter()
                    .map(|l| l.in_language(lang))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// What a client sees who said that speaking up could put them in danger (`notice`: `Some`
    /// after a "yes", saying what happens next) or was unsure (`None`): the region's
    /// domestic-violence services first, in the text and in the links, then the emergency
    /// number, then, after a "yes", what really happens next.
    #[must_use]
    pub fn danger_at_home(
        &self,
        region: Option<&str>,
        lang: &Lang,
        notice: Option<Notice>,
        has_safety_plan: bool,
    ) -> CrisisResources {
        let (code, entry) = self.resolve(region);
        let dv = self.domestic_violence(&code, lang);
        let general: Vec<CrisisLink> = entry.links.iter().map(|l| l.in_language(lang)).collect();
        let mut parts = Vec::new();
        if !dv.is_empty() {
            let lines: Vec<&str> = dv.iter().map(|l| l.label.as_str()).collect();
            parts.push(lang.text_with(
                "crisis-danger-at-home",
                &[("lines", lines.join("; ").into())],
            ));
        }
        // With no service for violence at home, the general lines are the help there is.
        parts.push(if dv.is_empty() {
            help_text(entry, &general, lang)
        } else {
            emergency_text(entry, lang)
        });
        match notice {
            Some(notice) => {
                parts.extend(notice.text_id().map(|id| lang.text(id)));
                // As after any signal: point to a usable plan, else say how to get one.
                parts.push(lang.text(if has_safety_plan {
                    "crisis-safety-plan"
                } else {
                    "crisis-no-safety-plan"
                }));
            }
            None => parts.push(lang.text("crisis-danger-at-home-unsure")),
        }
        let mut links: Vec<CrisisLink> = dv.iter().filter_map(DvLine::as_link).collect();
        links.extend(general);
        CrisisResources {
            region: code,
            text: parts.join(" "),
            links,
            has_safety_plan: notice.map(|_| has_safety_plan),
            domestic_violence: dv,
        }
    }

    /// What a client sees at once after a safety signal: who to call, then what really happens
    /// next (`notice`), and whether a safety plan is there to open.
    #[must_use]
    pub fn after_signal(
        &self,
        region: Option<&str>,
        lang: &Lang,
        notice: Notice,
        has_safety_plan: bool,
    ) -> CrisisResources {
        let mut resources = self.for_region(region, lang);
        let mut text = resources.text;
        if let Some(next) = notice.text_id() {
            text.push(' ');
            text.push_str(&lang.text(next));
        }
        // Point to a plan only when it is there and usable; else say how to get one.
        text.push(' ');
        text.push_str(&lang.text(if has_safety_plan {
            "crisis-safety-plan"
        } else {
            "crisis-no-safety-plan"
        }));
        resources.text = text;
        resources.has_safety_plan = Some(has_safety_plan);
        resources
    }
}

impl Notice {
    /// The id of the sentence that says what happens next, if any is said.
    fn text_id(self) -> Option<&'static str> {
        match self {
            Self::Sending { on_call: false } => Some("crisis-notifying"),
            Self::Sending { on_call: true } => Some("crisis-notifying-on-call"),
            Self::AlreadySent => Some("crisis-already-notified"),
            Self::NextOpen => Some("crisis-not-notifying"),
            Self::Unsaid => None,
        }
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
    if !over.domestic_violence.is_empty() {
        base.domestic_violence = over.domestic_violence;
    }
    base.text.extend(over.text);
    base
}

/// The help part: the emergency number first, then who else to talk to (the phone lines of
/// `links`, the entry's in `lang`); a region with no phone line names its websites as
/// websites, never as someone to talk to.
fn help_text(entry: &RegionEntry, links: &[CrisisLink], lang: &Lang) -> String {
    if let Some(own) = entry
        .text
        .get(&lang.code())
        .or_else(|| entry.text.get(DEFAULT_LANGUAGE))
    {
        return own.clone();
    }
    let mut text = emergency_text(entry, lang);
    let labels = |phone: bool| -> Vec<&str> {
        links
            .iter()
            .filter(|l| l.url.starts_with("tel:") == phone)
            .map(|l| l.label.as_str())
            .collect()
    };
    let (lead, labels) = match labels(true) {
        phones if !phones.is_empty() => ("crisis-talk-now", phones),
        _ => ("crisis-websites", labels(false)),
    };
    if !labels.is_empty() {
        text.push(' ');
        text.push_str(&lang.text(lead));
        text.push(' ');
        text.push_str(&labels.join("; "));
        text.push('.');
    }
    text
}

/// The emergency number of `entry`'s region (or the advice to call the local one), or the
/// deployment's own help text.
fn emergency_text(entry: &RegionEntry, lang: &Lang) -> String {
    if let Some(own) = entry
        .text
        .get(&lang.code())
        .or_else(|| entry.text.get(DEFAULT_LANGUAGE))
    {
        return own.clone();
    }
    match &entry.emergency {
        Some(number) => lang.text_with(
            "crisis-danger-with-number",
            &[("number", number.clone().into())],
        ),
        None => lang.text("crisis-danger-without-number"),
    }
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
        assert_eq!(
            c.for_region(Some("XQ"), &Lang::english()).region,
            FALLBACK_REGION
        );
        assert_eq!(c.for_region(None, &Lang::english()).region, FALLBACK_REGION);
        assert_eq!(c.for_region(Some("de"), &Lang::english()).region, "DE");
    }

    #[test]
    fn the_text_opens_with_the_emergency_number_and_says_nothing_of_the_therapist() {
        let r = catalog().for_region(Some("GB"), &Lang::english());
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
        let sent = c.after_signal(
            Some("DE"),
            &Lang::english(),
            Notice::Sending { on_call: false },
            false,
        );
        assert!(
            sent.text
                .contains("We are sending your therapist a message now")
        );
        assert!(!sent.text.contains("has been notified"));
        let unsent = c.after_signal(Some("DE"), &Lang::english(), Notice::NextOpen, true);
        assert!(
            unsent
                .text
                .contains("the next time they open IPT Companion")
        );
        assert!(unsent.text.contains("safety plan"));
        assert_eq!(unsent.has_safety_plan, Some(true));
    }

    #[test]
    fn after_a_signal_the_text_points_to_a_plan_only_when_there_is_one_in_every_language() {
        let c = catalog();
        for lang in crate::i18n::shipped() {
            let with = c.after_signal(Some("DE"), lang, Notice::NextOpen, true);
            let without = c.after_signal(Some("DE"), lang, Notice::NextOpen, false);
            let pointer = lang.text("crisis-safety-plan");
            let make_one = lang.text("crisis-no-safety-plan");
            assert!(!make_one.starts_with("crisis-"), "{lang:?}");
            assert!(with.text.ends_with(&pointer), "{lang:?}: {}", with.text);
            assert!(!with.text.contains(&make_one), "{lang:?}");
            assert!(
                without.text.ends_with(&make_one),
                "{lang:?}: {}",
                without.text
            );
            assert!(!without.text.contains(&pointer), "{lang:?}");
            assert_eq!(without.has_safety_plan, Some(false));
            if *lang != Lang::english() {
                assert_ne!(
                    make_one,
                    Lang::english().text("crisis-no-safety-plan"),
                    "{lang:?} has its own text"
                );
            }
        }
        let english = c.after_signal(None, &Lang::english(), Notice::Unsaid, false);
        assert!(
            english
                .text
                .contains("You and your therapist can make a safety plan together"),
            "{}",
            english.text
        );
    }

    #[test]
    fn the_text_and_the_labels_are_in_the_language_asked_for() {
        let c = catalog();
        let german = Lang::negotiate(["de"]);
        let sent = c.after_signal(
            Some("DE"),
            &german,
            Notice::Sending { on_call: false },
            true,
        );
        assert!(
            sent.text
                .starts_with("Wenn Sie jetzt in Gefahr sind, rufen Sie die 112 an"),
            "{}",
            sent.text
        );
        assert!(
            sent.text
                .contains("TelefonSeelsorge: 0800 111 0 111 (kostenlos")
        );
        assert!(sent.text.contains("Sicherheitsplan"), "{}", sent.text);
        assert_eq!(sent.links[0].url, "tel:08001110111");
        let spanish = c.for_region(None, &Lang::negotiate(["es"]));
        assert_eq!(
            spanish.links[0].label,
            "Find A Helpline, un sitio web con líneas de ayuda de su país"
        );
        for (code, entry) in &c.regions {
            for lang in crate::i18n::shipped() {
                for link in &entry.links {
                    let label = link.in_language(lang).label;
                    assert!(
                        !label.is_empty() && !label.starts_with("crisis-link-"),
                        "{code} {lang:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn without_a_region_the_text_names_112_and_calls_a_website_a_website() {
        for lang in crate::i18n::shipped() {
            let r = catalog().for_region(None, lang);
            assert!(r.text.contains("112"), "{lang:?}: {}", r.text);
            assert!(
                r.text.ends_with(&format!(
                    "{} {}.",
                    lang.text("crisis-websites"),
                    lang.text("crisis-link-zz-find-a-helpline")
                )),
                "{lang:?}: {}",
                r.text
            );
            assert!(
                !r.text.contains(&lang.text("crisis-talk-now")),
                "{lang:?}: {}",
                r.text
            );
        }
        let english = catalog().for_region(None, &Lang::english()).text;
        assert!(
            english
                .contains("In the EU and on most mobile phones, 112 reaches emergency services."),
            "{english}"
        );
        assert!(english.contains("a website listing helplines"), "{english}");
    }

    #[test]
    fn talking_to_someone_is_offered_before_phone_lines_only() {
        let r = catalog().for_region(Some("US"), &Lang::english());
        let talk = r.text.split_once("You can also talk to someone now: ");
        let (_, listed) = talk.unwrap_or_else(|| panic!("{}", r.text));
        // The phone line is named; the chat website is not offered as a voice to talk to.
        assert!(listed.contains("call or text 988"), "{}", r.text);
        assert!(!listed.contains("chat online"), "{}", r.text);
        assert!(!r.text.contains("On the web"), "{}", r.text);
    }

    #[test]
    fn a_link_needs_a_label_or_the_id_of_a_shipped_one() {
        let link = |label: Option<&str>, label_id: Option<&str>| LinkEntry {
            label: label.map(str::to_owned),
            label_id: label_id.map(str::to_owned),
            url: "tel:112".into(),
        };
        assert!(link(Some("Our line"), None).check().is_ok());
        assert!(
            link(None, Some("crisis-link-zz-find-a-helpline"))
                .check()
                .is_ok()
        );
        assert!(link(None, Some("crisis-link-nowhere")).check().is_err());
        assert!(link(None, None).check().is_err());
        assert!(
            link(Some("Our line"), Some("crisis-link-zz-find-a-helpline"))
                .check()
                .is_err()
        );
    }

    fn dv(label: Option<&str>, phone: Option<&str>, url: Option<&str>) -> DvEntry {
        DvEntry {
            label: label.map(str::to_owned),
            label_id: None,
            phone: phone.map(str::to_owned),
            url: url.map(str::to_owned),
        }
    }

    #[test]
    fn a_domestic_violence_entry_needs_a_label_and_a_dialable_number_or_an_https_page() {
        assert!(dv(Some("Line"), Some("08000116016"), None).check().is_ok());
        assert!(
            dv(Some("Line"), Some("+441234"), Some("https://x.example/"))
                .check()
                .is_ok()
        );
        assert!(
            dv(Some("Line"), None, Some("https://x.example/"))
                .check()
                .is_ok()
        );
        assert!(dv(None, Some("08000116016"), None).check().is_err());
        assert!(dv(Some("Line"), None, None).check().is_err());
        assert!(
            dv(Some("Line"), Some("0800 011 6016"), None)
                .check()
                .is_err()
        );
        assert!(dv(Some("Line"), Some("tel:116016"), None).check().is_err());
        assert!(
            dv(Some("Line"), None, Some("http://x.example/"))
                .check()
                .is_err()
        );
    }

    fn with_dv_in_gb() -> CrisisCatalog {
        let mut c = catalog();
        let gb = c.regions.get_mut("GB").expect("built in");
        gb.domestic_violence = vec![
            dv(
                Some("Home Safe Line"),
                Some("08082000247"),
                Some("https://safe.example/"),
            ),
            dv(Some("Home Safe Chat"), None, Some("https://chat.example/")),
        ];
        c
    }

    #[test]
    fn danger_at_home_names_the_domestic_violence_lines_first_then_the_emergency_number() {
        let r = with_dv_in_gb().danger_at_home(
            Some("GB"),
            &Lang::english(),
            Some(Notice::Sending { on_call: false }),
            false,
        );
        assert!(
            r.text.starts_with(
                "If speaking up could put you in danger, you do not have to do it. Help with violence at home: Home Safe Line; Home Safe Chat."
            ),
            "{}",
            r.text
        );
        let emergency = r.text.find("call 999").expect("the emergency number");
        let next = r
            .text
            .find("We are sending your therapist")
            .expect("what happens next");
        assert!(emergency < next, "{}", r.text);
        assert_eq!(r.links[0].url, "tel:08082000247");
        assert_eq!(r.links[1].url, "https://chat.example/");
        assert_eq!(r.domestic_violence.len(), 2);
        assert_eq!(r.has_safety_plan, Some(false));
    }

    #[test]
    fn an_unsure_client_gets_the_same_help_but_no_word_of_a_message() {
        let r = with_dv_in_gb().danger_at_home(Some("GB"), &Lang::english(), None, true);
        assert!(r.text.starts_with("If speaking up could put you in danger"));
        assert!(r.text.contains("call 999"));
        assert!(!r.text.contains("message"), "{}", r.text);
        assert!(!r.text.contains("safety plan"), "{}", r.text);
        assert_eq!(r.has_safety_plan, None);
        assert_eq!(r.links[0].url, "tel:08082000247");
    }

    #[test]
    fn without_a_domestic_violence_line_the_general_help_is_shown() {
        let mut c = catalog();
        if let Some(zz) = c.regions.get_mut(FALLBACK_REGION) {
            zz.domestic_violence.clear();
        }
        let r = c.danger_at_home(Some("XQ"), &Lang::english(), Some(Notice::NextOpen), false);
        assert_eq!(r.region, FALLBACK_REGION);
        assert!(r.text.starts_with("If you are in danger now"), "{}", r.text);
        assert!(r.text.contains("next time they open"), "{}", r.text);
        assert!(!r.links.is_empty());
    }

    #[test]
    fn the_signed_out_resources_carry_the_domestic_violence_lines() {
        let r = with_dv_in_gb().for_region(Some("GB"), &Lang::english());
        assert_eq!(r.domestic_violence[0].phone.as_deref(), Some("08082000247"));
        assert_eq!(r.domestic_violence[1].phone, None);
        assert!(
            !r.text.contains("violence"),
            "the general text stays as it was"
        );
    }

    #[test]
    fn every_built_in_region_has_a_domestic_violence_line_in_every_language() {
        let c = catalog();
        for (code, entry) in &c.regions {
            assert!(!entry.domestic_violence.is_empty(), "{code}");
            for lang in crate::i18n::shipped() {
                for line in &entry.domestic_violence {
                    let label = line.in_language(lang).label;
                    assert!(
                        !label.is_empty() && !label.starts_with("crisis-"),
                        "{code} {lang:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_region_code_is_two_upper_case_letters() {
        assert!(is_region_code("DE"));
        assert!(!is_region_code("de"));
        assert!(!is_region_code("DEU"));
    }
}
