//! Sync cursors carry the database's epoch and the client: a cursor the feed cannot continue
//! from answers `410` `/problems/resync-required` instead of an empty page that would make a
//! phone miss every change; the phone then syncs from `since=0`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ipt_tests::{Client, TestApp, assert_problem, body, spawn_app};
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

async fn changes(app: &TestApp, client: Uuid, token: &str, since: Option<&str>) -> Response {
    let mut path = format!("/api/v1/clients/{client}/changes");
    if let Some(since) = since {
        path.push_str(&format!("?since={since}"));
    }
    app.get(&path, Some(token)).await
}

/// A page that must be answered: its check-in ids and its cursor.
async fn page(app: &TestApp, client: &Client, since: Option<&str>) -> (Vec<String>, String) {
    let res = changes(app, client.id, &client.access_token, since).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = body(res).await;
    let checkins = page["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["type"] == "checkin")
        .map(|c| c["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    let cursor = page["next_cursor"].as_str().expect("a cursor").to_owned();
    (checkins, cursor)
}

async fn checkin(app: &TestApp, client: &Client) -> String {
    let id = Uuid::new_v4().to_string();
    let res = app
        .checkin(
            client,
            &json!({"id": id, "recorded_at": "2026-03-01T10:00:00Z", "mood": 6}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    id
}

async fn assert_resync_required(res: Response) {
    let problem = assert_problem(res, StatusCode::GONE).await;
    assert_eq!(problem["type"], "/problems/resync-required", "{problem}");
}

#[tokio::test]
async fn a_sync_round_trip_continues_from_its_cursor_with_exactly_the_new_changes() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let first = checkin(&app, &client).await;

    let (all, cursor) = page(&app, &client, None).await;
    assert_eq!(all, std::slice::from_ref(&first));
    let (none, same) = page(&app, &client, Some(&cursor)).await;
    assert!(none.is_empty());
    assert_eq!(same, cursor, "nothing new: the same cursor");

    let second = checkin(&app, &client).await;
    let (new, next) = page(&app, &client, Some(&cursor)).await;
    assert_eq!(
        new,
        std::slice::from_ref(&second),
        "exactly the change after the cursor"
    );
    assert_ne!(next, cursor);
    let (again, _) = page(&app, &client, Some("0")).await;
    assert_eq!(again, [first, second], "since=0 is still a full sync");
}

#[tokio::test]
async fn a_cursor_from_before_the_epoch_rotated_answers_410_and_since_0_recovers() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let written = checkin(&app, &client).await;
    let (_, cursor) = page(&app, &client, None).await;

    // What `ipt-server rotate-sync-epoch` (and a restore) does.
    ipt_server::backup::rotate_sync_epoch(&app.db)
        .await
        .expect("rotated");

    assert_resync_required(changes(&app, client.id, &client.access_token, Some(&cursor)).await)
        .await;
    assert_resync_required(changes(&app, client.id, &therapist.access_token, Some(&cursor)).await)
        .await;
    let (all, fresh) = page(&app, &client, Some("0")).await;
    assert_eq!(all, [written]);
    assert_ne!(fresh, cursor);
    let (none, _) = page(&app, &client, Some(&fresh)).await;
    assert!(none.is_empty(), "the new epoch's cursor continues");
}

#[tokio::test]
async fn a_cursor_past_the_clients_newest_change_answers_410() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    checkin(&app, &client).await;
    let (_, cursor) = page(&app, &client, None).await;

    // The cursor of a history that went further than the database's (a restore whose epoch was
    // not rotated): the issued cursor, its change number moved past the client's newest.
    let mut key: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&cursor).expect("base64")).expect("json");
    let seq = key["s"].as_i64().expect("a change number");
    key["s"] = json!(seq + 1000);
    let ahead = URL_SAFE_NO_PAD.encode(key.to_string());

    assert_resync_required(changes(&app, client.id, &client.access_token, Some(&ahead)).await)
        .await;
    // The cursor as issued, at the newest change, still continues.
    let (none, same) = page(&app, &client, Some(&cursor)).await;
    assert!(none.is_empty());
    assert_eq!(same, cursor, "the newest change itself is a position");
}

#[tokio::test]
async fn another_clients_cursor_answers_410() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let mine = app.client_of(&therapist).await;
    let other = app.client_of(&therapist).await;
    checkin(&app, &mine).await;
    checkin(&app, &other).await;
    let (_, mine_cursor) = page(&app, &mine, None).await;
    let (_, other_cursor) = page(&app, &other, None).await;

    // The therapist may read both feeds, but a cursor continues only its own client's.
    assert_resync_required(
        changes(&app, other.id, &therapist.access_token, Some(&mine_cursor)).await,
    )
    .await;
    assert_resync_required(changes(&app, other.id, &other.access_token, Some(&mine_cursor)).await)
        .await;
    let (none, _) = page(&app, &other, Some(&other_cursor)).await;
    assert!(none.is_empty());
}

#[tokio::test]
async fn a_bare_number_cursor_of_an_older_version_answers_410_and_garbage_stays_422() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    checkin(&app, &client).await;
    let token = client.access_token.as_str();

    // Versions before 1.2 issued the change number alone: it names no epoch, so it may be of
    // a history before a restore. The phone syncs from zero once.
    for old in ["1", "0"] {
        let cursor = URL_SAFE_NO_PAD.encode(old);
        assert_resync_required(changes(&app, client.id, token, Some(&cursor)).await).await;
    }
    for garbage in [
        "garbage".to_owned(),
        URL_SAFE_NO_PAD.encode("-1"),
        URL_SAFE_NO_PAD.encode(r#"{"s":1}"#),
        URL_SAFE_NO_PAD.encode(json!({"e": "x", "c": client.id, "s": -1}).to_string()),
    ] {
        let problem = assert_problem(
            changes(&app, client.id, token, Some(&garbage)).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(
            problem["errors"]["since"],
            json!(["is not a valid cursor"]),
            "{garbage}"
        );
    }
}
