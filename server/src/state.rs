//! What every request handler can reach.

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
}
