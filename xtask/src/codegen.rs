//! `cargo xtask codegen`: every generated file, computed in memory from the sources, then written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use seam_codegen::plan::Names;
use seam_schema::payloads::Observed;
use seam_schema::{Diagnostic, Schema};

use crate::files;

/// Where the documentation pages live (at any depth).
pub const SOURCES_DIR: &str = "schema/sources";
/// Where the observed payloads live: `<event_type>/<name>.json`.
pub const PAYLOADS_DIR: &str = "schema/payloads";
/// The curated facts.
pub const OVERRIDES: &str = "schema/overrides.toml";
/// The small schema with every kind of property; codegen builds the fixture crate from it, and
/// the emitter tests read it.
pub const FIXTURE_SCHEMA: &str = "schema/fixture/events.json";
/// Where the fixture crate goes: compiled and tested like the product, never published.
pub const FIXTURE_CRATE: seam_codegen::rust::CrateOptions =
    seam_codegen::rust::CrateOptions::FIXTURE;
/// Folders that hold nothing but generated files: a file there that codegen does not produce is
/// stale and is removed.
pub const OWNED_DIRS: &[&str] = &["generated", FIXTURE_CRATE.dir];
/// The license texts at the root (the manifests say `MIT OR Apache-2.0`).
pub const LICENSES: [&str; 2] = ["LICENSE-APACHE", "LICENSE-MIT"];
/// The folders of the published products, each of which carries the license texts.
pub const PRODUCT_DIRS: [&str; 4] = [
    "generated/rust/seam-events",
    "generated/typescript",
    "generated/json-schema",
    "generated/openapi",
];
/// Each product's changelog (written by `cargo xtask release`) and where codegen copies it.
pub const CHANGELOGS: [(&str, &str); 4] = [
    (
        "schema/changelog/rust.md",
        "generated/rust/seam-events/CHANGELOG.md",
    ),
    (
        "schema/changelog/typescript.md",
        "generated/typescript/CHANGELOG.md",
    ),
    (
        "schema/changelog/json-schema.md",
        "generated/json-schema/CHANGELOG.md",
    ),
    (
        "schema/changelog/runtime.md",
        "crates/seam-events-runtime/CHANGELOG.md",
    ),
];
/// The hand-written runtime crate's manifest, whose version `schema/publish.toml` also says.
pub const RUNTIME_MANIFEST: &str = "crates/seam-events-runtime/Cargo.toml";
/// The command that regenerates every generated file.
pub const COMMAND: &str = seam_codegen::COMMAND;

/// Everything one codegen run produces.
#[derive(Debug)]
pub struct Generated {
    /// The schema model the files were made from.
    pub schema: Schema,
    /// Each generated file's contents, by path relative to the project root.
    pub files: BTreeMap<PathBuf, String>,
    /// What the importer wants a reviewer to look at.
    pub warnings: Vec<Diagnostic>,
    /// What the observed payloads showed beyond the docs, one note per fact.
    pub learned: Vec<Diagnostic>,
    /// Every disagreement between the docs and the contract.
    pub contract: Vec<seam_schema::contract::Note>,
    /// How many observed payloads were checked.
    pub payloads: usize,
    /// Each product's version, as `schema/publish.toml` gave it.
    pub versions: seam_codegen::Versions,
}

/// Reads the pages, the observed payloads and the overrides under `root` and imports them.
pub fn import(root: &Path) -> Result<seam_schema::Imported, String> {
    let pages = files::read_tree_sorted(root, SOURCES_DIR)?;
    if pages.is_empty() {
        return Err(format!(
            "{SOURCES_DIR}: no documentation pages: expected at least one `.mdx` or `.txt` page"
        ));
    }
    let contract = crate::contract::read(root)?;
    let overrides = files::read_optional(root, OVERRIDES)?;
    let payloads = files::read_tree_sorted(root, PAYLOADS_DIR)?;
    seam_schema::import_all(&pages, contract.as_ref(), overrides.as_ref(), &payloads)
        .map_err(|e| e.to_string())
}

