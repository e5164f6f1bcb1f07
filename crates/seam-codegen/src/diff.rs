//! What changed between two schemas, and whom it breaks: every change, with each consumer's
//! verdict (patch, minor or major) and the reason.
//!
//! The consumers: the Rust crate under cargo's semver rules (a change that stops a dependent
//! from compiling is major, an addition minor, documentation a patch); a validator pinned to the
//! old JSON Schema (does the new schema accept more, less, or the same?); TypeScript code that
//! reads events (does a type narrow or widen, is a name removed?); and the wire (does the old
//! crate still read new payloads, and the new crate old ones, typed?).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use seam_schema::{Property, Schema, StringFormat, Type};
use serde::{Deserialize, Serialize};

use crate::plan::Names;

/// How much a change breaks a consumer: the part of the version to bump.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Nothing a consumer can observe but documentation (or nothing at all).
    #[default]
    Patch,
    /// An addition: nothing that worked stops working.
    Minor,
    /// Something that worked may stop working.
    Major,
}

impl Level {
    /// The word, as the command line takes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Patch => "patch",
            Level::Minor => "minor",
            Level::Major => "major",
        }
    }
}

/// One consumer's verdict on one change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Verdict {
    /// How much it breaks.
    pub level: Level,
    /// Why, in a sentence.
    pub reason: String,
}

fn verdict(level: Level, reason: impl Into<String>) -> Verdict {
    Verdict {
        level,
        reason: reason.into(),
    }
}

/// Each consumer's verdict on one change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Verdicts {
    /// A crate that depends on `seam-events`, under cargo's semver rules.
    pub rust: Verdict,
    /// A validator pinned to the old JSON Schema files.
    pub json_schema: Verdict,
    /// TypeScript code that reads events.
    pub typescript: Verdict,
    /// The old crate reading new payloads, and the new crate reading old ones.
    pub wire: Verdict,
}

impl Verdicts {
    /// The crate's verdict: its API's (rust) or what it parses (wire), the worse of the two.
    pub fn crate_verdict(&self) -> &Verdict {
        if self.wire.level > self.rust.level {
            &self.wire
        } else {
            &self.rust
        }
    }
}

/// What changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChangeKind {
    /// An event type appeared.
    EventAdded,
    /// An event type disappeared.
    EventRemoved,
    /// A property appeared.
    PropertyAdded {
        /// Its type.
        ty: String,
        /// Whether every payload carries it.
        always_present: bool,
        /// Whether it may be null.
        nullable: bool,
    },
    /// A property disappeared.
    PropertyRemoved {
        /// Its type.
        ty: String,
        /// Whether every payload carried it.
        always_present: bool,
    },
    /// A property's (or an item's) type changed.
    TypeChanged {
        /// The old type.
        from: String,
        /// The new type.
        to: String,
    },
    /// A string's format changed.
    FormatChanged {
        /// The old format, if any.
        from: Option<String>,
        /// The new format, if any.
        to: Option<String>,
    },
    /// An enumeration gained values.
    EnumValuesAdded {
        /// The new values.
        values: Vec<String>,
    },
    /// An enumeration lost values.
    EnumValuesRemoved {
        /// The values gone.
        values: Vec<String>,
    },
    /// Whether every payload carries a property changed.
    PresenceChanged {
        /// Carried by every payload before.
        from_always: bool,
        /// Carried by every payload now.
        to_always: bool,
    },
    /// Whether a property may be null changed.
    NullabilityChanged {
        /// Nullable before.
        from: bool,
        /// Nullable now.
        to: bool,
    },
    /// A description changed.
    DescriptionChanged,
    /// A shared shape appeared.
    DefinitionAdded,
    /// A shared shape disappeared.
    DefinitionRemoved,
    /// A public Rust and TypeScript type name appeared (its place, in `path`, is new).
    TypeNameAdded {
        /// The name.
        name: String,
    },
    /// A public type name disappeared.
    TypeNameRemoved {
        /// The name.
        name: String,
    },
    /// The public type name of a place changed.
    TypeNameRenamed {
        /// The old name.
        from: String,
        /// The new name.
        to: String,
    },
}

