//! The Stanley–Brown safety plan: written together by the therapist and the client, versioned
//! with `ETag` / `If-Match`, part of the sync feed and the export, erased with the client.

use entities::ClientId;
use ipt_tests::{Client, TestApp, Therapist, assert_problem, body, spawn_app, web};
use reqwest::{Response, StatusCode};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

fn path(client: &Client) -> String {
    format!("/api/v1/clients/{}/safety-plan", client.id)
}

fn plan() -> Value {
    json!({
        "warning_signs": ["  I stop answering messages ", "I can't sleep"],
        "coping_strategies": ["Walk around the block", "Play the guitar"],
        "distractions": ["The café on Main Street"],
        "people_to_ask": [{"name": "My sister Ana", "phone": "+49 30 1234567"}, {"name": "Tom"}],
        "professionals": [{"name": "Crisis line", "phone": "0800 111 0 111"}],
        "environment_safety": ["Give the pills to Ana to keep"],
        "reasons_for_living": ["My daughter"]
    })
}

fn etag(res: &Response) -> Option<String> {
    res.headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .map(ToOwned::to_owned)
}

/// A therapist, its client, and the first version of the plan written by the therapist.
async fn written(app: &TestApp) -> (Therapist, Client, Value) {
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let res = app
        .put(&path(&client), Some(&therapist.access_token), &plan())
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let first = body(res).await;
    (therapist, client, first)
}

/// The client's read of its plan, without `region_crisis_lines` (only reads carry them; the
/// rest is what the write answered).
async fn read(app: &TestApp, client: &Client) -> (StatusCode, Option<String>, Value) {
    let res = app.get(&path(client), Some(&client.access_token)).await;
    let status = res.status();
    let tag = etag(&res);
    let mut plan = body(res).await;
    if status == StatusCode::OK {
        let lines = plan
            .as_object_mut()
            .and_then(|p| p.remove("region_crisis_lines"));
        assert!(lines.is_some_and(|l| l.is_array()), "a read carries them");
    }
    (status, tag, plan)
}

#[tokio::test]
async fn reading_a_plan_before_the_first_write_is_404() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    for token in [&therapist.access_token, &client.access_token] {
        assert_problem(
            app.get(&path(&client), Some(token)).await,
            StatusCode::NOT_FOUND,
        )
        .await;
    }
}

#[tokio::test]
async fn the_therapist_writes_the_first_version_and_the_client_reads_it_with_its_etag() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let res = app
        .put(&path(&client), Some(&therapist.access_token), &plan())
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(etag(&res).as_deref(), Some("\"1\""));
    let first = body(res).await;
    assert_eq!(first["version"], 1);
    assert_eq!(first["updated_by"], "therapist");
    assert_eq!(
        first["warning_signs"],
        json!(["I stop answering messages", "I can't sleep"]),
        "lines are stored trimmed"
    );
    assert_eq!(
        first["people_to_ask"][1],
        json!({"name": "Tom", "phone": null})
    );

    let (status, tag, read_back) = read(&app, &client).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(tag.as_deref(), Some("\"1\""));
    assert_eq!(read_back, first);
}

