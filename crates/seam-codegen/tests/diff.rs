//! The schema diff: one before/after pair of schemas per kind of change, each with the verdict
//! expected of every consumer (the Rust crate, JSON Schema validators, TypeScript readers, the
//! wire), and the JSON output's stable order and schema.

use seam_codegen::diff::{Level, Report, diff, report_schema};
use seam_codegen::plan::{Names, plan_with};
use serde_json::{Value, json};

mod common;

use Level::{Major, Minor, Patch};

/// The fixture schema as JSON, to edit.
fn fixture_json() -> Value {
    serde_json::to_value(common::fixture()).unwrap()
}

fn lock(schema: &mut Value) -> &mut Value {
    schema["events"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|e| e["event_type"] == "lock.unlocked")
        .unwrap()
}

fn prop<'a>(schema: &'a mut Value, name: &str) -> &'a mut Value {
    &mut lock(schema)["properties"][name]
}

/// The report of `before` against `after`, each planned as codegen plans it (the old side keeps
/// the new side's names where the places agree).
fn report(before: &Value, after: &Value) -> Report {
    let old: seam_schema::Schema = serde_json::from_value(before.clone()).unwrap();
    let new: seam_schema::Schema = serde_json::from_value(after.clone()).unwrap();
    let new_names = plan_with(&new, &Names::default()).unwrap().names;
    let old_names = plan_with(&old, &new_names).unwrap().names;
    diff("before", &old, &new, &old_names, &new_names)
}

/// One case: a change made to the fixture (`edit` turns the before into the after, or the
/// after into the before when `reverse`), the kind expected, and each consumer's verdict.
struct Case {
    name: &'static str,
    edit: fn(&mut Value),
    reverse: bool,
    kind: &'static str,
    path: &'static str,
    verdicts: [Level; 4],
}

const fn case(
    name: &'static str,
    edit: fn(&mut Value),
    reverse: bool,
    kind: &'static str,
    path: &'static str,
    verdicts: [Level; 4],
) -> Case {
    Case {
        name,
        edit,
        reverse,
        kind,
        path,
        verdicts,
    }
}

fn remove_lock(s: &mut Value) {
    s["events"]
        .as_array_mut()
        .unwrap()
        .retain(|e| e["event_type"] != "lock.unlocked");
}

fn add_property(s: &mut Value, presence: &str) {
    let p = prop(s, "is_remote").clone();
    let mut p = p;
    p["presence"]["value"] = json!(presence);
    lock(s)["properties"]["is_new"] = p;
}

