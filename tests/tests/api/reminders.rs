use ipt_tests::{assert_problem, body, spawn_app};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_new_client_starts_with_sensible_reminder_defaults() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let settings = body(
        app.get(
            &format!("/api/v1/clients/{}/reminders", client.id),
            Some(&client.access_token),
        )
        .await,
    )
    .await;
    assert_eq!(
        settings,
        json!({"practice_prompts": [{"local_time": "18:00", "weekdays": [1, 2, 3, 4, 5]}],
               "checkin_reminder": {"local_time": "20:00"},
               "quiet_hours": {"start": "22:00", "end": "08:00"}})
    );
}

#[tokio::test]
async fn client_and_therapist_both_edit_reminder_settings() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let path = format!("/api/v1/clients/{}/reminders", client.id);
    let wanted = json!({"practice_prompts": [{"local_time": "07:15", "weekdays": [1, 3, 5]}, {"local_time": "19:00", "weekdays": [6, 7]}],
                        "checkin_reminder": {"local_time": "21:30"}, "quiet_hours": {"start": "23:00", "end": "06:30"}});
    let res = app.put(&path, Some(&client.access_token), &wanted).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(body(res).await, wanted);
    assert_eq!(
        body(app.get(&path, Some(&therapist.access_token)).await).await,
        wanted
    );

    let off = json!({"practice_prompts": [], "checkin_reminder": null, "quiet_hours": null});
    let res = app.put(&path, Some(&therapist.access_token), &off).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        body(app.get(&path, Some(&client.access_token)).await).await,
        off
    );
}

#[tokio::test]
async fn bad_times_weekdays_and_overlaps_are_422() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let path = format!("/api/v1/clients/{}/reminders", client.id);
    for (payload, field) in [
        (
            json!({"practice_prompts": [{"local_time": "24:00", "weekdays": [1]}]}),
            "practice_prompts[0].local_time",
        ),
        (
            json!({"practice_prompts": [{"local_time": "08:00", "weekdays": [8]}]}),
            "practice_prompts[0].weekdays[0]",
        ),
        (
            json!({"practice_prompts": [{"local_time": "08:00", "weekdays": [1, 2]}, {"local_time": "08:00", "weekdays": [2]}]}),
            "practice_prompts[1]",
        ),
        (
            json!({"practice_prompts": [], "checkin_reminder": {"local_time": "8pm"}}),
            "checkin_reminder.local_time",
        ),
        (
            json!({"practice_prompts": [], "quiet_hours": {"start": "22:00", "end": "22:00"}}),
            "quiet_hours.end",
        ),
        (json!({"practice_prompts": [], "snooze": true}), "snooze"),
    ] {
        let problem = assert_problem(
            app.put(&path, Some(&client.access_token), &payload).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert!(problem["errors"][field].is_array(), "{field}: {problem}");
    }
}

#[tokio::test]
async fn reminder_settings_of_another_tenant_are_404() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let stranger = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let sibling = app.client_of(&therapist).await;
    let path = format!("/api/v1/clients/{}/reminders", client.id);
    assert_problem(
        app.get(&path, Some(&stranger.access_token)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_problem(
        app.put(
            &path,
            Some(&sibling.access_token),
            &json!({"practice_prompts": []}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_problem(app.get(&path, None).await, StatusCode::UNAUTHORIZED).await;
}
