//! The whole pipeline at the size of the complete event reference (130 synthetic events with
//! nested objects, enumerations, numbers, multi-dot types, both page formats): the generated crate
//! compiles without warnings and parses every documented example to its typed variant.

use std::path::Path;
use std::process::Command;

use seam_codegen::rust::{CrateOptions, files};

const EVENTS: usize = 130;

const TEST: &str = r#"
use seam_events_synthetic::SeamEvent;

#[test]
fn every_example_parses_to_its_variant_and_round_trips() {
    let examples: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("../examples.json")).unwrap();
    assert_eq!(examples.len(), EXPECTED);
    for example in examples {
        let bytes = serde_json::to_vec(&example).unwrap();
        let event = SeamEvent::from_slice(&bytes).unwrap();
        assert!(event.kind().is_some(), "{example}");
        assert_eq!(event.event_type(), example["event_type"].as_str().unwrap());
        let generic: SeamEvent = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(generic, event);
        let back = serde_json::to_vec(&event).unwrap();
        assert_eq!(SeamEvent::from_slice(&back).unwrap(), event);
    }
}
"#;

#[test]
fn a_complete_reference_sized_crate_compiles_and_parses_every_example() {
    let imported =
        seam_schema::import(&synthetic::pages(EVENTS), Some(&synthetic::overrides())).unwrap();
    let schema = imported.schema;
    let dir = tempfile::tempdir().unwrap();
    let options = CrateOptions {
        package: "seam-events-synthetic",
        dir: "crate",
        publish: false,
    };
    for file in files(&seam_codegen::plan::plan(&schema).unwrap(), &options).unwrap() {
        let path = dir.path().join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, file.contents).unwrap();
    }
    let krate = dir.path().join("crate");
    let examples: Vec<&serde_json::Value> = schema.events.iter().map(|e| &e.example).collect();
    std::fs::write(
        krate.join("examples.json"),
        serde_json::to_string(&examples).unwrap(),
    )
    .unwrap();
    std::fs::create_dir_all(krate.join("tests")).unwrap();
    std::fs::write(
        krate.join("tests/examples.rs"),
        TEST.replace("EXPECTED", &EVENTS.to_string()),
    )
    .unwrap();
    // A workspace of its own, not ours.
    let manifest = std::fs::read_to_string(krate.join("Cargo.toml")).unwrap();
    std::fs::write(
        krate.join("Cargo.toml"),
        format!("{manifest}\n[workspace]\n"),
    )
    .unwrap();
    // Same versions as the workspace, offline: nothing is fetched.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["test", "--offline", "--quiet"])
        .current_dir(&krate)
        .env("CARGO_TARGET_DIR", root.join("target/synthetic-crate"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the generated crate failed:\n{stderr}\n{stdout}"
    );
    assert!(
        !stderr.contains("warning"),
        "the generated crate has warnings:\n{stderr}"
    );
    assert!(stdout.contains("1 passed"), "{stdout}");
}
