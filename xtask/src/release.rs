//! `cargo xtask release`: bumps each product's version as the diff says, writes its changelog
//! entry (Keep a Changelog), then runs codegen so that the products carry both.

use std::path::{Path, PathBuf};

use seam_codegen::diff::{ChangeKind, Level, Report, Verdict, describe};
use seam_codegen::{PUBLISH_FILE, Versions};

use crate::codegen::{self, CHANGELOGS};
use crate::diff::{Base, Side, report_against};
use crate::{files, publish};
use seam_codegen::rust::RUNTIME_DIR;

/// What a release did.
#[derive(Debug)]
pub struct Released {
    /// The versions before.
    pub from: Versions,
    /// The versions now.
    pub to: Versions,
    /// The diff it was made from.
    pub report: Report,
}

/// One product: its changelog source, its verdict and its name in messages.
#[derive(Clone, Copy)]
enum Product {
    Rust,
    TypeScript,
    JsonSchema,
    /// The runtime crate: released when its source changed, not from the schema's diff.
    Runtime,
}

impl Product {
    const ALL: [Product; 3] = [Product::Rust, Product::TypeScript, Product::JsonSchema];

    fn changelog(self) -> &'static str {
        CHANGELOGS[self as usize].0
    }

    fn verdict(self, c: &seam_codegen::diff::Change) -> &Verdict {
        match self {
            Product::Rust | Product::Runtime => c.verdicts.crate_verdict(),
            Product::TypeScript => &c.verdicts.typescript,
            Product::JsonSchema => &c.verdicts.json_schema,
        }
    }

    fn level(self, report: &Report) -> Level {
        match self {
            Product::Rust => report.summary.crate_bump(),
            Product::Runtime => Level::Patch,
            Product::TypeScript => report.summary.typescript,
            Product::JsonSchema => report.summary.json_schema,
        }
    }

    fn version(self, versions: &mut Versions) -> &mut String {
        match self {
            Product::Rust => &mut versions.rust,
            Product::TypeScript => &mut versions.typescript,
            Product::JsonSchema => &mut versions.json_schema,
            Product::Runtime => &mut versions.runtime,
        }
    }
}

/// The level of the next release of `product`: the diff's verdict, raised by the changes its
/// changelog's `## [Unreleased]` section holds (written by hand, which the diff cannot see): a
/// line that starts with `Breaking` makes it major (below 1.0, the minor number), a line under
/// `### Added` minor.
fn planned_level(product: Product, report: &Report, unreleased: &str) -> Level {
    let mut level = product.level(report);
    let mut section = "";
    for line in unreleased.lines() {
        if let Some(title) = line.strip_prefix("### ") {
            section = title.trim();
            continue;
        }
        let Some(item) = line.strip_prefix("- ") else {
            continue;
        };
        if item
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("breaking")
        {
            level = level.max(Level::Major);
        } else if section == "Added" {
            level = level.max(Level::Minor);
        }
    }
    level
}

/// The level of each product's next release (the crate, the npm package, the JSON Schema), as
/// `cargo xtask release` would decide it now: the diff's verdicts, raised by what each
/// changelog's `## [Unreleased]` section holds.
pub fn planned_levels(root: &Path, report: &Report) -> Result<[Level; 3], String> {
    let mut out = [Level::Patch; 3];
    for (i, product) in Product::ALL.into_iter().enumerate() {
        let text = read_text(root, product.changelog(), NEW_CHANGELOG)?;
        out[i] = planned_level(product, report, take_unreleased(&text).1);
    }
    Ok(out)
}

