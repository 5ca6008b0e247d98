//! `ipt-server backup`, `restore` and `rotate-sync-epoch`: backups that restore
//! (`docs/operations.md`).
//!
//! A backup of SQLite is `VACUUM INTO` a new file (a consistent snapshot taken in one read
//! transaction, so the server keeps serving), made 0600 before SQLite writes a byte, synced, and
//! then checked: `PRAGMA integrity_check`, and that it is an IPT Companion database. A restore
//! checks the file the same way on a private copy, brings it to this binary's migrations, gives
//! it a new sync epoch, and only then swaps it in for the current file, which it keeps aside.
//! PostgreSQL has its own tools (`pg_dump`, `pg_basebackup`); for it this module only rotates
//! the epoch, the step its restore guide ends with.

use crate::configuration::Settings;
use anyhow::{Context, bail, ensure};
use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::ConnectOptions as _;
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement,
};
use std::path::{Path, PathBuf};
use std::time::Duration;

const POSTGRES_BACKUP: &str = "this command copies SQLite databases only; back up and restore \
    PostgreSQL with pg_dump/pg_restore or pg_basebackup as docs/operations.md describes, and run \
    `ipt-server rotate-sync-epoch` after a restore";

/// What `ipt-server backup` wrote.
#[derive(Debug)]
pub struct BackupReport {
    /// The backup file.
    pub file: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// Migrations applied in it.
    pub migrations: usize,
}

/// What `ipt-server restore` did.
#[derive(Debug)]
pub struct RestoreReport {
    /// The database file now in place.
    pub database: PathBuf,
    /// Where the file it replaced was kept (with its `-wal` and `-shm` beside it, if any); none
    /// if there was no database yet.
    pub kept_aside: Option<PathBuf>,
}

/// Copies the running server's SQLite database into `target`, which must not exist or be
/// empty, and checks the copy. On any failure the partial copy is removed.
///
/// # Errors
/// PostgreSQL, no database file, a target that is not empty, or a copy that fails its checks.
pub async fn backup(settings: &Settings, target: &Path) -> anyhow::Result<BackupReport> {
    let database = sqlite_database(settings)?;
    ensure!(
        database.is_file(),
        "there is no database at {}",
        database.display()
    );
    let target_text = target
        .to_str()
        .with_context(|| format!("{} is not a UTF-8 path", target.display()))?;
    create_private_empty(target)?;
    let result = async {
        let source = open(&database, Mode::Live).await?;
        // One read transaction: a consistent snapshot while the server writes on.
        source
            .execute_raw(Statement::from_sql_and_values(
                DbBackend::Sqlite,
                "VACUUM INTO ?",
                [target_text.into()],
            ))
            .await
            .context("VACUUM INTO the backup file")?;
        source.close().await?;
        // SQLite does not sync what VACUUM INTO wrote: a backup must survive a power cut.
        sync_file_and_folder(target)?;
        let copy = open(target, Mode::ReadOnly).await?;
        let applied = check(&copy).await;
        copy.close().await?;
        anyhow::Ok(applied?)
    }
    .await;
    match result {
        Ok(applied) => Ok(BackupReport {
            file: target.to_owned(),
            bytes: std::fs::metadata(target)?.len(),
            migrations: applied.len(),
        }),
        Err(err) => {
            // Never leave a half-written or failed copy where a good one is expected.
            let _ = std::fs::remove_file(target);
            Err(err.context(format!("backup to {} failed", target.display())))
        }
    }
}

