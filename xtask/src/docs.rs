//! `cargo xtask docs sync`: the docs site's event pages, taken from a commit of the docs
//! repository into `schema/sources/`, and the record of that commit in `schema/upstream.toml`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use seam_codegen::diff::{ContractVersion, Revision};
use serde::{Deserialize, Serialize};

use crate::codegen::SOURCES_DIR;
use crate::files;
use crate::git::{bytes as git_bytes, text as git};

/// Where the docs repository keeps the API reference: each resource's events at
/// `<PAGES_DIR>/<resource path>/events.mdx`.
pub const PAGES_DIR: &str = "mintlify-docs/api";
/// The file name of an event page in the docs repository.
pub const PAGE_FILE: &str = "events.mdx";
/// Where the project records the revision its pages came from.
pub const UPSTREAM_FILE: &str = "schema/upstream.toml";

/// The text that opens `schema/upstream.toml`.
const UPSTREAM_HEADER: &str = "\
# Where the inputs came from: the pages in schema/sources/ ([docs]: the docs repository and its
# commit, written by `cargo xtask docs sync`) and schema/contract.json ([contract]: Seam's API
# contract, the npm package and its version, written by `cargo xtask contract sync`).
# `cargo xtask diff`, `release` and the changelogs cite them. Not edited by hand.
";

/// `schema/upstream.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Upstream {
    /// The docs repository's commit the pages in `schema/sources/` are taken from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<Revision>,
    /// The version of Seam's API contract `schema/contract.json` is taken from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<ContractVersion>,
}

impl Upstream {
    /// Parses the file's text; an error names the line and what was expected.
    pub fn parse(file: &str, text: &str) -> Result<Upstream, String> {
        let upstream: Upstream = toml::from_str(text).map_err(|e| {
            let line = crate::publish::toml_error_line(text, &e);
            format!(
                "{file}:{line}: {}: expected [docs] with repository (a URL) and commit (a full commit ID), as `cargo xtask docs sync` writes it, and [contract] with package and version, as `cargo xtask contract sync` writes it",
                e.message().trim_end()
            )
        })?;
        if let Some(docs) = upstream.docs.as_ref().filter(|d| !is_commit_id(&d.commit)) {
            let line = text
                .lines()
                .position(|l| l.trim_start().starts_with("commit"))
                .map_or(1, |i| i + 1);
            return Err(format!(
                "{file}:{line}: commit `{}`: expected a full commit ID (40 or 64 hexadecimal digits)",
                docs.commit
            ));
        }
        Ok(upstream)
    }

    /// The file's text.
    pub fn to_text(&self) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!("{UPSTREAM_HEADER}{body}")
    }
}

/// Reads `schema/upstream.toml` under `root`; `None` when the pages were never synced.
pub fn upstream(root: &Path) -> Result<Option<Upstream>, String> {
    match files::read_optional(root, UPSTREAM_FILE)? {
        None => Ok(None),
        Some(file) => {
            let text = std::str::from_utf8(&file.bytes)
                .map_err(|e| format!("{UPSTREAM_FILE}:1: not UTF-8 ({e})"))?;
            Upstream::parse(UPSTREAM_FILE, text).map(Some)
        }
    }
}