impl ChangeKind {
    /// The kind's name, as the JSON output spells it.
    pub fn name(&self) -> &'static str {
        match self {
            ChangeKind::EventAdded => "event_added",
            ChangeKind::EventRemoved => "event_removed",
            ChangeKind::PropertyAdded { .. } => "property_added",
            ChangeKind::PropertyRemoved { .. } => "property_removed",
            ChangeKind::TypeChanged { .. } => "type_changed",
            ChangeKind::FormatChanged { .. } => "format_changed",
            ChangeKind::EnumValuesAdded { .. } => "enum_values_added",
            ChangeKind::EnumValuesRemoved { .. } => "enum_values_removed",
            ChangeKind::PresenceChanged { .. } => "presence_changed",
            ChangeKind::NullabilityChanged { .. } => "nullability_changed",
            ChangeKind::DescriptionChanged => "description_changed",
            ChangeKind::DefinitionAdded => "definition_added",
            ChangeKind::DefinitionRemoved => "definition_removed",
            ChangeKind::TypeNameAdded { .. } => "type_name_added",
            ChangeKind::TypeNameRemoved { .. } => "type_name_removed",
            ChangeKind::TypeNameRenamed { .. } => "type_name_renamed",
        }
    }
}

/// One change: where, what, and each consumer's verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Change {
    /// The event type, or `$defs/<name>` for a shared shape, or `names` for a type name.
    pub scope: String,
    /// The property path within it (`from.name`, `items[]`), empty for the whole scope.
    pub path: String,
    /// What changed.
    #[serde(flatten)]
    pub kind: ChangeKind,
    /// Each consumer's verdict.
    pub verdicts: Verdicts,
}

/// The highest verdict of each consumer, and the bump each product needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Summary {
    /// How many changes of each kind.
    pub counts: BTreeMap<String, usize>,
    /// The Rust crate's verdict.
    pub rust: Level,
    /// The JSON Schema's verdict.
    pub json_schema: Level,
    /// The TypeScript package's verdict.
    pub typescript: Level,
    /// The wire's verdict.
    pub wire: Level,
}

impl Summary {
    /// The highest verdict of any consumer.
    pub fn worst(&self) -> Level {
        self.rust
            .max(self.json_schema)
            .max(self.typescript)
            .max(self.wire)
    }

    /// The bump of the crate: its API (rust) and what it parses (wire), as
    /// [`Verdicts::crate_verdict`] judges each change.
    pub fn crate_bump(&self) -> Level {
        self.rust.max(self.wire)
    }
}

/// Every change from `old` to `new`, sorted by scope and path, and the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Report {
    /// What the old schema is (a git revision or a file), as given.
    pub base: String,
    /// The changes, in order of scope, path and kind.
    pub changes: Vec<Change>,
    /// The verdict of each consumer.
    pub summary: Summary,
    /// Where each side's documentation pages came from, where `schema/upstream.toml` records
    /// it (set by the caller: the diff itself compares schemas only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<DocsRevisions>,
    /// Which version of Seam's API contract each side took facts from, where
    /// `schema/upstream.toml` records it (set by the caller, like `docs`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contract: Option<ContractVersions>,
}

/// A version of Seam's API contract: where `cargo xtask contract sync` took the event schemas
/// from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractVersion {
    /// The npm package (`@seamapi/types`), or the name of the file it was read from.
    pub package: String,
    /// The package's version, or the document's `info.version`.
    pub version: String,
    /// The package's integrity as npm gives it (`sha512-...`), for a package.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integrity: Option<String>,
}

impl ContractVersion {
    /// The version as Markdown: a link to the package's page on npm, else the file and version.
    pub fn markdown(&self) -> String {
        if self.integrity.is_some() {
            format!(
                "[`{}@{}`](https://www.npmjs.com/package/{}/v/{})",
                self.package, self.version, self.package, self.version
            )
        } else {
            format!("`{}` (version `{}`)", self.package, self.version)
        }
    }
}

/// The contract versions of the two sides of a diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ContractVersions {
    /// The base's (none when it had no contract).
    pub base: Option<ContractVersion>,
    /// The current schema's.
    pub current: Option<ContractVersion>,
}

impl ContractVersions {
    /// One line for a pull request: the contract each side took facts from.
    pub fn markdown(&self) -> String {
        match (&self.base, &self.current) {
            (Some(old), Some(new)) if old == new => {
                format!("Contract: {} (unchanged).", new.markdown())
            }
            (Some(old), Some(new)) => {
                format!("Contract: {}, was {}.", new.markdown(), old.markdown())
            }
            (None, Some(new)) => format!("Contract: {} (the base had none).", new.markdown()),
            (Some(old), None) => format!("Contract: none, was {}.", old.markdown()),
            (None, None) => "Contract: none.".to_owned(),
        }
    }
}

/// A revision of the docs repository: where `cargo xtask docs sync` took the pages from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    /// The repository, as its URL (or the path it was synced from, when it has no remote).
    pub repository: String,
    /// The commit ID, in full.
    pub commit: String,
}