/// Replaces the SQLite database with the backup `file` while the server is stopped: checks a
/// private copy of it (integrity, IPT Companion's, no migration newer than this binary's),
/// applies this binary's pending migrations and a new sync epoch to that copy, keeps the
/// current database aside (renamed with a timestamp, with its `-wal` and `-shm`, 0600), and
/// renames the copy into place.
///
/// # Errors
/// PostgreSQL, a file that fails its checks, a server that still has the database open, or a
/// file operation that fails; the current database is then left where and as it was.
pub async fn restore(settings: &Settings, file: &Path) -> anyhow::Result<RestoreReport> {
    let database = sqlite_database(settings)?;
    ensure!(
        file.is_file(),
        "there is no backup file at {}",
        file.display()
    );
    if database.exists() && std::fs::canonicalize(file)? == std::fs::canonicalize(&database)? {
        bail!("{} is the current database itself", file.display());
    }
    let wal = suffixed(file, "-wal");
    ensure!(
        std::fs::metadata(&wal).map_or(true, |m| m.len() == 0),
        "{} has a write-ahead log beside it ({}): it is a database in use, not a backup; \
         make backups with `ipt-server backup`",
        file.display(),
        wal.display()
    );
    let folder = database
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_owned();
    create_private_folder(&folder)?;
    let name = database
        .file_name()
        .context("the database path names no file")?
        .to_string_lossy()
        .into_owned();
    // A running server is named before a large file is copied. The lock is let go again: held
    // through the copy, it would keep a server started meanwhile waiting on the file that is
    // about to be moved aside; `install` takes it again for the swap alone, and a server
    // started meanwhile makes it refuse.
    drop(lock_current(&database)?);
    // In the database's folder, so that the final rename stays on one file system.
    let staged = folder.join(format!(".{name}.restore-{}", std::process::id()));
    let result = async {
        copy_private(file, &staged)?;
        prepare(&staged).await?;
        sync_file_and_folder(&staged)?;
        install(&database, &staged)
    }
    .await;
    if result.is_err() {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let _ = std::fs::remove_file(suffixed(&staged, suffix));
        }
    }
    let kept_aside = result.with_context(|| format!("restore of {} failed", file.display()))?;
    Ok(RestoreReport {
        database,
        kept_aside,
    })
}

/// `ipt-server rotate-sync-epoch`: gives the database a new sync epoch, so that every sync
/// cursor issued before answers `410` and phones sync again from zero. Run it after restoring
/// PostgreSQL (`ipt-server restore` does it itself for SQLite); it is harmless at any time
/// (phones sync once more).
///
/// # Errors
/// Database errors, or a database without the epoch (not migrated to this version).
pub async fn rotate_sync_epoch(db: &DatabaseConnection) -> anyhow::Result<()> {
    crate::sync::epoch::rotate(db).await.context(
        "rotating the sync epoch (is this an IPT Companion database? `ipt-server migrate` first)",
    )?;
    Ok(())
}

/// The database file of an SQLite `DATABASE_URL`.
fn sqlite_database(settings: &Settings) -> anyhow::Result<PathBuf> {
    if !settings.is_sqlite() {
        bail!(POSTGRES_BACKUP);
    }
    crate::db::sqlite_file(&settings.database_url)
        .context("DATABASE_URL names an in-memory SQLite database: there is no file to copy")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The server's database, which may be in use: journal mode left as it is.
    Live,
    /// A finished backup: read, never written (no side files appear beside it).
    ReadOnly,
    /// The staged copy of a restore: written in rollback-journal mode, so that the finished
    /// file is whole on its own (no `-wal` to carry along when it is renamed into place).
    Staged,
}

async fn open(path: &Path, mode: Mode) -> anyhow::Result<DatabaseConnection> {
    // The URL only picks the driver: the file is set below by path, which needs no escaping.
    let mut options = ConnectOptions::new("sqlite::memory:");
    options
        .max_connections(1)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .sqlx_logging(false);
    let path = path.to_owned();
    options.map_sqlx_sqlite_opts(move |_| {
        let o = SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(false)
            .busy_timeout(Duration::from_secs(5))
            .disable_statement_logging();
        match mode {
            Mode::Live => o,
            Mode::ReadOnly => o.read_only(true),
            Mode::Staged => o
                .journal_mode(SqliteJournalMode::Delete)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true),
        }
    });
    Database::connect(options)
        .await
        .context("opening the SQLite file")
}

