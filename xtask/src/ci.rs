//! `cargo xtask ci`: every check CI runs, in order, stopping at the first failure.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

/// One step: a name, a command line of `cargo` arguments, and extra environment variables.
type Step = (
    &'static str,
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
);

/// The steps, in order.
const STEPS: &[Step] = &[
    ("format", &["fmt", "--all", "--check"], &[]),
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
        &[],
    ),
    (
        "lint the generated crates' optional features",
        &[
            "clippy",
            "-p",
            "seam-events",
            "-p",
            "seam-events-fixture",
            "--all-features",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    ),
    (
        "docs of the generated crates",
        &[
            "doc",
            "-p",
            "seam-events",
            "-p",
            "seam-events-fixture",
            "--no-deps",
            "--all-features",
        ],
        &[("RUSTDOCFLAGS", "-D warnings")],
    ),
    ("test", &["test", "--workspace"], &[]),
    (
        "package seam-events",
        &[
            "package",
            "-p",
            "seam-events",
            "--no-verify",
            "--allow-dirty",
        ],
        &[],
    ),
];

/// Runs every step under `root`; the error names the step that failed. Ends with the total of
/// tests run, as `ci: N passed, N failed`.
pub fn run(root: &Path) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut totals = Totals::default();
    for (name, args, env) in STEPS {
        eprintln!("==> ci: {name}: cargo {}", args.join(" "));
        let mut child = Command::new(&cargo)
            .args(*args)
            .envs(env.iter().copied())
            .current_dir(root)
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("ci: {name}: cannot start cargo: {e}"))?;
        if let Some(out) = child.stdout.take() {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                println!("{line}");
                totals.add(&line);
            }
        }
        let status = child.wait().map_err(|e| format!("ci: {name}: {e}"))?;
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
    println!("ci: {} passed, {} failed", totals.passed, totals.failed);
    Ok(())
}

/// Test counts summed over every `test result:` line cargo prints.
#[derive(Debug, Default, PartialEq, Eq)]
struct Totals {
    passed: u64,
    failed: u64,
}

impl Totals {
    fn add(&mut self, line: &str) {
        let Some(rest) = line.strip_prefix("test result: ") else {
            return;
        };
        for part in rest.split(';') {
            let mut words = part.split_whitespace().rev();
            let (Some(kind), Some(n)) = (words.next(), words.next()) else {
                continue;
            };
            let Ok(n) = n.parse::<u64>() else { continue };
            match kind {
                "passed" => self.passed += n,
                "failed" => self.failed += n,
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_cargo_test_results() {
        let mut t = Totals::default();
        t.add("test result: ok. 28 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s");
        t.add("test result: FAILED. 3 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out");
        t.add("running 2 tests");
        assert_eq!(
            t,
            Totals {
                passed: 31,
                failed: 1
            }
        );
    }
}
