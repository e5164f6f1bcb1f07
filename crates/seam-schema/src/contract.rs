//! Seam's published API contract: the event schemas of its OpenAPI description, as facts about
//! what the docs list (presence, nullability, enumeration values, formats, item types, nested
//! shapes), and a note for every place where the docs and the contract disagree.
//!
//! The contract never adds an event, a property or a description: the docs decide what exists,
//! the contract what it looks like where the docs' wording and examples said nothing. Its facts
//! come after the docs' and before the observed payloads' (a payload still wins: the API runs
//! ahead of its description), the overrides' and the policy's.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, line_of};
use crate::import::SourceFile;
use crate::model::{Fact, Presence, Property, Schema, Source, StringFormat, Type};
use crate::parse::is_event_type;
use crate::payloads::Observed;

/// Where the committed contract lives, relative to the project root.
pub const CONTRACT_FILE: &str = "schema/contract.json";

/// Where an OpenAPI document keeps Seam's events: `oneOf` one schema per event type.
pub const EVENTS_POINTER: &str = "/components/schemas/event";

/// The `$comment` that opens the contract file.
const COMMENT: &str = "The event schemas of Seam's API contract (the OpenAPI description of the \
Connect API, `components.schemas.event`), each by its event type, `$ref`s resolved. Written by \
`cargo xtask contract sync`, which records their source in schema/upstream.toml; not edited by \
hand.";

/// What a fact's note names as its evidence.
const CONTRACT: &str = "the contract";

/// The description of a property only the contract describes, inside a shape the docs leave
/// open (the contract adds no description of its own).
const CONTRACT_ONLY: &str =
    "Not in Seam's documentation: given by Seam's API contract (schema/contract.json).";

/// The contract as `schema/contract.json` holds it: every event's schema, by event type.
#[derive(Debug, Clone, PartialEq)]
pub struct Contract {
    /// The file, as messages name it.
    pub file: String,
    /// The OpenAPI version the schemas are written in (`3.0.x`: `nullable`; `3.1.x`: `null`
    /// among the types).
    pub openapi: String,
    /// Each event's schema, and the line of the file it starts on.
    pub events: BTreeMap<String, (usize, Value)>,
}

