//! Registering FCM tokens. A token names one app install; if another client held it (a shared
//! phone), it moves to the client registering it now, so nobody gets someone else's reminders.

use super::model::{AppLink, DeviceSettings, Registered};
use crate::audit::{self, Action, Actor, Event, ObjectType};
use crate::write::RecordError;
use chrono::{DateTime, Utc};
use entities::{ClientId, DeviceId, SessionId, device};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

/// Registers `token` for `client` from sign-in `session`.
///
/// # Errors
/// Database errors.
pub async fn register(
    db: &DatabaseConnection,
    client: ClientId,
    session: SessionId,
    settings: DeviceSettings,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<Registered, RecordError> {
    let token = settings.token.as_str();
    let txn = crate::db::begin_write(db).await?;
    // The audit row goes first: on SQLite the transaction then holds the write lock before it
    // reads, so a concurrent writer cannot invalidate what it read.
    audit::record(
        &txn,
        now,
        actor,
        Event::of(Action::Create, ObjectType::Device, None, Some(client)),
    )
    .await?;
    let before = device::Entity::find()
        .filter(device::Column::FcmToken.eq(token))
        .one(&txn)
        .await?;
    let row = device::Model {
        id: DeviceId::new(),
        client_id: client,
        session_id: Some(session),
        fcm_token: token.to_owned(),
        platform: settings.platform.into(),
        created_at: now,
        last_seen_at: now,
        locale: settings.locale.clone(),
        timezone: settings.timezone.clone(),
        app_version: settings.app_version.clone(),
    };
    // One statement, so that two registrations racing for one token leave one row.
    let (key, row) = ((device::Column::FcmToken, token), device::ActiveModel::from(row));
    let stored = crate::db::upsert(&txn, row, key, KEPT_FRESH).await?;
    txn.commit().await?;
    if before.is_some_and(|b| b.client_id == client) {
        Ok(Registered::Known(stored))
    } else {
        if stored.created_at != now {
            tracing::info!(device_id = %stored.id, client_id = %client, "device moved to another client");
        }
        Ok(Registered::New(stored))
    }
}

/// Up to `limit + 1` devices of `client`, by id.
///
/// # Errors
/// Database errors.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    after: Option<DeviceId>,
    limit: u64,
) -> Result<Vec<device::Model>, RecordError> {
    Ok(list_owned::<device::Entity, _>(
        db,
        (device::Column::Id, device::Column::ClientId),
        client,
        after,
        limit,
    )
    .await?)
}

/// Removes a device of `client`.
///
/// # Errors
/// `NotFound` when it is not this client's; database errors.
pub async fn remove(
    db: &DatabaseConnection,
    client: ClientId,
    id: DeviceId,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<(), RecordError> {
    remove_owned::<device::Entity>(
        db,
        (device::Column::Id, device::Column::ClientId),
        (id, client),
        now,
        actor,
        Event::of(
            Action::Delete,
            ObjectType::Device,
            Some(id.uuid()),
            Some(client),
        ),
    )
    .await
}

/// Up to `limit + 1` rows of a device table (clients' or therapists') whose owner column
/// (`columns.1`) is `owner`, by id (`columns.0`), after `after`.
///
/// # Errors
/// Database errors.
pub(crate) async fn list_owned<E, C>(
    db: &C,
    columns: (E::Column, E::Column),
    owner: impl Into<sea_orm::Value>,
    after: Option<impl Into<sea_orm::Value>>,
    limit: u64,
) -> Result<Vec<E::Model>, DbErr>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    let (id, owner_column) = columns;
    let mut query = E::find().filter(owner_column.eq(owner));
    if let Some(after) = after {
        query = query.filter(id.gt(after));
    }
    query.order_by_asc(id).limit(limit + 1).all(db).await
}

/// Removes the row `key.0` of a device table if its owner is `key.1`, recording `event` in the
/// same transaction.
///
/// # Errors
/// `NotFound` when it is not that owner's; database errors.
pub(crate) async fn remove_owned<E: EntityTrait>(
    db: &DatabaseConnection,
    columns: (E::Column, E::Column),
    key: (impl Into<sea_orm::Value>, impl Into<sea_orm::Value>),
    now: DateTime<Utc>,
    actor: Actor,
    event: Event,
) -> Result<(), RecordError> {
    let txn = crate::db::begin_write(db).await?;
    let removed = E::delete_many()
        .filter(columns.0.eq(key.0))
        .filter(columns.1.eq(key.1))
        .exec(&txn)
        .await?;
    if removed.rows_affected == 0 {
        return Err(RecordError::NotFound);
    }
    audit::record(&txn, now, actor, event).await?;
    txn.commit().await?;
    Ok(())
}

/// Removes the devices registered from a sign-in that ends (signing out on a phone stops its
/// pushes).
///
/// # Errors
/// Database errors.
pub async fn forget_session<C: ConnectionTrait>(db: &C, session: SessionId) -> Result<u64, DbErr> {
    Ok(device::Entity::delete_many()
        .filter(device::Column::SessionId.eq(session))
        .exec(db)
        .await?
        .rows_affected)
}

/// Whether `client`'s app is linked at `now` (for the therapist's page: an unlinked client
/// gets no reminders and needs an invite code).
///
/// # Errors
/// Database errors.
pub(crate) async fn app_link<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    now: DateTime<Utc>,
) -> Result<AppLink, DbErr> {
    use entities::{auth_session, auth_token};
    use sea_orm::PaginatorTrait;
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    let live_token = Query::select()
        .expr(Expr::val(1))
        .from(auth_token::Entity)
        .and_where(
            Expr::col((auth_token::Entity, auth_token::Column::SessionId))
                .equals((auth_session::Entity, auth_session::Column::Id)),
        )
        .and_where(Expr::col((auth_token::Entity, auth_token::Column::ExpiresAt)).gt(now))
        .to_owned();
    let sign_ins = auth_session::Entity::find()
        .filter(auth_session::Column::ClientId.eq(client))
        .filter(auth_session::Column::RevokedAt.is_null())
        .filter(Expr::exists(live_token))
        .count(db)
        .await?;
    let seen: Vec<DateTime<Utc>> = device::Entity::find()
        .select_only()
        .column(device::Column::LastSeenAt)
        .filter(device::Column::ClientId.eq(client))
        .into_tuple()
        .all(db)
        .await?;
    Ok(AppLink {
        sign_ins,
        devices: u64::try_from(seen.len()).unwrap_or(u64::MAX),
        last_seen_at: seen.into_iter().max(),
    })
}

/// What a registration of a known token refreshes (the token's row keeps its id and `created_at`).
const KEPT_FRESH: [device::Column; 7] = [
    device::Column::ClientId,
    device::Column::SessionId,
    device::Column::Platform,
    device::Column::LastSeenAt,
    device::Column::Locale,
    device::Column::Timezone,
    device::Column::AppVersion,
];
