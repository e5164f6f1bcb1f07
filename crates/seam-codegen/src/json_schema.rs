//! The JSON Schema emitter (draft 2020-12): one file per event, the bundle, and an index.

use std::collections::{BTreeMap, BTreeSet};

use seam_schema::{Event, Property, Schema, StringFormat, Type};
use serde_json::{Map, Value, json};

use crate::plan::{Plan, PlanError, shape_key};
use crate::{GeneratedFile, header};

/// Where the files go, relative to the project root.
pub const DIR: &str = "generated/json-schema";
/// The meta-schema every file declares.
pub const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";
/// The stable identifiers: URNs, so that no one mistakes them for a place to fetch from.
pub const ID_PREFIX: &str = "urn:seam-events:json-schema:";

/// The `$id` of an event's own file.
pub fn event_id(event_type: &str) -> String {
    format!("{ID_PREFIX}events:{event_type}")
}

/// The `$id` of the bundle.
pub fn bundle_id() -> String {
    format!("{ID_PREFIX}seam-event")
}

/// The file of an event, relative to [`DIR`].
pub fn event_file(event_type: &str) -> String {
    format!("events/{event_type}.schema.json")
}

/// The bundle's file name, relative to [`DIR`].
pub const BUNDLE_FILE: &str = "seam-event.schema.json";

const BUNDLE_DESCRIPTION: &str = "A Seam webhook event, as Seam's documentation describes it: one of the \
documented event types, told apart by the `event_type` constant. This schema is the documented \
contract. Consumers should expect what the docs do not list yet: new event types, new values of \
enumerations and new properties (additional properties are allowed everywhere), and should not \
reject a webhook for them.";

/// Every file: one per event, the bundle and the index, with paths relative to the project root.
pub fn files(schema: &Schema, plan: &Plan) -> Result<Vec<GeneratedFile>, PlanError> {
    let mut out = Vec::new();
    let mut index = Vec::new();
    for event in &schema.events {
        let mut used = BTreeSet::new();
        let mut body = event_schema(event, &mut Inline { used: &mut used });
        body.insert("$comment".into(), header::text().into());
        body.insert("$schema".into(), DRAFT.into());
        body.insert("$id".into(), event_id(&event.event_type).into());
        body.insert("examples".into(), Value::Array(vec![event.example.clone()]));
        // Definitions may refer to definitions: take the closure.
        let defs = loop {
            let mut more = BTreeSet::new();
            let defs = definitions(schema, &used, &mut Inline { used: &mut more });
            let before = used.len();
            used.extend(more);
            if used.len() == before {
                break defs;
            }
        };
        if !defs.is_empty() {
            body.insert("$defs".into(), Value::Object(defs));
        }
        let file = event_file(&event.event_type);
        index.push(json!({ "event_type": event.event_type, "file": file, "$id": event_id(&event.event_type) }));
        out.push(GeneratedFile::new(
            format!("{DIR}/{file}"),
            pretty(&Value::Object(body)),
        ));
    }
    out.push(GeneratedFile::new(
        format!("{DIR}/{BUNDLE_FILE}"),
        bundle(schema, plan)?,
    ));
    let index = json!({
        "$comment": header::text(),
        "bundle": { "file": BUNDLE_FILE, "$id": bundle_id() },
        "events": index,
    });
    out.push(GeneratedFile::new(
        format!("{DIR}/index.json"),
        pretty(&index),
    ));
    Ok(out)
}

/// The bundle's text: every event under `$defs`, shared shapes defined once.
///
/// Each `$defs` entry is built and written on its own, then spliced into the rest: the text is
/// what writing the whole bundle as one `Value` gives, without that `Value` (hundreds of MB at
/// 10,000 events).
fn bundle(schema: &Schema, plan: &Plan) -> Result<String, PlanError> {
    // Nested shapes that occur more than once go to `$defs`, under the names the plan gave them.
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for event in &schema.events {
        count_shapes(&event.properties, &mut counts);
    }
    let shared: BTreeMap<String, String> = counts
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .filter_map(|(key, _)| plan.object_names.get(&key).map(|name| (key, name.clone())))
        .collect();
    let mut sharing = Sharing {
        shared: &shared,
        found: BTreeMap::new(),
    };
    let mut defs: BTreeMap<String, String> = BTreeMap::new();
    let mut one_of = Vec::new();
    for event in &schema.events {
        let body = Value::Object(event_schema(event, &mut sharing));
        defs.insert(event.event_type.clone(), nested(&body));
        one_of.push(json!({ "$ref": format!("#/$defs/{}", event.event_type) }));
    }
    let all: BTreeSet<String> = schema.definitions.keys().cloned().collect();
    for (name, def) in definitions(schema, &all, &mut sharing) {
        defs.insert(name, nested(&def));
    }
    for (name, shape) in std::mem::take(&mut sharing.found) {
        if defs.insert(name.clone(), nested(&shape)).is_some() {
            return Err(PlanError(format!(
                "the bundle's `$defs` would hold `{name}` twice"
            )));
        }
    }
    let rest = pretty(&crate::object([
        ("$comment", header::text().into()),
        ("$schema", DRAFT.into()),
        ("$id", bundle_id().into()),
        ("title", "SeamEvent".into()),
        ("description", BUNDLE_DESCRIPTION.into()),
        ("oneOf", Value::Array(one_of)),
        ("$defs", Value::Object(Map::new())),
    ]));
    let Some(at) = rest.find(EMPTY_DEFS) else {
        return Err(PlanError("the bundle's `$defs` could not be placed".into()));
    };
    if defs.is_empty() {
        return Ok(rest);
    }
    let size: usize = defs
        .iter()
        .map(|(name, text)| name.len() + text.len() + 12)
        .sum();
    let mut out = String::with_capacity(rest.len() + size);
    out.push_str(&rest[..at]);
    out.push_str("\n  \"$defs\": {\n");
    for (i, (name, text)) in defs.into_iter().enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        out.push_str("    ");
        out.push_str(&Value::from(name).to_string());
        out.push_str(": ");
        out.push_str(&text);
    }
    out.push_str("\n  },\n");
    out.push_str(&rest[at + EMPTY_DEFS.len()..]);
    Ok(out)
}

