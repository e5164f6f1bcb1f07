//! Scratch copies of the project for the tests that run commands on disk.

#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use xtask::{codegen, project_root};

/// A scratch copy of the project's inputs and outputs.
pub fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = project_root();
    let fixture = Path::new(codegen::FIXTURE_SCHEMA).parent().unwrap();
    for tree in [
        Path::new("schema"),
        Path::new("generated"),
        Path::new(codegen::FIXTURE_CRATE.dir),
        fixture,
    ] {
        for (rel, bytes) in snapshot(&root.join(tree)) {
            let to = dir.path().join(tree).join(rel);
            fs::create_dir_all(to.parent().unwrap()).unwrap();
            fs::write(to, bytes).unwrap();
        }
    }
    for license in codegen::LICENSES {
        fs::copy(root.join(license), dir.path().join(license)).unwrap();
    }
    // The changelogs codegen ships outside generated/ (the runtime crate's).
    for (_, shipped) in codegen::CHANGELOGS {
        let to = dir.path().join(shipped);
        if !to.exists() {
            fs::create_dir_all(to.parent().unwrap()).unwrap();
            fs::copy(root.join(shipped), to).unwrap();
        }
    }
    dir
}

/// The seed pages, the parsers' fixtures (four of them in rendered-text form).
pub const SEEDS: &str = "crates/seam-schema/tests/fixtures/seeds";

/// A scratch copy whose `schema/sources/` holds the seed pages alone: no page of the docs site,
/// no observed payload.
pub fn scratch_with_seeds_only() -> tempfile::TempDir {
    let dir = scratch();
    let sources = dir.path().join(codegen::SOURCES_DIR);
    fs::remove_dir_all(&sources).unwrap();
    fs::create_dir_all(&sources).unwrap();
    for (rel, bytes) in snapshot(&project_root().join(SEEDS)) {
        fs::write(sources.join(rel), bytes).unwrap();
    }
    fs::remove_dir_all(dir.path().join(codegen::PAYLOADS_DIR)).unwrap();
    dir
}

/// Every file under `root`, with its bytes.
pub fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(
                    path.strip_prefix(root).unwrap().to_path_buf(),
                    fs::read(&path).unwrap(),
                );
            }
        }
    }
    out
}

/// Runs git in `root` (with a committer of its own, unsigned) and returns its standard output;
/// panics when git fails.
pub fn git(root: &Path, args: &[&str]) -> String {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The project at `root` as just after a release: every changelog's `## [Unreleased]` section
/// empty (the project's own may hold changes written by hand, which would raise the bump that
/// a test of the diff's verdicts expects).
pub fn just_released(root: &Path) {
    let dir = root.join("schema/changelog");
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        let (rest, held) = xtask::release::take_unreleased(&text);
        if !held.is_empty() {
            // The section's heading stays, empty, where it was.
            let at = text.find("## [Unreleased]").unwrap();
            fs::write(
                &path,
                format!("{}## [Unreleased]\n\n{}", &rest[..at], &rest[at..]),
            )
            .unwrap();
        }
    }
}
