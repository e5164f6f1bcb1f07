//! The TypeScript package for the fixture schema (every kind of property) and for 130 synthetic
//! events: `tsc --strict --noEmit` accepts every documented example and rejects the negative
//! cases, and the guards' tests pass under node.
//!
//! Needs the pinned compiler: `npm ci --prefix tools/typescript` (`cargo xtask ci` runs it). When
//! it is missing the tests fail if `SEAM_REQUIRE_TYPESCRIPT` is set (as CI sets it) and are
//! skipped with a note otherwise.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn tsc() -> Option<PathBuf> {
    let tsc = root().join("tools/typescript/node_modules/.bin/tsc");
    if tsc.exists() {
        return Some(tsc);
    }
    assert!(
        std::env::var_os("SEAM_REQUIRE_TYPESCRIPT").is_none(),
        "{} is missing: run `npm ci --prefix tools/typescript`",
        tsc.display()
    );
    eprintln!("skipped: no TypeScript compiler; run `npm ci --prefix tools/typescript`");
    None
}

fn run(command: &mut Command) {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Writes the package for `schema` to a temporary folder and checks it.
fn check(schema: &seam_schema::Schema) {
    let Some(tsc) = tsc() else { return };
    let plan = seam_codegen::plan::plan(schema).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for file in seam_codegen::typescript::files(&plan, &[]).unwrap() {
        let path = dir.path().join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, file.contents).unwrap();
    }
    let package = dir.path().join(seam_codegen::typescript::DIR);
    run(Command::new(&tsc)
        .arg("-p")
        .arg(package.join("tsconfig.json"))
        .args(["--strict", "--noEmit"]));
    run(Command::new("node")
        .arg("--test")
        .arg(package.join("tests/guards.test.mjs")));
}

#[test]
fn the_fixture_package_type_checks_and_its_guards_hold() {
    check(&conformance::schema(
        "crates/seam-codegen/tests/fixtures/schema.json",
    ));
}

#[test]
fn a_complete_reference_sized_package_type_checks() {
    let imported =
        seam_schema::import(&synthetic::pages(130), Some(&synthetic::overrides())).unwrap();
    check(&imported.schema);
}