/// Checks a copy: SQLite finds it whole, and it is an IPT Companion database. Returns the
/// names of the migrations applied in it.
async fn check(db: &DatabaseConnection) -> anyhow::Result<Vec<String>> {
    let answers: Vec<String> = column(db, "PRAGMA integrity_check").await?;
    ensure!(
        answers == ["ok"],
        "the copy fails SQLite's integrity check: {}",
        answers.join("; ")
    );
    let tables: Vec<String> = column(
        db,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'seaql_migrations'",
    )
    .await?;
    ensure!(
        !tables.is_empty(),
        "the file is an SQLite database but not IPT Companion's (it has no migrations table)"
    );
    let applied: Vec<String> =
        column(db, "SELECT version FROM seaql_migrations ORDER BY version").await?;
    let first = Migrator::migrations()
        .first()
        .map(|m| m.name().to_owned())
        .unwrap_or_default();
    ensure!(
        applied.contains(&first),
        "the file is an SQLite database but not IPT Companion's (its migrations are not ours)"
    );
    Ok(applied)
}

async fn column(db: &DatabaseConnection, sql: &str) -> anyhow::Result<Vec<String>> {
    db.query_all_raw(Statement::from_string(DbBackend::Sqlite, sql))
        .await
        .with_context(|| format!("{sql} on the copy"))?
        .iter()
        .map(|row| Ok(row.try_get_by_index::<String>(0)?))
        .collect()
}

/// Checks the staged copy of a restore and makes it what this binary serves, with a new epoch.
async fn prepare(staged: &Path) -> anyhow::Result<()> {
    let db = open(staged, Mode::Staged).await?;
    let result = async {
        let applied = check(&db).await?;
        let known: Vec<String> = Migrator::migrations()
            .iter()
            .map(|m| m.name().to_owned())
            .collect();
        if let Some(newer) = applied.iter().find(|name| !known.contains(name)) {
            bail!(
                "the backup was made by a newer version of IPT Companion (its migration {newer} \
                 is unknown to this binary): restore it with that version"
            );
        }
        // What the server would do at its next start, done before the swap: a backup of an
        // older version may lack the epoch's table.
        Migrator::up(&db, None)
            .await
            .context("applying this version's migrations to the backup")?;
        // The restored history numbers changes again from the backup's counters: every cursor
        // a phone got after the backup must stop working, and it does once the epoch differs.
        rotate_sync_epoch(&db).await
    }
    .await;
    db.close().await?;
    result
}

/// Opens the current database file (if there is one) and takes SQLite's exclusive lock on it:
/// a server that has the file open holds SQLite's shared lock, so taking the exclusive one
/// proves that none runs. The lock lasts as long as the returned file stays open.
fn lock_current(database: &Path) -> anyhow::Result<Option<std::fs::File>> {
    if !database.exists() {
        return Ok(None);
    }
    let current = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(database)
        .with_context(|| format!("opening {}", database.display()))?;
    if !lock_sqlite_exclusively(&current)? {
        bail!(
            "{} is in use: stop the server (every process using the database) before a restore",
            database.display()
        );
    }
    Ok(Some(current))
}

/// Keeps the current database (if any) aside and renames `staged` into its place, holding
/// [`lock_current`]'s lock throughout. Returns where the current file went. If a step fails,
/// the files already moved are moved back.
fn install(database: &Path, staged: &Path) -> anyhow::Result<Option<PathBuf>> {
    let Some(current) = lock_current(database)? else {
        rename_synced(staged, database)?;
        return Ok(None);
    };
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let aside = suffixed(database, &format!(".before-restore-{stamp}"));
    let mut moved: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut swap = || -> anyhow::Result<()> {
        // The log and the shared memory go first: SQLite would replay a `-wal` it finds beside
        // the restored file into it.
        for suffix in ["-wal", "-shm", "-journal", ""] {
            let from = suffixed(database, suffix);
            if from.exists() {
                let to = suffixed(&aside, suffix);
                std::fs::rename(&from, &to)
                    .with_context(|| format!("moving {} aside", from.display()))?;
                moved.push((from, to.clone()));
                set_private(&to)?;
            }
        }
        rename_synced(staged, database)
    };
    let result = swap();
    if result.is_err() {
        for (from, to) in moved.iter().rev() {
            let _ = std::fs::rename(to, from);
        }
    }
    drop(current);
    result.map(|()| Some(aside))
}

