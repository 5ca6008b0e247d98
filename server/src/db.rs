//! Database connection: SQLite (embedded default) or PostgreSQL, picked by `DATABASE_URL`.

use crate::configuration::Settings;
use anyhow::{Context, bail};
use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr,
    SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};
use std::time::Duration;

/// How long a writer waits for SQLite's single write lock before giving up.
pub(crate) const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a statement waits for a PostgreSQL lock (a row another request is changing)
/// before giving up, like SQLite's busy timeout: the request then answers 503 with
/// `Retry-After` instead of holding a connection and a worker for as long as the other holds
/// the lock. Migrations lift it for their own transaction.
const POSTGRES_LOCK_TIMEOUT: &str = "5s";

/// Connects to the configured database and, for SQLite, checks that the durability settings
/// took effect: a silently ignored pragma would risk losing acknowledged writes.
///
/// # Errors
/// The database cannot be reached, or SQLite does not run with the expected settings.
pub async fn connect(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    let url = settings.database_url.as_str();
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(settings.pool_size())
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        // A request waits at most this long for a connection; then it answers 503 rather than
        // hanging while the database is away.
        .acquire_timeout(Duration::from_secs(3))
        .sqlx_logging(false);

    if settings.is_sqlite() {
        if let Some(file) = sqlite_file(url) {
            private_sqlite_file(&file)?;
        }
        options.map_sqlx_sqlite_opts(|o| {
            o.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(SQLITE_BUSY_TIMEOUT)
                // A deleted row's bytes are overwritten with zeros, not left in free space:
                // an erased client must not be readable from the file (at_rest.rs).
                .pragma("secure_delete", "ON")
        });
    } else {
        options.map_sqlx_postgres_opts(|o| o.options([("lock_timeout", POSTGRES_LOCK_TIMEOUT)]));
    }

    let db = Database::connect(options)
        .await
        .context("connecting to the database")?;
    if settings.is_sqlite() {
        check_sqlite_pragmas(&db).await?;
    }
    Ok(db)
}

/// Begins a transaction that writes. On SQLite it is `BEGIN IMMEDIATE`: the write lock is
/// taken (waiting up to the busy timeout) before the first read. A deferred transaction that
/// reads and then writes fails at once with `SQLITE_BUSY_SNAPSHOT` (517) when another
/// connection committed in between, and no waiting helps it: under concurrent writes that was
/// a 500. Writers of one SQLite file are serialised anyway, so nothing is lost. On PostgreSQL
/// it is a plain `BEGIN`.
///
/// # Errors
/// The database does not answer, or the lock did not come within the busy timeout.
pub async fn begin_write<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

/// Inserts `row`, or where its `key` (a unique column) already holds `value` updates `update`
/// of the row that holds it, in one statement (so that two writers racing for one key leave
/// one row), and reads back the row that now holds `value`.
///
/// # Errors
/// Database errors.
pub async fn upsert<A, C>(
    txn: &C,
    row: A,
    (key, value): (
        <A::Entity as sea_orm::EntityTrait>::Column,
        impl Into<sea_orm::Value>,
    ),
    update: impl IntoIterator<Item = <A::Entity as sea_orm::EntityTrait>::Column>,
) -> Result<<A::Entity as sea_orm::EntityTrait>::Model, DbErr>
where
    A: sea_orm::ActiveModelTrait + Send,
    C: ConnectionTrait,
{
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    A::Entity::insert(row)
        .on_conflict(
            sea_orm::sea_query::OnConflict::column(key)
                .update_columns(update)
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
    A::Entity::find()
        .filter(key.eq(value))
        .one(txn)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("an upserted row vanished".into()))
}

/// Applies every pending migration.
///
/// # Errors
/// A migration fails.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    if db.get_database_backend() == DbBackend::Postgres {
        // Replicas starting together would race to apply the same migration. One transaction
        // holding an advisory lock serialises them (PostgreSQL runs DDL in transactions); the
        // later ones find nothing left to do.
        let txn = db.begin().await?;
        // The replica that waits here waits for another's migrations, however long they take.
        txn.execute_unprepared("SET LOCAL lock_timeout = 0").await?;
        txn.execute_unprepared("SELECT pg_advisory_xact_lock(7201126)")
            .await?;
        Migrator::up(&txn, None)
            .await
            .context("applying migrations")?;
        txn.commit().await?;
        return Ok(());
    }
    Migrator::up(db, None).await.context("applying migrations")
}

