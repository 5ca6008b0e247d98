//! Erased means erased on disk too. Deleting rows leaves their bytes behind: SQLite keeps them
//! in free pages and in old page images in its WAL, PostgreSQL in dead tuples until a vacuum,
//! and in the free space of pages that keep live rows until those pages are rewritten. This
//! module removes what can be removed while the server runs (after each erasure, in the
//! background) and in a maintenance window (`ipt-server compact`). `docs/privacy.md` says what
//! each step does and does not reach.
//!
//! SQLite's part of the work is `PRAGMA secure_delete = ON` on every connection (`db.rs`): a
//! deleted row's bytes are overwritten with zeros in the page that held it. The pages that
//! still hold them are then only the WAL's older page images, which a `wal_checkpoint(TRUNCATE)`
//! after the erasure removes.

use crate::db::SQLITE_BUSY_TIMEOUT;
use crate::group_commit::WriteGate;
use entities::ClientId;
use sea_orm::sqlx::{self, Row};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::{mpsc, watch};

/// The table every one of a client's records leads to; deleting its row is the erasure.
const CLIENTS: &str = "clients";

/// The column that names a client in the tables of its records.
const CLIENT_COLUMN: &str = "client_id";

/// Tables that name clients but are never deleted from: the audit trail outlives a client on
/// purpose (append-only, enforced by triggers) and holds ids, never content.
const KEPT: [&str; 1] = ["audit_log"];

/// How often the background step is tried after an erasure, and how long it waits before each
/// further try (a busy reader or writer can hold a checkpoint off; a vacuum can meet a lock).
const RETRY_DELAYS: [Duration; 4] = [
    Duration::from_secs(1),
    Duration::from_secs(5),
    Duration::from_secs(30),
    Duration::from_secs(120),
];

/// How long the checkpoint waits for SQLite's locks per try: it blocks new writers while it
/// waits, so it gives up quickly and tries again later rather than stall the app's writes.
const CHECKPOINT_BUSY_TIMEOUT: Duration = Duration::from_millis(200);

/// The tables that hold a client's records: `clients`, every table with a `client_id` column
/// (safety alerts name their client without a foreign key, so that an open one outlives the
/// erasure), and every table whose rows lead to one of those through foreign keys (an alert's
/// deliveries, a sign-in's tokens). Read from the schema rather than listed by hand, so that a
/// new table of a client's records is on it from its migration on. Only the audit trail is
/// left out (`KEPT`).
///
/// # Errors
/// Database errors.
pub async fn client_tables<C: ConnectionTrait>(db: &C) -> Result<Vec<String>, DbErr> {
    let backend = db.get_database_backend();
    let (keys, naming) = match backend {
        DbBackend::Postgres => (
            "SELECT child.relname::text AS child, parent.relname::text AS parent \
             FROM pg_constraint c \
             JOIN pg_class child ON child.oid = c.conrelid \
             JOIN pg_class parent ON parent.oid = c.confrelid \
             JOIN pg_namespace n ON n.oid = child.relnamespace \
             WHERE c.contype = 'f' AND n.nspname = current_schema()",
            format!(
                "SELECT table_name::text AS name FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND column_name = '{CLIENT_COLUMN}'"
            ),
        ),
        _ => (
            "SELECT m.name AS child, f.\"table\" AS parent \
             FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f \
             WHERE m.type = 'table'",
            format!(
                "SELECT m.name AS name FROM sqlite_master m JOIN pragma_table_info(m.name) c \
                 WHERE m.type = 'table' AND c.name = '{CLIENT_COLUMN}'"
            ),
        ),
    };
    let mut referencing: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in db
        .query_all_raw(Statement::from_string(backend, keys))
        .await?
    {
        let child: String = row.try_get("", "child")?;
        let parent: String = row.try_get("", "parent")?;
        referencing.entry(parent).or_default().push(child);
    }
    // Nothing before the migrations have made the schema.
    let exists = match backend {
        DbBackend::Postgres => format!("SELECT to_regclass('{CLIENTS}') IS NOT NULL AS found"),
        _ => format!(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '{CLIENTS}') AS found"
        ),
    };
    let found: bool = db
        .query_one_raw(Statement::from_string(backend, exists))
        .await?
        .map(|row| row.try_get("", "found"))
        .transpose()?
        .unwrap_or(false);
    if !found {
        return Ok(Vec::new());
    }
    let mut next = vec![CLIENTS.to_owned()];
    for row in db
        .query_all_raw(Statement::from_string(backend, naming))
        .await?
    {
        next.push(row.try_get("", "name")?);
    }
    next.retain(|t| !KEPT.contains(&t.as_str()));
    let mut found: BTreeSet<String> = next.iter().cloned().collect();
    while let Some(table) = next.pop() {
        for child in referencing.get(&table).into_iter().flatten() {
            if !KEPT.contains(&child.as_str()) && found.insert(child.clone()) {
                next.push(child.clone());
            }
        }
    }
    Ok(found.into_iter().collect())
}

