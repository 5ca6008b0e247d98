//! Erased means erased on disk: after `DELETE /clients/{id}` no byte of what the client or its
//! therapist wrote stays in the database files. A canary string goes into every free-text
//! field of a client's records; after the erasure it is searched for in the files themselves
//! (SQLite: the database file and its WAL; PostgreSQL: every live row, and after
//! `ipt-server compact` the heap, index and TOAST files of the client tables).

use ipt_server::at_rest::{client_tables, compact};
use ipt_tests::{TestApp, Therapist, body, spawn_app};
use reqwest::{Response, StatusCode};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

/// What the scenario wrote: the canary, the client and the alert left open at erasure.
struct Written {
    canary: String,
    therapist: Therapist,
    client: Uuid,
    open_alert: String,
}

fn etag(res: &Response) -> String {
    res.headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .expect("an ETag")
        .to_owned()
}

async fn created(res: Response) -> Value {
    let status = res.status();
    let answer = body(res).await;
    assert!(status.is_success(), "{status}: {answer}");
    answer
}

/// A client with the canary in every free-text field its records have: its name, its phone's
/// sign-in label and push token, check-in note, exercise-log note and answers, homework title,
/// instructions and reflection, the inventory, every document (safety plan, formulation,
/// relapse plan, each in two versions) and a safety alert's acknowledgement note.
async fn client_full_of_canaries(app: &TestApp) -> Written {
    let canary = format!("zqcanary{}", Uuid::new_v4().simple());
    let c = canary.as_str();
    let therapist = app.therapist().await;
    let t = Some(therapist.access_token.as_str());
    let made = created(
        app.post(
            "/api/v1/clients",
            t,
            &json!({"display_name": format!("Sam {c}"), "timezone": "Europe/Berlin",
                    "treatment": {"start_date": "2026-01-05", "planned_sessions": 12}}),
        )
        .await,
    )
    .await;
    let id: Uuid = made["id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("id");
    let tokens = created(
        app.post(
            "/api/v1/auth/invite",
            None,
            &json!({"code": made["invite"]["code"], "device_label": format!("Phone {c}")}),
        )
        .await,
    )
    .await;
    let phone = ipt_tests::Client {
        id,
        access_token: tokens["access_token"].as_str().expect("token").to_owned(),
        refresh_token: tokens["refresh_token"].as_str().expect("token").to_owned(),
    };
    let p = Some(phone.access_token.as_str());
    let base = format!("/api/v1/clients/{id}");

    created(
        app.post(
            &format!("{base}/devices"),
            p,
            &json!({"fcm_token": format!("fcm-{c}"), "platform": "android"}),
        )
        .await,
    )
    .await;
    let person = created(
        app.post(
            &format!("{base}/relationships"),
            p,
            &json!({"label": format!("Mum {c}"), "role": format!("mother {c}"), "closeness": 1,
                    "note": format!("note {c}"), "satisfying": format!("satisfying {c}"),
                    "unsatisfying": format!("unsatisfying {c}"),
                    "expectations": format!("expectations {c}")}),
        )
        .await,
    )
    .await;
    // A signal, acknowledged with a note: the alert goes with the erasure.
    created(
        app.checkin(
            &phone,
            &json!({"recorded_at": "2026-03-01T10:00:00Z", "mood": 3, "note": format!("checkin {c}"),
                    "relationship_id": person["id"], "phq9": [1, 1, 1, 1, 1, 1, 1, 1, 1]}),
        )
        .await,
    )
    .await;
    let alerts = body(app.get("/api/v1/alerts", t).await).await;
    let first = alerts["items"][0]["id"]
        .as_str()
        .expect("an alert")
        .to_owned();
    created(
        app.post(
            &format!("/api/v1/alerts/{first}/acknowledge"),
            t,
            &json!({"action": "other", "note": format!("called her {c}")}),
        )
        .await,
    )
    .await;
    // A second signal, still open at erasure: it stays as a minimal record.
    created(
        app.checkin(
            &phone,
            &json!({"recorded_at": "2026-03-02T10:00:00Z", "mood": 2,
                    "phq9": [1, 1, 1, 1, 1, 1, 1, 1, 2]}),
        )
        .await,
    )
    .await;
    let alerts = body(app.get("/api/v1/alerts", t).await).await;
    let open_alert = alerts["items"]
        .as_array()
        .expect("alerts")
        .iter()
        .find(|a| a["acknowledged_at"].is_null())
        .and_then(|a| a["id"].as_str())
        .expect("an open alert")
        .to_owned();
    created(
        app.post(
            &format!("{base}/exercise-logs"),
            p,
            &json!({"exercise_key": "communication_analysis", "practiced_at": "2026-03-03T18:00:00Z",
                    "note": format!("practice {c}"), "responses": {"situation": format!("dinner {c}")}}),
        )
        .await,
    )
    .await;
    let homework = created(
        app.post(
            &format!("{base}/homework"),
            t,
            &json!({"title": format!("Call {c}"), "instructions": format!("instructions {c}")}),
        )
        .await,
    )
    .await;
    created(
        app.post(
            &format!("{base}/homework/{}/completion", homework["id"].as_str().expect("id")),
            p,
            &json!({"completed_at": "2026-12-07T18:00:00Z", "reflection": format!("reflection {c}")}),
        )
        .await,
    )
    .await;

    let plan = |n: u8| {
        json!({"warning_signs": [format!("signs {n} {c}")], "coping_strategies": [format!("coping {c}")],
               "distractions": [format!("walk {c}")],
               "people_to_ask": [{"name": format!("Ana {c}"), "phone": "+49 30 1234567"}],
               "professionals": [{"name": format!("Dr {c}"), "phone": "+49 30 7654321"}],
               "environment_safety": [format!("pills {c}")], "reasons_for_living": [format!("cat {c}")]})
    };
    let formulation = |n: u8| {
        json!({"problem_areas": ["grief", "role_transition"], "summary": format!("summary {n} {c}"),
               "goals": [{"problem_area": "grief", "text": format!("goal {c}")}],
               "grief": {"person": format!("father {c}")},
               "role_transition": {"old_role": format!("nurse {c}"), "new_role": format!("newcomer {c}")}})
    };
    let relapse = |n: u8| {
        json!({"warning_signs": [format!("waking {n} {c}")], "what_helped": [format!("helped {c}")],
               "people_to_contact": [{"name": format!("Jo {c}"), "phone": "+49 30 1111111"}],
               "when_to_seek_help": [format!("help {c}")]})
    };
    for (path, token, document) in [
        ("safety-plan", p, &plan as &dyn Fn(u8) -> Value),
        ("formulation", t, &formulation),
        ("relapse-plan", p, &relapse),
    ] {
        let path = format!("{base}/{path}");
        let first = app.put(&path, token, &document(1)).await;
        let tag = etag(&first);
        created(first).await;
        // A second version: the first one stays in the document's history until erasure.
        created(
            app.put_with_headers(&path, token, &[("If-Match", tag.as_str())], &document(2))
                .await,
        )
        .await;
    }
    Written {
        canary,
        therapist,
        client: id,
        open_alert,
    }
}

/// How many times `needle` occurs in `haystack`.
fn copies(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

/// The SQLite database file and its WAL (absent counts as empty), by name.
fn sqlite_files(app: &TestApp) -> Vec<(String, Vec<u8>)> {
    let path = app
        .database_url
        .strip_prefix("sqlite://")
        .expect("an SQLite URL")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    ["", "-wal"]
        .iter()
        .map(|suffix| {
            let file = format!("{path}{suffix}");
            let bytes = std::fs::read(&file).unwrap_or_default();
            (file, bytes)
        })
        .collect()
}

fn copies_in_sqlite_files(app: &TestApp, canary: &str) -> Vec<(String, usize)> {
    sqlite_files(app)
        .into_iter()
        .map(|(file, bytes)| (file, copies(&bytes, canary.as_bytes())))
        .collect()
}

fn total(found: &[(String, usize)]) -> usize {
    found.iter().map(|(_, n)| n).sum()
}

/// PostgreSQL: the rows of every table of the schema that hold `canary` anywhere, per table.
async fn live_rows_holding(app: &TestApp, canary: &str) -> Vec<(String, i64)> {
    let tables = app
        .db
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT tablename::text AS t FROM pg_tables WHERE schemaname = current_schema()",
        ))
        .await
        .expect("tables");
    let mut found = Vec::new();
    for row in tables {
        let table: String = row.try_get("", "t").expect("a name");
        let n: i64 = app
            .db
            .query_one_raw(Statement::from_string(
                DbBackend::Postgres,
                format!("SELECT COUNT(*) AS n FROM \"{table}\" r WHERE r::text LIKE '%{canary}%'"),
            ))
            .await
            .expect("counted")
            .and_then(|r| r.try_get("", "n").ok())
            .unwrap_or(-1);
        if n != 0 {
            found.push((table, n));
        }
    }
    found
}

