//! Edit conflicts: every editable resource answers with an `ETag` and honours `If-Match` on
//! `PUT`/`DELETE` with 412 when stale; without `If-Match` a write goes through as in v1. A repeated
//! homework completion with another body is a 409.

use ipt_tests::{Client, TestApp, Therapist, assert_problem, body, spawn_app};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

/// A request with an optional `If-Match` and body.
async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    if_match: Option<&str>,
    body: Option<&Value>,
) -> Response {
    let mut req = app
        .api
        .request(method, format!("{}{path}", app.address))
        .bearer_auth(token);
    if let Some(tag) = if_match {
        req = req.header("if-match", tag);
    }
    if let Some(body) = body {
        req = req.json(body);
    }
    req.send().await.expect("the request is answered")
}

fn etag(res: &Response) -> String {
    let tag = res
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .expect("an ETag")
        .to_owned();
    assert!(
        tag.starts_with('"') && tag.ends_with('"') && tag.len() > 2,
        "a strong tag: {tag}"
    );
    tag
}

/// How to read a resource back.
enum Read {
    /// A `GET` of the resource, which answers its `ETag` too.
    Get(String),
    /// The item with this id on the list at this path (no `GET` of its own).
    Item(String, String),
}

/// The resource as it stands, and its tag when its read answers one.
async fn read(app: &TestApp, token: &str, how: &Read) -> (Option<String>, Value) {
    match how {
        Read::Get(path) => {
            let res = app.get(path, Some(token)).await;
            assert_eq!(res.status(), StatusCode::OK, "{path}");
            let tag = etag(&res);
            (Some(tag), body(res).await)
        }
        Read::Item(path, id) => {
            let res = app.get(path, Some(token)).await;
            assert_eq!(res.status(), StatusCode::OK, "{path}");
            let item = body(res).await["items"]
                .as_array()
                .and_then(|items| items.iter().find(|i| i["id"] == id.as_str()).cloned())
                .unwrap_or(Value::Null);
            (None, item)
        }
    }
}

/// The `If-Match` rules of one resource written by `PUT path`, starting from `first` (the tag
/// its read or its creation answered). Each of `bodies` differs from the one before.
async fn honours_if_match(
    app: &TestApp,
    token: &str,
    path: &str,
    how: &Read,
    first: String,
    bodies: [Value; 4],
) {
    let [a, b, c, d] = bodies;
    let put = |tag: Option<String>, body: Value| async move {
        send(app, Method::PUT, path, token, tag.as_deref(), Some(&body)).await
    };

    // The tag just read: written, with a new tag, which a read answers too.
    let res = put(Some(first.clone()), a).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    let second = etag(&res);
    assert_ne!(second, first, "{path}: a write changes the tag");
    let (tag, stored) = read(app, token, how).await;
    if let Some(tag) = &tag {
        assert_eq!(tag, &second, "{path}: a read answers the tag of the write");
    }

    // The tag from before that write: refused, and nothing changed.
    let problem = assert_problem(
        put(Some(first.clone()), b.clone()).await,
        StatusCode::PRECONDITION_FAILED,
    )
    .await;
    assert_eq!(
        problem["type"]
            .as_str()
            .map(|t| t.ends_with("/precondition-failed")),
        Some(true)
    );
    assert_eq!(
        read(app, token, how).await,
        (tag.clone(), stored.clone()),
        "{path}: a stale write changes nothing"
    );

    // Without If-Match: written as in v1.
    let res = put(None, b).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    let third = etag(&res);
    assert_ne!(third, second, "{path}");

    // `*`: any current version.
    let res = put(Some("*".into()), c).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    let fourth = etag(&res);

    // A weak tag never matches, not even the current one; nor does a list of stale ones.
    let (tag, stored) = read(app, token, how).await;
    for stale in [format!("W/{fourth}"), format!("{first}, {second}, {third}")] {
        assert_problem(
            put(Some(stale), d.clone()).await,
            StatusCode::PRECONDITION_FAILED,
        )
        .await;
    }
    assert_eq!(read(app, token, how).await, (tag, stored), "{path}");

    // The current tag among others still does.
    let res = put(Some(format!("{first}, {fourth}")), d).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
}

