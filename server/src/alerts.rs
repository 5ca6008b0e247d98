//! Safety alerts: PHQ-9 item 9 above 0 opens one for the client's therapist, who sees it first
//! and acknowledges it; who acknowledged and when are kept.

use crate::audit::{self, Action, Actor, Event};
use crate::auth::Principal;
use crate::clients::require_therapist;
use crate::error::{ApiError, Problem};
use crate::extract::Query;
use crate::pagination::{Page, PageParams};
use crate::state::AppState;
use actix_web::{get, post, web};
use chrono::{DateTime, Utc};
use entities::{AlertId, TherapistId, safety_alert};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum AlertFilter {
    /// Not yet acknowledged (the default).
    #[default]
    Open,
    Acknowledged,
    All,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AlertListParams {
    /// `open` (default), `acknowledged` or `all`.
    #[param(inline)]
    pub status: Option<AlertFilter>,
    /// Items per page, 1–200 (default 50).
    #[validate(range(min = 1, max = 200, message = "must be between 1 and 200"))]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    #[validate(length(max = 512, message = "is not a valid cursor"))]
    pub cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AlertResponse {
    pub id: Uuid,
    pub client_id: Uuid,
    pub checkin_id: Uuid,
    /// `phq9_item9`: the client reported thoughts of self-harm.
    pub kind: String,
    pub created_at: DateTime<Utc>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// The therapist who acknowledged it.
    pub acknowledged_by: Option<Uuid>,
}

impl From<&safety_alert::Model> for AlertResponse {
    fn from(row: &safety_alert::Model) -> Self {
        Self {
            id: row.id.uuid(),
            client_id: row.client_id.uuid(),
            checkin_id: row.checkin_id.uuid(),
            kind: row.kind.clone(),
            created_at: row.created_at,
            acknowledged_at: row.acknowledged_at,
            acknowledged_by: row.acknowledged_by.map(TherapistId::uuid),
        }
    }
}

/// Up to `limit + 1` alerts of `therapist`'s clients, newest first.
///
/// # Errors
/// Database errors.
pub async fn list_alerts<C: ConnectionTrait>(
    db: &C,
    therapist: TherapistId,
    filter: AlertFilter,
    after: Option<AlertId>,
    limit: u64,
) -> Result<Vec<safety_alert::Model>, ApiError> {
    let mut query =
        safety_alert::Entity::find().filter(safety_alert::Column::TherapistId.eq(therapist));
    query = match filter {
        AlertFilter::Open => query.filter(safety_alert::Column::AcknowledgedAt.is_null()),
        AlertFilter::Acknowledged => {
            query.filter(safety_alert::Column::AcknowledgedAt.is_not_null())
        }
        AlertFilter::All => query,
    };
    if let Some(after) = after {
        query = query.filter(safety_alert::Column::Id.lt(after));
    }
    Ok(query
        .order_by_desc(safety_alert::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?)
}

/// Acknowledges an alert of one of `therapist`'s clients; the first acknowledgement is kept.
///
/// # Errors
/// `NotFound` for another therapist's or an unknown alert; database errors.
pub async fn acknowledge(
    db: &DatabaseConnection,
    therapist: TherapistId,
    alert: AlertId,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<safety_alert::Model, ApiError> {
    let txn = db.begin().await?;
    let changed = safety_alert::Entity::update_many()
        .col_expr(safety_alert::Column::AcknowledgedAt, Expr::value(now))
        .col_expr(safety_alert::Column::AcknowledgedBy, Expr::value(therapist))
        .filter(safety_alert::Column::Id.eq(alert))
        .filter(safety_alert::Column::TherapistId.eq(therapist))
        .filter(safety_alert::Column::AcknowledgedAt.is_null())
        .exec(&txn)
        .await?;
    let row = safety_alert::Entity::find_by_id(alert)
        .filter(safety_alert::Column::TherapistId.eq(therapist))
        .one(&txn)
        .await?;
    let Some(row) = row else {
        drop(txn);
        let event = Event::of(Action::Denied, "safety_alert", Some(alert.uuid()), None).failed();
        audit::record(db, now, actor, event).await?;
        return Err(ApiError::NotFound);
    };
    if changed.rows_affected > 0 {
        let event = Event::of(
            Action::Update,
            "safety_alert",
            Some(alert.uuid()),
            Some(row.client_id),
        );
        audit::record(&txn, now, actor, event).await?;
    }
    txn.commit().await?;
    Ok(row)
}

/// Safety alerts of the signed-in therapist's clients, newest first.
#[utoipa::path(
    tag = "alerts",
    security(("bearer" = [])),
    params(AlertListParams),
    responses(
        (status = 200, description = "One page", body = Page<AlertResponse>),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only therapists read alerts", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/alerts")]
pub async fn get_alerts(
    state: web::Data<AppState>,
    principal: Principal,
    params: Query<AlertListParams>,
) -> Result<web::Json<Page<AlertResponse>>, ApiError> {
    let therapist = require_therapist(&state.db, principal, "safety_alert").await?;
    let params = params.0;
    let page = PageParams {
        limit: params.limit,
        cursor: params.cursor,
    };
    let after = page.after::<Uuid>()?.map(AlertId::from);
    let limit = page.limit();
    let rows = list_alerts(
        &state.db,
        therapist,
        params.status.unwrap_or_default(),
        after,
        limit,
    )
    .await?;
    // One read per client whose alerts are shown.
    let shown: std::collections::BTreeSet<_> = rows
        .iter()
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .map(|r| r.client_id)
        .collect();
    let reads = shown
        .into_iter()
        .map(|c| Event::of(Action::Read, "safety_alert", None, Some(c)));
    state
        .reads
        .record(state.clock.now(), principal, reads)
        .await?;
    Ok(web::Json(Page::from_rows(
        rows,
        limit,
        |r| r.id.uuid(),
        |r| AlertResponse::from(&r),
    )))
}

/// Acknowledges a safety alert (idempotent: the first acknowledgement is kept).
#[utoipa::path(
    tag = "alerts",
    security(("bearer" = [])),
    params(("alert_id" = Uuid, Path, description = "The alert")),
    responses(
        (status = 200, description = "Acknowledged", body = AlertResponse),
        (status = 403, description = "Only therapists acknowledge alerts", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such alert, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/alerts/{alert_id}/acknowledge")]
pub async fn acknowledge_alert(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<web::Json<AlertResponse>, ApiError> {
    let therapist = require_therapist(&state.db, principal, "safety_alert").await?;
    let row = acknowledge(
        &state.db,
        therapist,
        AlertId::from(path.into_inner()),
        state.clock.now(),
        principal.into(),
    )
    .await?;
    tracing::info!(alert_id = %row.id, client_id = %row.client_id, "safety alert acknowledged");
    Ok(web::Json(AlertResponse::from(&row)))
}