impl Contract {
    /// The contract file's text for `events` (from [`extract`]): sorted, pretty, one final line
    /// break, so that the same contract gives the same bytes.
    pub fn to_text(openapi: &str, events: &BTreeMap<String, Value>) -> String {
        let mut out = Map::new();
        out.insert("$comment".into(), COMMENT.into());
        out.insert("openapi".into(), openapi.into());
        out.insert(
            "events".into(),
            Value::Object(events.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
        );
        let mut text = serde_json::to_string_pretty(&Value::Object(out)).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads the contract file; an error names the file, the line and what was expected.
    pub fn parse(file: &SourceFile) -> Result<Contract, Diagnostic> {
        let expected = "expected the contract as `cargo xtask contract sync` writes it: an object \
                        with `openapi` (a version string) and `events` (each event type's schema)";
        let text = std::str::from_utf8(&file.bytes)
            .map_err(|e| Diagnostic::new(&file.path, 1, format!("not UTF-8 ({e})")))?;
        let value: Value = serde_json::from_str(text).map_err(|e| {
            Diagnostic::new(
                &file.path,
                e.line().max(1),
                format!("not JSON: {e}; {expected}"),
            )
        })?;
        let at = |key: &str| {
            text.find(&format!("\"{key}\""))
                .map_or(1, |offset| line_of(text, offset))
        };
        let openapi = match value.get("openapi") {
            Some(Value::String(v)) if v.starts_with("3.") => v.clone(),
            Some(other) => {
                return Err(Diagnostic::new(
                    &file.path,
                    at("openapi"),
                    format!("`openapi` is {other}: expected an OpenAPI version such as \"3.0.0\""),
                ));
            }
            None => {
                return Err(Diagnostic::new(
                    &file.path,
                    1,
                    format!("no `openapi`: {expected}"),
                ));
            }
        };
        let Some(Value::Object(map)) = value.get("events") else {
            return Err(Diagnostic::new(
                &file.path,
                at("events"),
                format!("no `events` object: {expected}"),
            ));
        };
        let mut events = BTreeMap::new();
        let mut from = 0;
        for (event_type, schema) in map {
            // The line of the event's key: keys are written in order, each once.
            let key = format!("\"{event_type}\": {{");
            let line = match text[from..].find(&key) {
                Some(offset) => {
                    from += offset + key.len();
                    line_of(text, from)
                }
                None => at(event_type),
            };
            if let Err(why) = check_event(event_type, schema) {
                return Err(Diagnostic::new(&file.path, line, why));
            }
            events.insert(event_type.clone(), (line, schema.clone()));
        }
        Ok(Contract {
            file: file.path.clone(),
            openapi,
            events,
        })
    }
}

/// Checks that `schema` is an object schema of the event `event_type` (its `event_type`
/// property names that type).
fn check_event(event_type: &str, schema: &Value) -> Result<(), String> {
    if !is_event_type(event_type) {
        return Err(format!(
            "`{event_type}` is not an event type: expected dot-separated lowercase segments such as `acs_system.connected`"
        ));
    }
    let Some(map) = schema.as_object() else {
        return Err(format!(
            "`{event_type}`: expected an object schema, found {schema}"
        ));
    };
    if !matches!(map.get("properties"), Some(Value::Object(_))) {
        return Err(format!(
            "`{event_type}`: expected an object schema with `properties`"
        ));
    }
    match tag(schema) {
        Some(t) if t == event_type => Ok(()),
        Some(t) => Err(format!(
            "`{event_type}`: its `event_type` property says `{t}`: expected the type it is filed under"
        )),
        None => Err(format!(
            "`{event_type}`: expected an `event_type` property with one value (`const`, or an `enum` of one)"
        )),
    }
}

/// The one value of an event schema's `event_type` property (`const`, or an `enum` of one).
fn tag(schema: &Value) -> Option<String> {
    let p = &schema["properties"]["event_type"];
    match (&p["const"], &p["enum"]) {
        (Value::String(v), _) => Some(v.clone()),
        (_, Value::Array(values)) if values.len() == 1 => values[0].as_str().map(str::to_owned),
        _ => None,
    }
}

/// The event schemas of an OpenAPI document: every member of `oneOf` (or `anyOf`) at
/// [`EVENTS_POINTER`], by the value of its `event_type`, each with every `$ref` into the
/// document resolved (so that the schemas stand alone) and `allOf`s of objects merged. Returns
/// the document's OpenAPI version too. An error says where and what was expected.
pub fn extract(doc: &Value) -> Result<(String, BTreeMap<String, Value>), String> {
    let openapi = match doc.get("openapi") {
        Some(Value::String(v)) if v.starts_with("3.") => v.clone(),
        _ => {
            return Err(
                "not an OpenAPI 3 document: expected `openapi` to be a version such as \"3.0.0\""
                    .into(),
            );
        }
    };
    let Some(event) = doc.pointer(EVENTS_POINTER) else {
        return Err(format!(
            "no `{EVENTS_POINTER}`: expected Seam's event schema there (`oneOf` one schema per event type)"
        ));
    };
    let event = resolve(doc, event)?;
    let Some(Value::Array(members)) = event.get("oneOf").or_else(|| event.get("anyOf")) else {
        return Err(format!(
            "`{EVENTS_POINTER}`: expected `oneOf` one schema per event type"
        ));
    };
    let mut events = BTreeMap::new();
    for (i, member) in members.iter().enumerate() {
        let schema = resolve(doc, member)?;
        let at = format!("{EVENTS_POINTER}/oneOf/{i}");
        let Some(event_type) = tag(&schema) else {
            return Err(format!(
                "`{at}`: expected an object schema whose `event_type` property has one value (`const`, or an `enum` of one)"
            ));
        };
        check_event(&event_type, &schema).map_err(|why| format!("`{at}`: {why}"))?;
        if events.insert(event_type.clone(), schema).is_some() {
            return Err(format!("`{at}`: `{event_type}` is given twice"));
        }
    }
    if events.is_empty() {
        return Err(format!("`{EVENTS_POINTER}`: no event schema"));
    }
    Ok((openapi, events))
}

/// How deep `$ref`s may nest before the document is taken to be cyclic.
const MAX_DEPTH: usize = 64;

/// `schema` with every `$ref` into `doc` replaced by its target and every `allOf` of object
/// schemas merged into one.
fn resolve(doc: &Value, schema: &Value) -> Result<Value, String> {
    resolve_at(doc, schema, 0, 0, false)
}

/// How deep a schema may nest, `$ref`s aside, before it is taken to be too deep to read.
const MAX_NESTING: usize = 512;

/// [`resolve`] of `schema`, whose keys are names (of properties) rather than keywords when
/// `names`; `refs` counts the `$ref`s followed, `nesting` the levels.
fn resolve_at(
    doc: &Value,
    schema: &Value,
    refs: usize,
    nesting: usize,
    names: bool,
) -> Result<Value, String> {
    if refs > MAX_DEPTH {
        return Err(format!(
            "`$ref`s nest more than {MAX_DEPTH} deep: expected schemas that do not refer to themselves"
        ));
    }
    if nesting > MAX_NESTING {
        return Err(format!(
            "schemas nest more than {MAX_NESTING} levels deep: expected a shallower document"
        ));
    }
    match schema {
        Value::Object(map) => {
            if let (false, Some(Value::String(reference))) = (names, map.get("$ref")) {
                let Some(target) = reference
                    .strip_prefix('#')
                    .and_then(|pointer| doc.pointer(pointer))
                else {
                    return Err(format!(
                        "`$ref` `{reference}`: expected a reference into the document (`#/components/schemas/...`)"
                    ));
                };
                return resolve_at(doc, target, refs + 1, nesting + 1, false);
            }
            let mut out = Map::new();
            for (key, value) in map {
                let value = match (names, key.as_str()) {
                    // A property's name, whatever it is: its value is a schema.
                    (true, _) => resolve_at(doc, value, refs, nesting + 1, false)?,
                    // Data, not schemas.
                    (false, "enum" | "const" | "example" | "examples" | "default") => value.clone(),
                    // Maps of names to schemas.
                    (false, "properties" | "patternProperties" | "$defs" | "definitions") => {
                        resolve_at(doc, value, refs, nesting + 1, true)?
                    }
                    _ => resolve_at(doc, value, refs, nesting + 1, false)?,
                };
                out.insert(key.clone(), value);
            }
            if !names {
                if let Some(Value::Array(parts)) = out.remove("allOf") {
                    merge_all_of(&mut out, parts);
                }
            }
            Ok(Value::Object(out))
        }
        Value::Array(items) => items
            .iter()
            .map(|v| resolve_at(doc, v, refs, nesting + 1, false))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        other => Ok(other.clone()),
    }
}

/// Merges the object schemas of an `allOf` into `out`: their properties and `required` lists
/// joined, any other keyword kept where `out` lacks it.
fn merge_all_of(out: &mut Map<String, Value>, parts: Vec<Value>) {
    for part in parts {
        let Value::Object(part) = part else { continue };
        for (key, value) in part {
            match (key.as_str(), out.get_mut(&key), value) {
                ("properties", Some(Value::Object(mine)), Value::Object(theirs)) => {
                    // A later part refines a property an earlier one gave: its keywords win.
                    for (name, p) in theirs {
                        match (mine.get_mut(&name), p) {
                            (Some(Value::Object(first)), Value::Object(then)) => {
                                first.extend(then);
                            }
                            (_, p) => {
                                mine.insert(name, p);
                            }
                        }
                    }
                }
                ("required", Some(Value::Array(mine)), Value::Array(theirs)) => {
                    for name in theirs {
                        if !mine.contains(&name) {
                            mine.push(name);
                        }
                    }
                }
                (_, Some(_), _) => {}
                (_, None, value) => {
                    out.insert(key, value);
                }
            }
        }
    }
}

/// A kind of disagreement between the docs and the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Disagreement {
    /// An event the docs document and the contract lacks.
    EventNotInContract,
    /// An event of the contract the docs do not document (yet).
    EventNotInDocs,
    /// A property the docs list and the contract lacks.
    PropertyNotInContract,
    /// A property of the contract the docs do not list.
    PropertyNotInDocs,
    /// The docs' wording says whether every payload carries it, and the contract says otherwise.
    Presence,
    /// The docs' wording says whether it may be null, and the contract says otherwise.
    Nullable,
    /// The docs and the contract give different types.
    Type,
    /// The docs give a format the contract does not, or another one.
    Format,
    /// The docs list enumeration values the contract lacks.
    EnumValues,
    /// A reviewed override says otherwise than the contract.
    Override,
    /// An observed payload (or the documented example) has a value the contract's type does
    /// not allow: the payload wins, and the contract's type is not taken.
    Payload,
}

impl Disagreement {
    /// Every kind, in the order the summary lists them.
    pub const ALL: [Disagreement; 11] = [
        Disagreement::EventNotInContract,
        Disagreement::EventNotInDocs,
        Disagreement::PropertyNotInContract,
        Disagreement::PropertyNotInDocs,
        Disagreement::Presence,
        Disagreement::Nullable,
        Disagreement::Type,
        Disagreement::Format,
        Disagreement::EnumValues,
        Disagreement::Override,
        Disagreement::Payload,
    ];

