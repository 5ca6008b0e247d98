//! The formulation's domain types: what a stored formulation says, its goals, and the IPT
//! structure of each problem area.

use crate::audit::ObjectType;
use crate::documents::Document;
use crate::domain::ProblemArea;
use entities::client_document::DocumentKind;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Where a role dispute stands (Weissman, Markowitz & Klerman).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DisputeStage {
    /// The two still talk about their differences, and try to settle them.
    Renegotiation,
    /// Talking has stopped; resentment stays.
    Impasse,
    /// The relationship is ending, or has ended.
    Dissolution,
}

/// A role dispute's structure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleDispute {
    /// Where the dispute stands.
    pub stage: DisputeStage,
}

/// A role transition's structure: the role left and the role taken up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleTransition {
    /// The role left behind, 1–500 characters (e.g. "employed engineer").
    #[schema(min_length = 1, max_length = 500, example = "Full-time engineer")]
    pub old_role: String,
    /// The new role, 1–500 characters (e.g. "retired").
    #[schema(min_length = 1, max_length = 500, example = "Retired")]
    pub new_role: String,
}

/// A grief's structure: whom the client grieves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Grief {
    /// The person who died, as the client names them, 1–500 characters.
    #[schema(min_length = 1, max_length = 500, example = "My father")]
    pub person: String,
}

/// One goal as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalContents {
    /// Stable across versions: ratings name it.
    pub id: Uuid,
    /// The problem area it belongs to (one of the formulation's).
    pub problem_area: ProblemArea,
    /// The goal in words.
    pub text: String,
}

/// What a stored formulation says. Written only from a checked body; read back as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormulationContents {
    /// One or two problem areas.
    pub problem_areas: Vec<ProblemArea>,
    /// The interpersonal formulation in words.
    pub summary: String,
    /// The goals, each for one of the problem areas.
    pub goals: Vec<GoalContents>,
    /// Present only when `problem_areas` has `role_dispute`.
    #[serde(default)]
    pub role_dispute: Option<RoleDispute>,
    /// Present only when `problem_areas` has `role_transition`.
    #[serde(default)]
    pub role_transition: Option<RoleTransition>,
    /// Present only when `problem_areas` has `grief`.
    #[serde(default)]
    pub grief: Option<Grief>,
}

impl Document for FormulationContents {
    const KIND: DocumentKind = DocumentKind::Formulation;
    const OBJECT: ObjectType = ObjectType::Formulation;

    fn also_write(
        &self,
        write: &crate::write::ClientWrite,
        now: chrono::DateTime<chrono::Utc>,
    ) -> impl Future<Output = Result<(), sea_orm::DbErr>> {
        super::service::set_problem_areas(write, self, now)
    }
}

impl FormulationContents {
    /// The goal with `id`, if the formulation has it.
    #[must_use]
    pub fn goal(&self, id: Uuid) -> Option<&GoalContents> {
        self.goals.iter().find(|g| g.id == id)
    }
}
