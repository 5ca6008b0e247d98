//! Request and response bodies of `/api/v1/clients/{client_id}/formulation`.

use super::model::{FormulationContents, GoalContents, Grief, RoleDispute, RoleTransition};
use super::{MAX_GOALS, parse_line, parse_summary};
use crate::documents::{PlanAuthor, Version};
use crate::domain::ProblemArea;
use crate::error::FieldErrors;
use chrono::{DateTime, Utc};
use entities::goal_rating;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// One goal as the therapist writes it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalBody {
    /// The goal's id: leave it out for a new goal (the server assigns one); send it back to
    /// keep a goal and its ratings.
    pub id: Option<Uuid>,
    /// One of the formulation's `problem_areas`.
    pub problem_area: ProblemArea,
    /// The goal in words, 1–500 characters after trimming.
    #[schema(
        min_length = 1,
        max_length = 500,
        example = "Tell my partner what I need without a fight"
    )]
    pub text: String,
}

/// The formulation as the therapist writes it; `PUT` replaces it whole.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FormulationRequest {
    /// One or two IPT problem areas, no repeats. Writing the formulation sets the treatment's
    /// `problem_areas` to these.
    #[validate(length(min = 1, max = 2, message = "must name one or two problem areas"))]
    #[schema(min_items = 1, max_items = 2)]
    pub problem_areas: Vec<ProblemArea>,
    /// The interpersonal formulation in words, shared with the client: up to 4000 characters
    /// after trimming (may be empty).
    #[schema(max_length = 4000)]
    pub summary: String,
    /// Up to 10 goals, each for one of `problem_areas`.
    #[validate(length(max = 10, message = "must have at most 10 goals"))]
    #[schema(max_items = 10)]
    pub goals: Vec<GoalBody>,
    /// A role dispute's stage; only when `problem_areas` has `role_dispute`.
    #[serde(default)]
    pub role_dispute: Option<RoleDispute>,
    /// A transition's old and new role; only when `problem_areas` has `role_transition`.
    #[serde(default)]
    pub role_transition: Option<RoleTransition>,
    /// Whom the client grieves; only when `problem_areas` has `grief`.
    #[serde(default)]
    pub grief: Option<Grief>,
}

impl FormulationRequest {
    /// Checks the body; a goal without an id gets one from `new_id`.
    ///
    /// # Errors
    /// Every problem, keyed by field path.
    pub fn parse(
        self,
        mut new_id: impl FnMut() -> Uuid,
    ) -> Result<FormulationContents, FieldErrors> {
        let mut problems = FieldErrors::new();
        let mut add = |path: String, message: &str| {
            problems.entry(path).or_default().push(message.to_owned());
        };
        let areas = self.problem_areas;
        if areas.is_empty() || areas.len() > 2 {
            add("problem_areas".into(), "must name one or two problem areas");
        }
        if areas.len() == 2 && areas[0] == areas[1] {
            add("problem_areas".into(), "must not repeat a problem area");
        }
        let summary = parse_summary(&self.summary)
            .map_err(|m| add("summary".into(), m))
            .unwrap_or_default();
        if self.goals.len() > MAX_GOALS {
            add("goals".into(), "must have at most 10 goals");
        }
        let mut goals = Vec::with_capacity(self.goals.len());
        for (i, goal) in self.goals.into_iter().enumerate() {
            if !areas.contains(&goal.problem_area) {
                add(
                    format!("goals[{i}].problem_area"),
                    "must be one of the formulation's problem areas",
                );
            }
            let id = goal.id.unwrap_or_else(&mut new_id);
            if goals.iter().any(|g: &GoalContents| g.id == id) {
                add(format!("goals[{i}].id"), "is used by another goal");
            }
            match parse_line(&goal.text) {
                Ok(text) => goals.push(GoalContents {
                    id,
                    problem_area: goal.problem_area,
                    text,
                }),
                Err(m) => add(format!("goals[{i}].text"), m),
            }
        }
        let only_with = |area: ProblemArea| areas.contains(&area);
        if self.role_dispute.is_some() && !only_with(ProblemArea::RoleDispute) {
            add(
                "role_dispute".into(),
                "is only for a formulation with role_dispute",
            );
        }
        let role_transition = match self.role_transition {
            Some(_) if !only_with(ProblemArea::RoleTransition) => {
                add(
                    "role_transition".into(),
                    "is only for a formulation with role_transition",
                );
                None
            }
            Some(t) => {
                let old_role = parse_line(&t.old_role)
                    .map_err(|m| add("role_transition.old_role".into(), m))
                    .ok();
                let new_role = parse_line(&t.new_role)
                    .map_err(|m| add("role_transition.new_role".into(), m))
                    .ok();
                old_role
                    .zip(new_role)
                    .map(|(old_role, new_role)| RoleTransition { old_role, new_role })
            }
            None => None,
        };
        let grief = match self.grief {
            Some(_) if !only_with(ProblemArea::Grief) => {
                add("grief".into(), "is only for a formulation with grief");
                None
            }
            Some(g) => parse_line(&g.person)
                .map_err(|m| add("grief.person".into(), m))
                .ok()
                .map(|person| Grief { person }),
            None => None,
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(FormulationContents {
            problem_areas: areas,
            summary,
            goals,
            role_dispute: self.role_dispute,
            role_transition,
            grief,
        })
    }
}

/// A goal's rating at one held session.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GoalRatingResponse {
    /// The course the session belongs to.
    pub course_id: Uuid,
    /// The session's number in that course.
    #[schema(minimum = 1)]
    pub session_number: i32,
    /// 0 (no progress) to 10 (reached).
    #[schema(minimum = 0, maximum = 10)]
    pub rating: i16,
    /// When the therapist rated it.
    pub rated_at: DateTime<Utc>,
}