/// The changelog entry of one product for `report`, as `version` on `date`.
fn entry(product: Product, report: &Report, version: &str, date: &str) -> String {
    let (mut added, mut changed, mut removed) = (Vec::new(), Vec::new(), Vec::new());
    for c in &report.changes {
        let names_only = matches!(
            c.kind,
            ChangeKind::TypeNameAdded { .. }
                | ChangeKind::TypeNameRemoved { .. }
                | ChangeKind::TypeNameRenamed { .. }
                | ChangeKind::DefinitionAdded
                | ChangeKind::DefinitionRemoved
        );
        if names_only && matches!(product, Product::JsonSchema) {
            continue;
        }
        let verdict = product.verdict(c);
        let at = if c.path.is_empty() {
            format!("`{}`", c.scope)
        } else {
            format!("`{}` `{}`", c.scope, c.path)
        };
        let line = format!(
            "- {at}: {} ({}: {}).",
            describe(&c.kind),
            verdict.level.as_str(),
            verdict.reason
        );
        match c.kind {
            ChangeKind::EventAdded
            | ChangeKind::PropertyAdded { .. }
            | ChangeKind::EnumValuesAdded { .. }
            | ChangeKind::DefinitionAdded
            | ChangeKind::TypeNameAdded { .. } => added.push(line),
            ChangeKind::EventRemoved
            | ChangeKind::PropertyRemoved { .. }
            | ChangeKind::EnumValuesRemoved { .. }
            | ChangeKind::DefinitionRemoved
            | ChangeKind::TypeNameRemoved { .. } => removed.push(line),
            _ => changed.push(line),
        }
    }
    let mut out = format!("## [{version}] - {date}\n");
    if let Some(docs) = report.docs.as_ref().and_then(|d| d.current.as_ref()) {
        out.push_str(&format!(
            "\nFrom the docs at `{}`, commit `{}`.\n",
            docs.repository, docs.commit
        ));
    }
    if let Some(contract) = report.contract.as_ref().and_then(|c| c.current.as_ref()) {
        out.push_str(&format!(
            "\nWith Seam's API contract from `{}@{}`.\n",
            contract.package, contract.version
        ));
    }
    for (title, lines) in [("Added", added), ("Changed", changed), ("Removed", removed)] {
        if !lines.is_empty() {
            out.push_str(&format!("\n### {title}\n\n{}\n", lines.join("\n")));
        }
    }
    out
}

/// `text` with `entry` inserted above the latest version's heading (or at the end), under an
/// empty `## [Unreleased]` heading for the next changes written by hand. What the
/// `## [Unreleased]` section held (changes written by hand: packaging, documentation, breaking
/// changes of the generator) joins the entry, each line under its heading (`### Added`,
/// `### Changed`, ...), merged with the entry's own, the hand-written lines first.
fn insert_entry(text: &str, entry: &str) -> String {
    let (text, held) = take_unreleased(text);
    let entry = merge_sections(entry, held);
    let entry = format!("## [Unreleased]\n\n{}\n", entry.trim_end());
    match text.find("\n## [") {
        Some(at) => format!("{}{entry}\n{}", &text[..=at], &text[at + 1..]),
        None => format!("{}\n\n{entry}", text.trim_end()),
    }
}

/// `entry` (a version's heading, lines before its first `###`, then its sections) with the
/// sections of `held` merged in: one section per title, in Keep a Changelog's order (Added,
/// Changed, Deprecated, Removed, Fixed, Security, then any other in the order met), `held`'s
/// lines first within each.
fn merge_sections(entry: &str, held: &str) -> String {
    fn sections(text: &str) -> (String, Vec<(String, Vec<String>)>) {
        let mut intro = String::new();
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for line in text.lines() {
            if let Some(title) = line.strip_prefix("### ") {
                out.push((title.trim().to_owned(), Vec::new()));
            } else if let Some((_, lines)) = out.last_mut() {
                lines.push(line.to_owned());
            } else {
                intro.push_str(line);
                intro.push('\n');
            }
        }
        (intro, out)
    }
    let (intro, mine) = sections(entry);
    let (loose, theirs) = sections(held);
    let order = [
        "Added",
        "Changed",
        "Deprecated",
        "Removed",
        "Fixed",
        "Security",
    ];
    let mut titles: Vec<String> = order.iter().map(|t| (*t).to_owned()).collect();
    for (title, _) in theirs.iter().chain(&mine) {
        if !titles.contains(title) {
            titles.push(title.clone());
        }
    }
    let mut out = format!("{}\n", intro.trim_end());
    let loose = loose.trim();
    if !loose.is_empty() {
        out.push_str(&format!("\n{loose}\n"));
    }
    for title in titles {
        let lines: Vec<&str> = theirs
            .iter()
            .chain(&mine)
            .filter(|(t, _)| *t == title)
            .flat_map(|(_, lines)| lines.iter().map(String::as_str))
            .filter(|l| !l.trim().is_empty())
            .collect();
        if !lines.is_empty() {
            out.push_str(&format!("\n### {title}\n\n{}\n", lines.join("\n")));
        }
    }
    out
}

