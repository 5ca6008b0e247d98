//! `/api/v1/exercises` and `/api/v1/clients/{client_id}/exercise-logs`.

use super::dto::{CreateExerciseLogRequest, ExerciseLogResponse, ExerciseResponse};
use super::model::NewExerciseLog;
use super::service;
use super::{EXERCISES, find};
use crate::audit::ObjectType;
use crate::auth::Principal;
use crate::clients::authorize_client;
use crate::error::{ApiError, Problem};
use crate::extract::{Query, RawJson};
use crate::pagination::{Page, PageParams};
use crate::safety::SafetyNet;
use crate::safety::crisis::CrisisResources;
use crate::state::AppState;
use crate::write::Written;
use actix_web::{HttpResponse, get, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use chrono::{DateTime, Utc};
use entities::exercise_log::SafetyCheck;
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
    )
)]
#[get("/exercises")]
pub async fn list_exercises(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<web::Json<Page<ExerciseResponse>>, ApiError> {
    let lang = crate::clients::request_language(&state.db, principal).await?;
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
    let lang = crate::clients::request_language(&state.db, principal).await?;
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
///
/// Exercises that ask the danger question (`safety_check` in the library: could speaking up put
/// the client in danger?) take its answer as `safety_check` and, optionally, the person of the
/// inventory it is about as `relationship_id`. `yes` opens a `relationship_danger` safety alert
/// for the therapist (naming the person to the therapist only); `yes` and `unsure` answer with
/// `crisis_resources`, the region's domestic-violence lines first. A refused log (409, 422) that
/// answered `yes` still opens its alert and carries the resources.
#[utoipa::path(
    tag = "exercises",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    request_body = CreateExerciseLogRequest,
    responses(
        (status = 201, description = "Stored", body = ExerciseLogResponse),
        (status = 200, description = "Stored before with the same id and body", body = ExerciseLogResponse),
        (status = 403, description = "Only the client logs its practice", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The id holds a different log (with `crisis_resources` when the danger question was answered `yes`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields or answers, a danger answer to an exercise without the question, or a person not of this client's inventory (with `crisis_resources` when the danger question was answered `yes`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/exercise-logs")]
pub async fn create_exercise_log(
    state: web::Data<AppState>,
    net: web::Data<SafetyNet>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: RawJson,
) -> Result<HttpResponse, ApiError> {
    let access = authorize_client(&state.db, principal, ClientId::from(path.into_inner())).await?;
    let client = access.client.id;
    let now = state.clock.now();
    let written = match write(&state, &net, principal, client, &body, now).await {
        Ok(written) => written,
        Err(refused @ (ApiError::Validation(_) | ApiError::Conflict(_))) => {
            return refused_with_danger(&state, &net, principal, client, &body, refused, now).await;
        }
        Err(e) => return Err(e),
    };
    let notice = match written_answer(&written) {
        // A "yes" always has its alert (opened now, or found by a replay).
        Some(SafetyCheck::Yes) => Some(
            written_alert(&written).map_or(crate::safety::crisis::Notice::NextOpen, |a| a.notice),
        ),
        Some(SafetyCheck::Unsure) => None,
        Some(SafetyCheck::No) | None => {
            return Ok(written.respond(|s| ExerciseLogResponse::from(&s.row)));
        }
    };
    let lang = crate::clients::request_language(&state.db, principal).await?;
    let resources = service::danger_crisis(&state.db, &net.crisis, client, notice, &lang).await?;
    Ok(written.respond(|s| ExerciseLogResponse {
        crisis_resources: Some(resources),
        ..ExerciseLogResponse::from(&s.row)
    }))
}

fn written_alert(
    written: &Written<super::model::StoredLog>,
) -> Option<crate::safety::model::OpenedAlert> {
    match written {
        Written::Created(s) | Written::Replayed(s) => s.alert,
    }
}

fn written_answer(written: &Written<super::model::StoredLog>) -> Option<SafetyCheck> {
    match written {
        Written::Created(s) | Written::Replayed(s) => s.row.safety_check,
    }
}

async fn write(
    state: &AppState,
    net: &SafetyNet,
    principal: Principal,
    client: ClientId,
    body: &RawJson,
    now: DateTime<Utc>,
) -> Result<Written<super::model::StoredLog>, ApiError> {
    let mut new = NewExerciseLog::try_from(body.parse::<CreateExerciseLogRequest>()?)?;
    new.practiced_at = crate::domain::happened(new.practiced_at, now)
        .map_err(|m| ApiError::field("practiced_at", m))?;
    Ok(service::create(&state.db, net.channels, client, now, new, principal.into()).await?)
}

/// A refused log: still an alert and crisis resources when it answered the danger question
/// `yes`.
async fn refused_with_danger(
    state: &AppState,
    net: &SafetyNet,
    principal: Principal,
    client: ClientId,
    body: &RawJson,
    refused: ApiError,
    now: DateTime<Utc>,
) -> Result<HttpResponse, ApiError> {
    let Some(signal) = service::refused_danger(&body.0) else {
        return Err(refused);
    };
    let Some(alert) = service::open_refused_danger_alert(
        &state.db,
        &state.gate,
        net.channels,
        client,
        &signal,
        now,
    )
    .await?
    else {
        return Err(refused);
    };
    let lang = crate::clients::request_language(&state.db, principal).await?;
    let crisis =
        service::danger_crisis(&state.db, &net.crisis, client, Some(alert.notice), &lang).await?;
    Ok(refused.with_extension(CrisisResources::PROBLEM_MEMBER, serde_json::json!(crisis)))
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
    )
)]
#[get("/clients/{client_id}/exercise-logs")]
pub async fn list_exercise_logs(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    page: Query<PageParams>,
) -> Result<web::Json<Page<ExerciseLogResponse>>, ApiError> {
    let access = state.read(principal, path.into_inner(), ObjectType::ExerciseLogs).await?;
    let after = page
        .0
        .after::<(DateTime<Utc>, Uuid)>()?
        .map(|(at, id)| (at, ExerciseLogId::from(id)));
    let limit = page.0.limit();
    let rows = service::list(&state.db, access.client.id, after, limit).await?;
    Ok(web::Json(Page::from_rows(
        rows,
        limit,
        |r| (r.practiced_at, r.id.uuid()),
        |r| ExerciseLogResponse::from(&r),
    )))
}

/// Registers this feature's operations, in the order they are matched.
pub(crate) fn api(cfg: &mut ServiceConfig) {
    cfg
        .service(list_exercises)
        .service(get_exercise)
        .service(create_exercise_log)
        .service(list_exercise_logs);
}

/// The tags this feature's operations introduce, with their descriptions.
pub(crate) const TAGS: &[(&str, &str)] = &[
    (
        "exercises",
        "The built-in IPT communication-skill exercises, and the client's log of practising \
         them.",
    ),
];
