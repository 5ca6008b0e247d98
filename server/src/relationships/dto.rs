//! The inventory as the API shows it, and parsing a person's fields.

use crate::wire::Text;
use super::model::RelationshipFields;
use crate::domain::{Rating, Score0To10};
use chrono::{DateTime, Utc};
use entities::relationship;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// A person of the client's interpersonal inventory, as the client or the therapist enters them.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "id": "0193a3c2-1d4e-7a6b-8c9d-0e1f2a3b4c5d",
    "label": "My sister",
    "role": "sister",
    "closeness": 1,
    "support": 8,
    "conflict": 3,
    "note": "We talk every Sunday."
}))]
pub struct RelationshipRequest {
    /// Made by the phone for offline writes (create only; ignored nowhere else).
    pub id: Option<Uuid>,
    /// How the client refers to the person ("Mum", "my manager").
    #[validate(nested)]
    pub label: Text<1, 100>,
    /// partner, parent, friend, colleague…
    #[validate(nested)]
    pub role: Option<Text<0, 100>>,
    /// Circle of closeness: 1 (closest) to 3.
    #[validate(range(min = 1, max = 3, message = "must be 1, 2 or 3"))]
    #[schema(minimum = 1, maximum = 3)]
    pub closeness: i64,
    /// Free text, at most 2000 characters.
    #[validate(nested)]
    pub note: Option<Text<0, 2000>>,
    /// What is satisfying in this relationship.
    #[validate(nested)]
    pub satisfying: Option<Text<0, 2000>>,
    /// What is unsatisfying in it.
    #[validate(nested)]
    pub unsatisfying: Option<Text<0, 2000>>,
    /// What each expects of the other.
    #[validate(nested)]
    pub expectations: Option<Text<0, 2000>>,
    /// How much support the client gets from the person: 0 (none) to 10 (a great deal).
    /// Optional; as with every optional field, leaving it out (or null) on a `PUT` clears it,
    /// since the body replaces the whole person.
    #[validate(nested)]
    pub support: Option<Rating>,
    /// How much conflict there is with the person: 0 (none) to 10 (constant). Optional; as
    /// with every optional field, leaving it out (or null) on a `PUT` clears it.
    #[validate(nested)]
    pub conflict: Option<Rating>,
}

/// A checked rating as stored.
fn rating(raw: Rating) -> Option<i32> {
    Score0To10::parse(raw).ok().map(|s| i32::from(s.get()))
}

impl RelationshipRequest {
    pub(crate) fn fields(self) -> RelationshipFields {
        RelationshipFields {
            label: self.label.trim().to_owned(),
            role: self.role.map(String::from),
            closeness: i32::try_from(self.closeness).unwrap_or(1),
            note: self.note.map(String::from),
            satisfying: self.satisfying.map(String::from),
            unsatisfying: self.unsatisfying.map(String::from),
            expectations: self.expectations.map(String::from),
            // The validator has kept both within their bounds (`Rating`).
            support: self.support.and_then(rating),
            conflict: self.conflict.and_then(rating),
        }
    }
}

/// A person of the client's interpersonal inventory.
#[derive(Debug, Serialize, ToSchema)]
pub struct RelationshipResponse {
    /// The id.
    pub id: Uuid,
    /// How the client refers to the person ("Mum", "my manager").
    pub label: String,
    /// The person's role in the client's life: partner, parent, friend, colleague…
    pub role: Option<String>,
    /// Circle of closeness: 1 (closest) to 3.
    pub closeness: i32,
    /// Free text about the person.
    pub note: Option<String>,
    /// What is satisfying in this relationship.
    pub satisfying: Option<String>,
    /// What is unsatisfying in it.
    pub unsatisfying: Option<String>,
    /// What each expects of the other.
    pub expectations: Option<String>,
    /// How much support the client gets from the person, 0–10; null when not rated.
    #[schema(minimum = 0, maximum = 10)]
    pub support: Option<i32>,
    /// How much conflict there is with the person, 0–10; null when not rated.
    #[schema(minimum = 0, maximum = 10)]
    pub conflict: Option<i32>,
    /// When the person was added.
    pub created_at: DateTime<Utc>,
    /// When the person's fields last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<&relationship::Model> for RelationshipResponse {
    fn from(row: &relationship::Model) -> Self {
        Self {
            id: row.id.uuid(),
            label: row.label.clone(),
            role: row.role.clone(),
            closeness: row.closeness,
            note: row.note.clone(),
            satisfying: row.satisfying.clone(),
            unsatisfying: row.unsatisfying.clone(),
            expectations: row.expectations.clone(),
            support: row.support,
            conflict: row.conflict,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}
