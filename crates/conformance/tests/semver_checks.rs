//! cargo-semver-checks on the generated crate before and after each kind of real docs update:
//! its verdict is never harsher than the diff's Rust verdict (the diff may be stricter: it
//! knows changes no lint sees). And a consumer crate written against the older crate, using
//! the constructors and the examples, compiles unchanged against the newer one after an
//! optional property is added.
//!
//! cargo-semver-checks is installed pinned by `cargo xtask ci` (target/ci-tools); without it
//! this test says so and passes, unless SEAM_REQUIRE_SEMVER_CHECKS is set (as `ci` sets it).

use std::path::{Path, PathBuf};
use std::process::Command;

use seam_codegen::diff::Level;
use seam_codegen::plan::{Names, plan_with};
use seam_codegen::rust::{CrateOptions, files};
use seam_schema::{Presence, Schema, SourceFile};

mod support;
use support::root;

/// The page every update edits, and the event it edits.
const PAGE: &str = "schema/sources/locks.mdx";

/// The pinned cargo-semver-checks, if installed.
fn semver_checks() -> Option<PathBuf> {
    support::pinned(
        "target/ci-tools/bin/cargo-semver-checks",
        "SEAM_REQUIRE_SEMVER_CHECKS",
        "run `cargo install --locked --root target/ci-tools cargo-semver-checks@0.51.0` (cargo xtask ci does)",
    )
}

/// The project's pages (with `edit` applied to the locks page), contract, payloads and
/// overrides, imported.
fn schema_with(edit: impl Fn(&str) -> String) -> Schema {
    let root = root();
    let mut pages = xtask::files::read_tree_sorted(&root, "schema/sources").unwrap();
    let page = pages.iter_mut().find(|p| p.path == PAGE).unwrap();
    let text = edit(std::str::from_utf8(&page.bytes).unwrap());
    *page = SourceFile::new(PAGE, text);
    let contract = xtask::contract::read(&root).unwrap();
    let overrides = xtask::files::read_optional(&root, "schema/overrides.toml").unwrap();
    let payloads = xtask::files::read_tree_sorted(&root, "schema/payloads").unwrap();
    seam_schema::import_all(&pages, contract.as_ref(), overrides.as_ref(), &payloads)
        .unwrap()
        .schema
}

/// Replaces the first `from` with `to`, which must be there.
fn replace(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} is not on {PAGE}");
    text.replacen(from, to, 1)
}

/// `lock.locked` gains an optional property.
fn property_added(page: &str) -> String {
    let field = r#"<ResponseField name="method" type="Enum (String)">"#;
    replace(
        page,
        field,
        &format!(
            "<ResponseField name=\"via_widget\" type=\"Boolean\">\n  Whether a widget did it.\n</ResponseField>\n\n{field}"
        ),
    )
}

/// The crate for `schema` in `dir` (the runtime by its path), with its names kept from `names`.
fn write_crate(schema: &Schema, names: &Names, dir: &Path) -> Names {
    let plan = plan_with(schema, names).unwrap();
    let options = CrateOptions::outside("seam-events", "crate", &root());
    for file in files(&plan, &options).unwrap() {
        let to = dir.join(&file.path);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, file.contents).unwrap();
    }
    // The workspace's lock file: the same versions of every dependency, no index needed.
    std::fs::copy(root().join("Cargo.lock"), dir.join("crate/Cargo.lock")).unwrap();
    plan.names
}

/// Runs a cargo command (or the tool) offline, with the tests' own target folder; its output
/// and whether it succeeded.
fn run(program: &Path, args: &[&str], cwd: &Path) -> (bool, String) {
    let output = Command::new(program)
        .args(args)
        .current_dir(cwd)
        .env("CARGO_NET_OFFLINE", "true")
        .env(
            "CARGO_TARGET_DIR",
            root().join("target/semver-checks-tests"),
        )
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", program.display()));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

fn cargo() -> PathBuf {
    std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from)
}

/// A consumer's code, written against the crate before the update: the constructors, the
/// `with_` methods, the examples, a match with a wildcard arm.
const CONSUMER: &str = r#"
use seam_events::{EventType, LockLockedEvent, LockLockedMethod, SeamEvent};

pub fn event() -> SeamEvent {
    let at = seam_events::chrono::DateTime::UNIX_EPOCH;
    let id = seam_events::uuid::Uuid::nil();
    let built = LockLockedEvent::new(id, at, id, id, LockLockedMethod::Keycode, at, id)
        .with_access_code_id(id);
    let mut shipped = LockLockedEvent::example();
    shipped.access_code_id = built.access_code_id;
    assert!(!EventType::LockLocked.example_json().is_empty());
    SeamEvent::LockLocked(shipped)
}

pub fn handle(event: &SeamEvent) -> &'static str {
    match event {
        SeamEvent::LockLocked(e) if e.method == LockLockedMethod::Keycode => "keycode",
        SeamEvent::LockLocked(_) => "locked",
        SeamEvent::Unknown(_) | SeamEvent::Mismatched(_) => "kept",
        _ => "other",
    }
}
"#;

