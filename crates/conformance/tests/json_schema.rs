//! `generated/json-schema` against every documented example, with a real validator, and against
//! the JSON Schema the Rust crate derives with schemars.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{Value, json};

const DIR: &str = "generated/json-schema";

fn read(rel: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(DIR)
        .join(rel);
    serde_json::from_str(
        &std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .unwrap()
}

#[test]
fn every_file_is_a_valid_2020_12_schema_listed_in_the_index() {
    let index = read("index.json");
    let bundle = read(index["bundle"]["file"].as_str().unwrap());
    jsonschema::meta::validate(&bundle).unwrap();
    assert_eq!(bundle["$id"], index["bundle"]["$id"]);
    let schema = conformance::schema("schema/events.json");
    let listed: Vec<&str> = index["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event_type"].as_str().unwrap())
        .collect();
    let documented: Vec<&str> = schema
        .events
        .iter()
        .map(|e| e.event_type.as_str())
        .collect();
    assert_eq!(listed, documented);
    for entry in index["events"].as_array().unwrap() {
        let file = read(entry["file"].as_str().unwrap());
        jsonschema::meta::validate(&file).unwrap_or_else(|e| panic!("{entry}: {e}"));
        assert_eq!(file["$id"], entry["$id"]);
        assert_eq!(file["title"], entry["event_type"]);
    }
}

#[test]
fn every_example_validates_against_its_file_and_the_bundle() {
    let bundle = conformance::validator(&read("seam-event.schema.json"));
    for event in &conformance::schema("schema/events.json").events {
        let own = read(&format!("events/{}.schema.json", event.event_type));
        assert_eq!(
            own["examples"][0], event.example,
            "the file carries the example"
        );
        let errors: Vec<String> = conformance::validator(&own)
            .iter_errors(&event.example)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", event.event_type);
        let errors: Vec<String> = bundle
            .iter_errors(&event.example)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", event.event_type);
    }
}

#[test]
fn every_observed_payload_validates_against_its_file_and_the_bundle() {
    let bundle = conformance::validator(&read("seam-event.schema.json"));
    let payloads = conformance::observed_payloads();
    assert!(!payloads.is_empty(), "schema/payloads/ holds payloads");
    for (file, payload) in &payloads {
        let event_type = payload["event_type"].as_str().unwrap();
        let own = conformance::validator(&read(&format!("events/{event_type}.schema.json")));
        for (which, validator) in [("its own file", &own), ("the bundle", &bundle)] {
            let errors: Vec<String> = validator
                .iter_errors(payload)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{file} against {which}: {errors:?}");
        }
    }
}

#[test]
fn the_bundle_rejects_what_the_docs_rule_out() {
    let bundle = conformance::validator(&read("seam-event.schema.json"));
    for event in &conformance::schema("schema/events.json").events {
        let example = conformance::example(event);
        let with = |key: &str, value: Value| {
            let mut v = example.clone();
            v.insert(key.into(), value);
            Value::Object(v)
        };
        assert!(
            bundle.is_valid(&with("zz_unlisted", json!([1]))),
            "additional properties are allowed"
        );
        assert!(
            !bundle.is_valid(&with("event_type", json!(7))),
            "{}: event_type a number",
            event.event_type
        );
        assert!(!bundle.is_valid(&with("event_type", json!("no.such_event"))));
        assert!(!bundle.is_valid(&with("event_id", json!("not-a-uuid"))));
        assert!(!bundle.is_valid(&with("created_at", json!("yesterday"))));
        for (name, p) in event.properties.iter().filter(|(_, p)| p.always_present()) {
            let mut missing = example.clone();
            missing.remove(name);
            assert!(
                !bundle.is_valid(&Value::Object(missing)),
                "{}: without {name}",
                event.event_type
            );
            if p.ty != seam_schema::Type::Any {
                assert!(
                    !bundle.is_valid(&with(name, conformance::wrong_value(&p.ty))),
                    "{}.{name}",
                    event.event_type
                );
            }
        }
    }
}

