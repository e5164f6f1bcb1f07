//! `cargo xtask diff`: the schema at a git revision (or in a saved file) against the one codegen
//! computes now, each change with each consumer's verdict (`seam_codegen::diff`).

use std::path::{Path, PathBuf};
use std::process::Command;

use seam_codegen::NAMES_FILE;
use seam_codegen::diff::{ContractVersions, DocsRevisions, Level, Report};
use seam_codegen::plan::Names;
use seam_schema::Schema;

use crate::codegen::{self, Generated};
use crate::docs;

/// The schema file the diff compares.
pub const EVENTS_FILE: &str = "schema/events.json";

/// What to compare against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// `schema/events.json` (and `schema/names.json`) as committed at a git revision.
    Rev(String),
    /// A saved `events.json` (its names as the current run gives them where the places agree).
    File(PathBuf),
}

impl std::fmt::Display for Base {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Base::Rev(rev) => write!(f, "{rev}"),
            Base::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// One side of a diff: a schema and the public names of its plan.
#[derive(Debug, Clone)]
pub struct Side {
    /// The schema.
    pub schema: Schema,
    /// Every public type name, by place.
    pub names: Names,
}

impl Side {
    /// The side codegen computes now (what it would write).
    pub fn current(generated: &Generated) -> Result<Side, String> {
        let names = match generated.files.get(Path::new(NAMES_FILE)) {
            Some(text) => Names::parse(NAMES_FILE, text)?,
            None => Names::default(),
        };
        Ok(Side {
            schema: generated.schema.clone(),
            names,
        })
    }

    /// The base side. Names: the base's own `schema/names.json` at a revision; for a file, the
    /// current names where the places agree (so that only real changes show), the naming rule
    /// elsewhere.
    pub fn base(root: &Path, base: &Base, current: &Names) -> Result<Side, String> {
        let (schema_text, names) = match base {
            Base::Rev(rev) => {
                let schema = git_show(root, rev, EVENTS_FILE)?.ok_or_else(|| {
                    format!("{rev}:{EVENTS_FILE}: not in that revision: nothing to compare against (use --base-file with a saved events.json)")
                })?;
                let names = match git_show(root, rev, NAMES_FILE)? {
                    Some(text) => Names::parse(&format!("{rev}:{NAMES_FILE}"), &text)?,
                    None => current.clone(),
                };
                (schema, names)
            }
            Base::File(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                (text, current.clone())
            }
        };
        let schema = seam_schema::json::parse_events_json(&schema_text)
            .map_err(|e| format!("{base}: not a schema like {EVENTS_FILE}: {e}"))?;
        let plan = seam_codegen::plan::plan_with(&schema, &names)
            .map_err(|e| format!("{base}: cannot plan the schema: {e}"))?;
        Ok(Side {
            schema,
            names: plan.names,
        })
    }
}

/// `git show REV:PATH` under `root`; `None` when the revision has no such file.
fn git_show(root: &Path, rev: &str, path: &str) -> Result<Option<String>, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["show", &format!("{rev}:{path}")])
        .output()
        .map_err(|e| {
            format!("git: cannot run it ({e}): use --base-file with a saved events.json")
        })?;
    if output.status.success() {
        return String::from_utf8(output.stdout)
            .map(Some)
            .map_err(|e| format!("{rev}:{path}: not UTF-8 ({e})"));
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("does not exist") || stderr.contains("exists on disk, but not in") {
        return Ok(None);
    }
    Err(format!(
        "git show {rev}:{path}: {}: expected a revision of this repository (or use --base-file)",
        stderr.trim()
    ))
}

/// The report of `base` against what codegen computes now under `root`.
pub fn report(root: &Path, base: &Base) -> Result<Report, String> {
    let generated = codegen::generate(root)?;
    report_against(root, base, &Side::current(&generated)?)
}

