//! The two OpenAPI documents: what the linters in `openapi/` cannot know. The linters
//! themselves run in CI on the files `the_documents_are_written_where_the_linters_read_them`
//! writes.

use ipt_server::startup::{openapi_document, pages_openapi_document};
use ipt_tests::{body, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Operations anyone may call without a token (`matrix.rs` checks every operation's
/// `security` against who gets what).
const PUBLIC: [&str; 6] = [
    "create_therapist",
    "login",
    "refresh",
    "redeem_invite",
    "get_crisis_resources",
    "openapi",
];

fn operations(doc: &Value) -> Vec<(String, &Value)> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("a path item") {
            found.push((format!("{} {path}", method.to_uppercase()), operation));
        }
    }
    found
}

fn schema<'a>(doc: &'a Value, name: &str) -> &'a Value {
    &doc["components"]["schemas"][name]
}

/// `IPT_OPENAPI_DIR="$PWD/openapi/build" cargo test -p ipt-tests --test api openapi::` (an
/// absolute path: tests run in `tests/`) writes `openapi.json` and `openapi.pages.json` for
/// `npm run lint --prefix openapi`, as CI does.
#[test]
fn the_documents_are_written_where_the_linters_read_them() {
    let Some(dir) = std::env::var_os("IPT_OPENAPI_DIR") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("the directory");
    for (file, doc) in [
        ("openapi.json", openapi_document()),
        ("openapi.pages.json", pages_openapi_document()),
    ] {
        let text = serde_json::to_string_pretty(&doc).expect("serialises");
        std::fs::write(dir.join(file), text).expect("written");
    }
}

#[tokio::test]
async fn the_server_serves_the_two_documents_apart_without_a_token() {
    let app = spawn_app().await;
    for (path, expected) in [
        ("/api/v1/openapi.json", openapi_document()),
        ("/openapi.pages.json", pages_openapi_document()),
    ] {
        let res = app.get(path, None).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(body(res).await, expected, "{path}");
    }
}

#[test]
fn the_api_document_holds_the_api_and_the_pages_document_the_rest() {
    let api = openapi_document();
    for path in api["paths"].as_object().expect("paths").keys() {
        assert!(
            path.starts_with("/api/v1/"),
            "{path} is in the API document"
        );
    }
    let pages = pages_openapi_document();
    for path in pages["paths"].as_object().expect("paths").keys() {
        assert!(
            !path.starts_with("/api/"),
            "{path} is in the pages document"
        );
    }
    for path in [
        "/",
        "/login",
        "/logout",
        "/dashboard",
        "/clients/{client_id}",
        "/assets/app.css",
        "/healthz",
        "/readyz",
        "/openapi.pages.json",
    ] {
        assert!(pages["paths"].get(path).is_some(), "{path} missing");
    }
    // Each document carries only the schemas its own operations use.
    assert!(schema(&api, "LoginForm").is_null());
    assert!(schema(&pages, "CheckinResponse").is_null());
}

#[test]
fn every_operation_is_tagged_described_and_says_how_it_is_signed_in() {
    for doc in [openapi_document(), pages_openapi_document()] {
        assert_eq!(doc["servers"][0]["url"], "/");
        let tags: Vec<&str> = doc["tags"]
            .as_array()
            .expect("tags")
            .iter()
            .map(|t| {
                assert!(
                    t["description"].as_str().is_some_and(|d| d.len() > 20),
                    "{t}"
                );
                t["name"].as_str().expect("a name")
            })
            .collect();
        for (route, operation) in operations(&doc) {
            let operation_tags = operation["tags"].as_array().expect("tags");
            assert!(!operation_tags.is_empty(), "{route} has no tag");
            for tag in operation_tags {
                assert!(
                    tags.contains(&tag.as_str().unwrap_or_default()),
                    "{route}: {tag}"
                );
            }
            let summary = operation["summary"].as_str().unwrap_or_default();
            let description = operation["description"].as_str().unwrap_or_default();
            assert!(
                !summary.is_empty() && !summary.contains('\n') && summary.len() <= 80,
                "{route}: the summary is one short line: {summary:?}"
            );
            assert!(
                description.len() > summary.len() && !description.starts_with(summary),
                "{route}: the description says more than the summary: {description:?}"
            );
            assert!(operation["security"].is_array(), "{route} has no security");
        }
    }
    for (route, operation) in operations(&openapi_document()) {
        let public = operation["security"] == json!([]);
        assert!(
            public || operation["security"] == json!([{"bearer": []}]),
            "{route}: {}",
            operation["security"]
        );
        if PUBLIC.contains(&operation["operationId"].as_str().unwrap_or_default()) {
            assert!(public, "{route} is public");
        }
        if !public {
            assert!(operation["responses"].get("401").is_some(), "{route}: 401");
        }
    }
}

