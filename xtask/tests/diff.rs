//! `cargo xtask diff` and `release` on disk: real updates of the docs site's pages, a round
//! trip through git (edit a page, codegen, diff, release), and `--fail-on`.

use std::fs;
use std::path::Path;

use seam_codegen::diff::{Level, Report};
use xtask::diff::{Base, fail_on, report};
use xtask::{codegen, release};

mod common;
use common::{git, just_released, scratch};

const PAGE: &str = "schema/sources/access_codes.mdx";
const ADDED_LAST: [&str; 3] = [
    "access_code.name_changed",
    "access_code.code_changed",
    "access_code.time_frame_changed",
];

/// The page without the sections of `event_types` (each from its heading to the next).
fn without_events(page: &str, event_types: &[&str]) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in page.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix("## `") {
            skipping = event_types
                .iter()
                .any(|t| rest.starts_with(&format!("{t}`")));
        }
        if !skipping {
            out.push_str(line);
        }
    }
    out
}

/// The page with `from` and `to` typed as free-form objects: their nested fields dropped.
fn with_free_form_from_to(page: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    let mut in_from_to = false;
    for line in page.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed == r#"<ResponseField name="from" type="Object">"#
            || trimmed == r#"<ResponseField name="to" type="Object">"#
        {
            in_from_to = true;
        }
        if in_from_to && trimmed.starts_with("<Expandable") {
            depth += 1;
        }
        if depth == 0 {
            out.push_str(line);
        }
        if in_from_to && trimmed == "</Expandable>" {
            depth -= 1;
            in_from_to = false;
        }
    }
    out
}

/// Runs codegen in `root` with the page (and payloads) as given, and saves its events.json.
fn codegen_before(root: &Path, page: &str, drop_payloads: &[&str]) -> std::path::PathBuf {
    let original = fs::read_to_string(root.join(PAGE)).unwrap();
    fs::write(root.join(PAGE), page).unwrap();
    let payloads = root.join(codegen::PAYLOADS_DIR);
    let kept = root.join("kept-payloads");
    fs::create_dir_all(&kept).unwrap();
    for event_type in drop_payloads {
        fs::rename(payloads.join(event_type), kept.join(event_type)).unwrap();
    }
    codegen::run(root, false).unwrap();
    let saved = root.join("before-events.json");
    fs::copy(root.join("schema/events.json"), &saved).unwrap();
    fs::write(root.join(PAGE), original).unwrap();
    for event_type in drop_payloads {
        fs::rename(kept.join(event_type), payloads.join(event_type)).unwrap();
    }
    fs::remove_dir_all(kept).unwrap();
    saved
}

fn kinds(report: &Report) -> Vec<(String, String, &'static str)> {
    report
        .changes
        .iter()
        .map(|c| (c.scope.clone(), c.path.clone(), c.kind.name()))
        .collect()
}

#[test]
fn the_three_events_added_last_are_minor_for_every_consumer() {
    let dir = scratch();
    let root = dir.path();
    let page = fs::read_to_string(root.join(PAGE)).unwrap();
    let before = without_events(&page, &ADDED_LAST);
    assert!(before.len() < page.len());
    let saved = codegen_before(root, &before, &ADDED_LAST);
    let report = report(root, &Base::File(saved)).unwrap();

    let added: Vec<&str> = report
        .changes
        .iter()
        .filter(|c| c.kind.name() == "event_added")
        .map(|c| c.scope.as_str())
        .collect();
    let mut expected = ADDED_LAST.to_vec();
    expected.sort();
    assert_eq!(added, expected, "{:#?}", kinds(&report));
    // Nothing else but the public names of the new events and their nested objects.
    for c in &report.changes {
        assert!(
            matches!(c.kind.name(), "event_added" | "type_name_added"),
            "{c:#?}"
        );
    }
    let s = &report.summary;
    assert_eq!(
        (s.rust, s.json_schema, s.typescript, s.wire),
        (Level::Minor, Level::Minor, Level::Minor, Level::Minor),
        "{:#?}",
        report.summary
    );
    assert!(fail_on(&report, Level::Major).is_ok());
    assert!(fail_on(&report, Level::Minor).is_err());
}

