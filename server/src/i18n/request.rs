//! The language of one request: `Accept-Language` (by its q-values) first, then the signed-in
//! client's stored `locale`, then English.
//!
//! [`language`] is a middleware that reads the header and runs the rest of the request inside a
//! task-local scope, so that code without the request (a problem rendered by
//! `ResponseError::error_response`) still answers in the request's language; outside a request
//! (workers, unit tests) everything is English. A handler that knows the caller is a client
//! and has its row (`clients::authorize`, the crisis text) hands the stored locale over with
//! [`remember_stored`]; one that does not read it asks `clients::request_language`. A response that carries
//! a localised text answers `Content-Language` and `Vary: Accept-Language`.

use super::Lang;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// What one request knows about its language.
#[derive(Debug, Default)]
struct RequestLanguage {
    /// The first language of `Accept-Language` that ships, if any did.
    asked: Option<Lang>,
    /// The signed-in client's stored locale, once a handler read it.
    stored: RefCell<Option<Lang>>,
    /// The language a text of the response was written in.
    used: RefCell<Option<Lang>>,
    /// Whether the stored locale was looked up (so that it is read at most once).
    looked_up: Cell<bool>,
}

tokio::task_local! {
    static REQUEST: Rc<RequestLanguage>;
}

/// The most preferred first: the tags of an `Accept-Language` value ordered by their q-values
/// (RFC 9110 §12.5.4; equal weights keep their order), without those of weight 0 and the
/// wildcard. A malformed weight counts as 0.
#[must_use]
pub fn accepted(header: &str) -> Vec<&str> {
    let mut weighted: Vec<(u16, &str)> = header
        .split(',')
        .take(32)
        .filter_map(|range| {
            let mut parts = range.split(';');
            let tag = parts.next()?.trim();
            let weight = parts
                .find_map(|p| {
                    let (name, value) = p.trim().split_once('=')?;
                    name.trim()
                        .eq_ignore_ascii_case("q")
                        .then(|| thousandths(value.trim()))
                })
                .unwrap_or(Some(1000))?;
            (weight > 0 && !tag.is_empty() && tag != "*").then_some((weight, tag))
        })
        .collect();
    weighted.sort_by_key(|(weight, _)| std::cmp::Reverse(*weight));
    weighted.into_iter().map(|(_, tag)| tag).collect()
}

/// A q-value (`0`, `0.8`, `1.000`) in thousandths; `None` when it is not one.
fn thousandths(q: &str) -> Option<u16> {
    let (whole, fraction) = q.split_once('.').unwrap_or((q, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let fraction: u16 = format!("{fraction:0<3}").parse().ok()?;
    match whole {
        "0" => Some(fraction),
        "1" if fraction == 0 => Some(1000),
        _ => None,
    }
}

/// The middleware: negotiates from `Accept-Language` and runs the request in its scope.
///
/// # Errors
/// None of its own. (Handlers and extractors answer their errors as responses, inside the
/// scope; an error the routing itself returned would be rendered later, in English.)
pub async fn language(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let asked = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| Lang::first_shipped(accepted(v)));
    let state = Rc::new(RequestLanguage {
        asked,
        ..RequestLanguage::default()
    });
    let response = REQUEST.scope(Rc::clone(&state), next.call(req)).await?;
    Ok(mark(response, &state))
}

/// Says which language the response's texts are in.
fn mark<B>(mut response: ServiceResponse<B>, state: &RequestLanguage) -> ServiceResponse<B> {
    let Some(lang) = state.used.borrow().clone() else {
        return response;
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&lang.code()) {
        headers.insert(header::CONTENT_LANGUAGE, value);
    }
    let varies = headers.get_all(header::VARY).any(|v| {
        v.to_str()
            .is_ok_and(|v| v.to_ascii_lowercase().contains("accept-language"))
    });
    if !varies {
        headers.append(header::VARY, HeaderValue::from_static("Accept-Language"));
    }
    response
}

/// The language of the current request's texts (English outside a request), recorded as the
/// response's `Content-Language`.
#[must_use]
pub fn current() -> Lang {
    REQUEST
        .try_with(|state| {
            let lang = state
                .asked
                .clone()
                .or_else(|| state.stored.borrow().clone())
                .unwrap_or_else(Lang::english);
            *state.used.borrow_mut() = Some(lang.clone());
            lang
        })
        .unwrap_or_else(|_| Lang::english())
}

/// The signed-in client's stored locale (a BCP 47 tag), for the rest of the request: it
/// counts when `Accept-Language` named no language that ships.
pub fn remember_stored(locale: Option<&str>) {
    let _ = REQUEST.try_with(|state| {
        state.looked_up.set(true);
        *state.stored.borrow_mut() = locale.and_then(|l| Lang::first_shipped([l]));
    });
}

/// Whether the current request's language waits on the caller's stored locale: no
/// `Accept-Language` of a shipped language was sent, and it was not looked up yet. The lookup
/// itself is the caller's (`clients::request_language`): the language layer knows no accounts.
pub fn needs_stored_locale() -> bool {
    REQUEST
        .try_with(|state| state.asked.is_none() && !state.looked_up.get())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_is_ordered_by_weight_and_drops_refusals() {
        assert_eq!(accepted("es-MX,es;q=0.9,en;q=0.8"), ["es-MX", "es", "en"]);
        assert_eq!(accepted("en;q=0.2, de ;q=0.9, fr"), ["fr", "de", "en"]);
        assert_eq!(accepted("de;q=0, es;Q=0.5, *;q=0.1"), ["es"]);
        assert_eq!(accepted("de;q=1.5, es;q=abc, en;q=0.001"), ["en"]);
        assert_eq!(accepted("de;level=1;q=0.3, es;q=0.4"), ["es", "de"]);
        assert!(accepted("").is_empty());
    }

    #[test]
    fn the_header_wins_over_the_stored_locale_and_english_comes_last() {
        assert_eq!(
            Lang::first_shipped(accepted("fr-CH, fr;q=0.9, de;q=0.7")).map(|l| l.code()),
            Some("de".to_owned())
        );
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        let with = |asked: Option<&str>, stored: Option<&str>| {
            let state = Rc::new(RequestLanguage {
                asked: asked.and_then(|a| Lang::first_shipped([a])),
                ..RequestLanguage::default()
            });
            runtime.block_on(REQUEST.scope(Rc::clone(&state), async move {
                remember_stored(stored);
                current().code()
            }))
        };
        assert_eq!(with(Some("de"), Some("es-MX")), "de");
        assert_eq!(with(None, Some("es-MX")), "es");
        assert_eq!(with(None, Some("fr")), "en");
        assert_eq!(with(None, None), "en");
        assert_eq!(current().code(), "en", "outside a request");
    }
}
