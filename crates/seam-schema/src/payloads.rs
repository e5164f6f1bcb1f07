//! Observed payloads, `schema/payloads/<event_type>/*.json`: read, learned from, then checked
//! against the finished schema.
//!
//! The docs never say which properties every payload carries or which may be null, and the API
//! runs ahead of them. What a payload shows, the schema learns, each fact noted with the file
//! that shows it: a listed property it lacks may be absent, a `null` may be null, an
//! enumeration value or a property the docs lack is added, and undetermined array items take
//! the type their values show. Nothing is guessed beyond that. Once the overrides and the
//! policy have applied, every payload must fit the schema: one that does not (a type the docs
//! or an override state, and the payload contradicts) is an error naming both.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::SourceFile;
use crate::diagnostic::Diagnostic;
use crate::fit::{self, Misfit};
pub use crate::fit::{Step, show};
use crate::merge::Site;
use crate::model::{
    Definition, Event, Fact, Presence, Property, Schema, Source, Type, resource_of,
};
use crate::overrides::Overrides;

/// The description of a property that only payloads show.
pub const LEARNED_DESCRIPTION: &str =
    "Not in Seam's documentation: seen in observed payloads (schema/payloads/).";

/// The description of a property that only the documented example shows.
pub const EXAMPLE_DESCRIPTION: &str =
    "Not in the property list of Seam's documentation: seen in the documented example.";

/// The description of an event that only payloads show.
pub const LEARNED_EVENT_DESCRIPTION: &str =
    "Not in Seam's documentation: learned from observed payloads (schema/payloads/) alone.";

/// One observed payload, or a documented example read like one.
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    /// The file, as given to the importer, such as
    /// `schema/payloads/access_code.deleted/02.json` (or the page of an example).
    pub file: String,
    /// The payload's `event_type`.
    pub event_type: String,
    /// The payload: a JSON object.
    pub payload: Value,
    /// The JSON text, for the lines of messages.
    text: String,
    /// The line of the file before the text's first (an example's place on its page).
    line_offset: usize,
    /// Whether it is a documented example rather than an observed payload.
    example: bool,
}

impl Observed {
    /// The 1-based line where `path` (object keys and array indices) sits in the file, or the
    /// line of the closest enclosing value found.
    pub fn line_of(&self, path: &[Step]) -> usize {
        let offset = locate(self.text.as_bytes(), path);
        self.line_offset + crate::diagnostic::line_of(&self.text, offset)
    }

    /// The documented example of `event`, on the page `site` keeps, to learn from like a
    /// payload: what it shows is a fact the docs state.
    pub fn example(event: &Event, site: &Site) -> Observed {
        Observed {
            file: site.file.clone(),
            event_type: event.event_type.clone(),
            payload: event.example.clone(),
            text: site.raw.example_text.clone(),
            line_offset: site.raw.example_line.saturating_sub(1),
            example: true,
        }
    }

    /// What established a fact it shows.
    fn source(&self) -> Source {
        if self.example {
            Source::Docs
        } else {
            Source::Payload
        }
    }

    /// How provenance and notes name it: `payload <file>` or `example <file>`.
    fn label(&self) -> String {
        let kind = if self.example { "example" } else { "payload" };
        format!("{kind} {}", self.file)
    }

    /// How evidence names it: the payload's file, or the documented example on its page.
    fn name(&self) -> String {
        if self.example {
            format!("the documented example in {}", self.file)
        } else {
            self.file.clone()
        }
    }
}

