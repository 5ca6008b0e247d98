//! The registry of a client's records (`ipt_server::records`) is the one place that knows them:
//! every table that names a client is claimed by a kind there (or is on the short list below),
//! and every kind reaches the sync feed, the export, the FHIR bundle (or says why not) and the
//! audit trail under its object type, and is gone after erasure.

use ipt_server::records::{self, Fhir};
use ipt_tests::{TestApp, body, spawn_app};
use reqwest::StatusCode;
use sea_orm::{ActiveEnum, ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// Tables with a `client_id` column that hold no record of the client's: each says why.
const NOT_RECORDS: &[(&str, &str)] = &[
    // Append-only, ids and actions only, and it outlives the client on purpose.
    ("audit_log", "the audit trail"),
    // A phone's sign-in: credentials, not content; erasure signs the phone out.
    ("auth_sessions", "sign-ins"),
    // One-time codes that join a phone to its client.
    ("invites", "invite codes"),
];

/// The tables of the database under test that have a `client_id` column.
async fn tables_naming_a_client(app: &TestApp) -> BTreeSet<String> {
    let backend = app.db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT table_name::text AS name FROM information_schema.columns \
             WHERE table_schema = current_schema() AND column_name = 'client_id'"
        }
        _ => {
            "SELECT m.name AS name FROM sqlite_master m JOIN pragma_table_info(m.name) c \
             WHERE m.type = 'table' AND c.name = 'client_id'"
        }
    };
    app.db
        .query_all_raw(Statement::from_string(backend, sql))
        .await
        .expect("the schema")
        .into_iter()
        .map(|row| row.try_get::<String>("", "name").expect("a name"))
        .collect()
}

#[tokio::test]
async fn every_table_that_names_a_client_is_claimed_by_a_record_kind_or_said_to_hold_none() {
    let app = spawn_app().await;
    let naming = tables_naming_a_client(&app).await;
    assert!(
        naming.contains("checkins"),
        "the schema query finds the tables: {naming:?}"
    );
    let claimed: BTreeSet<&str> = records::claimed_tables().into_iter().collect();
    let exempt: BTreeSet<&str> = NOT_RECORDS.iter().map(|(table, _)| *table).collect();
    let unclaimed: Vec<&String> = naming
        .iter()
        .filter(|t| !claimed.contains(t.as_str()) && !exempt.contains(t.as_str()))
        .collect();
    assert!(
        unclaimed.is_empty(),
        "tables naming a client that no kind in server/src/records claims: {unclaimed:?}; \
         a new record kind goes into the registry (or, if it holds no record, onto NOT_RECORDS \
         with the reason)"
    );
    // The lists stay true: a claimed table exists, and an exempt one still names clients.
    for table in &claimed {
        assert!(
            naming.contains(*table) || *table == "clients",
            "the registry claims {table}, which has no client_id column"
        );
    }
    for table in &exempt {
        assert!(naming.contains(*table), "{table} no longer names a client");
        assert!(!claimed.contains(table), "{table} is claimed and exempt");
    }
}

#[tokio::test]
async fn the_registry_names_each_kind_and_each_change_type_once() {
    let kinds = records::kinds();
    let names: BTreeSet<_> = kinds.iter().map(|k| k.name).collect();
    assert_eq!(names.len(), kinds.len());
    let changes: Vec<_> = kinds.iter().filter_map(|k| k.change).collect();
    let distinct: BTreeSet<_> = changes.iter().collect();
    assert_eq!(distinct.len(), changes.len());
    for kind in kinds {
        assert!(!kind.tables.is_empty(), "{} claims no table", kind.name);
        if let Fhir::None(why) = kind.fhir {
            assert!(
                !why.is_empty(),
                "{} is out of FHIR without a reason",
                kind.name
            );
        }
    }
}

/// Every change of a full sync, paged to the end.
async fn full_sync(app: &TestApp, client: &ipt_tests::Client) -> Vec<Value> {
    let mut changes = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut path = format!("/api/v1/clients/{}/changes?limit=200", client.id);
        if let Some(c) = &cursor {
            path.push_str(&format!("&since={c}"));
        }
        let res = app.get(&path, Some(&client.access_token)).await;
        assert_eq!(res.status(), StatusCode::OK);
        let page = body(res).await;
        changes.extend(page["changes"].as_array().cloned().unwrap_or_default());
        cursor = page["next_cursor"].as_str().map(ToOwned::to_owned);
        if page["has_more"] != true {
            return changes;
        }
    }
}

