//! The readings a client opened, as a kind of client record (`crate::client_record`).

use super::dto::ReadingOpenedResponse;
use crate::client_record::{Changed, ClientRecord, ExportContext, Fhir, changes_from, synced};
use entities::audit_entry::ObjectType;
use entities::reading_open;
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

/// Psychoeducation readings the client opened.
pub(crate) struct ReadingsOpened;

synced!(reading_open, ReadingOpenedResponse, |row| Changed {
    // One opening per client and reading: a name-based id keeps it stable for the phone.
    id: Uuid::new_v5(&row.client_id.uuid(), row.reading_key.as_bytes()),
    seq: row.change_seq,
    data: Some(ReadingOpenedResponse {
        key: row.reading_key,
        opened_at: row.opened_at,
    }),
});

impl ClientRecord for ReadingsOpened {
    const NAME: &'static str = "reading_opened";
    const TABLES: &'static [&'static str] = &["reading_opens"];
    const AUDIT: ObjectType = ObjectType::ReadingOpen;
    const FHIR: Fhir<Self::Exported> =
        Fhir::None("which leaflet was opened is app usage, not a clinical record");
    type Data = ReadingOpenedResponse;
    type Exported = Vec<ReadingOpenedResponse>;

    changes_from!(reading_open);

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
    ) -> Result<Self::Exported, DbErr> {
        let mut readings: Vec<_> = super::service::opened(db, ctx.id())
            .await?
            .into_iter()
            .map(|(key, opened_at)| ReadingOpenedResponse { key, opened_at })
            .collect();
        readings.sort_by(|a, b| (a.opened_at, &a.key).cmp(&(b.opened_at, &b.key)));
        Ok(readings)
    }
}
