//! `cargo xtask docs sync` against docs repositories the tests build from the docs site's pages:
//! a whole update played through (sync, codegen, diff, release) at each of three revisions, and
//! every kind of bad source, which leaves `schema/sources/` as it was.

use std::fs;
use std::path::Path;

use seam_codegen::diff::{Level, Report};
use xtask::diff::{Base, report};
use xtask::docs::{self, Synced};
use xtask::{codegen, release};

mod common;
use common::{git, scratch, snapshot};

/// The repository recorded for the test repositories (set as their `origin`, as a checkout
/// made by `git clone` or actions/checkout has it).
const ORIGIN: &str = "https://github.com/seamapi/docs";

/// Where the docs repository keeps the page that the project names `name`: resources with a
/// parent (`acs/systems`, `devices/unmanaged`) in folders, as the docs site has them.
fn docs_path(name: &str) -> String {
    let stem = name.strip_suffix(".mdx").unwrap();
    let resource = if let Some(rest) = stem.strip_prefix("acs_") {
        format!("acs/{rest}")
    } else if let Some(parent) = stem.strip_suffix("_unmanaged") {
        format!("{parent}/unmanaged")
    } else {
        stem.to_owned()
    };
    format!("{}/{resource}/{}", docs::PAGES_DIR, docs::PAGE_FILE)
}

/// A docs repository whose first commit holds the project's pages (the docs site's 21), each
/// where the docs repository keeps it, and files that are not event pages.
fn docs_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    git(repo, &["remote", "add", "origin", ORIGIN]);
    for (rel, bytes) in snapshot(&xtask::project_root().join(codegen::SOURCES_DIR)) {
        write(repo, &docs_path(rel.to_str().unwrap()), &bytes);
    }
    // Not event pages: left alone.
    write(repo, "mintlify-docs/api/locks/get.mdx", b"# Get a lock\n");
    write(repo, "mintlify-docs/guides/events.mdx", b"# Events\n");
    write(repo, "README.md", b"# docs\n");
    commit(repo, "the docs site as the project has it");
    dir
}

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

/// Commits everything in `repo`.
fn commit(repo: &Path, message: &str) {
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", message]);
}

fn head(repo: &Path) -> String {
    git(repo, &["rev-parse", "HEAD"]).trim().to_owned()
}

/// Edits the page at `rel` in `repo`: the first occurrence of each `from` becomes its `to`.
fn edit(repo: &Path, rel: &str, edits: &[(&str, &str)]) {
    let path = repo.join(rel);
    let mut text = fs::read_to_string(&path).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{from:?} is not on {rel}");
        text = text.replacen(from, to, 1);
    }
    fs::write(path, text).unwrap();
}

/// A scratch project under git, its pages as committed.
fn project() -> tempfile::TempDir {
    let dir = scratch();
    common::just_released(dir.path());
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "the project"]);
    dir
}

/// One revision played through as the maintainer does: sync, codegen, diff, release, commit.
/// Returns what sync reported, the diff, and the lines each generated folder changed by.
struct Played {
    synced: Synced,
    report: Report,
    /// `git diff --numstat` of the release: (added, removed) lines under `generated/`, and
    /// under `schema/`.
    generated_lines: (usize, usize),
    schema_lines: (usize, usize),
    released: release::Released,
}

fn play(project: &Path, docs: &Path, rev: &str, date: &str) -> Played {
    let synced = docs::sync(project, docs.to_str().unwrap(), Some(rev)).unwrap();
    codegen::run(project, false).unwrap();
    let report = report(project, &Base::Rev("HEAD".into())).unwrap();
    let released = release::run(project, &Base::Rev("HEAD".into()), date).unwrap();
    git(project, &["add", "-A"]);
    let numstat = |dir: &str| {
        git(project, &["diff", "--cached", "--numstat", "--", dir])
            .lines()
            .map(|l| {
                let mut parts = l.split('\t');
                let added = parts.next().unwrap().parse::<usize>().unwrap_or(0);
                let removed = parts.next().unwrap().parse::<usize>().unwrap_or(0);
                (added, removed)
            })
            .fold((0, 0), |(a, r), (x, y)| (a + x, r + y))
    };
    let played = Played {
        generated_lines: numstat("generated"),
        schema_lines: numstat("schema"),
        synced,
        report,
        released,
    };
    git(project, &["commit", "-q", "-m", &format!("docs at {rev}")]);
    // What the closing note reports of each revision.
    let s = &played.report.summary;
    eprint!("{}", played.synced.report());
    eprintln!(
        "verdicts: rust {}, json_schema {}, typescript {}, wire {}; released {:?}; lines changed: generated/ +{} -{}, schema/ +{} -{}",
        s.rust.as_str(),
        s.json_schema.as_str(),
        s.typescript.as_str(),
        s.wire.as_str(),
        played.released.to,
        played.generated_lines.0,
        played.generated_lines.1,
        played.schema_lines.0,
        played.schema_lines.1
    );
    played
}