#[tokio::test]
async fn a_person_of_the_inventory_is_changed_only_from_its_current_tag() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let base = format!("/api/v1/clients/{}/relationships", client.id);
    let res = app
        .post(
            &base,
            Some(&client.access_token),
            &json!({"label": "Mum", "closeness": 1}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let first = etag(&res);
    let id = body(res).await["id"].as_str().expect("an id").to_owned();
    let path = format!("{base}/{id}");
    let person = |label: &str, closeness: u8| json!({"label": label, "closeness": closeness});
    honours_if_match(
        &app,
        &client.access_token,
        &path,
        &Read::Item(base.clone(), id.clone()),
        first,
        [
            person("Mother", 1),
            person("Mother", 2),
            person("Mum", 2),
            person("Mum", 3),
        ],
    )
    .await;
}

#[tokio::test]
async fn a_person_is_deleted_only_from_its_current_tag_and_a_repeat_is_fine() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let token = client.access_token.as_str();
    let base = format!("/api/v1/clients/{}/relationships", client.id);
    let res = app
        .post(
            &base,
            Some(token),
            &json!({"label": "Boss", "closeness": 3}),
        )
        .await;
    let first = etag(&res);
    let id = body(res).await["id"].as_str().expect("an id").to_owned();
    let path = format!("{base}/{id}");
    let res = send(
        &app,
        Method::PUT,
        &path,
        token,
        Some(&first),
        Some(&json!({"label": "Manager", "closeness": 3})),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let second = etag(&res);
    let listed = || async {
        read(&app, token, &Read::Item(base.clone(), id.clone()))
            .await
            .1
    };

    for stale in [first.as_str(), &format!("W/{second}")] {
        assert_problem(
            send(&app, Method::DELETE, &path, token, Some(stale), None).await,
            StatusCode::PRECONDITION_FAILED,
        )
        .await;
        assert_eq!(listed().await["label"], "Manager", "still there");
    }
    let res = send(&app, Method::DELETE, &path, token, Some(&second), None).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(listed().await, Value::Null, "deleted");
    // A retry of the deletion (its answer lost) is already in effect, whatever it carries.
    let res = send(&app, Method::DELETE, &path, token, Some(&second), None).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);

    // Without If-Match, and with `*`, a deletion goes through.
    for if_match in [None, Some("*")] {
        let res = app
            .post(&base, Some(token), &json!({"label": "Tom", "closeness": 2}))
            .await;
        let id = body(res).await["id"].as_str().expect("an id").to_owned();
        let res = send(
            &app,
            Method::DELETE,
            &format!("{base}/{id}"),
            token,
            if_match,
            None,
        )
        .await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{if_match:?}");
    }
}

#[tokio::test]
async fn a_person_written_again_as_stored_is_answered_whatever_the_tag() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let token = client.access_token.as_str();
    let base = format!("/api/v1/clients/{}/relationships", client.id);
    let res = app
        .post(&base, Some(token), &json!({"label": "Ana", "closeness": 1}))
        .await;
    let first = etag(&res);
    let id = body(res).await["id"].as_str().expect("an id").to_owned();
    let path = format!("{base}/{id}");
    let changed = json!({"label": "Ana", "closeness": 2});
    let res = send(
        &app,
        Method::PUT,
        &path,
        token,
        Some(&first),
        Some(&changed),
    )
    .await;
    let second = etag(&res);
    // The phone lost that answer and retries with the tag it had: the change is in effect.
    let res = send(
        &app,
        Method::PUT,
        &path,
        token,
        Some(&first),
        Some(&changed),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(etag(&res), second);
}

