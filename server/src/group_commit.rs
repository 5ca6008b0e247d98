//! Group commit: writes that arrive while a transaction is committing wait and share the next
//! one. A commit costs one fsync whether it carries one row or sixty, so under load many
//! requests pay for one flush, and writes of one client take its row lock once per batch
//! instead of once per request. Every caller still gets its answer only after its own rows are
//! durable: nothing is acknowledged from memory.
//!
//! Each lane is one task that owns at most one transaction at a time. Jobs are routed to a lane
//! by key (a client id), so one client's writes stay in order and never contend with each other
//! across lanes. On SQLite there is a single writer anyway; all lanes there share a
//! [`WriteGate`], so they queue on an async lock instead of sleeping in SQLite's busy handler.

use crate::error::{ApiError, is_unavailable};
use sea_orm::{DatabaseConnection, DatabaseTransaction, DbBackend, DbErr};
use std::future::Future;
use std::hash::{BuildHasher, Hash};
use std::sync::Arc;
use tokio::sync::{Mutex, mpsc, oneshot};

/// The most jobs one transaction carries. Bounded so that a statement stays within SQLite's
/// parameter limit and one slow batch does not hold a client's lock for long.
pub const MAX_BATCH: usize = 64;

/// What one batch of jobs writes inside its transaction.
pub trait BatchWrite: Send + Sync + 'static {
    /// One request's write. `Clone` so that a failed batch can be retried job by job.
    type Job: Clone + Send + 'static;
    /// What a job's write answers its request with.
    type Output: Send + 'static;

    /// Writes `jobs` in `txn` and returns one outcome per job, in order. A job's own refusal
    /// (a conflict, an invalid reference) is its `Err` and must leave nothing written for it;
    /// an `Err` of the whole call rolls the batch back.
    fn write(
        &self,
        txn: &DatabaseTransaction,
        jobs: Vec<Self::Job>,
    ) -> impl Future<Output = Result<Vec<Result<Self::Output, ApiError>>, DbErr>> + Send;
}

/// Serialises write transactions on SQLite, which has one writer; no-op on PostgreSQL.
#[derive(Clone, Default)]
pub struct WriteGate(Option<Arc<Mutex<()>>>);

impl WriteGate {
    /// A gate for `backend`: a real lock on SQLite, none on PostgreSQL.
    #[must_use]
    pub fn for_backend(backend: DbBackend) -> Self {
        Self((backend == DbBackend::Sqlite).then(|| Arc::new(Mutex::new(()))))
    }

    /// Waits for the turn to write (at once on PostgreSQL). Hold the guard until the commit.
    pub async fn enter(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match &self.0 {
            Some(lock) => Some(lock.lock().await),
            None => None,
        }
    }
}

struct Pending<W: BatchWrite> {
    job: W::Job,
    reply: oneshot::Sender<Result<W::Output, ApiError>>,
}

/// The lanes of one kind of write.
pub struct GroupCommit<W: BatchWrite> {
    lanes: Vec<mpsc::Sender<Pending<W>>>,
    hasher: std::collections::hash_map::RandomState,
}

impl<W: BatchWrite> GroupCommit<W> {
    /// Starts `lanes` writer tasks on the current runtime. They stop when this is dropped.
    #[must_use]
    pub fn start(db: &DatabaseConnection, gate: &WriteGate, lanes: usize, writer: W) -> Self {
        let writer = Arc::new(writer);
        let lanes = (0..lanes.max(1))
            .map(|_| {
                let (tx, rx) = mpsc::channel(MAX_BATCH * 4);
                tokio::spawn(run_lane(db.clone(), gate.clone(), Arc::clone(&writer), rx));
                tx
            })
            .collect();
        Self {
            lanes,
            hasher: std::collections::hash_map::RandomState::new(),
        }
    }

    /// Writes `job` in the next transaction of `key`'s lane and waits until it is committed.
    ///
    /// # Errors
    /// The job's own refusal, or the database's failure.
    pub async fn submit(&self, key: impl Hash, job: W::Job) -> Result<W::Output, ApiError> {
        let lane =
            usize::try_from(self.hasher.hash_one(key)).unwrap_or_default() % self.lanes.len();
        let (reply, answer) = oneshot::channel();
        self.lanes[lane]
            .send(Pending { job, reply })
            .await
            .map_err(|_| ApiError::Unavailable(anyhow::anyhow!("the writer has stopped")))?;
        answer
            .await
            .map_err(|_| ApiError::Internal(anyhow::anyhow!("the writer dropped a job")))?
    }
}

async fn run_lane<W: BatchWrite>(
    db: DatabaseConnection,
    gate: WriteGate,
    writer: Arc<W>,
    mut rx: mpsc::Receiver<Pending<W>>,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    // Takes whatever has queued up while the previous batch committed; never waits for more.
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        commit(&db, &gate, writer.as_ref(), std::mem::take(&mut batch)).await;
    }
}

async fn commit<W: BatchWrite>(
    db: &DatabaseConnection,
    gate: &WriteGate,
    writer: &W,
    pending: Vec<Pending<W>>,
) {
    let (jobs, replies): (Vec<_>, Vec<_>) = pending.into_iter().map(|p| (p.job, p.reply)).unzip();
    let size = jobs.len();
    let err = match attempt(db, gate, writer, jobs.clone()).await {
        Ok(outcomes) => {
            for (reply, outcome) in replies.into_iter().zip(outcomes) {
                // The caller may have gone away (a closed connection); its write still stands.
                let _ = reply.send(outcome);
            }
            return;
        }
        Err(err) => err,
    };
    if size == 1 || is_unavailable(&err) {
        tracing::warn!(error = %err, batch = size, "group commit failed");
        for reply in replies {
            let _ = reply.send(Err(shared(&err)));
        }
        return;
    }
    // One job may have broken the batch (a race on an id, a constraint): alone, each job
    // either succeeds or fails on its own account.
    tracing::warn!(error = %err, batch = size, "group commit failed; retrying job by job");
    for (job, reply) in jobs.into_iter().zip(replies) {
        let outcome = match attempt(db, gate, writer, vec![job]).await {
            Ok(mut outcomes) => outcomes.pop().unwrap_or_else(|| {
                Err(ApiError::Internal(anyhow::anyhow!(
                    "a batch returned no outcome"
                )))
            }),
            Err(err) => Err(err.into()),
        };
        let _ = reply.send(outcome);
    }
}

async fn attempt<W: BatchWrite>(
    db: &DatabaseConnection,
    gate: &WriteGate,
    writer: &W,
    jobs: Vec<W::Job>,
) -> Result<Vec<Result<W::Output, ApiError>>, DbErr> {
    let expected = jobs.len();
    let _turn = gate.enter().await;
    let txn = crate::db::begin_write(db).await?;
    let outcomes = writer.write(&txn, jobs).await?;
    if outcomes.len() != expected {
        return Err(DbErr::Custom(format!(
            "a batch of {expected} returned {} outcomes",
            outcomes.len()
        )));
    }
    txn.commit().await?;
    Ok(outcomes)
}

/// The error every job of a failed batch answers with.
fn shared(err: &DbErr) -> ApiError {
    let cause = anyhow::anyhow!("{err}");
    if is_unavailable(err) {
        ApiError::Unavailable(cause)
    } else if crate::error::is_busy(err) {
        ApiError::Busy(cause)
    } else {
        ApiError::Internal(cause)
    }
}