/// Creates the SQLite file (and the folders it lacks) readable by this user alone: it holds
/// what clients wrote. Folders created here are 0700, the file 0600; SQLite gives its WAL and
/// shared-memory files the database file's mode. A file or its WAL found readable by others
/// (made by an older version) is narrowed to 0600 and that is logged.
fn private_sqlite_file(file: &std::path::Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
        if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.exists()
        {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .with_context(|| format!("creating the database folder {}", dir.display()))?;
        }
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(file)
            .with_context(|| format!("creating the database file {}", file.display()))?;
        for suffix in ["", "-wal", "-shm"] {
            let path = std::path::PathBuf::from(format!("{}{suffix}", file.display()));
            let Ok(meta) = std::fs::metadata(&path) else {
                continue;
            };
            if meta.permissions().mode() & 0o077 != 0 {
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
                    .with_context(|| format!("narrowing the mode of {}", path.display()))?;
                tracing::warn!(path = %path.display(), "the database file was readable by other users; narrowed to 0600");
            }
        }
    }
    #[cfg(not(unix))]
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating the database folder {}", dir.display()))?;
    }
    Ok(())
}

/// The file path in an `sqlite:` URL, if it names a file (not `:memory:`).
pub(crate) fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && !path.starts_with(":memory:")).then(|| path.into())
}

async fn check_sqlite_pragmas(db: &DatabaseConnection) -> anyhow::Result<()> {
    let journal: String = pragma(db, "journal_mode").await?;
    let synchronous: i64 = pragma(db, "synchronous").await?;
    let foreign_keys: i64 = pragma(db, "foreign_keys").await?;
    let busy_timeout: i64 = pragma(db, "busy_timeout").await?;
    let secure_delete: i64 = pragma(db, "secure_delete").await?;
    if !journal.eq_ignore_ascii_case("wal") {
        bail!("SQLite journal_mode is {journal}, expected wal");
    }
    // 2 = FULL: every commit is fsynced before it is acknowledged.
    if synchronous != 2 {
        bail!("SQLite synchronous is {synchronous}, expected 2 (FULL)");
    }
    if foreign_keys != 1 {
        bail!("SQLite foreign_keys is off");
    }
    if busy_timeout <= 0 {
        bail!("SQLite busy_timeout is not set");
    }
    // 1 = ON (2 would be FAST, which leaves old bytes on free-list pages).
    if secure_delete != 1 {
        bail!(
            "SQLite secure_delete is {secure_delete}, expected 1 (ON): erased records would stay readable in the file"
        );
    }
    tracing::info!(journal_mode = %journal, synchronous, foreign_keys, busy_timeout, secure_delete, "sqlite settings checked");
    Ok(())
}

async fn pragma<T: sea_orm::TryGetable>(db: &DatabaseConnection, name: &str) -> anyhow::Result<T> {
    let row = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            format!("PRAGMA {name}"),
        ))
        .await?
        .with_context(|| format!("PRAGMA {name} returned nothing"))?;
    Ok(row.try_get_by_index::<T>(0)?)
}

/// Whether the database answers a trivial query.
pub async fn is_ready(db: &DatabaseConnection) -> bool {
    let probe = db.execute_unprepared("SELECT 1");
    matches!(
        tokio::time::timeout(Duration::from_secs(2), probe).await,
        Ok(Ok(_))
    )
}

#[cfg(test)]
mod tests {
    use super::sqlite_file;

    #[test]
    fn a_relative_sqlite_url_names_a_relative_file() {
        assert_eq!(
            sqlite_file("sqlite://data/ipt.db?mode=rwc"),
            Some("data/ipt.db".into())
        );
    }

    #[test]
    fn an_in_memory_sqlite_url_names_no_file() {
        assert_eq!(sqlite_file("sqlite::memory:"), None);
    }
}
