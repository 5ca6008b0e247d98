//! The relapse-prevention plan's domain types: what a stored plan says.

use crate::audit::ObjectType;
use crate::documents::Document;
use crate::safety_plan::plan::ContactContents;
use entities::client_document::DocumentKind;
use serde::{Deserialize, Serialize};

/// What a stored relapse plan says. Written only from a checked body; read back as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelapsePlanContents {
    /// The client's early signs that depression is coming back.
    pub warning_signs: Vec<String>,
    /// What helped during treatment and should go on.
    pub what_helped: Vec<String>,
    /// Whom to turn to.
    pub people_to_contact: Vec<ContactContents>,
    /// When to seek professional help again.
    pub when_to_seek_help: Vec<String>,
}

impl Document for RelapsePlanContents {
    const KIND: DocumentKind = DocumentKind::RelapsePlan;
    const OBJECT: ObjectType = ObjectType::RelapsePlan;
}