/// Reads the sources under `root` and computes every generated file. Touches nothing on disk.
pub fn generate(root: &Path) -> Result<Generated, String> {
    let imported = import(root)?;
    let names = match files::read_optional(root, seam_codegen::NAMES_FILE)? {
        Some(file) => {
            let text = std::str::from_utf8(&file.bytes)
                .map_err(|e| format!("{}:1: not UTF-8 ({e})", seam_codegen::NAMES_FILE))?;
            seam_codegen::plan::Names::parse(seam_codegen::NAMES_FILE, text)?
        }
        None => seam_codegen::plan::Names::default(),
    };
    let publish = crate::publish::settings(root)?;
    check_runtime_version(root, &publish.versions.runtime)?;
    let mut files = render(&imported.schema, &imported.observed, &names, &publish)?;
    let fixture = files::read_optional(root, FIXTURE_SCHEMA)?
        .ok_or_else(|| format!("{FIXTURE_SCHEMA}: missing: expected the emitter tests' schema"))?;
    let fixture = std::str::from_utf8(&fixture.bytes)
        .map_err(|e| e.to_string())
        .and_then(|text| seam_schema::json::parse_events_json(text).map_err(|e| e.to_string()))
        .map_err(|e| format!("{FIXTURE_SCHEMA}: not a schema like schema/events.json: {e}"))?;
    let crate_files = seam_codegen::fixture_crate(&fixture)
        .map_err(|e| format!("{FIXTURE_SCHEMA}: cannot generate the fixture crate: {e}"))?;
    for file in crate_files {
        files.insert(file.path, file.contents);
    }
    // The license texts ship in every product, as they are at the root.
    for license in LICENSES {
        let file = files::read_optional(root, license)?.ok_or_else(|| {
            format!("{license}: missing: expected the license text at the project root")
        })?;
        let text =
            String::from_utf8(file.bytes).map_err(|e| format!("{license}:1: not UTF-8 ({e})"))?;
        for product in PRODUCT_DIRS {
            files.insert(Path::new(product).join(license), text.clone());
        }
    }
    // Each product's changelog, kept in schema/changelog/ (written by `cargo xtask release`),
    // ships inside the product.
    for (source, product) in CHANGELOGS {
        if let Some(file) = files::read_optional(root, source)? {
            let text = std::str::from_utf8(&file.bytes)
                .map_err(|e| format!("{source}:1: not UTF-8 ({e})"))?;
            files.insert(
                PathBuf::from(product),
                format!("{}\n\n{text}", seam_codegen::header::html_comment()),
            );
        }
    }
    Ok(Generated {
        schema: imported.schema,
        files,
        warnings: imported.warnings,
        learned: imported.learned,
        contract: imported.contract,
        payloads: imported.observed.len(),
        versions: publish.versions,
    })
}

/// The runtime crate's manifest says the version `schema/publish.toml` does: `seam-events`
/// requires that version exactly, and cargo finds the crate by its path.
fn check_runtime_version(root: &Path, version: &str) -> Result<(), String> {
    let Some(file) = files::read_optional(root, RUNTIME_MANIFEST)? else {
        return Ok(());
    };
    let text = String::from_utf8_lossy(&file.bytes);
    let manifest: toml::Table = toml::from_str(&text).map_err(|e| {
        format!(
            "{RUNTIME_MANIFEST}:{}: {}",
            crate::publish::toml_error_line(&text, &e),
            e.message()
        )
    })?;
    let found = manifest
        .get("package")
        .and_then(|p| p.get("version"))
        .and_then(|v| v.as_str())
        .unwrap_or("");
    if found == version {
        return Ok(());
    }
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("version"))
        .map_or(1, |i| i + 1);
    Err(format!(
        "{RUNTIME_MANIFEST}:{line}: version `{found}`, but {} says runtime = \"{version}\": expected the same (`cargo xtask release` writes both)",
        seam_codegen::PUBLISH_FILE
    ))
}

