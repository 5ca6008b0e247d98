//! The interpersonal inventory's domain types: the editable fields of a person in it.

use entities::relationship;

/// The editable fields of a person in the inventory (already validated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationshipFields {
    pub label: String,
    pub role: Option<String>,
    pub closeness: i32,
    pub note: Option<String>,
    pub satisfying: Option<String>,
    pub unsatisfying: Option<String>,
    pub expectations: Option<String>,
    /// 0–10, or `None` when not rated.
    pub support: Option<i32>,
    /// 0–10, or `None` when not rated.
    pub conflict: Option<i32>,
}

impl RelationshipFields {
    pub(super) fn of(row: &relationship::Model) -> Self {
        Self {
            label: row.label.clone(),
            role: row.role.clone(),
            closeness: row.closeness,
            note: row.note.clone(),
            satisfying: row.satisfying.clone(),
            unsatisfying: row.unsatisfying.clone(),
            expectations: row.expectations.clone(),
            support: row.support,
            conflict: row.conflict,
        }
    }
}
