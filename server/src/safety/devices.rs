//! Therapists' own phones, registered for safety-alert pushes. A token names one app install:
//! registering it here takes it from whoever held it before (a client or another therapist).

use crate::audit::{self, Action, Actor, Event, ObjectType};
use crate::devices::model::Platform;
use crate::devices::service::{list_owned, remove_owned};
use crate::error::ApiError;
use crate::write::RecordError;
use chrono::{DateTime, Utc};
use entities::{SessionId, TherapistDeviceId, TherapistId, device, therapist_device};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// Registers `token` for `therapist`; `true` when it is new for them.
///
/// # Errors
/// Database errors.
pub async fn register(
    db: &DatabaseConnection,
    therapist: TherapistId,
    session: SessionId,
    token: &str,
    platform: Platform,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<(bool, therapist_device::Model), ApiError> {
    let txn = crate::db::begin_write(db).await?;
    audit::record(
        &txn,
        now,
        actor,
        Event::of(Action::Create, ObjectType::TherapistDevice, None, None),
    )
    .await?;
    let before = therapist_device::Entity::find()
        .filter(therapist_device::Column::FcmToken.eq(token))
        .one(&txn)
        .await?;
    device::Entity::delete_many()
        .filter(device::Column::FcmToken.eq(token))
        .exec(&txn)
        .await?;
    let row = therapist_device::Model {
        id: TherapistDeviceId::new(),
        therapist_id: therapist,
        session_id: Some(session),
        fcm_token: token.to_owned(),
        platform: platform.into(),
        created_at: now,
        last_seen_at: now,
    };
    let (key, row) = ((therapist_device::Column::FcmToken, token), therapist_device::ActiveModel::from(row));
    let stored = crate::db::upsert(&txn, row, key, KEPT_FRESH).await?;
    txn.commit().await?;
    Ok((before.is_none_or(|b| b.therapist_id != therapist), stored))
}

/// Up to `limit + 1` devices of `therapist`, by id.
///
/// # Errors
/// Database errors.
pub async fn list(
    db: &DatabaseConnection,
    therapist: TherapistId,
    after: Option<TherapistDeviceId>,
    limit: u64,
) -> Result<Vec<therapist_device::Model>, ApiError> {
    Ok(list_owned::<therapist_device::Entity, _>(
        db,
        (
            therapist_device::Column::Id,
            therapist_device::Column::TherapistId,
        ),
        therapist,
        after,
        limit,
    )
    .await?)
}

/// Removes a device of `therapist`.
///
/// # Errors
/// `NotFound` when it is not theirs; database errors.
pub async fn remove(
    db: &DatabaseConnection,
    therapist: TherapistId,
    id: TherapistDeviceId,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<(), RecordError> {
    remove_owned::<therapist_device::Entity>(
        db,
        (
            therapist_device::Column::Id,
            therapist_device::Column::TherapistId,
        ),
        (id, therapist),
        now,
        actor,
        Event::about(Action::Delete, ObjectType::TherapistDevice, id.uuid()),
    )
    .await
}

/// What a registration of a known token refreshes (the token's row keeps its id and `created_at`).
const KEPT_FRESH: [therapist_device::Column; 4] = [
    therapist_device::Column::TherapistId,
    therapist_device::Column::SessionId,
    therapist_device::Column::Platform,
    therapist_device::Column::LastSeenAt,
];
