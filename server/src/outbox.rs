//! The one loop both outboxes run (the reminders and the safety-alert notifications): a
//! once-a-second UTC tick (tokio-cron-scheduler is only the clock; the database holds what is
//! due) that does nothing while the previous tick still runs, then rounds of claimed sends until
//! a round claims less than a batch, then housekeeping every so many ticks. What a round claims,
//! how each message is rendered and sent, and what housekeeping does are the outbox's own
//! ([`Outbox`]); the rows are claimed under leases (`lease.rs`), so replicas share the work.

use crate::clock::Clock;
use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, DbErr};
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio_cron_scheduler::{Job, JobScheduler};

/// What one kind of outbox does in a tick.
pub trait Outbox: Send + Sync + 'static {
    /// What a tick did (the sum of its rounds).
    type Report: Default + Send;

    /// Its name in the log line of a failed tick.
    const NAME: &'static str;
    /// The most rounds of one tick.
    const ROUNDS: usize;
    /// Housekeeping runs on the first tick and then on every this many.
    const HOUSEKEEPING_EVERY: u64;

    /// The most rows one round claims.
    fn batch(&self) -> u64;

    /// Before the rounds (the reminders plan what falls due).
    fn prepare(
        &self,
        db: &DatabaseConnection,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), DbErr>> + Send;

    /// One round at `now`: what it did, and how many rows it claimed.
    fn round(
        &self,
        db: &DatabaseConnection,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<(Self::Report, usize), DbErr>> + Send;

    /// Adds a round's report to the tick's.
    fn add(total: &mut Self::Report, round: Self::Report);

    /// Now and then: purges, and what else the outbox keeps tidy.
    fn housekeeping(
        &self,
        db: &DatabaseConnection,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), DbErr>> + Send;

    /// After every tick (the reminders set their depth gauge).
    fn finish(
        &self,
        db: &DatabaseConnection,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), DbErr>> + Send;
}

/// Runs an [`Outbox`] tick by tick.
pub struct Runner<O> {
    /// The database holding the outbox.
    pub db: DatabaseConnection,
    /// Where the current time comes from (a manual clock in tests).
    pub clock: Arc<dyn Clock>,
    /// The outbox's own work.
    pub outbox: O,
    busy: tokio::sync::Mutex<()>,
    ticks: AtomicU64,
}

impl<O: Outbox> Runner<O> {
    /// A runner that has not ticked yet.
    #[must_use]
    pub fn new(db: DatabaseConnection, clock: Arc<dyn Clock>, outbox: O) -> Self {
        Self {
            db,
            clock,
            outbox,
            busy: tokio::sync::Mutex::new(()),
            ticks: AtomicU64::new(0),
        }
    }

    /// One step at the clock's `now`. A tick that finds the previous one still running does
    /// nothing and reports nothing.
    ///
    /// # Errors
    /// Database errors.
    pub async fn tick(&self) -> Result<O::Report, DbErr> {
        let Ok(_running) = self.busy.try_lock() else {
            return Ok(O::Report::default());
        };
        self.outbox.prepare(&self.db, self.clock.now()).await?;
        let mut total = O::Report::default();
        for _ in 0..O::ROUNDS {
            let (round, claimed) = self.outbox.round(&self.db, self.clock.now()).await?;
            O::add(&mut total, round);
            if u64::try_from(claimed).unwrap_or(u64::MAX) < self.outbox.batch() {
                break;
            }
        }
        if self
            .ticks
            .fetch_add(1, Ordering::Relaxed)
            .is_multiple_of(O::HOUSEKEEPING_EVERY)
        {
            self.outbox.housekeeping(&self.db, self.clock.now()).await?;
        }
        self.outbox.finish(&self.db, self.clock.now()).await?;
        Ok(total)
    }

    /// Adds the once-a-second tick to `scheduler`. A plain UTC cron: its time-zone jobs keep a
    /// fixed offset and drift at DST changes, so local times are the outbox's to work out.
    ///
    /// # Errors
    /// The job cannot be added.
    pub async fn schedule(self: &Arc<Self>, scheduler: &JobScheduler) -> anyhow::Result<()> {
        let runner = Arc::clone(self);
        let job = Job::new_async("* * * * * *", move |_, _| {
            let runner = Arc::clone(&runner);
            Box::pin(async move {
                if let Err(e) = runner.tick().await {
                    tracing::warn!(error = %e, outbox = O::NAME, "outbox tick failed; retrying on the next tick");
                }
            })
        })?;
        scheduler.add(job).await?;
        Ok(())
    }
}
