//! The two OpenAPI documents, shaped from the one list of routes (`startup::routes`): the v1
//! API's at `/api/v1/openapi.json`, and that of the therapist pages and the operations
//! endpoints at `/openapi.pages.json`.
//!
//! Handlers and DTOs declare what is theirs: parameters, bodies, statuses, `ETag`s. What holds
//! for every operation is added here once, so that no handler repeats it: the shared problem
//! responses and their headers, security, tags and servers. Then the schemas are made to suit
//! client generators: an inlined copy of a named schema (utoipa inlines the item type of a
//! generic `Page<T>`) becomes a reference to it, a field that a response always carries
//! (possibly as `null`) is `required`, and a schema that no operation uses is dropped.
//!
//! `openapi/` holds the linters CI runs on both documents (Redocly, Spectral), and
//! `tests/tests/api/openapi.rs` what they cannot know.

use serde_json::{Map, Value, json};
use std::collections::BTreeSet;
use utoipa::openapi::OpenApi;

const API_PREFIX: &str = "/api/v1/";

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The tags of the HTTP layer's own operations; the features' tags come with their routes
/// (`crate::api_tags`), and the documents list the features' first, in their order.
const OWN_TAGS: [(&str, &str); 2] = [
    (
        "operations",
        "The descriptions of the API and of the pages; liveness and readiness probes for \
         whoever runs the server.",
    ),
    (
        "pages",
        "The therapist dashboard's server-rendered HTML pages, signed in with a session cookie \
         and protected against cross-site request forgery by a `csrf` form field.",
    ),
];

/// Fields of response bodies that are left out, rather than sent as `null`, when they have no
/// value (`#[serde(skip_serializing_if = "Option::is_none")]`): they stay optional. Every other
/// field of a schema that only responses use is always sent and so is `required`. A unit test
/// below finds every `skip_serializing_if` in the source and fails for one missing here.
const SKIPPED_WHEN_NONE: [(&str, &str); 15] = [
    ("CheckinResponse", "crisis_resources"),
    ("CheckinResponse", "follow_up"),
    ("ClientResponse", "invite"),
    ("CrisisResources", "has_safety_plan"),
    ("DvLine", "phone"),
    ("DvLine", "url"),
    ("ExerciseLogResponse", "crisis_resources"),
    ("MeResponse", "locale"),
    ("Problem", "crisis_resources"),
    ("Problem", "errors"),
    ("Problem", "mfa_token"),
    ("RiskScreenResponse", "crisis_resources"),
    ("SafetyPlanResponse", "region_crisis_lines"),
    ("SignInResponse", "device_label"),
    ("TokenResponse", "client_id"),
];

/// The problem answers any operation of the API can give, by status.
const COMMON_PROBLEMS: [(&str, &str, &str); 8] = [
    (
        "400",
        "BadRequest",
        "The body is not well-formed JSON (`/problems/malformed-request`).",
    ),
    (
        "401",
        "Unauthorized",
        "No valid access token. `type` says why: `/problems/unauthorized` (none sent), \
         `/problems/token-invalid` (not one of this server), `/problems/token-expired` (refresh \
         it), `/problems/sign-in-revoked` (signed out, or the account is gone: sign in again).",
    ),
    (
        "404",
        "NotFound",
        "No such resource, or one that is not the caller's: another tenant's records answer \
         404, never 403, so that their existence is not revealed.",
    ),
    (
        "412",
        "PreconditionFailed",
        "The `If-Match` does not name the current version: someone else changed it since it was read. Read it again, merge, and send the new `ETag`.",
    ),
    ("413", "PayloadTooLarge", "The body is over 64 KiB."),
    (
        "415",
        "UnsupportedMediaType",
        "A body was not sent as `application/json`.",
    ),
    (
        "422",
        "ValidationFailed",
        "A field or a parameter is invalid, or an unknown field was sent; `errors` holds the \
         messages by field path (`treatment.planned_sessions`, `phq9[8]`).",
    ),
    (
        "503",
        "Unavailable",
        "The database does not answer; retry after `Retry-After` seconds.",
    ),
];

/// The 404 of an operation on one client's records (a path with `{client_id}`) that describes
/// none of its own: declared once here rather than in every handler.
const CLIENT_NOT_FOUND: (&str, &str) = ("ClientNotFound", "No such client, or not yours");

