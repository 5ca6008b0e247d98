//! What every request handler can reach: the database and its write gate, the clock, the
//! settings, and the services many features share. A service of one feature (the check-ins'
//! group commit, the readings, the sign-in limits, account mail) is app data of its own,
//! extracted by the handlers that use it.

use crate::audit::ReadLog;
use crate::clock::Clock;
use crate::configuration::Settings;
use crate::group_commit::WriteGate;
use crate::observability::Metrics;
use crate::safety::crisis::CrisisCatalog;
use crate::safety::model::Channels;
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
    /// Crisis resources by region.
    pub crisis: Arc<CrisisCatalog>,
    /// The channels a safety alert notifies through.
    pub channels: Channels,
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
