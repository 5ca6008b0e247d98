//! The exercise library and exercise logs as the API shows them, and parsing a new log.

use crate::wire::Text;
use super::find;
use super::model::{Exercise, NewExerciseLog, Prompt};
use crate::domain::{Rating, Score0To10, to_utc_micros};
use crate::error::ApiError;
use crate::error::FieldErrors;
use crate::i18n::Lang;
use crate::safety::crisis::CrisisResources;
use chrono::{DateTime, FixedOffset, Utc};
use entities::exercise_log::SafetyCheck;
use entities::{ExerciseLogId, RelationshipId, exercise_log};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// The answer to an exercise's danger question: could speaking up put the client in danger?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SafetyAnswer {
    /// It could: the therapist is alerted and the answer carries crisis resources.
    Yes,
    /// It could not.
    No,
    /// The client is not sure: crisis resources, and the therapist's dashboard says so.
    Unsure,
}

impl From<SafetyAnswer> for SafetyCheck {
    fn from(a: SafetyAnswer) -> Self {
        match a {
            SafetyAnswer::Yes => Self::Yes,
            SafetyAnswer::No => Self::No,
            SafetyAnswer::Unsure => Self::Unsure,
        }
    }
}

impl From<SafetyCheck> for SafetyAnswer {
    fn from(c: SafetyCheck) -> Self {
        match c {
            SafetyCheck::Yes => Self::Yes,
            SafetyCheck::No => Self::No,
            SafetyCheck::Unsure => Self::Unsure,
        }
    }
}

/// One question of an exercise, as the app shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PromptResponse {
    /// Stable key (snake_case) a log's `responses` uses for the answer.
    pub key: &'static str,
    /// The question as shown in the app, in the client's language.
    pub label: String,
    /// Longest answer accepted, in characters.
    pub max_chars: usize,
    /// For a rating, the whole numbers it accepts (sent as text, e.g. `"7"`); `null` for text.
    pub scale: Option<ScaleResponse>,
    /// No longer asked (old logs may still answer it); a new log may not.
    pub retired: bool,
}

/// The range of a rating.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScaleResponse {
    /// The lowest answer.
    pub min: u8,
    /// The highest answer.
    pub max: u8,
}

/// A built-in communication-skill exercise, as the app lists it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExerciseResponse {
    /// Stable key (snake_case) that exercise logs and homework refer to.
    pub key: &'static str,
    /// Title as listed in the app, in the client's language.
    pub title: String,
    /// The IPT skill or technique practised.
    pub skill: String,
    /// What to do, addressed to the client in plain language.
    pub instructions: String,
    /// Problem areas it fits best; empty for all.
    #[schema(value_type = Vec<crate::domain::ProblemArea>)]
    pub problem_areas: &'static [&'static str],
    /// What a log's `responses` may answer, by key.
    pub prompts: Vec<PromptResponse>,
    /// The phases of treatment it serves.
    pub phases: Vec<crate::domain::Phase>,
    /// A question to ask before starting, where speaking up could put the client at risk
    /// (if the answer is yes, the client talks with the therapist first); `null` for most.
    pub safety_check: Option<String>,
}

impl ExerciseResponse {
    /// `e` with its texts in `lang`, speaking of the reader's safety plan as `plan` allows.
    #[must_use]
    pub fn new(e: &Exercise, lang: &Lang, plan: crate::documents::Mention) -> Self {
        Self {
            key: e.key,
            title: e.title(lang),
            skill: e.skill(lang),
            instructions: e.instructions(lang, plan),
            problem_areas: e.problem_areas,
            prompts: e
                .prompts
                .iter()
                .map(|p| PromptResponse {
                    key: p.key,
                    label: e.label(p, lang),
                    max_chars: p.max_chars,
                    scale: p.scale.map(|(min, max)| ScaleResponse { min, max }),
                    retired: p.retired,
                })
                .collect(),
            phases: e.phases.to_vec(),
            safety_check: e.safety_check(lang),
        }
    }
}

