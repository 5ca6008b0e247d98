//! Request and response bodies of `/api/v1/clients/{client_id}/relapse-plan`.

use super::model::RelapsePlanContents;
use crate::documents::{PlanAuthor, Version};
use crate::safety_plan::dto::ContactBody;
use crate::safety_plan::plan::{ContactContents, Problems};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// The plan as the therapist and the client write it together. Every part is required and may
/// be empty; `PUT` replaces the whole plan. Up to 20 items per part, each line 1–500
/// characters after trimming.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RelapsePlanRequest {
    /// The client's early signs that depression may be coming back.
    #[schema(max_items = 20, example = json!(["Sleeping badly for a week", "Cancelling on friends"]))]
    pub warning_signs: Vec<String>,
    /// What helped during treatment and should go on.
    #[schema(max_items = 20)]
    pub what_helped: Vec<String>,
    /// People to contact when the signs appear.
    #[schema(max_items = 20)]
    pub people_to_contact: Vec<ContactBody>,
    /// When to seek professional help again (e.g. two weeks of low mood).
    #[schema(max_items = 20)]
    pub when_to_seek_help: Vec<String>,
}

impl RelapsePlanContents {
    /// Checks a body with the safety plan's rules: at most 20 items per part, each line 1–500
    /// characters after trimming, each phone number 1–40.
    ///
    /// # Errors
    /// Every problem, keyed by field path.
    pub fn parse(body: &RelapsePlanRequest) -> Result<Self, crate::error::FieldErrors> {
        use crate::safety_plan::plan::texts;
        let mut problems = Problems::default();
        let warning_signs = texts(&problems.lines("warning_signs", &body.warning_signs));
        let what_helped = texts(&problems.lines("what_helped", &body.what_helped));
        let people_to_contact = problems
            .contacts("people_to_contact", &body.people_to_contact)
            .iter()
            .map(ContactContents::from)
            .collect();
        let when_to_seek_help =
            texts(&problems.lines("when_to_seek_help", &body.when_to_seek_help));
        problems.finish(Self {
            warning_signs,
            what_helped,
            people_to_contact,
            when_to_seek_help,
        })
    }
}

/// The current version of the client's relapse-prevention plan.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelapsePlanResponse {
    /// The client's early signs that depression may be coming back.
    pub warning_signs: Vec<String>,
    /// What helped during treatment and should go on.
    pub what_helped: Vec<String>,
    /// People to contact when the signs appear.
    pub people_to_contact: Vec<ContactBody>,
    /// When to seek professional help again.
    pub when_to_seek_help: Vec<String>,
    /// 1 for the first version, one more for each write after it; the `ETag` is this number
    /// in quotes.
    #[schema(minimum = 1, example = 2)]
    pub version: i32,
    /// When this version was written.
    pub updated_at: DateTime<Utc>,
    /// Who wrote this version.
    pub updated_by: PlanAuthor,
}

impl From<&Version<RelapsePlanContents>> for RelapsePlanResponse {
    fn from(v: &Version<RelapsePlanContents>) -> Self {
        Self {
            warning_signs: v.contents.warning_signs.clone(),
            what_helped: v.contents.what_helped.clone(),
            people_to_contact: v
                .contents
                .people_to_contact
                .iter()
                .map(ContactBody::from)
                .collect(),
            when_to_seek_help: v.contents.when_to_seek_help.clone(),
            version: v.version,
            updated_at: v.updated_at,
            updated_by: v.updated_by,
        }
    }
}
