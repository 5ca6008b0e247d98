//! The client's phones as a kind of client record (`crate::client_record`).

use super::dto::DeviceResponse;
use crate::client_record::{ClientRecord, ExportContext, Fhir, all_of};
use entities::audit_entry::ObjectType;
use entities::device;
use sea_orm::{ConnectionTrait, DbErr};

/// The client's phones.
pub(crate) struct Devices;

impl ClientRecord for Devices {
    const NAME: &'static str = "device";
    const TABLES: &'static [&'static str] = &["devices"];
    const AUDIT: ObjectType = ObjectType::Device;
    const FHIR: Fhir<Self::Exported> = Fhir::None("a phone is no clinical record");
    // The phone registers itself and lists its siblings at `/devices`; the feed is for records.
    type Data = ();
    type Exported = Vec<DeviceResponse>;

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
    ) -> Result<Self::Exported, DbErr> {
        use device::Column as D;
        let rows = all_of::<device::Entity, _>(db, D::ClientId, ctx.id(), D::Id).await?;
        Ok(rows.iter().map(DeviceResponse::from).collect())
    }
}
