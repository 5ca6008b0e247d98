//! What every request handler can reach: the database and its write gate, the clock, the
//! settings, and the services many features share. A service of one feature (the check-ins'
//! group commit, the readings, the sign-in limits, account mail, the safety net of crisis
//! resources and alert channels) is app data of its own, extracted by the handlers that use
//! it.

use crate::audit::ReadLog;
use crate::clock::Clock;
use crate::configuration::Settings;
use crate::group_commit::WriteGate;
use crate::observability::Metrics;
use crate::write::Replanner;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Shared application state; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub clock: Arc<dyn Clock>,
    pub settings: Arc<Settings>,
    pub metrics: Arc<Metrics>,
    /// SQLite's one writer, for writes outside group commit that must not wait in SQLite's
    /// busy handler.
    pub gate: WriteGate,
    /// Replans a client's reminders after a change.
    pub planner: Arc<dyn Replanner>,
    /// The audit rows of reads, committed in groups.
    pub reads: Arc<ReadLog>,
    /// Derives the tokens a retried refresh or invite redemption answers with.
    pub token_key: crate::auth::TokenKey,
    /// Removes erased records' bytes from the database files after an erasure.
    pub at_rest: crate::at_rest::AtRest,
}

impl AppState {
    /// Authorizes `principal` to read client `client`'s records (the client itself, its
    /// therapist) and records the read of its `object` when the reader is not the client: the
    /// first step of every read of a client's records.
    ///
    /// # Errors
    /// 404 for no such client or another therapist's; database errors.
    pub async fn read(
        &self,
        principal: crate::identity::Principal,
        client: uuid::Uuid,
        object: crate::audit::ObjectType,
    ) -> Result<crate::clients::ClientAccess, crate::error::ApiError> {
        let access =
            crate::clients::authorize(&self.db, principal, entities::ClientId::from(client))
                .await?;
        access
            .audit_read(&self.reads, self.clock.now(), object)
            .await?;
        Ok(access)
    }
}
