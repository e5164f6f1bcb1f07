//! `cargo xtask ci`: every check CI runs, in order, stopping at the first failure.

use std::path::Path;
use std::process::Command;

/// One step: a name and a command line of `cargo` arguments.
const STEPS: &[(&str, &[&str])] = &[
    ("format", &["fmt", "--all", "--check"]),
    (
        "lint",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    ),
    ("test", &["test", "--workspace"]),
];

/// Runs every step under `root`; the error names the step that failed.
pub fn run(root: &Path) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    for (name, args) in STEPS {
        eprintln!("==> ci: {name}: cargo {}", args.join(" "));
        let status = Command::new(&cargo)
            .args(*args)
            .current_dir(root)
            .status()
            .map_err(|e| format!("ci: {name}: cannot start cargo: {e}"))?;
        if !status.success() {
            return Err(format!(
                "ci: step `{name}` failed (cargo {}): {status}",
                args.join(" ")
            ));
        }
    }
    eprintln!("==> ci: codegen: cargo xtask codegen --check");
    crate::freshness::check(root).map_err(|e| format!("ci: step `codegen` failed: {e}"))?;
    eprintln!("==> ci: all steps passed");
    Ok(())
}
