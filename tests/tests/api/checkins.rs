use ipt_tests::{assert_problem, body, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

#[tokio::test]
async fn a_checkin_is_stored_with_scores_and_bands_computed_by_the_server() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let res = app
        .checkin(
            &client,
            &json!({"recorded_at": "2026-03-01T21:15:00+01:00", "mood": 4, "note": "Argued with my sister",
                    "phq9": [1, 2, 1, 2, 1, 1, 1, 1, 0], "gad7": [2, 2, 2, 2, 2, 2, 3]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let checkin = body(res).await;
    assert_eq!(checkin["recorded_at"], "2026-03-01T20:15:00Z");
    assert_eq!(checkin["mood"], 4);
    assert_eq!(checkin["phq9_total"], 10);
    assert_eq!(checkin["phq9_band"], "moderate");
    assert_eq!(checkin["gad7_total"], 15);
    assert_eq!(checkin["gad7_band"], "severe");
    assert_eq!(checkin["risk_flag"], false);
    assert!(checkin.get("crisis_resources").is_none());

    let plain = body(
        app.checkin(
            &client,
            &json!({"recorded_at": "2026-03-02T08:00:00Z", "mood": 7}),
        )
        .await,
    )
    .await;
    assert_eq!(plain["phq9"], Value::Null);
    assert_eq!(plain["phq9_band"], Value::Null);
    assert_eq!(plain["gad7_total"], Value::Null);
}

#[tokio::test]
async fn replaying_a_checkin_returns_the_stored_one_and_a_different_body_is_409() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let id = Uuid::new_v4();
    let payload = json!({"id": id, "recorded_at": "2026-03-01T21:15:00.123456789+01:00", "mood": 6, "note": "ok"});
    let first = app.checkin(&client, &payload).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first = body(first).await;
    let again = app.checkin(&client, &payload).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(body(again).await, first);

    let changed =
        json!({"id": id, "recorded_at": "2026-03-01T21:15:00+01:00", "mood": 7, "note": "ok"});
    assert_problem(app.checkin(&client, &changed).await, StatusCode::CONFLICT).await;

    let list = body(
        app.get(
            &format!("/api/v1/clients/{}/checkins", client.id),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn identical_checkins_racing_store_one_row() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let payload = json!({"id": Uuid::new_v4(), "recorded_at": "2026-03-01T10:00:00Z", "mood": 5});
    let attempts = (0..8).map(|_| app.checkin(&client, &payload));
    let statuses: Vec<StatusCode> = futures_util::future::join_all(attempts)
        .await
        .iter()
        .map(reqwest::Response::status)
        .collect();
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::CREATED)
            .count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::CREATED || *s == StatusCode::OK),
        "{statuses:?}"
    );
    let list = body(
        app.get(
            &format!("/api/v1/clients/{}/checkins", client.id),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn concurrent_checkins_that_share_a_commit_are_each_answered_on_their_own() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let taken = Uuid::new_v4();
    let stored = json!({"id": taken, "recorded_at": "2026-03-01T09:00:00Z", "mood": 3});
    assert_eq!(
        app.checkin(&client, &stored).await.status(),
        StatusCode::CREATED
    );

    // Fresh ids, replays of a stored one and a conflicting body arrive together: they end up
    // in the same transactions, and each gets its own answer.
    let mut payloads: Vec<(Value, StatusCode)> = (0..24)
        .map(|i| {
            let body = json!({"id": Uuid::new_v4(), "recorded_at": format!("2026-03-02T{:02}:00:00Z", i % 24), "mood": i % 11});
            (body, StatusCode::CREATED)
        })
        .collect();
    payloads.extend((0..4).map(|_| (stored.clone(), StatusCode::OK)));
    payloads.push((
        json!({"id": taken, "recorded_at": "2026-03-01T09:00:00Z", "mood": 9}),
        StatusCode::CONFLICT,
    ));
    let answers = futures_util::future::join_all(
        payloads
            .iter()
            .map(|(payload, _)| app.checkin(&client, payload)),
    )
    .await;
    for ((payload, expected), answer) in payloads.iter().zip(&answers) {
        assert_eq!(answer.status(), *expected, "{payload}");
    }

    let changes = body(
        app.get(
            &format!("/api/v1/clients/{}/changes?limit=100", client.id),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    let checkins: Vec<&Value> = changes["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["type"] == "checkin")
        .collect();
    assert_eq!(checkins.len(), 25, "every stored check-in once: {changes}");
    let seqs: Vec<i64> = checkins
        .iter()
        .map(|c| c["seq"].as_i64().expect("a change number"))
        .collect();
    assert!(
        seqs.windows(2).all(|w| w[0] < w[1]),
        "distinct change numbers, in order: {seqs:?}"
    );
}

#[tokio::test]
async fn each_invalid_checkin_field_is_422_by_field() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let base = json!({"recorded_at": "2026-03-01T10:00:00Z", "mood": 5});
    let with = |key: &str, value: Value| {
        let mut b = base.clone();
        b[key] = value;
        b
    };
    let cases = [
        (with("mood", json!(11)), "mood"),
        (with("mood", json!(-1)), "mood"),
        (with("note", json!("x".repeat(2001))), "note"),
        (with("phq9", json!([0, 0, 0, 0, 0, 0, 0, 0])), "phq9"),
        (with("phq9", json!([0, 0, 0, 0, 0, 0, 0, 0, 4])), "phq9"),
        (with("gad7", json!([0, 0, 0, 0, 0, 0, 0, 0])), "gad7"),
        (with("recorded_at", json!("yesterday")), "recorded_at"),
        (
            with("recorded_at", json!("2126-03-01T10:00:00Z")),
            "recorded_at",
        ),
        (
            with("relationship_id", json!(Uuid::new_v4())),
            "relationship_id",
        ),
        (with("risk_flag", json!(false)), "risk_flag"),
    ];
    for (payload, field) in cases {
        let problem = assert_problem(
            app.checkin(&client, &payload).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert!(problem["errors"][field].is_array(), "{field}: {problem}");
    }
    // A note of exactly 2000 characters (not bytes) is fine.
    let ok = app
        .checkin(&client, &with("note", json!("é".repeat(2000))))
        .await;
    assert_eq!(ok.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_checkin_may_name_only_a_person_of_the_same_clients_inventory() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let other = app.client_of(&therapist).await;
    let theirs = body(
        app.post(
            &format!("/api/v1/clients/{}/relationships", other.id),
            Some(&other.access_token),
            &json!({"label": "Mum", "closeness": 1}),
        )
        .await,
    )
    .await;
    let res = app
        .checkin(&client, &json!({"recorded_at": "2026-03-01T10:00:00Z", "mood": 5, "relationship_id": theirs["id"]}))
        .await;
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;

    let mine = body(
        app.post(
            &format!("/api/v1/clients/{}/relationships", client.id),
            Some(&client.access_token),
            &json!({"label": "Sister", "closeness": 2}),
        )
        .await,
    )
    .await;
    let res = app
        .checkin(&client, &json!({"recorded_at": "2026-03-01T10:00:00Z", "mood": 5, "relationship_id": mine["id"]}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let stored = body(res).await;

    // Deleting the person keeps the check-in as written.
    let res = app
        .delete(
            &format!(
                "/api/v1/clients/{}/relationships/{}",
                client.id,
                mine["id"].as_str().unwrap_or_default()
            ),
            Some(&client.access_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let list = body(
        app.get(
            &format!("/api/v1/clients/{}/checkins", client.id),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    assert_eq!(list["items"][0], stored);
}

#[tokio::test]
async fn checkins_list_newest_first_filter_by_time_and_page_without_gaps() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    // Several check-ins share an instant: the id breaks the tie.
    let times = [
        "2026-03-01T10:00:00Z",
        "2026-03-02T10:00:00Z",
        "2026-03-02T10:00:00Z",
        "2026-03-02T10:00:00Z",
        "2026-03-03T10:00:00Z",
        "2026-03-04T10:00:00Z",
    ];
    for (i, at) in times.iter().enumerate() {
        let res = app
            .checkin(&client, &json!({"recorded_at": at, "mood": i}))
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let path = format!("/api/v1/clients/{}/checkins", client.id);
    let mut seen: Vec<Value> = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(c) => format!("{path}?limit=2&cursor={c}"),
            None => format!("{path}?limit=2"),
        };
        let page = body(app.get(&url, Some(&therapist.access_token)).await).await;
        seen.extend(page["items"].as_array().cloned().unwrap_or_default());
        // A check-in written while paging, older than the cursor, shows up on a later page; a
        // newer one does not disturb the pages still to come.
        if seen.len() == 2 {
            assert_eq!(
                app.checkin(
                    &client,
                    &json!({"recorded_at": "2026-03-01T09:00:00Z", "mood": 9})
                )
                .await
                .status(),
                StatusCode::CREATED
            );
            assert_eq!(
                app.checkin(
                    &client,
                    &json!({"recorded_at": "2026-03-09T09:00:00Z", "mood": 9})
                )
                .await
                .status(),
                StatusCode::CREATED
            );
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    let ids: std::collections::HashSet<_> = seen.iter().map(|c| c["id"].clone()).collect();
    assert_eq!(ids.len(), seen.len(), "no repeats");
    assert_eq!(seen.len(), 7, "the six, plus the older one written mid-way");
    let keys: Vec<(String, String)> = seen
        .iter()
        .map(|c| {
            (
                c["recorded_at"].as_str().unwrap_or_default().to_owned(),
                c["id"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(keys, sorted, "newest first");

    let window = body(
        app.get(
            &format!("{path}?from=2026-03-02T00:00:00Z&to=2026-03-03T10:00:00Z"),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    assert_eq!(window["items"].as_array().map(Vec::len), Some(3));
    let res = app
        .get(
            &format!("{path}?from=not-a-time"),
            Some(&client.access_token),
        )
        .await;
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
}

#[tokio::test]
async fn item_nine_above_zero_flags_risk_shows_crisis_resources_and_alerts_the_therapist() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let other_therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let res = app
        .checkin(&client, &json!({"recorded_at": "2026-03-01T22:00:00Z", "mood": 1, "phq9": [3, 3, 3, 3, 3, 3, 3, 3, 1]}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let checkin = body(res).await;
    assert_eq!(checkin["risk_flag"], true);
    assert_eq!(checkin["phq9_band"], "severe");
    let crisis = &checkin["crisis_resources"];
    assert!(
        crisis["text"]
            .as_str()
            .is_some_and(|t| t.contains("emergency")),
        "{crisis}"
    );
    assert!(crisis["links"].as_array().is_some_and(|l| !l.is_empty()));

    let alerts = body(
        app.get("/api/v1/alerts", Some(&therapist.access_token))
            .await,
    )
    .await;
    let alert = &alerts["items"][0];
    assert_eq!(alert["client_id"], client.id.to_string());
    assert_eq!(alert["checkin_id"], checkin["id"]);
    assert_eq!(alert["kind"], "phq9_item9");
    assert_eq!(alert["acknowledged_at"], Value::Null);

    // Nobody else sees or acknowledges it.
    let theirs = body(
        app.get("/api/v1/alerts", Some(&other_therapist.access_token))
            .await,
    )
    .await;
    assert_eq!(theirs["items"], json!([]));
    let alert_id = alert["id"].as_str().expect("id").to_owned();
    let res = app
        .post(
            &format!("/api/v1/alerts/{alert_id}/acknowledge"),
            Some(&other_therapist.access_token),
            &json!({"action": "contacted_client"}),
        )
        .await;
    assert_problem(res, StatusCode::NOT_FOUND).await;
    assert_problem(
        app.get("/api/v1/alerts", Some(&client.access_token)).await,
        StatusCode::FORBIDDEN,
    )
    .await;

    let res = app
        .post(
            &format!("/api/v1/alerts/{alert_id}/acknowledge"),
            Some(&therapist.access_token),
            &json!({"action": "contacted_client"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let acked = body(res).await;
    assert_eq!(acked["acknowledged_by"], therapist.id.to_string());
    assert!(acked["acknowledged_at"].is_string());
    // Acknowledging again keeps the first acknowledgement.
    let again = body(
        app.post(
            &format!("/api/v1/alerts/{alert_id}/acknowledge"),
            Some(&therapist.access_token),
            &json!({"action": "contacted_client"}),
        )
        .await,
    )
    .await;
    assert_eq!(again["acknowledged_at"], acked["acknowledged_at"]);

    let open = body(
        app.get("/api/v1/alerts", Some(&therapist.access_token))
            .await,
    )
    .await;
    assert_eq!(open["items"], json!([]));
    let done = body(
        app.get(
            "/api/v1/alerts?status=acknowledged",
            Some(&therapist.access_token),
        )
        .await,
    )
    .await;
    assert_eq!(done["items"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn a_replayed_risky_checkin_raises_one_alert() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let payload = json!({"id": Uuid::new_v4(), "recorded_at": "2026-03-01T22:00:00Z", "mood": 2, "phq9": [0, 0, 0, 0, 0, 0, 0, 0, 2]});
    assert_eq!(
        app.checkin(&client, &payload).await.status(),
        StatusCode::CREATED
    );
    let replay = app.checkin(&client, &payload).await;
    assert_eq!(replay.status(), StatusCode::OK);
    assert!(body(replay).await["crisis_resources"].is_object());
    let alerts = body(
        app.get("/api/v1/alerts?status=all", Some(&therapist.access_token))
            .await,
    )
    .await;
    assert_eq!(alerts["items"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn crisis_resources_come_from_the_deployments_file() {
    let dir = tempfile::tempdir().expect("a folder");
    let file = dir.path().join("crisis.json");
    std::fs::write(&file, r#"{"text": "Ring the Samaritans on 116 123.", "links": [{"label": "Samaritans", "url": "tel:116123"}]}"#)
        .expect("written");
    let app = ipt_tests::spawn_app_with(|s| s.crisis_resources = Some(file.clone())).await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let res = app
        .checkin(&client, &json!({"recorded_at": "2026-03-01T22:00:00Z", "mood": 2, "phq9": [0, 0, 0, 0, 0, 0, 0, 0, 1]}))
        .await;
    let checkin = body(res).await;
    // The clinic's words, then what really happens next (no channel is configured here).
    let text = checkin["crisis_resources"]["text"].as_str().expect("text");
    assert!(
        text.starts_with("Ring the Samaritans on 116 123."),
        "{text}"
    );
    // Without a usable safety plan the text ends saying how to make one.
    assert!(
        text.contains("Your therapist will see this the next time they open IPT Companion."),
        "{text}"
    );
    assert!(
        text.ends_with(
            "You and your therapist can make a safety plan together at your next session."
        ),
        "{text}"
    );
    assert_eq!(checkin["crisis_resources"]["links"][0]["url"], "tel:116123");
}

#[tokio::test]
async fn only_the_client_writes_checkins_and_only_its_therapist_reads_them() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let stranger = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let sibling = app.client_of(&therapist).await;
    let path = format!("/api/v1/clients/{}/checkins", client.id);
    let payload = json!({"recorded_at": "2026-03-01T10:00:00Z", "mood": 5});
    assert_problem(
        app.post(&path, Some(&therapist.access_token), &payload)
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_problem(
        app.post(&path, Some(&stranger.access_token), &payload)
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_problem(
        app.post(&path, Some(&sibling.access_token), &payload).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_problem(
        app.post(&path, None, &payload).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(
        app.post(&path, Some(&client.access_token), &payload)
            .await
            .status(),
        StatusCode::CREATED
    );
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
        app.get(&path, Some(&sibling.access_token)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

#[tokio::test]
async fn notes_and_names_never_reach_the_logs() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let canary = format!("canary{}", Uuid::new_v4().simple());
    let person = body(
        app.post(
            &format!("/api/v1/clients/{}/relationships", client.id),
            Some(&client.access_token),
            &json!({"label": format!("Person {canary}"), "closeness": 1, "note": canary}),
        )
        .await,
    )
    .await;
    let res = app
        .checkin(&client, &json!({"recorded_at": "2026-03-01T10:00:00Z", "mood": 3, "note": format!("note {canary}"),
                                  "relationship_id": person["id"], "phq9": [0, 0, 0, 0, 0, 0, 0, 0, 3]}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let _ = app
        .checkin(
            &client,
            &json!({"recorded_at": "2026-03-01T10:00:00Z", "mood": 30, "note": canary}),
        )
        .await;
    let _ = app
        .get(
            &format!("/api/v1/clients/{}/checkins", client.id),
            Some(&therapist.access_token),
        )
        .await;
    let logs = ipt_tests::captured_logs();
    assert!(
        logs.contains("safety alert raised"),
        "the alert is logged (by id)"
    );
    assert!(
        !logs.contains(&canary),
        "a note or name leaked into the logs"
    );
}