#[test]
fn a_page_refers_to_its_items_and_no_schema_is_copied_inline() {
    let doc = openapi_document();
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    let pages: Vec<_> = schemas.keys().filter(|n| n.starts_with("Page_")).collect();
    assert!(pages.len() >= 10, "{pages:?}");
    for name in pages {
        let items = &schemas[name]["properties"]["items"]["items"];
        let item = name.trim_start_matches("Page_");
        assert_eq!(
            items["$ref"],
            format!("#/components/schemas/{item}"),
            "{name}"
        );
    }
    // No object schema anywhere is a copy of a named one.
    fn copies(
        node: &Value,
        named: &serde_json::Map<String, Value>,
        at: &str,
        found: &mut Vec<String>,
    ) {
        match node {
            Value::Object(map) => {
                if map.contains_key("properties")
                    && let Some((name, _)) = named.iter().find(|(_, s)| *s == node)
                {
                    found.push(format!("{at} copies {name}"));
                }
                for (key, child) in map {
                    copies(child, named, &format!("{at}/{key}"), found);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    copies(child, named, &format!("{at}/{i}"), found);
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    copies(&doc["paths"], schemas, "#/paths", &mut found);
    for (name, s) in schemas {
        for (key, child) in s.as_object().into_iter().flatten() {
            copies(
                child,
                schemas,
                &format!("#/components/schemas/{name}/{key}"),
                &mut found,
            );
        }
    }
    assert!(found.is_empty(), "{found:#?}");
    for name in schemas.keys() {
        assert!(
            !["BTreeMap", "HashMap", "Vec", "Option", "Value"].contains(&name.as_str()),
            "a schema named {name}"
        );
    }
}

#[test]
fn parameters_and_arrays_carry_the_bounds_the_server_enforces() {
    let doc = openapi_document();
    let mut limits = 0;
    for (route, operation) in operations(&doc) {
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            let s = &parameter["schema"];
            match parameter["name"].as_str().unwrap_or_default() {
                "limit" => {
                    limits += 1;
                    assert_eq!(
                        (&s["minimum"], &s["maximum"]),
                        (&json!(1), &json!(200)),
                        "{route}"
                    );
                }
                "cursor" | "since" => assert_eq!(s["maxLength"], 512, "{route}"),
                "If-Match" => assert_eq!(s["type"], "string", "{route}"),
                _ => {}
            }
        }
    }
    assert!(limits >= 12, "{limits} limit parameters");
    let request = schema(&doc, "CreateCheckinRequest");
    for (field, n) in [("phq9", 9), ("gad7", 7)] {
        let answers = &request["properties"][field];
        assert_eq!(
            (&answers["minItems"], &answers["maxItems"]),
            (&json!(n), &json!(n)),
            "{field}"
        );
        assert_eq!(
            answers["items"]["type"],
            json!(["integer", "null"]),
            "{field}"
        );
        assert_eq!(
            (&answers["items"]["minimum"], &answers["items"]["maximum"]),
            (&json!(0), &json!(3)),
            "{field}"
        );
    }
    assert_eq!(request["properties"]["note"]["maxLength"], 2000);
    assert_eq!(request["properties"]["mood"]["maximum"], 10);
}

#[test]
fn fields_a_response_always_carries_are_required_even_when_null() {
    let doc = openapi_document();
    let required = |name: &str| -> Vec<String> {
        schema(&doc, name)["required"]
            .as_array()
            .expect("required")
            .iter()
            .map(|f| f.as_str().expect("a name").to_owned())
            .collect()
    };
    let checkin = required("CheckinResponse");
    for field in [
        "note",
        "phq9",
        "phq9_total",
        "phq9_band",
        "gad7",
        "relationship_id",
    ] {
        assert!(
            checkin.contains(&field.to_owned()),
            "CheckinResponse.{field}"
        );
    }
    // Left out when there is nothing to say: optional.
    assert!(!checkin.contains(&"crisis_resources".to_owned()));
    assert!(!required("TokenResponse").contains(&"client_id".to_owned()));
    assert!(!required("Problem").contains(&"errors".to_owned()));
    for page in ["Page_CheckinResponse", "Page_ClientResponse"] {
        assert_eq!(required(page), ["items", "next_cursor"], "{page}");
    }
    // A body the phone sends too keeps its optional fields optional.
    assert!(!required("ReminderSettingsBody").contains(&"quiet_hours".to_owned()));
}

#[test]
fn editable_records_document_their_entity_tags_and_every_error_its_headers() {
    let doc = openapi_document();
    let mut preconditions = 0;
    for (route, operation) in operations(&doc) {
        let takes_if_match = operation["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|p| p["in"] == "header" && p["name"] == "If-Match");
        let answers = operation["responses"].as_object().expect("responses");
        if takes_if_match {
            preconditions += 1;
            assert!(answers.contains_key("412"), "{route}: 412");
            let tagged = answers
                .iter()
                .filter(|(status, _)| status.starts_with('2') && *status != "204")
                .all(|(_, answer)| answer["headers"]["ETag"].is_object());
            assert!(tagged, "{route}: ETag on its answers");
        }
        for (status, answer) in answers {
            let answer = match answer["$ref"].as_str() {
                Some(r) => {
                    &doc["components"]["responses"][r.rsplit('/').next().unwrap_or_default()]
                }
                None => answer,
            };
            let header = match status.as_str() {
                "401" => "WWW-Authenticate",
                "429" | "503" => "Retry-After",
                _ => continue,
            };
            assert_eq!(
                answer["headers"][header]["required"], true,
                "{route} {status}"
            );
        }
    }
    assert!(
        preconditions >= 12,
        "{preconditions} operations take If-Match"
    );
}

#[test]
fn the_main_writes_show_an_example_body() {
    let doc = openapi_document();
    for (path, method) in [
        ("/api/v1/therapists", "post"),
        ("/api/v1/auth/login", "post"),
        ("/api/v1/auth/invite", "post"),
        ("/api/v1/clients", "post"),
        ("/api/v1/clients/{client_id}/checkins", "post"),
        ("/api/v1/clients/{client_id}/exercise-logs", "post"),
        ("/api/v1/clients/{client_id}/homework", "post"),
        ("/api/v1/clients/{client_id}/relationships", "post"),
        ("/api/v1/clients/{client_id}/reminders", "put"),
        ("/api/v1/clients/{client_id}/devices", "post"),
    ] {
        let body = &doc["paths"][path][method]["requestBody"]["content"]["application/json"];
        assert!(body["example"].is_object(), "{method} {path}: {body}");
    }
}