#[test]
fn from_and_to_once_free_form_objects_get_each_consumers_verdict() {
    let dir = scratch();
    let root = dir.path();
    // The docs alone: the contract would give the free-form objects their shape itself.
    fs::remove_file(root.join(seam_schema::contract::CONTRACT_FILE)).unwrap();
    let page = fs::read_to_string(root.join(PAGE)).unwrap();
    let before = with_free_form_from_to(&page);
    assert_eq!(
        before.matches("<Expandable").count() + 6,
        page.matches("<Expandable").count()
    );
    let saved = codegen_before(root, &before, &[]);
    let report = report(root, &Base::File(saved)).unwrap();

    let changed: Vec<(String, String)> = report
        .changes
        .iter()
        .filter(|c| c.kind.name() == "type_changed")
        .map(|c| (c.scope.clone(), c.path.clone()))
        .collect();
    let mut expected: Vec<(String, String)> = ADDED_LAST
        .iter()
        .flat_map(|t| {
            [
                ((*t).to_owned(), "from".to_owned()),
                ((*t).to_owned(), "to".to_owned()),
            ]
        })
        .collect();
    expected.sort();
    assert_eq!(changed, expected, "{:#?}", kinds(&report));
    let c = report
        .changes
        .iter()
        .find(|c| c.kind.name() == "type_changed")
        .unwrap();
    // A struct instead of a map: dependents that used the map stop compiling.
    assert_eq!(c.verdicts.rust.level, Level::Major);
    // The nested properties constrain what any object passed before.
    assert_eq!(c.verdicts.json_schema.level, Level::Major);
    assert!(c.verdicts.json_schema.reason.contains("accepts less"));
    // Record<string, unknown> narrows to an interface: code that reads it compiles.
    assert_eq!(c.verdicts.typescript.level, Level::Minor);
    // The new crate reads an old payload's object of another shape as Mismatched.
    assert_eq!(c.verdicts.wire.level, Level::Major);
    for c in &report.changes {
        assert!(
            matches!(c.kind.name(), "type_changed" | "type_name_added"),
            "{c:#?}"
        );
    }
    let s = &report.summary;
    assert_eq!(
        (s.rust, s.json_schema, s.typescript, s.wire),
        (Level::Major, Level::Major, Level::Minor, Level::Major)
    );
    assert!(fail_on(&report, Level::Major).is_err());
}

#[test]
fn a_page_edit_round_trips_through_codegen_diff_and_release() {
    let dir = scratch();
    let root = dir.path();
    just_released(root);
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "base"]);
    assert!(
        report(root, &Base::Rev("HEAD".into()))
            .unwrap()
            .changes
            .is_empty()
    );

    // lock.locked gains an optional property and a value of `method`.
    let locks = root.join("schema/sources/locks.mdx");
    let page = fs::read_to_string(&locks).unwrap();
    let field = r#"<ResponseField name="method" type="Enum (String)">"#;
    let values = "Possible values: `keycode`, `manual`, `automatic`, `unknown`, `remote`";
    assert!(
        page.contains(field) && page.contains(values),
        "the locks page has an enum `method`"
    );
    let edited = page
        .replacen(
            field,
            &format!("<ResponseField name=\"via_widget\" type=\"Boolean\">\n  Whether a widget did it.\n</ResponseField>\n\n{field}"),
            1,
        )
        .replacen(values, &format!("{values}, `widget`"), 1);
    fs::write(&locks, edited).unwrap();
    codegen::run(root, false).unwrap();

    let report = report(root, &Base::Rev("HEAD".into())).unwrap();
    let added: Vec<_> = report
        .changes
        .iter()
        .filter(|c| c.kind.name() == "property_added")
        .map(|c| (c.scope.as_str(), c.path.as_str()))
        .collect();
    assert_eq!(
        added,
        [("lock.locked", "via_widget")],
        "{:#?}",
        kinds(&report)
    );
    let values = report
        .changes
        .iter()
        .find(|c| c.kind.name() == "enum_values_added")
        .expect("the new value of `method`");
    assert_eq!(
        (values.scope.as_str(), values.path.as_str()),
        ("lock.locked", "method")
    );
    assert_eq!(values.verdicts.json_schema.level, Level::Minor);
    // A field added to a non-exhaustive struct, a new optional member in TypeScript: minor;
    // the old crate keeps the property in `extra`. The crate's verdict is minor.
    assert_eq!(report.summary.rust, Level::Minor);
    assert_eq!(report.summary.crate_bump(), Level::Minor);
    assert_eq!(report.summary.typescript, Level::Minor);
    assert_eq!(report.summary.json_schema, Level::Minor);
    let markdown = xtask::diff::render(&report, xtask::diff::Format::Markdown);
    assert!(
        markdown.contains("via_widget")
            && markdown.contains("| Rust crate (cargo semver) | minor |"),
        "{markdown}"
    );

    let released = release::run(root, &Base::Rev("HEAD".into()), "2026-12-06").unwrap();
    assert_eq!(released.to.rust, "0.1.1");
    assert_eq!(released.to.typescript, "0.1.1");
    let changelog =
        fs::read_to_string(root.join("generated/rust/seam-events/CHANGELOG.md")).unwrap();
    assert!(changelog.contains("## [0.1.1] - 2026-12-06"), "{changelog}");
    assert!(changelog.contains("via_widget"), "{changelog}");
    let manifest = fs::read_to_string(root.join("generated/rust/seam-events/Cargo.toml")).unwrap();
    assert!(manifest.contains("version = \"0.1.1\""), "{manifest}");
    let package = fs::read_to_string(root.join("generated/typescript/package.json")).unwrap();
    assert!(package.contains("\"version\": \"0.1.1\""), "{package}");
    let index = fs::read_to_string(root.join("generated/json-schema/index.json")).unwrap();
    assert!(
        index.contains(&format!("\"version\": \"{}\"", released.to.json_schema)),
        "{index}"
    );
    // Released: nothing more to release against the released state.
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "release"]);
    let again = release::run(root, &Base::Rev("HEAD".into()), "2026-12-07").unwrap_err();
    assert!(again.contains("nothing to release"), "{again}");
}

