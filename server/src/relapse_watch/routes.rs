//! `GET/POST /api/v1/clients/{client_id}/relapse-reviews`.

use super::dto::{
    RelapseEpisodeResponse, RelapseReviewRequest, RelapseReviewResponse, RelapseWatchResponse,
};
use super::service::{self, NewReview};
use crate::audit::ObjectType;
use crate::auth::Principal;
use crate::clients::authorize_therapist;
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use entities::ClientId;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

/// Record a relapse review
///
/// After an acute course ends, the dashboard names a possible relapse (a PHQ-9 of 10 or more,
/// or 5 above the end-of-treatment score) and a likely one (two PHQ-9 of 10 or more at least 14
/// days apart), which stays until the therapist records what they decided here. A review ends
/// the open episode (`episode_id` names it); a later likely relapse starts a new one, counted
/// from the totals after this review. Only the therapist records one.
#[utoipa::path(
    tag = "treatment",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    request_body = RelapseReviewRequest,
    responses(
        (status = 201, description = "Recorded", body = RelapseReviewResponse),
        (status = 403, description = "Only the therapist records a review", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/relapse-reviews")]
pub async fn create_relapse_review(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<RelapseReviewRequest>,
) -> Result<HttpResponse, ApiError> {
    let access =
        authorize_therapist(&state.db, principal, ClientId::from(path.into_inner())).await?;
    let therapist = principal.therapist()?;
    let note = body
        .0
        .note
        .map(String::from)
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty());
    let new = NewReview {
        action: body.0.action.into(),
        note,
    };
    let row = service::review(
        &state.db,
        access.client.id,
        therapist,
        new,
        state.clock.now(),
        principal.into(),
    )
    .await?;
    Ok(HttpResponse::Created().json(RelapseReviewResponse::from(row)))
}

/// The client's relapse watch
///
/// Every likely-relapse episode (open while `review_id` is `null`) and every relapse review of
/// the client, oldest first. Only the therapist reads it.
#[utoipa::path(
    tag = "treatment",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    responses(
        (status = 200, description = "Episodes and reviews", body = RelapseWatchResponse),
        (status = 403, description = "Only the therapist reads it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/relapse-reviews")]
pub async fn list_relapse_reviews(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<web::Json<RelapseWatchResponse>, ApiError> {
    let access =
        authorize_therapist(&state.db, principal, ClientId::from(path.into_inner())).await?;
    access
        .audit_read(&state.reads, state.clock.now(), ObjectType::RelapseReviews)
        .await?;
    let (episodes, reviews) = service::watch_of(&state.db, access.client.id).await?;
    Ok(web::Json(RelapseWatchResponse {
        episodes: episodes
            .into_iter()
            .map(RelapseEpisodeResponse::from)
            .collect(),
        reviews: reviews.into_iter().map(RelapseReviewResponse::from).collect(),
    }))
}

/// Registers this feature's operations, in the order they are matched.
pub(crate) fn api(cfg: &mut ServiceConfig) {
    cfg.service(create_relapse_review)
        .service(list_relapse_reviews);
}

/// No tag of its own: its operations carry `treatment` (described by `sessions`).
pub(crate) const TAGS: &[(&str, &str)] = &[];