/// PostgreSQL: copies of `canary` in the files of `tables` (heap, indexes, TOAST and its
/// index), read as the superuser the tests connect as, after a checkpoint wrote every page.
async fn copies_in_postgres_files(
    app: &TestApp,
    tables: &[String],
    canary: &str,
) -> Vec<(String, usize)> {
    app.db
        .execute_unprepared("CHECKPOINT")
        .await
        .expect("a checkpoint");
    let names = tables
        .iter()
        .map(|t| format!("'{t}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let relations = format!(
        "WITH t AS (SELECT oid, reltoastrelid FROM pg_class \
                    WHERE relname IN ({names}) AND relnamespace = current_schema()::regnamespace) \
         SELECT oid::regclass::text AS name, pg_relation_filepath(oid) AS path FROM t \
         UNION ALL SELECT indexrelid::regclass::text, pg_relation_filepath(indexrelid) \
           FROM pg_index WHERE indrelid IN (SELECT oid FROM t) \
         UNION ALL SELECT reltoastrelid::regclass::text, pg_relation_filepath(reltoastrelid) \
           FROM t WHERE reltoastrelid <> 0 \
         UNION ALL SELECT indexrelid::regclass::text, pg_relation_filepath(indexrelid) \
           FROM pg_index WHERE indrelid IN (SELECT reltoastrelid FROM t WHERE reltoastrelid <> 0)"
    );
    let rows = app
        .db
        .query_all_raw(Statement::from_string(DbBackend::Postgres, relations))
        .await
        .expect("the relations' files");
    assert!(rows.len() > tables.len(), "tables and their indexes");
    let mut found = Vec::new();
    for row in rows {
        let name: String = row.try_get("", "name").expect("a name");
        let path: String = row.try_get("", "path").expect("a path");
        let bytes: Vec<u8> = app
            .db
            .query_one_raw(Statement::from_string(
                DbBackend::Postgres,
                format!("SELECT pg_read_binary_file('{path}') AS b"),
            ))
            .await
            .expect("the file is read")
            .and_then(|r| r.try_get("", "b").ok())
            .unwrap_or_default();
        found.push((name, copies(&bytes, canary.as_bytes())));
    }
    found
}

#[tokio::test]
async fn an_erased_clients_text_leaves_no_copy_in_the_database_files() {
    let app = spawn_app().await;
    let written = client_full_of_canaries(&app).await;
    let canary = written.canary.as_str();
    let token = Some(written.therapist.access_token.as_str());
    let backend = app.db.get_database_backend();
    let tables = client_tables(&app.db).await.expect("the client tables");
    // So that the test can fail: the canary is on disk before the erasure.
    let before = match backend {
        DbBackend::Postgres => {
            let holding = live_rows_holding(&app, canary).await;
            assert!(!holding.is_empty());
            // Every table that holds a client's words is one that erasure cleans.
            for (table, _) in &holding {
                assert!(tables.contains(table), "{table} is not cleaned: {tables:?}");
            }
            copies_in_postgres_files(&app, &tables, canary).await
        }
        _ => copies_in_sqlite_files(&app, canary),
    };
    assert!(total(&before) > 0, "{before:?}");

    let res = app
        .delete(&format!("/api/v1/clients/{}", written.client), token)
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    // The open alert outlives the erasure until it is acknowledged; its note then goes with
    // the minimal record when the notifier purges it.
    let res = app
        .post(
            &format!("/api/v1/alerts/{}/acknowledge", written.open_alert),
            token,
            &json!({"action": "other", "note": format!("after erasure {canary}")}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    app.notify().await;
    app.at_rest.settled().await;

    match backend {
        DbBackend::Postgres => {
            assert_eq!(live_rows_holding(&app, canary).await, vec![]);
            // `ipt-server compact` runs exactly this.
            let done = compact(&app.db).await.expect("compacted");
            assert_eq!(done.tables, tables);
            let after = copies_in_postgres_files(&app, &tables, canary).await;
            assert_eq!(total(&after), 0, "{after:?}");
        }
        _ => {
            // Every connection of the pool overwrites what it deletes, not only the one the
            // start-up check asked.
            let pool = app.db.get_sqlite_connection_pool();
            let mut held = Vec::new();
            for _ in 0..4 {
                let mut conn = pool.acquire().await.expect("a connection");
                let on: i64 = sea_orm::sqlx::query_scalar("PRAGMA secure_delete")
                    .fetch_one(&mut *conn)
                    .await
                    .expect("read");
                assert_eq!(on, 1);
                held.push(conn);
            }
            drop(held);
            // While the server runs: the checkpoint after the erasure emptied the WAL, and
            // secure_delete zeroed the rows in the file.
            let running = copies_in_sqlite_files(&app, canary);
            assert_eq!(total(&running), 0, "{running:?}");
            app.stop().await;
            let stopped = copies_in_sqlite_files(&app, canary);
            assert_eq!(total(&stopped), 0, "{stopped:?}");
            // `ipt-server compact` on the stopped server's file: VACUUM and a checkpoint.
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_ipt-test-server"))
                .arg("compact")
                .env("DATABASE_URL", &app.database_url)
                .env("IPT_LOG_FORMAT", "json")
                .output()
                .expect("the command runs");
            let log = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success(),
                "{log}{}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(log.contains("\"compacted\""), "{log}");
            let compacted = copies_in_sqlite_files(&app, canary);
            assert_eq!(total(&compacted), 0, "{compacted:?}");
        }
    }
    assert!(
        !ipt_tests::captured_logs().contains(canary),
        "content in the logs"
    );
}

#[tokio::test]
async fn the_tables_erasure_cleans_are_read_from_the_schema() {
    let app = spawn_app().await;
    let tables = client_tables(&app.db).await.expect("the client tables");
    // A foreign key to clients; a client named without one (an alert outlives its client);
    // reached only through another table (an alert's deliveries and their attempts).
    for table in [
        "clients",
        "checkins",
        "client_document_versions",
        "safety_alerts",
        "alert_deliveries",
        "alert_delivery_attempts",
        "auth_tokens",
    ] {
        assert!(tables.contains(&table.to_owned()), "{table}: {tables:?}");
    }
    // The audit trail is kept; a therapist's account is not a client's record.
    for table in ["audit_log", "therapists", "seaql_migrations"] {
        assert!(!tables.contains(&table.to_owned()), "{table}: {tables:?}");
    }
}
