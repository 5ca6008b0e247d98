//! The relapse-prevention plan as a kind of client record (`crate::client_record`).

use super::dto::RelapsePlanResponse;
use super::model::RelapsePlanContents;
use crate::client_record::{Changed, ClientRecord, ExportContext, Fhir};
use crate::documents::service as documents;
use entities::ClientId;
use entities::audit_entry::ObjectType;
use sea_orm::{ConnectionTrait, DbErr};

/// The relapse-prevention plan (a versioned document).
pub(crate) struct RelapsePlan;

impl ClientRecord for RelapsePlan {
    const NAME: &'static str = "relapse_plan";
    const TABLES: &'static [&'static str] = &["client_documents", "client_document_versions"];
    const AUDIT: ObjectType = ObjectType::RelapsePlan;
    const FHIR: Fhir<Self::Exported> =
        Fhir::None("no FHIR profile for a relapse plan is agreed with the clinics");
    type Data = RelapsePlanResponse;
    type Exported = Option<RelapsePlanResponse>;

    async fn changes_since<C: ConnectionTrait>(
        db: &C,
        client: ClientId,
        since: i64,
        _: u64,
    ) -> Result<Vec<Changed<RelapsePlanResponse>>, DbErr> {
        Ok(
            documents::changed_since::<RelapsePlanContents, _>(db, client, since)
                .await?
                .map(|plan| Changed {
                    id: client.uuid(),
                    seq: plan.change_seq,
                    data: Some(RelapsePlanResponse::from(&plan)),
                })
                .into_iter()
                .collect(),
        )
    }

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
    ) -> Result<Self::Exported, DbErr> {
        let plan = documents::load::<RelapsePlanContents, _>(db, ctx.id()).await?;
        Ok(plan.as_ref().map(RelapsePlanResponse::from))
    }
}
