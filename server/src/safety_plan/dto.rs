//! Request and response bodies of `/api/v1/clients/{client_id}/safety-plan`.

use super::plan::{ContactContents, MAX_ITEMS, MAX_TEXT_CHARS};
use super::service::PlanVersion;
use crate::documents::{PlanAuthor, VersionInfo};
use crate::safety::crisis::CrisisLink;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
use validator::Validate;

/// The schema of a part that lists lines: up to 20 strings of 1–500 characters.
fn lines_schema(step: &str) -> ArrayBuilder {
    ArrayBuilder::new()
        .items(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(MAX_TEXT_CHARS)),
        )
        .max_items(Some(MAX_ITEMS))
        .description(Some(format!(
            "{step} Up to {MAX_ITEMS} items, each 1–{MAX_TEXT_CHARS} characters after trimming."
        )))
}

// One schema per part, so that each carries its step of the plan (utoipa's `schema_with`
// takes a function without arguments).
fn warning_signs_schema() -> ArrayBuilder {
    lines_schema(
        "Step 1: warning signs that a crisis may be developing (thoughts, moods, situations).",
    )
}
fn coping_strategies_schema() -> ArrayBuilder {
    lines_schema(
        "Step 2: internal coping strategies, things to do alone to take one's mind off problems.",
    )
}
fn distractions_schema() -> ArrayBuilder {
    lines_schema("Step 3: people and social settings that provide distraction.")
}
fn environment_safety_schema() -> ArrayBuilder {
    lines_schema("Step 6: making the environment safe (keeping lethal means away).")
}
fn reasons_for_living_schema() -> ArrayBuilder {
    lines_schema("Step 7: reasons for living, what matters most to the client.")
}

/// Someone to call: a person who helps, or a professional or crisis line.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = SafetyPlanContact)]
pub struct ContactBody {
    /// 1–500 characters after trimming.
    #[schema(min_length = 1, max_length = 500, example = "My sister Ana")]
    pub name: String,
    /// As the client writes it; 1–40 characters after trimming. Null or absent = none.
    #[serde(default)]
    #[schema(min_length = 1, max_length = 40, example = "+49 30 1234567")]
    pub phone: Option<String>,
}

impl From<&ContactContents> for ContactBody {
    fn from(c: &ContactContents) -> Self {
        Self {
            name: c.name.clone(),
            phone: c.phone.clone(),
        }
    }
}

/// The plan as the therapist and the client write it together (Stanley–Brown). Every part is
/// required and may be empty; `PUT` replaces the whole plan.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SafetyPlanRequest {
    /// Step 1: warning signs that a crisis may be developing (thoughts, moods, situations).
    #[schema(schema_with = warning_signs_schema)]
    pub warning_signs: Vec<String>,
    /// Step 2: internal coping strategies, things to do alone to take one's mind off problems.
    #[schema(schema_with = coping_strategies_schema)]
    pub coping_strategies: Vec<String>,
    /// Step 3: people and social settings that provide distraction.
    #[schema(schema_with = distractions_schema)]
    pub distractions: Vec<String>,
    /// Step 4: people to ask for help. Up to 20.
    #[schema(max_items = 20)]
    pub people_to_ask: Vec<ContactBody>,
    /// Step 5: professionals and agencies to contact in a crisis, crisis lines included. Up
    /// to 20.
    #[schema(max_items = 20)]
    pub professionals: Vec<ContactBody>,
    /// Step 6: making the environment safe (keeping lethal means away).
    #[schema(schema_with = environment_safety_schema)]
    pub environment_safety: Vec<String>,
    /// Step 7: reasons for living, what matters most to the client.
    #[schema(schema_with = reasons_for_living_schema)]
    pub reasons_for_living: Vec<String>,
}

