use ipt_tests::{Client, TestApp, assert_problem, body, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use uuid::Uuid;

/// A phone's local copy: record (type, id) → record, built only from the changes feed.
#[derive(Default)]
struct Phone {
    records: BTreeMap<(String, String), Value>,
    cursor: Option<String>,
}

impl Phone {
    async fn sync(&mut self, app: &TestApp, client: &Client, limit: u32) {
        loop {
            let mut path = format!("/api/v1/clients/{}/changes?limit={limit}", client.id);
            if let Some(cursor) = &self.cursor {
                path.push_str(&format!("&since={cursor}"));
            }
            let res = app.get(&path, Some(&client.access_token)).await;
            assert_eq!(res.status(), StatusCode::OK);
            let page = body(res).await;
            for change in page["changes"].as_array().expect("changes") {
                let key = (
                    change["type"].as_str().unwrap_or_default().to_owned(),
                    change["id"].as_str().unwrap_or_default().to_owned(),
                );
                if change["deleted"] == true {
                    assert_eq!(change["data"], Value::Null);
                    self.records.remove(&key);
                } else {
                    self.records.insert(key, change["data"].clone());
                }
            }
            self.cursor = page["next_cursor"].as_str().map(ToOwned::to_owned);
            if page["has_more"] != true {
                break;
            }
        }
    }
}

/// What the server holds, read through the ordinary list endpoints.
async fn server_state(app: &TestApp, client: &Client) -> BTreeMap<(String, String), Value> {
    let mut state = BTreeMap::new();
    for (kind, path) in [
        ("checkin", "checkins"),
        ("exercise_log", "exercise-logs"),
        ("homework", "homework"),
        ("relationship", "relationships"),
    ] {
        let page = body(
            app.get(
                &format!("/api/v1/clients/{}/{path}?limit=200", client.id),
                Some(&client.access_token),
            )
            .await,
        )
        .await;
        for item in page["items"].as_array().expect("items") {
            state.insert(
                (
                    kind.to_owned(),
                    item["id"].as_str().unwrap_or_default().to_owned(),
                ),
                item.clone(),
            );
        }
    }
    let settings = body(
        app.get(
            &format!("/api/v1/clients/{}/reminders", client.id),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    state.insert(
        ("reminder_settings".to_owned(), client.id.to_string()),
        settings,
    );
    state
}

#[tokio::test]
async fn a_phone_syncing_from_any_cursor_ends_with_the_servers_state() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let base = format!("/api/v1/clients/{}", client.id);
    let tok = Some(client.access_token.as_str());

    let mut early = Phone::default();
    early.sync(&app, &client, 50).await;
    assert_eq!(
        early.records.len(),
        1,
        "a new client has only its default reminder settings"
    );

    let mum = body(
        app.post(
            &format!("{base}/relationships"),
            tok,
            &json!({"label": "Mum", "closeness": 1}),
        )
        .await,
    )
    .await;
    let boss = body(
        app.post(
            &format!("{base}/relationships"),
            tok,
            &json!({"label": "Boss", "closeness": 3}),
        )
        .await,
    )
    .await;
    for i in 0..5 {
        let res = app.checkin(&client, &json!({"recorded_at": format!("2026-03-0{}T10:00:00Z", i + 1), "mood": i, "relationship_id": mum["id"]})).await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let mut middle = Phone::default();
    middle.sync(&app, &client, 3).await;
    early.sync(&app, &client, 2).await;

    let hw = body(
        app.post(
            &format!("{base}/homework"),
            Some(&therapist.access_token),
            &json!({"title": "Call Mum"}),
        )
        .await,
    )
    .await;
    app.post(
        &format!("{base}/exercise-logs"),
        tok,
        &json!({"exercise_key": "i_statements", "practiced_at": "2026-03-05T10:00:00Z"}),
    )
    .await;
    app.put(
        &format!(
            "{base}/relationships/{}",
            mum["id"].as_str().unwrap_or_default()
        ),
        tok,
        &json!({"label": "Mother", "closeness": 2}),
    )
    .await;
    app.delete(
        &format!(
            "{base}/relationships/{}",
            boss["id"].as_str().unwrap_or_default()
        ),
        tok,
    )
    .await;
    app.post(
        &format!(
            "{base}/homework/{}/completion",
            hw["id"].as_str().unwrap_or_default()
        ),
        tok,
        &json!({"completed_at": "2026-03-06T10:00:00Z"}),
    )
    .await;

    let res = app
        .put(
            &format!("{base}/reminders"),
            Some(&therapist.access_token),
            &json!({"practice_prompts": [{"local_time": "07:30", "weekdays": [1, 3]}],
                    "quiet_hours": {"start": "23:00", "end": "06:00"}}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    let expected = server_state(&app, &client).await;
    assert_eq!(
        expected.len(),
        5 + 1 + 1 + 1 + 1,
        "five check-ins, homework, a log, one live person, reminder settings"
    );

    let mut fresh = Phone::default();
    fresh.sync(&app, &client, 4).await;
    assert_eq!(fresh.records, expected);
    middle.sync(&app, &client, 50).await;
    assert_eq!(
        middle.records, expected,
        "the deleted person is gone, the renamed one renamed"
    );
    early.sync(&app, &client, 1).await;
    assert_eq!(early.records, expected);

    // Syncing again changes nothing and returns no changes.
    let cursor = fresh.cursor.clone();
    fresh.sync(&app, &client, 50).await;
    assert_eq!(fresh.records, expected);
    assert_eq!(fresh.cursor, cursor);

    // Replaying from an old cursor any number of times converges too.
    let mut replay = Phone {
        records: BTreeMap::new(),
        cursor: None,
    };
    for _ in 0..2 {
        replay.cursor = None;
        replay.sync(&app, &client, 2).await;
    }
    assert_eq!(replay.records, expected);
}

#[tokio::test]
async fn a_deletion_reaches_the_phone_as_a_tombstone() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let base = format!("/api/v1/clients/{}", client.id);
    let id = Uuid::new_v4();
    app.post(
        &format!("{base}/relationships"),
        Some(&client.access_token),
        &json!({"id": id, "label": "Ex", "closeness": 3, "note": "painful"}),
    )
    .await;
    let first = body(
        app.get(&format!("{base}/changes"), Some(&client.access_token))
            .await,
    )
    .await;
    let cursor = first["next_cursor"].as_str().expect("cursor").to_owned();
    app.delete(
        &format!("{base}/relationships/{id}"),
        Some(&client.access_token),
    )
    .await;
    let next = body(
        app.get(
            &format!("{base}/changes?since={cursor}"),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    assert_eq!(
        next["changes"],
        json!([{"type": "relationship", "id": id.to_string(), "seq": next["changes"][0]["seq"], "deleted": true, "data": null}])
    );
}

#[tokio::test]
async fn the_changes_feed_is_private_and_rejects_foreign_cursors() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let stranger = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let path = format!("/api/v1/clients/{}/changes", client.id);
    assert_eq!(
        app.get(&path, Some(&therapist.access_token)).await.status(),
        StatusCode::OK
    );
    assert_problem(
        app.get(&path, Some(&stranger.access_token)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_problem(
        app.get(&format!("{path}?since=garbage"), Some(&client.access_token))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
}