/// The v1 API's document: every route under `/api/v1`.
pub(crate) fn api(raw: &OpenApi) -> Value {
    let mut doc = raw_json(raw);
    keep_paths(&mut doc, |path| path.starts_with(API_PREFIX));
    doc["info"] = json!({
        "title": "IPT Companion API",
        "version": "1",
        "summary": "Between-session support for interpersonal psychotherapy: the phone app's and the therapist dashboard's API.",
        "description": API_DESCRIPTION,
        "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        "contact": {"name": "IPT Companion maintainers"},
    });
    doc["components"]["securitySchemes"] = json!({
        "bearer": {
            "type": "http",
            "scheme": "bearer",
            "description": "The `access_token` of `POST /api/v1/auth/login` (therapists), `POST /api/v1/auth/invite` (a client's phone) or `POST /api/v1/auth/refresh`.",
        }
    });
    common_problems(&mut doc);
    document_problem_extensions(&mut doc);
    document_change_mapping(&mut doc);
    finish(doc)
}

/// The extension members (RFC 9457 §3.2) that features add to a problem with
/// `ApiError::with_extension`: `error.rs` renders them without knowing them, so the document
/// names each here, as an optional member of `Problem` (name, schema, description).
fn problem_extensions() -> [(&'static str, String, &'static str); 1] {
    use utoipa::ToSchema;
    [(
        crate::safety::crisis::CrisisResources::PROBLEM_MEMBER,
        crate::safety::crisis::CrisisResources::name().into_owned(),
        "On a refused check-in, exercise log or risk screen (409, 422) whose answers carry a safety signal: what the app shows the client at once, as on an accepted one.",
    )]
}

/// The feed's discriminator maps each `type` to its schema, from the registry's list (the
/// derive cannot: its mapping takes only literals).
fn document_change_mapping(doc: &mut Value) {
    let mapping: Map<String, Value> = crate::records::kinds()
        .iter()
        .filter_map(|kind| {
            let (tag, schema) = (kind.change?, kind.schema?);
            Some((
                tag.to_owned(),
                json!(format!("#/components/schemas/{schema}")),
            ))
        })
        .collect();
    if let Some(discriminator) =
        doc["components"]["schemas"]["Change"]["discriminator"].as_object_mut()
    {
        discriminator.insert("mapping".to_owned(), Value::Object(mapping));
    }
}

fn document_problem_extensions(doc: &mut Value) {
    let Some(properties) = doc["components"]["schemas"]["Problem"]["properties"].as_object_mut()
    else {
        return;
    };
    for (name, schema, description) in problem_extensions() {
        properties.insert(
            name.to_owned(),
            json!({
                "oneOf": [{"$ref": format!("#/components/schemas/{schema}")}, {"type": "null"}],
                "description": description,
            }),
        );
    }
}

/// The document of the therapist pages and of the operations endpoints (health, readiness,
/// metrics): everything outside `/api/v1`.
pub(crate) fn pages(raw: &OpenApi) -> Value {
    let mut doc = raw_json(raw);
    keep_paths(&mut doc, |path| !path.starts_with(API_PREFIX));
    doc["info"] = json!({
        "title": "IPT Companion pages and operations",
        "version": "1",
        "summary": "The therapist dashboard's HTML pages, and the endpoints for whoever runs the server.",
        "description": PAGES_DESCRIPTION,
        "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        "contact": {"name": "IPT Companion maintainers"},
    });
    doc["components"]["securitySchemes"] = json!({
        "session": {
            "type": "apiKey",
            "in": "cookie",
            "name": crate::pages::session::SESSION_COOKIE,
            "description": "Set by `POST /login`; `HttpOnly`, `SameSite=Strict`. A page without it redirects (303) to `/login`.",
        }
    });
    document_unreadable_forms(&mut doc);
    finish(doc)
}

