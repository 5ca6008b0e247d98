//! The audit trail as the API shows it.

use chrono::{DateTime, Utc};
use entities::audit_entry;
use sea_orm::ActiveEnum;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// One entry of the trail.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryResponse {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    /// `therapist`, `client` or `anonymous`.
    #[schema(schema_with = crate::wire::string_enum::<audit_entry::ActorRole>)]
    pub actor_role: String,
    #[schema(schema_with = crate::wire::string_enum::<audit_entry::AuditAction>)]
    pub action: String,
    #[schema(schema_with = crate::wire::string_enum::<audit_entry::ObjectType>)]
    pub object_type: String,
    pub object_id: Option<Uuid>,
    /// `success`, `denied` or `failure`.
    #[schema(schema_with = crate::wire::string_enum::<audit_entry::Outcome>)]
    pub outcome: String,
    /// Where the request came from.
    pub source: Option<String>,
}

impl From<&audit_entry::Model> for AuditEntryResponse {
    fn from(row: &audit_entry::Model) -> Self {
        Self {
            id: row.id,
            at: row.at,
            actor_id: row.actor_id,
            actor_role: row.actor_role.to_value(),
            action: row.action.to_value(),
            object_type: row.object_type.to_value(),
            object_id: row.object_id,
            outcome: row.outcome.to_value(),
            source: row.source.clone(),
        }
    }
}
