//! The emitters: pure functions from the schema model to the contents of the generated files.
//! Only the xtask writes them to disk.

#![forbid(unsafe_code)]

pub mod diff;
pub mod header;
pub mod json_schema;
pub mod names;
pub mod openapi;
pub mod plan;
pub mod rust;
pub mod typescript;

use std::path::PathBuf;

/// One generated file: where it goes (relative to the project root) and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// The path relative to the project root, with `/` separators.
    pub path: PathBuf,
    /// The contents.
    pub contents: String,
}

impl GeneratedFile {
    /// A file at `path` holding `contents`.
    pub fn new(path: impl Into<PathBuf>, contents: impl Into<String>) -> Self {
        GeneratedFile {
            path: path.into(),
            contents: contents.into(),
        }
    }
}

/// Where the public names a plan gives are kept for the next run (see [`plan::Names`]).
pub const NAMES_FILE: &str = "schema/names.json";

/// The command that writes every generated file.
pub const COMMAND: &str = "cargo xtask codegen";

/// What the emitters read: the schema, its plan, the observed payloads (the TypeScript package
/// type-checks them), and which Rust crate to write.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The schema model.
    pub schema: &'a seam_schema::Schema,
    /// Its plan: the names and shapes every product shares.
    pub plan: &'a plan::Plan,
    /// The observed payloads.
    pub observed: &'a [seam_schema::payloads::Observed],
    /// The Rust crate's name, folder and version.
    pub rust: &'a rust::CrateOptions,
    /// The publishing settings: each product's version and what the registries show.
    pub publish: &'a Publish,
}

/// The publishing settings, [`PUBLISH_FILE`]: each product's version, what the package
/// registries show, and where the JSON Schema files are published. Kept in one file so that a
/// value is decided once, for every product.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publish {
    /// Each product's version.
    pub versions: Versions,
    /// What the crate's and the npm package's registry pages show.
    pub package: Package,
    /// Where the JSON Schema files are published.
    #[serde(default)]
    pub json_schema: JsonSchemaSettings,
}

/// What crates.io and npm show of the products.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    /// The source repository (`repository` in both manifests).
    pub repository: String,
    /// The home page (`homepage` in both manifests).
    pub homepage: String,
    /// Who publishes the products (the crate's `authors`, the npm package's `author`).
    pub author: String,
    /// Search keywords, at most five (crates.io's limit).
    pub keywords: Vec<String>,
    /// The oldest Rust the crate builds with (its `rust-version`).
    pub rust_version: String,
    /// The npm package's name, scoped (`@scope/name`).
    pub npm_name: String,
    /// The Node.js versions the npm package supports (`engines.node`).
    pub node: String,
}

/// Where the JSON Schema files are published.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonSchemaSettings {
    /// The URL the folder `generated/json-schema` is published under: every `$id` becomes that
    /// URL and the file's path. Without it, the `$id`s are URNs.
    #[serde(default)]
    pub base_url: Option<String>,
}

impl Publish {
    /// The settings of the fixture and of crates and packages built by tests (never
    /// published): version [`Versions::UNPUBLISHED`], `$id`s as URNs, and metadata that names
    /// no real place.
    pub fn unpublished() -> Publish {
        Publish {
            versions: Versions::all(Versions::UNPUBLISHED),
            package: Package {
                repository: "https://example.invalid/seam-events".into(),
                homepage: "https://example.invalid/seam-events".into(),
                author: "Nobody (unpublished)".into(),
                keywords: vec!["seam".into(), "webhooks".into()],
                rust_version: "1.85".into(),
                npm_name: "@unpublished/seam-events".into(),
                node: ">=20".into(),
            },
            json_schema: JsonSchemaSettings::default(),
        }
    }

    /// The same settings with every product at `version` (tests).
    pub fn with_version(version: &str) -> Publish {
        Publish {
            versions: Versions::all(version),
            ..Publish::unpublished()
        }
    }
}

/// Each product's version, kept in one place: [`PUBLISH_FILE`], which `cargo xtask release`
/// bumps from the diff.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Versions {
    /// The crate `seam-events`.
    pub rust: String,
    /// The npm package.
    pub typescript: String,
    /// The JSON Schema files.
    pub json_schema: String,
    /// The runtime crate `seam-events-runtime`, which `seam-events` requires at exactly this
    /// version (its manifest says the same; `cargo xtask release` bumps both when its source
    /// changed).
    pub runtime: String,
}

/// Where each product's version is kept.
pub const PUBLISH_FILE: &str = "schema/publish.toml";

impl Versions {
    /// The versions of the fixture and of crates built by tests (never published).
    pub const UNPUBLISHED: &'static str = "0.1.0";

    /// The same version for every product (tests).
    pub fn all(version: &str) -> Versions {
        Versions {
            rust: version.into(),
            typescript: version.into(),
            json_schema: version.into(),
            runtime: version.into(),
        }
    }
}

