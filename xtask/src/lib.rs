//! The project's commands, as a library so that tests can call them: `codegen`, its freshness
//! check, `payloads`, `ci` and `bench`.

#![forbid(unsafe_code)]

pub mod bench;
pub mod ci;
pub mod codegen;
pub mod diff;
pub mod files;
pub mod freshness;
pub mod payloads;
pub mod publish;
pub mod release;

use std::path::PathBuf;

/// The workspace root: the folder above `xtask/`.
pub fn project_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}
