//! The IPT problem areas, a closed set the API and the storage name alike.

use sea_orm::entity::prelude::*;

/// The four IPT problem areas. Stored by name (a homework's focus); the API uses the same names.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    utoipa::ToSchema,
    EnumIter,
    DeriveActiveEnum,
)]
#[serde(rename_all = "snake_case")]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum ProblemArea {
    /// Complicated bereavement.
    #[sea_orm(string_value = "grief")]
    Grief,
    /// A disagreement with someone important about what each expects.
    #[sea_orm(string_value = "role_dispute")]
    RoleDispute,
    /// A life change: a new role, a lost one.
    #[sea_orm(string_value = "role_transition")]
    RoleTransition,
    /// Few or unsatisfying relationships.
    #[sea_orm(string_value = "interpersonal_deficits")]
    InterpersonalDeficits,
}

impl ProblemArea {
    /// The stored name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Grief => "grief",
            Self::RoleDispute => "role_dispute",
            Self::RoleTransition => "role_transition",
            Self::InterpersonalDeficits => "interpersonal_deficits",
        }
    }

    /// # Errors
    /// Not one of the four names.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        match raw {
            "grief" => Ok(Self::Grief),
            "role_dispute" => Ok(Self::RoleDispute),
            "role_transition" => Ok(Self::RoleTransition),
            "interpersonal_deficits" => Ok(Self::InterpersonalDeficits),
            _ => Err("unknown problem area"),
        }
    }
}
