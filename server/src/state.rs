//! What every request handler can reach.

use crate::checkins::crisis::CrisisResources;
use crate::clock::Clock;
use crate::configuration::Settings;
use crate::observability::Metrics;
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
}
