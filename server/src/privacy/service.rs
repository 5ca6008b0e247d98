//! Collecting everything of a client, and erasing it.

use crate::aggregate::load_client;
use crate::at_rest::{AtRest, Erased};
use crate::audit::{self, Action, Actor, Event, ObjectType};
use crate::client_record::ExportContext;
use crate::records::Export;
use crate::write::RecordError;
use chrono::{DateTime, Utc};
use entities::{ClientId, client};
use sea_orm::{DatabaseConnection, EntityTrait};

/// Everything of `client`, the export itself recorded in the audit trail.
///
/// # Errors
/// Database errors.
pub async fn export_client(
    db: &DatabaseConnection,
    client: &client::Model,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<Export, RecordError> {
    let id = client.id;
    let txn = crate::db::begin_write(db).await?;
    audit::record(
        &txn,
        now,
        actor,
        Event::of_client(Action::Export, ObjectType::Client, id),
    )
    .await?;
    let loaded = load_client(&txn, client.clone()).await?;
    let ctx = ExportContext {
        client: loaded,
        now,
    };
    let export = crate::records::export(&txn, &ctx).await?;
    txn.commit().await?;
    Ok(export)
}

/// Erases `client`: every clinical record, device, reminder, invite and sign-in goes (the
/// database cascades from the client row), and then their bytes in the database files
/// (`at_rest`). The audit trail stays; it never held content. An
/// open safety alert stays as a minimal record until it is acknowledged: a signal that reached
/// the server still reaches a person.
///
/// # Errors
/// Database errors.
pub async fn erase_client(
    db: &DatabaseConnection,
    at_rest: &AtRest,
    client: ClientId,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<(), RecordError> {
    let txn = crate::db::begin_write(db).await?;
    audit::record(
        &txn,
        now,
        actor,
        Event::of_client(Action::Erase, ObjectType::Client, client),
    )
    .await?;
    crate::safety::service::keep_open_alerts_through_erasure(&txn, client, now).await?;
    client::Entity::delete_by_id(client).exec(&txn).await?;
    txn.commit().await?;
    tracing::info!(client_id = %client, "client erased");
    // The rows are gone; their bytes are not yet (free pages, the WAL, dead tuples). After the
    // commit and in the background, so that the answer neither waits for nor fails with it.
    at_rest.erased(Erased::Client(client));
    Ok(())
}