    /// A short label for the summary.
    pub fn label(self) -> &'static str {
        match self {
            Disagreement::EventNotInContract => "event not in the contract",
            Disagreement::EventNotInDocs => "event not in the docs",
            Disagreement::PropertyNotInContract => "property not in the contract",
            Disagreement::PropertyNotInDocs => "property not in the docs",
            Disagreement::Presence => "presence",
            Disagreement::Nullable => "nullability",
            Disagreement::Type => "type",
            Disagreement::Format => "format",
            Disagreement::EnumValues => "enumeration values",
            Disagreement::Override => "override against the contract",
            Disagreement::Payload => "payload against the contract's type",
        }
    }
}

/// A disagreement between the docs and the contract, at the contract's line, naming the docs'
/// page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    /// The message, at the contract file's line.
    pub diagnostic: Diagnostic,
    /// What kind of disagreement.
    pub kind: Disagreement,
}

/// What applying the contract did: the disagreements, and how many facts it decided.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    /// Every disagreement, sorted.
    pub notes: Vec<Note>,
    /// The presence and nullability facts the contract stated, by event and property path
    /// (`from.name`, `changed_properties[].from`), to tell an override that contradicts them.
    pub stated: BTreeMap<(String, String), (Presence, bool)>,
}

/// How many of `notes` are of each kind, in [`Disagreement::ALL`]'s order, kinds with none
/// left out.
pub fn counts(notes: &[Note]) -> Vec<(Disagreement, usize)> {
    Disagreement::ALL
        .iter()
        .map(|&k| (k, notes.iter().filter(|n| n.kind == k).count()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// Where a property is: the event, its path and the contract's line for the event.
struct Site<'a> {
    contract: &'a Contract,
    event_type: &'a str,
    /// The docs pages that document the event.
    pages: String,
    line: usize,
}

impl Site<'_> {
    fn note(&self, notes: &mut Vec<Note>, kind: Disagreement, message: String) {
        notes.push(Note {
            diagnostic: Diagnostic::new(&self.contract.file, self.line, message),
            kind,
        });
    }
}

/// Applies the contract's facts to every documented event of `schema` (facts the docs' wording
/// and examples left unstated), and notes each disagreement. Run after the docs' facts and
/// before the payloads'. A type the contract refines (a format, an integer, values, item types,
/// a shape) is taken only where every value the event's documented example and its `observed`
/// payloads give there fits it: a payload wins over the contract.
pub fn apply(schema: &mut Schema, contract: &Contract, observed: &[Observed]) -> Applied {
    let mut applied = Applied::default();
    let Schema {
        events,
        definitions,
    } = schema;
    let documented: BTreeSet<&str> = events.iter().map(|e| e.event_type.as_str()).collect();
    for (event_type, (line, _)) in &contract.events {
        if !documented.contains(event_type.as_str()) {
            applied.notes.push(Note {
                diagnostic: Diagnostic::new(
                    &contract.file,
                    *line,
                    format!(
                        "`{event_type}` is in the contract but no page in schema/sources/ documents it: the schema leaves it out until the docs do"
                    ),
                ),
                kind: Disagreement::EventNotInDocs,
            });
        }
    }
    let mut in_definitions = BTreeSet::new();
    for event in events.iter_mut() {
        let pages = event
            .sources
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        let Some((line, c)) = contract.events.get(&event.event_type) else {
            applied.notes.push(Note {
                diagnostic: Diagnostic::new(
                    &contract.file,
                    1,
                    format!(
                        "`{}` (documented in {pages}) is not in the contract: its facts come from the docs, the payloads and the policy",
                        event.event_type
                    ),
                ),
                kind: Disagreement::EventNotInContract,
            });
            continue;
        };
        let example = event.example.clone();
        let values: Vec<&Value> = std::iter::once(&example)
            .chain(
                observed
                    .iter()
                    .filter(|o| o.event_type == event.event_type)
                    .map(|o| &o.payload),
            )
            .collect();
        let site = Site {
            contract,
            event_type: &event.event_type,
            pages,
            line: *line,
        };
        let mut walk = Walk {
            site: &site,
            applied: &mut applied,
            definitions,
            in_definitions: &mut in_definitions,
        };
        walk.object(&mut event.properties, c, "", &values);
    }
    applied.notes.sort();
    applied.notes.dedup();
    applied
}

/// Notes for every fact an override set against what the contract stated (the override stands:
/// reviewed facts correct the contract too).
pub fn overridden(schema: &Schema, contract: &Contract, applied: &Applied) -> Vec<Note> {
    let mut notes = Vec::new();
    for ((event_type, path), (presence, nullable)) in &applied.stated {
        let Some(p) = schema
            .event(event_type)
            .and_then(|e| schema.property_at(&e.properties, path))
        else {
            continue;
        };
        let line = contract.events.get(event_type).map_or(1, |(l, _)| *l);
        let mut say = |what: String| {
            notes.push(Note {
                diagnostic: Diagnostic::new(&contract.file, line, what),
                kind: Disagreement::Override,
            });
        };
        if p.presence.source == Source::Override && p.presence.value != *presence {
            say(format!(
                "`{path}` of `{event_type}`: an override says it is {}, the contract that it is {}",
                presence_words(p.presence.value),
                presence_words(*presence)
            ));
        }
        if p.nullable.source == Source::Override && p.nullable.value != *nullable {
            say(format!(
                "`{path}` of `{event_type}`: an override says it {}, the contract that it {}",
                null_words(p.nullable.value),
                null_words(*nullable)
            ));
        }
    }
    notes
}

fn presence_words(p: Presence) -> &'static str {
    match p {
        Presence::Always => "in every payload",
        Presence::MayBeAbsent => "sometimes absent",
    }
}

