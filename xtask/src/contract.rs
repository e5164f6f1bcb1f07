//! `cargo xtask contract sync`: Seam's API contract (the event schemas of the OpenAPI
//! description in the npm package `@seamapi/types`) into `schema/contract.json`, and its
//! package and version into `schema/upstream.toml`.

use std::path::{Path, PathBuf};
use std::process::Command;

use seam_codegen::diff::ContractVersion;
use seam_schema::SourceFile;
use seam_schema::contract::{CONTRACT_FILE, Contract, extract};
use serde_json::Value;

use crate::docs::{UPSTREAM_FILE, Upstream, upstream};
use crate::files;

/// The npm package that ships Seam's OpenAPI description.
pub const PACKAGE: &str = "@seamapi/types";

/// Where the package keeps the OpenAPI description of the Connect API: an ES module whose
/// default export is the document, plain data (it imports nothing).
pub const MODULE: &str = "lib/seam/connect/openapi.js";

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synced {
    /// The version read.
    pub version: ContractVersion,
    /// The version recorded before, if any.
    pub previous: Option<ContractVersion>,
    /// How many event schemas the contract has.
    pub events: usize,
    /// Whether `schema/contract.json` changed.
    pub changed: bool,
    /// Whether `schema/upstream.toml` was written.
    pub recorded: bool,
}

impl Synced {
    /// The report for the terminal.
    pub fn report(&self) -> String {
        let mut out = format!(
            "contract sync: {}@{}: {} event schemas\n",
            self.version.package, self.version.version, self.events
        );
        out.push_str(&match (self.changed, self.recorded) {
            (false, false) => "contract sync: nothing changed: nothing to do\n".to_owned(),
            (false, true) => format!(
                "contract sync: the event schemas are unchanged; the version is recorded in {UPSTREAM_FILE}\n"
            ),
            (true, _) => format!(
                "contract sync: {CONTRACT_FILE} changed{}; recorded in {UPSTREAM_FILE}; next: `cargo xtask codegen`, then `cargo xtask diff`\n",
                self.previous
                    .as_ref()
                    .map(|p| format!(" (was {}@{})", p.package, p.version))
                    .unwrap_or_default()
            ),
        });
        out
    }
}

/// `cargo xtask contract sync --from FROM`: the event schemas of Seam's OpenAPI description into
/// `schema/contract.json` under `root`, and their source into `schema/upstream.toml`. `from` is
/// a version of `@seamapi/types` (`1.977.0`, or a tag such as `latest`), its package spec
/// (`@seamapi/types@1.977.0`), a tarball of the package (`.tgz`), or an OpenAPI document as
/// JSON (`.json`). A bad source changes nothing on disk.
pub fn sync(root: &Path, from: &str) -> Result<Synced, String> {
    let (doc, version) = open(from)?;
    let (openapi, events) = extract(&doc).map_err(|e| format!("contract sync: {from}: {e}"))?;
    let text = Contract::to_text(&openapi, &events);
    // What codegen will read back.
    Contract::parse(&SourceFile::new(CONTRACT_FILE, text.as_bytes()))
        .map_err(|e| format!("contract sync: {from}: {e}"))?;
    let recorded = upstream(root)?.unwrap_or_default();
    let old = files::read_optional(root, CONTRACT_FILE)?;
    let changed = old.as_ref().is_none_or(|f| f.bytes != text.as_bytes());
    let mut synced = Synced {
        previous: recorded.contract.clone(),
        version: version.clone(),
        events: events.len(),
        changed,
        recorded: false,
    };
    let mut writes: Vec<(PathBuf, Option<Vec<u8>>)> = Vec::new();
    if changed {
        writes.push((PathBuf::from(CONTRACT_FILE), Some(text.into_bytes())));
    }
    // Recorded when the schemas changed, or the record names another source; a newer version
    // of the same package with the same event schemas proposes nothing.
    let same_source = recorded
        .contract
        .as_ref()
        .is_some_and(|c| c.package == version.package);
    if changed || !same_source {
        synced.recorded = recorded.contract.as_ref() != Some(&version);
        let record = Upstream {
            contract: Some(version),
            ..recorded
        };
        writes.push((
            PathBuf::from(UPSTREAM_FILE),
            Some(record.to_text().into_bytes()),
        ));
    }
    files::replace_all(root, &writes)?;
    Ok(synced)
}