/// Reads every payload file: JSON objects with a string `event_type`, each in the folder named
/// for its event type. Every file is read even when one fails, so that one run reports all.
pub fn read(files: &[SourceFile]) -> Result<Vec<Observed>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut files: Vec<&SourceFile> = files.iter().collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    for file in files {
        match read_one(file) {
            Ok(o) => out.push(o),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn read_one(file: &SourceFile) -> Result<Observed, Diagnostic> {
    let path = &file.path;
    if !path.ends_with(".json") {
        return Err(Diagnostic::new(
            path,
            1,
            "not a payload: expected a `.json` file holding one webhook payload, at \
             schema/payloads/<event_type>/<name>.json",
        ));
    }
    let text = crate::source::decode(path, &file.bytes)?;
    let payload: Value = serde_json::from_str(&text).map_err(|e| {
        Diagnostic::new(
            path,
            e.line().max(1),
            format!(
                "the payload is not JSON ({e}): expected one webhook payload, a JSON object, \
                 as the API sent it"
            ),
        )
    })?;
    let Some(object) = payload.as_object() else {
        return Err(Diagnostic::new(
            path,
            1,
            format!(
                "the payload is a JSON {}: expected a JSON object, one webhook payload",
                kind(&payload)
            ),
        ));
    };
    let event_type = match object.get("event_type") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => {
            let observed = observed(path, String::new(), payload.clone(), text);
            return Err(Diagnostic::new(
                path,
                observed.line_of(&[Step::Key("event_type".into())]),
                format!(
                    "the payload's `event_type` is a JSON {}: expected a string such as \
                     `access_code.created`",
                    kind(other)
                ),
            ));
        }
        None => {
            return Err(Diagnostic::new(
                path,
                1,
                "the payload has no `event_type`: expected every webhook payload to name its \
                 event type",
            ));
        }
    };
    if !crate::parse::is_event_type(&event_type) {
        let observed = observed(path, event_type.clone(), payload.clone(), text);
        return Err(Diagnostic::new(
            path,
            observed.line_of(&[Step::Key("event_type".into())]),
            format!(
                "the payload's `event_type` is `{event_type}`: expected dot-separated lowercase \
                 segments such as `access_code.created`"
            ),
        ));
    }
    let folder = path.rsplit('/').nth(1).unwrap_or_default();
    if folder != event_type {
        let observed = observed(path, event_type.clone(), payload.clone(), text);
        return Err(Diagnostic::new(
            path,
            observed.line_of(&[Step::Key("event_type".into())]),
            format!(
                "the payload's `event_type` is `{event_type}` but it lies in the folder \
                 `{folder}`: expected it in schema/payloads/{event_type}/"
            ),
        ));
    }
    Ok(observed(path, event_type, payload, text))
}

fn observed(file: &str, event_type: String, payload: Value, text: String) -> Observed {
    Observed {
        file: file.to_owned(),
        event_type,
        payload,
        text,
        line_offset: 0,
        example: false,
    }
}

/// What learning found: notes for the reviewer (each a fact a payload decided or added) and
/// warnings (events the docs lack).
#[derive(Debug, Default)]
pub struct Learned {
    /// Facts the payloads decided or added, one per fact, naming the first payload that shows
    /// it; sorted. [`Learned::standing`] keeps those the overrides left standing.
    pub notes: Vec<Note>,
    /// Events that only payloads show.
    pub warnings: Vec<Diagnostic>,
}

/// A fact a payload decided or added, and where in the schema it sits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    /// The message, at the payload's file and line.
    pub diagnostic: Diagnostic,
    /// The event.
    pub event_type: String,
    /// The property, such as `from.name` or `changed_properties[].from`.
    pub path: String,
    /// What the payload decided.
    pub kind: NoteKind,
}

/// What a payload decided about a property.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NoteKind {
    /// Its type (a new property, a value, the items of an array).
    Type,
    /// That it may be absent.
    Presence,
    /// That it may be null.
    Nullable,
}

impl Learned {
    /// Adds what a later run learned: its notes (one per fact, the first kept) and warnings.
    pub fn extend(&mut self, later: Learned) {
        let seen: BTreeSet<String> = self
            .notes
            .iter()
            .map(|n| n.diagnostic.message.clone())
            .collect();
        self.notes.extend(
            later
                .notes
                .into_iter()
                .filter(|n| !seen.contains(&n.diagnostic.message)),
        );
        self.notes.sort();
        self.warnings.extend(later.warnings);
        self.warnings.sort();
        self.warnings.dedup();
    }

