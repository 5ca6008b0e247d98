//! Keyset paging for every collection: `{items, next_cursor}`, `?limit=` (default 50, max 200)
//! and an opaque `?cursor=`. A cursor names the last row of a page, so rows inserted while a
//! client pages never shift later pages (no gaps, no repeats).

use crate::error::ApiError;
use crate::extract::parse_query;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

/// An opaque position as a query sends it: at most 512 characters, else "is not a valid cursor".
pub type Cursor = crate::wire::Text<0, 512, { crate::wire::NOT_A_CURSOR }>;

/// Items per call as a query asks: 1–200, else "must be between 1 and 200".
pub type Limit = crate::wire::Bounded<1, { MAX_LIMIT as i64 }>;

pub const DEFAULT_LIMIT: u64 = 50;
pub const MAX_LIMIT: u64 = 200;

/// `?limit=&cursor=`.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Items per page, 1–200 (default 50).
    #[validate(nested)]
    #[param(inline)]
    pub limit: Option<Limit>,
    /// `next_cursor` of the previous page.
    #[validate(nested)]
    #[param(inline)]
    pub cursor: Option<Cursor>,
}

impl PageParams {
    #[must_use]
    pub fn limit(&self) -> u64 {
        limit_or_default(self.limit)
    }

    /// The decoded position after which the page starts.
    ///
    /// # Errors
    /// A cursor that this server did not issue → 422.
    pub fn after<K: DeserializeOwned>(&self) -> Result<Option<K>, ApiError> {
        self.cursor.as_deref().map(decode).transpose()
    }
}

/// The items per call a query asks for, or the default; within bounds (the validator has
/// refused any other).
#[must_use]
pub fn limit_or_default(limit: Option<Limit>) -> u64 {
    limit
        .map_or(DEFAULT_LIMIT, |l| u64::try_from(l.get()).unwrap_or(1))
        .clamp(1, MAX_LIMIT)
}

/// The query of a list with filters of its own: the filters `F` and the paging parameters,
/// each read strictly by itself, so that the paging rules stay stated once, in [`PageParams`],
/// rather than again in every list's parameters. Its operation names both in `params(…)`.
#[derive(Debug)]
pub struct Listing<F> {
    pub filter: F,
    pub page: PageParams,
}

impl<F: DeserializeOwned + Validate + 'static> actix_web::FromRequest for Listing<F> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &actix_web::HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        std::future::ready(Self::parse(req.query_string()))
    }
}

impl<F: DeserializeOwned + Validate> Listing<F> {
    fn parse(raw: &str) -> Result<Self, ApiError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw)
            .map_err(|_| ApiError::field("query", "is not a valid query string"))?;
        let (paging, filters): (Vec<_>, Vec<_>) = pairs
            .into_iter()
            .partition(|(key, _)| key == "limit" || key == "cursor");
        let encode =
            |pairs: &[(String, String)]| serde_urlencoded::to_string(pairs).unwrap_or_default();
        // Both halves are read before either error is answered: a 422 lists every bad field.
        match (
            parse_query::<F>(&encode(&filters)),
            parse_query::<PageParams>(&encode(&paging)),
        ) {
            (Ok(filter), Ok(page)) => Ok(Self { filter, page }),
            (Err(ApiError::Validation(mut a)), Err(ApiError::Validation(b))) => {
                for (field, messages) in b {
                    a.entry(field).or_default().extend(messages);
                }
                Err(ApiError::Validation(a))
            }
            (Err(e), _) | (_, Err(e)) => Err(e),
        }
    }
}

/// Up to `limit + 1` rows of `query`, newest first by `(at, id)`, from after the cursor's
/// `(at, id)`: the keyset order of a timeline (check-ins, exercise logs, risk screens,
/// notifications), whose page [`Page::from_rows`] then makes.
///
/// # Errors
/// Database errors.
pub async fn newest_first<E, C, I>(
    db: &C,
    query: sea_orm::Select<E>,
    (at, id): (E::Column, E::Column),
    after: Option<(chrono::DateTime<chrono::Utc>, I)>,
    limit: u64,
) -> Result<Vec<E::Model>, sea_orm::DbErr>
where
    E: sea_orm::EntityTrait,
    C: sea_orm::ConnectionTrait,
    I: Into<sea_orm::Value>,
{
    use sea_orm::{ColumnTrait, Condition, QueryFilter, QueryOrder, QuerySelect};
    let query = match after {
        Some((last_at, last_id)) => query.filter(
            Condition::any()
                .add(at.lt(last_at))
                .add(Condition::all().add(at.eq(last_at)).add(id.lt(last_id))),
        ),
        None => query,
    };
    query
        .order_by_desc(at)
        .order_by_desc(id)
        .limit(limit + 1)
        .all(db)
        .await
}

/// One page of a collection.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `?cursor=` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Builds a page from up to `limit + 1` rows fetched in order: the extra row only tells that
    /// another page exists.
    pub fn from_rows<R, K: Serialize>(
        mut rows: Vec<R>,
        limit: u64,
        key: impl Fn(&R) -> K,
        item: impl FnMut(R) -> T,
    ) -> Self {
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        let next_cursor = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(|last| encode(&key(last)))
        } else {
            None
        };
        Self {
            items: rows.into_iter().map(item).collect(),
            next_cursor,
        }
    }
}

/// An opaque cursor for `key`.
pub fn encode<K: Serialize>(key: &K) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(key).unwrap_or_default())
}

/// The key inside a cursor this server issued.
///
/// # Errors
/// A forged or foreign cursor → 422 on `cursor`.
pub fn decode<K: DeserializeOwned>(cursor: &str) -> Result<K, ApiError> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(|| ApiError::field("cursor", "is not a valid cursor"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_page_gets_a_cursor_that_decodes_to_its_last_key() {
        let page = Page::from_rows(vec![1, 2, 3], 2, |r| *r, |r| r);
        assert_eq!(page.items, vec![1, 2]);
        let params = PageParams {
            limit: None,
            cursor: page.next_cursor.map(Cursor::from),
        };
        assert_eq!(params.after::<i32>().expect("decodes"), Some(2));
    }

    #[test]
    fn the_last_page_has_no_cursor() {
        let page = Page::from_rows(vec![1, 2], 2, |r| *r, |r| r);
        assert!(page.next_cursor.is_none());
    }

    #[test]
    fn a_forged_cursor_is_a_validation_error() {
        let params = PageParams {
            limit: None,
            cursor: Some(Cursor::from("!!".to_owned())),
        };
        assert!(matches!(
            params.after::<i32>(),
            Err(ApiError::Validation(_))
        ));
    }
}