/// A practice of an exercise as the client logs it on the phone.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "id": "0193a3c3-5b6c-7d8e-9f0a-1b2c3d4e5f60",
    "exercise_key": "communication_analysis",
    "practiced_at": "2026-03-04T18:45:00+01:00",
    "difficulty": 6,
    "outcome": 7,
    "responses": {
        "what_i_wanted": "To be asked before plans are made.",
        "what_i_said": "I said I felt left out."
    }
}))]
pub struct CreateExerciseLogRequest {
    /// Made by the phone for offline writes; replays are answered, never duplicated.
    pub id: Option<Uuid>,
    /// Key of the built-in exercise practised.
    pub exercise_key: String,
    /// When the client practised (RFC 3339 with offset).
    pub practiced_at: DateTime<FixedOffset>,
    /// 0–10: how hard it was.
    #[validate(nested)]
    pub difficulty: Option<Rating>,
    /// 0–10: how well it went.
    #[validate(nested)]
    pub outcome: Option<Rating>,
    /// Free text, at most 2000 characters.
    #[validate(nested)]
    pub note: Option<Text<0, 2000>>,
    /// Answers to the exercise's prompts, by prompt key.
    pub responses: Option<BTreeMap<String, String>>,
    /// The answer to the exercise's danger question (`safety_check` of the exercise): `yes`
    /// alerts the therapist; `yes` and `unsure` answer with crisis resources, the region's
    /// domestic-violence lines first. Only for exercises that ask it.
    pub safety_check: Option<SafetyAnswer>,
    /// The person of the client's inventory speaking up is about (only with the danger question).
    pub relationship_id: Option<Uuid>,
}

/// A stored practice of an exercise.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExerciseLogResponse {
    /// The id.
    pub id: Uuid,
    /// Key of the built-in exercise practised.
    pub exercise_key: String,
    /// When the client practised, in UTC.
    pub practiced_at: DateTime<Utc>,
    /// How hard it was, 0–10; null when not rated.
    pub difficulty: Option<i32>,
    /// How well it went, 0–10; null when not rated.
    pub outcome: Option<i32>,
    /// Free text the client wrote, if any.
    pub note: Option<String>,
    /// Answers to the exercise's prompts, by prompt key; null when none were given.
    pub responses: Option<BTreeMap<String, String>>,
    /// The answer to the exercise's danger question; null when it was not asked.
    pub safety_check: Option<SafetyAnswer>,
    /// The person of the client's inventory the danger question was about.
    pub relationship_id: Option<Uuid>,
    /// When the client answered `yes` or `unsure` to the danger question, in the answer to
    /// the write only: the region's domestic-violence lines first, then the emergency number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crisis_resources: Option<CrisisResources>,
}

impl From<&exercise_log::Model> for ExerciseLogResponse {
    fn from(row: &exercise_log::Model) -> Self {
        Self {
            id: row.id.uuid(),
            exercise_key: row.exercise_key.clone(),
            practiced_at: row.practiced_at,
            difficulty: row.difficulty,
            outcome: row.outcome,
            note: row.note.clone(),
            responses: responses_of(row),
            safety_check: row.safety_check.map(SafetyAnswer::from),
            relationship_id: row.relationship_id.map(RelationshipId::uuid),
            crisis_resources: None,
        }
    }
}

impl TryFrom<CreateExerciseLogRequest> for NewExerciseLog {
    type Error = ApiError;

    /// Checks what the validator cannot: the exercise exists and the answers fit its prompts.
    fn try_from(body: CreateExerciseLogRequest) -> Result<Self, ApiError> {
        let exercise = find(&body.exercise_key)
            .ok_or_else(|| ApiError::field("exercise_key", "is not a built-in exercise"))?;
        if let Some(responses) = &body.responses {
            check_responses(exercise, responses)?;
        }
        // Only an exercise that asks the danger question takes its answer and its person.
        if !exercise.safety_check {
            let mut errors = FieldErrors::new();
            for (field, given) in [
                ("safety_check", body.safety_check.is_some()),
                ("relationship_id", body.relationship_id.is_some()),
            ] {
                if given {
                    errors
                        .entry(field.to_owned())
                        .or_default()
                        .push("is not asked by this exercise".into());
                }
            }
            if !errors.is_empty() {
                return Err(ApiError::Validation(errors));
            }
        }
        let score = |path: &'static str, raw: Option<Rating>| {
            raw.map(Score0To10::parse)
                .transpose()
                .map_err(|m| ApiError::field(path, m))
        };
        Ok(NewExerciseLog {
            id: body.id.map_or_else(ExerciseLogId::new, ExerciseLogId::from),
            exercise,
            practiced_at: to_utc_micros(body.practiced_at),
            difficulty: score("difficulty", body.difficulty)?,
            outcome: score("outcome", body.outcome)?,
            note: body.note.map(String::from),
            responses: body.responses,
            safety_check: body.safety_check.map(SafetyCheck::from),
            relationship: body.relationship_id.map(RelationshipId::from),
        })
    }
}

