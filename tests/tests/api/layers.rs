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
            "conditional",
            "configuration",
            "credentials",
            "db",
            "error",
            "extract",
            "group_commit",
            "i18n",
            "identity",
            "lease",
            "mail",
            "observability",
            "outbox",
            "pagination",
            "push",
            "telemetry",
            "wire",
        ],
    ),
    ("domain", &["aggregate", "client_record", "domain"]),
    // Every top-level module not named in another layer is a feature: a new feature edits
    // nothing here. A new module of another layer that is not named falls to the features, so
    // the lower modules that import it fail this test until it is placed.
    ("features", &[]),
    (
        "aggregators",
        &["backup", "dashboard", "privacy", "records", "sync"],
    ),
    ("http", &["openapi", "ops", "pages", "startup", "state"]),
];

/// Imports that point up today: (file's module, imported module, why it is still there). The
/// list only shrinks; it is empty, and a new line needs a reason a reviewer accepts.
const ALLOWED: &[(&str, &str, &str)] = &[];

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

/// One import between top-level modules: (importing module, imported module), with the
/// importing file's layer.
struct Import {
    from: String,
    to: String,
    file: String,
    layer: usize,
}

/// Every `crate::…` import of `server/src` between two top-level modules (unit-test modules
/// aside).
fn imports(layer_of: &BTreeMap<String, usize>) -> Vec<Import> {
    let http = LAYERS.len() - 1;
    let root = source_root();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut found = Vec::new();
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
        let module_layer = layer_of[module.as_str()];
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
            if target != module && layer_of.contains_key(target.as_str()) {
                found.push(Import {
                    from: module.clone(),
                    to: target,
                    file: relative.clone(),
                    layer,
                });
            }
        }
    }
    found
}

/// Each top-level module of `server/src` (`main` and `lib` aside) with its layer: the one
/// `LAYERS` names it in, or the features'.
fn layer_of() -> BTreeMap<String, usize> {
    let features = LAYERS
        .iter()
        .position(|(name, _)| *name == "features")
        .expect("a features layer");
    let named: BTreeMap<&str, usize> = LAYERS
        .iter()
        .enumerate()
        .flat_map(|(n, (_, modules))| modules.iter().map(move |m| (*m, n)))
        .collect();
    let mut layers = BTreeMap::new();
    for entry in std::fs::read_dir(source_root()).expect("the source folder") {
        let path = entry.expect("an entry").path();
        let name = path
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        if !(path.is_dir() || path.extension().is_some_and(|e| e == "rs"))
            || name == "main"
            || name == "lib"
        {
            continue;
        }
        let layer = named.get(name.as_str()).copied().unwrap_or(features);
        layers.insert(name, layer);
    }
    layers
}

#[test]
fn no_module_imports_from_a_higher_layer_except_the_listed_ones() {
    let layer_of = layer_of();
    let missing: Vec<_> = LAYERS
        .iter()
        .flat_map(|(_, modules)| modules.iter())
        .filter(|m| !layer_of.contains_key(**m))
        .collect();
    assert!(
        missing.is_empty(),
        "LAYERS names modules that do not exist: {missing:?}"
    );
    let imports = imports(&layer_of);
    let mut upward: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for import in imports {
        if layer_of[import.to.as_str()] > import.layer {
            upward
                .entry((import.from, import.to))
                .or_default()
                .insert(import.file);
        }
    }
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

type Graph = BTreeMap<String, BTreeMap<String, String>>;

/// A cycle of `graph` (module → imported module → the file that imports it), if it has one, as
/// the modules along it, the first again at the end.
fn first_cycle(graph: &Graph) -> Option<Vec<String>> {
    // Depth-first; a module met again while it is still on the path closes a cycle.
    fn visit(
        module: &str,
        graph: &Graph,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|m| m == module) {
            let mut cycle = path[at..].to_vec();
            cycle.push(module.to_owned());
            return Some(cycle);
        }
        if done.contains(module) {
            return None;
        }
        path.push(module.to_owned());
        for next in graph.get(module).into_iter().flat_map(BTreeMap::keys) {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(module.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|module| visit(module, graph, &mut Vec::new(), &mut done))
}

/// Below the HTTP layer, the top-level modules import each other without a cycle: a module
/// can be read, tested and changed knowing only what is beneath it. (Sideways imports inside a
/// layer are allowed; a cycle among them is not.)
#[test]
fn the_modules_below_the_http_layer_import_each_other_without_a_cycle() {
    let layer_of = layer_of();
    let http = LAYERS.len() - 1;
    let mut graph = Graph::new();
    for import in imports(&layer_of) {
        if import.layer < http && layer_of[import.to.as_str()] < http {
            graph
                .entry(import.from)
                .or_default()
                .entry(import.to)
                .or_insert(import.file);
        }
    }
    assert!(graph.len() > 20, "the import graph was not read: {graph:?}");
    if let Some(cycle) = first_cycle(&graph) {
        let steps: Vec<String> = cycle
            .windows(2)
            .map(|w| format!("{} → {} ({})", w[0], w[1], graph[&w[0]][&w[1]]))
            .collect();
        panic!(
            "an import cycle below the HTTP layer:\n{}",
            steps.join("\n")
        );
    }
}

/// The search the cycle test relies on finds a cycle where there is one, and none in a graph
/// whose modules share an import without a cycle.
#[test]
fn the_cycle_search_finds_a_cycle_and_only_a_cycle() {
    let graph = |edges: &[(&str, &str)]| {
        let mut graph = Graph::new();
        for (from, to) in edges {
            graph
                .entry((*from).to_owned())
                .or_default()
                .insert((*to).to_owned(), format!("{from}.rs"));
        }
        graph
    };
    assert_eq!(
        first_cycle(&graph(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    assert_eq!(
        first_cycle(&graph(&[("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")])),
        None
    );
    assert_eq!(
        imported("use crate::{a::X, b};\nfn f() { crate::c::g(); }"),
        ["a", "b", "c"].iter().map(|s| (*s).to_owned()).collect()
    );
}
