//! The project's commands, as a library so that tests can call them: `docs sync`, `codegen`,
//! its freshness check, `diff`, `release`, `payloads`, `ci` and `bench`.

#![forbid(unsafe_code)]

pub mod bench;
pub mod ci;
pub mod codegen;
pub mod contract;
pub mod diff;
pub mod docs;
pub mod files;
pub mod freshness;
pub mod git;
pub mod payloads;
pub mod publish;
pub mod release;

use std::path::PathBuf;

/// The workspace root, found when the command runs: the nearest folder holding `Cargo.toml`
/// and `xtask/Cargo.toml` above the `CARGO_MANIFEST_DIR` cargo sets for the program it runs
/// (`cargo xtask`, `cargo test`), else above the current folder, else the checkout this binary
/// was built in. Two checkouts sharing one target folder run one binary: each command works on
/// the checkout it was started in.
pub fn project_root() -> PathBuf {
    let starts = [
        std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from),
        std::env::current_dir().ok(),
    ];
    for start in starts.into_iter().flatten() {
        if let Some(root) = workspace_above(&start) {
            return root;
        }
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// The nearest folder at or above `start` that is this project's workspace root.
pub fn workspace_above(start: &std::path::Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join("Cargo.toml").is_file() && dir.join("xtask/Cargo.toml").is_file())
        .map(PathBuf::from)
}