fn null_words(nullable: bool) -> &'static str {
    if nullable {
        "may be null"
    } else {
        "is never null"
    }
}

/// A contract schema read the way the model is: its type without `null`, and whether `null` is
/// allowed (OpenAPI 3.0's `nullable`, or 3.1's `null` among the types or in an `anyOf`/`oneOf`).
struct Read<'a> {
    schema: &'a Map<String, Value>,
    nullable: bool,
}

fn read(schema: &Value) -> Option<Read<'_>> {
    let map = schema.as_object()?;
    let mut nullable = map.get("nullable") == Some(&Value::Bool(true))
        || map.get("type") == Some(&Value::from("null"));
    if let Some(Value::Array(types)) = map.get("type") {
        nullable |= types.iter().any(|t| t == "null");
    }
    if let Some(Value::Array(values)) = map.get("enum") {
        nullable |= values.iter().any(Value::is_null);
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(options)) = map.get(key) {
            let is_null = |v: &Value| v.get("type") == Some(&Value::from("null"));
            let rest: Vec<&Value> = options.iter().filter(|v| !is_null(v)).collect();
            if rest.len() < options.len() {
                // `null` is one of the options: one other is the type; several, any of them.
                if let [one] = rest.as_slice() {
                    let mut inner = read(one)?;
                    inner.nullable = true;
                    return Some(inner);
                }
                nullable = true;
            }
        }
    }
    Some(Read {
        schema: map,
        nullable,
    })
}

