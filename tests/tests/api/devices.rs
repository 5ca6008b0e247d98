use ipt_tests::{assert_problem, body, spawn_app};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_phone_registers_its_token_once_and_the_list_never_shows_it() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let path = format!("/api/v1/clients/{}/devices", client.id);
    let token = format!("fcm-token-{}", uuid::Uuid::new_v4());
    let res = app
        .post(
            &path,
            Some(&client.access_token),
            &json!({"fcm_token": token, "platform": "android"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let device = body(res).await;
    assert_eq!(device["platform"], "android");

    app.clock.advance(chrono::Duration::minutes(10));
    let res = app
        .post(
            &path,
            Some(&client.access_token),
            &json!({"fcm_token": token, "platform": "android"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let again = body(res).await;
    assert_eq!(again["id"], device["id"]);
    assert_ne!(
        again["last_seen_at"], again["created_at"],
        "last seen moves on"
    );

    let res = app.get(&path, Some(&therapist.access_token)).await;
    let text = res.text().await.expect("text");
    assert!(!text.contains(&token), "the token is never shown");
    let list: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1));
    for field in ["id", "platform", "created_at", "last_seen_at"] {
        assert!(list["items"][0].get(field).is_some(), "{field}");
    }
}

#[tokio::test]
async fn a_token_registered_by_another_client_moves_to_the_new_one() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let first = app.client_of(&therapist).await;
    let second = app.client_of(&therapist).await;
    let token = json!({"fcm_token": "shared-phone-token", "platform": "ios"});
    assert_eq!(
        app.post(
            &format!("/api/v1/clients/{}/devices", first.id),
            Some(&first.access_token),
            &token
        )
        .await
        .status(),
        StatusCode::CREATED
    );
    assert_eq!(
        app.post(
            &format!("/api/v1/clients/{}/devices", second.id),
            Some(&second.access_token),
            &token
        )
        .await
        .status(),
        StatusCode::CREATED
    );
    let firsts = body(
        app.get(
            &format!("/api/v1/clients/{}/devices", first.id),
            Some(&first.access_token),
        )
        .await,
    )
    .await;
    let seconds = body(
        app.get(
            &format!("/api/v1/clients/{}/devices", second.id),
            Some(&second.access_token),
        )
        .await,
    )
    .await;
    assert_eq!(firsts["items"], json!([]));
    assert_eq!(seconds["items"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn a_device_is_deleted_and_signing_out_removes_the_phones_device() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let path = format!("/api/v1/clients/{}/devices", client.id);
    let device = body(
        app.post(
            &path,
            Some(&client.access_token),
            &json!({"fcm_token": "a", "platform": "web"}),
        )
        .await,
    )
    .await;
    let id = device["id"].as_str().expect("id");
    let stranger = app.therapist().await;
    assert_problem(
        app.delete(&format!("{path}/{id}"), Some(&stranger.access_token))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(
        app.delete(&format!("{path}/{id}"), Some(&client.access_token))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_problem(
        app.delete(&format!("{path}/{id}"), Some(&client.access_token))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;

    assert_eq!(
        app.post(
            &path,
            Some(&client.access_token),
            &json!({"fcm_token": "b", "platform": "android"})
        )
        .await
        .status(),
        StatusCode::CREATED
    );
    assert_eq!(
        app.post(
            "/api/v1/auth/logout",
            Some(&client.access_token),
            &json!({})
        )
        .await
        .status(),
        StatusCode::NO_CONTENT
    );
    let list = body(app.get(&path, Some(&therapist.access_token)).await).await;
    assert_eq!(
        list["items"],
        json!([]),
        "the signed-out phone gets no more pushes"
    );
}

#[tokio::test]
async fn device_registration_is_the_clients_own_and_validated() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let path = format!("/api/v1/clients/{}/devices", client.id);
    assert_problem(
        app.post(
            &path,
            Some(&therapist.access_token),
            &json!({"fcm_token": "t", "platform": "ios"}),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    for (payload, field) in [
        (json!({"fcm_token": "", "platform": "ios"}), "fcm_token"),
        (
            json!({"fcm_token": "t", "platform": "blackberry"}),
            "platform",
        ),
        (json!({"fcm_token": "t"}), "platform"),
    ] {
        let problem = assert_problem(
            app.post(&path, Some(&client.access_token), &payload).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert!(problem["errors"][field].is_array(), "{field}: {problem}");
    }
}
