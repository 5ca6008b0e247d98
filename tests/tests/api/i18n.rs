//! Every client-facing text in the client's language: `Accept-Language` first, then the
//! language the client set (`PATCH /me`), then English. Keys, problem types and field paths
//! never change with the language.

use ipt_tests::fake_fcm::app_with_fcm;
use ipt_tests::{Client, TestApp, assert_problem, at, body, spawn_app};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

const RISKY: [i64; 9] = [1, 1, 1, 1, 1, 1, 1, 1, 2];

/// A request with `Accept-Language: language` (none when `None`).
async fn asking(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    language: Option<&str>,
    payload: Option<&Value>,
) -> Response {
    let mut req = app.api.request(method, format!("{}{path}", app.address));
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    if let Some(language) = language {
        req = req.header("Accept-Language", language);
    }
    if let Some(payload) = payload {
        req = req.json(payload);
    }
    req.send().await.expect("the request is answered")
}

async fn get_in(app: &TestApp, path: &str, token: &str, language: Option<&str>) -> Response {
    asking(app, Method::GET, path, Some(token), language, None).await
}

fn content_language(res: &Response) -> Option<String> {
    res.headers()
        .get("content-language")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The exercises listed, as `(key, title, prompt keys)`.
async fn exercises(
    app: &TestApp,
    token: &str,
    language: Option<&str>,
) -> (Option<String>, Vec<(String, String, Vec<String>)>) {
    let res = get_in(app, "/api/v1/exercises", token, language).await;
    assert_eq!(res.status(), StatusCode::OK);
    let language = content_language(&res);
    let items = body(res).await["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let listed = items
        .iter()
        .map(|e| {
            (
                e["key"].as_str().unwrap_or_default().to_owned(),
                e["title"].as_str().unwrap_or_default().to_owned(),
                e["prompts"]
                    .as_array()
                    .map(|ps| {
                        ps.iter()
                            .map(|p| p["key"].as_str().unwrap_or_default().to_owned())
                            .collect()
                    })
                    .unwrap_or_default(),
            )
        })
        .collect();
    (language, listed)
}

fn title_of(listed: &[(String, String, Vec<String>)], key: &str) -> String {
    listed
        .iter()
        .find(|(k, _, _)| k == key)
        .map(|(_, title, _)| title.clone())
        .expect("listed")
}

fn keys(listed: &[(String, String, Vec<String>)]) -> Vec<(String, Vec<String>)> {
    listed
        .iter()
        .map(|(k, _, prompts)| (k.clone(), prompts.clone()))
        .collect()
}

async fn patch_me(app: &TestApp, token: &str, language: Option<&str>, change: &Value) -> Response {
    asking(
        app,
        Method::PATCH,
        "/api/v1/me",
        Some(token),
        language,
        Some(change),
    )
    .await
}

#[tokio::test]
async fn exercises_come_in_the_language_asked_for_with_their_keys_unchanged() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let token = &client.access_token;

    let (language, english) = exercises(&app, token, None).await;
    assert_eq!(language.as_deref(), Some("en"));
    assert_eq!(
        title_of(&english, "communication_analysis"),
        "Looking back at a conversation"
    );

    let (language, german) = exercises(&app, token, Some("de")).await;
    assert_eq!(language.as_deref(), Some("de"));
    assert_eq!(
        title_of(&german, "communication_analysis"),
        "Auf ein Gespräch zurückblicken"
    );
    assert_eq!(keys(&german), keys(&english), "keys never change");

    let (language, spanish) = exercises(&app, token, Some("es-MX,es;q=0.9")).await;
    assert_eq!(language.as_deref(), Some("es"));
    assert_eq!(
        title_of(&spanish, "communication_analysis"),
        "Repasar una conversación"
    );
    assert_eq!(keys(&spanish), keys(&english));

    // By weight, not by order; a language that does not ship is passed over.
    let (language, _) = exercises(&app, token, Some("en;q=0.1, fr, de;q=0.8")).await;
    assert_eq!(language.as_deref(), Some("de"));
    let (language, _) = exercises(&app, token, Some("fr-CH, fr;q=0.9")).await;
    assert_eq!(language.as_deref(), Some("en"));

    let res = get_in(
        &app,
        "/api/v1/exercises/role_play_rehearsal",
        token,
        Some("de"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let vary = res
        .headers()
        .get("vary")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(vary.contains("Accept-Language"), "{vary}");
    let exercise = body(res).await;
    assert_eq!(exercise["key"], "role_play_rehearsal");
    assert_eq!(exercise["skill"], "Rollenspiel");
    assert_eq!(
        exercise["safety_check"],
        "Könnte es Sie in Gefahr bringen, dieser Person Ihre Meinung zu sagen?"
    );
    let rating = exercise["prompts"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["key"] == "confidence_rating"))
        .cloned()
        .expect("the rating");
    assert_eq!(rating["scale"], json!({"min": 0, "max": 10}));
    assert!(
        rating["label"]
            .as_str()
            .is_some_and(|l| l.starts_with("Wie zuversichtlich")),
        "{rating}"
    );
}

#[tokio::test]
async fn a_clients_stored_language_counts_when_the_request_names_none_and_the_header_wins() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let token = &client.access_token;
    let res = patch_me(&app, token, None, &json!({"locale": "es"})).await;
    assert_eq!(res.status(), StatusCode::OK);

    let (language, listed) = exercises(&app, token, None).await;
    assert_eq!(language.as_deref(), Some("es"));
    assert_eq!(
        title_of(&listed, "grief_work"),
        "Recordar a la persona que perdió"
    );
    let (language, listed) = exercises(&app, token, Some("de-DE")).await;
    assert_eq!(language.as_deref(), Some("de"), "the header wins");
    assert_eq!(
        title_of(&listed, "grief_work"),
        "An den Menschen denken, den Sie verloren haben"
    );
    // A header naming no language that ships leaves the stored one.
    let (language, _) = exercises(&app, token, Some("fr")).await;
    assert_eq!(language.as_deref(), Some("es"));

    // Its problems too, without a header.
    let problem = assert_problem(
        get_in(&app, "/api/v1/exercises/no_such_exercise", token, None).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(problem["title"], "No encontrado");

    // The client's language is the client's: its therapist reads in its own.
    let (language, listed) = exercises(&app, &therapist.access_token, None).await;
    assert_eq!(language.as_deref(), Some("en"));
    assert_eq!(
        title_of(&listed, "grief_work"),
        "Remembering the person you lost"
    );
}

#[tokio::test]
async fn problems_are_in_the_requests_language_with_the_same_type_and_fields() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let token = &client.access_token;

    let path = "/api/v1/exercises/no_such_exercise";
    let english =
        assert_problem(get_in(&app, path, token, None).await, StatusCode::NOT_FOUND).await;
    let res = get_in(&app, path, token, Some("de")).await;
    assert_eq!(content_language(&res).as_deref(), Some("de"));
    let german = assert_problem(res, StatusCode::NOT_FOUND).await;
    assert_eq!(german["type"], english["type"]);
    assert_eq!(german["type"], "/problems/not-found");
    assert_eq!(english["title"], "Not found");
    assert_eq!(german["title"], "Nicht gefunden");
    assert_eq!(german["detail"], "Diese Ressource gibt es nicht.");

    // A route that does not exist, before any handler runs.
    let german = assert_problem(
        get_in(&app, "/api/v1/no-such-route", token, Some("de")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(german["title"], "Nicht gefunden");

    // 422: field paths and their messages stay as they are.
    let res = patch_me(&app, token, Some("de"), &json!({"locale": "not a tag!"})).await;
    let german = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(german["type"], "/problems/validation");
    assert_eq!(german["title"], "Ungültige Anfrage");
    assert_eq!(german["detail"], "Mindestens ein Feld ist ungültig.");
    assert!(german["errors"]["locale"].is_array(), "{german}");

    // 401 without a token, and 400 for a body that is not JSON, in Spanish.
    let spanish = assert_problem(
        asking(
            &app,
            Method::GET,
            "/api/v1/exercises",
            None,
            Some("es"),
            None,
        )
        .await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(spanish["type"], "/problems/unauthorized");
    assert_eq!(spanish["title"], "Se requiere autenticación");
    let res = app
        .api
        .patch(format!("{}/api/v1/me", app.address))
        .bearer_auth(token)
        .header("Accept-Language", "es")
        .header("Content-Type", "application/json")
        .body(r#"{"locale": "#)
        .send()
        .await
        .expect("answered");
    let spanish = assert_problem(res, StatusCode::BAD_REQUEST).await;
    assert_eq!(spanish["type"], "/problems/malformed-request");
    assert!(
        spanish["detail"]
            .as_str()
            .is_some_and(|d| d.starts_with("El cuerpo no es JSON válido (línea 1")),
        "{spanish}"
    );

    // 409: the reason is translated too.
    let conflict = json!({"email": "twice@example.org", "password": "a long enough password", "display_name": "Twice"});
    let res = asking(
        &app,
        Method::POST,
        "/api/v1/therapists",
        None,
        None,
        Some(&conflict),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let german = assert_problem(
        asking(
            &app,
            Method::POST,
            "/api/v1/therapists",
            None,
            Some("de"),
            Some(&conflict),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(german["type"], "/problems/conflict");
    assert_eq!(german["title"], "Konflikt");
    assert_eq!(
        german["detail"],
        "Es gibt bereits ein Konto mit dieser E-Mail-Adresse."
    );
}

#[tokio::test]
async fn the_crisis_text_of_a_safety_checkin_is_in_german() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let res = app
        .put(
            &format!("/api/v1/clients/{}/region", client.id),
            Some(&therapist.access_token),
            &json!({"region": "DE"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let checkin = json!({"recorded_at": app.now().to_rfc3339(), "mood": 1, "phq9": RISKY});
    let res = asking(
        &app,
        Method::POST,
        &format!("/api/v1/clients/{}/checkins", client.id),
        Some(&client.access_token),
        Some("de-DE,de;q=0.9,en;q=0.5"),
        Some(&checkin),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(content_language(&res).as_deref(), Some("de"));
    let crisis = body(res).await["crisis_resources"].clone();
    let text = crisis["text"].as_str().expect("a crisis text");
    assert!(
        text.starts_with(
            "Wenn Sie jetzt in Gefahr sind, rufen Sie die 112 an oder gehen Sie in die nächste Notaufnahme."
        ),
        "{text}"
    );
    // What really happens: no channel is configured here, so no message is on its way.
    assert!(
        text.contains("Ihre Therapeutin oder Ihr Therapeut sieht dies"),
        "{text}"
    );
    assert!(!text.contains("therapist"), "no English left: {text}");
    assert_eq!(crisis["region"], "DE");
    assert_eq!(crisis["links"][0]["url"], "tel:08001110111");
    assert_eq!(
        crisis["links"][0]["label"],
        "TelefonSeelsorge: 0800 111 0 111 (kostenlos, rund um die Uhr)"
    );

    // A signed-out app asks in its own language.
    let res = asking(
        &app,
        Method::GET,
        "/api/v1/crisis-resources?region=ES",
        None,
        Some("es"),
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let spanish = body(res).await;
    assert!(
        spanish["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("Si está en peligro ahora, llame al 112")),
        "{spanish}"
    );
}

#[tokio::test]
async fn a_reading_comes_in_spanish() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let res = get_in(&app, "/api/v1/readings", &client.access_token, Some("es")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(content_language(&res).as_deref(), Some("es"));
    let items = body(res).await["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let first = &items[0];
    assert_eq!(first["key"], "depression_is_an_illness");
    assert_eq!(
        first["title"],
        "La depresión es una enfermedad, no un fracaso"
    );
    let paragraphs = first["body"].as_array().expect("paragraphs");
    assert_eq!(paragraphs.len(), 4);
    assert!(
        paragraphs[1]
            .as_str()
            .is_some_and(|p| p.contains("«rol de enfermo»")),
        "{first}"
    );

    // The list of what the client opened follows its stored language.
    let res = patch_me(
        &app,
        &client.access_token,
        None,
        &json!({"locale": "es-419"}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = get_in(
        &app,
        &format!("/api/v1/clients/{}/readings", client.id),
        &client.access_token,
        None,
    )
    .await;
    assert_eq!(content_language(&res).as_deref(), Some("es"));
    let items = body(res).await["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(items[1]["title"], "Qué es la psicoterapia interpersonal");
}

fn pending_prompts(notifications: &[Value]) -> Vec<String> {
    notifications
        .iter()
        .filter(|n| n["kind"] == "practice_prompt" && n["status"] == "pending")
        .filter_map(|n| n["scheduled_for"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn a_client_sets_its_zone_and_language_and_its_reminders_move_into_the_new_zone() {
    let app = spawn_app().await;
    app.clock.set(at("2026-06-01T05:00:00Z"));
    let therapist = app.therapist().await;
    let client = app
        .client_in(&therapist, "Europe/Berlin", "2026-06-01")
        .await;
    app.set_reminders(
        &client,
        json!({"practice_prompts": [{"local_time": "09:00", "weekdays": [1, 2, 3, 4, 5, 6, 7]}],
               "checkin_reminder": null, "quiet_hours": null}),
    )
    .await;
    let before = pending_prompts(&app.notifications(&therapist, &client).await);
    assert!(!before.is_empty());
    assert!(
        before.iter().all(|s| s.ends_with("T07:00:00Z")),
        "09:00 in Berlin (CEST): {before:?}"
    );
    let feed = body(
        app.get(
            &format!("/api/v1/clients/{}/changes", client.id),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    let cursor = feed["next_cursor"].as_str().expect("a cursor").to_owned();

    let res = patch_me(
        &app,
        &client.access_token,
        None,
        &json!({"timezone": "America/New_York", "locale": "es-mx"}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let me = body(res).await;
    assert_eq!(me["role"], "client");
    assert_eq!(me["id"], client.id.to_string());
    assert_eq!(me["timezone"], "America/New_York");
    assert_eq!(me["locale"], "es-MX", "stored normalised");
    assert_eq!(
        body(app.get("/api/v1/me", Some(&client.access_token)).await).await,
        me,
        "the answer is GET /me's"
    );

    let after = pending_prompts(&app.notifications(&therapist, &client).await);
    assert_eq!(after.len(), before.len(), "moved, none lost or doubled");
    assert!(
        after.iter().all(|s| s.ends_with("T13:00:00Z")),
        "09:00 in New York (EDT): {after:?}"
    );

    // Where the client's profile appears: its therapist's view and the phone's sync feed.
    let seen = body(
        app.get(
            &format!("/api/v1/clients/{}", client.id),
            Some(&therapist.access_token),
        )
        .await,
    )
    .await;
    assert_eq!(seen["locale"], "es-MX");
    assert_eq!(seen["timezone"], "America/New_York");
    let feed = body(
        app.get(
            &format!("/api/v1/clients/{}/changes?since={cursor}", client.id),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    let profile = feed["changes"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["type"] == "client"))
        .cloned()
        .expect("the profile changed");
    assert_eq!(profile["data"]["locale"], "es-MX");
    assert_eq!(profile["data"]["timezone"], "America/New_York");

    // Only the language: the reminders stay where they are.
    let res = patch_me(
        &app,
        &client.access_token,
        None,
        &json!({"locale": "de-AT"}),
    )
    .await;
    assert_eq!(body(res).await["locale"], "de-AT");
    assert_eq!(
        pending_prompts(&app.notifications(&therapist, &client).await),
        after
    );
}

#[tokio::test]
async fn a_bad_language_or_zone_is_422_naming_the_field_and_changes_nothing() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    for (change, field) in [
        (json!({"locale": "not a tag!"}), "locale"),
        (json!({"locale": ""}), "locale"),
        (json!({"locale": "und"}), "locale"),
        (json!({"timezone": "Mars/Olympus_Mons"}), "timezone"),
        (
            json!({"timezone": "Europe/Vienna", "locale": "x-klingon"}),
            "locale",
        ),
    ] {
        let problem = assert_problem(
            patch_me(&app, &client.access_token, None, &change).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert!(problem["errors"][field].is_array(), "{change}: {problem}");
    }
    // Nothing else of the client's record is the phone's to change here.
    let problem = assert_problem(
        patch_me(
            &app,
            &client.access_token,
            None,
            &json!({"display_name": "Someone else"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(problem["type"], "/problems/validation");
    let me = body(app.get("/api/v1/me", Some(&client.access_token)).await).await;
    assert_eq!(me["timezone"], "Europe/Berlin", "unchanged");
    assert_eq!(me.get("locale"), None, "none set: left out, as before");
    assert_eq!(me["display_name"], "Sam");

    // A therapist has no language here (the dashboard is in English) and keeps its zone.
    let problem = assert_problem(
        patch_me(
            &app,
            &therapist.access_token,
            None,
            &json!({"locale": "de"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(problem["errors"]["locale"].is_array(), "{problem}");
    let res = patch_me(
        &app,
        &therapist.access_token,
        None,
        &json!({"timezone": "Europe/Madrid"}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let me = body(res).await;
    assert_eq!(me["timezone"], "Europe/Madrid");
    assert_eq!(me.get("locale"), None, "none set: left out, as before");
    // A therapist's own zone is not its client's.
    let seen = body(
        app.get(
            &format!("/api/v1/clients/{}", client.id),
            Some(&therapist.access_token),
        )
        .await,
    )
    .await;
    assert_eq!(seen["timezone"], "Europe/Berlin");
}

#[tokio::test]
async fn a_phone_without_a_language_gets_pushes_in_its_clients_language() {
    let (app, fcm) = app_with_fcm().await;
    app.clock.set(at("2026-06-01T06:00:00Z"));
    let therapist = app.therapist().await;
    let client: Client = app.client_in(&therapist, "UTC", "2026-06-01").await;
    app.register_device(&client, "phone-without-language").await;
    let res = patch_me(
        &app,
        &client.access_token,
        None,
        &json!({"locale": "es-ES"}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    app.set_reminders(
        &client,
        json!({"practice_prompts": [{"local_time": "07:00", "weekdays": [1, 2, 3, 4, 5, 6, 7]}],
               "checkin_reminder": null, "quiet_hours": null}),
    )
    .await;
    app.clock.set(at("2026-06-01T07:00:05Z"));
    assert_eq!(app.tick().await.sent, 1);
    let sent = fcm.delivered();
    let message = &sent[0]["message"];
    assert_eq!(message["token"], "phone-without-language");
    assert_eq!(message["notification"]["title"], "Recordatorio");
    assert_eq!(
        message["notification"]["body"],
        "Un ejercicio breve le espera."
    );
}