fn is_commit_id(id: &str) -> bool {
    matches!(id.len(), 40 | 64) && id.bytes().all(|b| b.is_ascii_hexdigit())
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synced {
    /// The revision the pages were read from.
    pub revision: Revision,
    /// The revision recorded before, if any.
    pub previous: Option<Revision>,
    /// How many pages the revision has.
    pub pages: usize,
    /// Pages new in `schema/sources/`, by path relative to the project root.
    pub added: Vec<String>,
    /// Pages whose bytes changed.
    pub changed: Vec<String>,
    /// Files of `schema/sources/` the revision does not have, removed.
    pub removed: Vec<String>,
    /// Whether `schema/upstream.toml` was written. It is not when no page changed and it already
    /// names the repository: the pages are still those of the recorded commit.
    pub recorded: bool,
}

impl Synced {
    /// Whether no file changed.
    pub fn is_unchanged(&self) -> bool {
        self.added.is_empty()
            && self.changed.is_empty()
            && self.removed.is_empty()
            && !self.recorded
    }

    /// The report for the terminal: one line per page, then the sum and what to do next.
    pub fn report(&self) -> String {
        let mut out = format!(
            "docs sync: {} at {}: {} event pages\n",
            self.revision.repository, self.revision.commit, self.pages
        );
        for (word, pages) in [
            ("added", &self.added),
            ("changed", &self.changed),
            ("removed", &self.removed),
        ] {
            for page in pages {
                out.push_str(&format!("  {word:<7} {page}\n"));
            }
        }
        if self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty() {
            out.push_str(&match (&self.previous, self.recorded) {
                (Some(old), false) if old.commit != self.revision.commit => format!(
                    "docs sync: no page changed since {} (still recorded in {UPSTREAM_FILE}): nothing to do\n",
                    old.short()
                ),
                (_, false) => "docs sync: no page changed: nothing to do\n".to_owned(),
                (_, true) => format!(
                    "docs sync: no page changed; the revision is recorded in {UPSTREAM_FILE}\n"
                ),
            });
        } else {
            out.push_str(&format!(
                "docs sync: {} added, {} changed, {} removed; recorded in {UPSTREAM_FILE}; next: `cargo xtask codegen`, then `cargo xtask diff`\n",
                self.added.len(),
                self.changed.len(),
                self.removed.len()
            ));
        }
        out
    }
}

/// `cargo xtask docs sync --from FROM [--rev REV]`: every event page of the docs repository
/// at `rev` (default: its `HEAD`) into `schema/sources/` under `root`, byte for byte; files of
/// `schema/sources/` the revision does not have are removed; the revision is recorded in
/// `schema/upstream.toml`. `from` is a local checkout (its commits are read, not its working
/// tree) or a git URL. A bad source changes nothing on disk.
pub fn sync(root: &Path, from: &str, rev: Option<&str>) -> Result<Synced, String> {
    if let Some(rev) = rev.filter(|r| r.is_empty() || r.starts_with('-')) {
        return Err(format!(
            "docs sync: --rev `{rev}`: expected a branch, a tag or a commit ID"
        ));
    }
    let recorded = upstream(root)?.unwrap_or_default();
    let previous = recorded.docs.clone();
    let source = Source::open(from, rev)?;
    let pages = source.pages()?;
    let mut current: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for rel in files::list_tree(root, SOURCES_DIR)? {
        let shown = files::display(&rel);
        if shown.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        let bytes = std::fs::read(root.join(&rel))
            .map_err(|e| format!("{shown}: cannot read the file: {e}"))?;
        current.insert(shown, bytes);
    }
    let mut synced = Synced {
        revision: source.revision.clone(),
        previous: previous.clone(),
        pages: pages.len(),
        added: Vec::new(),
        changed: Vec::new(),
        removed: Vec::new(),
        recorded: false,
    };
    let mut changes: Vec<(PathBuf, Option<Vec<u8>>)> = Vec::new();
    for (name, bytes) in &pages {
        let rel = format!("{SOURCES_DIR}/{name}");
        match current.get(&rel) {
            Some(old) if old == bytes => continue,
            Some(_) => synced.changed.push(rel.clone()),
            None => synced.added.push(rel.clone()),
        }
        changes.push((PathBuf::from(rel), Some(bytes.clone())));
    }
    for rel in current.keys() {
        let name = &rel[SOURCES_DIR.len() + 1..];
        if !pages.contains_key(name) {
            synced.removed.push(rel.clone());
            changes.push((PathBuf::from(rel), None));
        }
    }
    let same_repository = previous
        .as_ref()
        .is_some_and(|p| p.repository == source.revision.repository);
    if !changes.is_empty() || !same_repository {
        let record = Upstream {
            docs: Some(source.revision.clone()),
            ..recorded
        };
        changes.push((
            PathBuf::from(UPSTREAM_FILE),
            Some(record.to_text().into_bytes()),
        ));
        synced.recorded = previous.as_ref() != Some(&source.revision);
    }
    files::replace_all(root, &changes)?;
    Ok(synced)
}

/// A revision of the docs repository, ready to read.
struct Source {
    /// The git repository to read from (a checkout, or a fetch into `_fetched`).
    repo: PathBuf,
    /// What `--from` said, for messages.
    from: String,
    revision: Revision,
    /// The temporary repository a URL was fetched into, removed when dropped.
    _fetched: Option<tempfile::TempDir>,
}

impl Source {
    fn open(from: &str, rev: Option<&str>) -> Result<Source, String> {
        let path = Path::new(from);
        if path.exists() {
            if !path.is_dir() {
                return Err(format!(
                    "docs sync: --from {from}: a file: expected a checkout of the docs repository (a folder) or its git URL"
                ));
            }
            let inside = git(path, &["rev-parse", "--is-inside-work-tree"]);
            let bare = git(path, &["rev-parse", "--is-bare-repository"]);
            if !(inside.is_ok_and(|o| o.trim() == "true") || bare.is_ok_and(|o| o.trim() == "true"))
            {
                return Err(format!(
                    "docs sync: --from {from}: not a git repository: expected a checkout of the docs repository (git clone ...) or its git URL"
                ));
            }
            let wanted = rev.unwrap_or("HEAD");
            let commit = git(
                path,
                &["rev-parse", "--verify", "--quiet", "--end-of-options", &format!("{wanted}^{{commit}}")],
            )
            .map_err(|_| {
                format!("docs sync: --from {from}: no revision `{wanted}` there: expected a branch, a tag or a commit of that repository")
            })?;
            let repository = git(path, &["config", "--get", "remote.origin.url"])
                .map(|url| without_credentials(url.trim()))
                .ok()
                .filter(|url| !url.is_empty())
                .unwrap_or_else(|| from.to_owned());
            Ok(Source {
                repo: path.to_path_buf(),
                from: from.to_owned(),
                revision: Revision {
                    repository,
                    commit: commit.trim().to_owned(),
                },
                _fetched: None,
            })
        } else if looks_like_url(from) {
            let dir = tempfile::tempdir()
                .map_err(|e| format!("docs sync: cannot create a temporary folder: {e}"))?;
            git(dir.path(), &["init", "--quiet", "--bare"])
                .map_err(|e| format!("docs sync: git init: {e}"))?;
            let wanted = rev.unwrap_or("HEAD");
            git(
                dir.path(),
                &["fetch", "--quiet", "--depth", "1", "--no-tags", "--", from, wanted],
            )
            .map_err(|e| {
                format!("docs sync: --from {from}: cannot fetch `{wanted}` ({e}): expected a git URL you can clone and a branch, a tag or a full commit ID of it")
            })?;
            let commit = git(
                dir.path(),
                &["rev-parse", "--verify", "FETCH_HEAD^{commit}"],
            )
            .map_err(|e| format!("docs sync: --from {from}: {e}"))?;
            Ok(Source {
                repo: dir.path().to_path_buf(),
                from: from.to_owned(),
                revision: Revision {
                    repository: without_credentials(from),
                    commit: commit.trim().to_owned(),
                },
                _fetched: Some(dir),
            })
        } else {
            Err(format!(
                "docs sync: --from {from}: no such path: expected a checkout of the docs repository or its git URL (https://..., ssh://..., git@host:path)"
            ))
        }
    }

    /// Every event page of the revision, by its name in `schema/sources/` (its path below
    /// `PAGES_DIR` with `/` replaced by `_`, as the docs site's pages are named).
    fn pages(&self) -> Result<BTreeMap<String, Vec<u8>>, String> {
        let commit = &self.revision.commit;
        let at = format!("--from {} at {}", self.from, self.revision.short());
        let listing = git(
            &self.repo,
            &[
                "ls-tree",
                "-r",
                "-z",
                "--full-tree",
                commit,
                "--",
                &format!("{PAGES_DIR}/"),
            ],
        )
        .map_err(|e| format!("docs sync: {at}: cannot list {PAGES_DIR}/: {e}"))?;
        let mut pages: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        let mut paths: BTreeMap<String, String> = BTreeMap::new();
        for entry in listing.split('\0').filter(|e| !e.is_empty()) {
            let (meta, path) = entry
                .split_once('\t')
                .ok_or_else(|| format!("docs sync: {at}: git ls-tree printed `{entry}`"))?;
            let Some(name) = page_name(path) else {
                continue;
            };
            let mut meta = meta.split(' ');
            let (mode, kind, object) = (meta.next(), meta.next(), meta.next());
            if kind != Some("blob") || !matches!(mode, Some("100644" | "100755")) {
                return Err(format!(
                    "docs sync: {at}: {path} is not a file (mode {}): expected each event page to be a regular file",
                    mode.unwrap_or("?")
                ));
            }
            if let Some(other) = paths.insert(name.clone(), path.to_owned()) {
                return Err(format!(
                    "docs sync: {at}: {other} and {path} would both be schema/sources/{name}: expected one page per name"
                ));
            }
            let object = object.unwrap_or_default();
            let bytes = git_bytes(&self.repo, &["cat-file", "blob", object])
                .map_err(|e| format!("docs sync: {at}: cannot read {path}: {e}"))?;
            pages.insert(name, bytes);
        }
        if pages.is_empty() {
            return Err(format!(
                "docs sync: {at}: no event pages: expected files {PAGES_DIR}/<resource path>/{PAGE_FILE} (is this the docs repository?)"
            ));
        }
        Ok(pages)
    }
}

/// The name in `schema/sources/` of the file at `path` in the docs repository, if it is an
/// event page: `mintlify-docs/api/acs/systems/events.mdx` is `acs_systems.mdx`.
pub fn page_name(path: &str) -> Option<String> {
    let rest = path.strip_prefix(PAGES_DIR)?.strip_prefix('/')?;
    let resource = rest.strip_suffix(PAGE_FILE)?;
    let resource = match resource {
        "" => "events",
        r => r.strip_suffix('/')?,
    };
    Some(format!("{}.mdx", resource.replace('/', "_")))
}

/// Whether `from` names a remote repository rather than a folder: a URL with a scheme, or
/// scp-like `user@host:path`.
fn looks_like_url(from: &str) -> bool {
    if from.contains("://") {
        return true;
    }
    match from.split_once(':') {
        Some((host, path)) => host.contains('@') && !host.contains('/') && !path.is_empty(),
        None => false,
    }
}

/// The URL without a user name or password (`https://user:token@host/x` is `https://host/x`).
fn without_credentials(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://") {
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        if let Some((_, host)) = authority.rsplit_once('@') {
            return format!("{scheme}://{host}/{path}")
                .trim_end_matches('/')
                .to_owned();
        }
    }
    url.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_named_after_their_path() {
        assert_eq!(
            page_name("mintlify-docs/api/acs/systems/events.mdx").as_deref(),
            Some("acs_systems.mdx")
        );
        assert_eq!(
            page_name("mintlify-docs/api/locks/events.mdx").as_deref(),
            Some("locks.mdx")
        );
        assert_eq!(
            page_name("mintlify-docs/api/noise_sensors/noise_thresholds/events.mdx").as_deref(),
            Some("noise_sensors_noise_thresholds.mdx")
        );
        assert_eq!(page_name("mintlify-docs/api/locks/get.mdx"), None);
        assert_eq!(page_name("mintlify-docs/api/locks/old_events.mdx"), None);
        assert_eq!(page_name("mintlify-docs/guides/events.mdx"), None);
        assert_eq!(page_name("mintlify-docs/apis/locks/events.mdx"), None);
    }

    #[test]
    fn urls_and_paths_are_told_apart() {
        for url in [
            "https://github.com/seamapi/docs",
            "file:///tmp/docs",
            "ssh://git@github.com/seamapi/docs.git",
            "git@github.com:seamapi/docs.git",
        ] {
            assert!(looks_like_url(url), "{url}");
        }
        for path in ["../docs", "docs", "/tmp/docs", "C:/docs", "./a@b:c/d"] {
            assert!(!looks_like_url(path), "{path}");
        }
    }

    #[test]
    fn credentials_are_not_recorded() {
        assert_eq!(
            without_credentials("https://x-access-token:secret@github.com/seamapi/docs"),
            "https://github.com/seamapi/docs"
        );
        assert_eq!(
            without_credentials("https://github.com/seamapi/docs"),
            "https://github.com/seamapi/docs"
        );
        assert_eq!(
            without_credentials("git@github.com:seamapi/docs.git"),
            "git@github.com:seamapi/docs.git"
        );
    }

    #[test]
    fn the_record_reads_back_and_bad_ones_name_their_line() {
        let record = Upstream {
            docs: Some(Revision {
                repository: "https://github.com/seamapi/docs".into(),
                commit: "0123456789abcdef0123456789abcdef01234567".into(),
            }),
            contract: Some(ContractVersion {
                package: "@seamapi/types".into(),
                version: "1.977.0".into(),
                integrity: Some("sha512-x".into()),
            }),
        };
        let text = record.to_text();
        assert!(text.starts_with("# Where the inputs came from"), "{text}");
        assert_eq!(Upstream::parse(UPSTREAM_FILE, &text).unwrap(), record);
        // Either record alone reads back too.
        for alone in [
            Upstream {
                contract: None,
                ..record.clone()
            },
            Upstream {
                docs: None,
                ..record.clone()
            },
        ] {
            assert_eq!(
                Upstream::parse(UPSTREAM_FILE, &alone.to_text()).unwrap(),
                alone
            );
        }

        let short = text.replace("0123456789abcdef0123456789abcdef01234567", "0123456");
        let e = Upstream::parse(UPSTREAM_FILE, &short).unwrap_err();
        assert!(
            e.starts_with("schema/upstream.toml:7: commit `0123456`: expected a full commit ID"),
            "{e}"
        );
        let unknown = format!("{text}branch = \"main\"\n");
        let e = Upstream::parse(UPSTREAM_FILE, &unknown).unwrap_err();
        let last = unknown.lines().count();
        assert!(
            e.starts_with(&format!(
                "schema/upstream.toml:{last}: unknown field `branch`"
            )),
            "{e}"
        );
        let e = Upstream::parse(UPSTREAM_FILE, "[docs]\nrepository = \"x\"\n").unwrap_err();
        assert!(e.contains("missing field `commit`"), "{e}");
    }
}
