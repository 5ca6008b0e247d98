//! Black-box tests over HTTP against the real application.

mod accounts;
mod accounts_security;
mod checkins;
mod clients;
mod concurrency;
mod conflicts;
mod courses;
mod danger;
mod dashboard;
mod devices;
mod erasure_at_rest;
mod errors;
mod formulation;
mod i18n;
mod inventory;
mod layers;
mod limits;
mod lockout;
mod matrix;
mod openapi;
mod operations;
mod pages;
mod phone_sign_in;
mod privacy;
mod push;
mod readings;
mod records;
mod regions;
mod registry;
mod relapse;
mod reminders;
mod resync;
mod safety;
mod safety_net;
mod safety_plan;
mod schema;
mod seed;
mod sessions;
mod sync;
mod totp;

/// Every file of this folder is a module of the suite: a test file left out of the list above
/// would never be compiled or run, and nothing else would notice.
#[test]
fn every_test_file_is_part_of_the_suite() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/api");
    let listed = std::fs::read_to_string(folder.join("main.rs")).expect("main.rs");
    let mut files = 0;
    for entry in std::fs::read_dir(&folder).expect("the suite's folder") {
        let path = entry.expect("an entry").path();
        let Some(name) = path.file_stem().and_then(|n| n.to_str()) else {
            continue;
        };
        if path.extension().is_some_and(|e| e == "rs") && name != "main" {
            files += 1;
            assert!(
                listed
                    .lines()
                    .any(|line| line.trim() == format!("mod {name};")),
                "tests/api/{name}.rs is not a module of the suite: add `mod {name};` to main.rs"
            );
        }
    }
    assert!(files > 30, "the suite's files were not found ({files})");
}
