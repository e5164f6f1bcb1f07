//! codegen on disk: freshness, byte-identical reruns, and failed runs that change nothing.

use std::fs;
use std::path::PathBuf;

use seam_schema::Type;
use xtask::{codegen, freshness, project_root};

mod common;
use common::{scratch, scratch_with_seeds_only, snapshot};

#[test]
fn generated_files_are_fresh() {
    // The same check as `cargo xtask codegen --check`; its error names the fixing command.
    if let Err(e) = freshness::check(&project_root()) {
        panic!("{e}");
    }
}

#[test]
fn stale_files_are_named_with_the_fixing_command() {
    let dir = scratch();
    let events = dir.path().join("schema/events.json");
    let text = fs::read_to_string(&events)
        .unwrap()
        .replace("A space was created.", "Edited by hand.");
    fs::write(&events, text).unwrap();
    fs::write(dir.path().join("generated/leftover.txt"), "old").unwrap();
    fs::remove_file(dir.path().join("schema/events.schema.json")).unwrap();
    let err = freshness::check(dir.path()).unwrap_err();
    for needle in [
        "stale: schema/events.json",
        "-      \"description\": \"Edited by hand.\",",
        "missing: schema/events.schema.json",
        "no longer generated: generated/leftover.txt",
        "run `cargo xtask codegen`",
    ] {
        assert!(err.contains(needle), "{needle:?} not in:\n{err}");
    }
    let report = codegen::run(dir.path(), false).unwrap();
    assert_eq!(report.plan.write.len(), 2);
    assert_eq!(
        report.plan.remove,
        [PathBuf::from("generated/leftover.txt")]
    );
    freshness::check(dir.path()).unwrap();
}

#[test]
fn a_second_run_writes_nothing() {
    let dir = scratch();
    let before = snapshot(dir.path());
    let report = codegen::run(dir.path(), false).unwrap();
    assert!(
        report.plan.write.is_empty() && report.plan.remove.is_empty(),
        "{:?}",
        report.plan
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn a_failed_run_changes_nothing() {
    let broken_pages = [
        (
            "schema/sources/zz_broken.txt",
            "Skip to main content\n\nx.y\nD.\nExample webhook payload\n{ \"a\": }\n",
        ),
        ("schema/sources/zz_bad_utf8.mdx", "\u{0}"),
        (
            "schema/sources/zz_conflict.txt",
            "space.created\n\nA space was made.\nExample webhook payload\n{ \"event_type\": \"space.created\" }\nevent_type\nEnum (String)\nValue: space.created\n",
        ),
        (
            codegen::OVERRIDES,
            "[[rule]]\nid = \"x\"\nwhy = \"w\"\nmatch = { property = \"no_such_property\" }\nset = { presence = \"may_be_absent\" }\n",
        ),
        (
            "schema/payloads/space.created/zz_not_json.json",
            "{ \"event_type\": \"space.created\", ",
        ),
        (
            "schema/payloads/space.created/zz_misfit.json",
            "{ \"event_type\": \"space.created\", \"event_id\": 7 }",
        ),
    ];
    for (rel, contents) in broken_pages {
        let dir = scratch();
        // Make the run want to write: a stale output and a leftover file.
        fs::write(dir.path().join("schema/events.json"), "stale").unwrap();
        fs::write(dir.path().join("generated/leftover.txt"), "old").unwrap();
        fs::write(dir.path().join(rel), contents).unwrap();
        let before = snapshot(dir.path());
        let err = codegen::run(dir.path(), false).unwrap_err();
        assert!(err.contains(rel), "{rel}: the error names the file: {err}");
        assert_eq!(
            snapshot(dir.path()),
            before,
            "{rel}: nothing on disk changed"
        );
    }
}

#[test]
fn deny_warnings_fails_without_writing() {
    let dir = scratch_with_seeds_only();
    // An example key the property list does not document is a warning.
    let page = dir.path().join("schema/sources/spaces.txt");
    let text = fs::read_to_string(&page).unwrap().replacen(
        "\"space_key\": \"\",",
        "\"space_key\": \"\",\n  \"extra\": 1,",
        1,
    );
    fs::write(&page, text).unwrap();
    fs::write(dir.path().join("schema/events.json"), "stale").unwrap();
    let before = snapshot(dir.path());
    let err = codegen::run(dir.path(), true).unwrap_err();
    assert!(
        err.contains(
            "schema/sources/spaces.txt:16: `extra` of `space.device_membership_changed` is not in \
             its property list, only in its documented example: the schema adds it, as number"
        ),
        "{err}"
    );
    assert_eq!(snapshot(dir.path()), before);
    let report = codegen::run(dir.path(), false).unwrap();
    assert_eq!(report.warnings.len(), 1);
}

#[test]
fn a_richer_page_imports_without_a_code_change() {
    // Pages with nested objects, enumerations, numbers, undocumented properties and
    // multi-dot event types, in both formats, dropped into schema/sources/ beside the seeds.
    let dir = scratch_with_seeds_only();
    let fixtures = project_root().join("crates/seam-schema/tests/fixtures/rich");
    for name in ["thermostats.mdx", "thermostats.txt"] {
        fs::copy(
            fixtures.join(name),
            dir.path().join("schema/sources").join(name),
        )
        .unwrap();
    }
    let report = codegen::run(dir.path(), true).unwrap();
    assert_eq!(report.events, 18);
    let text = fs::read_to_string(dir.path().join("schema/events.json")).unwrap();
    let schema = seam_schema::json::parse_events_json(&text).unwrap();
    assert!(
        schema
            .event("access_code.unmanaged.converted_to_managed")
            .is_some()
    );
    let e = schema.event("thermostat.manually_adjusted").unwrap();
    assert_eq!(e.sources.len(), 2, "both formats documented it and agreed");
    assert_eq!(e.properties["cooling_set_point_celsius"].ty, Type::Number);
    assert!(e.properties["is_override"].undocumented);
    let Type::Object {
        properties: Some(schedule),
    } = &e.properties["schedule"].ty
    else {
        panic!("schedule is a nested object")
    };
    let Type::Object {
        properties: Some(preset),
    } = &schedule["climate_preset"].ty
    else {
        panic!("climate_preset is a nested object")
    };
    assert!(matches!(&preset["hvac_mode_setting"].ty, Type::Enum { values } if values[0] == "off"));
    assert_eq!(
        e.properties["thermostat_errors"].ty,
        Type::Array {
            items: Box::new(Type::Ref {
                name: "seam_error".into()
            })
        }
    );
}

#[test]
fn the_runtime_crate_carries_the_root_license_texts() {
    // The runtime is hand-written, not generated: its copies are checked here.
    let root = project_root();
    for license in codegen::LICENSES {
        let at_root = fs::read(root.join(license)).unwrap();
        let copy = fs::read(root.join("crates/seam-events-runtime").join(license))
            .unwrap_or_else(|e| panic!("crates/seam-events-runtime/{license}: {e}"));
        assert!(
            at_root == copy,
            "crates/seam-events-runtime/{license} differs from the root's: copy it again"
        );
    }
}