/// Every generated file for `schema`, the observed payloads and the names an earlier run gave
/// (`schema/names.json`): a pure function of them, every emitter of
/// [`seam_codegen::Emitter::ALL`] (the fixture crate aside).
pub fn render(
    schema: &Schema,
    observed: &[Observed],
    names: &Names,
    publish: &seam_codegen::Publish,
) -> Result<BTreeMap<PathBuf, String>, String> {
    let products = seam_codegen::products(schema, observed, names, publish)
        .map_err(|e| format!("schema/events.json: cannot generate the products: {e}"))?;
    Ok(products
        .into_iter()
        .map(|file| (file.path, file.contents))
        .collect())
}

/// What writing `generated` would change on disk: files to write and files to remove.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Files whose contents differ from (or are missing on) disk, with the new contents.
    pub write: BTreeMap<PathBuf, String>,
    /// Files in an owned folder that codegen no longer produces.
    pub remove: Vec<PathBuf>,
}

/// Compares `generated` with the files under `root`.
pub fn plan(root: &Path, generated: &BTreeMap<PathBuf, String>) -> Result<Plan, String> {
    let mut plan = Plan::default();
    for (rel, contents) in generated {
        if std::fs::read(root.join(rel)).ok().as_deref() != Some(contents.as_bytes()) {
            plan.write.insert(rel.clone(), contents.clone());
        }
    }
    for dir in OWNED_DIRS {
        for rel in files::list_tree(root, dir)? {
            if !generated.contains_key(&rel) {
                plan.remove.push(rel);
            }
        }
    }
    Ok(plan)
}

/// Carries out `plan`: each file written atomically, stale files removed.
pub fn apply(root: &Path, plan: &Plan) -> Result<(), String> {
    for (rel, contents) in &plan.write {
        files::write_atomic(root, rel, contents)?;
    }
    for rel in &plan.remove {
        files::remove(root, rel)?;
    }
    Ok(())
}

/// What `cargo xtask codegen` did.
#[derive(Debug)]
pub struct Report {
    /// The importer's warnings, printed for the reviewer.
    pub warnings: Vec<Diagnostic>,
    /// What the observed payloads showed beyond the docs.
    pub learned: Vec<Diagnostic>,
    /// Every disagreement between the docs and the contract.
    pub contract: Vec<seam_schema::contract::Note>,
    /// How many presence and nullability facts each source decided, in the schema written.
    pub facts: Vec<(seam_schema::Source, usize)>,
    /// How many observed payloads were checked.
    pub payloads: usize,
    /// How many events the schema holds.
    pub events: usize,
    /// How many files codegen produces.
    pub files: usize,
    /// What changed on disk (or, with `check`, would change).
    pub plan: Plan,
    /// The schema and names written, for the diff against the last commit.
    pub current: crate::diff::Side,
    /// Each product's version, for the bumps that diff calls for.
    pub versions: seam_codegen::Versions,
}

/// With `--deny-warnings`, any warning is an error that lists them all.
pub fn deny(warnings: &[Diagnostic], deny_warnings: bool) -> Result<(), String> {
    if !deny_warnings || warnings.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = warnings.iter().map(|w| format!("warning: {w}")).collect();
    Err(format!(
        "{}\nerror: {} warning(s) and --deny-warnings: nothing was written",
        list.join("\n"),
        warnings.len()
    ))
}

/// `cargo xtask codegen`: computes everything, then (unless an error or, with `deny_warnings`,
/// a warning stops it first) writes what changed. A failed run leaves every file as it was.
pub fn run(root: &Path, deny_warnings: bool) -> Result<Report, String> {
    let generated = generate(root)?;
    deny(&generated.warnings, deny_warnings)?;
    let plan = plan(root, &generated.files)?;
    apply(root, &plan)?;
    let current = crate::diff::Side::current(&generated)?;
    Ok(Report {
        current,
        events: generated.schema.events.len(),
        files: generated.files.len(),
        warnings: generated.warnings,
        learned: generated.learned,
        contract: generated.contract,
        facts: generated.schema.facts_by_source(),
        payloads: generated.payloads,
        versions: generated.versions,
        plan,
    })
}