/// The OpenAPI document `from` names, and its version.
fn open(from: &str) -> Result<(Value, ContractVersion), String> {
    let path = Path::new(from);
    if from.ends_with(".json") {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("contract sync: {from}: cannot read the file: {e}"))?;
        let doc: Value = serde_json::from_str(&text).map_err(|e| {
            format!(
                "contract sync: {from}:{}: not JSON ({e}): expected an OpenAPI document",
                e.line()
            )
        })?;
        let name = path
            .file_name()
            .map_or(from.to_owned(), |n| n.to_string_lossy().into_owned());
        let version = doc["info"]["version"]
            .as_str()
            .unwrap_or("unknown")
            .to_owned();
        return Ok((
            doc,
            ContractVersion {
                package: name,
                version,
                integrity: None,
            },
        ));
    }
    let dir = tempfile::tempdir()
        .map_err(|e| format!("contract sync: cannot create a temporary folder: {e}"))?;
    let (tarball, integrity) = if from.ends_with(".tgz") || from.ends_with(".tar.gz") {
        if !path.is_file() {
            return Err(format!(
                "contract sync: {from}: no such file: expected a tarball of {PACKAGE}"
            ));
        }
        (path.to_path_buf(), None)
    } else {
        let (tarball, integrity) = npm_pack(from, dir.path())?;
        (tarball, Some(integrity))
    };
    let unpacked = dir.path().join("package");
    run(
        Command::new("tar")
            .arg("-xzf")
            .arg(&tarball)
            .arg("-C")
            .arg(dir.path())
            .args(["package/package.json", &format!("package/{MODULE}")]),
        &format!(
            "{}: expected a tarball of {PACKAGE} with package/package.json and package/{MODULE}",
            tarball.display()
        ),
    )?;
    let manifest: Value = std::fs::read_to_string(unpacked.join("package.json"))
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
        .map_err(|e| format!("contract sync: {from}: package/package.json: {e}"))?;
    let (Some(name), Some(version)) = (manifest["name"].as_str(), manifest["version"].as_str())
    else {
        return Err(format!(
            "contract sync: {from}: package/package.json: expected a name and a version"
        ));
    };
    // The module is plain data: node loads it and writes it as JSON.
    let script = "const { pathToFileURL } = require('node:url'); \
                  import(pathToFileURL(process.argv[1]).href).then((m) => \
                  process.stdout.write(JSON.stringify(m.default)))";
    let json = run(
        Command::new("node")
            .args(["-e", script])
            .arg(unpacked.join(MODULE)),
        &format!(
            "{from}: {MODULE}: expected a module whose default export is the OpenAPI document"
        ),
    )?;
    let doc: Value = serde_json::from_str(&json).map_err(|e| {
        format!("contract sync: {from}: {MODULE} did not give a JSON document: {e}")
    })?;
    Ok((
        doc,
        ContractVersion {
            package: name.to_owned(),
            version: version.to_owned(),
            integrity,
        },
    ))
}

/// `npm pack` of the package version `from` names into `dir`: the tarball and its integrity.
fn npm_pack(from: &str, dir: &Path) -> Result<(PathBuf, String), String> {
    // A version or a tag of the registry's package, nothing else (an alias, a git URL or a
    // path would fetch another package, and may run its scripts).
    let version = from.strip_prefix(&format!("{PACKAGE}@")).unwrap_or(from);
    let spec = if !version.is_empty()
        && !version.starts_with('-')
        && version
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'+' | b'_'))
    {
        format!("{PACKAGE}@{version}")
    } else {
        return Err(format!(
            "contract sync: `{from}`: expected a version of {PACKAGE} (such as 1.977.0 or latest), \
             `{PACKAGE}@<version>`, a tarball (.tgz) or an OpenAPI document (.json)"
        ));
    };
    let out = run(
        Command::new("npm")
            .args(["pack", &spec, "--json", "--silent", "--pack-destination"])
            .arg(dir),
        &format!("{spec}: expected a version of {PACKAGE} on the npm registry"),
    )?;
    let packed: Value = serde_json::from_str(&out)
        .map_err(|e| format!("contract sync: npm pack {spec} printed no JSON: {e}"))?;
    let entry = &packed[0];
    let (Some(file), Some(integrity)) = (entry["filename"].as_str(), entry["integrity"].as_str())
    else {
        return Err(format!(
            "contract sync: npm pack {spec}: expected a file name and an integrity"
        ));
    };
    Ok((dir.join(file), integrity.to_owned()))
}

/// Runs `command`; its standard output, or an error with `expected` and what it printed.
fn run(command: &mut Command, expected: &str) -> Result<String, String> {
    let program = command.get_program().to_string_lossy().into_owned();
    let out = command
        .output()
        .map_err(|e| format!("contract sync: cannot run {program}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "contract sync: {program} failed ({}): {}\n{expected}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The committed contract under `root`, if there is one.
pub fn read(root: &Path) -> Result<Option<SourceFile>, String> {
    files::read_optional(root, CONTRACT_FILE)
}
