//! The importer: pages and overrides in, [`Schema`] and warnings out. Pure: it reads no disk.

use crate::classify::DocEvent;
use crate::diagnostic::{Diagnostic, Errors};
use crate::model::Schema;
use crate::overrides::{Overrides, Policy};
use crate::payloads::{self, Observed};
use crate::{check, classify, contract, infer, merge, parse};

/// One input file: its path (used in messages) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as the user should see it, e.g. `schema/sources/acs_systems.mdx`.
    pub path: String,
    /// The file's bytes, exactly as on disk.
    pub bytes: Vec<u8>,
}

impl SourceFile {
    /// A file at `path` holding `bytes`.
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        SourceFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// A successful import.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The schema: every event, sorted.
    pub schema: Schema,
    /// What a reviewer should look at (file, line, what disagrees), sorted.
    pub warnings: Vec<Diagnostic>,
    /// What the observed payloads showed beyond the docs: one note per fact they decided or
    /// added, naming the first payload that shows it; sorted.
    pub learned: Vec<Diagnostic>,
    /// The observed payloads, sorted by file, every one of which fits `schema`.
    pub observed: Vec<Observed>,
    /// Every disagreement between the docs and the contract (none without a contract), sorted.
    pub contract: Vec<contract::Note>,
}

/// Imports `pages` (in any order) and applies `overrides`, with no observed payloads.
pub fn import(pages: &[SourceFile], overrides: Option<&SourceFile>) -> Result<Imported, Errors> {
    import_with_payloads(pages, overrides, &[])
}

/// Imports `pages` (in any order), learns from the observed `payloads`, applies `overrides` and
/// the presence policy, then checks every payload against the result; no contract.
pub fn import_with_payloads(
    pages: &[SourceFile],
    overrides: Option<&SourceFile>,
    payloads: &[SourceFile],
) -> Result<Imported, Errors> {
    import_all(pages, None, overrides, payloads)
}

/// Imports `pages` (in any order), takes the facts of Seam's API `contract` (when given),
/// learns from the observed `payloads`, applies `overrides` and the presence policy, then checks
/// every payload against the result.
///
/// The stages: the pages' facts (their wording and examples), then the contract's (where the
/// docs said nothing; each disagreement a note), then what the payloads show (a payload wins
/// over the contract), then the reviewed overrides (an override that a payload contradicts is
/// an error naming both; one that contradicts the contract, a note), then the policy for every
/// fact still unstated, then each payload must fit.
///
/// Every page and payload is read even when one fails, so that one run reports every broken
/// file.
pub fn import_all(
    pages: &[SourceFile],
    contract: Option<&SourceFile>,
    overrides: Option<&SourceFile>,
    payloads: &[SourceFile],
) -> Result<Imported, Errors> {
    let mut pages: Vec<&SourceFile> = pages.iter().collect();
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    let mut errors = Vec::new();
    for pair in pages.windows(2) {
        if pair[0].path == pair[1].path {
            errors.push(Diagnostic::new(
                &pair[1].path,
                1,
                "the same page is given twice",
            ));
        }
    }
    let overrides = match overrides
        .map(|o| Overrides::parse(&o.path, &o.bytes))
        .transpose()
    {
        Ok(o) => o,
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let contract = match contract.map(contract::Contract::parse).transpose() {
        Ok(c) => c,
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let mut docs = Vec::new();
    for read in read_pages(&pages) {
        match read {
            Ok(mut events) => docs.append(&mut events),
            Err(mut e) => errors.append(&mut e),
        }
    }
    let observed = payloads::read(payloads).unwrap_or_else(|mut e| {
        errors.append(&mut e);
        Vec::new()
    });
    if !errors.is_empty() {
        return Err(Errors::new(errors));
    }
    let (events, sites) = merge::merge(docs).map_err(Errors::new)?;
    let mut schema = Schema {
        definitions: Default::default(),
        events,
    };
    infer::infer(&mut schema);
    let mut examples = payloads::learn_examples(&mut schema, &sites);
    let applied = contract
        .as_ref()
        .map(|c| contract::apply(&mut schema, c, &observed))
        .unwrap_or_default();
    let mut learned = payloads::learn(&mut schema, &observed);
    if let Some(overrides) = &overrides {
        overrides.apply(&mut schema).map_err(Errors::new)?;
        // What the examples and payloads show inside the shapes the overrides define or set.
        examples.extend(payloads::learn_examples(&mut schema, &sites));
        learned.extend(payloads::learn(&mut schema, &observed));
    }
    let mut disagreements = applied.notes.clone();
    if let (Some(c), Some(_)) = (&contract, &overrides) {
        disagreements.extend(contract::overridden(&schema, c, &applied));
        disagreements.sort();
    }
    overrides
        .as_ref()
        .map_or_else(Policy::default, Overrides::policy)
        .apply(&mut schema);
    let misfits = payloads::check(&schema, &observed, &sites, overrides.as_ref());
    if !misfits.is_empty() {
        return Err(Errors::new(misfits));
    }
    let mut warnings = check::warnings(&schema, &sites);
    warnings.extend(learned.warnings.iter().cloned());
    warnings.extend(examples);
    warnings.sort();
    warnings.dedup();
    Ok(Imported {
        learned: learned.standing(&schema),
        schema,
        warnings,
        observed,
        contract: disagreements,
    })
}

/// Parses and classifies every page: contiguous runs of pages on as many threads as the machine
/// has cores (each page is a pure function of its bytes). The results come back in page order.
fn read_pages(pages: &[&SourceFile]) -> Vec<Result<Vec<DocEvent>, Vec<Diagnostic>>> {
    let read = |source: &&SourceFile| match parse::parse_page(&source.path, &source.bytes) {
        Ok(page) => classify::classify(&page),
        Err(e) => Err(vec![e]),
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || pages.len() < 2 {
        return pages.iter().map(read).collect();
    }
    let run = pages.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = pages
            .chunks(run)
            .map(|chunk| scope.spawn(move || chunk.iter().map(read).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}
