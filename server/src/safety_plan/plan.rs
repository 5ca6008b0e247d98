//! The plan's rules: what one line may hold, what a phone number may hold, how long a list
//! may be. A [`SafetyPlan`] can only be made by [`SafetyPlan::parse`], so one that exists is
//! valid; [`PlanContents`] is what a stored plan says, read back without checking again (a
//! client in crisis must see the plan it has, even if a rule tightens later).

use super::dto::{ContactBody, SafetyPlanRequest};
use crate::error::{ApiError, FieldErrors};
use serde::{Deserialize, Serialize};

/// At most this many items in each of the seven parts.
pub const MAX_ITEMS: usize = 20;
/// At most this many characters in one line (after trimming).
pub const MAX_TEXT_CHARS: usize = 500;
/// At most this many characters in a phone number (after trimming).
pub const MAX_PHONE_CHARS: usize = 40;

/// Tab, line feed and carriage return may appear in free text; no other control character.
fn has_forbidden_control(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// One line of a plan (a warning sign, a coping strategy, a name…): 1–500 characters after
/// trimming, no control characters but tab and line breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanText(String);

impl PlanText {
    /// Trims and checks `raw`.
    ///
    /// # Errors
    /// Empty after trimming, longer than 500 characters, or holding control characters.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let text = raw.trim();
        if text.is_empty() {
            return Err("must not be empty");
        }
        if text.chars().count() > MAX_TEXT_CHARS {
            return Err("must be at most 500 characters");
        }
        if has_forbidden_control(text) {
            return Err("must not contain control characters");
        }
        Ok(Self(text.to_owned()))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A phone number as the client writes it (`116 123`, `+49 30 1234567`, `988`): 1–40
/// characters after trimming, on one line. Not checked further: crisis lines and text services
/// have every shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    /// Trims and checks `raw`.
    ///
    /// # Errors
    /// Empty after trimming, longer than 40 characters, or holding control characters.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let phone = raw.trim();
        if phone.is_empty() {
            return Err("must not be empty (leave it out instead)");
        }
        if phone.chars().count() > MAX_PHONE_CHARS {
            return Err("must be at most 40 characters");
        }
        if crate::extract::breaks_single_line(phone) {
            return Err(crate::extract::SINGLE_LINE_MESSAGE);
        }
        Ok(Self(phone.to_owned()))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Someone to call: a person who helps, or a professional or crisis line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub name: PlanText,
    pub phone: Option<Phone>,
}

/// A checked Stanley–Brown safety plan (the seven parts, in the order of the plan).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafetyPlan {
    warning_signs: Vec<PlanText>,
    coping_strategies: Vec<PlanText>,
    distractions: Vec<PlanText>,
    people_to_ask: Vec<Contact>,
    professionals: Vec<Contact>,
    environment_safety: Vec<PlanText>,
    reasons_for_living: Vec<PlanText>,
}

/// Collects every problem of a body, keyed by field path (`warning_signs[3]`). The relapse
/// plan and the formulation check their lines with it too.
#[derive(Default)]
pub(crate) struct Problems(FieldErrors);

impl Problems {
    /// Records `message` about the field at `path`.
    pub(crate) fn add(&mut self, path: String, message: &str) {
        self.0.entry(path).or_default().push(message.to_owned());
    }

    /// `value` when nothing was recorded, else every problem.
    pub(crate) fn finish<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self.0)
        }
    }

    fn list_length(&mut self, field: &str, len: usize) {
        if len > MAX_ITEMS {
            self.add(field.to_owned(), &format!("must have at most {MAX_ITEMS} items"));
        }
    }

    /// Checks a list of lines (at most 20, each a [`PlanText`]).
    pub(crate) fn lines(&mut self, field: &str, raw: &[String]) -> Vec<PlanText> {
        self.list_length(field, raw.len());
        raw.iter()
            .enumerate()
            .filter_map(|(i, line)| {
                PlanText::parse(line)
                    .map_err(|m| self.add(format!("{field}[{i}]"), m))
                    .ok()
            })
            .collect()
    }

    /// Checks a list of contacts (at most 20, each a name and perhaps a phone).
    pub(crate) fn contacts(&mut self, field: &str, raw: &[ContactBody]) -> Vec<Contact> {
        self.list_length(field, raw.len());
        raw.iter()
            .enumerate()
            .filter_map(|(i, contact)| {
                let name = PlanText::parse(&contact.name)
                    .map_err(|m| self.add(format!("{field}[{i}].name"), m))
                    .ok();
                let phone = match contact.phone.as_deref().map(Phone::parse) {
                    None => Some(None),
                    Some(Ok(phone)) => Some(Some(phone)),
                    Some(Err(m)) => {
                        self.add(format!("{field}[{i}].phone"), m);
                        None
                    }
                };
                Some(Contact {
                    name: name?,
                    phone: phone?,
                })
            })
            .collect()
    }
}