fn kinds(report: &Report) -> Vec<(String, String, String)> {
    report
        .changes
        .iter()
        .map(|c| (c.kind.name().to_owned(), c.scope.clone(), c.path.clone()))
        .collect()
}

#[test]
fn three_revisions_of_the_docs_play_through_sync_codegen_diff_and_release() {
    let docs_dir = docs_repo();
    let docs = docs_dir.path();
    let project_dir = project();
    let project = project_dir.path();

    // Revision 1: two resources the seed pages covered change (an example value, a property
    // added). With the seeds among the sources, this failed: two pages for one event disagreed.
    let acs_systems = docs_path("acs_systems.mdx");
    let access_methods = docs_path("access_methods.mdx");
    edit(
        docs,
        &acs_systems,
        &[
            (
                "  \"acs_system_id\": \"00000000-0000-0000-0000-000000000000\",\n",
                "  \"acs_system_id\": \"00000000-0000-0000-0000-000000000000\",\n  \"acs_system_name\": \"Main entrance\",\n",
            ),
            (
                "<ResponseField name=\"connected_account_id\"",
                "<ResponseField name=\"acs_system_name\" type=\"String\">\n  Name of the access system.\n</ResponseField>\n\n<ResponseField name=\"connected_account_id\"",
            ),
        ],
    );
    edit(
        docs,
        &access_methods,
        &[("\"code\": \"1234\"", "\"code\": \"5678\"")],
    );
    commit(
        docs,
        "acs systems: a name; access methods: another example code",
    );
    let r1 = head(docs);
    let one = play(project, docs, &r1, "2026-12-07");
    assert_eq!(
        (&one.synced.added, &one.synced.changed, &one.synced.removed),
        (
            &vec![],
            &vec![
                "schema/sources/access_methods.mdx".to_owned(),
                "schema/sources/acs_systems.mdx".to_owned()
            ],
            &vec![]
        )
    );
    assert!(one.synced.recorded && one.synced.previous.is_none());
    assert_eq!(one.synced.pages, 21);
    let docs_revisions = one.report.docs.clone().expect("the diff cites the docs");
    assert_eq!(docs_revisions.base, None, "the project had recorded none");
    assert_eq!(
        docs_revisions
            .current
            .as_ref()
            .map(|r| (r.repository.as_str(), r.commit.as_str())),
        Some((ORIGIN, r1.as_str()))
    );
    assert!(
        kinds(&one.report).contains(&(
            "property_added".into(),
            "acs_system.connected".into(),
            "acs_system_name".into()
        )),
        "{:#?}",
        kinds(&one.report)
    );
    let changelog = fs::read_to_string(project.join("schema/changelog/rust.md")).unwrap();
    assert!(
        changelog.contains(&format!("From the docs at `{ORIGIN}`, commit `{r1}`.")),
        "{changelog}"
    );
    let markdown = xtask::diff::render(&one.report, xtask::diff::Format::Markdown);
    assert!(
        markdown.contains(&format!(
            "[seamapi/docs@{}]({ORIGIN}/commit/{r1})",
            &r1[..12]
        )),
        "{markdown}"
    );
    let upstream = docs::upstream(project).unwrap().unwrap();
    assert_eq!(upstream.docs.as_ref().unwrap().commit, r1);

    // Revision 2: a resource's page is added.
    let phones = fs::read_to_string(docs.join(docs_path("phones.mdx"))).unwrap();
    let widgets = phones
        .replace("phone.deactivated", "widget.deactivated")
        .replace("Phone", "Widget");
    write(docs, &docs_path("widgets.mdx"), widgets.as_bytes());
    commit(docs, "widgets");
    let r2 = head(docs);
    let two = play(project, docs, &r2, "2026-12-08");
    assert_eq!(two.synced.added, ["schema/sources/widgets.mdx"]);
    assert!(two.synced.changed.is_empty() && two.synced.removed.is_empty());
    assert_eq!(
        two.synced.previous.as_ref().map(|r| r.commit.as_str()),
        Some(r1.as_str())
    );
    assert!(kinds(&two.report).contains(&(
        "event_added".into(),
        "widget.deactivated".into(),
        String::new()
    )));
    assert_eq!(two.report.summary.json_schema, Level::Minor);
    let docs_revisions = two.report.docs.clone().unwrap();
    assert_eq!(docs_revisions.base.map(|r| r.commit), Some(r1.clone()));
    assert!(
        xtask::diff::render(&two.report, xtask::diff::Format::Markdown)
            .contains(&format!("([what changed]({ORIGIN}/compare/{r1}...{r2}))"))
    );

    // Revision 3: a resource's page is gone, and its events with it.
    git(
        docs,
        &["rm", "-q", &docs_path("noise_sensors_noise_thresholds.mdx")],
    );
    commit(docs, "noise thresholds moved away");
    let r3 = head(docs);
    let three = play(project, docs, "HEAD", "2026-12-09");
    assert_eq!(
        three.synced.removed,
        ["schema/sources/noise_sensors_noise_thresholds.mdx"]
    );
    assert_eq!(three.synced.revision.commit, r3);
    assert!(
        three
            .report
            .changes
            .iter()
            .any(|c| c.kind.name() == "event_removed" && c.scope.starts_with("noise_sensor."))
    );
    assert_eq!(three.report.summary.rust, Level::Major);
    assert_eq!(three.report.summary.json_schema, Level::Major);
    assert!(
        !project
            .join("schema/sources/noise_sensors_noise_thresholds.mdx")
            .exists()
    );
    // Each release bumped the crate as its diff said.
    assert_eq!(
        [
            &one.released.to.rust,
            &two.released.to.rust,
            &three.released.to.rust
        ],
        [
            &seam_codegen::diff::bump(&one.released.from.rust, one.report.summary.crate_bump())
                .unwrap(),
            &seam_codegen::diff::bump(&two.released.from.rust, two.report.summary.crate_bump())
                .unwrap(),
            &seam_codegen::diff::bump(&three.released.from.rust, three.report.summary.crate_bump())
                .unwrap(),
        ]
    );
    assert!(one.generated_lines.0 > 0 && two.generated_lines.0 > 0 && three.generated_lines.1 > 0);

    // The same revision again: nothing to do, nothing written.
    let before = snapshot(project);
    let again = docs::sync(project, docs.to_str().unwrap(), None).unwrap();
    assert!(again.is_unchanged(), "{again:?}");
    assert!(
        again.report().contains("no page changed"),
        "{}",
        again.report()
    );
    assert_eq!(snapshot(project), before);
}

