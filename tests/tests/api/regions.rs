//! A client's crisis region: derived from its time zone when nobody set one (`region_source:
//! derived`), set by the therapist or the client (`set`, which is what confirming means), and
//! the therapist warned on the dashboard and the client page until it is confirmed.

use ipt_tests::{Client, TestApp, Therapist, assert_problem, body, csrf_in, spawn_app, web};
use reqwest::{Method, StatusCode};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

const TREATMENT: &str = r#"{"start_date": "2026-01-05", "planned_sessions": 12}"#;

async fn create(app: &TestApp, therapist: &Therapist, body_: Value) -> reqwest::Response {
    app.post("/api/v1/clients", Some(&therapist.access_token), &body_)
        .await
}

async fn created_in(app: &TestApp, therapist: &Therapist, zone: &str) -> Value {
    let treatment: Value = serde_json::from_str(TREATMENT).expect("json");
    let res = create(
        app,
        therapist,
        json!({"display_name": "Sam", "timezone": zone, "treatment": treatment}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    body(res).await
}

async fn client_record(app: &TestApp, token: &str, client: &Client) -> Value {
    let res = app
        .get(&format!("/api/v1/clients/{}", client.id), Some(token))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    body(res).await
}

async fn put_region(app: &TestApp, token: &str, client: &Client, region: Value) -> Value {
    let res = app
        .put(
            &format!("/api/v1/clients/{}/region", client.id),
            Some(token),
            &json!({ "region": region }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    body(res).await
}

async fn move_to(app: &TestApp, client: &Client, zone: &str) {
    let res = app
        .request(
            Method::PATCH,
            "/api/v1/me",
            Some(&client.access_token),
            Some(&json!({ "timezone": zone })),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

async fn dashboard_row(app: &TestApp, therapist: &Therapist, client: &Client) -> Value {
    let res = app
        .get("/api/v1/dashboard", Some(&app.fresh_token(therapist).await))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    body(res).await["clients"]
        .as_array()
        .and_then(|rows| {
            rows.iter()
                .find(|r| r["client_id"] == client.id.to_string())
                .cloned()
        })
        .expect("the client's row")
}

async fn html(b: &reqwest::Client, url: String) -> String {
    let res = b.get(url).send().await.expect("answered");
    assert_eq!(res.status(), StatusCode::OK);
    res.text().await.expect("html")
}

#[tokio::test]
async fn a_client_without_a_region_gets_the_country_of_its_time_zone() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    for (zone, region) in [
        ("America/Chicago", Some("US")),
        ("Asia/Kolkata", Some("IN")),
        ("Europe/Berlin", Some("DE")),
        // An old name of a zone resolves to the zone it names.
        ("Asia/Calcutta", Some("IN")),
        ("UTC", None),
        ("Etc/GMT+5", None),
    ] {
        let created = created_in(&app, &therapist, zone).await;
        assert_eq!(created["region"], json!(region), "{zone}");
        let source = region.map(|_| "derived");
        assert_eq!(created["region_source"], json!(source), "{zone}");
    }
}

#[tokio::test]
async fn a_region_given_at_creation_or_put_by_therapist_or_client_is_set() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let treatment: Value = serde_json::from_str(TREATMENT).expect("json");
    let res = create(
        &app,
        &therapist,
        json!({"display_name": "Sam", "timezone": "America/Chicago", "region": "MX", "treatment": treatment}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created = body(res).await;
    assert_eq!(created["region"], "MX");
    assert_eq!(created["region_source"], "set");

    // A derived region becomes set when the therapist confirms it with the same value…
    let client = app
        .client_in(&therapist, "America/Chicago", "2026-01-05")
        .await;
    let read = client_record(&app, &therapist.access_token, &client).await;
    assert_eq!(
        (&read["region"], &read["region_source"]),
        (&json!("US"), &json!("derived"))
    );
    let confirmed = put_region(&app, &therapist.access_token, &client, json!("US")).await;
    assert_eq!(
        (&confirmed["region"], &confirmed["region_source"]),
        (&json!("US"), &json!("set"))
    );
    // …and the client may set its own.
    let other = app
        .client_in(&therapist, "Asia/Kolkata", "2026-01-05")
        .await;
    let own = put_region(&app, &other.access_token, &other, json!("GB")).await;
    assert_eq!(
        (&own["region"], &own["region_source"]),
        (&json!("GB"), &json!("set"))
    );
    let seen_by_client = client_record(&app, &other.access_token, &other).await;
    assert_eq!(seen_by_client["region_source"], "set");

    // Another therapist's client is not the caller's to set.
    let stranger = app.therapist().await;
    let res = app
        .put(
            &format!("/api/v1/clients/{}/region", client.id),
            Some(&stranger.access_token),
            &json!({"region": "DE"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // Bad input is refused by field, as before.
    for bad in [
        json!({"region": "usa"}),
        json!({"region": "U\u{0}"}),
        json!({"region": "US", "source": "set"}),
    ] {
        let res = app
            .put(
                &format!("/api/v1/clients/{}/region", client.id),
                Some(&therapist.access_token),
                &bad,
            )
            .await;
        assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
}

#[tokio::test]
async fn a_zone_change_moves_a_derived_region_and_never_a_set_one() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let derived = app
        .client_in(&therapist, "America/Chicago", "2026-01-05")
        .await;
    move_to(&app, &derived, "Europe/Berlin").await;
    let read = client_record(&app, &therapist.access_token, &derived).await;
    assert_eq!(
        (&read["region"], &read["region_source"]),
        (&json!("DE"), &json!("derived"))
    );
    // A zone of no country leaves no stale region behind.
    move_to(&app, &derived, "UTC").await;
    let read = client_record(&app, &therapist.access_token, &derived).await;
    assert_eq!(
        (&read["region"], &read["region_source"]),
        (&json!(null), &json!(null))
    );
    move_to(&app, &derived, "Asia/Kolkata").await;
    let read = client_record(&app, &therapist.access_token, &derived).await;
    assert_eq!(read["region"], "IN");

    let set = app
        .client_in(&therapist, "America/Chicago", "2026-01-05")
        .await;
    put_region(&app, &therapist.access_token, &set, json!("US")).await;
    move_to(&app, &set, "Europe/Berlin").await;
    let read = client_record(&app, &therapist.access_token, &set).await;
    assert_eq!(read["timezone"], "Europe/Berlin");
    assert_eq!(
        (&read["region"], &read["region_source"]),
        (&json!("US"), &json!("set"))
    );
    // A region set to none (the international resources) stays none too.
    put_region(&app, &set.access_token, &set, Value::Null).await;
    move_to(&app, &set, "Asia/Kolkata").await;
    let read = client_record(&app, &therapist.access_token, &set).await;
    assert_eq!(
        (&read["region"], &read["region_source"]),
        (&json!(null), &json!("set"))
    );
}

#[tokio::test]
async fn a_chicago_client_with_thoughts_of_self_harm_is_shown_988() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app
        .client_in(&therapist, "America/Chicago", "2026-01-05")
        .await;
    let res = app
        .checkin(
            &client,
            &json!({"recorded_at": app.now().to_rfc3339(), "mood": 3,
                    "phq9": [0, 0, 0, 0, 0, 0, 0, 0, 1]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let checkin = body(res).await;
    let crisis = &checkin["crisis_resources"];
    assert_eq!(crisis["region"], "US", "{checkin}");
    assert!(
        crisis["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("If you are in danger now, call 911")),
        "{crisis}"
    );
    assert!(
        crisis["links"]
            .as_array()
            .is_some_and(|links| links.iter().any(|l| l["url"] == "tel:988")),
        "{crisis}"
    );

    // A UTC client gets the international text: 112, and a website called a website.
    let utc = app.client_in(&therapist, "UTC", "2026-01-05").await;
    let res = app
        .checkin(
            &utc,
            &json!({"recorded_at": app.now().to_rfc3339(), "mood": 3,
                    "phq9": [0, 0, 0, 0, 0, 0, 0, 0, 1]}),
        )
        .await;
    let checkin = body(res).await;
    let text = checkin["crisis_resources"]["text"]
        .as_str()
        .unwrap_or_default();
    assert_eq!(checkin["crisis_resources"]["region"], "ZZ");
    assert!(
        text.contains("In the EU and on most mobile phones, 112 reaches emergency services."),
        "{text}"
    );
    assert!(
        text.contains("On the web: Find A Helpline, a website listing helplines"),
        "{text}"
    );
    assert!(!text.contains("talk to someone"), "{text}");
}

#[tokio::test]
async fn the_sync_feed_and_the_export_say_where_the_region_came_from() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app
        .client_in(&therapist, "America/Chicago", "2026-01-05")
        .await;
    let feed = body(
        app.get(
            &format!("/api/v1/clients/{}/changes?since=0", client.id),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    let record = feed["changes"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["type"] == "client").cloned())
        .expect("the client's record");
    assert_eq!(record["data"]["region"], "US", "{record}");
    assert_eq!(record["data"]["region_source"], "derived", "{record}");
    let export = body(
        app.get(
            &format!("/api/v1/clients/{}/export", client.id),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    assert_eq!(export["client"]["region_source"], "derived", "{export}");
}

#[tokio::test]
async fn clients_stored_without_a_region_get_one_derived_once_at_start_up() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let chicago = app
        .client_in(&therapist, "America/Chicago", "2026-01-05")
        .await;
    let utc = app.client_in(&therapist, "UTC", "2026-01-05").await;
    // As rows written before regions were derived look.
    app.db
        .execute_unprepared("UPDATE clients SET region = NULL, region_source = NULL")
        .await
        .expect("updated");
    let seq = |feed: &Value| feed["next_cursor"].clone();
    let feed_of = |client: Client| {
        let app = &app;
        async move {
            body(
                app.get(
                    &format!("/api/v1/clients/{}/changes?since=0", client.id),
                    Some(&client.access_token),
                )
                .await,
            )
            .await
        }
    };
    let before = feed_of(chicago.clone()).await;

    app.replica(|_| {}).await;
    let read = client_record(&app, &therapist.access_token, &chicago).await;
    assert_eq!(
        (&read["region"], &read["region_source"]),
        (&json!("US"), &json!("derived"))
    );
    let read = client_record(&app, &therapist.access_token, &utc).await;
    assert_eq!(
        (&read["region"], &read["region_source"]),
        (&json!(null), &json!(null))
    );
    // The phone learns of it: the derived region is a change of the client.
    let after = feed_of(chicago.clone()).await;
    assert_ne!(seq(&before), seq(&after), "{after}");

    // A second start changes nothing.
    app.replica(|_| {}).await;
    assert_eq!(seq(&feed_of(chicago.clone()).await), seq(&after));
}

#[tokio::test]
async fn the_dashboard_and_the_client_page_warn_until_the_therapist_confirms_the_region() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app
        .client_in(&therapist, "America/Chicago", "2026-01-05")
        .await;
    let row = dashboard_row(&app, &therapist, &client).await;
    assert_eq!(row["crisis_region"], "US");
    assert_eq!(row["crisis_region_confirmed"], false);

    let b = web::signed_in(&app, &therapist).await;
    let dashboard = html(&b, format!("{}/dashboard", app.address)).await;
    assert!(
        dashboard.contains("crisis region not confirmed"),
        "{dashboard}"
    );
    assert!(dashboard.contains("derived: US"));
    let page_url = format!("{}/clients/{}", app.address, client.id);
    let page = html(&b, page_url.clone()).await;
    assert!(page.contains(r#"<section id="crisis-region""#));
    assert!(page.contains("Crisis region not confirmed"));
    assert!(page.contains("Derived from the client's time zone: <strong>US</strong>"));
    assert!(page.contains(r#"<label for="crisis-region-code">"#));

    // The therapist's PUT confirms it: the warnings go.
    put_region(&app, &therapist.access_token, &client, json!("US")).await;
    let row = dashboard_row(&app, &therapist, &client).await;
    assert_eq!(row["crisis_region_confirmed"], true);
    let dashboard = html(&b, format!("{}/dashboard", app.address)).await;
    assert!(!dashboard.contains("crisis region not confirmed"));
    let page = html(&b, page_url.clone()).await;
    assert!(!page.contains("Crisis region not confirmed"));
    assert!(page.contains("The app shows the crisis resources of <strong>US</strong>"));

    // A client with no region is warned about too.
    let utc = app.client_in(&therapist, "UTC", "2026-01-05").await;
    let row = dashboard_row(&app, &therapist, &utc).await;
    assert_eq!(
        (&row["crisis_region"], &row["crisis_region_confirmed"]),
        (&json!(null), &json!(false))
    );
    let page = html(&b, format!("{}/clients/{}", app.address, utc.id)).await;
    assert!(page.contains("names no country"), "{page}");
}

#[tokio::test]
async fn the_client_page_form_confirms_or_sets_the_region_with_its_csrf_token() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app
        .client_in(&therapist, "America/Chicago", "2026-01-05")
        .await;
    let b = web::signed_in(&app, &therapist).await;
    let page_url = format!("{}/clients/{}", app.address, client.id);
    let page = html(&b, page_url.clone()).await;
    let csrf = csrf_in(&page);
    let action = format!("{page_url}/region");

    let forged = b
        .post(&action)
        .form(&[("csrf", "nope"), ("region", "US")])
        .send()
        .await
        .expect("answered");
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    for bad in ["USA", "", "U\u{0}", "1X"] {
        let res = b
            .post(&action)
            .form(&[("csrf", csrf.as_str()), ("region", bad)])
            .send()
            .await
            .expect("answered");
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
    }
    let read = client_record(&app, &therapist.access_token, &client).await;
    assert_eq!(read["region_source"], "derived", "nothing stored");

    // Another region, in any case.
    let res = b
        .post(&action)
        .form(&[("csrf", csrf.as_str()), ("region", "ca")])
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers().get("location").and_then(|l| l.to_str().ok()),
        Some(format!("/clients/{}#crisis-region", client.id).as_str())
    );
    let read = client_record(&app, &therapist.access_token, &client).await;
    assert_eq!(
        (&read["region"], &read["region_source"]),
        (&json!("CA"), &json!("set"))
    );
    let page = html(&b, page_url).await;
    assert!(!page.contains("Crisis region not confirmed"));

    // Another therapist's client is not found.
    let stranger = app.therapist().await;
    let other = web::signed_in(&app, &stranger).await;
    let other_page = html(&other, format!("{}/dashboard", app.address)).await;
    let res = other
        .post(&action)
        .form(&[("csrf", csrf_in(&other_page).as_str()), ("region", "DE")])
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let read = client_record(&app, &therapist.access_token, &client).await;
    assert_eq!(read["region"], "CA");
}

#[tokio::test]
async fn concurrent_region_writes_and_zone_changes_never_fail_the_server() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app
        .client_in(&therapist, "America/Chicago", "2026-01-05")
        .await;
    let path = format!("/api/v1/clients/{}/region", client.id);
    let us = json!({"region": "US"});
    let same = (0..8).map(|_| app.put(&path, Some(&therapist.access_token), &us));
    for res in futures_util::future::join_all(same).await {
        assert_eq!(res.status(), StatusCode::OK);
    }
    let regions = ["DE", "FR", "GB", "IN", "US", "CA", "AU", "NZ"];
    let zones = [
        "Europe/Berlin",
        "Asia/Kolkata",
        "UTC",
        "America/Chicago",
        "Europe/Paris",
        "Australia/Sydney",
        "Europe/London",
        "Pacific/Auckland",
    ];
    let puts = regions.iter().map(|r| {
        let token = if r.starts_with('D') || r.starts_with('I') {
            client.access_token.clone()
        } else {
            therapist.access_token.clone()
        };
        let path = path.clone();
        let app = &app;
        async move { app.put(&path, Some(&token), &json!({ "region": r })).await }
    });
    let moves = zones.iter().map(|z| {
        let app = &app;
        let token = client.access_token.clone();
        async move {
            app.request(
                Method::PATCH,
                "/api/v1/me",
                Some(&token),
                Some(&json!({ "timezone": z })),
            )
            .await
        }
    });
    let (puts, moves) = futures_util::future::join(
        futures_util::future::join_all(puts),
        futures_util::future::join_all(moves),
    )
    .await;
    for res in puts.into_iter().chain(moves) {
        assert_eq!(res.status(), StatusCode::OK);
    }
    // Whatever the order, the region was set, and a zone change never moved it.
    let read = client_record(&app, &therapist.access_token, &client).await;
    assert_eq!(read["region_source"], "set");
    assert!(regions.contains(&read["region"].as_str().unwrap_or_default()));
}