/// The current version of the client's plan.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SafetyPlanResponse {
    /// Step 1: warning signs that a crisis may be developing (thoughts, moods, situations).
    #[schema(schema_with = warning_signs_schema)]
    pub warning_signs: Vec<String>,
    /// Step 2: internal coping strategies, things to do alone to take one's mind off problems.
    #[schema(schema_with = coping_strategies_schema)]
    pub coping_strategies: Vec<String>,
    /// Step 3: people and social settings that provide distraction.
    #[schema(schema_with = distractions_schema)]
    pub distractions: Vec<String>,
    /// Step 4: people to ask for help.
    #[schema(max_items = 20)]
    pub people_to_ask: Vec<ContactBody>,
    /// Step 5: professionals and agencies to contact in a crisis, crisis lines included.
    #[schema(max_items = 20)]
    pub professionals: Vec<ContactBody>,
    /// Step 6: making the environment safe (keeping lethal means away).
    #[schema(schema_with = environment_safety_schema)]
    pub environment_safety: Vec<String>,
    /// Step 7: reasons for living, what matters most to the client.
    #[schema(schema_with = reasons_for_living_schema)]
    pub reasons_for_living: Vec<String>,
    /// 1 for the first version, one more for each write after it; the `ETag` is this number
    /// in quotes.
    #[schema(minimum = 1, example = 3)]
    pub version: i32,
    /// When this version was written.
    pub updated_at: DateTime<Utc>,
    /// Who wrote this version.
    pub updated_by: PlanAuthor,
    /// Only on reads (`GET …/safety-plan`, `…/versions/{version}`): the crisis lines of the
    /// client's region, in the request's language, for the app to offer in step 5 when the
    /// plan names no professional or line of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region_crisis_lines: Option<Vec<CrisisLink>>,
}

impl SafetyPlanResponse {
    /// The answer to a read: the version with the region's crisis lines.
    #[must_use]
    pub fn read(version: &PlanVersion, region_crisis_lines: Vec<CrisisLink>) -> Self {
        Self {
            region_crisis_lines: Some(region_crisis_lines),
            ..Self::from(version)
        }
    }
}

/// One version in the plan's history: which, when, and by whom.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SafetyPlanVersionSummary {
    /// The version's number (`GET …/safety-plan/versions/{version}` reads it).
    #[schema(minimum = 1, example = 2)]
    pub version: i32,
    /// When it was written.
    pub updated_at: DateTime<Utc>,
    /// Who wrote it.
    pub updated_by: PlanAuthor,
}

impl From<VersionInfo> for SafetyPlanVersionSummary {
    fn from(v: VersionInfo) -> Self {
        Self {
            version: v.version,
            updated_at: v.updated_at,
            updated_by: v.updated_by,
        }
    }
}

impl From<&PlanVersion> for SafetyPlanResponse {
    fn from(v: &PlanVersion) -> Self {
        let contacts = |items: &[ContactContents]| items.iter().map(ContactBody::from).collect();
        Self {
            warning_signs: v.contents.warning_signs.clone(),
            coping_strategies: v.contents.coping_strategies.clone(),
            distractions: v.contents.distractions.clone(),
            people_to_ask: contacts(&v.contents.people_to_ask),
            professionals: contacts(&v.contents.professionals),
            environment_safety: v.contents.environment_safety.clone(),
            reasons_for_living: v.contents.reasons_for_living.clone(),
            version: v.version,
            updated_at: v.updated_at,
            updated_by: v.updated_by,
            region_crisis_lines: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// utoipa takes only a literal for `max_items`: the plans' lists that say `20` there must
    /// say what the parser (`plan::Problems`) enforces.
    #[test]
    fn every_list_of_both_plans_documents_the_size_the_parser_enforces() {
        let doc = crate::startup::openapi_document();
        let mut lists = 0;
        for name in ["SafetyPlanRequest", "RelapsePlanRequest"] {
            let properties = doc["components"]["schemas"][name]["properties"]
                .as_object()
                .expect("the plan's properties")
                .clone();
            for (field, schema) in properties {
                lists += 1;
                assert_eq!(schema["maxItems"], MAX_ITEMS, "{name}.{field}");
            }
        }
        assert_eq!(lists, 11);
    }

    #[test]
    fn a_contact_without_a_phone_reads_as_null() {
        let contact: ContactBody = serde_json::from_str(r#"{"name": "Ana"}"#).expect("valid");
        assert_eq!(contact.phone, None);
        assert!(serde_json::from_str::<ContactBody>(r#"{"name": "Ana", "email": "x"}"#).is_err());
    }
}