    /// The notes whose fact still stands in `schema`, once the overrides have applied: a rule
    /// that sets a type or a fact itself takes the payload's place.
    pub fn standing(&self, schema: &Schema) -> Vec<Diagnostic> {
        self.notes
            .iter()
            .filter(|note| {
                let Some(p) = schema
                    .event(&note.event_type)
                    .and_then(|e| schema.property_at(&e.properties, &note.path))
                else {
                    return false;
                };
                match note.kind {
                    NoteKind::Type => p
                        .provenance
                        .last()
                        .is_some_and(|n| n.starts_with("payload ")),
                    NoteKind::Presence => p.presence.source != Source::Override,
                    NoteKind::Nullable => p.nullable.source != Source::Override,
                }
            })
            .map(|note| note.diagnostic.clone())
            .collect()
    }
}

/// Learns from `observed` (sorted by file) what the docs leave out: first the shapes (events,
/// properties, enumeration values, array items), then, over the finished shapes, what each
/// payload lacks and what it gives as `null`.
///
/// Shared shapes (`ref`s to a definition of the overrides) are learned into too, so that a
/// second run once the overrides have applied teaches what payloads show inside them.
pub fn learn(schema: &mut Schema, observed: &[Observed]) -> Learned {
    let Schema {
        events,
        definitions,
    } = schema;
    let mut teacher = Teacher {
        learned: Learned::default(),
        taught: BTreeSet::new(),
        null_items: BTreeSet::new(),
        enum_base: BTreeMap::new(),
        definitions,
        scopes: Vec::new(),
    };
    for o in observed {
        let Some(object) = o.payload.as_object() else {
            continue;
        };
        let at = match events.binary_search_by(|e| e.event_type.cmp(&o.event_type)) {
            Ok(at) => at,
            Err(at) => {
                events.insert(at, new_event(o));
                teacher.learned.warnings.push(Diagnostic::new(
                    &o.file,
                    1,
                    format!(
                        "event `{}` is not in the docs: the schema learned it from observed \
                         payloads alone; expected a page in schema/sources/ that documents it",
                        o.event_type
                    ),
                ));
                at
            }
        };
        teacher.object(&mut events[at].properties, object, o, &mut Vec::new());
    }
    for o in observed {
        let (Some(object), Ok(at)) = (
            o.payload.as_object(),
            events.binary_search_by(|e| e.event_type.cmp(&o.event_type)),
        ) else {
            continue;
        };
        teacher.facts(&mut events[at].properties, object, o, &mut Vec::new());
    }
    let mut learned = teacher.learned;
    // One note per fact, naming the first payload (in file order) that shows it.
    learned.notes.sort();
    let mut seen = BTreeSet::new();
    learned
        .notes
        .retain(|n| seen.insert(n.diagnostic.message.clone()));
    learned.warnings.sort();
    learned
}

/// Learns from the documented examples what they show beyond their property lists (as facts
/// of the docs), the same way as from payloads. Returns what a reviewer should see as warnings:
/// each key, value or item type an example shows that its property list does not.
pub fn learn_examples(schema: &mut Schema, sites: &BTreeMap<String, Site>) -> Vec<Diagnostic> {
    let examples: Vec<Observed> = schema
        .events
        .iter()
        .filter_map(|e| Some(Observed::example(e, sites.get(&e.event_type)?)))
        .collect();
    learn(schema, &examples)
        .notes
        .into_iter()
        .filter(|n| n.kind == NoteKind::Type)
        .map(|n| n.diagnostic)
        .collect()
}