const CASES: &[Case] = &[
    // [rust, json_schema, typescript, wire]
    case(
        "an event added",
        remove_lock,
        true,
        "event_added",
        "",
        [Minor, Minor, Minor, Minor],
    ),
    case(
        "an event removed",
        remove_lock,
        false,
        "event_removed",
        "",
        [Major, Major, Major, Minor],
    ),
    case(
        "an optional property added",
        |s| add_property(s, "may_be_absent"),
        false,
        "property_added",
        "is_new",
        [Minor, Minor, Minor, Minor],
    ),
    case(
        "a property in every payload added",
        |s| add_property(s, "always"),
        false,
        "property_added",
        "is_new",
        [Major, Major, Minor, Major],
    ),
    case(
        "an optional property removed",
        |s| {
            lock(s)["properties"]
                .as_object_mut()
                .unwrap()
                .remove("is_remote");
        },
        false,
        "property_removed",
        "is_remote",
        [Major, Minor, Major, Minor],
    ),
    case(
        "a property in every payload removed",
        |s| {
            lock(s)["properties"].as_object_mut().unwrap().remove("key");
        },
        false,
        "property_removed",
        "key",
        [Major, Minor, Major, Major],
    ),
    case(
        "a type changed to another",
        |s| *prop(s, "key") = json!({"kind": "boolean", "description": "", "presence": {"value": "always", "source": "docs"}, "nullable": {"value": false, "source": "docs"}}),
        false,
        "type_changed",
        "key",
        [Major, Major, Major, Major],
    ),
    case(
        "a free-form object given properties (the type narrows)",
        |s| {
            prop(s, "metadata")["properties"] = json!({"name": {"kind": "string", "description": "", "presence": {"value": "always", "source": "docs"}, "nullable": {"value": false, "source": "docs"}}});
        },
        false,
        "type_changed",
        "metadata",
        [Major, Major, Minor, Major],
    ),
    case(
        "an integer becomes a number (the type widens)",
        |s| prop(s, "attempts")["kind"] = json!("number"),
        false,
        "type_changed",
        "attempts",
        [Major, Minor, Patch, Major],
    ),
    case(
        "a string becomes any value (the type widens)",
        |s| *prop(s, "type") = json!({"kind": "any", "description": "", "presence": {"value": "always", "source": "docs"}, "nullable": {"value": false, "source": "docs"}}),
        false,
        "type_changed",
        "type",
        [Major, Minor, Major, Major],
    ),
    case(
        "a format added",
        |s| prop(s, "key")["format"] = json!("uuid"),
        false,
        "format_changed",
        "key",
        [Major, Major, Patch, Major],
    ),
    case(
        "a format removed",
        |s| {
            prop(s, "event_id")
                .as_object_mut()
                .unwrap()
                .remove("format");
        },
        false,
        "format_changed",
        "event_id",
        [Major, Minor, Patch, Major],
    ),
    case(
        "an enumeration value added",
        |s| {
            prop(s, "method")["values"]
                .as_array_mut()
                .unwrap()
                .push(json!("widget"))
        },
        false,
        "enum_values_added",
        "method",
        [Minor, Minor, Minor, Minor],
    ),
    case(
        "an enumeration value removed",
        |s| {
            prop(s, "method")["values"].as_array_mut().unwrap().pop();
        },
        false,
        "enum_values_removed",
        "method",
        [Major, Major, Minor, Minor],
    ),
    case(
        "a property may now be absent",
        |s| prop(s, "key")["presence"]["value"] = json!("may_be_absent"),
        false,
        "presence_changed",
        "key",
        [Major, Minor, Major, Major],
    ),
    case(
        "a property now in every payload",
        |s| prop(s, "code")["presence"]["value"] = json!("always"),
        false,
        "presence_changed",
        "code",
        [Major, Major, Minor, Major],
    ),
    case(
        "a property may now be null",
        |s| prop(s, "key")["nullable"]["value"] = json!(true),
        false,
        "nullability_changed",
        "key",
        [Major, Minor, Major, Major],
    ),
    case(
        "a property no longer null",
        |s| prop(s, "battery_level")["nullable"]["value"] = json!(false),
        false,
        "nullability_changed",
        "battery_level",
        [Major, Major, Minor, Major],
    ),
    case(
        "a description changed",
        |s| prop(s, "key")["description"] = json!("Another description."),
        false,
        "description_changed",
        "key",
        [Patch, Patch, Patch, Patch],
    ),
    case(
        "an item type changed",
        |s| prop(s, "tags")["items"] = json!({"kind": "boolean"}),
        false,
        "type_changed",
        "tags[]",
        [Major, Major, Major, Major],
    ),
];

#[test]
fn every_kind_of_change_gets_each_consumers_verdict() {
    for case in CASES {
        let mut edited = fixture_json();
        (case.edit)(&mut edited);
        let (before, after) = if case.reverse {
            (edited, fixture_json())
        } else {
            (fixture_json(), edited)
        };
        let report = report(&before, &after);
        let change = report
            .changes
            .iter()
            .find(|c| c.kind.name() == case.kind)
            .unwrap_or_else(|| panic!("{}: no {} in {:#?}", case.name, case.kind, report.changes));
        assert_eq!(
            (change.scope.as_str(), change.path.as_str()),
            ("lock.unlocked", case.path),
            "{}",
            case.name
        );
        let v = &change.verdicts;
        assert_eq!(
            [
                v.rust.level,
                v.json_schema.level,
                v.typescript.level,
                v.wire.level
            ],
            case.verdicts,
            "{}: {v:#?}",
            case.name
        );
        for verdict in [&v.rust, &v.json_schema, &v.typescript, &v.wire] {
            assert!(!verdict.reason.is_empty(), "{}", case.name);
        }
        // The summary is the worst of each consumer.
        assert!(report.summary.rust >= v.rust.level && report.summary.wire >= v.wire.level);
    }
}

