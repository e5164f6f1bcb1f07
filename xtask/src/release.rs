//! `cargo xtask release`: bumps each product's version as the diff says, writes its changelog
//! entry (Keep a Changelog), then runs codegen so that the products carry both.

use std::path::Path;

use seam_codegen::diff::{ChangeKind, Level, Report, Verdict, describe};
use seam_codegen::{PUBLISH_FILE, Versions};

use crate::codegen::{self, CHANGELOGS};
use crate::diff::{Base, Side, report_against};
use crate::{files, publish};

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
}

impl Product {
    const ALL: [Product; 3] = [Product::Rust, Product::TypeScript, Product::JsonSchema];

    fn changelog(self) -> &'static str {
        CHANGELOGS[self as usize].0
    }

    fn verdict(self, c: &seam_codegen::diff::Change) -> &Verdict {
        match self {
            Product::Rust => c.verdicts.crate_verdict(),
            Product::TypeScript => &c.verdicts.typescript,
            Product::JsonSchema => &c.verdicts.json_schema,
        }
    }

    fn level(self, report: &Report) -> Level {
        match self {
            Product::Rust => report.summary.crate_bump(),
            Product::TypeScript => report.summary.typescript,
            Product::JsonSchema => report.summary.json_schema,
        }
    }

    fn version(self, versions: &mut Versions) -> &mut String {
        match self {
            Product::Rust => &mut versions.rust,
            Product::TypeScript => &mut versions.typescript,
            Product::JsonSchema => &mut versions.json_schema,
        }
    }
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
    for (title, lines) in [("Added", added), ("Changed", changed), ("Removed", removed)] {
        if !lines.is_empty() {
            out.push_str(&format!("\n### {title}\n\n{}\n", lines.join("\n")));
        }
    }
    out
}

/// `text` with `entry` inserted above the latest version's heading (or at the end). What an
/// `## [Unreleased]` section holds (changes written by hand: packaging, documentation) joins the
/// entry, and the section goes.
fn insert_entry(text: &str, entry: &str) -> String {
    let (text, held) = take_unreleased(text);
    let entry = match held.trim() {
        "" => entry.to_owned(),
        held => format!("{}\n\n{held}\n", entry.trim_end()),
    };
    match text.find("\n## [") {
        Some(at) => format!("{}{entry}\n{}", &text[..=at], &text[at + 1..]),
        None => format!("{}\n\n{entry}", text.trim_end()),
    }
}

/// `text` without its `## [Unreleased]` section, and what that section held.
fn take_unreleased(text: &str) -> (String, &str) {
    let Some(at) = text.find("\n## [Unreleased]") else {
        return (text.to_owned(), "");
    };
    let body_start = text[at + 1..].find('\n').map_or(text.len(), |i| at + 2 + i);
    let body_end = text[body_start..]
        .find("\n## [")
        .map_or(text.len(), |i| body_start + i + 1);
    (
        format!("{}{}", &text[..=at], &text[body_end..]),
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

/// Bumps the versions in `schema/publish.toml` as the diff against `base` says, adds each
/// product's changelog entry in `schema/changelog/`, and runs codegen. A failure leaves every
/// file as it was.
pub fn run(root: &Path, base: &Base, date: &str) -> Result<Released, String> {
    let generated = codegen::generate(root)?;
    let report = report_against(root, base, &Side::current(&generated)?)?;
    if report.changes.is_empty() {
        return Err(format!(
            "release: the schema has not changed against {base}: nothing to release"
        ));
    }
    let from = publish::versions(root)?;
    let mut to = from.clone();
    let mut writes = Vec::new();
    for product in Product::ALL {
        let version = product.version(&mut to);
        *version = seam_codegen::diff::bump(version, product.level(&report))?;
        let source = product.changelog();
        let old = match files::read_optional(root, source)? {
            Some(file) => {
                String::from_utf8(file.bytes).map_err(|e| format!("{source}:1: not UTF-8 ({e})"))?
            }
            None => "# Changelog\n".to_owned(),
        };
        let new = insert_entry(&old, &entry(product, &report, version, date));
        writes.push((source.to_owned(), old, new));
    }
    let publish_text = files::read_optional(root, PUBLISH_FILE)?
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
        .unwrap_or_default();
    writes.push((
        PUBLISH_FILE.to_owned(),
        publish_text.clone(),
        publish::with_versions(&publish_text, &to),
    ));
    for (rel, _, new) in &writes {
        files::write_atomic(root, Path::new(rel), new)?;
    }
    if let Err(e) = codegen::run(root, false) {
        for (rel, old, _) in &writes {
            files::write_atomic(root, Path::new(rel), old)?;
        }
        return Err(format!("release: codegen failed, nothing changed: {e}"));
    }
    Ok(Released { from, to, report })
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
            "# Changelog\n\nIntro.\n\n## [0.1.1] - 2026-12-06\n\n### Added\n\n- x.\n\n## [0.1.0] - 2026-12-05\n\n- First.\n"
        );
        assert_eq!(
            insert_entry("# Changelog\n", "## [1.0.0] - d\n"),
            "# Changelog\n\n## [1.0.0] - d\n"
        );
        let text = "# Changelog\n\n## [Unreleased]\n\n### Packaging\n\n- Dual.\n\n## [0.1.0] - 2026-12-05\n\n- First.\n";
        assert_eq!(
            insert_entry(text, "## [0.2.0] - 2026-12-06\n\n### Added\n\n- x.\n"),
            "# Changelog\n\n## [0.2.0] - 2026-12-06\n\n### Added\n\n- x.\n\n### Packaging\n\n- Dual.\n\n## [0.1.0] - 2026-12-05\n\n- First.\n"
        );
        assert_eq!(
            insert_entry("# Changelog\n\n## [Unreleased]\n", "## [1.0.0] - d\n"),
            "# Changelog\n\n## [1.0.0] - d\n"
        );
    }

    #[test]
    fn today_is_a_date() {
        let d = today();
        assert_eq!(d.len(), 10);
        assert!(d.starts_with("20"), "{d}");
    }
}