fn new_event(o: &Observed) -> Event {
    let presence = Fact::stated(
        Presence::Always,
        Source::Payload,
        crate::infer::EVENT_TYPE_NOTE,
    );
    let nullable = Fact::unstated(false);
    let event_type = Property {
        ty: Type::Const {
            value: o.event_type.clone(),
        },
        description: String::new(),
        presence,
        nullable,
        undocumented: false,
        sources: BTreeSet::new(),
        provenance: vec![o.label()],
    };
    Event {
        event_type: o.event_type.clone(),
        resource: resource_of(&o.event_type).to_owned(),
        description: LEARNED_EVENT_DESCRIPTION.into(),
        sources: BTreeSet::new(),
        properties: BTreeMap::from([("event_type".to_owned(), event_type)]),
        example: o.payload.clone(),
    }
}

/// A place in the schema: an event's or a shared shape's, and a path (`a.b[]`) in it.
type Place = (String, String);

struct Teacher<'a> {
    learned: Learned,
    /// The types this run learned, by place: only these widen when a later value disagrees (a
    /// type the docs or an override state is checked, never widened).
    taught: BTreeSet<Place>,
    /// The places of array items of which a `null` was seen: any JSON value, whatever else
    /// comes (so that the order of the files does not matter).
    null_items: BTreeSet<Place>,
    /// How many values each enumeration had when this run first met it: the values it adds
    /// after them are kept sorted (so that the order of the files does not matter).
    enum_base: BTreeMap<Place, usize>,
    /// The shared shapes, learned into where a payload's value is of one.
    definitions: &'a mut BTreeMap<String, Definition>,
    /// The shared shapes being learned into, each with the depth of the path where it begins.
    scopes: Vec<(String, usize)>,
}

