//! The changes feed's request and answer; the changes themselves are the registry's
//! (`records::feed`).

use crate::pagination::{Cursor, Limit};
use crate::records::feed::Change;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

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
    /// `next_cursor` of the previous sync; absent or `0` for a first, full sync.
    #[validate(nested)]
    #[param(inline)]
    pub since: Option<Cursor>,
    /// Changes per call, 1–200 (default 50).
    #[validate(nested)]
    #[param(inline)]
    pub limit: Option<Limit>,
}
