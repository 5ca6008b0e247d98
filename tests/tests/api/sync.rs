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
    // The client's own record, as written.
    let me = body(
        app.get(
            &format!("/api/v1/clients/{}", client.id),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    let target = body(
        app.get(
            &format!("/api/v1/clients/{}/practice-target", client.id),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    state.insert(
        ("client".to_owned(), client.id.to_string()),
        json!({"display_name": me["display_name"], "timezone": me["timezone"],
               "region": me["region"], "region_source": me["region_source"], "locale": me["locale"],
               "session_time": me["treatment"]["session_time"],
               "problem_areas": me["treatment"]["problem_areas"],
               "weekly_practice_target": target["weekly_target"],
               "gad7_enabled": me["treatment"]["gad7_enabled"]}),
    );
    // Courses as the therapist wrote them: the feed carries no field derived from the date.
    let courses = body(
        app.get(
            &format!("/api/v1/clients/{}/courses", client.id),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    for c in courses["items"].as_array().expect("items") {
        state.insert(
            (
                "course".to_owned(),
                c["id"].as_str().unwrap_or_default().to_owned(),
            ),
            json!({"id": c["id"], "number": c["number"], "kind": c["kind"],
                   "start_date": c["start_date"], "planned_sessions": c["planned_sessions"],
                   "interval_weeks": c["interval_weeks"], "ended_at": c["ended_at"],
                   "ended_after_slot": null,
                   // The record carries the reason as recorded; the list also derives one
                   // for a course over by date.
                   "end_reason": if c["ended_at"].is_null() { Value::Null } else { c["end_reason"].clone() },
                   "end_note": c["end_note"],
                   "sick_role_discussed": c["sick_role_discussed"]}),
        );
    }
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
        3,
        "a new client has only its own record, default reminder settings and first course"
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
        &json!({"completed_at": "2026-12-07T10:00:00Z"}),
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
        5 + 1 + 1 + 1 + 1 + 1 + 1,
        "five check-ins, homework, a log, one live person, reminder settings, the course, \
         the client"
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

/// Everything the feed carries, read through the resources' own endpoints, shaped as the feed
/// shapes it (written fields only for courses and session marks).
async fn full_state(app: &TestApp, client: &Client) -> BTreeMap<(String, String), Value> {
    let mut state = server_state(app, client).await;
    let base = format!("/api/v1/clients/{}", client.id);
    let token = Some(client.access_token.as_str());
    for (kind, path) in [
        ("safety_plan", "safety-plan"),
        ("formulation", "formulation"),
        ("relapse_plan", "relapse-plan"),
    ] {
        let res = app.get(&format!("{base}/{path}"), token).await;
        if res.status() == StatusCode::OK {
            state.insert((kind.to_owned(), client.id.to_string()), body(res).await);
        }
    }
    let readings = body(app.get(&format!("{base}/readings"), token).await).await;
    for r in readings["items"].as_array().expect("items") {
        if let Some(key) = r["key"].as_str().filter(|_| !r["opened_at"].is_null()) {
            let id = Uuid::new_v5(&client.id, key.as_bytes());
            state.insert(
                ("reading_opened".to_owned(), id.to_string()),
                json!({"key": key, "opened_at": r["opened_at"]}),
            );
        }
    }
    let sessions = body(app.get(&format!("{base}/sessions"), token).await).await;
    for s in sessions["items"].as_array().expect("items") {
        if s["confirmed"] == true {
            let number = s["number"].as_i64().expect("a number");
            let course = client.id;
            let id = Uuid::new_v5(
                &course,
                &i32::try_from(number).expect("small").to_be_bytes(),
            );
            state.insert(
                ("session".to_owned(), id.to_string()),
                json!({"course_id": course, "number": number, "status": s["status"],
                       "held_at": null, "scheduled_for": null}),
            );
        }
    }
    state
}

/// Random interleavings of writes from two phones of one client and its therapist, with the
/// phones syncing now and then in pages of random size: in the end each phone's copy, built
/// from the feed alone, is the server's state. Seeded, so a failure replays.
#[tokio::test]
async fn two_phones_and_the_therapist_in_random_order_converge_through_the_feed() {
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};
    for seed in [7_u64, 42, 2026] {
        let mut rng = StdRng::seed_from_u64(seed);
        let app = spawn_app().await;
        let therapist = app.therapist().await;
        let t = Some(therapist.access_token.as_str());
        let a = app.client_of(&therapist).await;
        let base = format!("/api/v1/clients/{}", a.id);
        // A second phone of the same client: its own sign-in from a new invite.
        let code = body(app.post(&format!("{base}/invite"), t, &json!({})).await).await["code"]
            .as_str()
            .expect("a code")
            .to_owned();
        let signed_in = body(
            app.post("/api/v1/auth/invite", None, &json!({"code": code}))
                .await,
        )
        .await;
        let b = Client {
            id: a.id,
            access_token: signed_in["access_token"]
                .as_str()
                .expect("a token")
                .to_owned(),
            refresh_token: signed_in["refresh_token"]
                .as_str()
                .expect("a token")
                .to_owned(),
        };
        let phones = [&a, &b];
        let (mut phone_a, mut phone_b) = (Phone::default(), Phone::default());
        let mut people: Vec<String> = Vec::new();
        let mut homework: Vec<String> = Vec::new();
        let readings = ["what_is_ipt", "four_problem_areas", "as_treatment_ends"];
        let now = app.now();
        for step in 0..40 {
            let phone = phones[rng.gen_range(0..2)];
            let tok = Some(phone.access_token.as_str());
            let at = (now - chrono::Duration::minutes(500 - step)).to_rfc3339();
            let status = match rng.gen_range(0..12) {
                0 | 1 => app.checkin(phone, &json!({"id": Uuid::new_v4(), "recorded_at": at, "mood": rng.gen_range(0..=10)})).await.status(),
                2 => {
                    let res = app.post(&format!("{base}/relationships"), tok, &json!({"label": format!("P{step}"), "closeness": rng.gen_range(1..=3)})).await;
                    let status = res.status();
                    people.push(body(res).await["id"].as_str().expect("an id").to_owned());
                    status
                }
                3 if !people.is_empty() => {
                    let id = &people[rng.gen_range(0..people.len())];
                    app.put(&format!("{base}/relationships/{id}"), tok, &json!({"label": format!("Renamed {step}"), "closeness": 2, "support": rng.gen_range(0..=10)})).await.status()
                }
                4 if !people.is_empty() => {
                    let id = people.remove(rng.gen_range(0..people.len()));
                    app.delete(&format!("{base}/relationships/{id}"), tok).await.status()
                }
                5 => {
                    let res = app.post(&format!("{base}/homework"), t, &json!({"title": format!("Task {step}")})).await;
                    let status = res.status();
                    homework.push(body(res).await["id"].as_str().expect("an id").to_owned());
                    status
                }
                6 if !homework.is_empty() => {
                    let id = homework.remove(rng.gen_range(0..homework.len()));
                    app.post(&format!("{base}/homework/{id}/completion"), tok, &json!({"completed_at": now.to_rfc3339()})).await.status()
                }
                7 => app.post(&format!("{base}/exercise-logs"), tok, &json!({"exercise_key": "i_statements", "practiced_at": at})).await.status(),
                8 => {
                    let status = ["held", "cancelled", "no_show"][rng.gen_range(0..3)];
                    app.put(&format!("{base}/sessions/{}", rng.gen_range(1..=4)), t, &json!({"status": status})).await.status()
                }
                9 if rng.gen_bool(0.5) => app
                    .put(
                        &format!("{base}/practice-target"),
                        t,
                        &json!({"weekly_target": rng.gen_range(0..=7)}),
                    )
                    .await
                    .status(),
                9 => app.put(&format!("{base}/formulation"), t, &json!({"problem_areas": ["grief"], "summary": format!("v{step}"), "goals": [{"problem_area": "grief", "text": "Visit"}]})).await.status(),
                10 => app.put(&format!("{base}/relapse-plan"), tok, &json!({"warning_signs": [format!("sign {step}")], "what_helped": [], "people_to_contact": [], "when_to_seek_help": []})).await.status(),
                _ => {
                    let key = readings[rng.gen_range(0..readings.len())];
                    app.post(&format!("{base}/readings/{key}/opened"), tok, &json!({})).await.status()
                }
            };
            assert!(status.is_success(), "seed {seed}, step {step}: {status}");
            if rng.gen_bool(0.3) {
                phone_a.sync(&app, &a, rng.gen_range(1..6)).await;
            }
            if rng.gen_bool(0.3) {
                phone_b.sync(&app, &b, rng.gen_range(1..6)).await;
            }
        }
        phone_a.sync(&app, &a, 7).await;
        phone_b.sync(&app, &b, 50).await;
        let expected = full_state(&app, &a).await;
        assert_eq!(phone_a.records, expected, "seed {seed}: phone A");
        assert_eq!(phone_b.records, expected, "seed {seed}: phone B");
        // A first sync from zero reaches the same state.
        let mut fresh = Phone {
            cursor: Some("0".to_owned()),
            ..Phone::default()
        };
        fresh.sync(&app, &b, 3).await;
        assert_eq!(fresh.records, expected, "seed {seed}: from since=0");
    }
}