/// `"a", "b"`: table names quoted for a statement (they come from the catalog, not a user).
fn quoted(tables: &[String]) -> String {
    tables
        .iter()
        .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What `ipt-server compact` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compacted {
    /// The tables of a client's records that were rewritten (on SQLite the whole file is).
    pub tables: Vec<String>,
    /// The SQL run, for the operator's log.
    pub statements: Vec<String>,
}

/// The maintenance-window step (`ipt-server compact`): rewrites the tables of clients' records
/// so that no page keeps a deleted row's bytes. PostgreSQL: `VACUUM (FULL, ANALYZE)` of those
/// tables, which writes each table and its indexes and TOAST anew and takes an exclusive lock
/// while it does (every request touching them waits), then `VACUUM FULL pg_statistic`, whose
/// sampled column values may include old texts. SQLite: `VACUUM` (the whole file, the only
/// unit SQLite rewrites) and a `wal_checkpoint(TRUNCATE)`; with `secure_delete` on it removes
/// nothing new, but it does remove what was deleted before `secure_delete` was turned on
/// (by a version older than 1.2), and returns free pages to the file system.
///
/// # Errors
/// Database errors; on SQLite also a checkpoint that could not finish (the server is busy:
/// run it again in a quieter moment or with the server stopped).
pub async fn compact(db: &DatabaseConnection) -> Result<Compacted, DbErr> {
    let tables = client_tables(db).await?;
    if tables.is_empty() {
        return Err(DbErr::Custom(
            "no clients table: this database has not been migrated".into(),
        ));
    }
    let mut statements = Vec::new();
    match db.get_database_backend() {
        DbBackend::Postgres => {
            let full = format!("VACUUM (FULL, ANALYZE) {}", quoted(&tables));
            db.execute_unprepared(&full).await?;
            statements.push(full);
            // Without the privilege PostgreSQL skips it with a warning rather than failing.
            let statistics = "VACUUM FULL pg_catalog.pg_statistic".to_owned();
            db.execute_unprepared(&statistics).await?;
            statements.push(statistics);
        }
        _ => {
            db.execute_unprepared("VACUUM").await?;
            statements.push("VACUUM".to_owned());
            if !checkpoint_sqlite(db, SQLITE_BUSY_TIMEOUT).await? {
                return Err(DbErr::Custom(
                    "the WAL checkpoint after VACUUM could not finish: readers were busy".into(),
                ));
            }
            statements.push("PRAGMA wal_checkpoint(TRUNCATE)".to_owned());
        }
    }
    Ok(Compacted { tables, statements })
}

/// Runs `PRAGMA wal_checkpoint(TRUNCATE)` on a connection of its own whose busy timeout is
/// `wait`; true when every frame reached the database file and the WAL was emptied.
async fn checkpoint_sqlite(db: &DatabaseConnection, wait: Duration) -> Result<bool, DbErr> {
    let to_db = |e: sqlx::Error| DbErr::Custom(format!("sqlite checkpoint: {e}"));
    let mut conn = db
        .get_sqlite_connection_pool()
        .acquire()
        .await
        .map_err(to_db)?;
    // Numbers from constants, not input.
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "PRAGMA busy_timeout = {}",
        wait.as_millis()
    )))
    .execute(&mut *conn)
    .await
    .map_err(to_db)?;
    let outcome = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .fetch_one(&mut *conn)
        .await;
    // The connection goes back to the pool: with the pool's own timeout again, or closed.
    let restored = sqlx::query(sqlx::AssertSqlSafe(format!(
        "PRAGMA busy_timeout = {}",
        SQLITE_BUSY_TIMEOUT.as_millis()
    )))
    .execute(&mut *conn)
    .await;
    if restored.is_err() {
        conn.close_on_drop();
    }
    match outcome {
        // Columns: busy (1 when it could not finish), frames in the WAL, frames checkpointed.
        Ok(row) => Ok(row.try_get::<i64, _>(0).map_err(to_db)? == 0),
        Err(sqlx::Error::Database(e)) if e.message().contains("locked") => Ok(false),
        Err(e) => Err(to_db(e)),
    }
}