impl Revision {
    /// The commit ID's first 12 characters.
    pub fn short(&self) -> &str {
        self.commit.get(..12).unwrap_or(&self.commit)
    }

    /// The commit as Markdown: a link to it on GitHub, else the repository and the ID.
    pub fn markdown(&self) -> String {
        match self.github() {
            Some(url) => format!(
                "[{}@{}]({url}/commit/{})",
                self.repository.trim_start_matches("https://github.com/"),
                self.short(),
                self.commit
            ),
            None => format!("`{}` at `{}`", self.repository, self.short()),
        }
    }

    /// The repository's address on GitHub, when it is there.
    fn github(&self) -> Option<&str> {
        let url = self
            .repository
            .trim_end_matches('/')
            .trim_end_matches(".git");
        url.strip_prefix("https://github.com/")
            .filter(|rest| rest.split('/').count() == 2)
            .map(|_| url)
    }
}

/// The docs revisions of the two sides of a diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct DocsRevisions {
    /// The base's (none when it recorded none).
    pub base: Option<Revision>,
    /// The current pages'.
    pub current: Option<Revision>,
}

impl DocsRevisions {
    /// One line for a pull request: the docs revision of the pages, and the base's, with a link
    /// to the comparison when both are on GitHub in one repository.
    pub fn markdown(&self) -> String {
        match (&self.base, &self.current) {
            (Some(old), Some(new)) if old == new => {
                format!("Docs: {} (unchanged).", new.markdown())
            }
            (Some(old), Some(new)) => {
                let compare = match (old.github(), new.github()) {
                    (Some(a), Some(b)) if a == b => {
                        format!(
                            " ([what changed]({a}/compare/{}...{}))",
                            old.commit, new.commit
                        )
                    }
                    _ => String::new(),
                };
                format!("Docs: {}, was {}{compare}.", new.markdown(), old.markdown())
            }
            (None, Some(new)) => {
                format!("Docs: {} (the base recorded no revision).", new.markdown())
            }
            (Some(old), None) => format!("Docs: no revision recorded, was {}.", old.markdown()),
            (None, None) => "Docs: no revision recorded.".to_owned(),
        }
    }
}

/// Compares two schemas; `old_names` and `new_names` are the public names each plan gave
/// (`schema/names.json` of each side).
pub fn diff(
    base: &str,
    old: &Schema,
    new: &Schema,
    old_names: &Names,
    new_names: &Names,
) -> Report {
    let mut out = Vec::new();
    let olds: BTreeMap<&str, _> = old
        .events
        .iter()
        .map(|e| (e.event_type.as_str(), e))
        .collect();
    let news: BTreeMap<&str, _> = new
        .events
        .iter()
        .map(|e| (e.event_type.as_str(), e))
        .collect();
    for (event_type, event) in &olds {
        match news.get(event_type) {
            None => out.push(change(event_type, "", ChangeKind::EventRemoved)),
            Some(now) => {
                if event.description != now.description {
                    out.push(change(event_type, "", ChangeKind::DescriptionChanged));
                }
                properties(event_type, "", &event.properties, &now.properties, &mut out);
            }
        }
    }
    for event_type in news.keys().filter(|t| !olds.contains_key(*t)) {
        out.push(change(event_type, "", ChangeKind::EventAdded));
    }
    for (name, def) in &old.definitions {
        let scope = format!("$defs/{name}");
        match new.definitions.get(name) {
            None => out.push(change(&scope, "", ChangeKind::DefinitionRemoved)),
            Some(now) => {
                if def.description != now.description {
                    out.push(change(&scope, "", ChangeKind::DescriptionChanged));
                }
                properties(&scope, "", &def.properties, &now.properties, &mut out);
            }
        }
    }
    for name in new.definitions.keys() {
        if !old.definitions.contains_key(name) {
            out.push(change(
                &format!("$defs/{name}"),
                "",
                ChangeKind::DefinitionAdded,
            ));
        }
    }
    for (place, name) in &old_names.0 {
        match new_names.0.get(place) {
            None => out.push(change(
                "names",
                place,
                ChangeKind::TypeNameRemoved { name: name.clone() },
            )),
            Some(now) if now != name => out.push(change(
                "names",
                place,
                ChangeKind::TypeNameRenamed {
                    from: name.clone(),
                    to: now.clone(),
                },
            )),
            Some(_) => {}
        }
    }
    for (place, name) in &new_names.0 {
        if !old_names.0.contains_key(place) {
            out.push(change(
                "names",
                place,
                ChangeKind::TypeNameAdded { name: name.clone() },
            ));
        }
    }
    out.sort_by(|a, b| (&a.scope, &a.path, a.kind.name()).cmp(&(&b.scope, &b.path, b.kind.name())));
    let mut summary = Summary::default();
    for c in &out {
        *summary.counts.entry(c.kind.name().to_owned()).or_default() += 1;
        summary.rust = summary.rust.max(c.verdicts.rust.level);
        summary.json_schema = summary.json_schema.max(c.verdicts.json_schema.level);
        summary.typescript = summary.typescript.max(c.verdicts.typescript.level);
        summary.wire = summary.wire.max(c.verdicts.wire.level);
    }
    Report {
        base: base.to_owned(),
        changes: out,
        summary,
        docs: None,
        contract: None,
    }
}

