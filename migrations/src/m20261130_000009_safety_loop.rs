//! The safety loop: alerts that outlive an erasure and say what was answered, a durable outbox
//! of the notifications each alert sends (e-mail, webhook, push) with every attempt recorded,
//! therapists' own devices and escalation contacts, and the client's region for crisis
//! resources.
//!
//! `safety_alerts` is rebuilt rather than altered: its foreign keys to `clients` and
//! `checkins` cascaded, so erasing a client erased an open alert with it, and SQLite cannot
//! drop a foreign key in place.

use sea_orm_migration::sea_orm::DbBackend;
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261126_000001_create_therapists::Therapists;
use crate::m20261126_000002_create_clients::Clients;

#[derive(DeriveMigrationName)]
pub struct Migration;

async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden + 'static,
    cols: Vec<DynIden>,
    unique: bool,
) -> Result<(), DbErr> {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for col in cols {
        stmt.col(col);
    }
    if unique {
        stmt.unique();
    }
    manager.create_index(stmt.to_owned()).await
}

async fn drop_index(manager: &SchemaManager<'_>, name: &str) -> Result<(), DbErr> {
    manager
        .drop_index(Index::drop().name(name).if_exists().to_owned())
        .await
}

fn therapist_fk(from: impl IntoIden + 'static + Copy) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from, Alias::new("therapist_id"))
        .to(Therapists::Table, Therapists::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = manager.get_database_backend();

        // 1. Alerts, rebuilt without the cascading keys and with what a therapist acts on.
        drop_index(manager, "idx_safety_alerts_therapist").await?;
        drop_index(manager, "idx_safety_alerts_client").await?;
        manager
            .rename_table(
                Table::rename()
                    .table(SafetyAlerts::Table, Alias::new("safety_alerts_v1"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SafetyAlerts::Table)
                    .col(pk_uuid(SafetyAlerts::Id))
                    // No foreign key: an open alert outlives its client's erasure.
                    .col(uuid(SafetyAlerts::ClientId))
                    .col(uuid(SafetyAlerts::TherapistId))
                    .col(uuid_null(SafetyAlerts::CheckinId))
                    // The submitted check-in id (or a hash of a body without one): one alert
                    // per submission, however often a phone retries it.
                    .col(uuid(SafetyAlerts::DedupeKey))
                    .col(string(SafetyAlerts::Kind))
                    .col(string(SafetyAlerts::Source))
                    .col(integer_null(SafetyAlerts::Item9))
                    .col(integer_null(SafetyAlerts::Phq9Total))
                    .col(timestamp_with_time_zone_null(SafetyAlerts::RecordedAt))
                    .col(string_null(SafetyAlerts::Timezone))
                    .col(timestamp_with_time_zone(SafetyAlerts::CreatedAt))
                    .col(timestamp_with_time_zone_null(SafetyAlerts::NotifiedAt))
                    .col(timestamp_with_time_zone_null(SafetyAlerts::EscalatedAt))
                    .col(timestamp_with_time_zone_null(SafetyAlerts::AcknowledgedAt))
                    .col(uuid_null(SafetyAlerts::AcknowledgedBy))
                    .col(string_null(SafetyAlerts::Action))
                    .col(text_null(SafetyAlerts::Note))
                    .col(timestamp_with_time_zone_null(SafetyAlerts::ClientErasedAt))
                    .foreign_key(&mut therapist_fk(SafetyAlerts::Table))
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared(
            "INSERT INTO safety_alerts (id, client_id, therapist_id, checkin_id, dedupe_key, kind, \
             source, created_at, acknowledged_at, acknowledged_by) \
             SELECT id, client_id, therapist_id, checkin_id, checkin_id, kind, 'checkin', \
             created_at, acknowledged_at, acknowledged_by FROM safety_alerts_v1",
        )
        .await?;
        let last_answer = match backend {
            DbBackend::Postgres => "CAST(right(c.phq9, 1) AS INTEGER)",
            _ => "CAST(substr(c.phq9, -1) AS INTEGER)",
        };
        db.execute_unprepared(&format!(
            "UPDATE safety_alerts SET \
               item9 = (SELECT {last_answer} FROM checkins c WHERE c.id = safety_alerts.checkin_id), \
               phq9_total = (SELECT c.phq9_total FROM checkins c WHERE c.id = safety_alerts.checkin_id), \
               recorded_at = (SELECT c.recorded_at FROM checkins c WHERE c.id = safety_alerts.checkin_id), \
               timezone = (SELECT k.timezone FROM clients k WHERE k.id = safety_alerts.client_id)"
        ))
        .await?;
        manager
            .drop_table(
                Table::drop()
                    .table(Alias::new("safety_alerts_v1"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_safety_alerts_therapist",
            SafetyAlerts::Table,
            vec![
                SafetyAlerts::TherapistId.into_iden(),
                SafetyAlerts::Id.into_iden(),
            ],
            false,
        )
        .await?;
        index(
            manager,
            "idx_safety_alerts_submission",
            SafetyAlerts::Table,
            vec![
                SafetyAlerts::ClientId.into_iden(),
                SafetyAlerts::DedupeKey.into_iden(),
            ],
            true,
        )
        .await?;
        index(
            manager,
            "idx_safety_alerts_open",
            SafetyAlerts::Table,
            vec![
                SafetyAlerts::AcknowledgedAt.into_iden(),
                SafetyAlerts::EscalatedAt.into_iden(),
                SafetyAlerts::CreatedAt.into_iden(),
            ],
            false,
        )
        .await?;

        // 2. The notification outbox: one row per alert, event and channel.
        manager
            .create_table(
                Table::create()
                    .table(AlertDeliveries::Table)
                    // Also the e-mail's Message-ID and the webhook-id: a re-send after a crash
                    // carries the same one, so a receiver can drop the copy.
                    .col(pk_uuid(AlertDeliveries::Id))
                    .col(uuid(AlertDeliveries::AlertId))
                    .col(string(AlertDeliveries::Event))
                    .col(string(AlertDeliveries::Channel))
                    .col(string(AlertDeliveries::Status))
                    .col(integer(AlertDeliveries::Attempts).default(0))
                    .col(timestamp_with_time_zone(AlertDeliveries::NextAttemptAt))
                    .col(string_null(AlertDeliveries::LeaseOwner))
                    .col(timestamp_with_time_zone_null(
                        AlertDeliveries::LeaseExpiresAt,
                    ))
                    .col(string_null(AlertDeliveries::LastError))
                    .col(timestamp_with_time_zone(AlertDeliveries::CreatedAt))
                    .col(timestamp_with_time_zone_null(AlertDeliveries::SentAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AlertDeliveries::Table, AlertDeliveries::AlertId)
                            .to(SafetyAlerts::Table, SafetyAlerts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_alert_deliveries_once",
            AlertDeliveries::Table,
            vec![
                AlertDeliveries::AlertId.into_iden(),
                AlertDeliveries::Event.into_iden(),
                AlertDeliveries::Channel.into_iden(),
            ],
            true,
        )
        .await?;
        index(
            manager,
            "idx_alert_deliveries_due",
            AlertDeliveries::Table,
            vec![
                AlertDeliveries::Status.into_iden(),
                AlertDeliveries::NextAttemptAt.into_iden(),
            ],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(AlertDeliveryAttempts::Table)
                    .col(pk_uuid(AlertDeliveryAttempts::Id))
                    .col(uuid(AlertDeliveryAttempts::DeliveryId))
                    .col(integer(AlertDeliveryAttempts::Attempt))
                    .col(timestamp_with_time_zone(AlertDeliveryAttempts::AttemptedAt))
                    .col(string(AlertDeliveryAttempts::Outcome))
                    .col(string_null(AlertDeliveryAttempts::Detail))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                AlertDeliveryAttempts::Table,
                                AlertDeliveryAttempts::DeliveryId,
                            )
                            .to(AlertDeliveries::Table, AlertDeliveries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_alert_delivery_attempts_delivery",
            AlertDeliveryAttempts::Table,
            vec![AlertDeliveryAttempts::DeliveryId.into_iden()],
            false,
        )
        .await?;

        // 3. Therapists' own phones, and whom on-call escalation reaches.
        manager
            .create_table(
                Table::create()
                    .table(TherapistDevices::Table)
                    .col(pk_uuid(TherapistDevices::Id))
                    .col(uuid(TherapistDevices::TherapistId))
                    .col(uuid_null(TherapistDevices::SessionId))
                    .col(text(TherapistDevices::FcmToken).unique_key())
                    .col(string(TherapistDevices::Platform))
                    .col(timestamp_with_time_zone(TherapistDevices::CreatedAt))
                    .col(timestamp_with_time_zone(TherapistDevices::LastSeenAt))
                    .foreign_key(&mut therapist_fk(TherapistDevices::Table))
                    .foreign_key(
                        ForeignKey::create()
                            .from(TherapistDevices::Table, TherapistDevices::SessionId)
                            .to(AuthSessions::Table, AuthSessions::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_therapist_devices_therapist",
            TherapistDevices::Table,
            vec![TherapistDevices::TherapistId.into_iden()],
            false,
        )
        .await?;
        for col in [
            SafetyContacts::EscalationEmail,
            SafetyContacts::ContactPhone,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Therapists::Table)
                        .add_column(string_null(col))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Clients::Table)
                    .add_column(string_null(ClientRegion::Region))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        manager
            .alter_table(
                Table::alter()
                    .table(Clients::Table)
                    .drop_column(ClientRegion::Region)
                    .to_owned(),
            )
            .await?;
        for col in [
            SafetyContacts::EscalationEmail,
            SafetyContacts::ContactPhone,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Therapists::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        for table in [
            TherapistDevices::Table.into_iden(),
            AlertDeliveryAttempts::Table.into_iden(),
            AlertDeliveries::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        // The old shape: alerts of erased clients and refused submissions have no check-in
        // to point to, and go.
        for name in [
            "idx_safety_alerts_therapist",
            "idx_safety_alerts_submission",
            "idx_safety_alerts_open",
        ] {
            drop_index(manager, name).await?;
        }
        manager
            .rename_table(
                Table::rename()
                    .table(SafetyAlerts::Table, Alias::new("safety_alerts_v2"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SafetyAlerts::Table)
                    .col(pk_uuid(SafetyAlerts::Id))
                    .col(uuid(SafetyAlerts::ClientId))
                    .col(uuid(SafetyAlerts::TherapistId))
                    .col(uuid(SafetyAlerts::CheckinId))
                    .col(string(SafetyAlerts::Kind))
                    .col(timestamp_with_time_zone(SafetyAlerts::CreatedAt))
                    .col(timestamp_with_time_zone_null(SafetyAlerts::AcknowledgedAt))
                    .col(uuid_null(SafetyAlerts::AcknowledgedBy))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SafetyAlerts::Table, SafetyAlerts::ClientId)
                            .to(Clients::Table, Clients::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(SafetyAlerts::Table, SafetyAlerts::CheckinId)
                            .to(Checkins::Table, Checkins::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(SafetyAlerts::Table, SafetyAlerts::TherapistId)
                            .to(Therapists::Table, Therapists::Id),
                    )
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared(
            "INSERT INTO safety_alerts (id, client_id, therapist_id, checkin_id, kind, created_at, \
             acknowledged_at, acknowledged_by) \
             SELECT a.id, a.client_id, a.therapist_id, a.checkin_id, a.kind, a.created_at, \
             a.acknowledged_at, a.acknowledged_by FROM safety_alerts_v2 a \
             WHERE a.checkin_id IS NOT NULL AND a.client_erased_at IS NULL \
             AND EXISTS (SELECT 1 FROM checkins c WHERE c.id = a.checkin_id)",
        )
        .await?;
        manager
            .drop_table(
                Table::drop()
                    .table(Alias::new("safety_alerts_v2"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_safety_alerts_therapist",
            SafetyAlerts::Table,
            vec![
                SafetyAlerts::TherapistId.into_iden(),
                SafetyAlerts::Id.into_iden(),
            ],
            false,
        )
        .await?;
        index(
            manager,
            "idx_safety_alerts_client",
            SafetyAlerts::Table,
            vec![SafetyAlerts::ClientId.into_iden()],
            false,
        )
        .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum SafetyAlerts {
    Table,
    Id,
    ClientId,
    TherapistId,
    CheckinId,
    DedupeKey,
    Kind,
    Source,
    Item9,
    Phq9Total,
    RecordedAt,
    Timezone,
    CreatedAt,
    NotifiedAt,
    EscalatedAt,
    AcknowledgedAt,
    AcknowledgedBy,
    Action,
    Note,
    ClientErasedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum AlertDeliveries {
    Table,
    Id,
    AlertId,
    Event,
    Channel,
    Status,
    Attempts,
    NextAttemptAt,
    LeaseOwner,
    LeaseExpiresAt,
    LastError,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum AlertDeliveryAttempts {
    Table,
    Id,
    DeliveryId,
    Attempt,
    AttemptedAt,
    Outcome,
    Detail,
}

#[derive(DeriveIden, Clone, Copy)]
enum TherapistDevices {
    Table,
    Id,
    TherapistId,
    SessionId,
    FcmToken,
    Platform,
    CreatedAt,
    LastSeenAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SafetyContacts {
    EscalationEmail,
    ContactPhone,
}

#[derive(DeriveIden, Clone, Copy)]
enum ClientRegion {
    Region,
}

#[derive(DeriveIden)]
enum AuthSessions {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Checkins {
    Table,
    Id,
}
