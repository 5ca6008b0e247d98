//! Operations: liveness, readiness, metrics and the two OpenAPI documents.

use crate::db;
use crate::error::Problem;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};

/// The OpenAPI documents, rendered once at start (`crate::openapi`).
pub struct OpenApiJson {
    /// The v1 API's.
    pub api: String,
    /// The pages' and the operations endpoints'.
    pub pages: String,
}

/// Liveness
///
/// Answers 200 `ok` as long as the process serves requests; it does not touch the database.
/// For a container's liveness probe: a failure means the process should be restarted.
#[utoipa::path(tag = "operations", responses((status = 200, description = "Alive", body = String)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok")
}

/// Readiness
///
/// Answers 200 `ready` when the database answers, and 503 with `Retry-After` when it does not.
/// For a load balancer's readiness probe: a replica whose database is away takes no traffic
/// until it answers again.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, description = "Ready", body = String),
        (status = 503, description = "The database does not answer", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    if db::is_ready(&state.db).await {
        HttpResponse::Ok().content_type("text/plain").body("ready")
    } else {
        actix_web::ResponseError::error_response(&crate::error::ApiError::Unavailable(
            anyhow::anyhow!("readiness probe failed"),
        ))
    }
}

/// Prometheus metrics
///
/// The process's metrics in the Prometheus text format: HTTP requests and their durations,
/// push attempts and reminder dispatch lag, the outbox depth, and safety-alert notifications.
/// For whoever runs the server; it carries no personal data.
#[utoipa::path(tag = "operations", responses((status = 200, description = "Prometheus text exposition", body = String, content_type = "text/plain")))]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(state.metrics.render())
}

/// The API's OpenAPI document
///
/// This document: the OpenAPI 3.1 description of the v1 API that the phone app and the
/// dashboard's scripts use, for client generators and API explorers. It does not need a token.
/// The HTML pages and the operations endpoints are described apart, at `/openapi.pages.json`.
#[utoipa::path(
    tag = "operations",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json", body = Object))
)]
#[get("/openapi.json")]
pub async fn openapi(doc: web::Data<OpenApiJson>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(doc.api.clone())
}

/// The pages' OpenAPI document
///
/// This document: the OpenAPI 3.1 description of the therapist dashboard's HTML pages and of
/// the operations endpoints (liveness and readiness). The phone app's API is at
/// `/api/v1/openapi.json`.
#[utoipa::path(
    tag = "operations",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json", body = Object))
)]
#[get("/openapi.pages.json")]
pub async fn pages_openapi(doc: web::Data<OpenApiJson>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(doc.pages.clone())
}