/// One goal with its ratings, oldest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GoalResponse {
    /// Stable across versions.
    pub id: Uuid,
    /// The problem area it belongs to.
    pub problem_area: ProblemArea,
    /// The goal in words.
    pub text: String,
    /// Its ratings at held sessions, in session order.
    pub ratings: Vec<GoalRatingResponse>,
}

/// The current version of the client's formulation.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FormulationResponse {
    /// One or two problem areas.
    pub problem_areas: Vec<ProblemArea>,
    /// The interpersonal formulation in words.
    pub summary: String,
    /// The goals with their ratings.
    pub goals: Vec<GoalResponse>,
    /// A role dispute's stage, if the formulation has one.
    pub role_dispute: Option<RoleDispute>,
    /// A transition's roles, if the formulation has one.
    pub role_transition: Option<RoleTransition>,
    /// Whom the client grieves, if the formulation has a grief.
    pub grief: Option<Grief>,
    /// 1 for the first version, one more for each write after it; the `ETag` is this number
    /// in quotes. Rating a goal does not change it.
    #[schema(minimum = 1, example = 2)]
    pub version: i32,
    /// When this version was written.
    pub updated_at: DateTime<Utc>,
    /// Who wrote this version (always the therapist).
    pub updated_by: PlanAuthor,
}

impl FormulationResponse {
    /// A version with the goals' ratings (`ratings`: any order, any goals).
    #[must_use]
    pub fn of(v: &Version<FormulationContents>, ratings: &[goal_rating::Model]) -> Self {
        let c = &v.contents;
        Self {
            problem_areas: c.problem_areas.clone(),
            summary: c.summary.clone(),
            goals: c
                .goals
                .iter()
                .map(|g| {
                    let mut mine: Vec<&goal_rating::Model> =
                        ratings.iter().filter(|r| r.goal_id == g.id).collect();
                    mine.sort_by_key(|r| (r.rated_at, r.session_number));
                    GoalResponse {
                        id: g.id,
                        problem_area: g.problem_area,
                        text: g.text.clone(),
                        ratings: mine
                            .into_iter()
                            .map(|r| GoalRatingResponse {
                                course_id: r.course_id,
                                session_number: r.session_number,
                                rating: r.rating,
                                rated_at: r.rated_at,
                            })
                            .collect(),
                    }
                })
                .collect(),
            role_dispute: c.role_dispute.clone(),
            role_transition: c.role_transition.clone(),
            grief: c.grief.clone(),
            version: v.version,
            updated_at: v.updated_at,
            updated_by: v.updated_by,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(json: serde_json::Value) -> FormulationRequest {
        serde_json::from_value(json).expect("a body")
    }

    fn ids() -> impl FnMut() -> Uuid {
        let mut n = 0u128;
        move || {
            n += 1;
            Uuid::from_u128(n)
        }
    }

    #[test]
    fn new_goals_get_ids_and_kept_goals_keep_theirs() {
        let kept = Uuid::from_u128(99);
        let f = body(serde_json::json!({
            "problem_areas": ["role_dispute"], "summary": " Fights with partner ",
            "goals": [{"problem_area": "role_dispute", "text": "Talk"},
                      {"id": kept, "problem_area": "role_dispute", "text": "Listen"}],
            "role_dispute": {"stage": "impasse"}
        }))
        .parse(ids())
        .expect("valid");
        assert_eq!(f.summary, "Fights with partner");
        assert_eq!(f.goals[0].id, Uuid::from_u128(1));
        assert_eq!(f.goals[1].id, kept);
        assert_eq!(
            f.role_dispute,
            Some(RoleDispute {
                stage: super::super::model::DisputeStage::Impasse
            })
        );
    }

    #[test]
    fn structures_and_goals_must_match_the_problem_areas() {
        let problems = body(serde_json::json!({
            "problem_areas": ["grief"], "summary": "",
            "goals": [{"problem_area": "role_dispute", "text": "x"}],
            "role_transition": {"old_role": "a", "new_role": "b"}
        }))
        .parse(ids())
        .expect_err("invalid");
        assert!(problems.contains_key("goals[0].problem_area"));
        assert!(problems.contains_key("role_transition"));
    }

    #[test]
    fn one_or_two_distinct_areas() {
        for areas in [
            serde_json::json!([]),
            serde_json::json!(["grief", "grief"]),
            serde_json::json!(["grief", "role_dispute", "role_transition"]),
        ] {
            let problems =
                body(serde_json::json!({"problem_areas": areas, "summary": "", "goals": []}))
                    .parse(ids())
                    .expect_err("invalid");
            assert!(problems.contains_key("problem_areas"), "{areas}");
        }
    }

    #[test]
    fn a_goal_id_is_used_once() {
        let id = Uuid::from_u128(5);
        let problems = body(serde_json::json!({
            "problem_areas": ["grief"], "summary": "",
            "goals": [{"id": id, "problem_area": "grief", "text": "a"},
                      {"id": id, "problem_area": "grief", "text": "b"}]
        }))
        .parse(ids())
        .expect_err("invalid");
        assert!(problems.contains_key("goals[1].id"));
    }
}