#[test]
fn a_base_that_is_not_there_is_an_error_naming_it() {
    let dir = scratch();
    let e = report(dir.path(), &Base::File(dir.path().join("nope.json"))).unwrap_err();
    assert!(e.contains("nope.json"), "{e}");
    let bad = dir.path().join("bad.json");
    fs::write(&bad, "{").unwrap();
    let e = report(dir.path(), &Base::File(bad)).unwrap_err();
    assert!(e.contains("bad.json") && e.contains("not a schema"), "{e}");
}

#[test]
fn a_runtime_change_releases_the_runtime_and_the_crate_that_pins_it() {
    let dir = scratch();
    let root = dir.path();
    just_released(root);
    let runtime = root.join("crates/seam-events-runtime");
    fs::create_dir_all(runtime.join("src")).unwrap();
    fs::copy(
        xtask::project_root().join(codegen::RUNTIME_MANIFEST),
        root.join(codegen::RUNTIME_MANIFEST),
    )
    .unwrap();
    fs::write(runtime.join("src/lib.rs"), "//! The runtime.\n").unwrap();
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "base"]);
    let again = release::run(root, &Base::Rev("HEAD".into()), "2026-12-07").unwrap_err();
    assert!(again.contains("nothing to release"), "{again}");

    fs::write(runtime.join("src/lib.rs"), "//! The runtime, faster.\n").unwrap();
    git(
        root,
        &["commit", "-q", "-am", "Dates read without a formatter"],
    );
    let released = release::run(root, &Base::Rev("HEAD~1".into()), "2026-12-07").unwrap();
    let (from, to) = (&released.from, &released.to);
    assert_eq!(
        to.runtime,
        seam_codegen::diff::bump(&from.runtime, Level::Patch).unwrap()
    );
    assert_eq!(
        to.rust,
        seam_codegen::diff::bump(&from.rust, Level::Patch).unwrap()
    );
    assert_eq!(
        (&to.typescript, &to.json_schema),
        (&from.typescript, &from.json_schema)
    );
    let manifest = fs::read_to_string(root.join(codegen::RUNTIME_MANIFEST)).unwrap();
    assert!(
        manifest.contains(&format!("\nversion = \"{}\"\n", to.runtime)),
        "{manifest}"
    );
    let changelog = fs::read_to_string(root.join("schema/changelog/runtime.md")).unwrap();
    assert!(
        changelog.contains(&format!("## [{}] - 2026-12-07", to.runtime))
            && changelog.contains("- Dates read without a formatter."),
        "{changelog}"
    );
    let crate_changelog = fs::read_to_string(root.join("schema/changelog/rust.md")).unwrap();
    assert!(
        crate_changelog.contains(&format!(
            "- Requires `seam-events-runtime` {} (was {}).",
            to.runtime, from.runtime
        )),
        "{crate_changelog}"
    );
    let crate_manifest =
        fs::read_to_string(root.join("generated/rust/seam-events/Cargo.toml")).unwrap();
    assert!(
        crate_manifest.contains(&format!("version = \"={}\"", to.runtime)),
        "the crate pins the new runtime: {crate_manifest}"
    );

    // The manifest and publish.toml must agree: codegen says which line differs.
    let text = manifest.replace(
        &format!("version = \"{}\"", to.runtime),
        "version = \"9.9.9\"",
    );
    fs::write(root.join(codegen::RUNTIME_MANIFEST), text).unwrap();
    let e = codegen::run(root, false).unwrap_err();
    assert!(
        e.starts_with("crates/seam-events-runtime/Cargo.toml:3: version `9.9.9`, but schema/publish.toml says runtime"),
        "{e}"
    );
}

