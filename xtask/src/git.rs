//! The `git` command line, for the commands that read a repository (`docs sync`, `release`).

use std::path::Path;
use std::process::{Command, Output};

/// Runs git in `dir` and returns its standard output as text; an error is git's message.
pub fn text(dir: &Path, args: &[&str]) -> Result<String, String> {
    bytes(dir, args)
        .and_then(|out| String::from_utf8(out).map_err(|e| format!("git printed non-UTF-8 ({e})")))
}

/// Runs git in `dir` and returns its standard output; an error is git's message.
pub fn bytes(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output: Output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        // No prompt for credentials: a run in CI must fail, not wait.
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C")
        .output()
        .map_err(|e| format!("cannot run git ({e}): expected git on the PATH"))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let message = stderr
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("; ");
        Err(if message.is_empty() {
            format!("git {} failed ({})", args.join(" "), output.status)
        } else {
            message
        })
    }
}
