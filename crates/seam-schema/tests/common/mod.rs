//! Helpers shared by the integration tests: reading fixture and project pages.

#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::path::{Path, PathBuf};

use seam_schema::SourceFile;

/// The project root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every file directly in `dir` (relative to the project root; folders in it are left out),
/// sorted, with paths as the xtask gives them.
pub fn read_dir(dir: &str) -> Vec<SourceFile> {
    let mut names: Vec<String> = std::fs::read_dir(root().join(dir))
        .expect("the folder exists")
        .map(|e| e.expect("readable entry"))
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| read(&format!("{dir}/{n}")))
        .collect()
}

/// One file, relative to the project root.
pub fn read(rel: &str) -> SourceFile {
    SourceFile::new(
        rel,
        std::fs::read(root().join(rel)).expect("the file exists"),
    )
}
