use ipt_tests::seed::{SeedArgs, seed};
use ipt_tests::{PASSWORD, body, spawn_app};
use reqwest::StatusCode;

#[tokio::test]
async fn the_benchmark_seed_writes_a_realistic_consistent_data_set() {
    let app = spawn_app().await;
    let args = SeedArgs {
        therapists: 2,
        clients_per_therapist: 3,
        days: 30,
        seed: 7,
        password: PASSWORD.into(),
    };
    let report = seed(&app.db, &args, app.now()).await.expect("seeded");
    assert_eq!((report.therapists, report.clients), (2, 6));
    assert!(
        report.checkins >= 6 * 30 / 4,
        "adherence at least 30 %: {report:?}"
    );
    assert!(report.homework >= 6 * 4);

    // The seeded accounts work through the API, and their data is consistent with it.
    let (status, tokens) = app.login("bench-t0@example.org", PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    let token = tokens["access_token"].as_str().expect("a token");
    let dashboard = body(app.get("/api/v1/dashboard", Some(token)).await).await;
    let rows = dashboard["clients"].as_array().expect("rows");
    assert_eq!(rows.len(), 3);
    assert!(
        rows.iter()
            .any(|r| r["checkin_days_28d"].as_u64().unwrap_or(0) > 0)
    );
    let id = rows[0]["client_id"].as_str().expect("an id");
    let changes = body(
        app.get(
            &format!("/api/v1/clients/{id}/changes?limit=200"),
            Some(token),
        )
        .await,
    )
    .await;
    let seqs: Vec<i64> = changes["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter_map(|c| c["seq"].as_i64())
        .collect();
    assert!(
        seqs.windows(2).all(|w| w[0] < w[1]),
        "one change order per client"
    );
}
