//! The emitters: pure functions from the schema model to the contents of the generated files.
//! Only the xtask writes them to disk.

#![forbid(unsafe_code)]

pub mod header;
pub mod json_schema;
pub mod names;
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

/// Every product for `schema`: the Rust crate, the JSON Schema files and the TypeScript package,
/// with paths relative to the project root, and [`NAMES_FILE`]. The TypeScript package's checks
/// type-check the observed payloads, `observed`, too; every name in `given` (an earlier run's)
/// is kept.
///
/// The three emitters run side by side (each is a pure function of the plan); the files come
/// back in the same order whatever the threads do.
pub fn products(
    schema: &seam_schema::Schema,
    observed: &[seam_schema::payloads::Observed],
    given: &plan::Names,
) -> Result<Vec<GeneratedFile>, plan::PlanError> {
    let plan = plan::plan_with(schema, given)?;
    let (rust, json_schema, typescript) = std::thread::scope(|scope| {
        let rust = scope.spawn(|| rust::files(&plan, &rust::CrateOptions::SEAM_EVENTS));
        let json_schema = scope.spawn(|| json_schema::files(schema));
        let typescript = typescript::files(&plan, observed);
        (join(rust), join(json_schema), typescript)
    });
    let mut files = rust?;
    files.extend(json_schema?);
    files.extend(typescript?);
    files.push(GeneratedFile::new(NAMES_FILE, plan.names.text()));
    Ok(files)
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