impl Teacher<'_> {
    /// Calls `f` on the properties of the definition `name`, if there is one. (Taken out of the
    /// map meanwhile: a shape nested in itself is not learned into twice.)
    fn in_definition(
        &mut self,
        name: &str,
        depth: usize,
        f: impl FnOnce(&mut Self, &mut BTreeMap<String, Property>),
    ) {
        if let Some(mut definition) = self.definitions.remove(name) {
            self.scopes.push((name.to_owned(), depth));
            f(self, &mut definition.properties);
            self.scopes.pop();
            self.definitions.insert(name.to_owned(), definition);
        }
    }

    /// The place of the value at `at`: in the shared shape being learned into, if any, else in
    /// the payload's event. (A shape shared by several events is one place.)
    fn place(&self, o: &Observed, at: &[Step]) -> Place {
        match self.scopes.last() {
            Some((name, depth)) => (format!("definition {name}"), shape_path(&at[*depth..])),
            None => (o.event_type.clone(), shape_path(at)),
        }
    }

    /// Learns the items of an array from `values`; `null` among them makes them any JSON
    /// value where the docs say nothing of them.
    fn items(
        &mut self,
        items: &mut Type,
        provenance: &mut Vec<String>,
        values: &[Value],
        o: &Observed,
        at: &mut Vec<Step>,
    ) {
        let (owner, path) = self.place(o, at);
        let place = (owner, format!("{path}[]"));
        for (i, v) in values.iter().enumerate() {
            at.push(Step::Index(i));
            if v.is_null() {
                if *items == Type::Any || self.taught.contains(&place) {
                    if *items != Type::Any {
                        *items = Type::Any;
                        provenance.push(format!("{}: items of any JSON value", o.label()));
                    }
                    self.null_items.insert(place.clone());
                }
            } else if !(*items == Type::Any && self.null_items.contains(&place)) {
                self.value(items, provenance, v, o, at);
            }
            at.pop();
        }
    }

    fn note(&mut self, o: &Observed, path: &[Step], kind: NoteKind, message: String) {
        let line = match kind {
            // An absence is seen in the object that lacks the property.
            NoteKind::Presence => o.line_of(&path[..path.len().saturating_sub(1)]),
            NoteKind::Type | NoteKind::Nullable => o.line_of(path),
        };
        self.learned.notes.push(Note {
            diagnostic: Diagnostic::new(&o.file, line, message),
            event_type: o.event_type.clone(),
            path: shape_path(path).trim_start_matches('.').to_owned(),
            kind,
        });
    }

    /// Learns the shapes of `object`'s entries into `props`.
    fn object(
        &mut self,
        props: &mut BTreeMap<String, Property>,
        object: &Map<String, Value>,
        o: &Observed,
        at: &mut Vec<Step>,
    ) {
        for (key, value) in object {
            if at.is_empty() && key == "event_type" {
                continue;
            }
            at.push(Step::Key(key.clone()));
            match props.get_mut(key) {
                Some(p) => {
                    let mut provenance = std::mem::take(&mut p.provenance);
                    self.value(&mut p.ty, &mut provenance, value, o, at);
                    p.provenance = provenance;
                }
                None => {
                    let ty = self.type_of(value, o, at);
                    self.note(
                        o,
                        at,
                        NoteKind::Type,
                        format!(
                            "`{}` of `{}` is not {}: the schema adds it, as {}",
                            show(at),
                            o.event_type,
                            if o.example {
                                "in its property list, only in its documented example"
                            } else {
                                "in the docs"
                            },
                            ty.describe()
                        ),
                    );
                    props.insert(key.clone(), learned_property(ty, o));
                }
            }
            at.pop();
        }
    }

    /// Learns from `value` what the property's type `ty` leaves open.
    fn value(
        &mut self,
        ty: &mut Type,
        provenance: &mut Vec<String>,
        value: &Value,
        o: &Observed,
        at: &mut Vec<Step>,
    ) {
        let place = self.place(o, at);
        match (&mut *ty, value) {
            (_, Value::Null) => {}
            (Type::Any, v) => {
                *ty = self.type_of(v, o, at);
                provenance.push(format!(
                    "{}: the type {} its values show",
                    o.label(),
                    ty.describe()
                ));
                self.note(
                    o,
                    at,
                    NoteKind::Type,
                    format!(
                        "`{}` of `{}` has no type in the docs: the schema takes {}, as the \
                         payload shows",
                        show(at),
                        o.event_type,
                        ty.describe()
                    ),
                );
            }
            (Type::Enum { values }, Value::String(s)) => {
                let base = *self.enum_base.entry(place).or_insert(values.len());
                if values.contains(s) {
                    return;
                }
                let at_sorted = base + values[base..].partition_point(|v| v < s);
                values.insert(at_sorted, s.clone());
                provenance.push(format!("{}: value `{s}`", o.label()));
                self.note(
                    o,
                    at,
                    NoteKind::Type,
                    format!(
                        "`{}` of `{}` has the value `{s}`, which the docs do not list: the \
                         schema adds it",
                        show(at),
                        o.event_type
                    ),
                );
            }
            (Type::Const { value: known }, Value::String(s)) if s != known => {
                let values = vec![known.clone(), s.clone()];
                self.enum_base.insert(place, 1);
                *ty = Type::Enum { values };
                provenance.push(format!("{}: value `{s}`", o.label()));
                self.note(
                    o,
                    at,
                    NoteKind::Type,
                    format!(
                        "`{}` of `{}` has the value `{s}`, where the docs give one value: the \
                         schema adds it",
                        show(at),
                        o.event_type
                    ),
                );
            }
            (
                Type::Object {
                    properties: Some(props),
                },
                Value::Object(map),
            ) => self.object(props, map, o, at),
            (Type::Ref { name }, Value::Object(map)) => {
                let depth = at.len();
                self.in_definition(name, depth, |teacher, props| {
                    teacher.object(props, map, o, at);
                });
            }
            (Type::Array { items }, Value::Array(values)) => {
                self.items(items, provenance, values, o, at);
            }
            (ty, v) if !crate::fit::fits_kind(ty, v) && self.taught.contains(&place) => {
                // Two payloads show two kinds of value where the docs say nothing: any JSON value.
                *ty = Type::Any;
                provenance.push(format!("{}: values of more than one type", o.label()));
                self.note(
                    o,
                    at,
                    NoteKind::Type,
                    format!(
                        "`{}` of `{}` has values of more than one type in observed payloads: \
                         the schema takes any JSON value",
                        show(at),
                        o.event_type
                    ),
                );
            }
            _ => {}
        }
    }

    /// The type a value shows: strings, numbers and booleans as such, objects with the
    /// properties they hold, arrays with the type their items share, `null` as any value.
    fn type_of(&mut self, value: &Value, o: &Observed, at: &mut Vec<Step>) -> Type {
        let place = self.place(o, at);
        self.taught.insert(place);
        match value {
            Value::String(_) => Type::STRING,
            Value::Bool(_) => Type::Boolean,
            Value::Number(_) => Type::Number,
            Value::Null => Type::Any,
            Value::Array(values) => {
                let mut items = Type::Any;
                self.items(&mut items, &mut Vec::new(), values, o, at);
                Type::Array {
                    items: Box::new(items),
                }
            }
            Value::Object(map) => {
                let mut props = BTreeMap::new();
                for (key, v) in map {
                    at.push(Step::Key(key.clone()));
                    let ty = self.type_of(v, o, at);
                    props.insert(key.clone(), learned_property(ty, o));
                    at.pop();
                }
                Type::Object {
                    properties: Some(props),
                }
            }
        }
    }

    /// Over the finished shapes: each listed property `object` lacks may be absent, each it
    /// gives as `null` may be null.
    fn facts(
        &mut self,
        props: &mut BTreeMap<String, Property>,
        object: &Map<String, Value>,
        o: &Observed,
        at: &mut Vec<Step>,
    ) {
        for (name, p) in props.iter_mut() {
            if at.is_empty() && name == "event_type" {
                continue;
            }
            at.push(Step::Key(name.clone()));
            match object.get(name) {
                None => {
                    let before = p.presence.source;
                    let evidence = format!("absent from {}", o.name());
                    let was = p.presence.value;
                    if p.presence
                        .learn(Presence::MayBeAbsent, o.source(), evidence)
                        && (before == Source::Policy
                            || (before == Source::Contract && was != Presence::MayBeAbsent))
                    {
                        let against = if before == Source::Contract {
                            ", though the contract says every payload carries it (the payload wins)"
                        } else {
                            ""
                        };
                        let message = format!(
                            "`{}` of `{}` is absent from a payload{against}: the schema says it \
                             may be absent",
                            show(at),
                            o.event_type
                        );
                        self.note(o, at, NoteKind::Presence, message);
                    }
                }
                Some(Value::Null) => {
                    let before = p.nullable.source;
                    let evidence = format!("`null` in {}", o.name());
                    let was = p.nullable.value;
                    if p.nullable.learn(true, o.source(), evidence)
                        && (before == Source::Policy || (before == Source::Contract && !was))
                    {
                        let against = if before == Source::Contract {
                            ", though the contract says it is never null (the payload wins)"
                        } else {
                            ""
                        };
                        self.note(
                            o,
                            at,
                            NoteKind::Nullable,
                            format!(
                                "`{}` of `{}` is `null` in a payload{against}: the schema says it \
                                 may be null",
                                show(at),
                                o.event_type
                            ),
                        );
                    }
                }
                Some(value) => self.descend(&mut p.ty, value, o, at),
            }
            at.pop();
        }
    }

    fn descend(&mut self, ty: &mut Type, value: &Value, o: &Observed, at: &mut Vec<Step>) {
        match (ty, value) {
            (
                Type::Object {
                    properties: Some(props),
                },
                Value::Object(map),
            ) => self.facts(props, map, o, at),
            (Type::Ref { name }, Value::Object(map)) => {
                let depth = at.len();
                self.in_definition(name, depth, |teacher, props| {
                    teacher.facts(props, map, o, at);
                });
            }
            (Type::Array { items }, Value::Array(values)) => {
                for (i, v) in values.iter().enumerate() {
                    at.push(Step::Index(i));
                    self.descend(items, v, o, at);
                    at.pop();
                }
            }
            _ => {}
        }
    }
}