#[tokio::test]
async fn reminder_settings_are_replaced_only_from_their_current_tag() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let path = format!("/api/v1/clients/{}/reminders", client.id);
    let (first, _) = read(&app, &client.access_token, &Read::Get(path.clone())).await;
    let prompts =
        |time: &str| json!({"practice_prompts": [{"local_time": time, "weekdays": [1, 3]}]});
    honours_if_match(
        &app,
        &client.access_token,
        &path,
        &Read::Get(path.clone()),
        first.expect("a tag"),
        [
            prompts("08:00"),
            prompts("09:00"),
            prompts("10:00"),
            prompts("11:00"),
        ],
    )
    .await;
    // The therapist reads and writes the same settings with the same tags.
    let (tag, _) = read(&app, &therapist.access_token, &Read::Get(path.clone())).await;
    let res = send(
        &app,
        Method::PUT,
        &path,
        &therapist.access_token,
        tag.as_deref(),
        Some(&prompts("12:00")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_practice_target_is_set_only_from_its_current_tag() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let path = format!("/api/v1/clients/{}/practice-target", client.id);
    let token = therapist.access_token.as_str();
    let (first, target) = read(&app, token, &Read::Get(path.clone())).await;
    assert_eq!(target, json!({"weekly_target": 3}));
    let target = |n: u8| json!({"weekly_target": n});
    honours_if_match(
        &app,
        token,
        &path,
        &Read::Get(path.clone()),
        first.expect("a tag"),
        [target(5), target(6), target(7), target(8)],
    )
    .await;
    // The client reads the same tag as its therapist.
    let (tag, _) = read(&app, &client.access_token, &Read::Get(path.clone())).await;
    let (again, _) = read(&app, token, &Read::Get(path)).await;
    assert_eq!(tag, again);
}

#[tokio::test]
async fn the_treatment_is_changed_only_from_the_clients_current_tag() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let token = therapist.access_token.as_str();
    let get = format!("/api/v1/clients/{}", client.id);
    let (first, _) = read(&app, token, &Read::Get(get.clone())).await;
    let treatment = |planned: u8| json!({"start_date": "2026-11-02", "planned_sessions": planned});
    honours_if_match(
        &app,
        token,
        &format!("{get}/treatment"),
        &Read::Get(get.clone()),
        first.expect("a tag"),
        [treatment(14), treatment(16), treatment(12), treatment(20)],
    )
    .await;

    // Another change of the client (its region) makes an earlier tag stale too.
    let (before, _) = read(&app, token, &Read::Get(get.clone())).await;
    let res = app
        .put(
            &format!("{get}/region"),
            Some(&client.access_token),
            &json!({"region": "DE"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let after = etag(&res);
    assert_ne!(before.as_deref(), Some(after.as_str()));
    assert_problem(
        send(
            &app,
            Method::PUT,
            &format!("{get}/treatment"),
            token,
            before.as_deref(),
            Some(&treatment(18)),
        )
        .await,
        StatusCode::PRECONDITION_FAILED,
    )
    .await;
    // Time passing is no edit: the tag stays while the weeks move on.
    let (_, earlier) = read(&app, token, &Read::Get(get.clone())).await;
    app.clock.advance(chrono::Duration::days(30));
    let token = app.fresh_token(&therapist).await;
    let (later, now) = read(&app, &token, &Read::Get(get.clone())).await;
    assert_ne!(
        earlier["treatment"]["weeks_remaining"],
        now["treatment"]["weeks_remaining"]
    );
    assert_eq!(later.as_deref(), Some(after.as_str()));
    let res = send(
        &app,
        Method::PUT,
        &format!("{get}/treatment"),
        &token,
        Some(&after),
        Some(&treatment(18)),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn sessions_are_marked_only_from_the_session_logs_current_tag() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let token = therapist.access_token.as_str();
    let list = format!("/api/v1/clients/{}/sessions", client.id);
    let (first, _) = read(&app, token, &Read::Get(list.clone())).await;
    honours_if_match(
        &app,
        token,
        &format!("{list}/2"),
        &Read::Get(list.clone()),
        first.expect("a tag"),
        [
            json!({"status": "held"}),
            json!({"status": "no_show"}),
            json!({"status": "held", "held_at": "2026-01-12T11:00:00+01:00"}),
            json!({"status": "cancelled"}),
        ],
    )
    .await;

    // One tag serves the whole log: a mark of another session makes it stale, as does a
    // change of the treatment.
    let (tag, _) = read(&app, token, &Read::Get(list.clone())).await;
    let tag = tag.expect("a tag");
    let res = send(
        &app,
        Method::PUT,
        &format!("{list}/3"),
        token,
        Some(&tag),
        Some(&json!({"status": "held"})),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let marked = etag(&res);
    assert_problem(
        send(
            &app,
            Method::PUT,
            &format!("{list}/4"),
            token,
            Some(&tag),
            Some(&json!({"status": "held"})),
        )
        .await,
        StatusCode::PRECONDITION_FAILED,
    )
    .await;
    let res = app
        .put(
            &format!("/api/v1/clients/{}/treatment", client.id),
            Some(token),
            &json!({"start_date": "2026-01-05", "planned_sessions": 16}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_problem(
        send(
            &app,
            Method::PUT,
            &format!("{list}/4"),
            token,
            Some(&marked),
            Some(&json!({"status": "held"})),
        )
        .await,
        StatusCode::PRECONDITION_FAILED,
    )
    .await;
    let (fresh, _) = read(&app, token, &Read::Get(list.clone())).await;
    let res = send(
        &app,
        Method::PUT,
        &format!("{list}/4"),
        token,
        fresh.as_deref(),
        Some(&json!({"status": "held"})),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    // The client's own reading carries the same tag.
    let (seen, _) = read(&app, &client.access_token, &Read::Get(list)).await;
    assert_eq!(seen.as_deref(), Some(etag(&res).as_str()));
}

/// Assigns homework; returns its path, its tag and its list.
async fn assigned(
    app: &TestApp,
    therapist: &Therapist,
    client: &Client,
) -> (String, String, String, String) {
    let base = format!("/api/v1/clients/{}/homework", client.id);
    let res = app
        .post(
            &base,
            Some(&therapist.access_token),
            &json!({"title": "Talk to your sister", "due_at": "2026-12-08T18:00:00Z"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let tag = etag(&res);
    let id = body(res).await["id"].as_str().expect("an id").to_owned();
    (format!("{base}/{id}"), tag, base, id)
}

#[tokio::test]
async fn homework_is_edited_only_from_its_current_tag() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let (path, first, base, id) = assigned(&app, &therapist, &client).await;
    let title = |t: &str| json!({"title": t, "due_at": "2026-12-08T18:00:00Z"});
    honours_if_match(
        &app,
        &therapist.access_token,
        &path,
        &Read::Item(base, id),
        first,
        [
            title("Talk to Ana"),
            title("Call Ana"),
            title("Write to Ana"),
            title("Meet Ana"),
        ],
    )
    .await;
}

#[tokio::test]
async fn a_completion_repeated_with_the_same_body_is_answered_and_with_another_is_a_conflict() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let (path, tag, _, _) = assigned(&app, &therapist, &client).await;
    let done = format!("{path}/completion");
    let token = client.access_token.as_str();
    let completion = json!({"completed_at": "2026-12-07T10:30:00+01:00", "reflection": "went ok", "helpfulness": 8});

    let res = send(
        &app,
        Method::POST,
        &done,
        token,
        Some(&tag),
        Some(&completion),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let completed_tag = etag(&res);
    assert_ne!(completed_tag, tag);
    let stored = body(res).await;
    assert_eq!(stored["status"], "completed");
    // A retry (its answer lost) with the same body: the stored completion, with or without the
    // tag it was sent with first.
    for if_match in [None, Some(tag.as_str())] {
        let res = send(
            &app,
            Method::POST,
            &done,
            token,
            if_match,
            Some(&completion),
        )
        .await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(etag(&res), completed_tag);
        assert_eq!(body(res).await, stored);
    }
    // Another body: a conflict, and the first completion stays.
    for other in [
        json!({"completed_at": "2026-12-07T10:30:00+01:00", "reflection": "went badly", "helpfulness": 8}),
        json!({"completed_at": "2026-12-07T10:30:00+01:00", "reflection": "went ok"}),
        json!({"completed_at": "2026-12-07T11:30:00+01:00", "reflection": "went ok", "helpfulness": 8}),
    ] {
        assert_problem(
            send(&app, Method::POST, &done, token, None, Some(&other)).await,
            StatusCode::CONFLICT,
        )
        .await;
    }
    let res = send(&app, Method::POST, &done, token, None, Some(&completion)).await;
    assert_eq!(body(res).await, stored);
}

#[tokio::test]
async fn a_stale_tag_refuses_a_completion_and_a_cancellation() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let (path, first, _, _) = assigned(&app, &therapist, &client).await;
    let res = send(
        &app,
        Method::PUT,
        &path,
        &therapist.access_token,
        Some(&first),
        Some(&json!({"title": "Call your sister"})),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let second = etag(&res);
    let completion = json!({"completed_at": "2026-12-07T10:00:00Z"});
    assert_problem(
        send(
            &app,
            Method::POST,
            &format!("{path}/completion"),
            &client.access_token,
            Some(&first),
            Some(&completion),
        )
        .await,
        StatusCode::PRECONDITION_FAILED,
    )
    .await;
    assert_problem(
        send(
            &app,
            Method::POST,
            &format!("{path}/cancel"),
            &therapist.access_token,
            Some(&first),
            Some(&json!({})),
        )
        .await,
        StatusCode::PRECONDITION_FAILED,
    )
    .await;
    let res = send(
        &app,
        Method::POST,
        &format!("{path}/cancel"),
        &therapist.access_token,
        Some(&second),
        Some(&json!({})),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let cancelled = etag(&res);
    assert_eq!(body(res).await["status"], "cancelled");
    // Cancelling again is already in effect, whatever the tag.
    let res = send(
        &app,
        Method::POST,
        &format!("{path}/cancel"),
        &therapist.access_token,
        Some(&second),
        Some(&json!({})),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(etag(&res), cancelled);
}

#[tokio::test]
async fn the_documents_keep_their_version_tags() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let safety = format!("/api/v1/clients/{}/safety-plan", client.id);
    let plan = json!({"warning_signs": ["I stop answering messages"], "coping_strategies": [], "distractions": [],
        "people_to_ask": [], "professionals": [], "environment_safety": [], "reasons_for_living": []});
    // `*` does not create a first version.
    assert_problem(
        send(
            &app,
            Method::PUT,
            &safety,
            &therapist.access_token,
            Some("*"),
            Some(&plan),
        )
        .await,
        StatusCode::PRECONDITION_FAILED,
    )
    .await;
    let res = send(
        &app,
        Method::PUT,
        &safety,
        &therapist.access_token,
        None,
        Some(&plan),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(etag(&res), "\"1\"");
    for stale in ["W/\"1\"", "\"2\"", "\"x1\""] {
        let res = send(
            &app,
            Method::PUT,
            &safety,
            &therapist.access_token,
            Some(stale),
            Some(&plan),
        )
        .await;
        assert_eq!(res.status(), StatusCode::PRECONDITION_FAILED, "{stale}");
    }
    let res = send(
        &app,
        Method::PUT,
        &safety,
        &therapist.access_token,
        Some("\"1\""),
        Some(&plan),
    )
    .await;
    assert_eq!(etag(&res), "\"2\"");
}
