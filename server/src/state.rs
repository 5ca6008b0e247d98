//! What every request handler can reach.

use crate::audit::ReadLog;
use crate::checkins::service::CheckinWriter;
use crate::clock::Clock;
use crate::configuration::Settings;
use crate::group_commit::{GroupCommit, WriteGate};
use crate::observability::Metrics;
use crate::safety::crisis::CrisisCatalog;
use crate::safety::service::Channels;
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
    /// The psychoeducation readings.
    pub readings: Arc<crate::readings::library::Library>,
    /// The channels a safety alert notifies through.
    pub channels: Channels,
    /// SQLite's one writer, for writes outside group commit that must not wait in SQLite's
    /// busy handler.
    pub gate: WriteGate,
    /// Replans a client's reminders after a change.
    pub planner: Arc<dyn Replanner>,
    /// Abuse limits on sign-in, sign-up and invite redemption.
    pub limits: Arc<crate::limits::Limits>,
    /// Failed sign-ins, counted in the database: delays for attackers, notices for owners.
    pub sign_in: Arc<crate::limits::sign_in::SignInGuard>,
    /// Check-in writes, committed in groups.
    pub checkins: Arc<GroupCommit<CheckinWriter>>,
    /// The audit rows of reads, committed in groups.
    pub reads: Arc<ReadLog>,
    /// Derives the tokens a retried refresh or invite redemption answers with.
    pub token_key: crate::auth::TokenKey,
    /// Where account e-mails (password reset, address verification) go.
    pub mails: crate::account_tokens::Mails,
    /// Removes erased records' bytes from the database files after an erasure.
    pub at_rest: crate::at_rest::AtRest,
}