/// What was erased, for the log (ids and counts only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Erased {
    /// A client and its records (`DELETE /api/v1/clients/{id}`).
    Client(ClientId),
    /// This many minimal alert records of erased clients, removed once acknowledged (their
    /// acknowledgement may carry a note about the client).
    AlertsOfErasedClients(u64),
}

impl std::fmt::Display for Erased {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Client(id) => write!(f, "client:{id}"),
            Self::AlertsOfErasedClients(n) => write!(f, "alerts_of_erased_clients:{n}"),
        }
    }
}

/// The background step after an erasure: a WAL checkpoint on SQLite, a `VACUUM (ANALYZE)` of
/// the client tables on PostgreSQL. Erasures queue it; one task runs it, so a burst of
/// erasures costs one run. It never delays or fails the erasure's answer: it runs after the
/// commit, is tried again on failure, and its outcome goes to the log with the clients' ids.
#[derive(Clone)]
pub struct AtRest {
    queue: mpsc::UnboundedSender<Erased>,
    requested: Arc<AtomicU64>,
    done: watch::Receiver<u64>,
}

impl AtRest {
    /// Starts the task on the current runtime. It ends when every handle is dropped.
    #[must_use]
    pub fn start(db: &DatabaseConnection, gate: &WriteGate) -> Self {
        let (queue, erased) = mpsc::unbounded_channel();
        let (finished, done) = watch::channel(0);
        let requested = Arc::new(AtomicU64::new(0));
        tokio::spawn(run(db.clone(), gate.clone(), erased, finished));
        Self {
            queue,
            requested,
            done,
        }
    }

    /// Queues the step after `what` was deleted (call it after the commit).
    pub fn erased(&self, what: Erased) {
        self.requested.fetch_add(1, Ordering::SeqCst);
        if self.queue.send(what).is_err() {
            tracing::warn!(erased = %what, "the at-rest cleanup is not running; erased bytes stay until `ipt-server compact`");
        }
    }

    /// Waits until the step has run (or given up) for every erasure queued before this call:
    /// tests wait for it, and a shutdown for a while.
    pub async fn settled(&self) {
        let wanted = self.requested.load(Ordering::SeqCst);
        let mut done = self.done.clone();
        let _ = done.wait_for(|n| *n >= wanted).await;
    }
}

async fn run(
    db: DatabaseConnection,
    gate: WriteGate,
    mut erased: mpsc::UnboundedReceiver<Erased>,
    finished: watch::Sender<u64>,
) {
    let mut handled = 0u64;
    while let Some(first) = erased.recv().await {
        let mut batch = vec![first];
        while let Ok(more) = erased.try_recv() {
            batch.push(more);
        }
        handled += batch.len() as u64;
        let ids: Vec<String> = batch.iter().map(ToString::to_string).collect();
        let mut attempt = 0;
        loop {
            match scrub(&db, &gate).await {
                Ok(Scrub::Done(step)) => {
                    tracing::info!(erased = ?ids, step, attempt, "erased records removed at rest");
                    break;
                }
                outcome => {
                    let reason = match outcome {
                        Ok(_) => "busy".to_owned(),
                        Err(e) => e.to_string(),
                    };
                    let Some(delay) = RETRY_DELAYS.get(attempt) else {
                        tracing::warn!(erased = ?ids, attempt, reason, "erased records may stay in free database pages until the next erasure or `ipt-server compact`");
                        break;
                    };
                    tracing::info!(erased = ?ids, attempt, reason, "at-rest cleanup after erasure postponed");
                    attempt += 1;
                    tokio::time::sleep(*delay).await;
                }
            }
        }
        finished.send_replace(handled);
    }
}

enum Scrub {
    Done(&'static str),
    Busy,
}

async fn scrub(db: &DatabaseConnection, gate: &WriteGate) -> Result<Scrub, DbErr> {
    match db.get_database_backend() {
        DbBackend::Postgres => {
            // VACUUM cannot run inside a transaction; a pooled connection outside one is what
            // `execute_unprepared` uses. ANALYZE with it, so that the planner's sampled
            // values (pg_statistic) are taken from the rows that are left.
            let tables = client_tables(db).await?;
            if tables.is_empty() {
                return Ok(Scrub::Done("nothing"));
            }
            db.execute_unprepared(&format!("VACUUM (ANALYZE) {}", quoted(&tables)))
                .await?;
            Ok(Scrub::Done("vacuum"))
        }
        _ => {
            // The app's writers wait at the gate rather than in SQLite's busy handler.
            let _turn = gate.enter().await;
            Ok(if checkpoint_sqlite(db, CHECKPOINT_BUSY_TIMEOUT).await? {
                Scrub::Done("wal_checkpoint")
            } else {
                Scrub::Busy
            })
        }
    }
}