/// Every form post can also be unreadable: not sent as a form (415), too large (413), or
/// malformed (400). Each is answered with HTML (`pages::unreadable_form`): the sign-in form with
/// a message on `/login`, a page with the way back elsewhere.
fn document_unreadable_forms(doc: &mut Value) {
    const UNREADABLE: [(&str, &str); 3] = [
        (
            "400",
            "The form was incomplete or malformed: a page saying so (on `/login`, the form again with the message)",
        ),
        (
            "413",
            "The form was too large: a page saying so (on `/login`, the form again with the message)",
        ),
        (
            "415",
            "The body was not sent as a web form: a page saying so (on `/login`, the form again with the message)",
        ),
    ];
    let Some(paths) = doc["paths"].as_object_mut() else {
        return;
    };
    for item in paths.values_mut() {
        let Some(post) = item.get_mut("post") else {
            continue;
        };
        let is_form = post["requestBody"]["content"]
            .get("application/x-www-form-urlencoded")
            .is_some();
        if !is_form {
            continue;
        }
        let Some(responses) = post["responses"].as_object_mut() else {
            continue;
        };
        for (status, description) in UNREADABLE {
            responses.entry(status).or_insert_with(|| {
                json!({"description": description, "content": {"text/html": {"schema": {"type": "string"}}}})
            });
        }
    }
}

const API_DESCRIPTION: &str = "\
The API of the IPT Companion phone app and of the therapist dashboard: check-ins with PHQ-9 \
and GAD-7, exercises, homework, the interpersonal inventory, reminders, safety plans and \
alerts.

- **Sign-in.** Send `Authorization: Bearer <access_token>`. Therapists get tokens from \
`POST /api/v1/auth/login`, a client's phone from `POST /api/v1/auth/invite` with the code \
its therapist gives it; both refresh with `POST /api/v1/auth/refresh`. A 401 carries \
`WWW-Authenticate`, and its `type` says whether to refresh or to sign in again.
- **Who sees what.** A therapist reaches only their own clients, a client only itself. \
Another tenant's record answers 404 (its existence is not revealed); a wrong role on one's \
own record answers 403.
- **Errors** are `application/problem+json` (RFC 9457). A 422 holds `errors`, messages by \
field path. A 429 or 503 says in `Retry-After` how many seconds to wait.
- **Lists** answer `{items, next_cursor}`: pass `next_cursor` as `?cursor=` for the next \
page until it is `null`; `?limit=` is 1–200 (default 50).
- **Offline writes.** A record the phone creates (a check-in, an exercise log, a person of \
the inventory, …) may carry an `id` the phone made: the same `id` and body again answer 200 \
with the stored record, another body under the same `id` 409.
- **Edits.** An editable record answers with an `ETag`; send it back as `If-Match` when \
changing it, and a 412 tells that someone else changed it since.
- **Times** are RFC 3339 with an offset in requests and UTC (`Z`) in answers; dates are \
`YYYY-MM-DD` in the client's zone.";

const PAGES_DESCRIPTION: &str = "\
The therapist dashboard's server-rendered HTML pages (no scripts of third parties), and the \
endpoints for whoever runs the server: the liveness and readiness probes. (Prometheus metrics \
are served only on a listener of their own, `IPT_METRICS_BIND`.) The phone app's API is \
described apart, at `/api/v1/openapi.json`.

A page without a session redirects (303) to `/login`. Forms that change state carry the \
page's `csrf` token; without it they answer 403.";

fn raw_json(raw: &OpenApi) -> Value {
    serde_json::to_value(raw).unwrap_or_else(|_| json!({"openapi": "3.1.0", "paths": {}}))
}

fn keep_paths(doc: &mut Value, keep: impl Fn(&str) -> bool) {
    if let Some(paths) = doc["paths"].as_object_mut() {
        paths.retain(|path, _| keep(path));
    }
}

/// What both documents get once their paths are chosen.
fn finish(mut doc: Value) -> Value {
    doc["servers"] = json!([{
        "url": "/",
        "description": "The server this document was fetched from",
    }]);
    inline_value_types(&mut doc);
    for_each_operation(&mut doc, |_, operation| {
        explicit_security(operation);
        header_parameters_are_strings(operation);
    });
    document_response_headers(&mut doc);
    refer_to_named_schemas(&mut doc);
    require_always_sent_fields(&mut doc);
    request_examples(&mut doc);
    list_tags(&mut doc);
    drop_unused_components(&mut doc);
    doc
}

fn for_each_operation(doc: &mut Value, mut f: impl FnMut(&str, &mut Map<String, Value>)) {
    let Some(paths) = doc["paths"].as_object_mut() else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, operation) in item.iter_mut() {
            if let (true, Some(operation)) = (
                METHODS.contains(&method.as_str()),
                operation.as_object_mut(),
            ) {
                f(path, operation);
            }
        }
    }
}

