//! One built xtask, run from two checkouts: each command works on the checkout it was started
//! in (the root is found when the command runs, not fixed when xtask was compiled).

use std::fs;
use std::path::Path;
use std::process::Command;

mod common;
use common::scratch;

/// A scratch checkout: the project's inputs and outputs, and the manifests that mark its root.
fn checkout() -> tempfile::TempDir {
    let dir = scratch();
    let root = xtask::project_root();
    fs::create_dir_all(dir.path().join("xtask")).unwrap();
    for manifest in ["Cargo.toml", "xtask/Cargo.toml"] {
        fs::copy(root.join(manifest), dir.path().join(manifest)).unwrap();
    }
    dir
}

fn check(cwd: &Path, manifest_dir: Option<&Path>) -> (bool, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.current_dir(cwd).args(["codegen", "--check"]);
    match manifest_dir {
        Some(dir) => command.env("CARGO_MANIFEST_DIR", dir),
        None => command.env_remove("CARGO_MANIFEST_DIR"),
    };
    let output = command.output().unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn one_binary_checks_the_checkout_it_runs_in() {
    let (stale, fresh) = (checkout(), checkout());
    fs::remove_file(stale.path().join("generated/README.md")).unwrap();

    let (ok, err) = check(fresh.path(), None);
    assert!(ok, "{err}");
    assert!(err.contains("files up to date"), "{err}");

    // From a folder inside the checkout too.
    let (ok, err) = check(&stale.path().join("schema"), None);
    assert!(!ok && err.contains("generated/README.md"), "{err}");

    // What cargo says the program's manifest folder is wins over the current folder.
    let (ok, err) = check(stale.path(), Some(&fresh.path().join("xtask")));
    assert!(ok, "{err}");
}
