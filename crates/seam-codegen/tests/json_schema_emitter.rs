//! The JSON Schema emitter on the fixture schema: snapshots, meta-schema validity, examples.

mod common;

use common::fixture;
use seam_codegen::json_schema::{BUNDLE_FILE, DIR, event_file, files};
use serde_json::{Value, json};

/// The emitted files of the fixture, parsed, by path relative to [`DIR`].
fn emitted() -> Vec<(String, Value)> {
    let schema = fixture();
    files(&schema, &seam_codegen::Publish::unpublished())
        .unwrap()
        .into_iter()
        // The README is prose (its text: templates/json-schema/README.md).
        .filter(|f| f.path.extension().is_some_and(|e| e == "json"))
        .map(|f| {
            let rel = f
                .path
                .strip_prefix(DIR)
                .unwrap()
                .to_string_lossy()
                .trim_start_matches('/')
                .to_owned();
            (rel, serde_json::from_str(&f.contents).unwrap())
        })
        .collect()
}

fn file(name: &str) -> Value {
    emitted()
        .into_iter()
        .find(|(rel, _)| rel == name)
        .unwrap()
        .1
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(schema)
        .unwrap()
}

#[test]
fn emitted_files_match_their_snapshots() {
    for (rel, value) in emitted() {
        insta::assert_json_snapshot!(rel.replace(['/', '.'], "_"), value);
    }
}

#[test]
fn every_file_is_a_valid_2020_12_schema() {
    for (rel, value) in emitted() {
        if rel == "index.json" {
            continue;
        }
        assert_eq!(
            value["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{rel}"
        );
        jsonschema::meta::validate(&value).unwrap_or_else(|e| panic!("{rel}: {e}"));
    }
}

#[test]
fn examples_validate_against_their_file_and_the_bundle() {
    let bundle = validator(&file(BUNDLE_FILE));
    for event in &fixture().events {
        let own = validator(&file(&event_file(&event.event_type)));
        assert!(own.is_valid(&event.example), "{}", event.event_type);
        let errors: Vec<String> = bundle
            .iter_errors(&event.example)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", event.event_type);
    }
}

#[test]
fn the_bundle_is_the_documented_contract() {
    let bundle = validator(&file(BUNDLE_FILE));
    let example = fixture().event("lock.unlocked").unwrap().example.clone();
    let with = |pointer: &str, value: Value| {
        let mut v = example.clone();
        *v.pointer_mut(pointer).unwrap() = value;
        v
    };
    let mut extra = example.clone();
    extra["unlisted"] = json!({ "a": 1 });
    assert!(bundle.is_valid(&extra), "additional properties are allowed");
    for (why, bad) in [
        ("event_type is a number", with("/event_type", json!(7))),
        (
            "unknown event type",
            with("/event_type", json!("lock.jammed")),
        ),
        (
            "undocumented enumeration value",
            with("/method", json!("retina_scan")),
        ),
        (
            "nested wrong type",
            with("/details/battery/level", json!("high")),
        ),
        ("malformed UUID", with("/event_id", json!("not-a-uuid"))),
        (
            "malformed timestamp",
            with("/created_at", json!("yesterday")),
        ),
        ("wrong item type", with("/tags/0", json!(1))),
    ] {
        assert!(!bundle.is_valid(&bad), "{why}");
    }
    let mut missing = example.clone();
    missing.as_object_mut().unwrap().remove("event_id");
    assert!(!bundle.is_valid(&missing), "a required property is missing");
}

#[test]
fn shared_shapes_are_defined_once() {
    let bundle = file(BUNDLE_FILE);
    let defs = bundle["$defs"].as_object().unwrap();
    assert!(defs.contains_key("seam_error"));
    let text = bundle.to_string();
    assert_eq!(
        text.matches("\"error_code\":").count(),
        1,
        "seam_error is written once"
    );
    // Three types routed in groups of two (⌈√3⌉): one group of two, one type alone.
    let all_of = bundle["allOf"].as_array().unwrap();
    assert_eq!(all_of.len(), 2);
    assert_eq!(
        all_of[1]["then"]["$ref"],
        format!(
            "#/$defs/{}",
            all_of[1]["if"]["properties"]["event_type"]["const"]
                .as_str()
                .unwrap()
        )
    );
    let group = all_of[0]["then"]["$ref"]
        .as_str()
        .unwrap()
        .replace("#/$defs/", "");
    assert_eq!(defs[&group]["allOf"].as_array().unwrap().len(), 2);
    let index = file("index.json");
    assert_eq!(index["events"].as_array().unwrap().len(), 3);
    assert_eq!(
        index["events"][1]["file"],
        "events/lock.unlocked.schema.json"
    );
}
