//! The background worker: every second (a UTC tick of tokio-cron-scheduler — the database, not
//! the scheduler, holds what is due) it extends plans that run out and dispatches what is due.
//! Tests call [`ReminderWorker::tick`] themselves with a manual clock instead.

use super::dispatch::{DispatchReport, Dispatcher};
use super::planner::Planner;
use crate::clock::Clock;
use sea_orm::{DatabaseConnection, DbErr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio_cron_scheduler::{Job, JobScheduler};

/// Clients replanned per tick by the sweep (the rest wait for the next tick).
const SWEEP_PER_TICK: u64 = 500;
/// Housekeeping (purging expired tokens) runs on the first tick and then every this many.
const HOUSEKEEPING_EVERY: u64 = 600;
/// How often the worker looks for sign-ins about to lapse (by the worker's clock).
const LAPSE_SCAN_EVERY: chrono::Duration = chrono::Duration::minutes(10);
/// Dispatch rounds per tick (each up to one batch), so that one tick never runs unbounded.
const ROUNDS_PER_TICK: usize = 50;

/// Plans and dispatches reminders.
pub struct ReminderWorker {
    /// The database holding the plans and the outbox.
    pub db: DatabaseConnection,
    /// Where the current time comes from (a manual clock in tests).
    pub clock: Arc<dyn Clock>,
    /// Replans the clients whose plan runs out.
    pub planner: Arc<Planner>,
    /// Sends the reminders that are due.
    pub dispatcher: Dispatcher,
    busy: tokio::sync::Mutex<()>,
    ticks: AtomicU64,
    /// When sign-ins about to lapse were last looked for.
    lapse_scan: std::sync::Mutex<Option<chrono::DateTime<chrono::Utc>>>,
}

impl ReminderWorker {
    /// A worker that has not run yet.
    #[must_use]
    pub fn new(
        db: DatabaseConnection,
        clock: Arc<dyn Clock>,
        planner: Arc<Planner>,
        dispatcher: Dispatcher,
    ) -> Self {
        Self {
            db,
            clock,
            planner,
            dispatcher,
            busy: tokio::sync::Mutex::new(()),
            ticks: AtomicU64::new(0),
            lapse_scan: std::sync::Mutex::new(None),
        }
    }

    /// One step: sweep plans, then dispatch everything due now. A tick that finds the previous
    /// one still running does nothing.
    ///
    /// # Errors
    /// Database errors.
    pub async fn tick(&self) -> Result<DispatchReport, DbErr> {
        let Ok(_running) = self.busy.try_lock() else {
            return Ok(DispatchReport::default());
        };
        self.planner
            .sweep(&self.db, self.clock.now(), SWEEP_PER_TICK)
            .await?;
        if self.lapse_scan_due(self.clock.now()) {
            super::lapse::plan_notices(&self.db, self.clock.now()).await?;
        }
        let mut total = DispatchReport::default();
        for _ in 0..ROUNDS_PER_TICK {
            let round = self
                .dispatcher
                .dispatch_due(&self.db, self.clock.now())
                .await?;
            total.claimed += round.claimed;
            total.sent += round.sent;
            total.retrying += round.retrying;
            total.failed += round.failed;
            total.skipped += round.skipped;
            total.missed += round.missed;
            if u64::try_from(round.claimed).unwrap_or(u64::MAX) < self.dispatcher.batch {
                break;
            }
        }
        if self
            .ticks
            .fetch_add(1, Ordering::Relaxed)
            .is_multiple_of(HOUSEKEEPING_EVERY)
        {
            crate::auth::purge_expired(&self.db, self.clock.now()).await?;
            crate::limits::sign_in::purge(&self.db, self.clock.now()).await?;
        }
        let depth = self
            .dispatcher
            .outbox_depth(&self.db, self.clock.now())
            .await?;
        self.dispatcher
            .metrics
            .outbox_depth
            .set(i64::try_from(depth).unwrap_or(i64::MAX));
        Ok(total)
    }

    /// Whether the lapse scan is due at `now`; if so, it counts as run.
    fn lapse_scan_due(&self, now: chrono::DateTime<chrono::Utc>) -> bool {
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

    /// Starts the once-a-second tick. Keep the returned scheduler alive while serving.
    ///
    /// # Errors
    /// The scheduler cannot start.
    pub async fn start(self: &Arc<Self>) -> anyhow::Result<JobScheduler> {
        let scheduler = JobScheduler::new().await?;
        let worker = Arc::clone(self);
        // A plain UTC cron: its time-zone jobs keep a fixed offset and drift at DST changes, so
        // local times are worked out by the planner instead.
        let job = Job::new_async("* * * * * *", move |_, _| {
            let worker = Arc::clone(&worker);
            Box::pin(async move {
                if let Err(e) = worker.tick().await {
                    tracing::warn!(error = %e, "reminder tick failed; retrying on the next tick");
                }
            })
        })?;
        scheduler.add(job).await?;
        scheduler.start().await?;
        Ok(scheduler)
    }
}
