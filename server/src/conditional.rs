//! Conditional requests: `ETag` and `If-Match` headers (RFC 9110 §8.8.3, §13.1.1) of every
//! record a client may edit (each service says what its tag is made from; all of them are
//! strong tags holding a non-negative integer), and the [`Precondition`] a write checks. In the
//! foundation layer: the write path checks preconditions, the handlers read and answer them.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder};
use serde::Serialize;

/// What a write expects of the record it changes: the request's `If-Match` (RFC 9110
/// §13.1.1), read by [`expected`]. Every entity tag this server makes is a strong
/// tag holding a non-negative integer (`"17"`): a version, a change number or a hash, as each
/// resource documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Precondition {
    /// Any current representation (`*`).
    Any,
    /// One of these tags (empty: none can match).
    Tags(Vec<i64>),
}

impl Precondition {
    /// Whether a record whose current tag is `current` (no record: `None`) meets it. Without a
    /// record nothing does, not even `*` (RFC 9110 §13.1.1): a writer that expects one must not
    /// create one.
    #[must_use]
    pub fn holds(&self, current: Option<i64>) -> bool {
        match (self, current) {
            (_, None) => false,
            (Self::Any, Some(_)) => true,
            (Self::Tags(tags), Some(current)) => tags.contains(&current),
        }
    }
}

/// The strong entity tag of a version (or other tag value): `"3"`.
#[must_use]
pub fn etag(tag: impl Into<i64>) -> String {
    format!("\"{}\"", tag.into())
}

/// Reads the values of the `If-Match` header lines. `*` matches any current version; otherwise
/// only strong tags this server made (`"3"`) can match: a weak tag (`W/"3"`) never does, since
/// `If-Match` compares strongly, and neither does anything malformed — a precondition that
/// cannot be read is not met.
#[must_use]
pub fn precondition<'a>(values: impl IntoIterator<Item = Option<&'a str>>) -> Precondition {
    let mut tags = Vec::new();
    for value in values {
        let Some(value) = value else {
            // Not visible ASCII: nothing in it can be one of our tags.
            continue;
        };
        for tag in value.split(',').map(str::trim) {
            if tag == "*" {
                return Precondition::Any;
            }
            if let Some(value) = tag
                .strip_prefix('"')
                .and_then(|t| t.strip_suffix('"'))
                .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|t| t.parse::<i64>().ok())
            {
                tags.push(value);
            }
        }
    }
    Precondition::Tags(tags)
}

/// The request's `If-Match`, if it sent one (without it, a write goes through as in v1).
#[must_use]
pub fn expected(request: &HttpRequest) -> Option<Precondition> {
    let headers = request.headers();
    headers
        .contains_key(header::IF_MATCH)
        .then(|| precondition(headers.get_all(header::IF_MATCH).map(|v| v.to_str().ok())))
}

/// The answer with `body` and its `ETag` (`tag`, as the resource's service made it).
pub fn tagged<B: Serialize>(
    mut response: HttpResponseBuilder,
    tag: impl Into<i64>,
    body: &B,
) -> HttpResponse {
    response.insert_header((header::ETAG, etag(tag))).json(body)
}

/// The answer to a write of a version: 201 for the first, 200 for a later one.
pub fn written<B: Serialize>(version: impl Into<i64>, first: bool, body: &B) -> HttpResponse {
    let status = if first {
        HttpResponse::Created()
    } else {
        HttpResponse::Ok()
    };
    tagged(status, version, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(value: &str) -> Precondition {
        precondition([Some(value)])
    }

    #[test]
    fn a_quoted_version_is_read() {
        assert_eq!(parse("\"3\""), Precondition::Tags(vec![3]));
    }

    #[test]
    fn a_list_of_tags_is_read_whole() {
        assert_eq!(parse("\"1\", \"2\""), Precondition::Tags(vec![1, 2]));
    }

    #[test]
    fn a_star_matches_any_version() {
        assert_eq!(parse("*"), Precondition::Any);
    }

    #[test]
    fn weak_unquoted_and_foreign_tags_match_nothing() {
        for value in ["W/\"1\"", "1", "\"abc\"", "\"\"", "\"-1\"", "\"+1\"", ""] {
            assert_eq!(parse(value), Precondition::Tags(vec![]), "{value}");
        }
    }

    #[test]
    fn tags_beyond_a_document_version_are_read() {
        assert_eq!(
            parse("\"9223372036854775807\""),
            Precondition::Tags(vec![i64::MAX])
        );
        assert_eq!(parse("\"9223372036854775808\""), Precondition::Tags(vec![]));
    }

    #[test]
    fn an_etag_is_the_quoted_version() {
        assert_eq!(etag(7), "\"7\"");
        assert_eq!(parse(&etag(7)), Precondition::Tags(vec![7]));
    }
}