/// The consumer crate in `dir`, depending on the crate at `crate_dir`.
fn write_consumer(dir: &Path, crate_dir: &Path) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"consumer\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nseam-events = {{ path = {:?}, default-features = false, features = [\"lock\", \"examples\"] }}\n\n\
             [workspace]\n",
            crate_dir.display().to_string()
        ),
    )
    .unwrap();
    std::fs::write(dir.join("src/lib.rs"), CONSUMER).unwrap();
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
}

#[test]
fn cargo_semver_checks_is_never_harsher_than_the_diff_and_consumers_compile_across_a_minor_update()
{
    let Some(tool) = semver_checks() else { return };
    let work = tempfile::tempdir().unwrap();
    let names_text = std::fs::read_to_string(root().join("schema/names.json")).unwrap();
    let given = Names::parse("schema/names.json", &names_text).unwrap();
    let before = schema_with(str::to_owned);
    let before_dir = work.path().join("before");
    let before_names = write_crate(&before, &given, &before_dir);

    // A consumer written against the crate before.
    let consumer = work.path().join("consumer");
    write_consumer(&consumer, &before_dir.join("crate"));
    let (ok, out) = run(&cargo(), &["check", "--quiet"], &consumer);
    assert!(ok, "the consumer compiles against the crate before: {out}");

    let property_always = |mut s: Schema| {
        let e = s
            .events
            .iter_mut()
            .find(|e| e.event_type == "lock.locked")
            .unwrap();
        e.properties.get_mut("via_widget").unwrap().presence.value = Presence::Always;
        s
    };
    let kinds: Vec<(&str, Schema)> = vec![
        ("a property added", schema_with(property_added)),
        (
            "an event added",
            schema_with(|page| {
                let start = page.find("## `lock.locked`").unwrap();
                let end = page[start + 3..]
                    .find("\n## `")
                    .map_or(page.len(), |i| start + 4 + i);
                let section = page[start..end].replace("lock.locked", "lock.widget_used");
                format!("{}\n{section}", page.trim_end())
            }),
        ),
        (
            "a property retyped",
            schema_with(|page| {
                let at = page.find("## `lock.locked`").unwrap();
                let (head, tail) = page.split_at(at);
                format!(
                    "{head}{}",
                    replace(
                        tail,
                        r#"<ResponseField name="method" type="Enum (String)">"#,
                        // A number: Seam's contract, an input too, would give a string its
                        // enumeration back.
                        r#"<ResponseField name="method" type="number">"#
                    )
                )
            }),
        ),
        (
            "a property every payload carries added",
            property_always(schema_with(property_added)),
        ),
    ];
    let mut harsher = Vec::new();
    for (kind, after) in &kinds {
        let after_dir = work.path().join(kind.replace(' ', "_"));
        let after_names = write_crate(after, &before_names, &after_dir);
        let report =
            seam_codegen::diff::diff("before", &before, after, &before_names, &after_names);
        assert!(
            !report.changes.is_empty(),
            "{kind}: the update changes the schema"
        );
        let started = std::time::Instant::now();
        let (passes_minor, out) = run(
            &tool,
            &[
                "semver-checks",
                "check-release",
                "--manifest-path",
                after_dir.join("crate/Cargo.toml").to_str().unwrap(),
                "--baseline-root",
                before_dir.join("crate").to_str().unwrap(),
                "--release-type",
                "minor",
                "--only-explicit-features",
                "--features",
                "lock",
                "--features",
                "examples",
            ],
            work.path(),
        );
        let semver_major = !passes_minor;
        assert!(
            passes_minor || out.contains("semver requires new major version"),
            "{kind}: cargo-semver-checks failed to run: {out}"
        );
        eprintln!(
            "{kind}: diff rust {}, crate {}; cargo-semver-checks {} ({:.1} s)",
            report.summary.rust.as_str(),
            report.summary.crate_bump().as_str(),
            if semver_major {
                "major"
            } else {
                "minor or less"
            },
            started.elapsed().as_secs_f64()
        );
        if semver_major && report.summary.rust != Level::Major {
            harsher.push(format!("{kind}: {out}"));
        }
        match *kind {
            "a property added" | "an event added" => {
                assert_eq!(report.summary.rust, Level::Minor, "{kind}");
                assert!(!semver_major, "{kind}: cargo-semver-checks: {out}");
            }
            "a property every payload carries added" => {
                assert_eq!(report.summary.rust, Level::Major, "{kind}");
                assert!(
                    semver_major,
                    "{kind}: `new` takes one more parameter: {out}"
                );
            }
            _ => assert_eq!(report.summary.rust, Level::Major, "{kind}"),
        }
        if *kind == "a property added" {
            // The consumer, unchanged, against the crate after.
            write_consumer(&consumer, &after_dir.join("crate"));
            let (ok, out) = run(&cargo(), &["check", "--quiet"], &consumer);
            assert!(ok, "the consumer compiles unchanged after {kind}: {out}");
        }
    }
    assert!(
        harsher.is_empty(),
        "cargo-semver-checks is harsher than the diff: {harsher:#?}"
    );
}