/// An operation without a requirement (or with only the empty one) is public: it says so with
/// `security: []`, so that no reader has to know a default.
fn explicit_security(operation: &mut Map<String, Value>) {
    let public = operation
        .get("security")
        .and_then(Value::as_array)
        .is_none_or(|requirements| {
            requirements
                .iter()
                .all(|r| r.as_object().is_some_and(Map::is_empty))
        });
    if public {
        operation.insert("security".into(), json!([]));
    }
}

fn is_public(operation: &Map<String, Value>) -> bool {
    operation
        .get("security")
        .and_then(Value::as_array)
        .is_some_and(Vec::is_empty)
}

/// utoipa writes an optional header's schema as nullable; a header is absent or a string.
fn header_parameters_are_strings(operation: &mut Map<String, Value>) {
    let Some(parameters) = operation
        .get_mut("parameters")
        .and_then(Value::as_array_mut)
    else {
        return;
    };
    for parameter in parameters {
        if parameter["in"] == "header" && parameter["schema"]["type"].is_array() {
            parameter["schema"]["type"] = json!("string");
        }
    }
}

/// The shared problem responses, each defined once under `components/responses` and referred to
/// by every operation that can give it and does not describe it itself.
fn common_problems(doc: &mut Value) {
    let responses: Map<String, Value> = COMMON_PROBLEMS
        .iter()
        .map(|(_, name, description)| (*name, *description))
        .chain([CLIENT_NOT_FOUND])
        .map(|(name, description)| (name.to_owned(), problem_response(description)))
        .collect();
    doc["components"]["responses"] = Value::Object(responses);
    for_each_operation(doc, |path, operation| {
        if path.ends_with("/openapi.json") {
            return;
        }
        let public = is_public(operation);
        let takes_if_match = operation
            .get("parameters")
            .and_then(Value::as_array)
            .is_some_and(|ps| {
                ps.iter()
                    .any(|p| p["in"] == "header" && p["name"] == "If-Match")
            });
        let Some(answers) = operation
            .entry("responses")
            .or_insert_with(|| json!({}))
            .as_object_mut()
        else {
            return;
        };
        for (status, name, _) in COMMON_PROBLEMS {
            let applies = match status {
                // A public operation does not read the token.
                "401" => !public,
                "412" => takes_if_match,
                _ => true,
            };
            let name = if status == "404" && path.contains("{client_id}") {
                CLIENT_NOT_FOUND.0
            } else {
                name
            };
            if applies && !answers.contains_key(status) {
                answers.insert(
                    status.to_owned(),
                    json!({"$ref": format!("#/components/responses/{name}")}),
                );
            }
        }
    });
}

fn problem_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    })
}

/// `WWW-Authenticate` on every 401 and `Retry-After` on every 429 and 503 the API gives
/// (`error.rs` sets them); the pages answer a wrong password with the form, not a challenge.
fn document_response_headers(doc: &mut Value) {
    let www_authenticate = json!({
        "description": "`Bearer`; for an expired access token `Bearer error=\"invalid_token\", error_description=\"The access token expired\"` (RFC 6750): refresh, then retry.",
        "required": true,
        "schema": {"type": "string"},
        "example": "Bearer",
    });
    let retry_after = json!({
        "description": "Seconds to wait before trying again.",
        "required": true,
        "schema": {"type": "integer", "minimum": 1},
        "example": 5,
    });
    let api = doc["paths"]
        .as_object()
        .is_some_and(|paths| paths.keys().any(|p| p.starts_with(API_PREFIX)));
    let add = |status: &str, answer: &mut Value| {
        if answer.get("$ref").is_some() {
            return;
        }
        let (name, header) = match status {
            "401" if api => ("WWW-Authenticate", &www_authenticate),
            "429" | "503" => ("Retry-After", &retry_after),
            _ => return,
        };
        answer["headers"][name] = header.clone();
    };
    if let Some(shared) = doc["components"]
        .get_mut("responses")
        .and_then(Value::as_object_mut)
    {
        for (name, answer) in shared.iter_mut() {
            if let Some((status, _, _)) = COMMON_PROBLEMS.iter().find(|(_, n, _)| n == name) {
                add(status, answer);
            }
        }
    }
    for_each_operation(doc, |_, operation| {
        if let Some(answers) = operation
            .get_mut("responses")
            .and_then(Value::as_object_mut)
        {
            for (status, answer) in answers.iter_mut() {
                add(status, answer);
            }
        }
    });
}

