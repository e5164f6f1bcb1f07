//! `cargo xtask ci`: every check CI runs, in order, stopping at the first failure.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

/// One step: what it checks, the program (`cargo` is the running cargo), its arguments and extra
/// environment variables.
struct Step {
    name: &'static str,
    program: &'static str,
    args: &'static [&'static str],
    env: &'static [(&'static str, &'static str)],
}

const fn step(name: &'static str, program: &'static str, args: &'static [&'static str]) -> Step {
    Step {
        name,
        program,
        args,
        env: &[],
    }
}

/// Where `ci` builds the Python environment of the independent JSON Schema validator.
const VENV: &str = "target/ci-python";

/// The steps, in order.
const STEPS: &[Step] = &[
    step("format", "cargo", &["fmt", "--all", "--check"]),
    step(
        "lint",
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    ),
    step(
        "lint seam-events with default features",
        "cargo",
        &[
            "clippy",
            "-p",
            "seam-events",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    ),
    step(
        "lint the generated crates with all features",
        "cargo",
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
    ),
    step(
        "lint the generated crates with no resource feature",
        "cargo",
        &[
            "clippy",
            "-p",
            "seam-events",
            "-p",
            "seam-events-fixture",
            "--no-default-features",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    ),
    step(
        "lint the fixture crate with one resource feature",
        "cargo",
        &[
            "clippy",
            "-p",
            "seam-events-fixture",
            "--no-default-features",
            "--features",
            "lock",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    ),
    step(
        "test the fixture crate with one resource feature (the others parse as Unknown)",
        "cargo",
        &[
            "test",
            "-p",
            "seam-events-fixture",
            "--no-default-features",
            "--features",
            "lock",
        ],
    ),
    Step {
        name: "docs of the generated crates",
        program: "cargo",
        args: &[
            "doc",
            "-p",
            "seam-events",
            "-p",
            "seam-events-fixture",
            "--no-deps",
            "--all-features",
        ],
        env: &[("RUSTDOCFLAGS", "-D warnings")],
    },
    step(
        "run the generated crate's README and doc examples (doctests, every feature)",
        "cargo",
        &["test", "-p", "seam-events", "--doc", "--all-features"],
    ),
    step(
        "install TypeScript, Ajv, ajv-formats, esbuild and the OpenAPI tools (pinned, from tools/typescript/package-lock.json)",
        "npm",
        &[
            "ci",
            "--prefix",
            "tools/typescript",
            "--no-audit",
            "--no-fund",
        ],
    ),
    step(
        "python environment for the independent validators",
        "python3",
        &["-m", "venv", VENV],
    ),
    step(
        "install the independent validators (pinned, tools/python/requirements.txt)",
        "target/ci-python/bin/pip",
        &[
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "-r",
            "tools/python/requirements.txt",
        ],
    ),
    step(
        "check that the pins are complete (every dependency pinned)",
        "target/ci-python/bin/pip",
        &["check", "--disable-pip-version-check"],
    ),
    step(
        "lint the workflows with actionlint (and shellcheck for their scripts)",
        "target/ci-python/bin/actionlint",
        &["-shellcheck", "target/ci-python/bin/shellcheck"],
    ),
    step(
        "audit the workflows with zizmor (settings: .github/zizmor.yml)",
        "target/ci-python/bin/zizmor",
        &["--offline", "--no-progress", ".github/workflows"],
    ),
    step(
        "install cargo-semver-checks (pinned, in target/ci-tools; about 8 minutes the first time, then cached)",
        "cargo",
        &[
            "install",
            "--locked",
            "--quiet",
            "--root",
            "target/ci-tools",
            "cargo-semver-checks@0.51.0",
        ],
    ),
    Step {
        name: "test",
        program: "cargo",
        args: &["test", "--workspace"],
        env: &[
            ("SEAM_REQUIRE_TYPESCRIPT", "1"),
            ("SEAM_REQUIRE_PYTHON", "1"),
            ("SEAM_REQUIRE_SEMVER_CHECKS", "1"),
        ],
    },
    step(
        "type-check generated/typescript",
        "tools/typescript/node_modules/.bin/tsc",
        &[
            "-p",
            "generated/typescript/tsconfig.json",
            "--strict",
            "--noEmit",
        ],
    ),
    step(
        "type-check a webhook receiver against generated/typescript",
        "tools/typescript/node_modules/.bin/tsc",
        &["-p", "tools/typescript/tests/tsconfig.json"],
    ),
    step(
        "test the TypeScript guards, webhook verification, the packed npm package, the JSON Schema under Ajv, the OpenAPI file in Redocly, swagger-parser, Scalar and openapi-typescript, and the generators json-schema-to-typescript and quicktype (Rust)",
        "node",
        &[
            "--test",
            "generated/typescript/tests/guards.test.mjs",
            "tools/typescript/tests/webhook.test.mjs",
            "tools/typescript/tests/package.test.mjs",
            "tools/typescript/tests/json-schema.test.mjs",
            "tools/typescript/tests/openapi.test.mjs",
            "tools/typescript/tests/generators.test.mjs",
        ],
    ),
    step(
        "validate the JSON Schema with Python's jsonschema",
        "target/ci-python/bin/python",
        &["tools/python/validate_bundle.py"],
    ),
    step(
        "check-jsonschema on every example and payload, each bundle loaded alone",
        "target/ci-python/bin/python",
        &["tools/python/check_jsonschema.py"],
    ),
    step(
        "generate Python types with datamodel-code-generator and quicktype, and read every example and payload with them",
        "target/ci-python/bin/python",
        &["tools/python/generators.py"],
    ),
    step(
        "validate the OpenAPI file with openapi-spec-validator",
        "target/ci-python/bin/python",
        &["tools/python/validate_openapi.py"],
    ),
    step(
        "package and verify seam-events with its runtime (packaged together: the runtime is not on crates.io yet)",
        "cargo",
        &[
            "package",
            "-p",
            "seam-events-runtime",
            "-p",
            "seam-events",
            "--allow-dirty",
        ],
    ),
];

impl Step {
    /// The command as a user would type it to run the step alone.
    fn command(&self) -> String {
        let env: String = self
            .env
            .iter()
            .map(|(k, v)| format!("{k}='{v}' "))
            .collect();
        format!("{env}{} {}", self.program, self.args.join(" "))
    }
}

/// Every step, numbered, with its command: the list `cargo xtask ci --help` ends with.
pub fn steps_help() -> String {
    let mut out = String::from("Steps, in order:\n");
    for (i, step) in STEPS.iter().enumerate() {
        out.push_str(&format!(
            "  {:>2}. {}\n      {}\n",
            i + 1,
            step.name,
            step.command()
        ));
    }
    out.push_str(&format!(
        "  {:>2}. codegen\n      cargo xtask codegen --check\n",
        STEPS.len() + 1
    ));
    out
}

/// Runs every step under `root`; the error names the step that failed and the command that
/// runs it alone. Every line (each step's header, its output, its result, and the total of
/// tests run, `ci: N passed, N failed`) goes to standard error, in order.
pub fn run(root: &Path) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut totals = Totals::default();
    let count = STEPS.len() + 1;
    for (i, step) in STEPS.iter().enumerate() {
        let shown = step.command();
        eprintln!("==> ci [{}/{count}] {}: {shown}", i + 1, step.name);
        let started = std::time::Instant::now();
        let program = match step.program {
            "cargo" => cargo.clone(),
            p if p.contains('/') => root.join(p).into_os_string(),
            p => p.into(),
        };
        let mut child = Command::new(&program)
            .args(step.args)
            .envs(step.env.iter().copied())
            .current_dir(root)
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("ci: step `{}` cannot start {shown}: {e}", step.name))?;
        if let Some(out) = child.stdout.take() {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                eprintln!("{line}");
                totals.add(&line);
            }
        }
        let status = child
            .wait()
            .map_err(|e| format!("ci: step `{}`: {e}", step.name))?;
        if !status.success() {
            return Err(format!(
                "==> ci [{}/{count}] {}: FAILED ({status})\nci: step `{}` failed; run it alone with:\n  {shown}",
                i + 1,
                step.name,
                step.name
            ));
        }
        eprintln!(
            "==> ci [{}/{count}] {}: ok ({:.1} s)",
            i + 1,
            step.name,
            started.elapsed().as_secs_f64()
        );
    }
    eprintln!("==> ci [{count}/{count}] codegen: cargo xtask codegen --check");
    crate::freshness::check(root).map_err(|e| {
        format!("{e}\nci: step `codegen` failed; run it alone with:\n  cargo xtask codegen --check")
    })?;
    eprintln!("==> ci [{count}/{count}] codegen: ok");
    eprintln!("==> ci: all {count} steps passed");
    eprintln!("ci: {} passed, {} failed", totals.passed, totals.failed);
    Ok(())
}

