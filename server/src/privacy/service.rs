//! Collecting everything of a client, and erasing it.

use super::dto::Export;
use crate::at_rest::{AtRest, Erased};
use crate::audit::{self, Action, Actor, Event, ObjectType};
use crate::checkins::dto::CheckinResponse;
use crate::clients::dto::ClientResponse;
use crate::clients::load_client;
use crate::devices::dto::DeviceResponse;
use crate::exercises::dto::ExerciseLogResponse;
use crate::formulation::dto::FormulationResponse;
use crate::homework::dto::HomeworkResponse;
use crate::readings::dto::ReadingOpenedResponse;
use crate::relapse_plan::RelapsePlanContents;
use crate::relapse_plan::dto::RelapsePlanResponse;
use crate::relationships::dto::RelationshipResponse;
use crate::reminders::dto::NotificationResponse;
use crate::safety::dto::AlertResponse;
use crate::safety_plan::{self, SafetyPlanResponse};
use crate::sessions::dto::SessionResponse;
use crate::write::RecordError;
use chrono::{DateTime, Utc};
use entities::{
    ClientId, checkin, client, device, exercise_log, homework, outbox, relationship, safety_alert,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

/// Everything of `client`, the export itself recorded in the audit trail.
///
/// # Errors
/// Database errors.
pub async fn export_client(
    db: &DatabaseConnection,
    client: &client::Model,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<Export, RecordError> {
    let id = client.id;
    let txn = crate::db::begin_write(db).await?;
    audit::record(
        &txn,
        now,
        actor,
        Event::of(
            Action::Export,
            ObjectType::Client,
            Some(id.uuid()),
            Some(id),
        ),
    )
    .await?;
    use relationship::Column as R;
    let relationships = all_of::<relationship::Entity, _>(&txn, R::ClientId, id, R::CreatedAt)
        .await?
        .into_iter()
        .filter(|r| r.deleted_at.is_none())
        .collect::<Vec<_>>();
    use checkin::Column as C;
    let checkins = all_of::<checkin::Entity, _>(&txn, C::ClientId, id, C::RecordedAt).await?;
    use exercise_log::Column as L;
    let logs = all_of::<exercise_log::Entity, _>(&txn, L::ClientId, id, L::PracticedAt).await?;
    use entities::risk_screen::Column as S;
    let screens =
        all_of::<entities::risk_screen::Entity, _>(&txn, S::ClientId, id, S::RecordedAt).await?;
    use homework::Column as H;
    let homework = all_of::<homework::Entity, _>(&txn, H::ClientId, id, H::Id).await?;
    use device::Column as D;
    let devices = all_of::<device::Entity, _>(&txn, D::ClientId, id, D::Id).await?;
    use outbox::Column as O;
    let notifications = all_of::<outbox::Entity, _>(&txn, O::ClientId, id, O::ScheduledFor).await?;
    use safety_alert::Column as A;
    let alerts = all_of::<safety_alert::Entity, _>(&txn, A::ClientId, id, A::Id).await?;
    let reminder_settings = crate::reminders::service::load(&txn, id).await?.body();
    let plan = safety_plan::load(&txn, id).await?;
    let plan_versions = safety_plan::service::every_version(&txn, id).await?;
    let loaded = load_client(&txn, client.clone()).await?;
    let sessions = loaded.sessions(now);
    let measures = crate::sessions::service::measures(&txn, id, &sessions).await?;
    let ratings = crate::sessions::service::ratings(&txn, &loaded).await?;
    let formulation = crate::formulation::service::load(&txn, id).await?;
    let relapse_plan = crate::documents::service::load::<RelapsePlanContents, _>(&txn, id).await?;
    let mut readings: Vec<_> = crate::readings::service::opened(&txn, id)
        .await?
        .into_iter()
        .map(|(key, opened_at)| ReadingOpenedResponse { key, opened_at })
        .collect();
    readings.sort_by(|a, b| (a.opened_at, &a.key).cmp(&(b.opened_at, &b.key)));
    txn.commit().await?;
    Ok(Export {
        exported_at: now,
        client: ClientResponse::of(&loaded, now, None),
        reminder_settings,
        relationships: relationships
            .iter()
            .map(RelationshipResponse::from)
            .collect(),
        checkins: checkins
            .iter()
            .map(|c| CheckinResponse::new(c, None))
            .collect(),
        exercise_logs: logs.iter().map(ExerciseLogResponse::from).collect(),
        risk_screens: screens
            .iter()
            .map(|s| crate::risk_screens::dto::RiskScreenResponse::new(s, None))
            .collect(),
        homework: homework.iter().map(HomeworkResponse::from).collect(),
        devices: devices.iter().map(DeviceResponse::from).collect(),
        notifications: notifications
            .iter()
            .map(NotificationResponse::from)
            .collect(),
        safety_alerts: alerts.iter().map(AlertResponse::from).collect(),
        safety_plan: plan.as_ref().map(SafetyPlanResponse::from),
        safety_plan_versions: plan_versions.iter().map(SafetyPlanResponse::from).collect(),
        sessions: sessions
            .iter()
            .zip(measures)
            .map(|(s, measure)| {
                SessionResponse::of(s, loaded.treatment().phase(s.date), measure, &ratings)
            })
            .collect(),
        formulation: formulation.map(|(v, r)| FormulationResponse::of(&v, &r)),
        relapse_plan: relapse_plan.as_ref().map(RelapsePlanResponse::from),
        readings_opened: readings,
    })
}

/// Erases `client`: every clinical record, device, reminder, invite and sign-in goes (the
/// database cascades from the client row), and then their bytes in the database files
/// (`at_rest`). The audit trail stays; it never held content. An
/// open safety alert stays as a minimal record until it is acknowledged: a signal that reached
/// the server still reaches a person.
///
/// # Errors
/// Database errors.
pub async fn erase_client(
    db: &DatabaseConnection,
    at_rest: &AtRest,
    client: ClientId,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<(), RecordError> {
    let txn = crate::db::begin_write(db).await?;
    audit::record(
        &txn,
        now,
        actor,
        Event::of(
            Action::Erase,
            ObjectType::Client,
            Some(client.uuid()),
            Some(client),
        ),
    )
    .await?;
    crate::safety::service::keep_open_alerts_through_erasure(&txn, client, now).await?;
    client::Entity::delete_by_id(client).exec(&txn).await?;
    txn.commit().await?;
    tracing::info!(client_id = %client, "client erased");
    // The rows are gone; their bytes are not yet (free pages, the WAL, dead tuples). After the
    // commit and in the background, so that the answer neither waits for nor fails with it.
    at_rest.erased(Erased::Client(client));
    Ok(())
}

/// Every row of one of the client's tables, in `order`.
async fn all_of<E: EntityTrait, C: ConnectionTrait>(
    db: &C,
    client_column: E::Column,
    client: ClientId,
    order: E::Column,
) -> Result<Vec<E::Model>, DbErr> {
    E::find()
        .filter(client_column.eq(client))
        .order_by_asc(order)
        .all(db)
        .await
}
