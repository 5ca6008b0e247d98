//! The safety plan and its versions as kinds of client record (`crate::client_record`).

use super::SafetyPlanResponse;
use crate::client_record::{Changed, ClientRecord, ExportContext, Fhir};
use entities::ClientId;
use entities::audit_entry::ObjectType;
use sea_orm::{ConnectionTrait, DbErr};

/// The safety plan (a versioned document): its current version.
pub(crate) struct SafetyPlan;

impl ClientRecord for SafetyPlan {
    const NAME: &'static str = "safety_plan";
    const TABLES: &'static [&'static str] = &["client_documents", "client_document_versions"];
    const AUDIT: ObjectType = ObjectType::SafetyPlan;
    const FHIR: Fhir<Self::Exported> =
        Fhir::None("no FHIR profile for a safety plan is agreed with the clinics");
    type Data = SafetyPlanResponse;
    type Exported = Option<SafetyPlanResponse>;

    async fn changes_since<C: ConnectionTrait>(
        db: &C,
        client: ClientId,
        since: i64,
        _: u64,
    ) -> Result<Vec<Changed<SafetyPlanResponse>>, DbErr> {
        Ok(super::changed_since(db, client, since)
            .await?
            .map(|plan| Changed {
                id: plan.client.uuid(),
                seq: plan.change_seq,
                data: Some(SafetyPlanResponse::from(&plan)),
            })
            .into_iter()
            .collect())
    }

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
    ) -> Result<Self::Exported, DbErr> {
        let plan = super::load(db, ctx.id()).await?;
        Ok(plan.as_ref().map(SafetyPlanResponse::from))
    }
}

/// Every version of the safety plan ever written: the export keeps the history the therapist
/// reads, the feed only the current version.
pub(crate) struct SafetyPlanVersions;

impl ClientRecord for SafetyPlanVersions {
    const NAME: &'static str = "safety_plan_version";
    const TABLES: &'static [&'static str] = &["client_document_versions"];
    const AUDIT: ObjectType = ObjectType::SafetyPlan;
    const FHIR: Fhir<Self::Exported> =
        Fhir::None("no FHIR profile for a safety plan is agreed with the clinics");
    type Data = ();
    type Exported = Vec<SafetyPlanResponse>;

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
    ) -> Result<Self::Exported, DbErr> {
        let versions = super::service::every_version(db, ctx.id()).await?;
        Ok(versions.iter().map(SafetyPlanResponse::from).collect())
    }
}