/// Takes SQLite's EXCLUSIVE lock on a database file without SQLite: a write lock on the bytes
/// SQLite locks (from its pending byte at 1 GiB: pending, reserved and the shared range). Every
/// connection holds a read lock there (in WAL mode for as long as it is open), so this fails
/// while any process has the database open. `false`: it is in use.
#[cfg(any(target_os = "linux", target_os = "macos"))]
fn lock_sqlite_exclusively(file: &std::fs::File) -> anyhow::Result<bool> {
    use nix::errno::Errno;
    use nix::fcntl::{FcntlArg, fcntl};
    use nix::libc;
    const PENDING_BYTE: libc::off_t = 0x4000_0000;
    // Pending (1), reserved (1) and shared (510) bytes: SQLite's os_unix.c.
    const LOCKED_BYTES: libc::off_t = 512;
    let lock = libc::flock {
        l_type: libc::F_WRLCK as libc::c_short,
        l_whence: libc::SEEK_SET as libc::c_short,
        l_start: PENDING_BYTE,
        l_len: LOCKED_BYTES,
        l_pid: 0,
    };
    match fcntl(file, FcntlArg::F_SETLK(&lock)) {
        Ok(_) => Ok(true),
        Err(Errno::EAGAIN | Errno::EACCES) => Ok(false),
        Err(err) => Err(anyhow::Error::from(err).context("locking the database file")),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "macos")))]
fn lock_sqlite_exclusively(_: &std::fs::File) -> anyhow::Result<bool> {
    bail!("restore can prove that no server has the database open only on Linux and macOS")
}

fn suffixed(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Creates `target` empty with mode 0600 (before SQLite writes what clients wrote into it), or
/// accepts an existing empty file and narrows it to 0600.
fn create_private_empty(target: &Path) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options
        .open(target)
        .with_context(|| format!("creating {}", target.display()))?;
    ensure!(
        file.metadata()?.len() == 0,
        "{} exists and is not empty: refusing to overwrite it",
        target.display()
    );
    set_private(target)
}

/// Copies `from` into a new file `to` of mode 0600, synced.
fn copy_private(from: &Path, to: &Path) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut target = options
        .open(to)
        .with_context(|| format!("creating {}", to.display()))?;
    let mut source =
        std::fs::File::open(from).with_context(|| format!("reading {}", from.display()))?;
    std::io::copy(&mut source, &mut target)
        .with_context(|| format!("copying {} to {}", from.display(), to.display()))?;
    target.sync_all()?;
    Ok(())
}

fn create_private_folder(folder: &Path) -> anyhow::Result<()> {
    if folder.exists() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(folder)
        .with_context(|| format!("creating {}", folder.display()))
}

fn set_private(path: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("making {} private (0600)", path.display()))?;
    }
    Ok(())
}

/// Renames atomically and syncs the folder, so that the new name survives a power cut.
fn rename_synced(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::rename(from, to)
        .with_context(|| format!("renaming {} to {}", from.display(), to.display()))?;
    sync_folder(to)
}

fn sync_file_and_folder(path: &Path) -> anyhow::Result<()> {
    std::fs::File::open(path)?
        .sync_all()
        .with_context(|| format!("syncing {}", path.display()))?;
    sync_folder(path)
}

fn sync_folder(path: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        let folder = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::File::open(folder)?
            .sync_all()
            .with_context(|| format!("syncing the folder {}", folder.display()))?;
    }
    Ok(())
}
