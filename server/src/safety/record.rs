//! Safety alerts as a kind of client record (`crate::client_record`).

use super::dto::AlertResponse;
use crate::client_record::{ClientRecord, ExportContext, Fhir, all_of};
use entities::audit_entry::ObjectType;
use entities::safety_alert;
use sea_orm::{ConnectionTrait, DbErr};

/// Safety alerts.
pub(crate) struct SafetyAlerts;

impl ClientRecord for SafetyAlerts {
    const NAME: &'static str = "safety_alert";
    const TABLES: &'static [&'static str] = &["safety_alerts"];
    const AUDIT: ObjectType = ObjectType::SafetyAlert;
    const FHIR: Fhir<Self::Exported> = Fhir::None(
        "the screens that opened an alert are in the bundle; the alert is the clinic's workflow",
    );
    // An alert is the therapist's signal; the client sees the crisis resources it was answered.
    type Data = ();
    type Exported = Vec<AlertResponse>;

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
    ) -> Result<Self::Exported, DbErr> {
        use safety_alert::Column as A;
        let rows = all_of::<safety_alert::Entity, _>(db, A::ClientId, ctx.id(), A::Id).await?;
        Ok(rows.iter().map(AlertResponse::from).collect())
    }
}
