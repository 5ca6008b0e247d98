//! Operations: liveness, readiness, metrics and the OpenAPI document.

use crate::db;
use crate::error::Problem;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};

/// The OpenAPI document, rendered once at start.
pub struct OpenApiJson(pub String);

/// Liveness: the process answers.
#[utoipa::path(tag = "operations", responses((status = 200, description = "Alive", body = String)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok")
}

/// Readiness: the database answers.
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

/// Prometheus metrics in text format.
#[utoipa::path(tag = "operations", responses((status = 200, description = "Prometheus text exposition", body = String, content_type = "text/plain")))]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(state.metrics.render())
}

/// This OpenAPI 3 document.
#[utoipa::path(tag = "operations", responses((status = 200, description = "The OpenAPI document", body = Object)))]
#[get("/openapi.json")]
pub async fn openapi(doc: web::Data<OpenApiJson>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(doc.0.clone())
}