/// The value at a dotted path of the export (`client.treatment`).
fn at<'a>(export: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(export, |v, key| &v[key])
}

fn present(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Array(items) => !items.is_empty(),
        Value::Object(fields) => !fields.is_empty(),
        _ => true,
    }
}

#[tokio::test]
async fn one_record_of_every_kind_reaches_the_feed_the_export_and_fhir_and_erasure_removes_it() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    // A course under way (its first session a week ago), so that reminders are planned.
    let start = (app.now() - chrono::Duration::days(7))
        .date_naive()
        .to_string();
    let client = app.client_in(&therapist, "Europe/Berlin", &start).await;
    let base = format!("/api/v1/clients/{}", client.id);
    let mine = Some(client.access_token.as_str());
    let theirs = Some(therapist.access_token.as_str());
    let at_now = app.now().to_rfc3339();
    let created = |res: reqwest::Response, what: &str| {
        assert!(
            res.status().is_success(),
            "{what}: {} (the test's request for this kind)",
            res.status()
        );
    };

    // The client, its course and its reminder settings exist from the start. One of each other
    // kind, through the API (a check-in that answers item 9 opens a safety alert).
    let res = app
        .checkin(
            &client,
            &json!({"recorded_at": at_now, "mood": 3, "phq9": [1, 1, 1, 1, 1, 1, 1, 1, 2], "gad7": [1, 1, 1, 1, 1, 1, 1]}),
        )
        .await;
    created(res, "check-in");
    let res = app
        .post(
            &format!("{base}/exercise-logs"),
            mine,
            &json!({"exercise_key": "i_statements", "practiced_at": at_now}),
        )
        .await;
    created(res, "exercise log");
    let res = app
        .post(
            &format!("{base}/risk-screens"),
            mine,
            &json!({"id": uuid::Uuid::new_v4(), "recorded_at": at_now, "instrument": "asq",
                    "answers": {"q1": false, "q2": false, "q3": false, "q4": false, "q5": null}}),
        )
        .await;
    created(res, "risk screen");
    let res = app
        .post(
            &format!("{base}/homework"),
            theirs,
            &json!({"title": "Call Mum"}),
        )
        .await;
    created(res, "homework");
    let res = app
        .post(
            &format!("{base}/relationships"),
            mine,
            &json!({"label": "Mum", "closeness": 1}),
        )
        .await;
    created(res, "relationship");
    let res = app
        .post(
            &format!("{base}/readings/what_is_ipt/opened"),
            mine,
            &Value::Null,
        )
        .await;
    created(res, "reading opened");
    let res = app
        .put(
            &format!("{base}/formulation"),
            theirs,
            &json!({"problem_areas": ["grief"], "summary": "Since her father died.",
                    "goals": [{"problem_area": "grief", "text": "Visit the grave"}]}),
        )
        .await;
    assert!(res.status().is_success(), "formulation: {}", res.status());
    let goal = body(res).await["goals"][0]["id"].clone();
    let res = app
        .put(
            &format!("{base}/sessions/1"),
            theirs,
            &json!({"status": "held", "goal_ratings": [{"goal_id": goal, "rating": 4}]}),
        )
        .await;
    created(res, "session mark and goal rating");
    let res = app
        .put(
            &format!("{base}/safety-plan"),
            mine,
            &json!({"warning_signs": ["I can't sleep"], "coping_strategies": ["Walk"],
                    "distractions": ["The café"], "people_to_ask": [{"name": "Ana"}],
                    "professionals": [{"name": "Crisis line", "phone": "0800 111 0 111"}],
                    "environment_safety": ["Give the pills to Ana"], "reasons_for_living": ["My daughter"]}),
        )
        .await;
    created(res, "safety plan");
    let res = app
        .put(
            &format!("{base}/relapse-plan"),
            mine,
            &json!({"warning_signs": ["Waking at 4"], "what_helped": ["Telling Ana"],
                    "people_to_contact": [], "when_to_seek_help": []}),
        )
        .await;
    created(res, "relapse plan");
    // Every create of one path segment under the client, with the matrix's body, by whoever
    // the matrix lets write it: a new kind whose record such a route creates needs no line
    // above (if it fails, the kind is missing below and the assertion names it). A new invite
    // code is no record, and would end the phone's sign-in the rest of the test needs.
    let api = body(app.get("/api/v1/openapi.json", None).await).await;
    let may = super::matrix::expectations();
    for (path, item) in api["paths"].as_object().expect("paths") {
        let Some(segment) = path.strip_prefix("/api/v1/clients/{client_id}/") else {
            continue;
        };
        let route = format!("POST {path}");
        if segment.contains('/') || segment == "invite" || item.get("post").is_none() {
            continue;
        }
        let (Some(payload), Some(statuses)) =
            (super::matrix::body_for(&route), may.get(route.as_str()))
        else {
            continue;
        };
        let caller = if (200..300).contains(&statuses[1]) {
            mine
        } else {
            theirs
        };
        app.post(&format!("{base}/{segment}"), caller, &payload)
            .await;
    }
    app.register_device(&client, "registry-token").await;
    app.set_reminders(
        &client,
        json!({"practice_prompts": [{"local_time": "07:30", "weekdays": [1, 2, 3, 4, 5, 6, 7]}]}),
    )
    .await;

    // The feed.
    let types: BTreeSet<String> = full_sync(&app, &client)
        .await
        .iter()
        .filter_map(|c| c["type"].as_str().map(ToOwned::to_owned))
        .collect();
    for kind in records::kinds() {
        if let Some(change) = kind.change {
            assert!(
                types.contains(change),
                "{} is not in a full sync ({types:?})",
                kind.name
            );
        }
    }
    assert_eq!(
        types,
        registered_changes(),
        "the feed carries only registered kinds"
    );

    // The JSON export.
    let res = app.get(&format!("{base}/export"), theirs).await;
    assert_eq!(res.status(), StatusCode::OK);
    let export = body(res).await;
    for kind in records::kinds() {
        assert!(
            present(at(&export, kind.export)),
            "{} is not in the export's `{}`: {export}",
            kind.name,
            kind.export
        );
    }

    // The FHIR bundle.
    let res = app.get(&format!("{base}/export?format=fhir"), theirs).await;
    assert_eq!(res.status(), StatusCode::OK);
    let bundle: Value = serde_json::from_slice(&res.bytes().await.expect("a body")).expect("JSON");
    let resources: BTreeSet<String> = bundle["entry"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| {
            e["resource"]["resourceType"]
                .as_str()
                .map(ToOwned::to_owned)
        })
        .collect();
    for kind in records::kinds() {
        let expected: &[&str] = match kind.fhir {
            Fhir::Subject => &["Patient", "CarePlan"],
            Fhir::Resources(types) => types,
            Fhir::None(_) => &[],
        };
        for resource in expected {
            assert!(
                resources.contains(*resource),
                "{} should be a {resource} in the bundle ({resources:?})",
                kind.name
            );
        }
    }

    // Erasure: the open alert is acknowledged first (an open one outlives the erasure on purpose,
    // as a minimal record), then nothing of any kind is left under the client's id.
    let token = app.fresh_token(&therapist).await;
    let open = body(app.get("/api/v1/alerts?status=open", Some(&token)).await).await;
    for alert in open["items"].as_array().cloned().unwrap_or_default() {
        let id = alert["id"].as_str().expect("an id");
        let res = app
            .post(
                &format!("/api/v1/alerts/{id}/acknowledge"),
                Some(&token),
                &json!({"action": "other", "note": "Called her"}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    let backend = app.db.get_database_backend();
    let count = |table: &str| {
        let column = if table == "clients" {
            "id"
        } else {
            "client_id"
        };
        let placeholder = if backend == DbBackend::Postgres {
            "$1"
        } else {
            "?"
        };
        Statement::from_sql_and_values(
            backend,
            format!("SELECT COUNT(*) AS n FROM {table} WHERE {column} = {placeholder}"),
            [client.id.into()],
        )
    };
    let rows_of = |table: &'static str| {
        let statement = count(table);
        let db = &app.db;
        async move {
            db.query_one_raw(statement)
                .await
                .expect("a count")
                .expect("a row")
                .try_get::<i64>("", "n")
                .expect("a number")
        }
    };
    // After the course (12 weeks from a week ago), two PHQ-9 totals of 10 or more 14 days apart
    // open a likely-relapse episode (the check-in writes it; no route of its own). The phone's
    // sign-in has lapsed by then: a new invite signs it in again.
    app.clock.advance(chrono::Duration::days(90));
    let token = app.fresh_token(&therapist).await;
    let res = app
        .post(&format!("{base}/invite"), Some(&token), &json!({}))
        .await;
    assert!(res.status().is_success(), "a new invite: {}", res.status());
    let code = body(res).await["code"].clone();
    let res = app
        .post("/api/v1/auth/invite", None, &json!({"code": code}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let phone = body(res).await["access_token"]
        .as_str()
        .expect("a token")
        .to_owned();
    let mine = Some(phone.as_str());
    for days_ago in [15, 1] {
        let recorded_at = (app.now() - chrono::Duration::days(days_ago)).to_rfc3339();
        let res = app
            .post(
                &format!("{base}/checkins"),
                mine,
                &json!({"recorded_at": recorded_at, "mood": 3, "phq9": [2, 2, 2, 2, 2, 0, 0, 0, 0]}),
            )
            .await;
        created(res, "check-in after the course");
    }
    for table in records::claimed_tables() {
        assert!(rows_of(table).await > 0, "nothing was written to {table}");
    }
    // The audit trail names each kind by its object type. The first course was written with
    // the client (audited as the client's), an outbox row only when the phone opens it: both
    // are written here once more so that their own object types appear.
    let notifications = app.notifications(&therapist, &client).await;
    let first = notifications[0]["id"]
        .as_str()
        .expect("a planned notification")
        .to_owned();
    let res = app
        .post(
            &format!("{base}/notifications/{first}/opened"),
            mine,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .post(
            &format!("{base}/courses/{}/end", client.id),
            Some(&token),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let trail = body(
        app.get(&format!("{base}/audit?limit=200"), Some(&token))
            .await,
    )
    .await;
    let audited: BTreeSet<String> = trail["items"]
        .as_array()
        .expect("a trail")
        .iter()
        .filter_map(|e| e["object_type"].as_str().map(ToOwned::to_owned))
        .collect();
    for kind in records::kinds() {
        assert!(
            audited.contains(kind.audit.to_value().as_str()),
            "{} is not in the audit trail as {:?} ({audited:?})",
            kind.name,
            kind.audit
        );
    }

    let res = app.delete(&base, Some(&token)).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    for table in records::claimed_tables() {
        assert_eq!(
            rows_of(table).await,
            0,
            "{table} keeps rows of an erased client"
        );
    }
}

/// The kinds of change the registry sends, by their `type`.
fn registered_changes() -> BTreeSet<String> {
    records::kinds()
        .iter()
        .filter_map(|k| k.change.map(ToOwned::to_owned))
        .collect()
}

fn repository_file(path: &str) -> String {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path);
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// Every `…` in the first cell of the rows of the table under `## Kinds`.
fn kinds_in_the_sync_doc(doc: &str) -> BTreeSet<String> {
    let section = doc
        .split("\n## Kinds")
        .nth(1)
        .expect("docs/sync.md has a section `## Kinds`");
    let section = section.split("\n## ").next().unwrap_or(section);
    section
        .lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("|---") && !l.starts_with("| `type`"))
        .filter_map(|l| l.split('|').nth(1))
        .flat_map(|cell| {
            cell.split('`')
                .skip(1)
                .step_by(2)
                .map(ToOwned::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[tokio::test]
async fn the_openapi_document_the_sync_doc_and_the_phone_model_know_exactly_the_registered_kinds() {
    let app = spawn_app().await;
    let registered = registered_changes();

    let document = body(app.get("/api/v1/openapi.json", None).await).await;
    let mapping: BTreeSet<String> =
        document["components"]["schemas"]["Change"]["discriminator"]["mapping"]
            .as_object()
            .expect("Change has a discriminator mapping")
            .keys()
            .cloned()
            .collect();
    assert_eq!(
        mapping, registered,
        "the OpenAPI document's `Change` mapping"
    );

    let doc = kinds_in_the_sync_doc(&repository_file("docs/sync.md"));
    assert_eq!(doc, registered, "the table of kinds in docs/sync.md");

    let model = repository_file("phone/src/model.ts");
    let apply = model
        .split("export function applyChange")
        .nth(1)
        .expect("phone/src/model.ts has applyChange");
    let apply = apply.split("\n}\n").next().unwrap_or(apply);
    let handled: BTreeSet<String> = apply
        .lines()
        .filter_map(|l| l.trim().strip_prefix("case \""))
        .filter_map(|l| l.split('"').next().map(ToOwned::to_owned))
        .collect();
    assert_eq!(handled, registered, "the kinds phone/src/model.ts applies");
}