impl Read<'_> {
    /// The JSON type, `null` aside; `None` when the schema gives none or several.
    fn ty(&self) -> Option<&str> {
        match self.schema.get("type") {
            Some(Value::String(t)) => Some(t),
            Some(Value::Array(types)) => {
                let rest: Vec<&str> = types
                    .iter()
                    .filter_map(Value::as_str)
                    .filter(|t| *t != "null")
                    .collect();
                (rest.len() == 1).then(|| rest[0])
            }
            _ => None,
        }
    }

    fn format(&self) -> Option<&str> {
        self.schema.get("format").and_then(Value::as_str)
    }

    fn values(&self) -> Option<Vec<String>> {
        let values = self.schema.get("enum")?.as_array()?;
        Some(
            values
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
        )
    }

    /// The model's type for this schema, as far as the contract says it (properties of a
    /// nested object described as the contract's alone: it adds no description).
    fn model(&self) -> Type {
        match self.ty() {
            Some("string") => match (self.values(), self.format()) {
                (Some(values), _) if !values.is_empty() => Type::Enum { values },
                (_, Some("uuid")) => Type::String {
                    format: Some(StringFormat::Uuid),
                },
                (_, Some("date-time")) => Type::String {
                    format: Some(StringFormat::DateTime),
                },
                _ => Type::STRING,
            },
            Some("boolean") => Type::Boolean,
            Some("number") => Type::Number,
            Some("integer") => Type::Integer,
            Some("array") => Type::Array {
                items: Box::new(
                    self.schema
                        .get("items")
                        .and_then(read)
                        .map_or(Type::Any, |r| r.model()),
                ),
            },
            Some("object") => match self.schema.get("properties") {
                Some(Value::Object(props)) if !props.is_empty() => {
                    let required = required(self.schema);
                    Type::Object {
                        properties: Some(
                            props
                                .iter()
                                .filter_map(|(name, p)| {
                                    let r = read(p)?;
                                    Some((
                                        name.clone(),
                                        contract_property(&r, required.contains(name.as_str())),
                                    ))
                                })
                                .collect(),
                        ),
                    }
                }
                _ => Type::Object { properties: None },
            },
            _ => Type::Any,
        }
    }
}

