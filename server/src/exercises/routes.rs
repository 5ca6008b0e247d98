//! `/api/v1/exercises` and `/api/v1/clients/{client_id}/exercise-logs`.

use super::dto::{CreateExerciseLogRequest, ExerciseLogResponse, ExerciseResponse, NewExerciseLog};
use super::service;
use super::{EXERCISES, find};
use crate::audit::ObjectType;
use crate::auth::Principal;
use crate::clients::{authorize, authorize_client};
use crate::error::{ApiError, Problem};
use crate::extract::{Json, Query};
use crate::i18n;
use crate::pagination::{Page, PageParams};
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use entities::{ClientId, ExerciseLogId};
use uuid::Uuid;

/// List the built-in exercises
///
/// The built-in IPT communication-skill exercises (at least eight, covering the techniques of
/// IPT), each with its key, title, skill, instructions and the prompts a practice log answers.
/// Any signed-in account may read them. A text that speaks of the safety plan (grief work)
/// points a client to its plan only when it has a usable one, and otherwise says how to make
/// one with the therapist; a therapist reads a text that fits either. Paged with `cursor`.
#[utoipa::path(
    tag = "exercises",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every built-in exercise (one page)", body = Page<ExerciseResponse>),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/exercises")]
pub async fn list_exercises(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<web::Json<Page<ExerciseResponse>>, ApiError> {
    let lang = i18n::request::for_caller(&state.db, principal).await?;
    let plan = crate::safety_plan::service::mention(&state.db, principal).await?;
    Ok(web::Json(Page {
        items: EXERCISES
            .iter()
            .map(|e| ExerciseResponse::new(e, &lang, plan))
            .collect(),
        next_cursor: None,
    }))
}

/// Read one built-in exercise
///
/// One built-in exercise by its key (as `exercise_key` of a log names it), with its
/// instructions, prompts and the phases and problem areas it suits. An unknown key answers
/// 404.
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
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> Result<web::Json<ExerciseResponse>, ApiError> {
    let lang = i18n::request::for_caller(&state.db, principal).await?;
    let exercise = find(&path.into_inner()).ok_or(ApiError::NotFound)?;
    let plan = crate::safety_plan::service::mention(&state.db, principal).await?;
    Ok(web::Json(ExerciseResponse::new(exercise, &lang, plan)))
}

/// Log an exercise practice
///
/// The client logs that it practised a built-in exercise (`exercise_key`), when, how hard it
/// was and how it went, with answers to the exercise's prompts. Only the client writes its
/// logs. Idempotent by `id`: the phone may make the id offline and send it again; the same body
/// answers 200 with the stored log, another body under the same id 409.
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
    let mut new = NewExerciseLog::try_from(body.0)?;
    new.practiced_at = crate::domain::happened(new.practiced_at, state.clock.now())
        .map_err(|m| ApiError::field("practiced_at", m))?;
    let written = service::create_exercise_log(
        &state.db,
        access.client.id,
        state.clock.now(),
        new,
        principal.into(),
    )
    .await?;
    Ok(written.respond(|row| ExerciseLogResponse::from(&row)))
}

/// List the client's exercise logs
///
/// The client's exercise logs, newest practice first, paged with `cursor`. The client reads its
/// own, its therapist those of its clients (the read is recorded in the client's access log).
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
        .audit_read(&state.reads, state.clock.now(), ObjectType::ExerciseLogs)
        .await?;
    let after = page
        .0
        .after::<(DateTime<Utc>, Uuid)>()?
        .map(|(at, id)| (at, ExerciseLogId::from(id)));
    let limit = page.0.limit();
    let rows = service::list_exercise_logs(&state.db, access.client.id, after, limit).await?;
    Ok(web::Json(Page::from_rows(
        rows,
        limit,
        |r| (r.practiced_at, r.id.uuid()),
        |r| ExerciseLogResponse::from(&r),
    )))
}
