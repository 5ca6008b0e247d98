//! Request extractors that turn every kind of bad input into the right problem response:
//! 415 for a body that is not JSON, 413 above 64 KiB, 400 for malformed JSON, and 422 — keyed by
//! field path — for unknown fields, wrong types, missing fields and broken validation rules.

use crate::error::{ApiError, FieldErrors, Malformed};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, http::header};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use validator::{Validate, ValidationErrors, ValidationErrorsKind};

/// The largest request body accepted.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// A JSON body, deserialised strictly and then validated.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T> FromRequest for Json<T>
where
    T: DeserializeOwned + Validate + 'static,
{
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = RawJson::from_request(req, payload);
        Box::pin(async move {
            let RawJson(body) = body.await?;
            let value: T = parse_json(&body)?;
            value
                .validate()
                .map_err(|e| ApiError::Validation(flatten(&e)))?;
            Ok(Json(value))
        })
    }
}

/// A JSON body that a caller may leave out: no body and no `Content-Type` is `None` (a v1.1
/// caller of a route that gained a body); anything else is read as [`Json`], with its 415,
/// 413, 400 and 422.
#[derive(Debug)]
pub struct OptionalJson<T>(pub Option<T>);

impl<T> FromRequest for OptionalJson<T>
where
    T: DeserializeOwned + Validate + 'static,
{
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let headers = req.headers();
        let empty = !headers.contains_key(header::CONTENT_TYPE)
            && headers
                .get(header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .is_none_or(|v| v.trim() == "0")
            && !headers.contains_key(header::TRANSFER_ENCODING);
        if empty {
            return Box::pin(async { Ok(OptionalJson(None)) });
        }
        let body = Json::<T>::from_request(req, payload);
        Box::pin(async move { Ok(OptionalJson(Some(body.await?.0))) })
    }
}

/// A JSON body's bytes, read with the same limits (415, 413) but not yet parsed: for a handler
/// that must still look at a body its type refuses (a refused check-in's safety signal).
#[derive(Debug)]
pub struct RawJson(pub Vec<u8>);

impl RawJson {
    /// Deserialises and validates the body as `T`, like [`Json`].
    ///
    /// # Errors
    /// `BadRequest` for malformed JSON, `Validation` for what does not fit `T`.
    pub fn parse<T: DeserializeOwned + Validate>(&self) -> Result<T, ApiError> {
        let value: T = parse_json(&self.0)?;
        value
            .validate()
            .map_err(|e| ApiError::Validation(flatten(&e)))?;
        Ok(value)
    }
}

impl FromRequest for RawJson {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<mime::Mime>().ok())
            .is_some_and(|m| {
                m.type_() == mime::APPLICATION
                    && (m.subtype() == mime::JSON || m.suffix() == Some(mime::JSON))
            });
        let declared_len = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let mut payload = payload.take();
        Box::pin(async move {
            if declared_len.is_some_and(|len| len > MAX_BODY_BYTES) {
                return Err(ApiError::PayloadTooLarge);
            }
            if !is_json {
                return Err(ApiError::UnsupportedMediaType);
            }
            let mut body = Vec::with_capacity(declared_len.unwrap_or(1024).min(MAX_BODY_BYTES));
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|e| {
                    if crate::body_deadline::is_deadline(&e) {
                        ApiError::RequestTimeout
                    } else {
                        ApiError::BadRequest(Malformed::Unreadable)
                    }
                })?;
                if body.len() + chunk.len() > MAX_BODY_BYTES {
                    return Err(ApiError::PayloadTooLarge);
                }
                body.extend_from_slice(&chunk);
            }
            Ok(RawJson(body))
        })
    }
}

/// Deserialises `body`, telling syntax errors (400) from data errors (422 by field).
///
/// # Errors
/// The body is not JSON (`BadRequest`) or does not fit `T` (`Validation`).
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    // Free text may hold tab and line breaks but no other C0 control: NUL cannot be stored in
    // PostgreSQL text at all (a 500 before this check), and the others have no place in a note.
    if escapes_a_control(body)
        && let Ok(value) = serde_json::from_slice::<serde_json::Value>(body)
        && let Some(path) = first_control(&value)
    {
        return Err(ApiError::field(path, FREE_TEXT_CONTROL_MESSAGE));
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize::<_, T>(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        // A data error can come before a syntax error further on; malformed JSON is a 400
        // wherever the flaw is, so re-check the syntax on this (rare) path.
        let well_formed = serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok();
        match inner.classify() {
            serde_json::error::Category::Data if well_formed => {
                data_error(&path, &inner.to_string())
            }
            _ => ApiError::BadRequest(Malformed::Syntax {
                line: inner.line(),
                column: inner.column(),
            }),
        }
    })?;
    de.end()
        .map_err(|_| ApiError::BadRequest(Malformed::TrailingContent))?;
    Ok(value)
}

