//! The two endpoints every versioned document shares: read the current version, write the
//! next. Each document's own `routes.rs` keeps its paths and its OpenAPI text and hands the
//! request to [`read`] or [`write`]; what differs between the documents (who writes, how a body
//! is checked, what the answer carries) is its [`Endpoint`] implementation, not a copy of the
//! handler.

use super::service as documents;
use super::{Document, Version};
use crate::clients::{ClientAccess, authorize, authorize_therapist};
use crate::conditional;
use crate::error::ApiError;
use crate::identity::Principal;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse};
use entities::ClientId;
use serde::Serialize;
use uuid::Uuid;

/// What a document's endpoints add to its storage ([`Document`]).
pub(crate) trait Endpoint: Document {
    /// The body of a write.
    type Body;
    /// The answer's body, to a read and to a write.
    type Response: Serialize;
    /// Whether the client writes it too; otherwise only its therapist (403 for the client).
    const CLIENT_WRITES: bool;
    /// The app data the answer needs beyond `AppState` (`()` for none), which its handlers
    /// extract and pass on.
    type Context;

    /// The body as contents to store: 422 with every field that breaks a rule (or another
    /// refusal of the document's own).
    fn parse(body: Self::Body) -> Result<Self, ApiError>;

    /// The answer for `version`; `read` is true for a `GET` (a write answers what it stored).
    async fn respond(
        state: &AppState,
        context: &Self::Context,
        access: &ClientAccess,
        version: &Version<Self>,
        read: bool,
    ) -> Result<Self::Response, ApiError>;
}

/// `GET`: the current version with its `ETag`; 404 before the first write. A read by the
/// therapist is in the audit trail.
///
/// # Errors
/// 404 for no document, no such client or another's; database errors.
pub(crate) async fn read<D: Endpoint>(
    state: &AppState,
    context: &D::Context,
    principal: Principal,
    client: Uuid,
) -> Result<HttpResponse, ApiError> {
    let access = state.read(principal, client, D::OBJECT).await?;
    let version = documents::load::<D, _>(&state.db, access.client.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let body = D::respond(state, context, &access, &version, true).await?;
    Ok(conditional::tagged(
        HttpResponse::Ok(),
        version.version,
        &body,
    ))
}

/// `PUT`: stores the next version (201 for the first, 200 after) if the request's `If-Match`
/// holds, and answers it with its `ETag`.
///
/// # Errors
/// 403 for a client where only the therapist writes; 404; 412 for a stale `If-Match`; 428
/// where the document needs one; 422 for a body that breaks a rule; database errors.
pub(crate) async fn write<D: Endpoint>(
    state: &AppState,
    context: &D::Context,
    principal: Principal,
    client: Uuid,
    request: &HttpRequest,
    body: D::Body,
) -> Result<HttpResponse, ApiError> {
    let client = ClientId::from(client);
    let access = if D::CLIENT_WRITES {
        authorize(&state.db, principal, client).await?
    } else {
        authorize_therapist(&state.db, principal, client).await?
    };
    let contents = D::parse(body)?;
    let expected = conditional::expected(request);
    let (saved, first) = documents::save(
        &state.db,
        access.client.id,
        state.clock.now(),
        contents,
        expected.as_ref(),
        principal,
    )
    .await?;
    let body = D::respond(state, context, &access, &saved, false).await?;
    Ok(conditional::written(saved.version, first, &body))
}