/// Test counts summed over what each runner prints: cargo's `test result:` lines, node's
/// `# pass N` / `# fail N`, and `N passed, N failed` lines.
#[derive(Debug, Default, PartialEq, Eq)]
struct Totals {
    passed: u64,
    failed: u64,
}

impl Totals {
    fn add(&mut self, line: &str) {
        let line = line.trim();
        if let Some(n) = line
            .strip_prefix("# pass ")
            .and_then(|n| n.trim().parse::<u64>().ok())
        {
            self.passed += n;
            return;
        }
        if let Some(n) = line
            .strip_prefix("# fail ")
            .and_then(|n| n.trim().parse::<u64>().ok())
        {
            self.failed += n;
            return;
        }
        let counts = match line.strip_prefix("test result: ") {
            Some(rest) => rest,
            None if line.ends_with(" failed") && line.contains(" passed, ") => line,
            None => return,
        };
        for part in counts.split([';', ',', ':']) {
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
    fn the_help_lists_every_step_with_its_command() {
        let help = steps_help();
        for step in STEPS {
            assert!(help.contains(step.name), "{}", step.name);
            assert!(help.contains(&step.command()), "{}", step.name);
        }
        assert!(help.contains(&format!("{}. codegen", STEPS.len() + 1)));
        assert!(help.contains("RUSTDOCFLAGS='-D warnings' cargo doc"));
    }

    #[test]
    fn sums_every_runners_results() {
        let mut t = Totals::default();
        t.add("test result: ok. 28 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s");
        t.add("test result: FAILED. 3 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out");
        t.add("running 2 tests");
        t.add("# pass 2");
        t.add("# fail 0");
        t.add("python jsonschema: 148 passed, 0 failed");
        assert_eq!(
            t,
            Totals {
                passed: 181,
                failed: 1
            }
        );
    }
}
