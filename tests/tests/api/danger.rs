//! Danger at home: the exercises that ask "could speaking up put you in danger?" take the answer.
//! A "yes" reaches the therapist as a `relationship_danger` alert that names the person to them
//! only (never in an e-mail, webhook or push); "yes" and "unsure" show the region's
//! domestic-violence lines first; "unsure" is a dashboard reason; the exercise is always stored.

use chrono::Duration;
use ipt_tests::fake_fcm::FakeFcm;
use ipt_tests::mail::{SmtpSink, WebhookReceiver, whsec_secret};
use ipt_tests::{Client, TestApp, Therapist, assert_problem, body, spawn_app, spawn_app_with};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

const WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// A deployment's own domestic-violence line for GB (the built-in ones are researched apart).
const DV_FILE: &str = r#"{"regions": {"GB": {"domestic_violence": [
    {"label": "Test Home Safety Line (free, 24/7)", "phone": "08082000247", "url": "https://safe.example/"},
    {"label": "Test Home Safety Chat", "url": "https://chat.example/"}
]}}}"#;

/// An app whose GB resources carry the test lines, with the file's folder kept alive.
async fn app_with_dv(
    more: impl FnOnce(&mut ipt_server::configuration::Settings) + 'static,
) -> (TestApp, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("a folder");
    let file = dir.path().join("crisis.json");
    std::fs::write(&file, DV_FILE).expect("written");
    let app = spawn_app_with(move |s| {
        s.crisis_resources = Some(file);
        more(s);
    })
    .await;
    (app, dir)
}

