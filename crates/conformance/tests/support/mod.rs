//! Helpers of the tests that build a product from a schema of their own and check it with its
//! language's tools: the TypeScript package (tsc, node) and the Rust crate (cargo).

#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::path::{Path, PathBuf};
use std::process::Command;

use seam_schema::Schema;
use seam_schema::payloads::Observed;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A pinned tool at `rel` (from the project root), if installed; when it is missing the caller
/// skips, saying how to install it, unless the environment variable `require` is set (as
/// `cargo xtask ci` sets it).
pub fn pinned(rel: &str, require: &str, install: &str) -> Option<PathBuf> {
    let tool = root().join(rel);
    if tool.exists() {
        return Some(tool);
    }
    assert!(
        std::env::var_os(require).is_none(),
        "{rel} is missing: {install}"
    );
    eprintln!("skipped: no {rel}; {install}");
    None
}

/// The pinned TypeScript compiler, if installed (`npm ci --prefix tools/typescript`).
pub fn tsc() -> Option<PathBuf> {
    pinned(
        "tools/typescript/node_modules/.bin/tsc",
        "SEAM_REQUIRE_TYPESCRIPT",
        "run `npm ci --prefix tools/typescript`",
    )
}

/// The Python of the independent validator's environment, if built (`cargo xtask ci` builds
/// it in `target/ci-python` before the tests).
pub fn python() -> Option<PathBuf> {
    pinned(
        "target/ci-python/bin/python",
        "SEAM_REQUIRE_PYTHON",
        "run `python3 -m venv target/ci-python && target/ci-python/bin/pip install --no-deps -r tools/python/requirements.txt`",
    )
}

pub fn run(command: &mut Command) {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Writes the TypeScript package for `schema` (its checks covering `observed` too) to a
/// temporary folder, type-checks it with `tsc --strict` and runs its guards' tests under node.
pub fn check_typescript(schema: &Schema, observed: &[Observed]) {
    let Some(tsc) = tsc() else { return };
    let plan = seam_codegen::plan::plan(schema).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for file in
        seam_codegen::typescript::files(&plan, observed, &seam_codegen::Publish::unpublished())
            .unwrap()
    {
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

/// Generates the Rust crate `package` for `schema` in a temporary folder, adds `files` (such as
/// an integration test and its data), runs `cargo test` on it offline with the workspace's
/// versions, and checks it passes without a warning. Returns what the tests printed.
pub fn test_generated_crate(
    schema: &Schema,
    package: &'static str,
    files: &[(&str, String)],
) -> String {
    let dir = tempfile::tempdir().unwrap();
    let options = seam_codegen::rust::CrateOptions::outside(package, "crate", &root());
    let plan = seam_codegen::plan::plan(schema).unwrap();
    for file in seam_codegen::rust::files(&plan, &options).unwrap() {
        let path = dir.path().join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, file.contents).unwrap();
    }
    let krate = dir.path().join("crate");
    for (rel, contents) in files {
        let path = krate.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    // A workspace of its own, not ours.
    let manifest = std::fs::read_to_string(krate.join("Cargo.toml")).unwrap();
    std::fs::write(
        krate.join("Cargo.toml"),
        format!("{manifest}\n[workspace]\n"),
    )
    .unwrap();
    // Same versions as the workspace, offline: nothing is fetched.
    std::fs::copy(root().join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["test", "--offline", "--quiet"])
        .current_dir(&krate)
        .env("CARGO_TARGET_DIR", root().join("target/generated-crates"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "the generated crate failed:\n{stderr}\n{stdout}"
    );
    assert!(
        !stderr.contains("warning"),
        "the generated crate has warnings:\n{stderr}"
    );
    stdout
}

/// An integration test for the generated crate `lib`: each of the `count` payloads in `data` (a
/// JSON array in the crate's folder) parses to its typed variant by both parse paths, with its
/// own `event_type`, and reads back equal from its own output.
pub fn typed_parse_test(lib: &str, data: &str, count: usize) -> String {
    r#"
use LIB::SeamEvent;

#[test]
fn every_payload_parses_to_its_variant_by_every_path_and_round_trips() {
    let payloads: Vec<serde_json::Value> = serde_json::from_str(include_str!("../DATA")).unwrap();
    assert_eq!(payloads.len(), COUNT);
    for payload in payloads {
        let bytes = serde_json::to_vec(&payload).unwrap();
        let event = SeamEvent::from_slice(&bytes).unwrap();
        assert!(
            !matches!(event, SeamEvent::Mismatched(_) | SeamEvent::Unknown(_)),
            "{payload}: {event:?}"
        );
        assert_eq!(event.event_type(), payload["event_type"].as_str().unwrap());
        let generic: SeamEvent = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(generic, event);
        let back = serde_json::to_vec(&event).unwrap();
        assert_eq!(SeamEvent::from_slice(&back).unwrap(), event);
    }
}
"#
    .replace("LIB", lib)
    .replace("DATA", data)
    .replace("COUNT", &count.to_string())
}