fn change(scope: &str, path: &str, kind: ChangeKind) -> Change {
    let verdicts = judge(&kind);
    Change {
        scope: scope.to_owned(),
        path: path.to_owned(),
        kind,
        verdicts,
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The changes between two property lists.
fn properties(
    scope: &str,
    path: &str,
    old: &BTreeMap<String, Property>,
    new: &BTreeMap<String, Property>,
    out: &mut Vec<Change>,
) {
    for (key, was) in old {
        let at = join(path, key);
        let Some(now) = new.get(key) else {
            out.push(change(
                scope,
                &at,
                ChangeKind::PropertyRemoved {
                    ty: was.ty.describe(),
                    always_present: was.always_present(),
                },
            ));
            continue;
        };
        if was.always_present() != now.always_present() {
            out.push(change(
                scope,
                &at,
                ChangeKind::PresenceChanged {
                    from_always: was.always_present(),
                    to_always: now.always_present(),
                },
            ));
        }
        if was.may_be_null() != now.may_be_null() {
            out.push(change(
                scope,
                &at,
                ChangeKind::NullabilityChanged {
                    from: was.may_be_null(),
                    to: now.may_be_null(),
                },
            ));
        }
        if was.description != now.description {
            out.push(change(scope, &at, ChangeKind::DescriptionChanged));
        }
        types(scope, &at, &was.ty, &now.ty, out);
    }
    for (key, now) in new {
        if !old.contains_key(key) {
            out.push(change(
                scope,
                &join(path, key),
                ChangeKind::PropertyAdded {
                    ty: now.ty.describe(),
                    always_present: now.always_present(),
                    nullable: now.may_be_null(),
                },
            ));
        }
    }
}

/// The changes between two types at `path`.
fn types(scope: &str, path: &str, old: &Type, new: &Type, out: &mut Vec<Change>) {
    let format = |f: &Option<StringFormat>| {
        f.map(|f| match f {
            StringFormat::Uuid => "uuid".to_owned(),
            StringFormat::DateTime => "date-time".to_owned(),
        })
    };
    match (old, new) {
        (a, b) if a == b => {}
        (Type::String { format: a }, Type::String { format: b }) => out.push(change(
            scope,
            path,
            ChangeKind::FormatChanged {
                from: format(a),
                to: format(b),
            },
        )),
        (
            Type::Object {
                properties: Some(a),
            },
            Type::Object {
                properties: Some(b),
            },
        ) => properties(scope, path, a, b, out),
        (Type::Array { items: a }, Type::Array { items: b }) => {
            types(scope, &format!("{path}[]"), a, b, out)
        }
        (Type::Enum { values: a }, Type::Enum { values: b }) => {
            let added: Vec<String> = b.iter().filter(|v| !a.contains(v)).cloned().collect();
            let removed: Vec<String> = a.iter().filter(|v| !b.contains(v)).cloned().collect();
            if !added.is_empty() {
                out.push(change(
                    scope,
                    path,
                    ChangeKind::EnumValuesAdded { values: added },
                ));
            }
            if !removed.is_empty() {
                out.push(change(
                    scope,
                    path,
                    ChangeKind::EnumValuesRemoved { values: removed },
                ));
            }
            // Reordered values change nothing any consumer sees but the docs.
        }
        _ => out.push(change(
            scope,
            path,
            ChangeKind::TypeChanged {
                from: old.describe(),
                to: new.describe(),
            },
        )),
    }
}

/// How the set of values a new type admits relates to the old one's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Relation {
    /// The new type admits more.
    Wider,
    /// The new type admits less.
    Narrower,
    /// Each admits values the other does not.
    Different,
}

/// The relation of two types that differ (as JSON Schema sees them).
fn relation(from: &str, to: &str) -> Relation {
    // Decided on the described types: `describe` names every distinction the schema makes.
    let free_object = "Object (free-form)";
    match (from, to) {
        (_, "any JSON value") => Relation::Wider,
        ("any JSON value", _) => Relation::Narrower,
        (f, "Object") if f == free_object => Relation::Narrower,
        ("Object", t) if t == free_object => Relation::Wider,
        ("integer", "number") => Relation::Wider,
        ("number", "integer") => Relation::Narrower,
        ("String", t) if t.starts_with("Enum (") => Relation::Narrower,
        (f, "String") if f.starts_with("Enum (") => Relation::Wider,
        _ => Relation::Different,
    }
}

/// Each consumer's verdict on a change.
fn judge(kind: &ChangeKind) -> Verdicts {
    use Level::{Major, Minor, Patch};
    match kind {
        ChangeKind::EventAdded => Verdicts {
            rust: verdict(
                Minor,
                "a new variant of the non-exhaustive SeamEvent and EventType, and a new struct",
            ),
            json_schema: verdict(Minor, "accepts more: payloads of the new type validate"),
            typescript: verdict(
                Minor,
                "a new interface and a new member of the SeamEvent union",
            ),
            wire: verdict(
                Minor,
                "the old crate reads the new events as SeamEvent::Unknown, kept whole",
            ),
        },
        ChangeKind::EventRemoved => Verdicts {
            rust: verdict(
                Major,
                "the variant and its struct are removed: code that names them stops compiling",
            ),
            json_schema: verdict(
                Major,
                "accepts less: payloads of the type no longer validate",
            ),
            typescript: verdict(Major, "the interface is removed from the package"),
            wire: verdict(
                Minor,
                "the new crate reads such payloads as SeamEvent::Unknown, kept whole",
            ),
        },
        ChangeKind::PropertyAdded {
            ty, always_present, ..
        } => Verdicts {
            rust: if *always_present {
                verdict(
                    Major,
                    "the constructor `new` takes the new property: calls to it stop compiling",
                )
            } else {
                verdict(
                    Minor,
                    "a field and its `with_` method added to a non-exhaustive struct: code that compiled still does",
                )
            },
            json_schema: if *always_present {
                verdict(
                    Major,
                    "accepts less: the property is required, and payloads without it no longer validate",
                )
            } else if ty == "any JSON value" {
                verdict(Patch, "accepts the same: an optional property of any value")
            } else {
                verdict(
                    Minor,
                    "every payload the API sends as documented still validates: the new files reject only a value of the property of another type than documented",
                )
            },
            typescript: verdict(
                Minor,
                "a new member: code that reads the interface compiles",
            ),
            wire: if *always_present {
                verdict(
                    Major,
                    "the new crate reads old payloads without the property as SeamEvent::Mismatched",
                )
            } else {
                verdict(
                    Minor,
                    "the old crate keeps the property in `extra`; the new crate reads old payloads typed",
                )
            },
        },
        ChangeKind::PropertyRemoved { always_present, .. } => Verdicts {
            rust: verdict(
                Major,
                "a public field removed: code that reads it stops compiling",
            ),
            json_schema: verdict(Minor, "accepts more: the property is no longer constrained"),
            typescript: verdict(
                Major,
                "a member removed: code that reads it stops compiling",
            ),
            wire: if *always_present {
                verdict(
                    Major,
                    "the old crate reads new payloads without the property as SeamEvent::Mismatched",
                )
            } else {
                verdict(
                    Minor,
                    "the new crate keeps the property of old payloads in `extra`",
                )
            },
        },
        ChangeKind::TypeChanged { from, to } => {
            let rel = relation(from, to);
            Verdicts {
                rust: verdict(
                    Major,
                    format!(
                        "the field's type changes ({from} to {to}): code that uses it stops compiling"
                    ),
                ),
                json_schema: match rel {
                    Relation::Wider => {
                        verdict(Minor, format!("accepts more: {to} admits every {from}"))
                    }
                    Relation::Narrower => verdict(
                        Major,
                        format!("accepts less: {to} admits fewer values than {from}"),
                    ),
                    Relation::Different => verdict(
                        Major,
                        format!("accepts different values: {from} and {to} differ"),
                    ),
                },
                typescript: ts_type_change(from, to, rel),
                wire: match rel {
                    Relation::Wider => verdict(
                        Major,
                        format!(
                            "the old crate reads new values outside {from} as SeamEvent::Mismatched"
                        ),
                    ),
                    Relation::Narrower => verdict(
                        Major,
                        format!(
                            "the new crate reads old values outside {to} as SeamEvent::Mismatched"
                        ),
                    ),
                    Relation::Different => verdict(
                        Major,
                        "each crate reads the other's values as SeamEvent::Mismatched",
                    ),
                },
            }
        }
        ChangeKind::FormatChanged { from, to } => {
            let show = |f: &Option<String>| f.clone().unwrap_or_else(|| "no format".into());
            let (from, to) = (show(from), show(to));
            Verdicts {
                rust: verdict(
                    Major,
                    format!("the field's type changes with the format ({from} to {to})"),
                ),
                json_schema: if from == "no format" {
                    verdict(
                        Major,
                        format!(
                            "accepts less where formats are asserted: strings must now be {to}"
                        ),
                    )
                } else if to == "no format" {
                    verdict(
                        Minor,
                        format!("accepts more: strings need no longer be {from}"),
                    )
                } else {
                    verdict(Major, format!("accepts different strings: {from} to {to}"))
                },
                typescript: verdict(Patch, "a string either way"),
                wire: verdict(
                    Major,
                    "the side whose type has the format reads the other's strings as SeamEvent::Mismatched",
                ),
            }
        }
        ChangeKind::EnumValuesAdded { values } => Verdicts {
            rust: verdict(
                Minor,
                format!(
                    "new variants of a non-exhaustive enum ({}); they parsed as `Other` before",
                    values.join(", ")
                ),
            ),
            json_schema: verdict(Minor, "accepts more: the new values validate"),
            typescript: verdict(
                Minor,
                "the union gains literals beside any string: code that reads it compiles",
            ),
            wire: verdict(
                Minor,
                "the old crate reads the new values as the enum's `Other`",
            ),
        },
        ChangeKind::EnumValuesRemoved { values } => Verdicts {
            rust: verdict(
                Major,
                format!(
                    "variants removed ({}): code that names them stops compiling",
                    values.join(", ")
                ),
            ),
            json_schema: verdict(
                Major,
                "the strict bundle accepts less: the removed values no longer validate (the tolerant bundle accepts any string)",
            ),
            typescript: verdict(
                Minor,
                "the literals leave the union, which still admits any string: code that names them compiles",
            ),
            wire: verdict(
                Minor,
                "the new crate reads the removed values as the enum's `Other`",
            ),
        },
        ChangeKind::PresenceChanged { to_always, .. } => {
            if *to_always {
                Verdicts {
                    rust: verdict(
                        Major,
                        "the field is no longer an `Option`: code that matches on it stops compiling",
                    ),
                    json_schema: verdict(Major, "accepts less: the property is now required"),
                    typescript: verdict(
                        Minor,
                        "the member is no longer optional: the type narrows",
                    ),
                    wire: verdict(
                        Major,
                        "the new crate reads old payloads without the property as SeamEvent::Mismatched",
                    ),
                }
            } else {
                Verdicts {
                    rust: verdict(
                        Major,
                        "the field becomes an `Option`: code that uses it stops compiling",
                    ),
                    json_schema: verdict(Minor, "accepts more: the property is no longer required"),
                    typescript: verdict(
                        Major,
                        "the member becomes optional: the type widens by `undefined`",
                    ),
                    wire: verdict(
                        Major,
                        "the old crate reads new payloads without the property as SeamEvent::Mismatched",
                    ),
                }
            }
        }
        ChangeKind::NullabilityChanged { to, .. } => {
            if *to {
                Verdicts {
                    rust: verdict(
                        Major,
                        "the field becomes an `Option`: code that uses it stops compiling",
                    ),
                    json_schema: verdict(Minor, "accepts more: null is allowed"),
                    typescript: verdict(Major, "the type widens by `null`"),
                    wire: verdict(
                        Major,
                        "the old crate reads new payloads with null as SeamEvent::Mismatched",
                    ),
                }
            } else {
                Verdicts {
                    rust: verdict(
                        Major,
                        "the field is no longer an `Option`: code that matches on it stops compiling",
                    ),
                    json_schema: verdict(Major, "accepts less: null is no longer allowed"),
                    typescript: verdict(Minor, "the type narrows: `null` is gone"),
                    wire: verdict(
                        Major,
                        "the new crate reads old payloads with null as SeamEvent::Mismatched",
                    ),
                }
            }
        }
        ChangeKind::DescriptionChanged => Verdicts {
            rust: verdict(Patch, "documentation only"),
            json_schema: verdict(Patch, "an annotation only"),
            typescript: verdict(Patch, "documentation only"),
            wire: verdict(Patch, "nothing read changes"),
        },
        ChangeKind::DefinitionAdded => Verdicts {
            rust: verdict(Minor, "a new public type"),
            json_schema: verdict(
                Patch,
                "a new definition, used by what the changes to events say",
            ),
            typescript: verdict(Minor, "a new interface"),
            wire: verdict(Patch, "nothing read changes by itself"),
        },
        ChangeKind::DefinitionRemoved => Verdicts {
            rust: verdict(Major, "a public type removed"),
            json_schema: verdict(
                Patch,
                "a definition removed; what used it is reported where it was used",
            ),
            typescript: verdict(Major, "an interface removed"),
            wire: verdict(Patch, "nothing read changes by itself"),
        },
        ChangeKind::TypeNameAdded { .. } => Verdicts {
            rust: verdict(Minor, "a new public type"),
            json_schema: verdict(Patch, "names do not take part in validation"),
            typescript: verdict(Minor, "a new exported type"),
            wire: verdict(Patch, "names are not on the wire"),
        },
        ChangeKind::TypeNameRemoved { .. } => Verdicts {
            rust: verdict(
                Major,
                "a public type removed: code that names it stops compiling",
            ),
            json_schema: verdict(Patch, "names do not take part in validation"),
            typescript: verdict(
                Major,
                "an exported type removed: code that names it stops compiling",
            ),
            wire: verdict(Patch, "names are not on the wire"),
        },
        ChangeKind::TypeNameRenamed { .. } => Verdicts {
            rust: verdict(
                Major,
                "a public type renamed: code that names it stops compiling",
            ),
            json_schema: verdict(Patch, "names do not take part in validation"),
            typescript: verdict(
                Major,
                "an exported type renamed: code that names it stops compiling",
            ),
            wire: verdict(Patch, "names are not on the wire"),
        },
    }
}

/// TypeScript readers: a narrower type compiles, a wider one may not.
fn ts_type_change(from: &str, to: &str, rel: Relation) -> Verdict {
    let ts = |t: &str| match t {
        "integer" | "number" => "number".to_owned(),
        t if t.starts_with("String") => "string".to_owned(),
        t => t.to_owned(),
    };
    if ts(from) == ts(to) {
        return verdict(Level::Patch, format!("`{}` either way", ts(to)));
    }
    match rel {
        Relation::Narrower => verdict(
            Level::Minor,
            format!("the type narrows ({from} to {to}): code that reads it compiles"),
        ),
        Relation::Wider => verdict(
            Level::Major,
            format!("the type widens ({from} to {to}): code that reads it may not compile"),
        ),
        Relation::Different => verdict(
            Level::Major,
            format!("the type changes ({from} to {to}): code that reads it may not compile"),
        ),
    }
}

/// The bump of a version (`major.minor.patch`) for a level; below 1.0 the minor number is the
/// breaking one, as cargo and npm read `^0.x`.
pub fn bump(version: &str, level: Level) -> Result<String, String> {
    let parts: Vec<u64> = version
        .split('.')
        .map(|p| p.parse::<u64>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("`{version}` is not a version (expected major.minor.patch)"))?;
    let [major, minor, patch] = parts[..] else {
        return Err(format!(
            "`{version}` is not a version (expected major.minor.patch)"
        ));
    };
    Ok(match (major, level) {
        (0, Level::Major) => format!("0.{}.0", minor + 1),
        (0, _) => format!("0.{minor}.{}", patch + 1),
        (_, Level::Major) => format!("{}.0.0", major + 1),
        (_, Level::Minor) => format!("{major}.{}.0", minor + 1),
        (_, Level::Patch) => format!("{major}.{minor}.{}", patch + 1),
    })
}

/// The report as Markdown: the summary, then one table row per change.
pub fn markdown(report: &Report) -> String {
    let s = &report.summary;
    let mut out = format!("# Schema diff against {}\n\n", report.base);
    if let Some(docs) = &report.docs {
        out.push_str(&docs.markdown());
        out.push_str("\n\n");
    }
    if let Some(contract) = &report.contract {
        out.push_str(&contract.markdown());
        out.push_str("\n\n");
    }
    out.push_str(&format!(
        "{} change(s).\n\n| consumer | verdict |\n| --- | --- |\n\
         | Rust crate (cargo semver) | {} |\n| JSON Schema validators | {} |\n\
         | TypeScript readers | {} |\n| wire (old crate / new payloads and back) | {} |\n",
        report.changes.len(),
        s.rust.as_str(),
        s.json_schema.as_str(),
        s.typescript.as_str(),
        s.wire.as_str(),
    ));
    if !s.counts.is_empty() {
        out.push_str("\n| kind of change | count |\n| --- | --- |\n");
        for (kind, n) in &s.counts {
            out.push_str(&format!("| {kind} | {n} |\n"));
        }
    }
    if !report.changes.is_empty() {
        out.push_str(
            "\n| where | change | Rust | JSON Schema | TypeScript | wire |\n\
             | --- | --- | --- | --- | --- | --- |\n",
        );
        for c in &report.changes {
            let cell =
                |v: &Verdict| format!("**{}**: {}", v.level.as_str(), v.reason.replace('|', "\\|"));
            let at = if c.path.is_empty() {
                format!("`{}`", c.scope)
            } else {
                format!("`{}` `{}`", c.scope, c.path)
            };
            out.push_str(&format!(
                "| {at} | {} | {} | {} | {} | {} |\n",
                describe(&c.kind).replace('|', "\\|"),
                cell(&c.verdicts.rust),
                cell(&c.verdicts.json_schema),
                cell(&c.verdicts.typescript),
                cell(&c.verdicts.wire),
            ));
        }
    }
    out
}

/// A change in words.
pub fn describe(kind: &ChangeKind) -> String {
    match kind {
        ChangeKind::EventAdded => "event added".into(),
        ChangeKind::EventRemoved => "event removed".into(),
        ChangeKind::PropertyAdded {
            ty,
            always_present,
            nullable,
        } => format!(
            "property added: {ty}{}{}",
            if *always_present {
                ", in every payload"
            } else {
                ", may be absent"
            },
            if *nullable { ", may be null" } else { "" }
        ),
        ChangeKind::PropertyRemoved { ty, .. } => format!("property removed (was {ty})"),
        ChangeKind::TypeChanged { from, to } => format!("type: {from} to {to}"),
        ChangeKind::FormatChanged { from, to } => format!(
            "format: {} to {}",
            from.as_deref().unwrap_or("none"),
            to.as_deref().unwrap_or("none")
        ),
        ChangeKind::EnumValuesAdded { values } => format!("values added: {}", values.join(", ")),
        ChangeKind::EnumValuesRemoved { values } => {
            format!("values removed: {}", values.join(", "))
        }
        ChangeKind::PresenceChanged { to_always, .. } => if *to_always {
            "now in every payload"
        } else {
            "may now be absent"
        }
        .into(),
        ChangeKind::NullabilityChanged { to, .. } => if *to {
            "may now be null"
        } else {
            "no longer null"
        }
        .into(),
        ChangeKind::DescriptionChanged => "description changed".into(),
        ChangeKind::DefinitionAdded => "shared shape added".into(),
        ChangeKind::DefinitionRemoved => "shared shape removed".into(),
        ChangeKind::TypeNameAdded { name } => format!("type name added: {name}"),
        ChangeKind::TypeNameRemoved { name } => format!("type name removed: {name}"),
        ChangeKind::TypeNameRenamed { from, to } => format!("type renamed: {from} to {to}"),
    }
}

/// The JSON Schema of the JSON output (`cargo xtask diff --format json`), from the Rust model.
pub fn report_schema() -> String {
    let schema = schemars::schema_for!(Report);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bumps_follow_cargo_and_npm_below_and_above_one() {
        assert_eq!(bump("0.1.0", Level::Major).unwrap(), "0.2.0");
        assert_eq!(bump("0.1.3", Level::Minor).unwrap(), "0.1.4");
        assert_eq!(bump("0.1.3", Level::Patch).unwrap(), "0.1.4");
        assert_eq!(bump("1.4.2", Level::Major).unwrap(), "2.0.0");
        assert_eq!(bump("1.4.2", Level::Minor).unwrap(), "1.5.0");
        assert_eq!(bump("1.4.2", Level::Patch).unwrap(), "1.4.3");
        assert!(
            bump("1.4", Level::Patch)
                .unwrap_err()
                .contains("major.minor.patch")
        );
    }

    #[test]
    fn relations_of_types() {
        assert_eq!(relation("Object (free-form)", "Object"), Relation::Narrower);
        assert_eq!(relation("Object", "Object (free-form)"), Relation::Wider);
        assert_eq!(relation("String", "any JSON value"), Relation::Wider);
        assert_eq!(relation("integer", "number"), Relation::Wider);
        assert_eq!(relation("Boolean", "String"), Relation::Different);
    }
}