/// `text` without its `## [Unreleased]` section, and what that section held.
pub fn take_unreleased(text: &str) -> (String, &str) {
    const HEADING: &str = "## [Unreleased]";
    let at = if text.starts_with(HEADING) {
        Some(0)
    } else {
        text.find(&format!("\n{HEADING}")).map(|i| i + 1)
    };
    let Some(at) = at else {
        return (text.to_owned(), "");
    };
    let body_start = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
    let body_end = text[body_start..]
        .find("\n## [")
        .map_or(text.len(), |i| body_start + i + 1);
    (
        format!("{}{}", &text[..at], &text[body_end..]),
        &text[body_start..body_end],
    )
}

/// Today's date, `YYYY-MM-DD`, in UTC.
pub fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The commit subjects that changed the runtime crate since its last release (the last commit
/// that set `runtime` in `schema/publish.toml`), one line saying so when the change is not
/// committed yet; `None` when its source is as it was then (or nothing records a release).
fn runtime_changes(root: &Path) -> Result<Option<Vec<String>>, String> {
    let git = |args: &[&str]| {
        crate::git::text(root, args).map_err(|e| format!("release: git {}: {e}", args.join(" ")))
    };
    let last = git(&[
        "log",
        "-1",
        "--format=%H",
        "-G",
        "^runtime = ",
        "--",
        PUBLISH_FILE,
    ])
    // Outside a git repository (a release from a saved events.json), nothing records one.
    .unwrap_or_default();
    let last = last.trim();
    // Its source: not its changelog, which codegen writes from schema/changelog/runtime.md.
    let shipped = format!(":(exclude){}", CHANGELOGS[Product::Runtime as usize].1);
    if last.is_empty()
        || git(&["diff", "--name-only", last, "--", RUNTIME_DIR, &shipped])?
            .trim()
            .is_empty()
    {
        return Ok(None);
    }
    let log = git(&[
        "log",
        "--format=%s",
        &format!("{last}..HEAD"),
        "--",
        RUNTIME_DIR,
        &shipped,
    ])?;
    let mut subjects: Vec<String> = log
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.trim().trim_end_matches('.').to_owned())
        .collect();
    if subjects.is_empty() {
        subjects.push("The runtime's source changed (not committed yet)".to_owned());
    }
    Ok(Some(subjects))
}

/// `text` of a crate manifest with its package's `version` set to `version`.
fn with_package_version(text: &str, version: &str) -> String {
    let mut done = false;
    text.split_inclusive('\n')
        .map(|line| {
            if !done && line.trim_start().starts_with("version") && line.contains('=') {
                done = true;
                let end = if line.ends_with('\n') { "\n" } else { "" };
                format!("version = \"{version}\"{end}")
            } else {
                line.to_owned()
            }
        })
        .collect()
}

/// The text of `rel` under `root`; `missing` when there is no such file.
fn read_text(root: &Path, rel: &str, missing: &str) -> Result<String, String> {
    match files::read_optional(root, rel)? {
        Some(file) => {
            String::from_utf8(file.bytes).map_err(|e| format!("{rel}:1: not UTF-8 ({e})"))
        }
        None => Ok(missing.to_owned()),
    }
}

/// What a changelog not written yet starts as.
const NEW_CHANGELOG: &str = "# Changelog\n";