/// The bundle's `$defs` while empty, as it is written (second of its keys, so followed by more).
const EMPTY_DEFS: &str = "\n  \"$defs\": {},\n";

/// `value` written as an entry two levels deep: every line after the first indented by four
/// spaces (JSON text has line breaks only between tokens).
fn nested(value: &Value) -> String {
    serde_json::to_string_pretty(value)
        .unwrap_or_default()
        .replace('\n', "\n    ")
}

/// How nested objects are written: inline, or as `$ref`s to shared definitions.
trait Nesting {
    /// Called for a reference to a definition of the schema.
    fn definition(&mut self, name: &str);
    /// The schema to write for the nested object `ty`; `inline` is its full form.
    fn object(&mut self, ty: &Type, inline: Map<String, Value>) -> Value;
}

/// Every nested object inline; records which definitions are referenced.
struct Inline<'a> {
    used: &'a mut BTreeSet<String>,
}

impl Nesting for Inline<'_> {
    fn definition(&mut self, name: &str) {
        self.used.insert(name.to_owned());
    }

    fn object(&mut self, _: &Type, inline: Map<String, Value>) -> Value {
        Value::Object(inline)
    }
}

/// Repeated nested objects as `$ref`s to `$defs`.
struct Sharing<'a> {
    shared: &'a BTreeMap<String, String>,
    found: BTreeMap<String, Value>,
}

impl Nesting for Sharing<'_> {
    fn definition(&mut self, _: &str) {}

    fn object(&mut self, ty: &Type, inline: Map<String, Value>) -> Value {
        match self.shared.get(&shape_key(ty)) {
            Some(name) => {
                self.found
                    .entry(name.clone())
                    .or_insert(Value::Object(inline));
                json!({ "$ref": format!("#/$defs/{name}") })
            }
            None => Value::Object(inline),
        }
    }
}

fn count_shapes(props: &BTreeMap<String, Property>, counts: &mut BTreeMap<String, usize>) {
    for p in props.values() {
        let mut ty = &p.ty;
        while let Type::Array { items } = ty {
            ty = items;
        }
        if let Type::Object {
            properties: Some(nested),
        } = ty
        {
            *counts.entry(shape_key(ty)).or_default() += 1;
            count_shapes(nested, counts);
        }
    }
}

/// An event's schema (without `$schema`, `$id` and `$defs`).
fn event_schema(event: &Event, nesting: &mut dyn Nesting) -> Map<String, Value> {
    let mut body = object_schema(&event.properties, nesting);
    body.insert("title".into(), event.event_type.clone().into());
    body.insert("description".into(), event.description.clone().into());
    body
}

/// The schemas of the definitions in `names`.
fn definitions(
    schema: &Schema,
    names: &BTreeSet<String>,
    nesting: &mut dyn Nesting,
) -> Map<String, Value> {
    let mut defs = Map::new();
    for name in names {
        if let Some(def) = schema.definitions.get(name) {
            let mut body = object_schema(&def.properties, nesting);
            body.insert("description".into(), def.description.clone().into());
            defs.insert(name.clone(), Value::Object(body));
        }
    }
    defs
}

fn object_schema(
    props: &BTreeMap<String, Property>,
    nesting: &mut dyn Nesting,
) -> Map<String, Value> {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for (name, p) in props {
        let mut schema = match type_schema(&p.ty, nesting) {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        let description = if p.undocumented {
            format!(
                "Undocumented: not yet in Seam's published docs. {}",
                p.description
            )
        } else {
            p.description.clone()
        };
        if !description.trim().is_empty() {
            schema.insert("description".into(), description.trim().into());
        }
        properties.insert(name.clone(), Value::Object(schema));
        if p.required {
            required.push(Value::String(name.clone()));
        }
    }
    let mut body = Map::new();
    body.insert("type".into(), "object".into());
    body.insert("properties".into(), Value::Object(properties));
    body.insert("required".into(), Value::Array(required));
    body
}

fn type_schema(ty: &Type, nesting: &mut dyn Nesting) -> Value {
    match ty {
        Type::String { format: None } => json!({ "type": "string" }),
        Type::String {
            format: Some(StringFormat::Uuid),
        } => json!({ "type": "string", "format": "uuid" }),
        Type::String {
            format: Some(StringFormat::DateTime),
        } => json!({ "type": "string", "format": "date-time" }),
        Type::Boolean => json!({ "type": "boolean" }),
        Type::Number => json!({ "type": "number" }),
        Type::Integer => json!({ "type": "integer" }),
        Type::Object { properties: None } => json!({ "type": "object" }),
        Type::Object {
            properties: Some(props),
        } => {
            let inline = object_schema(props, nesting);
            nesting.object(ty, inline)
        }
        Type::Array { items } => crate::object([
            ("type", "array".into()),
            ("items", type_schema(items, nesting)),
        ]),
        Type::Enum { values } => json!({ "type": "string", "enum": values }),
        Type::Const { value } => json!({ "type": "string", "const": value }),
        Type::Ref { name } => {
            nesting.definition(name);
            json!({ "$ref": format!("#/$defs/{name}") })
        }
        Type::Any => json!({}),
    }
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