/// The emitters: each a pure function from the [`Input`] to files, with paths relative to the
/// project root. [`Emitter::ALL`] is the one list that `cargo xtask codegen`, the generator's
/// benchmarks and the fixture crate (its Rust crate alone) all run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Emitter {
    /// The schema model itself (`schema/events.json`), its JSON Schema, and the note in
    /// `generated/`.
    Model,
    /// The Rust crate.
    Rust,
    /// The JSON Schema files.
    JsonSchema,
    /// The TypeScript package.
    TypeScript,
    /// The OpenAPI 3.1 document of the webhooks, whose bodies are the JSON Schema files.
    OpenApi,
    /// [`NAMES_FILE`], the public names given so far.
    Names,
}

impl Emitter {
    /// Every emitter, in the order their files are listed.
    pub const ALL: [Emitter; 6] = [
        Emitter::Model,
        Emitter::Rust,
        Emitter::JsonSchema,
        Emitter::TypeScript,
        Emitter::OpenApi,
        Emitter::Names,
    ];

    /// The files this emitter makes of `input`.
    pub fn emit(self, input: &Input<'_>) -> Result<Vec<GeneratedFile>, plan::PlanError> {
        Ok(match self {
            Emitter::Model => vec![
                GeneratedFile::new(
                    "schema/events.json",
                    seam_schema::json::events_json(input.schema),
                ),
                GeneratedFile::new(
                    "schema/events.schema.json",
                    seam_schema::json::events_meta_schema(),
                ),
                GeneratedFile::new("schema/diff.schema.json", diff::report_schema()),
                GeneratedFile::new("generated/README.md", generated_readme()),
            ],
            Emitter::Rust => rust::files(input.plan, input.rust)?,
            Emitter::JsonSchema => {
                json_schema::files_with(input.schema, input.plan, input.publish)?
            }
            Emitter::TypeScript => typescript::files(input.plan, input.observed, input.publish)?,
            Emitter::OpenApi => openapi::files(input.schema, input.publish)?,
            Emitter::Names => vec![GeneratedFile::new(NAMES_FILE, input.plan.names.text())],
        })
    }
}

/// The files of `emitters` for `input`. The emitters run side by side, a thread each (each is a
/// pure function); the files come back in the emitters' order whatever the threads do.
pub fn emit(
    input: &Input<'_>,
    emitters: &[Emitter],
) -> Result<Vec<GeneratedFile>, plan::PlanError> {
    let results: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = emitters
            .iter()
            .map(|emitter| scope.spawn(move || emitter.emit(input)))
            .collect();
        handles.into_iter().map(join).collect()
    });
    let mut files = Vec::new();
    for result in results {
        files.extend(result?);
    }
    Ok(files)
}

/// Every file `cargo xtask codegen` writes for `schema` (the fixture crate aside): the model,
/// every product and [`NAMES_FILE`]. Every name in `given` (an earlier run's) is kept.
pub fn products(
    schema: &seam_schema::Schema,
    observed: &[seam_schema::payloads::Observed],
    given: &plan::Names,
    publish: &Publish,
) -> Result<Vec<GeneratedFile>, plan::PlanError> {
    let plan = plan::plan_with(schema, given)?;
    let input = Input {
        schema,
        plan: &plan,
        observed,
        rust: &rust::CrateOptions::seam_events(publish),
        publish,
    };
    emit(&input, &Emitter::ALL)
}

/// The fixture crate (`crates/seam-events-fixture`) for the fixture schema: the Rust emitter
/// of the same list, with the fixture's options.
pub fn fixture_crate(schema: &seam_schema::Schema) -> Result<Vec<GeneratedFile>, plan::PlanError> {
    let plan = plan::plan(schema)?;
    let input = Input {
        schema,
        plan: &plan,
        observed: &[],
        rust: &rust::CrateOptions::FIXTURE,
        publish: &Publish::unpublished(),
    };
    emit(&input, &[Emitter::Rust])
}

/// The note that says `generated/` is codegen's.
fn generated_readme() -> String {
    format!(
        "<!-- Generated by `{COMMAND}`. Do not edit: run the command again. -->\n\
         # generated/\n\n\
         Everything in this folder is written by `{COMMAND}` from `schema/events.json` and is \
         checked by `cargo xtask codegen --check`. Do not edit it by hand: a file here that \
         codegen does not produce is removed on the next run.\n"
    )
}

/// The result of an emitter's thread; an emitter that panicked panics here too.
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// A JSON object of `entries`, moved in. (`json!` serializes every interpolated value anew, a
/// deep copy: too slow for whole files.)
pub(crate) fn object<const N: usize>(entries: [(&str, serde_json::Value); N]) -> serde_json::Value {
    serde_json::Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}
