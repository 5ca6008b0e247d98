//! `GET /api/v1/clients/{client_id}/changes?since=`: everything of a client written after a
//! cursor, in the order it was written, with deletions as tombstones. Replaying from any cursor
//! any number of times converges on the server's state, because each change carries the whole
//! record and later changes of a record come after earlier ones.

use crate::auth::Principal;
use crate::checkins::dto::CheckinResponse;
use crate::clients::authorize;
use crate::error::{ApiError, Problem};
use crate::exercises::routes::ExerciseLogResponse;
use crate::extract::Query;
use crate::homework::routes::HomeworkResponse;
use crate::pagination::{self, DEFAULT_LIMIT};
use crate::relationships::routes::RelationshipResponse;
use crate::reminders::settings::ReminderSettings;
use crate::safety_plan::{self, SafetyPlanResponse};
use crate::state::AppState;
use actix_web::{get, web};
use entities::{ClientId, checkin, exercise_log, homework, relationship, reminder_settings};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecordType {
    Checkin,
    ExerciseLog,
    Homework,
    Relationship,
    /// The client's reminder settings; `id` is the client's id.
    ReminderSettings,
    /// The client's safety plan; `id` is the client's id.
    SafetyPlan,
}

/// One record as it is now, or its tombstone.
#[derive(Debug, Serialize, ToSchema)]
pub struct Change {
    #[serde(rename = "type")]
    pub record_type: RecordType,
    pub id: Uuid,
    /// Position in the client's change order.
    pub seq: i64,
    /// The record was deleted; `data` is null.
    pub deleted: bool,
    /// The record, shaped as its own endpoint returns it.
    #[schema(value_type = Option<Object>)]
    pub data: Option<serde_json::Value>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChangesResponse {
    pub changes: Vec<Change>,
    /// Pass as `since` next time (also when there were no changes).
    pub next_cursor: String,
    /// More changes wait: call again at once with `next_cursor`.
    pub has_more: bool,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ChangesParams {
    /// `next_cursor` of the previous sync; absent for a first, full sync.
    #[validate(length(max = 512, message = "is not a valid cursor"))]
    pub since: Option<String>,
    /// Changes per call, 1–200 (default 50).
    #[validate(range(min = 1, max = 200, message = "must be between 1 and 200"))]
    pub limit: Option<u64>,
}

fn change<T: Serialize>(record_type: RecordType, id: Uuid, seq: i64, data: Option<T>) -> Change {
    Change {
        record_type,
        id,
        seq,
        deleted: data.is_none(),
        data: data.and_then(|d| serde_json::to_value(d).ok()),
    }
}

/// The first `limit` changes of `client` after `since`, and whether more follow.
///
/// # Errors
/// Database errors.
pub async fn changes_since<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    since: i64,
    limit: u64,
) -> Result<(Vec<Change>, bool), ApiError> {
    // Each table gives its first limit + 1 changes; merged, the first `limit` of them are the
    // client's first `limit` changes overall, because one counter numbers them all.
    let take = limit + 1;
    let mut all = Vec::new();
    for row in checkin::Entity::find()
        .filter(checkin::Column::ClientId.eq(client))
        .filter(checkin::Column::ChangeSeq.gt(since))
        .order_by_asc(checkin::Column::ChangeSeq)
        .limit(take)
        .all(db)
        .await?
    {
        all.push(change(
            RecordType::Checkin,
            row.id.uuid(),
            row.change_seq,
            Some(CheckinResponse::new(&row, None)),
        ));
    }
    for row in exercise_log::Entity::find()
        .filter(exercise_log::Column::ClientId.eq(client))
        .filter(exercise_log::Column::ChangeSeq.gt(since))
        .order_by_asc(exercise_log::Column::ChangeSeq)
        .limit(take)
        .all(db)
        .await?
    {
        all.push(change(
            RecordType::ExerciseLog,
            row.id.uuid(),
            row.change_seq,
            Some(ExerciseLogResponse::from(&row)),
        ));
    }
    for row in homework::Entity::find()
        .filter(homework::Column::ClientId.eq(client))
        .filter(homework::Column::ChangeSeq.gt(since))
        .order_by_asc(homework::Column::ChangeSeq)
        .limit(take)
        .all(db)
        .await?
    {
        all.push(change(
            RecordType::Homework,
            row.id.uuid(),
            row.change_seq,
            Some(HomeworkResponse::from(&row)),
        ));
    }
    for row in relationship::Entity::find()
        .filter(relationship::Column::ClientId.eq(client))
        .filter(relationship::Column::ChangeSeq.gt(since))
        .order_by_asc(relationship::Column::ChangeSeq)
        .limit(take)
        .all(db)
        .await?
    {
        let data = row
            .deleted_at
            .is_none()
            .then(|| RelationshipResponse::from(&row));
        all.push(change(
            RecordType::Relationship,
            row.id.uuid(),
            row.change_seq,
            data,
        ));
    }
    if let Some(row) = reminder_settings::Entity::find_by_id(client)
        .filter(reminder_settings::Column::ChangeSeq.gt(since))
        .one(db)
        .await?
    {
        let body = ReminderSettings::from_row(&row).body();
        all.push(change(
            RecordType::ReminderSettings,
            row.client_id.uuid(),
            row.change_seq,
            Some(body),
        ));
    }
    if let Some(plan) = safety_plan::changed_since(db, client, since).await? {
        all.push(change(
            RecordType::SafetyPlan,
            plan.client.uuid(),
            plan.change_seq,
            Some(SafetyPlanResponse::from(&plan)),
        ));
    }
    all.sort_by_key(|c| c.seq);
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let has_more = all.len() > limit;
    all.truncate(limit);
    Ok((all, has_more))
}

/// Everything of the client changed since a cursor: check-ins, exercise logs, homework, the
/// interpersonal inventory, reminder settings and the safety plan, with deletions as tombstones.
#[utoipa::path(
    tag = "sync",
    security(("bearer" = [])),
    params(("client_id" = Uuid, Path, description = "The client"), ChangesParams),
    responses(
        (status = 200, description = "Changes in write order", body = ChangesResponse),
        (status = 404, description = "No such client, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A cursor this server did not issue", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/changes")]
pub async fn get_changes(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    params: Query<ChangesParams>,
) -> Result<web::Json<ChangesResponse>, ApiError> {
    let access = authorize(&state.db, principal, ClientId::from(path.into_inner())).await?;
    access
        .audit_read(&state.reads, state.clock.now(), "changes")
        .await?;
    let since = match params.0.since.as_deref() {
        Some(cursor) => pagination::decode::<i64>(cursor)
            .map_err(|_| ApiError::field("since", "is not a valid cursor"))?,
        None => 0,
    };
    let limit = params.0.limit.unwrap_or(DEFAULT_LIMIT);
    let (changes, has_more) = changes_since(&state.db, access.client.id, since, limit).await?;
    let last = changes.last().map_or(since, |c| c.seq);
    Ok(web::Json(ChangesResponse {
        changes,
        next_cursor: pagination::encode(&last),
        has_more,
    }))
}
