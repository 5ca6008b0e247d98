//! The reminders' outbox: every second (a UTC tick of the shared runner, `crate::outbox` — the
//! database, not the scheduler, holds what is due) it extends plans that run out and
//! dispatches what is due. Tests call [`ReminderWorker::tick`] themselves with a manual clock
//! instead.

use super::dispatch::{DispatchReport, Dispatcher};
use super::planner::Planner;
use crate::outbox::{Outbox, Runner};
use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, DbErr};
use std::sync::Arc;
use tokio_cron_scheduler::JobScheduler;

/// Clients replanned per tick by the sweep (the rest wait for the next tick).
const SWEEP_PER_TICK: u64 = 500;
/// How often the worker looks for sign-ins about to lapse (by the worker's clock).
const LAPSE_SCAN_EVERY: chrono::Duration = chrono::Duration::minutes(10);

/// The reminders' worker: the shared runner with the reminders' outbox.
pub type ReminderWorker = Runner<Reminders>;

/// Plans and dispatches reminders.
pub struct Reminders {
    /// Replans the clients whose plan runs out.
    pub planner: Arc<Planner>,
    /// Sends the reminders that are due.
    pub dispatcher: Dispatcher,
    /// When sign-ins about to lapse were last looked for.
    lapse_scan: std::sync::Mutex<Option<DateTime<Utc>>>,
}

impl Reminders {
    /// The reminders' outbox, its lapse scan not run yet.
    #[must_use]
    pub fn new(planner: Arc<Planner>, dispatcher: Dispatcher) -> Self {
        Self {
            planner,
            dispatcher,
            lapse_scan: std::sync::Mutex::new(None),
        }
    }

    /// Whether the lapse scan is due at `now`; if so, it counts as run.
    fn lapse_scan_due(&self, now: DateTime<Utc>) -> bool {
        let mut last = self
            .lapse_scan
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let due = last.is_none_or(|at| now - at >= LAPSE_SCAN_EVERY || now < at);
        if due {
            *last = Some(now);
        }
        due
    }
}

impl Outbox for Reminders {
    type Report = DispatchReport;

    const NAME: &'static str = "reminders";
    /// Dispatch rounds per tick (each up to one batch), so that one tick never runs unbounded.
    const ROUNDS: usize = 50;
    /// Housekeeping (purging expired tokens and sign-in failures) runs on the first tick and
    /// then every this many.
    const HOUSEKEEPING_EVERY: u64 = 600;

    fn batch(&self) -> u64 {
        self.dispatcher.batch
    }

    /// Sweeps plans, and now and then plans the notices of sign-ins about to lapse.
    async fn prepare(&self, db: &DatabaseConnection, now: DateTime<Utc>) -> Result<(), DbErr> {
        self.planner.sweep(db, now, SWEEP_PER_TICK).await?;
        if self.lapse_scan_due(now) {
            super::lapse::plan_notices(db, now).await?;
        }
        Ok(())
    }

    async fn round(
        &self,
        db: &DatabaseConnection,
        now: DateTime<Utc>,
    ) -> Result<(DispatchReport, usize), DbErr> {
        let round = self.dispatcher.dispatch_due(db, now).await?;
        let claimed = round.claimed;
        Ok((round, claimed))
    }

    fn add(total: &mut DispatchReport, round: DispatchReport) {
        total.claimed += round.claimed;
        total.sent += round.sent;
        total.retrying += round.retrying;
        total.failed += round.failed;
        total.skipped += round.skipped;
        total.missed += round.missed;
    }

    async fn housekeeping(&self, db: &DatabaseConnection, now: DateTime<Utc>) -> Result<(), DbErr> {
        crate::auth::purge_expired(db, now).await?;
        crate::limits::sign_in::purge(db, now).await?;
        Ok(())
    }

    async fn finish(&self, db: &DatabaseConnection, now: DateTime<Utc>) -> Result<(), DbErr> {
        let depth = self.dispatcher.outbox_depth(db, now).await?;
        self.dispatcher
            .metrics
            .outbox_depth
            .set(i64::try_from(depth).unwrap_or(i64::MAX));
        Ok(())
    }
}

/// Starts the scheduler with the reminders' once-a-second tick. Keep the returned scheduler
/// alive while serving.
///
/// # Errors
/// The scheduler cannot start.
pub async fn start(worker: &Arc<ReminderWorker>) -> anyhow::Result<JobScheduler> {
    let scheduler = JobScheduler::new().await?;
    worker.schedule(&scheduler).await?;
    scheduler.start().await?;
    Ok(scheduler)
}