#[test]
fn a_commit_that_changes_no_page_leaves_the_record_as_it_is() {
    let docs_dir = docs_repo();
    let docs = docs_dir.path();
    let project_dir = project();
    let project = project_dir.path();
    let first = docs::sync(project, docs.to_str().unwrap(), None).unwrap();
    assert!(first.recorded, "the first sync records the revision");
    assert!(first.added.is_empty() && first.changed.is_empty() && first.removed.is_empty());
    let r1 = head(docs);

    write(docs, "README.md", b"# docs, reworded\n");
    commit(docs, "not a page");
    let second = docs::sync(project, docs.to_str().unwrap(), None).unwrap();
    assert!(second.is_unchanged(), "{second:?}");
    assert!(
        second
            .report()
            .contains(&format!("no page changed since {}", &r1[..12]))
    );
    assert_eq!(
        docs::upstream(project)
            .unwrap()
            .unwrap()
            .docs
            .unwrap()
            .commit,
        r1
    );
}

#[test]
fn a_git_url_and_a_full_commit_id_are_read_like_a_checkout() {
    let docs_dir = docs_repo();
    let docs = docs_dir.path();
    let r1 = head(docs);
    git(docs, &["rm", "-q", &docs_path("locks.mdx")]);
    commit(docs, "locks gone");
    let project_dir = project();
    let project = project_dir.path();
    let url = format!("file://{}", docs.display());
    let synced = docs::sync(project, &url, Some(&r1)).unwrap();
    assert_eq!(synced.revision.commit, r1);
    assert_eq!(synced.revision.repository, url);
    assert!(synced.removed.is_empty(), "{synced:?}");
    let synced = docs::sync(project, &url, None).unwrap();
    assert_eq!(synced.removed, ["schema/sources/locks.mdx"]);
}