/// Bumps the versions in `schema/publish.toml` as the diff against `base` says, adds each
/// product's changelog entry in `schema/changelog/`, and runs codegen. When the runtime crate's
/// source changed since its last release, it gets a patch release too (its changelog entry
/// lists the commits), and `seam-events`, which requires it exactly, at least a patch. A
/// failure leaves every file as it was.
pub fn run(root: &Path, base: &Base, date: &str) -> Result<Released, String> {
    let generated = codegen::generate(root)?;
    let report = report_against(root, base, &Side::current(&generated)?)?;
    let runtime = runtime_changes(root)?;
    // The products with something to release: every one when the schema changed; else those
    // whose changelog's [Unreleased] holds changes written by hand, and the crate when the
    // runtime it pins changed.
    let mut products: Vec<(Product, String)> = Vec::new();
    for product in Product::ALL {
        let text = read_text(root, product.changelog(), NEW_CHANGELOG)?;
        let held = !take_unreleased(&text).1.trim().is_empty();
        let pins_runtime = matches!(product, Product::Rust) && runtime.is_some();
        if !report.changes.is_empty() || held || pins_runtime {
            products.push((product, text));
        }
    }
    if products.is_empty() && runtime.is_none() {
        return Err(format!(
            "release: neither the schema, the runtime crate nor a changelog's [Unreleased] changed against {base}: nothing to release"
        ));
    }
    let from = publish::versions(root)?;
    let mut to = from.clone();
    let mut writes: Vec<(String, String)> = Vec::new();
    if let Some(subjects) = &runtime {
        let source = Product::Runtime.changelog();
        let text = read_text(root, source, NEW_CHANGELOG)?;
        let held = take_unreleased(&text).1;
        let level = planned_level(Product::Runtime, &report, held);
        to.runtime = seam_codegen::diff::bump(&from.runtime, level)?;
        // What the `[Unreleased]` section says of the changes, when it says anything; else the
        // commits that made them.
        let mut entry = format!("## [{}] - {date}\n", to.runtime);
        if held.trim().is_empty() {
            entry.push_str("\n### Changed\n\n");
            for subject in subjects {
                entry.push_str(&format!("- {subject}.\n"));
            }
        }
        writes.push((source.into(), insert_entry(&text, &entry)));
        let manifest = read_text(root, codegen::RUNTIME_MANIFEST, "")?;
        writes.push((
            codegen::RUNTIME_MANIFEST.into(),
            with_package_version(&manifest, &to.runtime),
        ));
    }
    for (product, text) in &products {
        let (product, source) = (*product, product.changelog());
        let level = planned_level(product, &report, take_unreleased(text).1);
        let version = product.version(&mut to);
        *version = seam_codegen::diff::bump(version, level)?;
        let mut entry = entry(product, &report, version, date);
        if let (Product::Rust, Some(_)) = (product, &runtime) {
            let line = format!(
                "- Requires `seam-events-runtime` {} (was {}).\n",
                to.runtime, from.runtime
            );
            entry = if entry.contains("\n### Changed\n\n") {
                entry.replacen("\n### Changed\n\n", &format!("\n### Changed\n\n{line}"), 1)
            } else {
                format!("{}\n### Changed\n\n{line}", with_blank_end(&entry))
            };
        }
        writes.push((source.into(), insert_entry(text, &entry)));
    }
    let publish_text = read_text(root, PUBLISH_FILE, "")?;
    writes.push((
        PUBLISH_FILE.into(),
        publish::with_versions(&publish_text, &to),
    ));
    let changes: Vec<(PathBuf, Option<Vec<u8>>)> = writes
        .iter()
        .map(|(rel, text)| (PathBuf::from(rel), Some(text.clone().into_bytes())))
        .collect();
    let before: Vec<(PathBuf, Option<Vec<u8>>)> = changes
        .iter()
        .map(|(rel, _)| rel.clone())
        .chain([PathBuf::from(LOCK_FILE)])
        .map(|rel| {
            let old = std::fs::read(root.join(&rel)).ok();
            (rel, old)
        })
        .collect();
    files::replace_all(root, &changes)?;
    if let Err(e) = codegen::run(root, false).and_then(|_| update_lock_file(root)) {
        files::replace_all(root, &before)?;
        return Err(format!("release: {e}; nothing changed"));
    }
    Ok(Released { from, to, report })
}