/// Whether the JSON text escapes a C0 control other than tab, line feed and carriage return
/// (raw controls are not valid JSON, so escapes are the only way one arrives). A quick scan, so
/// that only such bodies are parsed twice.
fn escapes_a_control(body: &[u8]) -> bool {
    let mut i = 0;
    while i + 1 < body.len() {
        if body[i] != b'\\' {
            i += 1;
            continue;
        }
        match body[i + 1] {
            b'b' | b'f' => return true,
            b'u' => {
                let code = body
                    .get(i + 2..i + 6)
                    .and_then(|hex| std::str::from_utf8(hex).ok())
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok());
                if code.is_some_and(|c| c < 0x20 && !matches!(c, 0x09 | 0x0a | 0x0d)) {
                    return true;
                }
            }
            _ => {}
        }
        // Skip the escaped character, so that `\\` does not start another escape.
        i += 2;
    }
    false
}

/// What a field holding a forbidden control character is told.
pub const FREE_TEXT_CONTROL_MESSAGE: &str =
    "must not contain control characters (other than tab and line breaks)";

/// Whether free text holds a C0 control other than tab, line feed and carriage return: NUL
/// cannot be stored in PostgreSQL text, and none of them belongs in what a person wrote. The
/// one rule for JSON bodies and the pages' forms alike.
#[must_use]
pub fn has_forbidden_control(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r') && c != '\u{7f}')
}

/// What a single-line field holding a line break, a control or a direction override is told.
pub const SINGLE_LINE_MESSAGE: &str =
    "must be one line, without control characters or text-direction overrides";

/// Whether a single-line text (a name, a phone number, a label, an id) holds what it must not:
/// any control (CR and LF included: such values are copied into e-mails, where a line break
/// starts a new header or forges a line), the Unicode line and paragraph separators, or a
/// bidirectional embedding, override or isolate (which makes `+49 30 1234` display as another
/// number or a name as another name).
#[must_use]
pub fn breaks_single_line(text: &str) -> bool {
    text.chars().any(|c| {
        c.is_control()
            || matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
            )
    })
}

/// Validator rule of a single-line text field: [`breaks_single_line`].
///
/// # Errors
/// The field's [`SINGLE_LINE_MESSAGE`].
pub fn single_line(text: &str) -> Result<(), validator::ValidationError> {
    if breaks_single_line(text) {
        return Err(
            validator::ValidationError::new("invalid").with_message(SINGLE_LINE_MESSAGE.into())
        );
    }
    Ok(())
}

/// The path (`note`, `warning_signs[3]`, `treatment.label`) of the first string in `value`
/// holding a control character other than tab and line breaks.
fn first_control(value: &serde_json::Value) -> Option<String> {
    fn walk(value: &serde_json::Value, path: &str) -> Option<String> {
        match value {
            serde_json::Value::String(s) => has_forbidden_control(s).then(|| {
                if path.is_empty() {
                    "body".to_owned()
                } else {
                    path.to_owned()
                }
            }),
            serde_json::Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, v)| walk(v, &format!("{path}[{i}]"))),
            serde_json::Value::Object(fields) => fields.iter().find_map(|(k, v)| {
                let here = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                walk(v, &here)
            }),
            _ => None,
        }
    }
    walk(value, "")
}

/// Turns a serde data error into a 422 keyed by the field it concerns. The messages are
/// rewritten so that they neither echo the submitted value nor name Rust types.
fn data_error(path: &str, message: &str) -> ApiError {
    let message = message.split(" at line ").next().unwrap_or(message);
    let join = |field: &str| {
        if path == "." || path.is_empty() {
            field.to_owned()
        } else {
            format!("{path}.{field}")
        }
    };
    let quoted = |m: &str| m.split('`').nth(1).map(ToOwned::to_owned);
    if message.starts_with("unknown field ") {
        // serde_path_to_error's path already ends at the unknown field.
        let key = if path == "." || path.is_empty() {
            "body"
        } else {
            path
        };
        return ApiError::field(key, "unknown field");
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        let field = quoted(rest).unwrap_or_default();
        return ApiError::field(join(&field), "is required");
    }
    let key = if path == "." || path.is_empty() {
        "body".to_owned()
    } else {
        path.to_owned()
    };
    let explained = message
        .split_once(", expected ")
        .map(|(_, expected)| format!("expected {expected}"))
        .or_else(|| {
            message.strip_prefix("unknown variant ").map(|rest| {
                rest.split_once(", expected ").map_or_else(
                    || "unknown value".to_owned(),
                    |(_, exp)| format!("expected {exp}"),
                )
            })
        })
        .unwrap_or_else(|| "invalid value".to_owned());
    ApiError::field(key, explained)
}

/// Flattens nested validator errors into `path → messages`.
#[must_use]
pub fn flatten(errors: &ValidationErrors) -> FieldErrors {
    let mut out = FieldErrors::new();
    collect(errors, "", &mut out);
    out
}