/// utoipa writes the item type of a generic (`Page<CheckinResponse>`) inline, a copy of the
/// named schema: each copy would become a model of its own in a generated client. Every
/// object, enum or union schema equal to a named one becomes a reference to it.
fn refer_to_named_schemas(doc: &mut Value) {
    let named: Vec<(String, Value)> = doc["components"]["schemas"]
        .as_object()
        .map(|schemas| {
            schemas
                .iter()
                .filter(|(_, s)| is_structured(s))
                .map(|(name, s)| (name.clone(), s.clone()))
                .collect()
        })
        .unwrap_or_default();
    let replace = |node: &mut Value| {
        if let Some((name, _)) = named.iter().find(|(_, s)| s == node) {
            *node = json!({"$ref": format!("#/components/schemas/{name}")});
            false
        } else {
            true
        }
    };
    if let Some(schemas) = doc["components"]
        .get_mut("schemas")
        .and_then(Value::as_object_mut)
    {
        for schema in schemas.values_mut() {
            // A named schema is not replaced by a reference to itself; what it contains is.
            walk_children(schema, &replace);
        }
    }
    walk_children(&mut doc["paths"], &replace);
}

/// A value type that carries its bounds (`wire::Bounded`, `wire::Text`) is a schema of its own to utoipa,
/// referred to by name; the document writes it where it is used, as a field with its bounds
/// beside its description, which is what a reader and a generator expect of a number or text field.
fn inline_value_types(doc: &mut Value) {
    let prefix = format!("#/components/schemas/{}", crate::wire::INLINE_PREFIX);
    let schemas = doc["components"]["schemas"].clone();
    // The value type's schema with the keys beside its reference (its description).
    let resolve = |reference: &Value| -> Option<Map<String, Value>> {
        let target = reference.get("$ref")?.as_str()?;
        let name = target.strip_prefix("#/components/schemas/")?;
        if !target.starts_with(&prefix) {
            return None;
        }
        let mut merged = schemas.get(name)?.as_object()?.clone();
        for (key, value) in reference.as_object()? {
            if key != "$ref" {
                merged.insert(key.clone(), value.clone());
            }
        }
        Some(merged)
    };
    let inline = |node: &mut Value| {
        if let Some(merged) = resolve(node) {
            *node = Value::Object(merged);
            return false;
        }
        // An optional one: `oneOf` of it and null, written as a type that admits null.
        let Some(members) = node.get("oneOf").and_then(Value::as_array) else {
            return true;
        };
        let is_null = |m: &Value| m.get("type") == Some(&json!("null"));
        let (Some(value), true) = (
            members.iter().find_map(&resolve),
            members.len() == 2 && members.iter().any(is_null),
        ) else {
            return true;
        };
        let mut merged = value;
        let kind = merged.get("type").cloned().unwrap_or(Value::Null);
        merged.insert("type".to_owned(), json!([kind, "null"]));
        if let Some(fields) = node.as_object() {
            for (key, field) in fields {
                if key != "oneOf" {
                    merged.insert(key.clone(), field.clone());
                }
            }
        }
        *node = Value::Object(merged);
        false
    };
    walk_children(&mut doc["components"], &inline);
    walk_children(&mut doc["paths"], &inline);
}

fn is_structured(schema: &Value) -> bool {
    ["properties", "enum", "oneOf", "anyOf", "allOf"]
        .iter()
        .any(|k| schema.get(k).is_some())
}

/// Calls `f` on every value below `node` (not `node` itself), descending into a value only
/// when `f` answers true.
fn walk_children(node: &mut Value, f: &impl Fn(&mut Value) -> bool) {
    match node {
        Value::Object(map) => {
            for child in map.values_mut() {
                if f(child) {
                    walk_children(child, f);
                }
            }
        }
        Value::Array(items) => {
            for child in items {
                if f(child) {
                    walk_children(child, f);
                }
            }
        }
        _ => {}
    }
}

