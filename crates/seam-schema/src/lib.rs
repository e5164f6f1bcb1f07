//! The machine-readable schema of Seam's webhook events and the importer of Seam's
//! documentation pages.
//!
//! The pipeline: page bytes -> [`parse`] (MDX source or rendered page) -> [`classify`] (type
//! strings to [`model::Type`]) -> [`merge`] (one event from every page that documents it) ->
//! [`infer`] -> [`contract`] (Seam's API contract, when given) -> [`payloads`] (what observed
//! payloads show) -> [`overrides`] -> the presence
//! policy -> [`payloads::check`] (every payload fits) -> [`check`] (warnings). [`import::import`] runs it all; it reads
//! no disk, so that only the xtask touches files.

#![forbid(unsafe_code)]

pub mod check;
pub mod classify;
pub mod contract;
pub mod diagnostic;
pub mod fit;
pub mod import;
pub mod infer;
pub mod json;
pub mod merge;
pub mod model;
pub mod overrides;
pub mod page;
pub mod parse;
pub mod payloads;
pub mod source;
pub mod text;

pub use diagnostic::{Diagnostic, Errors};
pub use import::{Imported, SourceFile, import, import_all, import_with_payloads};
pub use model::{Definition, Event, Fact, Presence, Property, Schema, Source, StringFormat, Type};
