use ipt_tests::spawn_app;
use migrations::{Migrator, MigratorTrait};
use reqwest::StatusCode;

#[tokio::test]
async fn every_migration_rolls_back_and_applies_again() {
    let app = spawn_app().await;
    let applied = Migrator::get_applied_migrations(&app.db)
        .await
        .expect("applied");
    assert_eq!(applied.len(), Migrator::migrations().len());

    Migrator::down(&app.db, None)
        .await
        .expect("every down runs");
    assert!(
        Migrator::get_applied_migrations(&app.db)
            .await
            .expect("listed")
            .is_empty()
    );
    Migrator::up(&app.db, None)
        .await
        .expect("every up runs again");

    // The schema is whole again: the application works on it.
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let res = app
        .checkin(
            &client,
            &serde_json::json!({"recorded_at": "2026-03-01T10:00:00Z", "mood": 5}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
}
