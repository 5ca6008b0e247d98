//! Support and conflict ratings of the interpersonal inventory: stored, checked, carried by the
//! sync feed and the export, and added to existing people as "not rated".

use entities::{RelationshipId, relationship};
use ipt_tests::{Client, TestApp, assert_problem, body, spawn_app};
use migrations::{Migrator, MigratorTrait, SchemaManager};
use reqwest::StatusCode;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectOptions, Database, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

fn people(client: &Client) -> String {
    format!("/api/v1/clients/{}/relationships", client.id)
}

/// The live people of `client`, as its phone lists them.
async fn listed(app: &TestApp, client: &Client) -> Vec<Value> {
    let res = app.get(&people(client), Some(&client.access_token)).await;
    assert_eq!(res.status(), StatusCode::OK);
    body(res).await["items"].as_array().cloned().expect("items")
}

fn by_id(items: &[Value], id: Uuid) -> &Value {
    items
        .iter()
        .find(|p| p["id"] == id.to_string())
        .unwrap_or_else(|| panic!("{id} missing from {items:?}"))
}

#[tokio::test]
async fn ratings_are_stored_returned_and_replaced_like_every_other_field() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let base = people(&client);
    let id = Uuid::new_v4();
    let mum = json!({"id": id, "label": "Mum", "closeness": 1, "support": 8, "conflict": 3});

    let res = app.post(&base, Some(&client.access_token), &mum).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created = body(res).await;
    assert_eq!(
        (&created["support"], &created["conflict"]),
        (&json!(8), &json!(3))
    );
    let listed_mum = listed(&app, &client).await;
    let stored = by_id(&listed_mum, id);
    assert_eq!(
        (&stored["support"], &stored["conflict"]),
        (&json!(8), &json!(3))
    );

    // The phone's replay is the same person; other ratings under the same id are another.
    assert_eq!(
        app.post(&base, Some(&client.access_token), &mum)
            .await
            .status(),
        StatusCode::OK
    );
    let other = json!({"id": id, "label": "Mum", "closeness": 1, "support": 2, "conflict": 3});
    assert_problem(
        app.post(&base, Some(&client.access_token), &other).await,
        StatusCode::CONFLICT,
    )
    .await;

    // The ends of the scale are ratings too; the therapist rates in session.
    let res = app
        .put(
            &format!("{base}/{id}"),
            Some(&therapist.access_token),
            &json!({"label": "Mum", "closeness": 1, "support": 0, "conflict": 10}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let edited = body(res).await;
    assert_eq!(
        (&edited["support"], &edited["conflict"]),
        (&json!(0), &json!(10))
    );

    // A PUT replaces the person: ratings left out are cleared, as a left-out note is.
    let res = app
        .put(
            &format!("{base}/{id}"),
            Some(&client.access_token),
            &json!({"label": "Mum", "closeness": 1, "note": "calmer lately"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let cleared = body(res).await;
    assert_eq!(cleared["note"], "calmer lately");
    assert_eq!(
        (&cleared["support"], &cleared["conflict"]),
        (&Value::Null, &Value::Null)
    );
    let listed_again = listed(&app, &client).await;
    assert_eq!(by_id(&listed_again, id)["support"], Value::Null);
}

#[tokio::test]
async fn a_rating_outside_0_to_10_is_refused_by_field_and_changes_nothing() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let base = people(&client);
    let id = Uuid::new_v4();
    let res = app
        .post(
            &base,
            Some(&client.access_token),
            &json!({"id": id, "label": "Manager", "closeness": 3, "support": 4, "conflict": 6}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);

    for (field, value) in [
        ("support", 11),
        ("support", -1),
        ("conflict", 11),
        ("conflict", -1),
    ] {
        let mut person = json!({"label": "Friend", "closeness": 2});
        person[field] = json!(value);
        let problem = assert_problem(
            app.post(&base, Some(&client.access_token), &person).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(
            problem["errors"],
            json!({field: ["must be between 0 and 10"]}),
            "{field} = {value}"
        );

        let problem = assert_problem(
            app.put(
                &format!("{base}/{id}"),
                Some(&client.access_token),
                &json!({"label": "Manager", "closeness": 3, field: value}),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert!(problem["errors"][field].is_array(), "{problem}");
    }
    let problem = assert_problem(
        app.post(
            &base,
            Some(&client.access_token),
            &json!({"label": "Friend", "closeness": 2, "conflict": "high"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(problem["errors"]["conflict"].is_array(), "{problem}");

    // Nothing refused was written: one person, with the ratings first given.
    let items = listed(&app, &client).await;
    assert_eq!(items.len(), 1);
    assert_eq!(
        (&items[0]["support"], &items[0]["conflict"]),
        (&json!(4), &json!(6))
    );
}

#[tokio::test]
async fn a_person_without_ratings_reads_as_unrated_not_as_zero() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let base = people(&client);
    let res = app
        .post(
            &base,
            Some(&client.access_token),
            &json!({"label": "Neighbour", "closeness": 3, "support": null}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created = body(res).await;
    for field in ["support", "conflict"] {
        // Present and null: the phone can tell "not rated" from a field it does not know.
        assert_eq!(created.get(field), Some(&Value::Null), "{created}");
    }
    let items = listed(&app, &client).await;
    assert_eq!(items[0].get("conflict"), Some(&Value::Null));

    // The OpenAPI document states the scale, for the request and the response.
    let doc = body(app.get("/api/v1/openapi.json", None).await).await;
    for schema in ["RelationshipRequest", "RelationshipResponse"] {
        for field in ["support", "conflict"] {
            let property = &doc["components"]["schemas"][schema]["properties"][field];
            assert_eq!(
                (&property["minimum"], &property["maximum"]),
                (&json!(0), &json!(10)),
                "{schema}.{field}: {property}"
            );
        }
    }
}

#[tokio::test]
async fn ratings_reach_the_phone_through_the_sync_feed_and_the_client_through_the_export() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let base = format!("/api/v1/clients/{}", client.id);
    let rated = Uuid::new_v4();
    let unrated = Uuid::new_v4();
    for person in [
        json!({"id": rated, "label": "Partner", "closeness": 1, "support": 9, "conflict": 4}),
        json!({"id": unrated, "label": "Cousin", "closeness": 3}),
    ] {
        let res = app
            .post(
                &format!("{base}/relationships"),
                Some(&client.access_token),
                &person,
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }

    let res = app
        .get(
            &format!("{base}/changes?limit=200"),
            Some(&client.access_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let feed = body(res).await;
    let synced: Vec<&Value> = feed["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["type"] == "relationship")
        .map(|c| &c["data"])
        .collect();
    assert_eq!(synced.len(), 2, "{feed}");
    let synced: Vec<Value> = synced.into_iter().cloned().collect();
    let partner = by_id(&synced, rated);
    assert_eq!(
        (&partner["support"], &partner["conflict"]),
        (&json!(9), &json!(4))
    );
    let cousin = by_id(&synced, unrated);
    assert_eq!(cousin.get("support"), Some(&Value::Null));
    assert_eq!(cousin.get("conflict"), Some(&Value::Null));

    let res = app
        .get(&format!("{base}/export"), Some(&client.access_token))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let export = body(res).await;
    let exported = export["relationships"].as_array().expect("relationships");
    let partner = by_id(exported, rated);
    assert_eq!(
        (&partner["support"], &partner["conflict"]),
        (&json!(9), &json!(4))
    );
    assert_eq!(by_id(exported, unrated).get("support"), Some(&Value::Null));

    // A deleted person keeps label and closeness for old check-ins, but not the ratings.
    let res = app
        .delete(
            &format!("{base}/relationships/{rated}"),
            Some(&client.access_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let tombstone = relationship::Entity::find_by_id(RelationshipId::from(rated))
        .one(&app.db)
        .await
        .expect("read")
        .expect("the tombstone stays");
    assert!(tombstone.deleted_at.is_some());
    assert_eq!(tombstone.label, "Partner");
    assert_eq!((tombstone.support, tombstone.conflict), (None, None));
}

#[tokio::test]
async fn the_ratings_migration_rolls_back_and_leaves_existing_people_unrated() {
    let app = spawn_app().await;
    let therapist = app.therapist().await;
    let client = app.client_of(&therapist).await;
    let base = people(&client);
    let id = Uuid::new_v4();
    let res = app
        .post(
            &base,
            Some(&client.access_token),
            &json!({"id": id, "label": "Sister", "closeness": 2, "support": 7, "conflict": 1, "note": "we talk weekly"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);

    let migration = Migrator::migrations()
        .into_iter()
        .find(|m| m.name() == "m20261130_000015_inventory_ratings")
        .expect("migration 15 is registered");
    // One connection of its own, as `ipt-server migrate` has: on SQLite, a pooled connection
    // that has not run a statement since another one changed the schema still holds the old
    // one when it compiles an ALTER TABLE ("duplicate column name").
    let mut options = ConnectOptions::new(app.database_url.clone());
    options.max_connections(1).sqlx_logging(false);
    let own = Database::connect(options).await.expect("a connection");
    let manager = SchemaManager::new(&own);
    // Each direction in a transaction of its own, as the migrator runs it.
    let step = manager.begin().await.expect("a transaction");
    migration.down(&step).await.expect("down runs");
    step.commit().await.expect("down commits");
    for column in ["support", "conflict"] {
        assert!(
            !manager
                .has_column("relationships", column)
                .await
                .expect("schema read"),
            "{column} is gone"
        );
    }
    let step = manager.begin().await.expect("a transaction");
    migration.up(&step).await.expect("up runs again");
    step.commit().await.expect("up commits");
    own.close().await.expect("closed");

    // The person entered before the columns existed keeps everything else and is unrated.
    let items = listed(&app, &client).await;
    let sister = by_id(&items, id);
    assert_eq!(sister["note"], "we talk weekly");
    assert_eq!(
        (&sister["support"], &sister["conflict"]),
        (&Value::Null, &Value::Null)
    );
    let res = app
        .put(
            &format!("{base}/{id}"),
            Some(&client.access_token),
            &json!({"label": "Sister", "closeness": 2, "support": 5, "conflict": 2}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(body(res).await["support"], 5);

    // The database keeps the scale too, for a write that goes around the API.
    let around = relationship::Entity::update_many()
        .col_expr(relationship::Column::Conflict, Expr::value(11))
        .filter(relationship::Column::Id.eq(RelationshipId::from(id)))
        .exec(&app.db)
        .await;
    let refused = around.expect_err("11 is refused").to_string();
    assert!(refused.to_lowercase().contains("check"), "{refused}");
}