fn learned_property(ty: Type, o: &Observed) -> Property {
    Property {
        ty,
        description: if o.example {
            EXAMPLE_DESCRIPTION
        } else {
            LEARNED_DESCRIPTION
        }
        .into(),
        presence: Fact::unstated(Presence::Always),
        nullable: Fact::unstated(false),
        undocumented: false,
        sources: BTreeSet::new(),
        provenance: vec![format!("{}: not in the docs", o.label())],
    }
}

/// A path with array indices dropped (`items[]`), which names a place in the schema.
fn shape_path(at: &[Step]) -> String {
    let mut out = String::new();
    for step in at {
        match step {
            Step::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Step::Index(_) => out.push_str("[]"),
        }
    }
    out
}

/// The name of a JSON value's kind, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Checks every payload against the finished schema: each must fit it. `sites` and
/// `overrides` say where an expectation comes from, so that an error names both places.
pub fn check(
    schema: &Schema,
    observed: &[Observed],
    sites: &BTreeMap<String, Site>,
    overrides: Option<&Overrides>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for o in observed {
        let Some(event) = schema.event(&o.event_type) else {
            continue;
        };
        let mut cx = Checker {
            schema,
            o,
            site: sites.get(&o.event_type),
            overrides,
            out: &mut out,
        };
        cx.payload(&event.properties);
    }
    out.sort();
    out
}

