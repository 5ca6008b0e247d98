//! `/api/v1/exercises` and `/api/v1/clients/{client_id}/exercise-logs`.

use super::logs::{self, NewExerciseLog, check_responses, responses_of};
use super::{EXERCISES, Exercise, find};
use crate::auth::Principal;
use crate::checkins::Written;
use crate::clients::{authorize, authorize_client};
use crate::domain::{Score0To10, to_utc_micros};
use crate::error::{ApiError, Problem};
use crate::extract::{Json, Query};
use crate::pagination::{Page, PageParams};
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, FixedOffset, Utc};
use entities::{ClientId, ExerciseLogId, exercise_log};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

#[derive(Debug, Serialize, ToSchema)]
pub struct PromptResponse {
    pub key: &'static str,
    pub label: &'static str,
    pub max_chars: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExerciseResponse {
    pub key: &'static str,
    pub title: &'static str,
    pub skill: &'static str,
    pub instructions: &'static str,
    /// Problem areas it fits best; empty for all.
    pub problem_areas: &'static [&'static str],
    /// What a log's `responses` may answer, by key.
    pub prompts: Vec<PromptResponse>,
}

impl From<&Exercise> for ExerciseResponse {
    fn from(e: &Exercise) -> Self {
        Self {
            key: e.key,
            title: e.title,
            skill: e.skill,
            instructions: e.instructions,
            problem_areas: e.problem_areas,
            prompts: e
                .prompts
                .iter()
                .map(|p| PromptResponse {
                    key: p.key,
                    label: p.label,
                    max_chars: p.max_chars,
                })
                .collect(),
        }
    }
}

/// The built-in IPT communication-skill exercises.
#[utoipa::path(
    tag = "exercises",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every built-in exercise (one page)", body = Page<ExerciseResponse>),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/exercises")]
pub async fn list_exercises(_principal: Principal) -> web::Json<Page<ExerciseResponse>> {
    web::Json(Page {
        items: EXERCISES.iter().map(ExerciseResponse::from).collect(),
        next_cursor: None,
    })
}

/// One built-in exercise.
#[utoipa::path(
    tag = "exercises",
    security(("bearer" = [])),
    params(("key" = String, Path, description = "The exercise's key")),
    responses(
        (status = 200, description = "The exercise", body = ExerciseResponse),
        (status = 404, description = "No such exercise", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/exercises/{key}")]
pub async fn get_exercise(
    _principal: Principal,
    path: web::Path<String>,
) -> Result<web::Json<ExerciseResponse>, ApiError> {
    let exercise = find(&path.into_inner()).ok_or(ApiError::NotFound)?;
    Ok(web::Json(ExerciseResponse::from(exercise)))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateExerciseLogRequest {
    /// Made by the phone for offline writes; replays are answered, never duplicated.
    pub id: Option<Uuid>,
    pub exercise_key: String,
    pub practiced_at: DateTime<FixedOffset>,
    /// 0–10: how hard it was.
    #[validate(range(min = 0, max = 10, message = "must be between 0 and 10"))]
    pub difficulty: Option<i64>,
    /// 0–10: how well it went.
    #[validate(range(min = 0, max = 10, message = "must be between 0 and 10"))]
    pub outcome: Option<i64>,
    #[validate(length(max = 2000, message = "must be at most 2000 characters"))]
    pub note: Option<String>,
    /// Answers to the exercise's prompts, by prompt key.
    pub responses: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExerciseLogResponse {
    pub id: Uuid,
    pub exercise_key: String,
    pub practiced_at: DateTime<Utc>,
    pub difficulty: Option<i32>,
    pub outcome: Option<i32>,
    pub note: Option<String>,
    pub responses: Option<BTreeMap<String, String>>,
}

impl From<&exercise_log::Model> for ExerciseLogResponse {
    fn from(row: &exercise_log::Model) -> Self {
        Self {
            id: row.id.uuid(),
            exercise_key: row.exercise_key.clone(),
            practiced_at: row.practiced_at,
            difficulty: row.difficulty,
            outcome: row.outcome,
            note: row.note.clone(),
            responses: responses_of(row),
        }
    }
}

fn parse(body: CreateExerciseLogRequest) -> Result<NewExerciseLog, ApiError> {
    let exercise = find(&body.exercise_key)
        .ok_or_else(|| ApiError::field("exercise_key", "is not a built-in exercise"))?;
    if let Some(responses) = &body.responses {
        check_responses(exercise, responses)?;
    }
    let score = |path: &'static str, raw: Option<i64>| {
        raw.map(Score0To10::parse)
            .transpose()
            .map_err(|m| ApiError::field(path, m))
    };
    Ok(NewExerciseLog {
        id: body.id.map_or_else(ExerciseLogId::new, ExerciseLogId::from),
        exercise,
        practiced_at: to_utc_micros(body.practiced_at),
        difficulty: score("difficulty", body.difficulty)?,
        outcome: score("outcome", body.outcome)?,
        note: body.note,
        responses: body.responses,
    })
}

/// Logs a practice of an exercise (the client itself). Idempotent by `id`.
#[utoipa::path(
    tag = "exercises",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    request_body = CreateExerciseLogRequest,
    responses(
        (status = 201, description = "Stored", body = ExerciseLogResponse),
        (status = 200, description = "Stored before with the same id and body", body = ExerciseLogResponse),
        (status = 403, description = "Only the client logs its practice", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The id holds a different log", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields or answers", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/exercise-logs")]
pub async fn create_exercise_log(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<CreateExerciseLogRequest>,
) -> Result<HttpResponse, ApiError> {
    let access = authorize_client(&state.db, principal, ClientId::from(path.into_inner())).await?;
    let new = parse(body.0)?;
    Ok(
        match logs::create_exercise_log(
            &state.db,
            access.client.id,
            state.clock.now(),
            new,
            principal.into(),
        )
        .await?
        {
            Written::Created(row) => HttpResponse::Created().json(ExerciseLogResponse::from(&row)),
            Written::Replayed(row) => HttpResponse::Ok().json(ExerciseLogResponse::from(&row)),
        },
    )
}

/// The client's exercise logs, newest practice first.
#[utoipa::path(
    tag = "exercises",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), PageParams),
    responses(
        (status = 200, description = "One page", body = Page<ExerciseLogResponse>),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/exercise-logs")]
pub async fn list_exercise_logs(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    page: Query<PageParams>,
) -> Result<web::Json<Page<ExerciseLogResponse>>, ApiError> {
    let access = authorize(&state.db, principal, ClientId::from(path.into_inner())).await?;
    access
        .audit_read(&state.reads, state.clock.now(), "exercise_logs")
        .await?;
    let after = page
        .0
        .after::<(DateTime<Utc>, Uuid)>()?
        .map(|(at, id)| (at, ExerciseLogId::from(id)));
    let limit = page.0.limit();
    let rows = logs::list_exercise_logs(&state.db, access.client.id, after, limit).await?;
    Ok(web::Json(Page::from_rows(
        rows,
        limit,
        |r| (r.practiced_at, r.id.uuid()),
        |r| ExerciseLogResponse::from(&r),
    )))
}