#[test]
fn a_bad_source_is_an_error_and_changes_nothing() {
    let docs_dir = docs_repo();
    let docs = docs_dir.path();
    let project_dir = project();
    let project = project_dir.path();
    // A page of the project that the source would change, so that a partial write would show.
    fs::write(project.join("schema/sources/locks.mdx"), "edited\n").unwrap();
    let not_a_repo = tempfile::tempdir().unwrap();
    fs::write(not_a_repo.path().join("events.mdx"), "x").unwrap();
    let no_pages = tempfile::tempdir().unwrap();
    git(no_pages.path(), &["init", "-q"]);
    write(
        no_pages.path(),
        "mintlify-docs/guides/events.mdx",
        b"# Events\n",
    );
    commit(no_pages.path(), "no api pages");
    let a_file = docs.join("README.md");
    let missing = docs.join("nope");
    let url_missing = format!("file://{}", missing.display());

    let cases: Vec<(String, Option<&str>, &str)> = vec![
        (missing.display().to_string(), None, "no such path"),
        (
            a_file.display().to_string(),
            None,
            "a file: expected a checkout",
        ),
        (
            not_a_repo.path().display().to_string(),
            None,
            "not a git repository",
        ),
        (
            no_pages.path().display().to_string(),
            None,
            "no event pages: expected files mintlify-docs/api/<resource path>/events.mdx",
        ),
        (
            docs.display().to_string(),
            Some("no-such-branch"),
            "no revision `no-such-branch` there",
        ),
        (
            docs.display().to_string(),
            Some("0123456789abcdef0123456789abcdef01234567"),
            "no revision",
        ),
        (
            docs.display().to_string(),
            Some("--upload-pack=touch /tmp/x"),
            "--rev `--upload-pack=touch /tmp/x`: expected a branch",
        ),
        (url_missing.clone(), None, "cannot fetch `HEAD`"),
        (
            format!("file://{}", docs.display()),
            Some("no-such-tag"),
            "cannot fetch `no-such-tag`",
        ),
    ];
    let before = snapshot(project);
    for (from, rev, needle) in cases {
        let err = docs::sync(project, &from, rev).unwrap_err();
        assert!(err.starts_with("docs sync: "), "{err}");
        assert!(err.contains(needle), "--from {from} --rev {rev:?}: {err}");
        assert!(
            err.contains(&from) || rev.is_some(),
            "the error names the source: {err}"
        );
        assert_eq!(
            snapshot(project),
            before,
            "--from {from}: nothing on disk changed"
        );
    }

    // Two paths that would be one page.
    write(docs, "mintlify-docs/api/acs_systems/events.mdx", b"x");
    commit(docs, "two pages, one name");
    let err = docs::sync(project, docs.to_str().unwrap(), None).unwrap_err();
    assert!(
        err.contains("mintlify-docs/api/acs/systems/events.mdx and mintlify-docs/api/acs_systems/events.mdx would both be schema/sources/acs_systems.mdx"),
        "{err}"
    );
    // A broken record is an error naming its line.
    fs::write(
        project.join(docs::UPSTREAM_FILE),
        "[docs]\nrepository = 1\n",
    )
    .unwrap();
    let before = snapshot(project);
    let err = docs::sync(project, docs.to_str().unwrap(), Some("HEAD~1")).unwrap_err();
    assert!(err.starts_with("schema/upstream.toml:2: "), "{err}");
    assert_eq!(snapshot(project), before);
}