/// A property the contract describes inside a shape the docs leave open.
fn contract_property(r: &Read<'_>, required: bool) -> Property {
    let presence = if required {
        Presence::Always
    } else {
        Presence::MayBeAbsent
    };
    let said = |what: &str| format!("{CONTRACT}: {what}");
    Property {
        ty: r.model(),
        description: CONTRACT_ONLY.into(),
        presence: Fact::stated(
            presence,
            Source::Contract,
            said(if required { "required" } else { "optional" }),
        ),
        nullable: Fact::stated(
            r.nullable,
            Source::Contract,
            said(if r.nullable {
                "nullable"
            } else {
                "not nullable"
            }),
        ),
        undocumented: false,
        sources: BTreeSet::new(),
        provenance: vec!["contract: the shape of an object the docs leave open".into()],
    }
}

fn required(schema: &Map<String, Value>) -> BTreeSet<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// A walk of one event's properties beside the contract's schema of them.
struct Walk<'s, 'a> {
    site: &'s Site<'a>,
    applied: &'s mut Applied,
    definitions: &'s mut BTreeMap<String, crate::model::Definition>,
    /// Definitions already walked (a shared shape takes the first site's facts).
    in_definitions: &'s mut BTreeSet<String>,
}

impl Walk<'_, '_> {
    fn note(&mut self, kind: Disagreement, message: String) {
        self.site.note(&mut self.applied.notes, kind, message);
    }