/// A client in GB with one person in the inventory.
async fn client_in_gb(app: &TestApp, therapist: &Therapist, label: &str) -> (Client, String) {
    let client = app.client_of(therapist).await;
    let res = app
        .put(
            &format!("/api/v1/clients/{}/region", client.id),
            Some(&client.access_token),
            &json!({"region": "GB"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let person = person_of(app, &client, label).await;
    (client, person)
}

async fn person_of(app: &TestApp, client: &Client, label: &str) -> String {
    let res = app
        .post(
            &format!("/api/v1/clients/{}/relationships", client.id),
            Some(&client.access_token),
            &json!({"label": label, "closeness": 1}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    body(res).await["id"].as_str().expect("an id").to_owned()
}

fn role_play(app: &TestApp, answer: &str, person: Option<&str>) -> Value {
    let mut log = json!({
        "id": Uuid::new_v4(),
        "exercise_key": "role_play_rehearsal",
        "practiced_at": app.now().to_rfc3339(),
        "difficulty": 6,
        "safety_check": answer,
    });
    if let Some(person) = person {
        log["relationship_id"] = json!(person);
    }
    log
}

async fn log(app: &TestApp, client: &Client, log: &Value) -> reqwest::Response {
    app.post(
        &format!("/api/v1/clients/{}/exercise-logs", client.id),
        Some(&client.access_token),
        log,
    )
    .await
}

async fn logs_of(app: &TestApp, client: &Client) -> Vec<Value> {
    let res = app
        .get(
            &format!("/api/v1/clients/{}/exercise-logs", client.id),
            Some(&client.access_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    body(res).await["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

async fn reasons(app: &TestApp, therapist: &Therapist) -> Vec<String> {
    let token = app.fresh_token(therapist).await;
    let res = app.get("/api/v1/dashboard", Some(&token)).await;
    assert_eq!(res.status(), StatusCode::OK);
    body(res).await["clients"][0]["attention"]["reasons"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|r| r.as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn a_yes_alerts_the_therapist_naming_the_person_and_shows_domestic_violence_lines_first() {
    let (app, _dir) = app_with_dv(|_| {}).await;
    let therapist = app.therapist().await;
    let (client, person) = client_in_gb(&app, &therapist, "Alex").await;
    let sent = role_play(&app, "yes", Some(&person));
    let res = log(&app, &client, &sent).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let stored = body(res).await;
    assert_eq!(stored["safety_check"], "yes");
    assert_eq!(stored["relationship_id"], person.as_str());
    let crisis = &stored["crisis_resources"];
    let text = crisis["text"].as_str().expect("text");
    assert!(
        text.starts_with("If speaking up could put you in danger, you do not have to do it. Help with violence at home: Test Home Safety Line (free, 24/7); Test Home Safety Chat."),
        "{text}"
    );
    let emergency = text.find("call 999").expect("the emergency number");
    let next = text
        .find("Your therapist will see this the next time")
        .expect("what really happens: no channel is configured");
    assert!(emergency < next, "{text}");
    assert_eq!(crisis["links"][0]["url"], "tel:08082000247");
    assert_eq!(crisis["links"][1]["url"], "https://chat.example/");
    assert_eq!(
        crisis["domestic_violence"][0],
        json!({"label": "Test Home Safety Line (free, 24/7)", "phone": "08082000247", "url": "https://safe.example/"})
    );
    assert_eq!(crisis["region"], "GB");

    let alerts = app.alerts(&therapist, "all").await;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    let alert = &alerts[0];
    assert_eq!(alert["kind"], "relationship_danger");
    assert_eq!(alert["source"], "exercise_log");
    assert_eq!(
        alert["relationship"],
        json!({"id": person, "label": "Alex"})
    );
    assert_eq!(alert["item9"], Value::Null);

    // Stored like any practice, with its answer, in the list and the sync feed.
    let listed = logs_of(&app, &client).await;
    assert_eq!(listed[0]["safety_check"], "yes");
    assert_eq!(listed[0]["relationship_id"], person.as_str());
    assert!(listed[0].get("crisis_resources").is_none(), "{listed:?}");
    let changes = body(
        app.get(
            &format!("/api/v1/clients/{}/changes", client.id),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    let change = changes["changes"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["type"] == "exercise_log"))
        .expect("the log in the feed");
    assert_eq!(change["data"]["safety_check"], "yes", "{change}");
    assert_eq!(
        change["data"]["relationship_id"],
        person.as_str(),
        "{change}"
    );
    let export = body(
        app.get(
            &format!("/api/v1/clients/{}/export", client.id),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    assert_eq!(
        export["exercise_logs"][0]["safety_check"], "yes",
        "{export}"
    );
    assert_eq!(
        export["exercise_logs"][0]["relationship_id"],
        person.as_str()
    );

    // The therapist's page of the client names the person and says what it is about.
    let page = ipt_tests::web::signed_in(&app, &therapist).await;
    let html = page
        .get(format!("{}/clients/{}", app.address, client.id))
        .send()
        .await
        .expect("answered")
        .text()
        .await
        .expect("a page");
    assert!(html.contains("Danger at home"), "no alert box");
    assert!(html.contains("Alex"), "the person is not named");

    // The person renamed: the alert reads the label when listed.
    let res = app
        .put(
            &format!("/api/v1/clients/{}/relationships/{person}", client.id),
            Some(&client.access_token),
            &json!({"label": "Alex M.", "closeness": 1}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let alerts = app.alerts(&therapist, "all").await;
    assert_eq!(alerts[0]["relationship"]["label"], "Alex M.");
}

#[tokio::test]
async fn the_signed_out_crisis_resources_list_the_domestic_violence_lines() {
    let (app, _dir) = app_with_dv(|_| {}).await;
    let res = app.get("/api/v1/crisis-resources?region=GB", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let gb = body(res).await;
    assert_eq!(gb["domestic_violence"][0]["phone"], "08082000247");
    assert_eq!(
        gb["domestic_violence"][1],
        json!({"label": "Test Home Safety Chat", "url": "https://chat.example/"})
    );
    let zz = body(app.get("/api/v1/crisis-resources?region=XQ", None).await).await;
    assert!(zz["domestic_violence"].is_array(), "always present: {zz}");
}

#[tokio::test]
async fn unsure_shows_the_same_help_opens_no_alert_and_is_a_dashboard_reason_until_answered_again()
{
    let (app, _dir) = app_with_dv(|_| {}).await;
    let therapist = app.therapist().await;
    let (client, person) = client_in_gb(&app, &therapist, "Alex").await;
    let res = log(&app, &client, &role_play(&app, "unsure", Some(&person))).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let stored = body(res).await;
    let text = stored["crisis_resources"]["text"].as_str().expect("text");
    assert!(
        text.starts_with("If speaking up could put you in danger"),
        "{text}"
    );
    assert!(text.contains("call 999"), "{text}");
    assert!(!text.contains("message"), "no word of a message: {text}");
    assert_eq!(
        stored["crisis_resources"]["links"][0]["url"],
        "tel:08082000247"
    );
    assert!(app.alerts(&therapist, "all").await.is_empty());
    let today = app
        .now()
        .with_timezone(&chrono_tz::Europe::Berlin)
        .date_naive();
    let reasons = reasons(&app, &therapist).await;
    assert!(
        reasons.contains(&format!("Unsure whether speaking up is safe ({today})")),
        "{reasons:?}"
    );

    // A later "no" ends it.
    let mut no = role_play(&app, "no", None);
    no["practiced_at"] = json!((app.now() + Duration::minutes(1)).to_rfc3339());
    assert_eq!(log(&app, &client, &no).await.status(), StatusCode::CREATED);
    let reasons = self::reasons(&app, &therapist).await;
    assert!(
        !reasons.iter().any(|r| r.starts_with("Unsure whether")),
        "{reasons:?}"
    );
}

#[tokio::test]
async fn an_unsure_answer_older_than_two_weeks_is_no_longer_a_reason() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let mut old = role_play(&app, "unsure", None);
    old["practiced_at"] = json!((app.now() - Duration::days(15)).to_rfc3339());
    assert_eq!(log(&app, &client, &old).await.status(), StatusCode::CREATED);
    let reasons = reasons(&app, &therapist).await;
    assert!(
        !reasons.iter().any(|r| r.starts_with("Unsure whether")),
        "{reasons:?}"
    );
}

#[tokio::test]
async fn no_stores_the_exercise_and_nothing_else() {
    let (app, _dir) = app_with_dv(|_| {}).await;
    let therapist = app.therapist().await;
    let (client, person) = client_in_gb(&app, &therapist, "Alex").await;
    let res = log(&app, &client, &role_play(&app, "no", Some(&person))).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let stored = body(res).await;
    assert_eq!(stored["safety_check"], "no");
    assert!(stored.get("crisis_resources").is_none(), "{stored}");
    assert!(app.alerts(&therapist, "all").await.is_empty());
    let reasons = reasons(&app, &therapist).await;
    assert!(
        !reasons.iter().any(|r| r.starts_with("Unsure whether")),
        "{reasons:?}"
    );
    // "I" statements ask it too; a log without an answer stays as before.
    let res = log(
        &app,
        &client,
        &json!({"exercise_key": "i_statements", "practiced_at": app.now().to_rfc3339()}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(body(res).await["safety_check"], Value::Null);
}

#[tokio::test]
async fn another_clients_person_is_refused_by_field_and_a_removed_one_may_be_named() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let other = app.client_of(&therapist).await;
    let theirs = person_of(&app, &other, "Someone else").await;
    let problem = assert_problem(
        log(&app, &client, &role_play(&app, "no", Some(&theirs))).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(problem["errors"]["relationship_id"].is_array(), "{problem}");
    let unknown = Uuid::new_v4().to_string();
    let problem = assert_problem(
        log(&app, &client, &role_play(&app, "unsure", Some(&unknown))).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(problem["errors"]["relationship_id"].is_array(), "{problem}");
    assert!(
        logs_of(&app, &client).await.is_empty(),
        "nothing half-written"
    );

    let mine = person_of(&app, &client, "Alex").await;
    let res = app
        .delete(
            &format!("/api/v1/clients/{}/relationships/{mine}", client.id),
            Some(&client.access_token),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    let res = log(&app, &client, &role_play(&app, "no", Some(&mine))).await;
    assert_eq!(res.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn the_danger_answer_is_refused_by_an_exercise_that_does_not_ask_it() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let mut diary = role_play(&app, "yes", None);
    diary["exercise_key"] = json!("communication_analysis");
    let problem = assert_problem(
        log(&app, &client, &diary).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(problem["errors"]["safety_check"].is_array(), "{problem}");
    assert!(problem.get("crisis_resources").is_none(), "{problem}");
    assert!(app.alerts(&therapist, "all").await.is_empty());
    assert!(logs_of(&app, &client).await.is_empty());
}

#[tokio::test]
async fn a_replay_answers_the_stored_log_and_another_body_under_its_id_conflicts() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let person = person_of(&app, &client, "Alex").await;
    let sent = role_play(&app, "yes", Some(&person));
    assert_eq!(
        log(&app, &client, &sent).await.status(),
        StatusCode::CREATED
    );
    let replay = log(&app, &client, &sent).await;
    assert_eq!(replay.status(), StatusCode::OK);
    assert!(body(replay).await["crisis_resources"].is_object());
    for changed in [
        json!({"safety_check": "no"}),
        json!({"relationship_id": null}),
    ] {
        let mut other = sent.clone();
        for (k, v) in changed.as_object().expect("an object") {
            other[k] = v.clone();
        }
        let res = log(&app, &client, &other).await;
        assert_eq!(res.status(), StatusCode::CONFLICT, "{changed}");
    }
    assert_eq!(
        app.alerts(&therapist, "all").await.len(),
        1,
        "one per log id"
    );
    assert_eq!(logs_of(&app, &client).await.len(), 1);
}

#[tokio::test]
async fn a_refused_log_that_answered_yes_still_alerts_without_naming_a_stranger() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let other = app.client_of(&therapist).await;
    let theirs = person_of(&app, &other, "Someone else").await;
    let mut bad = role_play(&app, "yes", Some(&theirs));
    bad["difficulty"] = json!(11);
    let problem = assert_problem(
        log(&app, &client, &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(problem["crisis_resources"]["text"].is_string(), "{problem}");
    let again = log(&app, &client, &bad).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let alerts = app.alerts(&therapist, "all").await;
    assert_eq!(alerts.len(), 1, "one per submission: {alerts:?}");
    assert_eq!(alerts[0]["kind"], "relationship_danger");
    assert_eq!(alerts[0]["source"], "refused_submission");
    assert_eq!(alerts[0]["client_id"], client.id.to_string());
    assert_eq!(alerts[0]["relationship"], Value::Null);
    assert!(
        logs_of(&app, &client).await.is_empty(),
        "the log itself is not stored"
    );
}

#[tokio::test]
async fn unknown_fields_and_control_characters_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let mut unknown = role_play(&app, "no", None);
    unknown["danger"] = json!(true);
    let res = log(&app, &client, &unknown).await;
    assert!(res.status().is_client_error(), "{}", res.status());
    let mut nul = role_play(&app, "unsure", None);
    nul["note"] = json!("a\u{0}b");
    let problem = assert_problem(
        log(&app, &client, &nul).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(problem.get("crisis_resources").is_none(), "{problem}");
    let mut wrong = role_play(&app, "no", None);
    wrong["safety_check"] = json!("maybe");
    let res = log(&app, &client, &wrong).await;
    assert!(res.status().is_client_error(), "{}", res.status());
    assert!(logs_of(&app, &client).await.is_empty());
    assert!(app.alerts(&therapist, "all").await.is_empty());
}

#[tokio::test]
async fn concurrent_identical_and_conflicting_logs_never_fail_and_open_one_alert() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let person = person_of(&app, &client, "Alex").await;
    let same = role_play(&app, "yes", Some(&person));
    let identical = (0..8).map(|_| log(&app, &client, &same));
    let statuses: Vec<StatusCode> = futures_util::future::join_all(identical)
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
    assert!(statuses.iter().all(|s| s.as_u16() < 500), "{statuses:?}");
    let base = role_play(&app, "yes", None);
    let conflicting: Vec<Value> = (0..8)
        .map(|i| {
            let mut b = base.clone();
            b["difficulty"] = json!(i);
            b
        })
        .collect();
    let statuses: Vec<StatusCode> =
        futures_util::future::join_all(conflicting.iter().map(|b| log(&app, &client, b)))
            .await
            .iter()
            .map(reqwest::Response::status)
            .collect();
    let logs = ipt_tests::captured_logs();
    let errors: Vec<&str> = logs.lines().filter(|l| l.contains("ERROR")).collect();
    assert!(
        statuses.iter().all(|s| s.as_u16() < 500),
        "{statuses:?} {errors:?}"
    );
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::CREATED)
            .count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        app.alerts(&therapist, "all").await.len(),
        2,
        "one per log id"
    );
}

#[tokio::test]
async fn no_person_or_exercise_note_reaches_the_e_mail_webhook_or_push_of_a_danger_alert() {
    let smtp = SmtpSink::start().await;
    let secret = whsec_secret();
    let hooks = WebhookReceiver::start(&secret).await;
    let fcm = FakeFcm::start();
    let (smtp_url, hook_url) = (smtp.url(), hooks.url());
    let (account, endpoint) = (fcm.service_account.clone(), fcm.url.clone());
    let app = spawn_app_with(move |s| {
        s.smtp_url = Some(smtp_url);
        s.mail_from = "IPT Companion <alerts@clinic.example>".into();
        s.public_url = "https://ipt.clinic.example".into();
        s.alert_webhook_url = Some(hook_url);
        s.alert_webhook_secret = Some(secret);
        s.fcm_service_account = Some(account);
        s.fcm_endpoint = endpoint;
    })
    .await;
    let therapist = app.therapist().await;
    let res = app
        .post(
            "/api/v1/me/devices",
            Some(&therapist.access_token),
            &json!({"fcm_token": "therapist-phone", "platform": "ios"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let client = app.client_of(&therapist).await;
    let canary = format!("canary{}", Uuid::new_v4().simple());
    let person = person_of(&app, &client, &format!("Person {canary}")).await;
    let mut sent = role_play(&app, "yes", Some(&person));
    sent["note"] = json!(format!("note {canary}"));
    sent["responses"] = json!({"who": format!("who {canary}")});
    let res = log(&app, &client, &sent).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let text = body(res).await["crisis_resources"]["text"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_default();
    assert!(
        text.contains("We are sending your therapist a message now"),
        "{text}"
    );

    assert_eq!(app.notify().await.sent, 3);
    let mail = smtp.wait_for(1, WAIT).await;
    let hooks = hooks.wait_for(1, WAIT).await;
    let pushes = fcm.delivered();
    assert_eq!((mail.len(), hooks.len(), pushes.len()), (1, 1, 1));
    let bodies = [
        String::from_utf8_lossy(&mail[0].raw).into_owned(),
        hooks[0].body.to_string(),
        pushes[0].to_string(),
    ];
    for (channel, text) in ["e-mail", "webhook", "push"].iter().zip(&bodies) {
        for secret in [canary.as_str(), "Sam", "danger", "violence"] {
            assert!(
                !text.contains(secret),
                "the {channel} leaks {secret}: {text}"
            );
        }
    }
    assert!(hooks[0].verified, "{:?}", hooks[0].error);
    // The therapist sees the person in the API, signed in.
    let listed = app.alerts(&therapist, "all").await;
    assert_eq!(
        listed[0]["relationship"]["label"],
        format!("Person {canary}")
    );
    assert!(
        !ipt_tests::captured_logs().contains(&canary),
        "content in the logs"
    );
}
