//! The crate's `rust-version` (from `schema/publish.toml`) is one its users can build with: no
//! dependency the published crates pull in, with every feature on, asks for a newer Rust. CI has
//! one toolchain only, so this reads what each dependency declares (`cargo metadata`), and
//! clippy's `incompatible_msrv` lint (on in CI, warnings denied) covers the crate's own use of
//! the standard library.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use serde_json::Value;

/// `major.minor[.patch]` as a comparable triple.
fn version(text: &str) -> (u64, u64, u64) {
    let mut parts = text.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    )
}

#[test]
fn no_dependency_of_the_published_crates_needs_a_newer_rust_than_the_crate_declares() {
    let root = xtask::project_root();
    let publish = xtask::publish::settings(&root).unwrap();
    let declared = version(&publish.package.rust_version);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--locked",
            "--all-features",
        ])
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).unwrap();
    let packages: BTreeMap<&str, &Value> = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p))
        .collect();
    let nodes: BTreeMap<&str, &Value> = metadata["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap(), n))
        .collect();
    // The normal (and build) dependencies of the published crates, transitively, as the
    // workspace resolves them: features the workspace's other members turn on are in too, a
    // superset of what a user gets, so the check is stricter than needed, never laxer.
    let mut todo: Vec<&str> = packages
        .iter()
        .filter(|(_, p)| {
            matches!(
                p["name"].as_str(),
                Some("seam-events" | "seam-events-runtime")
            )
        })
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(todo.len(), 2, "both published crates are in the workspace");
    let mut seen = BTreeSet::new();
    while let Some(id) = todo.pop() {
        if !seen.insert(id) {
            continue;
        }
        for dep in nodes[id]["deps"].as_array().unwrap() {
            let shipped = dep["dep_kinds"]
                .as_array()
                .unwrap()
                .iter()
                .any(|k| k["kind"].is_null() || k["kind"] == "build");
            if shipped {
                todo.push(dep["pkg"].as_str().unwrap());
            }
        }
    }
    assert!(
        seen.len() > 20,
        "the graph was walked: {} crates",
        seen.len()
    );
    let too_new: Vec<String> = seen
        .iter()
        .filter_map(|id| {
            let p = packages[id];
            let needs = p["rust_version"].as_str()?;
            (version(needs) > declared)
                .then(|| format!("{} {} needs Rust {needs}", p["name"], p["version"]))
        })
        .collect();
    assert!(
        too_new.is_empty(),
        "{} declares rust_version = {:?}, but: {too_new:?}",
        seam_codegen::PUBLISH_FILE,
        publish.package.rust_version
    );
}
