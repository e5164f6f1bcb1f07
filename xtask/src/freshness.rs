//! The freshness check shared by `cargo xtask codegen --check` and the `generated_files_are_fresh`
//! test: regenerate in memory, compare with disk, name every stale file and the fixing command.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use similar::TextDiff;

use crate::codegen::{self, COMMAND};
use crate::files::display;

/// How many diff lines to show per stale file.
const DIFF_LINES: usize = 40;

/// `Ok` when every generated file on disk is what codegen would write; otherwise an error that
/// names each stale file, shows a short diff and names the command that fixes it.
pub fn check(root: &Path) -> Result<(), String> {
    check_files(root, &codegen::generate(root)?.files)
}

/// [`check`] for files already generated in memory.
pub fn check_files(root: &Path, files: &BTreeMap<PathBuf, String>) -> Result<(), String> {
    let plan = codegen::plan(root, files)?;
    if plan.write.is_empty() && plan.remove.is_empty() {
        return Ok(());
    }
    let mut msg = String::from("generated files are out of date:\n");
    for (rel, new) in &plan.write {
        let old = std::fs::read_to_string(root.join(rel)).unwrap_or_default();
        let name = display(rel);
        let state = if root.join(rel).exists() {
            "stale"
        } else {
            "missing"
        };
        let _ = writeln!(msg, "  {state}: {name}");
        let diff = TextDiff::from_lines(&old, new);
        let text = diff
            .unified_diff()
            .context_radius(2)
            .header(&name, &name)
            .to_string();
        let lines: Vec<&str> = text.lines().collect();
        for line in lines.iter().take(DIFF_LINES) {
            let _ = writeln!(msg, "    {line}");
        }
        if lines.len() > DIFF_LINES {
            let _ = writeln!(msg, "    ... {} more diff lines", lines.len() - DIFF_LINES);
        }
    }
    for rel in &plan.remove {
        let _ = writeln!(msg, "  no longer generated: {}", display(rel));
    }
    let _ = write!(
        msg,
        "run `{COMMAND}` to update them, then review and commit the diff"
    );
    Err(msg)
}