/// Why a body is not a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanRefusal {
    /// Lines or lists that break a rule, keyed by field path.
    Fields(FieldErrors),
    /// Every part is empty: such a "plan" would replace one the client can use with nothing.
    Empty,
}

impl From<PlanRefusal> for ApiError {
    fn from(refusal: PlanRefusal) -> Self {
        match refusal {
            PlanRefusal::Fields(errors) => Self::Validation(errors),
            PlanRefusal::Empty => Self::SafetyPlanEmpty,
        }
    }
}

impl SafetyPlan {
    /// Checks a body: at most 20 items per part, each line 1–500 characters after trimming,
    /// each phone number 1–40, and at least one item in one of the parts.
    ///
    /// # Errors
    /// Every problem, keyed by field path; `Empty` for a body that breaks no other rule and
    /// has every part empty.
    pub fn parse(body: &SafetyPlanRequest) -> Result<Self, PlanRefusal> {
        let mut problems = Problems::default();
        let plan = Self {
            warning_signs: problems.lines("warning_signs", &body.warning_signs),
            coping_strategies: problems.lines("coping_strategies", &body.coping_strategies),
            distractions: problems.lines("distractions", &body.distractions),
            people_to_ask: problems.contacts("people_to_ask", &body.people_to_ask),
            professionals: problems.contacts("professionals", &body.professionals),
            environment_safety: problems.lines("environment_safety", &body.environment_safety),
            reasons_for_living: problems.lines("reasons_for_living", &body.reasons_for_living),
        };
        let plan = problems.finish(plan).map_err(PlanRefusal::Fields)?;
        if plan.contents().is_empty() {
            return Err(PlanRefusal::Empty);
        }
        Ok(plan)
    }

    /// What the plan says, as it is stored and shown.
    #[must_use]
    pub fn contents(&self) -> PlanContents {
        let lines = |items: &[PlanText]| texts(items);
        let contacts = |items: &[Contact]| items.iter().map(ContactContents::from).collect();
        PlanContents {
            warning_signs: lines(&self.warning_signs),
            coping_strategies: lines(&self.coping_strategies),
            distractions: lines(&self.distractions),
            people_to_ask: contacts(&self.people_to_ask),
            professionals: contacts(&self.professionals),
            environment_safety: lines(&self.environment_safety),
            reasons_for_living: lines(&self.reasons_for_living),
        }
    }
}

/// What a stored plan says (the `plan` column's JSON). Written only from a checked
/// [`SafetyPlan`]; read back as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanContents {
    pub warning_signs: Vec<String>,
    pub coping_strategies: Vec<String>,
    pub distractions: Vec<String>,
    pub people_to_ask: Vec<ContactContents>,
    pub professionals: Vec<ContactContents>,
    pub environment_safety: Vec<String>,
    pub reasons_for_living: Vec<String>,
}

impl PlanContents {
    /// Whether every part is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Whether a client in crisis can use the plan: at least one warning sign to recognise the
    /// moment, one coping strategy to try alone, and one person or professional with a phone
    /// number to call. Only then may a text say "your safety plan is in the app".
    #[must_use]
    pub fn is_usable(&self) -> bool {
        let callable = |contacts: &[ContactContents]| {
            contacts
                .iter()
                .any(|c| c.phone.as_deref().is_some_and(|p| !p.trim().is_empty()))
        };
        !self.warning_signs.is_empty()
            && !self.coping_strategies.is_empty()
            && (callable(&self.people_to_ask) || callable(&self.professionals))
    }
}

/// Lines as they are stored.
pub(crate) fn texts(items: &[PlanText]) -> Vec<String> {
    items.iter().map(|t| t.as_str().to_owned()).collect()
}

impl From<&Contact> for ContactContents {
    fn from(c: &Contact) -> Self {
        Self {
            name: c.name.as_str().to_owned(),
            phone: c.phone.as_ref().map(|p| p.as_str().to_owned()),
        }
    }
}