/// The stored answers.
#[must_use]
pub fn responses_of(row: &exercise_log::Model) -> Option<BTreeMap<String, String>> {
    row.responses
        .as_deref()
        .and_then(|raw| serde_json::from_str(raw).ok())
}

/// Checks answers against the exercise's prompts: only its keys, each within its length.
///
/// # Errors
/// A 422 naming each offending `responses.<key>`.
pub fn check_responses(
    exercise: &Exercise,
    responses: &BTreeMap<String, String>,
) -> Result<(), ApiError> {
    let mut errors = FieldErrors::new();
    for (key, answer) in responses {
        let path = format!("responses.{key}");
        match exercise.prompts.iter().find(|p| p.key == key) {
            None => errors
                .entry(path)
                .or_default()
                .push("is not a prompt of this exercise".into()),
            Some(prompt) if prompt.retired => errors
                .entry(path)
                .or_default()
                .push("is no longer asked by this exercise".into()),
            Some(Prompt {
                scale: Some((low, high)),
                ..
            }) if !answer
                .trim()
                .parse::<u8>()
                .is_ok_and(|n| (*low..=*high).contains(&n)) =>
            {
                errors
                    .entry(path)
                    .or_default()
                    .push(format!("must be a whole number from {low} to {high}"));
            }
            Some(prompt) if answer.chars().count() > prompt.max_chars => errors
                .entry(path)
                .or_default()
                .push(format!("must be at most {} characters", prompt.max_chars)),
            Some(_) => {}
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn communication_analysis() -> &'static Exercise {
        super::super::find("communication_analysis").expect("built in")
    }

    #[test]
    fn answers_to_known_prompts_pass() {
        let answers = BTreeMap::from([("what_i_said".to_owned(), "I said no.".to_owned())]);
        assert!(check_responses(communication_analysis(), &answers).is_ok());
    }

    #[test]
    fn an_answer_to_an_unknown_prompt_is_rejected_by_its_path() {
        let answers = BTreeMap::from([("favourite_colour".to_owned(), "blue".to_owned())]);
        match check_responses(communication_analysis(), &answers) {
            Err(ApiError::Validation(errors)) => {
                assert!(errors.contains_key("responses.favourite_colour"))
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn an_overlong_answer_is_rejected() {
        let answers = BTreeMap::from([("what_i_said".to_owned(), "x".repeat(2001))]);
        assert!(check_responses(communication_analysis(), &answers).is_err());
    }

    #[test]
    fn a_rating_takes_a_whole_number_in_its_range_only() {
        let role_play = find("role_play_rehearsal").expect("built in");
        let answer = |a: &str| {
            check_responses(
                role_play,
                &BTreeMap::from([("confidence_rating".to_owned(), a.to_owned())]),
            )
        };
        assert!(answer("0").is_ok());
        assert!(answer("10").is_ok());
        for bad in ["11", "-1", "high", "7.5", ""] {
            assert!(answer(bad).is_err(), "{bad:?}");
        }
        let inventory = find("interpersonal_inventory_review").expect("built in");
        let circle = |a: &str| {
            check_responses(
                inventory,
                &BTreeMap::from([("closeness_circle".to_owned(), a.to_owned())]),
            )
        };
        assert!(circle("3").is_ok());
        assert!(circle("0").is_err() && circle("4").is_err());
    }

    #[test]
    fn a_retired_prompt_is_listed_but_not_answered_by_a_new_log() {
        let role_play = find("role_play_rehearsal").expect("built in");
        assert!(
            role_play
                .prompts
                .iter()
                .any(|p| p.key == "how_confident_i_feel" && p.retired)
        );
        let old = BTreeMap::from([("how_confident_i_feel".to_owned(), "quite".to_owned())]);
        match check_responses(role_play, &old) {
            Err(ApiError::Validation(errors)) => {
                assert!(errors.contains_key("responses.how_confident_i_feel"))
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
    }
}