struct Checker<'a> {
    schema: &'a Schema,
    o: &'a Observed,
    site: Option<&'a Site>,
    overrides: Option<&'a Overrides>,
    out: &'a mut Vec<Diagnostic>,
}

impl Checker<'_> {
    /// Where the expectation about the property at `at` comes from: an override rule or
    /// definition (with its line), the docs page (with its line), or the policy.
    fn origin(
        &self,
        notes: &[String],
        source: Source,
        at: &[Step],
        definition: Option<&str>,
    ) -> String {
        let overrides_path = self.overrides.map_or("schema/overrides.toml", |o| o.path());
        for note in notes.iter().rev() {
            if let Some(id) = note
                .strip_prefix("override `")
                .and_then(|rest| rest.split('`').next())
            {
                let line = self.overrides.and_then(|o| o.rule_line(id)).unwrap_or(1);
                return format!("rule `{id}` at {overrides_path}:{line}");
            }
        }
        if source == Source::Policy {
            return format!("the [policy] of {overrides_path}");
        }
        // A type only payloads or an example showed: what they showed.
        if let Some(learned) = notes
            .iter()
            .rev()
            .find(|n| n.starts_with("payload ") || n.starts_with("example "))
        {
            return format!("what was learned ({learned})");
        }
        if let Some(name) = definition {
            return format!("definition `{name}` in {overrides_path}");
        }
        match (source, self.site) {
            (_, Some(site)) => {
                let path = shape_path(at).trim_start_matches('.').replace("[]", "");
                format!("{}:{}", site.file, site.line_of(&path))
            }
            (_, None) => "the schema learned from payloads".into(),
        }
    }

    /// Checks the payload against its event's properties.
    fn payload(&mut self, props: &BTreeMap<String, Property>) {
        let o = self.o;
        let et = &o.event_type;
        let mut found = Vec::new();
        fit::object(
            self.schema,
            props,
            &o.payload,
            None,
            &mut Vec::new(),
            &mut |at, misfit| {
                found.push(match misfit {
                    Misfit::Unlisted => return,
                    Misfit::Absent(place) => {
                        let p = place.property;
                        let origin =
                            self.origin(&p.presence.notes, p.presence.source, at, place.definition);
                        let message = format!(
                            "the `{et}` payload lacks `{}`, which {origin} says every payload \
                             carries: expected the payload to carry it, or the fact to be \
                             corrected there (`presence = \"may_be_absent\"`)",
                            show(at)
                        );
                        (at[..at.len() - 1].to_vec(), message)
                    }
                    Misfit::Null(place) => {
                        let p = place.property;
                        let origin =
                            self.origin(&p.nullable.notes, p.nullable.source, at, place.definition);
                        let message = format!(
                            "`{}` of the `{et}` payload is null, which {origin} says it may not \
                             be: expected {}, or the fact to be corrected there (`nullable = \
                             true`)",
                            show(at),
                            p.ty.describe()
                        );
                        (at.to_vec(), message)
                    }
                    Misfit::Wrong { place, ty, value } => {
                        let p = place.property;
                        let origin = self.origin(&p.provenance, Source::Docs, at, place.definition);
                        let message = format!(
                            "`{}` of the `{et}` payload is {}: expected {}, as {origin} says; \
                             correct the payload, or the type with a rule in \
                             schema/overrides.toml",
                            show(at),
                            shown(value),
                            ty.describe()
                        );
                        (at.to_vec(), message)
                    }
                });
            },
        );
        for (at, message) in found {
            let line = o.line_of(&at);
            self.out.push(Diagnostic::new(&o.file, line, message));
        }
    }
}

