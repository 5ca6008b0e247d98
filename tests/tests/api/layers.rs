//! The server's layers point one way (ARCHITECTURE.md, "Layers"): foundation → domain →
//! features → aggregators → HTTP. A file may use a module of its own layer or a lower one; a
//! feature's `routes.rs` belongs to the HTTP layer. This test reads every `crate::…` path in
//! `server/src` (test modules aside) and fails for an import that points up and is not on the
//! allow-list below, each line of which says why it is still there. The list only shrinks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first.
const LAYERS: [(&str, &[&str]); 5] = [
    (
        "foundation",
        &[
            "at_rest",
            "body_deadline",
            "client_addr",
            "clock",
            "configuration",
            "db",
            "error",
            "extract",
            "group_commit",
            "i18n",
            "identity",
            "lease",
            "mail",
            "observability",
            "pagination",
            "push",
            "telemetry",
            "wire",
        ],
    ),
    ("domain", &["domain"]),
    (
        "features",
        &[
            "account_tokens",
            "accounts",
            "audit",
            "auth",
            "checkins",
            "clients",
            "courses",
            "devices",
            "documents",
            "exercises",
            "formulation",
            "homework",
            "limits",
            "mfa",
            "readings",
            "relapse_plan",
            "relationships",
            "reminders",
            "risk_screens",
            "safety",
            "safety_plan",
            "seed",
            "sessions",
            "sign_ins",
            "write",
        ],
    ),
    (
        "aggregators",
        &["backup", "dashboard", "privacy", "records", "sync"],
    ),
    ("http", &["openapi", "ops", "pages", "startup", "state"]),
];

/// Imports that point up today: (file's module, imported module, why it is still there).
const ALLOWED: &[(&str, &str, &str)] = &[
    (
        "auth",
        "state",
        "the Principal extractor reads the token through AppState; Principal and Actor move to a leaf identity module",
    ),
    (
        "configuration",
        "seed",
        "the seed command's arguments are part of the command line; the seeder leaves the server library",
    ),
    (
        "error",
        "safety",
        "a refused check-in's problem carries crisis resources; to become a generic problem extension",
    ),
];

fn source_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a source folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules a source text names as `crate::x` (also inside `crate::{x, y}`).
fn imported(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                found.insert(name);
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.insert(name);
        }
    }
    found
}

#[test]
fn no_module_imports_from_a_higher_layer_except_the_listed_ones() {
    let layer_of: BTreeMap<&str, usize> = LAYERS
        .iter()
        .enumerate()
        .flat_map(|(n, (_, modules))| modules.iter().map(move |m| (*m, n)))
        .collect();
    let http = LAYERS.len() - 1;
    let root = source_root();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut unplaced = BTreeSet::new();
    let mut upward: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let relative = file
            .strip_prefix(&root)
            .expect("below the root")
            .to_string_lossy()
            .replace('\\', "/");
        let module = relative
            .split('/')
            .next()
            .unwrap_or_default()
            .trim_end_matches(".rs")
            .to_owned();
        if module == "main" || module == "lib" {
            continue;
        }
        let Some(&module_layer) = layer_of.get(module.as_str()) else {
            unplaced.insert(module);
            continue;
        };
        let layer = if relative.ends_with("/routes.rs") {
            http
        } else {
            module_layer
        };
        let text = std::fs::read_to_string(file).expect("a source file");
        // Unit tests sit in a `#[cfg(test)] mod tests` at the end of a file; they may reach
        // anything.
        let code = text
            .split("#[cfg(test)]\nmod tests")
            .next()
            .unwrap_or_default();
        for target in imported(code) {
            if target == module {
                continue;
            }
            if let Some(&target_layer) = layer_of.get(target.as_str())
                && target_layer > layer
            {
                upward
                    .entry((module.clone(), target))
                    .or_default()
                    .insert(relative.clone());
            }
        }
    }
    assert!(
        unplaced.is_empty(),
        "top-level modules in no layer (place them in LAYERS): {unplaced:?}"
    );
    let allowed: BTreeSet<(String, String)> = ALLOWED
        .iter()
        .map(|(from, to, why)| {
            assert!(!why.is_empty(), "{from} → {to} needs a reason");
            ((*from).to_owned(), (*to).to_owned())
        })
        .collect();
    let new: Vec<_> = upward
        .iter()
        .filter(|(edge, _)| !allowed.contains(*edge))
        .map(|((from, to), files)| format!("{from} → {to} in {files:?}"))
        .collect();
    assert!(
        new.is_empty(),
        "imports that point to a higher layer:\n{}",
        new.join("\n")
    );
    let stale: Vec<_> = allowed
        .iter()
        .filter(|edge| !upward.contains_key(*edge))
        .collect();
    assert!(
        stale.is_empty(),
        "allowed upward imports that are gone (remove them from ALLOWED): {stale:?}"
    );
}
