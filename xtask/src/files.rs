//! Disk access for codegen: reading the inputs and writing every output atomically.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use seam_schema::SourceFile;

/// A file's path relative to the project root, with `/` separators whatever the platform.
pub fn display(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every regular file under `root/dir`, at any depth, sorted by path, as [`SourceFile`]s
/// (paths relative to `root`). Hidden files and folders (a name starting with `.`) are skipped;
/// a missing folder holds nothing.
pub fn read_tree_sorted(root: &Path, dir: &str) -> Result<Vec<SourceFile>, String> {
    list_tree(root, dir)?
        .into_iter()
        .filter(|rel| {
            !rel.components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        })
        .map(|rel| {
            let shown = display(&rel);
            fs::read(root.join(&rel))
                .map(|bytes| SourceFile::new(shown.clone(), bytes))
                .map_err(|e| format!("{shown}: cannot read the file: {e}"))
        })
        .collect()
}

/// The file at `root/rel`, if it exists.
pub fn read_optional(root: &Path, rel: &str) -> Result<Option<SourceFile>, String> {
    match fs::read(root.join(rel)) {
        Ok(bytes) => Ok(Some(SourceFile::new(rel, bytes))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{rel}: cannot read the file: {e}")),
    }
}

/// Every file under `root/dir`, recursively, relative to `root` and sorted.
pub fn list_tree(root: &Path, dir: &str) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::from(dir)];
    while let Some(rel) = stack.pop() {
        let entries = match fs::read_dir(root.join(&rel)) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(format!("{}: cannot read the folder: {e}", display(&rel))),
        };
        for entry in entries {
            let entry =
                entry.map_err(|e| format!("{}: cannot read the folder: {e}", display(&rel)))?;
            let child = rel.join(entry.file_name());
            if entry.path().is_dir() {
                stack.push(child);
            } else {
                out.push(child);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Writes `contents` to `root/rel` atomically: into a temporary file in the same folder, then
/// renamed over the target, so that no reader ever sees a half-written file. Does nothing when
/// the file already holds `contents`.
pub fn write_atomic(root: &Path, rel: &Path, contents: &str) -> Result<bool, String> {
    let path = root.join(rel);
    if fs::read(&path).is_ok_and(|old| old == contents.as_bytes()) {
        return Ok(false);
    }
    let shown = display(rel);
    let dir = path.parent().unwrap_or(root);
    fs::create_dir_all(dir).map_err(|e| format!("{shown}: cannot create its folder: {e}"))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".codegen-")
        .tempfile_in(dir)
        .map_err(|e| format!("{shown}: cannot create a temporary file beside it: {e}"))?;
    tmp.write_all(contents.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| format!("{shown}: cannot write: {e}"))?;
    tmp.persist(&path)
        .map_err(|e| format!("{shown}: cannot replace the file: {}", e.error))?;
    Ok(true)
}

/// Removes `root/rel`, a generated file that is no longer generated.
pub fn remove(root: &Path, rel: &Path) -> Result<(), String> {
    fs::remove_file(root.join(rel)).map_err(|e| format!("{}: cannot remove: {e}", display(rel)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".codegen-"))
            .collect()
    }

    #[test]
    fn writes_whole_files_and_skips_unchanged_ones() {
        let dir = tempfile::tempdir().unwrap();
        let rel = Path::new("a/b/out.json");
        assert!(write_atomic(dir.path(), rel, "first\n").unwrap());
        assert_eq!(fs::read_to_string(dir.path().join(rel)).unwrap(), "first\n");
        assert!(
            !write_atomic(dir.path(), rel, "first\n").unwrap(),
            "unchanged: not rewritten"
        );
        assert!(write_atomic(dir.path(), rel, "second\n").unwrap());
        assert_eq!(
            fs::read_to_string(dir.path().join(rel)).unwrap(),
            "second\n"
        );
        assert!(leftovers(&dir.path().join("a/b")).is_empty());
    }

    #[test]
    fn a_write_that_cannot_finish_leaves_no_partial_file() {
        let dir = tempfile::tempdir().unwrap();
        // The target is a folder, so the final rename fails after the temporary file was written.
        fs::create_dir_all(dir.path().join("out.json/inside")).unwrap();
        let err = write_atomic(dir.path(), Path::new("out.json"), "new contents").unwrap_err();
        assert!(
            err.starts_with("out.json: cannot replace the file"),
            "{err}"
        );
        assert!(
            dir.path().join("out.json/inside").is_dir(),
            "the target is untouched"
        );
        assert!(
            leftovers(dir.path()).is_empty(),
            "the temporary file is removed"
        );
    }
}