/// A value for a message, cut short.
fn shown(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}...")
    } else {
        text
    }
}

/// The byte offset of `path` in the JSON text `b` (the key of the last step, or the value), or
/// of the deepest part of it found. `b` is valid JSON: it was parsed before.
fn locate(b: &[u8], path: &[Step]) -> usize {
    let mut i = skip_ws(b, 0);
    let mut found = 0;
    for step in path {
        match (step, b.get(i)) {
            (Step::Key(key), Some(b'{')) => {
                i += 1;
                let mut hit = None;
                loop {
                    i = skip_ws(b, i);
                    if b.get(i) != Some(&b'"') {
                        break;
                    }
                    let start = i;
                    let end = skip_string(b, i);
                    let name: Option<String> = serde_json::from_slice(&b[start..end]).ok();
                    i = skip_ws(b, end);
                    i = skip_ws(b, i + 1); // the colon
                    if name.as_deref() == Some(key.as_str()) {
                        hit = Some((start, i));
                        break;
                    }
                    i = skip_ws(b, skip_value(b, i));
                    if b.get(i) == Some(&b',') {
                        i += 1;
                    }
                }
                match hit {
                    Some((key_at, value_at)) => {
                        found = key_at;
                        i = value_at;
                    }
                    None => return found,
                }
            }
            (Step::Index(n), Some(b'[')) => {
                i = skip_ws(b, i + 1);
                for _ in 0..*n {
                    i = skip_ws(b, skip_value(b, i));
                    if b.get(i) == Some(&b',') {
                        i = skip_ws(b, i + 1);
                    } else {
                        return found;
                    }
                }
                found = i;
            }
            _ => return found,
        }
    }
    found
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// The offset just past the string that starts at `i`.
fn skip_string(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while let Some(&c) = b.get(i) {
        match c {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

/// The offset just past the value that starts at `i`.
fn skip_value(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b'"') => skip_string(b, i),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut j = i;
            while let Some(&c) = b.get(j) {
                match c {
                    b'"' => {
                        j = skip_string(b, j);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return j + 1;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            j
        }
        _ => {
            let mut j = i;
            while b
                .get(j)
                .is_some_and(|c| !matches!(c, b',' | b'}' | b']') && !c.is_ascii_whitespace())
            {
                j += 1;
            }
            j
        }
    }
}

#[cfg(test)]
mod tests;