/// The workspace's lock file, which names the versions of its own crates too.
const LOCK_FILE: &str = "Cargo.lock";

/// Writes the new versions of the workspace's crates into `Cargo.lock` (`cargo update
/// --workspace --offline`: nothing else moves), so that `cargo publish --locked` takes it.
fn update_lock_file(root: &Path) -> Result<(), String> {
    if !root.join(LOCK_FILE).is_file() {
        return Ok(());
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = std::process::Command::new(cargo)
        .args(["update", "--workspace", "--offline", "--quiet"])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run cargo update ({e})"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "cargo update --workspace --offline failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// `text` ending in one blank line.
fn with_blank_end(text: &str) -> String {
    format!("{}\n", text.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_go_above_the_latest_version() {
        let text = "# Changelog\n\nIntro.\n\n## [0.1.0] - 2026-12-05\n\n- First.\n";
        let out = insert_entry(text, "## [0.1.1] - 2026-12-06\n\n### Added\n\n- x.\n");
        assert_eq!(
            out,
            "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n## [0.1.1] - 2026-12-06\n\n### Added\n\n- x.\n\n## [0.1.0] - 2026-12-05\n\n- First.\n"
        );
        assert_eq!(
            insert_entry("# Changelog\n", "## [1.0.0] - d\n"),
            "# Changelog\n\n## [Unreleased]\n\n## [1.0.0] - d\n"
        );
        // What [Unreleased] held joins the entry, each line under its heading, the headings
        // merged; an empty [Unreleased] stays for the next changes.
        let text = "# Changelog\n\n## [Unreleased]\n\n### Changed\n\n- Breaking: y.\n  Wrapped.\n\n### Packaging\n\n- Dual.\n\n## [0.1.0] - 2026-12-05\n\n- First.\n";
        assert_eq!(
            insert_entry(
                text,
                "## [0.2.0] - 2026-12-06\n\nFrom the docs.\n\n### Added\n\n- x.\n\n### Changed\n\n- z.\n"
            ),
            "# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2026-12-06\n\nFrom the docs.\n\n### Added\n\n- x.\n\n### Changed\n\n- Breaking: y.\n  Wrapped.\n- z.\n\n### Packaging\n\n- Dual.\n\n## [0.1.0] - 2026-12-05\n\n- First.\n"
        );
        assert_eq!(
            insert_entry("# Changelog\n\n## [Unreleased]\n", "## [1.0.0] - d\n"),
            "# Changelog\n\n## [Unreleased]\n\n## [1.0.0] - d\n"
        );
    }

    #[test]
    fn an_unreleased_section_at_the_very_start_is_taken_too() {
        let (rest, held) = take_unreleased("## [Unreleased]\n\n- x.\n\n## [0.1.0] - d\n");
        assert_eq!((rest.as_str(), held), ("## [0.1.0] - d\n", "\n- x.\n\n"));
    }

    #[test]
    fn unreleased_changes_raise_the_bump() {
        let report = seam_codegen::diff::diff(
            "x",
            &seam_schema::Schema {
                definitions: Default::default(),
                events: Vec::new(),
            },
            &seam_schema::Schema {
                definitions: Default::default(),
                events: Vec::new(),
            },
            &Default::default(),
            &Default::default(),
        );
        let level = |held: &str| planned_level(Product::Rust, &report, held);
        assert_eq!(level(""), Level::Patch);
        assert_eq!(level("### Changed\n\n- Docs reworded.\n"), Level::Patch);
        assert_eq!(level("### Added\n\n- A feature.\n"), Level::Minor);
        assert_eq!(
            level("### Changed\n\n- Breaking: structs are non-exhaustive.\n"),
            Level::Major
        );
        assert_eq!(level("### Removed\n\n- breaking: a name.\n"), Level::Major);
    }

    #[test]
    fn today_is_a_date() {
        let d = today();
        assert_eq!(d.len(), 10);
        assert!(d.starts_with("20"), "{d}");
    }
}