/// The JSON type a property schema admits, following `$ref`s, ignoring `null` (schemars adds it
/// to `Option`s).
fn kind(schema: &Value, root: &Value) -> String {
    if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
        let pointer = target.trim_start_matches('#');
        return kind(root.pointer(pointer).unwrap_or(&Value::Null), root);
    }
    for combinator in ["anyOf", "oneOf"] {
        if let Some(options) = schema.get(combinator).and_then(Value::as_array) {
            let kinds: BTreeSet<String> = options
                .iter()
                .map(|o| kind(o, root))
                .filter(|k| k != "null")
                .collect();
            return kinds.into_iter().collect::<Vec<_>>().join("|");
        }
    }
    match schema.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .collect::<Vec<_>>()
            .join("|"),
        _ => "any".into(),
    }
}

/// Compares the schemars output of a generated crate's `SeamEvent` with the emitted files.
fn agree(derived: Value, schema: &seam_schema::Schema, ours_for: &dyn Fn(&str) -> Value) {
    let defs = derived["$defs"].as_object().unwrap();
    for event in &schema.events {
        let ours = ours_for(&event.event_type);
        let theirs = defs
            .values()
            .find(|d| d["properties"]["event_type"]["const"] == event.event_type.as_str())
            .unwrap_or_else(|| panic!("schemars has no struct for {}", event.event_type));
        let names = |s: &Value| {
            s["properties"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect::<BTreeSet<_>>()
        };
        let required = |s: &Value| {
            s["required"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_owned())
                .collect::<BTreeSet<_>>()
        };
        assert_eq!(
            names(theirs),
            names(&ours),
            "{}: property names",
            event.event_type
        );
        assert_eq!(
            required(theirs),
            required(&ours),
            "{}: required",
            event.event_type
        );
        for name in names(&ours) {
            let (a, b) = (&ours["properties"][&name], &theirs["properties"][&name]);
            assert_eq!(
                kind(a, &ours),
                kind(b, &derived),
                "{}.{name}: type",
                event.event_type
            );
            if kind(a, &ours) == "array" {
                assert_eq!(
                    kind(&a["items"], &ours),
                    kind(&b["items"], &derived),
                    "{}.{name}[]",
                    event.event_type
                );
            }
        }
    }
}

#[test]
fn schemars_output_of_the_crate_agrees_on_names_types_and_required_sets() {
    let derived = serde_json::to_value(schemars::schema_for!(seam_events::SeamEvent)).unwrap();
    let schema = conformance::schema("schema/events.json");
    agree(derived, &schema, &|et| {
        read(&format!("events/{et}.schema.json"))
    });
}

#[test]
fn schemars_output_of_the_fixture_crate_agrees_too() {
    let derived =
        serde_json::to_value(schemars::schema_for!(seam_events_fixture::SeamEvent)).unwrap();
    let schema = conformance::schema("schema/fixture/events.json");
    let files =
        seam_codegen::json_schema::files(&schema, &seam_codegen::Publish::unpublished()).unwrap();
    agree(derived, &schema, &|et| {
        let name = format!("/events/{et}.schema.json");
        let file = files
            .iter()
            .find(|f| f.path.to_string_lossy().ends_with(&name))
            .unwrap();
        serde_json::from_str(&file.contents).unwrap()
    });
}

#[test]
fn a_complete_reference_sized_bundle_validates_every_example() {
    let schema = seam_schema::import(&synthetic::pages(130), Some(&synthetic::overrides()))
        .unwrap()
        .schema;
    let files =
        seam_codegen::json_schema::files(&schema, &seam_codegen::Publish::unpublished()).unwrap();
    let bundle: Value = files
        .iter()
        .find(|f| f.path.ends_with("seam-event.schema.json"))
        .map(|f| serde_json::from_str(&f.contents).unwrap())
        .unwrap();
    jsonschema::meta::validate(&bundle).unwrap();
    // Every event and shared definition under `$defs`, nested shapes inline; each event routed
    // to its own schema in steps of at most ⌈√n⌉ conditions (12 for 130 types).
    let (routes, widest) = conformance::routes(&bundle);
    assert_eq!(routes.len(), schema.events.len());
    for (event_type, def) in &routes {
        assert_eq!(event_type, def);
    }
    assert_eq!(widest, 12);
    let bundle = conformance::validator(&bundle);
    for event in &schema.events {
        let errors: Vec<String> = bundle
            .iter_errors(&event.example)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", event.event_type);
    }
}