/// A stored contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactContents {
    pub name: String,
    #[serde(default)]
    pub phone: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(json: serde_json::Value) -> SafetyPlanRequest {
        serde_json::from_value(json).expect("a body")
    }

    fn empty() -> serde_json::Value {
        serde_json::json!({
            "warning_signs": [], "coping_strategies": [], "distractions": [],
            "people_to_ask": [], "professionals": [], "environment_safety": [],
            "reasons_for_living": []
        })
    }

    #[test]
    fn a_line_is_trimmed() {
        assert_eq!(
            PlanText::parse("  take a walk \n").map(|t| t.as_str().to_owned()),
            Ok("take a walk".to_owned())
        );
    }

    #[test]
    fn a_blank_line_is_rejected() {
        assert!(PlanText::parse(" \t\n").is_err());
    }

    #[test]
    fn a_line_of_500_characters_is_accepted_and_one_of_501_is_not() {
        assert!(PlanText::parse(&"ä".repeat(500)).is_ok());
        assert!(PlanText::parse(&"ä".repeat(501)).is_err());
    }

    #[test]
    fn a_line_may_break_but_not_hold_other_control_characters() {
        assert!(PlanText::parse("first\nsecond\tthird").is_ok());
        assert!(PlanText::parse("nul\u{0}inside").is_err());
        assert!(PlanText::parse("bell\u{7}").is_err());
    }

    #[test]
    fn a_phone_number_of_41_characters_is_rejected() {
        assert!(Phone::parse(&"1".repeat(40)).is_ok());
        assert!(Phone::parse(&"1".repeat(41)).is_err());
        assert!(Phone::parse("  ").is_err());
        assert!(Phone::parse("030\n123").is_err());
    }

    #[test]
    fn a_plan_with_every_part_empty_is_refused_as_empty() {
        assert_eq!(SafetyPlan::parse(&body(empty())), Err(PlanRefusal::Empty));
    }

    #[test]
    fn a_plan_with_one_line_in_one_part_is_accepted() {
        let mut json = empty();
        json["reasons_for_living"] = serde_json::json!(["My daughter"]);
        let plan = SafetyPlan::parse(&body(json)).expect("valid");
        assert!(!plan.contents().is_empty());
    }

    #[test]
    fn a_plan_is_usable_with_a_warning_sign_a_coping_strategy_and_someone_to_call() {
        let mut json = empty();
        json["warning_signs"] = serde_json::json!(["I stop answering messages"]);
        json["coping_strategies"] = serde_json::json!(["Walk"]);
        json["people_to_ask"] = serde_json::json!([{"name": "Ana"}]);
        let contents = SafetyPlan::parse(&body(json.clone()))
            .expect("valid")
            .contents();
        assert!(!contents.is_usable(), "nobody with a phone number");

        json["professionals"] = serde_json::json!([{"name": "Crisis line", "phone": "988"}]);
        let contents = SafetyPlan::parse(&body(json.clone()))
            .expect("valid")
            .contents();
        assert!(contents.is_usable());

        json["coping_strategies"] = serde_json::json!([]);
        let contents = SafetyPlan::parse(&body(json)).expect("valid").contents();
        assert!(!contents.is_usable(), "no coping strategy");
    }

    #[test]
    fn every_problem_is_reported_by_path() {
        let mut json = empty();
        json["warning_signs"] = serde_json::json!(["fine", " "]);
        json["reasons_for_living"] = serde_json::json!(vec!["x"; 21]);
        json["people_to_ask"] = serde_json::json!([{"name": "", "phone": "1".repeat(41)}]);
        json["professionals"] = serde_json::json!([{"name": "Dr. Ada", "phone": "030 1234"}]);
        let Err(PlanRefusal::Fields(errors)) = SafetyPlan::parse(&body(json)) else {
            panic!("invalid by field");
        };
        for path in [
            "warning_signs[1]",
            "reasons_for_living",
            "people_to_ask[0].name",
            "people_to_ask[0].phone",
        ] {
            assert!(errors.contains_key(path), "{path}: {errors:?}");
        }
        assert_eq!(errors.len(), 4, "{errors:?}");
    }

    #[test]
    fn contents_keep_the_order_and_the_trimmed_text() {
        let mut json = empty();
        json["coping_strategies"] = serde_json::json!([" breathe ", "music"]);
        json["professionals"] =
            serde_json::json!([{"name": " Crisis line ", "phone": " 988 "}, {"name": "GP"}]);
        let contents = SafetyPlan::parse(&body(json)).expect("valid").contents();
        assert_eq!(contents.coping_strategies, ["breathe", "music"]);
        assert_eq!(
            contents.professionals,
            [
                ContactContents {
                    name: "Crisis line".into(),
                    phone: Some("988".into())
                },
                ContactContents {
                    name: "GP".into(),
                    phone: None
                }
            ]
        );
    }
}
