//! The client's reminder settings and the pushes planned for it, as kinds of client record
//! (`crate::client_record`).

use super::dto::{NotificationResponse, ReminderSettingsBody};
use super::settings::ReminderSettings as Settings;
use crate::client_record::{Changed, ClientRecord, ExportContext, Fhir, all_of};
use entities::audit_entry::ObjectType;
use entities::{ClientId, outbox, reminder_settings};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

/// The client's reminder settings.
pub(crate) struct ReminderSettings;

impl ClientRecord for ReminderSettings {
    const NAME: &'static str = "reminder_settings";
    const TABLES: &'static [&'static str] = &["reminder_settings"];
    const AUDIT: ObjectType = ObjectType::ReminderSettings;
    const FHIR: Fhir<Self::Exported> =
        Fhir::None("when the app reminds is app configuration, not care");
    type Data = ReminderSettingsBody;
    type Exported = ReminderSettingsBody;

    async fn changes_since<C: ConnectionTrait>(
        db: &C,
        client: ClientId,
        since: i64,
        _: u64,
    ) -> Result<Vec<Changed<ReminderSettingsBody>>, DbErr> {
        let Some(row) = reminder_settings::Entity::find_by_id(client)
            .filter(reminder_settings::Column::ChangeSeq.gt(since))
            .one(db)
            .await?
        else {
            return Ok(Vec::new());
        };
        Ok(vec![Changed {
            id: row.client_id.uuid(),
            seq: row.change_seq,
            data: Some(Settings::from_row(&row)?.body()),
        }])
    }

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
    ) -> Result<Self::Exported, DbErr> {
        Ok(super::service::load(db, ctx.id()).await?.body())
    }
}

/// The pushes planned and sent (the reminder outbox).
pub(crate) struct Notifications;

impl ClientRecord for Notifications {
    const NAME: &'static str = "notification";
    const TABLES: &'static [&'static str] = &["reminder_outbox"];
    const AUDIT: ObjectType = ObjectType::Notification;
    const FHIR: Fhir<Self::Exported> = Fhir::None("a reminder push is no clinical record");
    // The server's own plan, rewritten after every change: not in the feed (the phone reads
    // `/notifications`).
    type Data = ();
    type Exported = Vec<NotificationResponse>;

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
    ) -> Result<Self::Exported, DbErr> {
        use outbox::Column as O;
        let rows = all_of::<outbox::Entity, _>(db, O::ClientId, ctx.id(), O::ScheduledFor).await?;
        Ok(rows.iter().map(NotificationResponse::from).collect())
    }
}