/// The report of `base` against `current` (what a codegen run computed), citing the docs
/// revision of each side where `schema/upstream.toml` records one.
pub fn report_against(root: &Path, base: &Base, current: &Side) -> Result<Report, String> {
    let old = Side::base(root, base, &current.names)?;
    let mut report = seam_codegen::diff::diff(
        &base.to_string(),
        &old.schema,
        &current.schema,
        &old.names,
        &current.names,
    );
    let base_upstream = match base {
        Base::Rev(rev) => match git_show(root, rev, docs::UPSTREAM_FILE)? {
            Some(text) => Some(docs::Upstream::parse(
                &format!("{rev}:{}", docs::UPSTREAM_FILE),
                &text,
            )?),
            None => None,
        },
        Base::File(_) => None,
    }
    .unwrap_or_default();
    let current_upstream = docs::upstream(root)?.unwrap_or_default();
    if base_upstream.docs.is_some() || current_upstream.docs.is_some() {
        report.docs = Some(DocsRevisions {
            base: base_upstream.docs,
            current: current_upstream.docs,
        });
    }
    if base_upstream.contract.is_some() || current_upstream.contract.is_some() {
        report.contract = Some(ContractVersions {
            base: base_upstream.contract,
            current: current_upstream.contract,
        });
    }
    Ok(report)
}

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tables, for a pull request.
    Markdown,
    /// The report as JSON (its schema: `schema/diff.schema.json`).
    Json,
}

/// Renders the report.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Markdown => seam_codegen::diff::markdown(report),
        Format::Json => {
            let mut text = serde_json::to_string_pretty(report).unwrap_or_default();
            text.push('\n');
            text
        }
    }
}

/// `--fail-on LEVEL`: an error naming the consumers whose verdict reaches it.
pub fn fail_on(report: &Report, level: Level) -> Result<(), String> {
    let s = &report.summary;
    let reached: Vec<String> = [
        ("rust", s.rust),
        ("json_schema", s.json_schema),
        ("typescript", s.typescript),
        ("wire", s.wire),
    ]
    .into_iter()
    .filter(|(_, l)| *l >= level)
    .map(|(name, l)| format!("{name} {}", l.as_str()))
    .collect();
    if reached.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "diff: against {}: {} (--fail-on {})",
            report.base,
            reached.join(", "),
            level.as_str()
        ))
    }
}

/// One paragraph for the end of `cargo xtask codegen`: counts per kind of change and each
/// product's bump.
pub fn summary(
    report: &Report,
    versions: &seam_codegen::Versions,
    levels: [Level; 3],
    base_versions: Option<&seam_codegen::Versions>,
) -> String {
    let s = &report.summary;
    if report.changes.is_empty() {
        return format!("diff: no change to the schema against {}", report.base);
    }
    let counts: Vec<String> = s.counts.iter().map(|(k, n)| format!("{n} {k}")).collect();
    let head = format!(
        "diff: against {}: {} change(s): {}",
        report.base,
        report.changes.len(),
        counts.join(", ")
    );
    // `release` already ran: the versions differ from the base's.
    if let Some(base) = base_versions.filter(|b| {
        (&b.rust, &b.typescript, &b.json_schema)
            != (&versions.rust, &versions.typescript, &versions.json_schema)
    }) {
        return format!(
            "{head}\n  released (the versions differ from {}'s): crate seam-events {} -> {}; npm package {} -> {}; JSON Schema {} -> {}\n  details: `cargo xtask diff`; next: review and commit",
            report.base,
            base.rust,
            versions.rust,
            base.typescript,
            versions.typescript,
            base.json_schema,
            versions.json_schema,
        );
    }
    let bump = |version: &str, level: Level| {
        let to = seam_codegen::diff::bump(version, level).unwrap_or_else(|e| e);
        format!("{} ({version} -> {to})", level.as_str())
    };
    format!(
        "{head}\n  crate seam-events: {} (rust {}, wire {}); npm package: {}; JSON Schema: {} (raised where a changelog's [Unreleased] says so)\n  details: `cargo xtask diff`; apply the bumps and changelogs: `cargo xtask release`",
        bump(&versions.rust, levels[0]),
        s.rust.as_str(),
        s.wire.as_str(),
        bump(&versions.typescript, levels[1]),
        bump(&versions.json_schema, levels[2]),
    )
}

/// The versions `schema/publish.toml` says at git revision `rev`, if it has the file.
pub fn versions_at(root: &Path, rev: &str) -> Result<Option<seam_codegen::Versions>, String> {
    match git_show(root, rev, seam_codegen::PUBLISH_FILE)? {
        Some(text) => crate::publish::parse(&text)
            .map(|p| Some(p.versions))
            .map_err(|e| format!("{rev}:{e}")),
        None => Ok(None),
    }
}