fn collect(errors: &ValidationErrors, prefix: &str, out: &mut FieldErrors) {
    for (field, kind) in errors.errors() {
        // A value type reports its error under an empty name (`wire::Bounded`): the field's.
        let path = if prefix.is_empty() {
            field.to_string()
        } else if field.is_empty() {
            prefix.to_owned()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => {
                let messages = out.entry(path).or_default();
                for error in list {
                    messages.push(error.message.as_ref().map_or_else(
                        || format!("is invalid ({})", error.code),
                        ToString::to_string,
                    ));
                }
            }
            ValidationErrorsKind::Struct(inner) => collect(inner, &path, out),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    collect(inner, &format!("{path}[{index}]"), out);
                }
            }
        }
    }
}

/// Query-string parameters, deserialised strictly (422 on any bad value) and validated.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T> FromRequest for Query<T>
where
    T: DeserializeOwned + Validate + 'static,
{
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(parse_query(req.query_string()).map(Query))
    }
}

/// A query string deserialised strictly as `T` and validated, as [`Query`] reads it.
///
/// # Errors
/// `Validation` for what does not fit `T`.
pub fn parse_query<T: DeserializeOwned + Validate>(raw: &str) -> Result<T, ApiError> {
    let value: T =
        serde_urlencoded::from_str(raw).map_err(|e| data_error("query", &e.to_string()))?;
    value
        .validate()
        .map_err(|e| ApiError::Validation(flatten(&e)))?;
    Ok(value)
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_single_line_text_refuses_line_breaks_separators_and_direction_overrides() {
        for bad in [
            "Sam\r\nBcc: x@example.org",
            "Sam\n",
            "+49 30\t1234",
            "Sam\u{2028}Lee",
            "Sam\u{2029}",
            "+49 \u{202E}4321",
            "\u{2066}Sam\u{2069}",
            "\u{85}next line",
        ] {
            assert!(super::breaks_single_line(bad), "{bad:?}");
            assert!(super::single_line(bad).is_err(), "{bad:?}");
        }
        for good in [
            "Sam Lee",
            "+49 (30) 1234-5",
            "Zoë Ærø",
            "محمد",
            "Dr. O'Brien",
        ] {
            assert!(!super::breaks_single_line(good), "{good:?}");
            assert!(super::single_line(good).is_ok(), "{good:?}");
        }
    }

    #[test]
    fn a_control_in_free_text_is_refused_by_its_path_and_tab_and_breaks_are_not() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Body {
            note: String,
            items: Vec<String>,
        }
        let refused = |raw: &str| match parse_json::<Body>(raw.as_bytes()) {
            Err(ApiError::Validation(errors)) => errors.keys().next().cloned(),
            _ => None,
        };
        assert_eq!(
            refused(r#"{"note": "a\u0000b", "items": []}"#),
            Some("note".into())
        );
        assert_eq!(
            refused(r#"{"note": "", "items": ["ok", "\b"]}"#),
            Some("items[1]".into())
        );
        assert_eq!(
            refused(r#"{"note": "\u001F", "items": []}"#),
            Some("note".into())
        );
        for fine in [
            r#"{"note": "tab\there\r\nline", "items": ["\\u0000 is text"]}"#,
            r#"{"note": "\u00e9\ud83d\ude00", "items": []}"#,
        ] {
            assert!(parse_json::<Body>(fine.as_bytes()).is_ok(), "{fine}");
        }
    }

    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, Validate)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        #[validate(range(min = 1, max = 3, message = "must be between 1 and 3"))]
        n: u8,
    }

    #[derive(Debug, Deserialize, Validate)]
    #[serde(deny_unknown_fields)]
    struct Outer {
        #[validate(nested)]
        inner: Inner,
    }

    fn errors_of(result: Result<Outer, ApiError>) -> FieldErrors {
        match result {
            Err(ApiError::Validation(e)) => e,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn an_unknown_nested_field_is_keyed_by_its_path() {
        let errors = errors_of(parse_json::<Outer>(br#"{"inner": {"n": 1, "x": 2}}"#));
        assert_eq!(errors["inner.x"], vec!["unknown field"]);
    }

    #[test]
    fn a_missing_field_is_reported_as_required() {
        let errors = errors_of(parse_json::<Outer>(br#"{"inner": {}}"#));
        assert_eq!(errors["inner.n"], vec!["is required"]);
    }

    #[test]
    fn a_wrong_type_does_not_echo_the_submitted_value() {
        let errors = errors_of(parse_json::<Outer>(br#"{"inner": {"n": "secret note"}}"#));
        let message = &errors["inner.n"][0];
        assert!(!message.contains("secret"), "{message}");
    }

    #[test]
    fn malformed_json_is_a_bad_request() {
        assert!(matches!(
            parse_json::<Outer>(b"{\"inner\": "),
            Err(ApiError::BadRequest(_))
        ));
        assert!(matches!(
            parse_json::<Outer>(br#"{"inner": {"n": 1}} x"#),
            Err(ApiError::BadRequest(_))
        ));
    }

    #[test]
    fn nested_rule_violations_are_keyed_by_path() {
        let value: Outer = parse_json(br#"{"inner": {"n": 9}}"#).expect("parses");
        let errors = flatten(&value.validate().expect_err("out of range"));
        assert_eq!(errors["inner.n"], vec!["must be between 1 and 3"]);
    }
}
