//! The restore drill, with the real binary and the operator's commands (`docs/operations.md`):
//! records are written, the database is backed up while the server runs, more is written, the
//! server stops, the backup is restored and the server starts again. The data equals the
//! backup, and a phone holding a cursor from after the backup is told `410`, syncs from zero and
//! ends with the server's state.
//!
//! SQLite: `ipt-server backup` and `ipt-server restore`. PostgreSQL (`TEST_DATABASE_URL`): the
//! guide's `pg_dump -Fc`, `pg_restore` and `ipt-server rotate-sync-epoch`.

use chrono::Utc;
use ipt_tests::fresh_database;
use ipt_tests::process::{Server, call, therapist_and_client};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

const BINARY: &str = env!("CARGO_BIN_EXE_ipt-test-server");

/// The server's command line with `args`, as an operator runs it.
fn ipt_server(env: &[(&str, String)], args: &[&str]) -> Output {
    Command::new(BINARY)
        .args(args)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .env("IPT_LOG_FORMAT", "json")
        .output()
        .expect("the command runs")
}

fn succeeded(output: &Output) {
    assert!(
        output.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The command failed and said why on stderr, in words containing `why`.
fn refused(output: &Output, why: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "refused: {stderr}");
    assert!(stderr.contains(why), "{why:?} in: {stderr}");
}

fn tool(program: &str, args: &[&str]) {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"));
    assert!(
        output.status.success(),
        "{program}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("exists")
        .permissions()
        .mode()
        & 0o777
}

/// A phone's local copy, built only from the changes feed.
#[derive(Default)]
struct Phone {
    records: BTreeMap<(String, String), Value>,
    cursor: Option<String>,
}

impl Phone {
    /// Syncs from its cursor to the end: `OK`, or the refusal's status (the copy unchanged).
    async fn sync(&mut self, http: &reqwest::Client, api: &str, client: &str, token: &str) -> u16 {
        loop {
            let mut url = format!("{api}/clients/{client}/changes?limit=2");
            if let Some(cursor) = &self.cursor {
                url.push_str(&format!("&since={cursor}"));
            }
            let res = http
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .expect("answered");
            if res.status() != StatusCode::OK {
                let status = res.status().as_u16();
                let problem: Value = res.json().await.expect("a problem");
                if status == 410 {
                    assert_eq!(problem["type"], "/problems/resync-required");
                }
                return status;
            }
            let page: Value = res.json().await.expect("a page");
            for change in page["changes"].as_array().expect("changes") {
                let key = (
                    change["type"].as_str().unwrap_or_default().to_owned(),
                    change["id"].as_str().unwrap_or_default().to_owned(),
                );
                if change["deleted"] == true {
                    self.records.remove(&key);
                } else {
                    self.records.insert(key, change["data"].clone());
                }
            }
            self.cursor = page["next_cursor"].as_str().map(ToOwned::to_owned);
            if page["has_more"] != true {
                return 200;
            }
        }
    }

    /// What the app does on `410`: drops its copy and syncs from zero.
    async fn resync(&mut self, http: &reqwest::Client, api: &str, client: &str, token: &str) {
        *self = Self::default();
        assert_eq!(self.sync(http, api, client, token).await, 200);
    }

    fn checkin_ids(&self) -> Vec<String> {
        self.records
            .keys()
            .filter(|(kind, _)| kind == "checkin")
            .map(|(_, id)| id.clone())
            .collect()
    }
}

/// What the server holds, through its ordinary endpoints (the therapist's view).
async fn server_state(http: &reqwest::Client, api: &str, token: &str, client: &str) -> Value {
    let mut state = serde_json::Map::new();
    for list in ["checkins", "homework", "relationships", "exercise-logs"] {
        let page = call(
            http,
            Method::GET,
            format!("{api}/clients/{client}/{list}?limit=200"),
            Some(token),
            None,
        )
        .await;
        state.insert(list.to_owned(), page["items"].clone());
    }
    Value::Object(state)
}

async fn checkin(http: &reqwest::Client, api: &str, client: &str, token: &str, mood: u8) -> String {
    let id = uuid::Uuid::new_v4().to_string();
    call(
        http,
        Method::POST,
        format!("{api}/clients/{client}/checkins"),
        Some(token),
        Some(json!({"id": id, "recorded_at": "2026-03-01T10:00:00Z", "mood": mood})),
    )
    .await;
    id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restored_backup_serves_the_backups_data_and_phones_resync_from_zero() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let (database_url, _db) = fresh_database().await;
    let postgres = database_url.starts_with("postgres");
    let folder = tempfile::tempdir().expect("a folder");
    let env = [
        ("DATABASE_URL", database_url.clone()),
        ("IPT_SCHEDULER", "false".to_owned()),
    ];
    let mut server = Server::start(BINARY, &env);
    let http = reqwest::Client::new();
    let api = server.api();
    let today = Utc::now().date_naive().to_string();
    let (therapist, client, phone_token) = therapist_and_client(&http, &api, &today).await;

    // Written before the backup, and synced by the phone.
    let before = [
        checkin(&http, &api, &client, &phone_token, 3).await,
        checkin(&http, &api, &client, &phone_token, 4).await,
    ];
    call(
        &http,
        Method::POST,
        format!("{api}/clients/{client}/homework"),
        Some(&therapist),
        Some(json!({"title": "Talk to a friend", "problem_area": "role_transition"})),
    )
    .await;
    let mut phone = Phone::default();
    assert_eq!(phone.sync(&http, &api, &client, &phone_token).await, 200);
    let cursor_before_backup = phone.cursor.clone();
    let at_backup = server_state(&http, &api, &therapist, &client).await;

    // The backup, while the server runs.
    let backup = folder.path().join("ipt-backup.db");
    let dump = folder.path().join("ipt.dump");
    if postgres {
        refused(
            &ipt_server(&env, &["backup", &backup.display().to_string()]),
            "docs/operations.md",
        );
        tool(
            "pg_dump",
            &["-Fc", "-f", &dump.display().to_string(), &database_url],
        );
    } else {
        succeeded(&ipt_server(
            &env,
            &["backup", &backup.display().to_string()],
        ));
        #[cfg(unix)]
        assert_eq!(mode(&backup), 0o600, "the backup is the owner's alone");
        refused(
            &ipt_server(&env, &["backup", &backup.display().to_string()]),
            "not empty",
        );
    }

    // Written after the backup, and synced by the phone: its cursor is now past the backup.
    let after = [
        checkin(&http, &api, &client, &phone_token, 8).await,
        checkin(&http, &api, &client, &phone_token, 9).await,
    ];
    assert_eq!(phone.sync(&http, &api, &client, &phone_token).await, 200);
    assert_eq!(phone.checkin_ids().len(), 4);
    let cursor_after_backup = phone.cursor.clone();

    if !postgres {
        // A running server keeps its database.
        let backup_arg = backup.display().to_string();
        refused(&ipt_server(&env, &["restore", &backup_arg]), "in use");
        let still = server_state(&http, &api, &therapist, &client).await;
        assert_eq!(still["checkins"].as_array().map(Vec::len), Some(4));
    }
    server.kill_9();

    if postgres {
        tool(
            "pg_restore",
            &[
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--no-owner",
                "-d",
                &database_url,
                &dump.display().to_string(),
            ],
        );
        refused(
            &ipt_server(&env, &["restore", &dump.display().to_string()]),
            "docs/operations.md",
        );
        succeeded(&ipt_server(&env, &["rotate-sync-epoch"]));
    } else {
        let not_a_backup = folder.path().join("notes.txt");
        std::fs::write(&not_a_backup, "not a database").expect("written");
        refused(
            &ipt_server(&env, &["restore", &not_a_backup.display().to_string()]),
            "restore of",
        );
        // A backup made by a newer version, which this binary cannot know how to serve.
        let future = folder.path().join("future.db");
        std::fs::copy(&backup, &future).expect("copied");
        let db = sea_orm::Database::connect(format!("sqlite://{}", future.display()))
            .await
            .expect("opened");
        sea_orm::ConnectionTrait::execute_unprepared(
            &db,
            "INSERT INTO seaql_migrations (version, applied_at) VALUES ('m20991231_000999_future', 0)",
        )
        .await
        .expect("a newer migration");
        db.close().await.expect("closed");
        refused(
            &ipt_server(&env, &["restore", &future.display().to_string()]),
            "newer version",
        );
        succeeded(&ipt_server(
            &env,
            &["restore", &backup.display().to_string()],
        ));
        // The replaced database is kept, private, beside the restored one.
        let database = Path::new(database_url.trim_start_matches("sqlite://"));
        let kept: Vec<_> = std::fs::read_dir(database.parent().expect("a folder"))
            .expect("listed")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.display().to_string().contains(".before-restore-"))
            .collect();
        assert!(
            kept.iter()
                .any(|p| !p.display().to_string().ends_with("-wal")
                    && !p.display().to_string().ends_with("-shm")),
            "the old database kept aside: {kept:?}"
        );
        #[cfg(unix)]
        for path in &kept {
            assert_eq!(mode(path), 0o600, "{}", path.display());
        }
    }

    let server = Server::start(BINARY, &env);
    let api = server.api();
    assert_eq!(
        server_state(&http, &api, &therapist, &client).await,
        at_backup,
        "the data equals the backup"
    );

    // Both cursors are of the history before the restore.
    for cursor in [cursor_after_backup, cursor_before_backup] {
        let mut holder = Phone {
            records: BTreeMap::new(),
            cursor,
        };
        assert_eq!(holder.sync(&http, &api, &client, &phone_token).await, 410);
    }
    phone.resync(&http, &api, &client, &phone_token).await;
    let mut expected: Vec<String> = before.to_vec();
    expected.sort();
    assert_eq!(phone.checkin_ids(), expected, "the backup's check-ins only");
    assert!(after.iter().all(|id| !phone.checkin_ids().contains(id)));

    // Syncing goes on as usual from the new cursor.
    let later = checkin(&http, &api, &client, &phone_token, 5).await;
    assert_eq!(phone.sync(&http, &api, &client, &phone_token).await, 200);
    expected.push(later);
    expected.sort();
    assert_eq!(phone.checkin_ids(), expected);
    let now = server_state(&http, &api, &therapist, &client).await;
    let mut on_server: Vec<String> = now["checkins"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| c["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    on_server.sort();
    assert_eq!(
        phone.checkin_ids(),
        on_server,
        "the phone ends with the server's state"
    );
    for item in now["checkins"].as_array().expect("items") {
        let id = item["id"].as_str().unwrap_or_default().to_owned();
        assert_eq!(
            phone.records.get(&("checkin".to_owned(), id)),
            Some(item),
            "the phone's copy equals the server's record"
        );
    }
    drop(server);
}
