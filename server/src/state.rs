//! What every request handler can reach.

use crate::audit::ReadLog;
use crate::checkins::crisis::CrisisResources;
use crate::checkins::service::CheckinWriter;
use crate::clock::Clock;
use crate::configuration::Settings;
use crate::group_commit::GroupCommit;
use crate::observability::Metrics;
use crate::reminders::outbox::Planner;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Shared application state; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub clock: Arc<dyn Clock>,
    pub settings: Arc<Settings>,
    pub metrics: Arc<Metrics>,
    /// Shown to a client whose check-in raises a safety signal.
    pub crisis: Arc<CrisisResources>,
    /// Replans a client's reminders after a change.
    pub planner: Arc<Planner>,
    /// Abuse limits on sign-in, sign-up and invite redemption.
    pub limits: Arc<crate::limits::Limits>,
    /// Check-in writes, committed in groups.
    pub checkins: Arc<GroupCommit<CheckinWriter>>,
    /// The audit rows of reads, committed in groups.
    pub reads: Arc<ReadLog>,
}

impl AppState {
    /// Replans `client`'s reminders after a change to what they depend on (best effort: the
    /// change is stored; a failure leaves the client to the next sweep).
    pub async fn replan(&self, client: entities::ClientId) {
        self.planner
            .replan_after_change(&self.db, client, self.clock.now())
            .await;
    }
}