/// utoipa makes every `Option` field optional; but serde sends a `None` as `null` unless told
/// to skip it. In a schema that only responses use, such a field is always there: `required`
/// and nullable, so that a generated client need not handle "absent". (A schema that requests
/// use too keeps its optional fields: a request may leave them out.)
fn require_always_sent_fields(doc: &mut Value) {
    let mut in_requests = BTreeSet::new();
    let mut in_responses = BTreeSet::new();
    let schemas = doc["components"]["schemas"].clone();
    if let Some(paths) = doc["paths"].as_object() {
        for item in paths.values() {
            for (method, operation) in item.as_object().into_iter().flatten() {
                if !METHODS.contains(&method.as_str()) {
                    continue;
                }
                collect_refs(&operation["requestBody"], &schemas, &mut in_requests);
                collect_refs(&operation["parameters"], &schemas, &mut in_requests);
                collect_refs(&operation["responses"], &schemas, &mut in_responses);
            }
        }
    }
    collect_refs(&doc["components"]["responses"], &schemas, &mut in_responses);
    let Some(schemas) = doc["components"]
        .get_mut("schemas")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for name in in_responses.difference(&in_requests) {
        let Some(schema) = schemas.get_mut(name) else {
            continue;
        };
        let always: Vec<String> = schema["properties"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(field, _)| {
                !SKIPPED_WHEN_NONE.contains(&(name.as_str(), field.as_str()))
                    && !schema["required"]
                        .as_array()
                        .is_some_and(|r| r.iter().any(|f| f == *field))
            })
            .map(|(field, _)| field.clone())
            .collect();
        if always.is_empty() {
            continue;
        }
        let required = schema["required"]
            .as_array_mut()
            .map(std::mem::take)
            .unwrap_or_default();
        let mut all: BTreeSet<String> = required
            .into_iter()
            .filter_map(|f| f.as_str().map(str::to_owned))
            .collect();
        all.extend(always);
        let order: Vec<&String> = schema["properties"]
            .as_object()
            .map(|p| p.keys().collect())
            .unwrap_or_default();
        let sorted: Vec<Value> = order
            .into_iter()
            .filter(|f| all.contains(*f))
            .map(|f| json!(f))
            .collect();
        schema["required"] = Value::Array(sorted);
    }
}

/// The names of the schemas `node` refers to, directly or through other schemas.
fn collect_refs(node: &Value, schemas: &Value, found: &mut BTreeSet<String>) {
    match node {
        Value::Object(map) => {
            if let Some(name) = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
                && found.insert(name.to_owned())
            {
                collect_refs(&schemas[name], schemas, found);
            }
            for child in map.values() {
                collect_refs(child, schemas, found);
            }
        }
        Value::Array(items) => {
            for child in items {
                collect_refs(child, schemas, found);
            }
        }
        _ => {}
    }
}

/// A request body whose schema has an example shows it as the body's example too (what mock
/// servers and "try it" forms start from).
fn request_examples(doc: &mut Value) {
    let schemas = doc["components"]["schemas"].clone();
    for_each_operation(doc, |_, operation| {
        let Some(content) = operation
            .get_mut("requestBody")
            .and_then(|b| b.get_mut("content"))
            .and_then(Value::as_object_mut)
        else {
            return;
        };
        for media in content.values_mut() {
            let example = media["schema"]["$ref"]
                .as_str()
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
                .and_then(|name| schemas[name].get("example"))
                .cloned();
            if let (Some(example), None) = (example, media.get("example")) {
                media["example"] = example;
            }
        }
    });
}

/// The top-level tag list, with a description of each tag the operations use.
fn list_tags(doc: &mut Value) {
    let mut used = BTreeSet::new();
    for_each_operation(doc, |_, operation| {
        for tag in operation
            .get("tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(tag) = tag.as_str() {
                used.insert(tag.to_owned());
            }
        }
    });
    doc["tags"] = crate::api_tags()
        .chain(&OWN_TAGS)
        .filter(|(name, _)| used.contains(*name))
        .map(|(name, description)| json!({"name": name, "description": description}))
        .collect();
}

/// Drops the schemas and shared responses no operation refers to (the other document's).
fn drop_unused_components(doc: &mut Value) {
    let schemas = doc["components"]["schemas"].clone();
    let mut used = BTreeSet::new();
    collect_refs(&doc["paths"], &schemas, &mut used);
    let mut responses = BTreeSet::new();
    collect_response_refs(&doc["paths"], &mut responses);
    if let Some(shared) = doc["components"]
        .get_mut("responses")
        .and_then(Value::as_object_mut)
    {
        shared.retain(|name, _| responses.contains(name));
        collect_refs(&Value::Object(shared.clone()), &schemas, &mut used);
        if shared.is_empty()
            && let Some(components) = doc["components"].as_object_mut()
        {
            components.remove("responses");
        }
    }
    if let Some(schemas) = doc["components"]
        .get_mut("schemas")
        .and_then(Value::as_object_mut)
    {
        schemas.retain(|name, _| used.contains(name));
    }
}