    /// The docs' `props` beside the contract's object schema `c`, at `path` (`""` at the top).
    fn object(
        &mut self,
        props: &mut BTreeMap<String, Property>,
        c: &Value,
        path: &str,
        values: &[&Value],
    ) {
        let empty = Map::new();
        let c_props = c
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let c_required = c.as_object().map(required).unwrap_or_default();
        let event_type = self.site.event_type;
        for name in c_props.keys() {
            if !props.contains_key(name) {
                let at = join(path, name);
                let message = format!(
                    "`{at}` of `{event_type}` is in the contract, not in the docs ({}): the schema leaves it out until the docs list it",
                    self.site.pages
                );
                self.note(Disagreement::PropertyNotInDocs, message);
            }
        }
        for (name, p) in props.iter_mut() {
            let at = join(path, name);
            let Some(r) = c_props.get(name).and_then(read) else {
                let message = format!(
                    "`{at}` of `{event_type}` is in the docs ({}), not in the contract: its facts come from the docs, the payloads and the policy",
                    self.site.pages
                );
                self.note(Disagreement::PropertyNotInContract, message);
                continue;
            };
            let presence = if c_required.contains(name.as_str()) {
                Presence::Always
            } else {
                Presence::MayBeAbsent
            };
            self.applied
                .stated
                .insert((event_type.to_owned(), at.clone()), (presence, r.nullable));
            let said = format!(
                "{CONTRACT}: {}",
                if presence == Presence::Always {
                    "required"
                } else {
                    "optional"
                }
            );
            if !p.presence.learn(presence, Source::Contract, said) {
                let message = format!(
                    "`{at}` of `{event_type}`: the docs ({}) say it is {}, the contract that it is {}; the docs' word stands",
                    self.site.pages,
                    presence_words(p.presence.value),
                    presence_words(presence)
                );
                self.note(Disagreement::Presence, message);
            }
            let said = format!(
                "{CONTRACT}: {}",
                if r.nullable {
                    "nullable"
                } else {
                    "not nullable"
                }
            );
            if !p.nullable.learn(r.nullable, Source::Contract, said) {
                let message = format!(
                    "`{at}` of `{event_type}`: the docs ({}) say it {}, the contract that it {}; the docs' word stands",
                    self.site.pages,
                    null_words(p.nullable.value),
                    null_words(r.nullable)
                );
                self.note(Disagreement::Nullable, message);
            }
            let mut provenance = Vec::new();
            let inner: Vec<&Value> = values
                .iter()
                .filter_map(|v| v.get(name.as_str()))
                .filter(|v| !v.is_null())
                .collect();
            self.ty(&mut p.ty, &r, &at, &mut provenance, &inner);
            p.provenance.extend(provenance);
        }
    }

