//! `/api/v1/clients/{client_id}/homework`.

use super::service::{self, HomeworkFields, HomeworkStatus};
use crate::auth::Principal;
use crate::clients::{authorize, authorize_client, authorize_therapist};
use crate::domain::{ProblemArea, Score0To10, to_utc_micros};
use crate::error::{ApiError, Problem};
use crate::exercises;
use crate::extract::{Json, Query};
use crate::pagination::{Page, PageParams};
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, put, web};
use chrono::{DateTime, FixedOffset, Utc};
use entities::{ClientId, HomeworkId, homework};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HomeworkRequest {
    #[validate(length(min = 1, max = 200, message = "must be 1 to 200 characters"))]
    pub title: String,
    #[validate(length(max = 4000, message = "must be at most 4000 characters"))]
    pub instructions: Option<String>,
    /// When it is due (RFC 3339 with offset).
    pub due_at: Option<DateTime<FixedOffset>>,
    pub problem_area: Option<ProblemArea>,
    /// A built-in exercise to practise for it.
    pub exercise_key: Option<String>,
}

impl HomeworkRequest {
    fn fields(self) -> Result<HomeworkFields, ApiError> {
        if let Some(key) = &self.exercise_key
            && exercises::find(key).is_none()
        {
            return Err(ApiError::field(
                "exercise_key",
                "is not a built-in exercise",
            ));
        }
        let title = self.title.trim().to_owned();
        if title.is_empty() {
            return Err(ApiError::field("title", "must not be blank"));
        }
        Ok(HomeworkFields {
            title,
            instructions: self.instructions,
            due_at: self.due_at.map(to_utc_micros),
            problem_area: self.problem_area.map(|p| p.as_str().to_owned()),
            exercise_key: self.exercise_key,
        })
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompletionRequest {
    pub completed_at: DateTime<FixedOffset>,
    #[validate(length(max = 4000, message = "must be at most 4000 characters"))]
    pub reflection: Option<String>,
    /// 0–10: how helpful it was.
    #[validate(range(min = 0, max = 10, message = "must be between 0 and 10"))]
    pub helpfulness: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HomeworkResponse {
    pub id: Uuid,
    pub title: String,
    pub instructions: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
    pub problem_area: Option<String>,
    pub exercise_key: Option<String>,
    pub status: HomeworkStatus,
    pub completed_at: Option<DateTime<Utc>>,
    /// Completed by the due time (`null` until completed, or without a due time).
    pub completed_on_time: Option<bool>,
    pub reflection: Option<String>,
    pub helpfulness: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&homework::Model> for HomeworkResponse {
    fn from(row: &homework::Model) -> Self {
        Self {
            id: row.id.uuid(),
            title: row.title.clone(),
            instructions: row.instructions.clone(),
            due_at: row.due_at,
            problem_area: row.problem_area.clone(),
            exercise_key: row.exercise_key.clone(),
            status: HomeworkStatus::of(row),
            completed_at: row.completed_at,
            completed_on_time: row
                .completed_at
                .zip(row.due_at)
                .map(|(done, due)| done <= due),
            reflection: row.reflection.clone(),
            helpfulness: row.helpfulness,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HomeworkListParams {
    /// Only homework in this status.
    pub status: Option<HomeworkStatus>,
    /// Items per page, 1–200 (default 50).
    #[validate(range(min = 1, max = 200, message = "must be between 1 and 200"))]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    #[validate(length(max = 512, message = "is not a valid cursor"))]
    pub cursor: Option<String>,
}

/// Assigns homework (the client's therapist).
#[utoipa::path(
    tag = "homework",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    request_body = HomeworkRequest,
    responses(
        (status = 201, description = "Assigned", body = HomeworkResponse),
        (status = 403, description = "Only the therapist assigns homework", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/homework")]
pub async fn assign_homework(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<HomeworkRequest>,
) -> Result<HttpResponse, ApiError> {
    let access =
        authorize_therapist(&state.db, principal, ClientId::from(path.into_inner())).await?;
    let fields = body.0.fields()?;
    let row = service::assign(
        &state.db,
        access.client.id,
        access.therapist_id(),
        state.clock.now(),
        fields,
        principal.into(),
    )
    .await?;
    state.replan(row.client_id).await;
    tracing::info!(client_id = %row.client_id, homework_id = %row.id, "homework assigned");
    Ok(HttpResponse::Created().json(HomeworkResponse::from(&row)))
}

/// The client's homework, newest first.
#[utoipa::path(
    tag = "homework",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), HomeworkListParams),
    responses(
        (status = 200, description = "One page", body = Page<HomeworkResponse>),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad filter or paging parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/homework")]
pub async fn list_homework(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    params: Query<HomeworkListParams>,
) -> Result<web::Json<Page<HomeworkResponse>>, ApiError> {
    let access = authorize(&state.db, principal, ClientId::from(path.into_inner())).await?;
    access
        .audit_read(&state.reads, state.clock.now(), "homework")
        .await?;
    let params = params.0;
    let page = PageParams {
        limit: params.limit,
        cursor: params.cursor,
    };
    let after = page.after::<Uuid>()?.map(HomeworkId::from);
    let limit = page.limit();
    let rows = service::list(&state.db, access.client.id, params.status, after, limit).await?;
    Ok(web::Json(Page::from_rows(
        rows,
        limit,
        |r| r.id.uuid(),
        |r| HomeworkResponse::from(&r),
    )))
}

/// Replaces what the therapist set on an assignment that is still open.
#[utoipa::path(
    tag = "homework",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), ("homework_id" = Uuid, Path, description = "The assignment")),
    request_body = HomeworkRequest,
    responses(
        (status = 200, description = "Updated", body = HomeworkResponse),
        (status = 403, description = "Only the therapist edits homework", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such homework, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already completed or cancelled", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/clients/{client_id}/homework/{homework_id}")]
pub async fn update_homework(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(Uuid, Uuid)>,
    body: Json<HomeworkRequest>,
) -> Result<web::Json<HomeworkResponse>, ApiError> {
    let (client_id, homework_id) = path.into_inner();
    let access = authorize_therapist(&state.db, principal, ClientId::from(client_id)).await?;
    let fields = body.0.fields()?;
    let row = service::update(
        &state.db,
        access.client.id,
        HomeworkId::from(homework_id),
        state.clock.now(),
        fields,
        principal.into(),
    )
    .await?;
    state.replan(row.client_id).await;
    Ok(web::Json(HomeworkResponse::from(&row)))
}

/// Cancels an assignment (the therapist).
#[utoipa::path(
    tag = "homework",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), ("homework_id" = Uuid, Path, description = "The assignment")),
    responses(
        (status = 200, description = "Cancelled", body = HomeworkResponse),
        (status = 403, description = "Only the therapist cancels homework", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such homework, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already completed", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/homework/{homework_id}/cancel")]
pub async fn cancel_homework(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<web::Json<HomeworkResponse>, ApiError> {
    let (client_id, homework_id) = path.into_inner();
    let access = authorize_therapist(&state.db, principal, ClientId::from(client_id)).await?;
    let row = service::cancel(
        &state.db,
        access.client.id,
        HomeworkId::from(homework_id),
        state.clock.now(),
        principal.into(),
    )
    .await?;
    state.replan(row.client_id).await;
    Ok(web::Json(HomeworkResponse::from(&row)))
}

/// The client marks homework done (once; a repeat answers the stored completion).
#[utoipa::path(
    tag = "homework",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), ("homework_id" = Uuid, Path, description = "The assignment")),
    request_body = CompletionRequest,
    responses(
        (status = 200, description = "Completed", body = HomeworkResponse),
        (status = 403, description = "Only the client completes its homework", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such homework, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Cancelled", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/homework/{homework_id}/completion")]
pub async fn complete_homework(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(Uuid, Uuid)>,
    body: Json<CompletionRequest>,
) -> Result<web::Json<HomeworkResponse>, ApiError> {
    let (client_id, homework_id) = path.into_inner();
    let access = authorize_client(&state.db, principal, ClientId::from(client_id)).await?;
    let body = body.0;
    let helpfulness = body
        .helpfulness
        .map(Score0To10::parse)
        .transpose()
        .map_err(|m| ApiError::field("helpfulness", m))?
        .map(|s| i32::from(s.get()));
    let row = service::complete(
        &state.db,
        access.client.id,
        HomeworkId::from(homework_id),
        state.clock.now(),
        service::Completion {
            completed_at: to_utc_micros(body.completed_at),
            reflection: body.reflection,
            helpfulness,
        },
        principal.into(),
    )
    .await?;
    state.replan(row.client_id).await;
    Ok(web::Json(HomeworkResponse::from(&row)))
}