#[tokio::test]
async fn the_client_updates_with_a_matching_if_match_and_becomes_its_author() {
    let app = spawn_app().await;
    let (_, client, _) = written(&app).await;
    let mut next = plan();
    next["reasons_for_living"] = json!(["My daughter", "Seeing the sea again"]);
    let res = app
        .put_with_headers(
            &path(&client),
            Some(&client.access_token),
            &[("if-match", "\"1\"")],
            &next,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(etag(&res).as_deref(), Some("\"2\""));
    let second = body(res).await;
    assert_eq!(second["version"], 2);
    assert_eq!(second["updated_by"], "client");
    assert_eq!(
        second["reasons_for_living"],
        json!(["My daughter", "Seeing the sea again"])
    );
    let (_, tag, read_back) = read(&app, &client).await;
    assert_eq!(tag.as_deref(), Some("\"2\""));
    assert_eq!(read_back, second);
}

#[tokio::test]
async fn a_stale_if_match_is_refused_with_412() {
    let app = spawn_app().await;
    let (therapist, client, _) = written(&app).await;
    let res = app
        .put_with_headers(
            &path(&client),
            Some(&client.access_token),
            &[("if-match", "\"1\"")],
            &plan(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let current = body(res).await;

    let mut overwrite = plan();
    overwrite["warning_signs"] = json!(["an edit made on an old copy"]);
    for stale in ["\"1\"", "W/\"2\"", "\"3\", \"1\"", "not-a-tag"] {
        let res = app
            .put_with_headers(
                &path(&client),
                Some(&therapist.access_token),
                &[("if-match", stale)],
                &overwrite,
            )
            .await;
        let problem = assert_problem(res, StatusCode::PRECONDITION_FAILED).await;
        assert_eq!(problem["type"], "/problems/precondition-failed", "{stale}");
    }
    let (_, tag, read_back) = read(&app, &client).await;
    assert_eq!(tag.as_deref(), Some("\"2\""), "nothing changed");
    assert_eq!(read_back, current);

    // The current tag, alone or in a list, and `*` go through (versions 3, 4 and 5).
    for fresh in ["\"2\"", "\"1\", \"3\"", "*"] {
        let res = app
            .put_with_headers(
                &path(&client),
                Some(&therapist.access_token),
                &[("if-match", fresh)],
                &overwrite,
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "{fresh}");
    }
    let (_, tag, read_back) = read(&app, &client).await;
    assert_eq!(tag.as_deref(), Some("\"5\""));
    assert_eq!(
        read_back["warning_signs"],
        json!(["an edit made on an old copy"])
    );
}

#[tokio::test]
async fn an_if_match_before_the_first_write_is_refused_with_412() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    for tag in ["\"1\"", "*"] {
        let res = app
            .put_with_headers(
                &path(&client),
                Some(&therapist.access_token),
                &[("if-match", tag)],
                &plan(),
            )
            .await;
        assert_problem(res, StatusCode::PRECONDITION_FAILED).await;
    }
    let (status, _, _) = read(&app, &client).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "nothing was stored");
}

#[tokio::test]
async fn a_write_without_if_match_goes_through() {
    let app = spawn_app().await;
    let (therapist, client, _) = written(&app).await;
    let mut next = plan();
    next["distractions"] = json!([]);
    let res = app
        .put(&path(&client), Some(&therapist.access_token), &next)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(etag(&res).as_deref(), Some("\"2\""));
    let second = body(res).await;
    assert_eq!(second["version"], 2);
    assert_eq!(second["distractions"], json!([]));
}

#[tokio::test]
async fn invalid_plans_are_refused_with_422_by_field_and_store_nothing() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let put = |body: Value| {
        let app = &app;
        let token = therapist.access_token.clone();
        let path = path(&client);
        async move {
            assert_problem(
                app.put(&path, Some(&token), &body).await,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    };

    let mut empty_item = plan();
    empty_item["coping_strategies"] = json!(["Walk", "   "]);
    let problem = put(empty_item).await;
    assert!(
        problem["errors"]["coping_strategies[1]"].is_array(),
        "{problem}"
    );

    let mut unknown = plan();
    unknown["notes"] = json!("anything");
    let problem = put(unknown).await;
    assert_eq!(problem["errors"]["notes"][0], "unknown field", "{problem}");

    let mut too_many = plan();
    too_many["reasons_for_living"] = json!(vec!["a reason"; 21]);
    let problem = put(too_many).await;
    assert!(
        problem["errors"]["reasons_for_living"].is_array(),
        "{problem}"
    );

    let mut missing = plan();
    missing
        .as_object_mut()
        .expect("an object")
        .remove("environment_safety");
    let problem = put(missing).await;
    assert_eq!(
        problem["errors"]["environment_safety"][0], "is required",
        "{problem}"
    );

    let mut bad_contact = plan();
    bad_contact["professionals"] =
        json!([{"name": "Dr. Ada", "phone": "1".repeat(41)}, {"name": "GP", "email": "x"}]);
    let problem = put(bad_contact).await;
    assert!(
        problem["errors"]
            .as_object()
            .is_some_and(|e| e.keys().any(|k| k.starts_with("professionals[1]"))),
        "{problem}"
    );
    let mut long_phone = plan();
    long_phone["professionals"] = json!([{"name": "Dr. Ada", "phone": "1".repeat(41)}]);
    let problem = put(long_phone).await;
    assert!(
        problem["errors"]["professionals[0].phone"].is_array(),
        "{problem}"
    );

    let mut long_line = plan();
    long_line["warning_signs"] = json!(["x".repeat(501)]);
    let problem = put(long_line).await;
    assert!(
        problem["errors"]["warning_signs[0]"].is_array(),
        "{problem}"
    );

    let (status, _, _) = read(&app, &client).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn another_therapist_and_another_client_get_404_and_change_nothing() {
    let app = spawn_app().await;
    let (therapist, client, first) = written(&app).await;
    let other_therapist = app.therapist().await;
    let other_client = app.client_of(&other_therapist).await;
    let sibling = app.client_of(&therapist).await;
    let mut overwrite = plan();
    overwrite["reasons_for_living"] = json!(["not theirs to write"]);
    for token in [
        &other_therapist.access_token,
        &other_client.access_token,
        &sibling.access_token,
    ] {
        assert_problem(
            app.get(&path(&client), Some(token)).await,
            StatusCode::NOT_FOUND,
        )
        .await;
        assert_problem(
            app.put(&path(&client), Some(token), &overwrite).await,
            StatusCode::NOT_FOUND,
        )
        .await;
    }
    assert_problem(
        app.get(&path(&client), None).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    let (_, tag, read_back) = read(&app, &client).await;
    assert_eq!(tag.as_deref(), Some("\"1\""));
    assert_eq!(read_back, first);
}

#[tokio::test]
async fn reads_by_the_therapist_and_every_write_are_in_the_audit_trail() {
    let app = spawn_app().await;
    let (therapist, client, _) = written(&app).await;
    let res = app
        .put_with_headers(
            &path(&client),
            Some(&client.access_token),
            &[("if-match", "\"1\"")],
            &plan(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let _ = read(&app, &client).await;
    let res = app.get(&path(&client), Some(&therapist.access_token)).await;
    assert_eq!(res.status(), StatusCode::OK);

    let trail = body(
        app.get(
            &format!("/api/v1/clients/{}/audit?limit=200", client.id),
            Some(&therapist.access_token),
        )
        .await,
    )
    .await;
    let mut rows: Vec<(String, String)> = trail["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|r| r["object_type"] == "safety_plan")
        .map(|r| {
            (
                r["action"].as_str().unwrap_or_default().to_owned(),
                r["actor_role"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    rows.sort();
    assert_eq!(
        rows,
        [
            ("create".to_owned(), "therapist".to_owned()),
            ("read".to_owned(), "therapist".to_owned()),
            ("update".to_owned(), "client".to_owned()),
        ],
        "the client's own read is not recorded"
    );
}

#[tokio::test]
async fn the_plan_is_in_the_sync_feed_and_the_export() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let export = body(
        app.get(
            &format!("/api/v1/clients/{}/export", client.id),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    assert_eq!(export["safety_plan"], Value::Null, "{export}");

    let res = app
        .put(&path(&client), Some(&therapist.access_token), &plan())
        .await;
    let first = body(res).await;
    let changes = |since: Option<String>| {
        let app = &app;
        let client = &client;
        async move {
            let mut path = format!("/api/v1/clients/{}/changes", client.id);
            if let Some(since) = since {
                path.push_str(&format!("?since={since}"));
            }
            let res = app.get(&path, Some(&client.access_token)).await;
            assert_eq!(res.status(), StatusCode::OK);
            body(res).await
        }
    };
    let page = changes(None).await;
    let plans: Vec<&Value> = page["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["type"] == "safety_plan")
        .collect();
    assert_eq!(plans.len(), 1, "{page}");
    assert_eq!(plans[0]["id"], client.id.to_string());
    assert_eq!(plans[0]["deleted"], false);
    assert_eq!(plans[0]["data"], first);

    // A phone that synced sees the next version, and only it, from its cursor.
    let cursor = page["next_cursor"].as_str().map(ToOwned::to_owned);
    let mut next = plan();
    next["distractions"] = json!(["The library"]);
    let res = app
        .put_with_headers(
            &path(&client),
            Some(&client.access_token),
            &[("if-match", "\"1\"")],
            &next,
        )
        .await;
    let second = body(res).await;
    let page = changes(cursor).await;
    assert_eq!(
        page["changes"],
        json!([{"type": "safety_plan", "id": client.id.to_string(), "seq": page["changes"][0]["seq"], "deleted": false, "data": second}])
    );

    let export = body(
        app.get(
            &format!("/api/v1/clients/{}/export", client.id),
            Some(&therapist.access_token),
        )
        .await,
    )
    .await;
    assert_eq!(export["safety_plan"], second);
}

#[tokio::test]
async fn erasing_the_client_removes_its_plan() {
    let app = spawn_app().await;
    let (therapist, client, _) = written(&app).await;
    let id = ClientId::from(client.id);
    assert!(
        ipt_server::safety_plan::usable(&app.db, id)
            .await
            .expect("asked")
    );
    let other = app.client_of(&therapist).await;
    assert!(
        !ipt_server::safety_plan::usable(&app.db, ClientId::from(other.id))
            .await
            .expect("asked"),
        "a client without a plan has none"
    );

    assert_eq!(
        app.delete(
            &format!("/api/v1/clients/{}", client.id),
            Some(&therapist.access_token)
        )
        .await
        .status(),
        StatusCode::NO_CONTENT
    );
    assert!(
        !ipt_server::safety_plan::usable(&app.db, id)
            .await
            .expect("asked")
    );
    assert_eq!(
        ipt_server::safety_plan::load(&app.db, id)
            .await
            .expect("asked"),
        None
    );
    assert_problem(
        app.get(&path(&client), Some(&therapist.access_token)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn client_page(app: &TestApp, browser: &reqwest::Client, client: &Client) -> String {
    let res = browser
        .get(format!("{}/clients/{}", app.address, client.id))
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status(), StatusCode::OK);
    res.text().await.expect("html")
}

#[tokio::test]
async fn the_client_page_shows_the_seven_parts_or_says_there_is_no_plan_yet() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let browser = web::signed_in(&app, &therapist).await;

    let html = client_page(&app, &browser, &client).await;
    assert!(html.contains("Safety plan"), "{html}");
    assert!(
        html.contains(
            "No safety plan yet. Write it together in session; the client can then see it in the app."
        ),
        "{html}"
    );

    let mut written = plan();
    written["distractions"] = json!([]);
    written["reasons_for_living"] = json!(["<b>My daughter</b>"]);
    let res = app
        .put(&path(&client), Some(&client.access_token), &written)
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let html = client_page(&app, &browser, &client).await;
    for heading in [
        "Warning signs",
        "Internal coping strategies",
        "People and places for distraction",
        "People to ask for help",
        "Professionals and crisis lines",
        "Making the environment safe",
        "Reasons for living",
    ] {
        assert!(html.contains(heading), "{heading}");
    }
    for text in [
        "I stop answering messages",
        "My sister Ana",
        "+49 30 1234567",
        "0800 111 0 111",
        "Give the pills to Ana to keep",
        "&lt;b&gt;My daughter&lt;/b&gt;",
        "Nothing written yet.",
        "by the client",
    ] {
        assert!(html.contains(text), "{text}");
    }
    assert!(!html.contains("No safety plan yet."));
    assert!(!html.contains("<b>My daughter</b>"), "text is escaped");
}

/// Every part empty: what a client could not turn to in a crisis.
fn empty_plan() -> Value {
    json!({"warning_signs": [], "coping_strategies": [], "distractions": [], "people_to_ask": [],
           "professionals": [], "environment_safety": [], "reasons_for_living": []})
}

/// A PUT with `If-Match: "{version}"`.
async fn put_matching(
    app: &TestApp,
    client: &Client,
    token: &str,
    version: i64,
    plan: &Value,
) -> Response {
    let tag = format!("\"{version}\"");
    app.put_with_headers(
        &path(client),
        Some(token),
        &[("if-match", tag.as_str())],
        plan,
    )
    .await
}

async fn versions(app: &TestApp, client: &Client, token: &str, query: &str) -> Value {
    let res = app
        .get(&format!("{}/versions{query}", path(client)), Some(token))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    body(res).await
}

fn numbers_and_authors(page: &Value) -> Vec<(i64, String)> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|v| {
            (
                v["version"].as_i64().expect("a number"),
                v["updated_by"].as_str().expect("an author").to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn every_version_stays_readable_by_the_client_and_the_therapist() {
    let app = spawn_app().await;
    let (therapist, client, first) = written(&app).await;
    let mut second = plan();
    second["reasons_for_living"] = json!(["My daughter", "The sea"]);
    let res = put_matching(&app, &client, &client.access_token, 1, &second).await;
    assert_eq!(res.status(), StatusCode::OK);
    let mut third = plan();
    third["warning_signs"] = json!(["I skip meals"]);
    let res = put_matching(&app, &client, &therapist.access_token, 2, &third).await;
    assert_eq!(res.status(), StatusCode::OK);

    for token in [&client.access_token, &therapist.access_token] {
        let page = versions(&app, &client, token, "").await;
        assert_eq!(
            numbers_and_authors(&page),
            [
                (3, "therapist".to_owned()),
                (2, "client".to_owned()),
                (1, "therapist".to_owned())
            ],
            "{page}"
        );
        assert_eq!(page["next_cursor"], Value::Null);
        assert_eq!(page["items"][2]["updated_at"], first["updated_at"]);

        // Version 1 reads whole after two more were written, with its own tag.
        let res = app
            .get(&format!("{}/versions/1", path(&client)), Some(token))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(etag(&res).as_deref(), Some("\"1\""));
        let mut one = body(res).await;
        assert!(one["region_crisis_lines"].is_array(), "{one}");
        one.as_object_mut().map(|o| o.remove("region_crisis_lines"));
        assert_eq!(one, first);
    }
    // Paged, newest first, without gaps or repeats.
    let page = versions(&app, &client, &client.access_token, "?limit=2").await;
    assert_eq!(numbers_and_authors(&page).len(), 2);
    let cursor = page["next_cursor"].as_str().expect("another page");
    let rest = versions(
        &app,
        &client,
        &client.access_token,
        &format!("?limit=2&cursor={cursor}"),
    )
    .await;
    assert_eq!(numbers_and_authors(&rest), [(1, "therapist".to_owned())]);
    assert_eq!(rest["next_cursor"], Value::Null);

    for unknown in ["4", "0", "-1", "x", "99999999999"] {
        assert_problem(
            app.get(
                &format!("{}/versions/{unknown}", path(&client)),
                Some(&client.access_token),
            )
            .await,
            StatusCode::NOT_FOUND,
        )
        .await;
    }
    assert_problem(
        app.get(
            &format!("{}/versions?limit=0", path(&client)),
            Some(&client.access_token),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    // Strangers see nothing; a client without a plan has no versions.
    let other = app.therapist().await;
    let sibling = app.client_of(&therapist).await;
    for token in [&other.access_token, &sibling.access_token] {
        for suffix in ["/versions", "/versions/1"] {
            assert_problem(
                app.get(&format!("{}{suffix}", path(&client)), Some(token))
                    .await,
                StatusCode::NOT_FOUND,
            )
            .await;
        }
    }
    let none = versions(&app, &sibling, &sibling.access_token, "").await;
    assert_eq!(none["items"], json!([]));
    // The therapist's reads of the history are audited like reads of the plan.
    let trail = body(
        app.get(
            &format!("/api/v1/clients/{}/audit?limit=200", client.id),
            Some(&therapist.access_token),
        )
        .await,
    )
    .await;
    let reads = trail["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|r| {
            r["object_type"] == "safety_plan"
                && r["action"] == "read"
                && r["actor_role"] == "therapist"
        })
        .count();
    assert_eq!(reads, 2, "the list and version 1, once each");
}

#[tokio::test]
async fn replacing_the_other_partys_version_needs_if_match_and_ones_own_does_not() {
    let app = spawn_app().await;
    let (therapist, client, _) = written(&app).await;
    let mut edit = plan();
    edit["coping_strategies"] = json!(["Call Ana"]);

    let problem = assert_problem(
        app.put(&path(&client), Some(&client.access_token), &edit)
            .await,
        StatusCode::PRECONDITION_REQUIRED,
    )
    .await;
    assert_eq!(problem["type"], "/problems/precondition-required");
    let (_, tag, _) = read(&app, &client).await;
    assert_eq!(tag.as_deref(), Some("\"1\""), "nothing was stored");

    // With the right If-Match it goes through; then the client's own version needs none.
    let res = put_matching(&app, &client, &client.access_token, 1, &edit).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .put(&path(&client), Some(&client.access_token), &plan())
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(etag(&res).as_deref(), Some("\"3\""));

    // Now the therapist is the other party.
    assert_problem(
        app.put(&path(&client), Some(&therapist.access_token), &edit)
            .await,
        StatusCode::PRECONDITION_REQUIRED,
    )
    .await;
    // A stale If-Match is still 412, not 428.
    assert_problem(
        put_matching(&app, &client, &therapist.access_token, 1, &edit).await,
        StatusCode::PRECONDITION_FAILED,
    )
    .await;
    let res = put_matching(&app, &client, &therapist.access_token, 3, &edit).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(body(res).await["updated_by"], "therapist");
}

#[tokio::test]
async fn a_plan_with_every_part_empty_is_refused_and_the_client_keeps_its_version() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let problem = assert_problem(
        app.put(&path(&client), Some(&therapist.access_token), &empty_plan())
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(problem["type"], "/problems/safety-plan-empty", "{problem}");
    let (status, _, _) = read(&app, &client).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "nothing was stored");

    // The case: the client writes version 1, the therapist sends an empty plan.
    let res = app
        .put(&path(&client), Some(&client.access_token), &plan())
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let first = body(res).await;
    for if_match in [None, Some("\"1\""), Some("*")] {
        let headers: Vec<(&str, &str)> = if_match.map(|t| ("if-match", t)).into_iter().collect();
        let problem = assert_problem(
            app.put_with_headers(
                &path(&client),
                Some(&therapist.access_token),
                &headers,
                &empty_plan(),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(
            problem["type"], "/problems/safety-plan-empty",
            "{if_match:?}"
        );
    }
    // Blank lines trim to nothing: still empty, refused by field first.
    let mut blank = empty_plan();
    blank["warning_signs"] = json!(["   "]);
    let problem = assert_problem(
        put_matching(&app, &client, &therapist.access_token, 1, &blank).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        problem["errors"]["warning_signs[0]"].is_array(),
        "{problem}"
    );
    let (_, tag, current) = read(&app, &client).await;
    assert_eq!(tag.as_deref(), Some("\"1\""));
    assert_eq!(current, first);
    let page = versions(&app, &client, &client.access_token, "").await;
    assert_eq!(numbers_and_authors(&page), [(1, "client".to_owned())]);
}

async fn crisis_after_item9(app: &TestApp, client: &Client) -> Value {
    let res = app
        .checkin(
            client,
            &json!({"recorded_at": app.now().to_rfc3339(), "mood": 1,
                    "phq9": [1, 1, 1, 1, 1, 1, 1, 1, 2]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    body(res).await["crisis_resources"].clone()
}

#[tokio::test]
async fn the_crisis_text_points_to_the_plan_only_when_it_can_be_used() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let make_one = "You and your therapist can make a safety plan together at your next session.";
    let pointer = "Your safety plan is in the app.";

    let crisis = crisis_after_item9(&app, &client).await;
    assert_eq!(crisis["has_safety_plan"], false, "{crisis}");
    let text = crisis["text"].as_str().expect("text");
    assert!(text.contains(make_one) && !text.contains(pointer), "{text}");

    // Warning signs and coping strategies, but nobody with a phone number: not usable.
    let mut partial = plan();
    partial["people_to_ask"] = json!([{"name": "Ana"}]);
    partial["professionals"] = json!([]);
    let res = app
        .put(&path(&client), Some(&therapist.access_token), &partial)
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let crisis = crisis_after_item9(&app, &client).await;
    assert_eq!(crisis["has_safety_plan"], false, "{crisis}");
    let text = crisis["text"].as_str().expect("text");
    assert!(text.contains(make_one) && !text.contains(pointer), "{text}");

    // Someone to call: now it is there.
    let res = put_matching(&app, &client, &therapist.access_token, 1, &plan()).await;
    assert_eq!(res.status(), StatusCode::OK);
    let crisis = crisis_after_item9(&app, &client).await;
    assert_eq!(crisis["has_safety_plan"], true, "{crisis}");
    let text = crisis["text"].as_str().expect("text");
    assert!(text.contains(pointer) && !text.contains(make_one), "{text}");
}

#[tokio::test]
async fn a_read_carries_the_crisis_lines_of_the_clients_region_in_the_requests_language() {
    let app = spawn_app().await;
    let (therapist, client, _) = written(&app).await;
    let res = app
        .put(
            &format!("/api/v1/clients/{}/region", client.id),
            Some(&therapist.access_token),
            &json!({"region": "DE"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    for (suffix, language, word) in [("", "en", "free"), ("/versions/1", "de", "kostenlos")] {
        let res = app
            .api
            .get(format!("{}{}{suffix}", app.address, path(&client)))
            .bearer_auth(&client.access_token)
            .header("accept-language", language)
            .send()
            .await
            .expect("answered");
        assert_eq!(res.status(), StatusCode::OK);
        let read = body(res).await;
        let lines = read["region_crisis_lines"].as_array().expect("lines");
        assert!(
            lines.iter().any(|l| l["url"] == "tel:08001110111"),
            "{read}"
        );
        assert!(
            lines[0]["label"].as_str().is_some_and(|l| l.contains(word)),
            "{language}: {read}"
        );
    }
    // Only reads carry them: a write's answer and the sync feed do not.
    let res = put_matching(&app, &client, &therapist.access_token, 1, &plan()).await;
    assert_eq!(body(res).await.get("region_crisis_lines"), None);
}

#[tokio::test]
async fn the_export_carries_every_version_and_erasure_removes_them() {
    let app = spawn_app().await;
    let (therapist, client, first) = written(&app).await;
    let mut next = plan();
    next["distractions"] = json!(["The library"]);
    let res = put_matching(&app, &client, &client.access_token, 1, &next).await;
    let second = body(res).await;
    let export = body(
        app.get(
            &format!("/api/v1/clients/{}/export", client.id),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    assert_eq!(export["safety_plan_versions"], json!([first, second]));
    assert_eq!(export["safety_plan"], second);

    let backend = app.db.get_database_backend();
    let count = || async {
        app.db
            .query_one_raw(Statement::from_string(
                backend,
                "SELECT COUNT(*) FROM client_document_versions".to_owned(),
            ))
            .await
            .expect("counted")
            .and_then(|r| r.try_get_by_index::<i64>(0).ok())
            .expect("a count")
    };
    assert_eq!(count().await, 2);
    assert_eq!(
        app.delete(
            &format!("/api/v1/clients/{}", client.id),
            Some(&therapist.access_token)
        )
        .await
        .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(count().await, 0, "every version went with the client");
}

#[tokio::test]
async fn concurrent_identical_and_conflicting_writes_never_fail_and_lose_no_version() {
    let app = spawn_app().await;
    let (therapist, client, _) = written(&app).await;
    let (url, same_plan) = (path(&client), plan());
    let identical = (0..8).map(|_| app.put(&url, Some(&therapist.access_token), &same_plan));
    let conflicting: Vec<Value> = (0..8)
        .map(|i| {
            let mut p = plan();
            p["reasons_for_living"] = json!([format!("reason {i}")]);
            p
        })
        .collect();
    let racing = conflicting
        .iter()
        .map(|p| put_matching(&app, &client, &client.access_token, 1, p));
    let (same, other) = tokio::join!(
        futures_util::future::join_all(identical),
        futures_util::future::join_all(racing)
    );
    let mut stored = 1;
    for res in same.iter().chain(other.iter()) {
        let status = res.status();
        assert!(status.as_u16() < 500, "{status}");
        if status.is_success() {
            stored += 1;
        }
    }
    let page = versions(&app, &client, &client.access_token, "?limit=200").await;
    let numbers: Vec<i64> = numbers_and_authors(&page)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(numbers, (1..=stored).rev().collect::<Vec<_>>());
}

async fn grief_instructions(app: &TestApp, token: &str) -> String {
    let res = app.get("/api/v1/exercises/grief_work", Some(token)).await;
    assert_eq!(res.status(), StatusCode::OK);
    body(res).await["instructions"]
        .as_str()
        .expect("instructions")
        .to_owned()
}

async fn reading(app: &TestApp, token: &str, key: &str) -> String {
    let res = app.get("/api/v1/readings", Some(token)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = body(res).await;
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|r| r["key"] == key)
        .map(|r| r["body"].to_string())
        .expect("the reading")
}

#[tokio::test]
async fn the_grief_exercise_and_the_readings_on_relapse_point_to_a_plan_only_when_the_client_has_it()
 {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let make_one = "ask your therapist to make a safety plan with you";
    let pointer = "open your safety plan or the crisis resources";

    let text = grief_instructions(&app, &client.access_token).await;
    assert!(text.contains(make_one) && !text.contains(pointer), "{text}");
    // A plan nobody could call from is no plan to point to.
    let mut partial = plan();
    partial["people_to_ask"] = json!([{"name": "Ana"}]);
    partial["professionals"] = json!([]);
    let res = app
        .put(&path(&client), Some(&client.access_token), &partial)
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let text = grief_instructions(&app, &client.access_token).await;
    assert!(text.contains(make_one), "{text}");
    let res = app
        .put(&path(&client), Some(&client.access_token), &plan())
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let text = grief_instructions(&app, &client.access_token).await;
    assert!(text.contains(pointer) && !text.contains(make_one), "{text}");
    // The therapist reads the text that fits every client.
    let text = grief_instructions(&app, &therapist.access_token).await;
    assert!(text.contains("your safety plan if you have one"), "{text}");

    let relapse = "warning_signs_of_relapse";
    let text = reading(&app, &client.access_token, relapse).await;
    assert!(
        text.contains("ask at your next session to make a relapse-prevention plan"),
        "{text}"
    );
    assert!(
        !text.contains("Your relapse-prevention plan in the app"),
        "{text}"
    );
    let text = reading(&app, &client.access_token, "staying_well").await;
    assert!(
        text.contains("Your therapist can help you write a relapse-prevention plan"),
        "{text}"
    );
    let res = app
        .put(
            &format!("/api/v1/clients/{}/relapse-plan", client.id),
            Some(&therapist.access_token),
            &json!({"warning_signs": ["Sleeping badly"], "what_helped": ["Walks"],
                    "people_to_contact": [{"name": "Ana"}], "when_to_seek_help": ["Two weeks low"]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let text = reading(&app, &client.access_token, relapse).await;
    assert!(
        text.contains("Your relapse-prevention plan in the app"),
        "{text}"
    );
    let text = reading(&app, &client.access_token, "staying_well").await;
    assert!(
        text.contains("Reading your relapse-prevention plan in the app"),
        "{text}"
    );
    let other = app.client_of(&therapist).await;
    let text = reading(&app, &other.access_token, "staying_well").await;
    assert!(
        !text.contains("Reading your relapse-prevention plan"),
        "only its own plan counts"
    );
}
