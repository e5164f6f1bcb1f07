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
pub fn write_atomic(root: &Path, rel: &Path, contents: impl AsRef<[u8]>) -> Result<bool, String> {
    let contents = contents.as_ref();
    let path = root.join(rel);
    if fs::read(&path).is_ok_and(|old| old == contents) {
        return Ok(false);
    }
    let shown = display(rel);
    let dir = path.parent().unwrap_or(root);
    fs::create_dir_all(dir).map_err(|e| format!("{shown}: cannot create its folder: {e}"))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".codegen-")
        .tempfile_in(dir)
        .map_err(|e| format!("{shown}: cannot create a temporary file beside it: {e}"))?;
    tmp.write_all(contents)
        .and_then(|()| match permissions(&path) {
            Some(p) => tmp.as_file().set_permissions(p),
            None => Ok(()),
        })
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| format!("{shown}: cannot write: {e}"))?;
    tmp.persist(&path)
        .map_err(|e| format!("{shown}: cannot replace the file: {}", e.error))?;
    Ok(true)
}

/// The permissions a written file gets: those of the file it replaces, else (on Unix)
/// read-write for its owner and readable by everyone, as a new file usually is (a temporary
/// file is created readable by its owner alone). `None`: leave them as they are.
fn permissions(path: &Path) -> Option<fs::Permissions> {
    if let Ok(meta) = fs::metadata(path) {
        return Some(meta.permissions());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(fs::Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Removes `root/rel`, a generated file that is no longer generated.
pub fn remove(root: &Path, rel: &Path) -> Result<(), String> {
    fs::remove_file(root.join(rel)).map_err(|e| format!("{}: cannot remove: {e}", display(rel)))
}

/// Applies every change under `root` (`Some(bytes)`: write the file atomically; `None`: remove
/// it, and its folder when that is left empty) or none: when one fails, the files already
/// changed are put back as they were, and the error names the file that failed.
pub fn replace_all(root: &Path, changes: &[(PathBuf, Option<Vec<u8>>)]) -> Result<(), String> {
    let mut before = Vec::new();
    for (rel, _) in changes {
        let path = root.join(rel);
        let old = match path.exists() {
            true => Some(
                fs::read(&path)
                    .map_err(|e| format!("{}: cannot read the file: {e}", display(rel)))?,
            ),
            false => None,
        };
        before.push((rel, old));
    }
    let apply = |rel: &Path, new: &Option<Vec<u8>>| match new {
        Some(bytes) => write_atomic(root, rel, bytes).map(drop),
        None if root.join(rel).exists() => {
            remove(root, rel).map(|()| remove_empty_parents(root, rel))
        }
        None => Ok(()),
    };
    for (done, (rel, new)) in changes.iter().enumerate() {
        if let Err(e) = apply(rel, new) {
            for (rel, old) in before.iter().take(done + 1) {
                // Best effort: the first error is the one reported.
                let _ = apply(rel, old);
            }
            return Err(e);
        }
    }
    Ok(())
}

/// Removes the folders above `root/rel` that are left empty, up to (not including) `root`.
fn remove_empty_parents(root: &Path, rel: &Path) {
    for dir in rel.ancestors().skip(1) {
        if dir.as_os_str().is_empty() || fs::remove_dir(root.join(dir)).is_err() {
            break;
        }
    }
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
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(
                mode(&dir.path().join(rel)),
                0o644,
                "a new file: readable by all"
            );
            fs::set_permissions(dir.path().join(rel), fs::Permissions::from_mode(0o600)).unwrap();
            assert!(write_atomic(dir.path(), rel, "third\n").unwrap());
            assert_eq!(
                mode(&dir.path().join(rel)),
                0o600,
                "a replaced file keeps its mode"
            );
        }
    }

    #[test]
    fn replace_all_applies_every_change_or_none() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("pages/old")).unwrap();
        fs::write(root.join("pages/a.mdx"), "a").unwrap();
        fs::write(root.join("pages/old/b.mdx"), "b").unwrap();
        let changes = [
            (PathBuf::from("pages/a.mdx"), Some(b"A".to_vec())),
            (PathBuf::from("pages/old/b.mdx"), None),
            (PathBuf::from("pages/c.mdx"), Some(b"c".to_vec())),
        ];
        replace_all(root, &changes).unwrap();
        assert_eq!(fs::read(root.join("pages/a.mdx")).unwrap(), b"A");
        assert!(!root.join("pages/old").exists(), "the emptied folder goes");
        assert_eq!(fs::read(root.join("pages/c.mdx")).unwrap(), b"c");

        // The last change cannot be made (its folder would be a file): the others are undone.
        let changes = [
            (PathBuf::from("pages/a.mdx"), Some(b"AA".to_vec())),
            (PathBuf::from("pages/c.mdx"), None),
            (PathBuf::from("pages/a.mdx/d.mdx"), Some(b"d".to_vec())),
        ];
        let err = replace_all(root, &changes).unwrap_err();
        assert!(
            err.starts_with("pages/a.mdx/d.mdx: cannot create its folder"),
            "{err}"
        );
        assert_eq!(fs::read(root.join("pages/a.mdx")).unwrap(), b"A");
        assert_eq!(fs::read(root.join("pages/c.mdx")).unwrap(), b"c");
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
