//! The changes feed as the API shows it.

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
    /// A psychoeducation reading the client opened (`data`: `{key, opened_at}`); `id` is
    /// derived from the client and the reading's key.
    ReadingOpened,
    /// The client's formulation and goals with their ratings; `id` is the client's id. A new
    /// rating sends it again.
    Formulation,
    /// The client's relapse-prevention plan; `id` is the client's id.
    RelapsePlan,
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

pub(crate) fn change<T: Serialize>(
    record_type: RecordType,
    id: Uuid,
    seq: i64,
    data: Option<T>,
) -> Change {
    Change {
        record_type,
        id,
        seq,
        deleted: data.is_none(),
        data: data.and_then(|d| serde_json::to_value(d).ok()),
    }
}