    /// The docs' type `ty` beside the contract's `r`: what the contract adds (a format, values,
    /// item types, a shape), recorded in `provenance`; a note where they differ.
    fn ty(
        &mut self,
        ty: &mut Type,
        r: &Read<'_>,
        at: &str,
        provenance: &mut Vec<String>,
        values: &[&Value],
    ) {
        let event_type = self.site.event_type;
        if let (Some("string"), Some(format)) = (r.ty(), r.format()) {
            if !matches!(format, "uuid" | "date-time") {
                let message = format!(
                    "`{at}` of `{event_type}`: the contract gives the format `{format}`, which the schema cannot say yet (only uuid and date-time): it stays a plain string"
                );
                self.note(Disagreement::Format, message);
            }
        }
        let theirs = r.model();
        if *ty == theirs && !matches!(ty, Type::Object { .. } | Type::Array { .. }) {
            return;
        }
        match (&mut *ty, theirs) {
            (Type::Any, Type::Any) => {}
            (Type::Any, other) => {
                if self.fit(&other, values, at, "Any") {
                    provenance.push(format!("contract: `{at}` is {}", other.describe()));
                    *ty = other;
                }
            }
            (_, Type::Any) => {}
            (Type::String { format: None }, Type::String { format: Some(f) }) => {
                let refined = Type::String { format: Some(f) };
                if self.fit(&refined, values, at, "String") {
                    provenance.push(format!("contract: format {}", f.as_str()));
                    *ty = refined;
                }
            }
            (Type::String { format: Some(mine) }, Type::String { format: theirs }) => {
                if theirs != Some(*mine) {
                    let message = format!(
                        "`{at}` of `{event_type}`: the docs ({}) give the format {}, the contract {}",
                        self.site.pages,
                        mine.as_str(),
                        theirs.map_or("none", StringFormat::as_str)
                    );
                    self.note(Disagreement::Format, message);
                }
            }
            (Type::String { format: None }, Type::String { format: None }) => {}
            (Type::String { format: None }, Type::Enum { values }) => {
                provenance.push(format!("contract: values {}", values.join(", ")));
                *ty = Type::Enum { values };
            }
            (Type::Enum { values: mine }, Type::Enum { values: theirs }) => {
                let added: Vec<String> = theirs
                    .iter()
                    .filter(|v| !mine.contains(v))
                    .cloned()
                    .collect();
                let missing: Vec<&String> = mine.iter().filter(|v| !theirs.contains(v)).collect();
                if !missing.is_empty() {
                    let message = format!(
                        "`{at}` of `{event_type}`: the docs ({}) list {}, which the contract does not; the schema keeps them",
                        self.site.pages,
                        quoted(missing.iter().map(|s| s.as_str()))
                    );
                    self.note(Disagreement::EnumValues, message);
                }
                if !added.is_empty() {
                    provenance.push(format!("contract: values {}", added.join(", ")));
                    mine.extend(added);
                }
            }
            (Type::Const { value }, Type::Enum { values }) if values == [value.clone()] => {}
            // The docs name the values of a string the contract leaves open: not a contradiction
            // (an enumeration admits other strings too).
            (Type::Const { .. } | Type::Enum { .. }, Type::String { format: None }) => {}
            (Type::Number, Type::Integer) => {
                if self.fit(&Type::Integer, values, at, "number") {
                    provenance.push("contract: an integer".into());
                    *ty = Type::Integer;
                }
            }
            (Type::Integer, Type::Number) => {}
            (Type::Array { items }, Type::Array { .. }) => {
                if let Some(inner) = r.schema.get("items").and_then(read) {
                    let each: Vec<&Value> = values
                        .iter()
                        .filter_map(|v| v.as_array())
                        .flatten()
                        .filter(|v| !v.is_null())
                        .collect();
                    self.ty(items, &inner, &format!("{at}[]"), provenance, &each);
                }
            }
            (
                Type::Object {
                    properties: Some(props),
                },
                Type::Object { .. },
            ) => {
                let c = Value::Object(r.schema.clone());
                self.object(props, &c, at, values);
            }
            (
                Type::Object { properties: None },
                Type::Object {
                    properties: Some(props),
                },
            ) => {
                let shaped = Type::Object {
                    properties: Some(props),
                };
                if self.fit(&shaped, values, at, "Object (free-form)") {
                    provenance.push("contract: the shape of the object".into());
                    *ty = shaped;
                }
            }
            (Type::Object { properties: None }, Type::Object { properties: None }) => {}
            (Type::Ref { name }, Type::Object { .. }) => {
                let name = name.clone();
                if self.in_definitions.insert(name.clone()) {
                    if let Some(mut def) = self.definitions.remove(&name) {
                        let c = Value::Object(r.schema.clone());
                        self.object(&mut def.properties, &c, at, values);
                        self.definitions.insert(name, def);
                    }
                }
            }
            (mine, theirs) => {
                let message = format!(
                    "`{at}` of `{event_type}`: the docs ({}) say {}, the contract {}; the docs' word stands",
                    self.site.pages,
                    mine.describe(),
                    theirs.describe()
                );
                self.note(Disagreement::Type, message);
            }
        }
    }
}

impl Walk<'_, '_> {
    /// Whether every value of `values` fits `refined`, the contract's type for `at`; if one does
    /// not, a note, and the docs' type (`kept`) stays.
    fn fit(&mut self, refined: &Type, values: &[&Value], at: &str, kept: &str) -> bool {
        let Some(misfit) = values.iter().find(|v| !fits(refined, v)) else {
            return true;
        };
        let message = format!(
            "`{at}` of `{}`: the contract says {}, but the documented example or an observed payload has {misfit}; the payload wins and the schema keeps {kept}",
            self.site.event_type,
            refined.describe(),
        );
        self.note(Disagreement::Payload, message);
        false
    }
}

/// Whether `value` (not `null`) fits `ty`; a nested property that is absent or `null` fits (its
/// presence and nullability are facts of their own, which payloads decide).
fn fits(ty: &Type, value: &Value) -> bool {
    match ty {
        Type::Object {
            properties: Some(props),
        } => value.as_object().is_some_and(|map| {
            props.iter().all(|(name, p)| match map.get(name) {
                None | Some(Value::Null) => true,
                Some(v) => fits(&p.ty, v),
            })
        }),
        Type::Array { items } => value
            .as_array()
            .is_some_and(|a| a.iter().all(|v| v.is_null() || fits(items, v))),
        // An enumeration admits values beyond its list (the payloads add them).
        other => crate::fit::fits_format(other, value),
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

fn quoted<'a>(values: impl Iterator<Item = &'a str>) -> String {
    values
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests;