fn collect_response_refs(node: &Value, found: &mut BTreeSet<String>) {
    match node {
        Value::Object(map) => {
            if let Some(name) = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/responses/"))
            {
                found.insert(name.to_owned());
            }
            map.values()
                .for_each(|child| collect_response_refs(child, found));
        }
        Value::Array(items) => items
            .iter()
            .for_each(|child| collect_response_refs(child, found)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api_document() -> Value {
        crate::startup::openapi_document()
    }

    #[test]
    fn every_field_listed_as_skipped_exists_and_stays_optional() {
        let doc = api_document();
        for (schema, field) in SKIPPED_WHEN_NONE {
            let schema_doc = &doc["components"]["schemas"][schema];
            assert!(
                schema_doc["properties"].get(field).is_some(),
                "{schema}.{field} is not in the document"
            );
            assert!(
                !schema_doc["required"]
                    .as_array()
                    .is_some_and(|r| r.iter().any(|f| f == field)),
                "{schema}.{field} is required"
            );
        }
    }

    /// Every field serde leaves out when it is `None`, as `(struct, field)`, read from the
    /// source: the attribute is invisible to utoipa.
    fn skipped_fields_in_the_source() -> Vec<(String, String)> {
        fn visit(dir: &std::path::Path, found: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).expect("the source folder").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    visit(&path, found);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("a source file");
                let lines: Vec<&str> = text.lines().collect();
                for (i, line) in lines.iter().enumerate() {
                    if !line.trim_start().starts_with("#[serde(skip_serializing_if") {
                        continue;
                    }
                    let field = lines[i..]
                        .iter()
                        .find_map(|l| {
                            let l = l
                                .trim_start()
                                .strip_prefix("pub ")
                                .unwrap_or(l.trim_start());
                            (!l.starts_with("#[") && !l.starts_with("//"))
                                .then(|| l.split(':').next().unwrap_or_default().to_owned())
                        })
                        .unwrap_or_default();
                    let owner = lines[..i]
                        .iter()
                        .rev()
                        .find_map(|l| {
                            l.split("struct ")
                                .nth(1)
                                .map(|rest| rest.split(['<', ' ', '{']).next().unwrap_or_default())
                        })
                        .unwrap_or_default();
                    found.push((owner.to_owned(), field));
                }
            }
        }
        let mut found = Vec::new();
        visit(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut found,
        );
        found
    }

    #[test]
    fn every_field_skipped_when_none_in_a_documented_body_is_listed() {
        let docs = [api_document(), crate::startup::pages_openapi_document()];
        for (owner, field) in skipped_fields_in_the_source() {
            let documented = docs
                .iter()
                .any(|doc| doc["components"]["schemas"].get(&owner).is_some());
            assert!(
                !documented || SKIPPED_WHEN_NONE.contains(&(owner.as_str(), field.as_str())),
                "{owner}.{field} is left out when None: add it to SKIPPED_WHEN_NONE in openapi.rs"
            );
        }
    }

    #[test]
    fn a_page_refers_to_its_item_schema() {
        let doc = api_document();
        assert_eq!(
            doc["components"]["schemas"]["Page_CheckinResponse"]["properties"]["items"]["items"],
            json!({"$ref": "#/components/schemas/CheckinResponse"})
        );
    }

    #[test]
    fn every_tag_an_operation_uses_is_described() {
        for doc in [api_document(), crate::startup::pages_openapi_document()] {
            let listed: Vec<&str> = doc["tags"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|t| t["name"].as_str())
                .collect();
            for item in doc["paths"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(_, i)| i)
            {
                for operation in item.as_object().into_iter().flatten().map(|(_, o)| o) {
                    for tag in operation["tags"].as_array().into_iter().flatten() {
                        assert!(
                            listed.contains(&tag.as_str().unwrap_or_default()),
                            "{tag} is described by no feature's `TAGS` nor by `OWN_TAGS`"
                        );
                    }
                }
            }
        }
    }
}