/// The committed contract, as the OpenAPI document a newer `@seamapi/types` would ship, with
/// `edit` applied to its events and `version` as its version.
fn contract_document(root: &Path, version: &str, edit: impl Fn(&mut serde_json::Value)) -> String {
    let text = fs::read_to_string(root.join(seam_schema::contract::CONTRACT_FILE)).unwrap();
    let mut contract: serde_json::Value = serde_json::from_str(&text).unwrap();
    edit(&mut contract["events"]);
    let events: Vec<serde_json::Value> = contract["events"]
        .as_object()
        .unwrap()
        .values()
        .cloned()
        .collect();
    serde_json::json!({
        "openapi": contract["openapi"],
        "info": { "title": "Seam Connect", "version": version },
        "components": { "schemas": { "event": { "oneOf": events } } }
    })
    .to_string()
}

#[test]
fn a_contract_update_shows_in_the_diff_like_a_docs_update() {
    let dir = scratch();
    let root = dir.path();
    just_released(root);
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "base"]);

    // The newer contract says `lock.locked` may come without `connected_account_id`, and that
    // its `method` may be null.
    let doc = contract_document(root, "2.0.0", |events| {
        let locked = &mut events["lock.locked"];
        let required = locked["required"].as_array_mut().unwrap();
        required.retain(|name| name != "connected_account_id");
        locked["properties"]["method"]["nullable"] = true.into();
    });
    let file = dir.path().join("openapi.json");
    fs::write(&file, doc).unwrap();
    let synced = xtask::contract::sync(root, file.to_str().unwrap()).unwrap();
    assert!(synced.changed && synced.recorded, "{}", synced.report());
    codegen::run(root, false).unwrap();

    let report = report(root, &Base::Rev("HEAD".into())).unwrap();
    assert_eq!(
        kinds(&report),
        [
            (
                "lock.locked".to_owned(),
                "connected_account_id".to_owned(),
                "presence_changed"
            ),
            (
                "lock.locked".to_owned(),
                "method".to_owned(),
                "nullability_changed"
            ),
        ]
    );
    // Each consumer's verdict: a field that becomes an `Option` breaks Rust code; validators
    // accept more.
    let s = &report.summary;
    assert_eq!(
        (s.rust, s.json_schema),
        (Level::Major, Level::Minor),
        "{s:#?}"
    );
    let versions = report
        .contract
        .clone()
        .expect("the diff cites the contract");
    assert_eq!(versions.base.unwrap().version, "1.977.0");
    assert_eq!(versions.current.unwrap().version, "2.0.0");
    let markdown = xtask::diff::render(&report, xtask::diff::Format::Markdown);
    assert!(
        markdown
            .contains("Contract: `openapi.json` (version `2.0.0`), was [`@seamapi/types@1.977.0`]"),
        "{markdown}"
    );
    let released = release::run(root, &Base::Rev("HEAD".into()), "2026-12-08").unwrap();
    assert_eq!(released.to.rust, "0.2.0");
    let changelog = fs::read_to_string(root.join("schema/changelog/rust.md")).unwrap();
    assert!(
        changelog.contains("With Seam's API contract from `openapi.json@2.0.0`."),
        "{changelog}"
    );
}

#[test]
fn changes_written_by_hand_are_released_alone_at_the_level_they_say() {
    let dir = scratch();
    let root = dir.path();
    just_released(root);
    let changelog = root.join("schema/changelog/typescript.md");
    let text = fs::read_to_string(&changelog).unwrap().replacen(
        "## [Unreleased]\n",
        "## [Unreleased]\n\n### Changed\n\n- Breaking: the guards check nested objects.\n",
        1,
    );
    fs::write(&changelog, text).unwrap();
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "base"]);
    let released = release::run(root, &Base::Rev("HEAD".into()), "2026-12-08").unwrap();
    assert!(released.report.changes.is_empty());
    assert_eq!(
        released.to.typescript, "0.2.0",
        "Breaking: major, below 1.0 the minor number"
    );
    assert_eq!(
        released.to.rust, released.from.rust,
        "nothing to release for the crate"
    );
    assert_eq!(released.to.json_schema, released.from.json_schema);
    let text = fs::read_to_string(&changelog).unwrap();
    assert!(
        text.contains("## [Unreleased]\n\n## [0.2.0] - 2026-12-08\n")
            && text.contains("### Changed\n\n- Breaking: the guards check nested objects.\n"),
        "{text}"
    );
    // With nothing written by hand and no change, nothing to release.
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "released"]);
    let e = release::run(root, &Base::Rev("HEAD".into()), "2026-12-09").unwrap_err();
    assert!(e.contains("nothing to release"), "{e}");
}
