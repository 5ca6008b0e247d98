//! The client's own record (name, zone, region, language, session time, practice target,
//! measures) as a kind of client record (`crate::client_record`).

use super::dto::{ClientRecord as ClientRecordBody, ClientResponse};
use crate::client_record::{Changed, ClientRecord, ExportContext, Fhir};
use entities::ClientId;
use entities::audit_entry::ObjectType;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

/// The client's own record.
pub(crate) struct ClientProfile;

impl ClientRecord for ClientProfile {
    const NAME: &'static str = "client";
    const TABLES: &'static [&'static str] = &["clients"];
    const AUDIT: ObjectType = ObjectType::Client;
    const FHIR: Fhir<Self::Exported> = Fhir::Subject;
    type Data = ClientRecordBody;
    type Exported = ClientResponse;

    async fn changes_since<C: ConnectionTrait>(
        db: &C,
        client: ClientId,
        since: i64,
        _: u64,
    ) -> Result<Vec<Changed<ClientRecordBody>>, DbErr> {
        let Some(row) = entities::client::Entity::find_by_id(client)
            .filter(entities::client::Column::ProfileSeq.gt(since))
            .one(db)
            .await?
        else {
            return Ok(Vec::new());
        };
        let data = ClientRecordBody {
            display_name: row.display_name,
            timezone: row.timezone.name().to_owned(),
            region: row.region,
            region_source: row.region_source.map(Into::into),
            locale: row.locale,
            session_time: row.session_time.to_string(),
            problem_areas: row.problem_areas.areas().to_vec(),
            weekly_practice_target: row.weekly_practice_target,
            gad7_enabled: row.gad7_enabled,
        };
        Ok(vec![Changed {
            id: client.uuid(),
            seq: row.profile_seq,
            data: Some(data),
        }])
    }

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
    ) -> Result<Self::Exported, DbErr> {
        let facts = super::service::initial_phase_of(db, ctx.id()).await?;
        Ok(ClientResponse::of(&ctx.client, ctx.now, None, facts))
    }
}