#[test]
fn type_names_added_renamed_and_removed() {
    let fixture = fixture_json();
    let schema: seam_schema::Schema = serde_json::from_value(fixture.clone()).unwrap();
    let names = plan_with(&schema, &Names::default()).unwrap().names;
    let mut renamed = names.clone();
    let place = renamed
        .0
        .keys()
        .find(|p| p.starts_with("event lock.unlocked method"))
        .unwrap()
        .clone();
    renamed.0.insert(place.clone(), "LockUnlockedHow".into());
    let report = diff("before", &schema, &schema, &renamed, &names);
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
    let c = &report.changes[0];
    assert_eq!(
        (c.kind.name(), c.scope.as_str(), c.path.as_str()),
        ("type_name_renamed", "names", place.as_str())
    );
    assert_eq!(
        [
            c.verdicts.rust.level,
            c.verdicts.json_schema.level,
            c.verdicts.typescript.level,
            c.verdicts.wire.level
        ],
        [Major, Patch, Major, Patch]
    );

    let mut fewer = names.clone();
    fewer.0.remove(&place);
    let added = diff("before", &schema, &schema, &fewer, &names);
    assert_eq!(added.changes[0].kind.name(), "type_name_added");
    assert_eq!(added.summary.rust, Minor);
    let removed = diff("before", &schema, &schema, &names, &fewer);
    assert_eq!(removed.changes[0].kind.name(), "type_name_removed");
    assert_eq!(removed.summary.typescript, Major);
}

#[test]
fn shared_shapes_added_and_removed() {
    let mut without = fixture_json();
    without["definitions"].as_object_mut().unwrap().clear();
    // Nothing refers to the shape in this edit's before: drop the references too.
    for e in without["events"].as_array_mut().unwrap() {
        let props = e["properties"].as_object_mut().unwrap();
        props.retain(|_, p| !p.to_string().contains("\"ref\""));
    }
    let report = report(&without, &fixture_json());
    let kinds: Vec<&str> = report.changes.iter().map(|c| c.kind.name()).collect();
    assert!(kinds.contains(&"definition_added"), "{kinds:?}");
    let back = self::report(&fixture_json(), &without);
    assert!(
        back.changes
            .iter()
            .any(|c| c.kind.name() == "definition_removed")
    );
    assert_eq!(back.summary.rust, Major);
}

#[test]
fn no_change_is_no_change_and_the_json_output_is_stable() {
    let same = report(&fixture_json(), &fixture_json());
    assert!(same.changes.is_empty());
    assert_eq!(same.summary.worst(), Patch);

    // Edits in any order give the same report, byte for byte.
    let mut a = fixture_json();
    prop(&mut a, "key")["description"] = json!("x");
    prop(&mut a, "method")["values"]
        .as_array_mut()
        .unwrap()
        .push(json!("widget"));
    remove_lock_other(&mut a);
    let one = serde_json::to_string(&report(&fixture_json(), &a)).unwrap();
    let mut b = fixture_json();
    remove_lock_other(&mut b);
    prop(&mut b, "method")["values"]
        .as_array_mut()
        .unwrap()
        .push(json!("widget"));
    prop(&mut b, "key")["description"] = json!("x");
    let two = serde_json::to_string(&report(&fixture_json(), &b)).unwrap();
    assert_eq!(one, two);

    // The output validates against its schema (written by schemars).
    let schema: Value = serde_json::from_str(&report_schema()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let output: Value = serde_json::from_str(&one).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&output)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

fn remove_lock_other(s: &mut Value) {
    s["events"]
        .as_array_mut()
        .unwrap()
        .retain(|e| e["event_type"] != "thermostat.manually_adjusted");
}
