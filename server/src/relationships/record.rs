//! The people of the interpersonal inventory as a kind of client record (`crate::client_record`).

use super::dto::RelationshipResponse;
use crate::client_record::{
    Changed, ClientRecord, ExportContext, Fhir, all_of, changes_from, synced,
};
use entities::audit_entry::ObjectType;
use entities::relationship;
use sea_orm::{ConnectionTrait, DbErr};

/// The people of the interpersonal inventory.
pub(crate) struct Relationships;

synced!(relationship, RelationshipResponse, |row| Changed {
    id: row.id.uuid(),
    seq: row.change_seq,
    data: row
        .deleted_at
        .is_none()
        .then(|| RelationshipResponse::from(&row)),
});

impl ClientRecord for Relationships {
    const NAME: &'static str = "relationship";
    const TABLES: &'static [&'static str] = &["relationships"];
    const AUDIT: ObjectType = ObjectType::Relationship;
    const FHIR: Fhir<Self::Exported> = Fhir::None(
        "the inventory names people other than the patient; the bundle carries no third parties",
    );
    type Data = RelationshipResponse;
    type Exported = Vec<RelationshipResponse>;

    changes_from!(relationship);

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
    ) -> Result<Self::Exported, DbErr> {
        use relationship::Column as Col;
        let rows =
            all_of::<relationship::Entity, _>(db, Col::ClientId, ctx.id(), Col::CreatedAt).await?;
        // A deleted person stays as a tombstone for the feed; the export holds the living.
        Ok(rows
            .iter()
            .filter(|r| r.deleted_at.is_none())
            .map(RelationshipResponse::from)
            .collect())
    }
}
