//! The JSON Schema emitter (draft 2020-12): one file per event, the bundle, and an index.

use std::collections::{BTreeMap, BTreeSet};

use seam_schema::{Event, Property, Schema, Type};
use serde_json::{Map, Value, json};

use crate::plan::{FieldState, Plan, PlanError};
use crate::{GeneratedFile, JsonSchemaSettings, Publish, header};

/// Where the files go, relative to the project root.
pub const DIR: &str = "generated/json-schema";
/// The meta-schema every file declares.
pub const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";
/// The identifiers used when no base URL is set: URNs, so that no one mistakes them for a place
/// to fetch from.
pub const ID_PREFIX: &str = "urn:seam-events:json-schema:";

/// The `$id` of each file: a URN under [`ID_PREFIX`], or, with a base URL (the publishing
/// settings' `[json_schema] base_url`), that URL and the file's path, so that the `$id` is where
/// the file is published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ids {
    /// The base URL, ending in `/`.
    base: Option<String>,
}

impl Ids {
    /// The identifiers for the settings in `publish`.
    pub fn new(publish: &JsonSchemaSettings) -> Ids {
        Ids {
            base: publish.base_url.as_ref().map(|b| {
                if b.ends_with('/') {
                    b.clone()
                } else {
                    format!("{b}/")
                }
            }),
        }
    }

    /// The `$id` of an event's own file.
    pub fn event(&self, event_type: &str) -> String {
        match &self.base {
            Some(base) => format!("{base}{}", event_file(event_type)),
            None => format!("{ID_PREFIX}events:{event_type}"),
        }
    }

    /// The `$id` of the bundle.
    pub fn bundle(&self) -> String {
        match &self.base {
            Some(base) => format!("{base}{BUNDLE_FILE}"),
            None => format!("{ID_PREFIX}seam-event"),
        }
    }

    /// The `$id` of the generators' file.
    pub fn types(&self) -> String {
        match &self.base {
            Some(base) => format!("{base}{TYPES_FILE}"),
            None => format!("{ID_PREFIX}seam-event-types"),
        }
    }

    /// The `$id` of the tolerant bundle.
    pub fn tolerant(&self) -> String {
        match &self.base {
            Some(base) => format!("{base}{TOLERANT_FILE}"),
            None => format!("{ID_PREFIX}seam-event-tolerant"),
        }
    }
}

/// The file of an event, relative to [`DIR`].
pub fn event_file(event_type: &str) -> String {
    format!("events/{event_type}.schema.json")
}

/// The bundle's file name, relative to [`DIR`].
pub const BUNDLE_FILE: &str = "seam-event.schema.json";

/// What the folder's README says: which file is for what, how to validate and generate types.
const README: &str = include_str!("../templates/json-schema/README.md");

/// The generators' file name, relative to [`DIR`].
pub const TYPES_FILE: &str = "seam-event.types.schema.json";

const TYPES_DESCRIPTION: &str = "Every Seam webhook event, for generators of types (quicktype, \
datamodel-code-generator, json-schema-to-typescript, ...): `oneOf` the events, each under \
`$defs` with the name the Rust crate and the TypeScript package give it, and the shared shapes \
beside them, so that a generator makes one type per event, their union, and the same names. \
Each event's `event_type` is a constant: the tag that tells them apart. For validation, use \
seam-event.schema.json (strict) or seam-event.tolerant.schema.json: their errors name the \
event's own properties, where `oneOf` reports every event's.";

/// The tolerant bundle's file name, relative to [`DIR`].
pub const TOLERANT_FILE: &str = "seam-event.tolerant.schema.json";

const BUNDLE_DESCRIPTION: &str = "A Seam webhook event, as Seam's documentation describes it, \
checked strictly: the `event_type` must be one of the documented types (an unknown type is one \
error, on `event_type`, listing the known ones), an event is checked against its own type's \
schema alone (`allOf` of `if`/`then` in two steps: the type's group, under `$defs` as \
`dispatch-<its first type>`, then the type), and an enumeration accepts only its documented \
values. Additional properties are allowed everywhere, as every object says \
(`additionalProperties: true`). Seam adds event types and \
values before its docs list them: to accept those too, and check only what the docs describe, \
validate against seam-event.tolerant.schema.json instead.";

const TOLERANT_DESCRIPTION: &str = "A Seam webhook event, checked tolerantly, the way a webhook \
receiver should: an object whose `event_type` is a string. An event of a documented type is \
checked against that type's schema, under `$defs` here (this file needs no other), except that \
an enumeration accepts any string, its documented values listed as `examples`; an event of a \
type the docs do not list yet is accepted as it is. Seam's API runs ahead of its docs: this is \
what a receiver should check. Additional properties are allowed everywhere, as every object says \
(`additionalProperties: true`).";

/// Every file: one per event, the bundle, the tolerant bundle, the generators' file and the
/// index, with paths relative to the project root; the generators' types named as a plan of
/// `schema` alone names them (`files_with` takes the plan codegen made).
pub fn files(schema: &Schema, publish: &Publish) -> Result<Vec<GeneratedFile>, PlanError> {
    files_with(schema, &crate::plan::plan(schema)?, publish)
}

/// Every file, the generators' types named as `plan` names the Rust structs and TypeScript
/// interfaces.
pub fn files_with(
    schema: &Schema,
    plan: &Plan,
    publish: &Publish,
) -> Result<Vec<GeneratedFile>, PlanError> {
    let ids = Ids::new(&publish.json_schema);
    let mut out = Vec::new();
    let mut index = Vec::new();
    for event in &schema.events {
        let mut used = BTreeSet::new();
        let mut body = event_schema(
            event,
            &mut Inline {
                used: &mut used,
                open_enums: false,
            },
        );
        body.insert("$comment".into(), header::text().into());
        body.insert("$schema".into(), DRAFT.into());
        body.insert("$id".into(), ids.event(&event.event_type).into());
        body.insert("examples".into(), Value::Array(vec![event.example.clone()]));
        // Definitions may refer to definitions: take the closure.
        let defs = loop {
            let mut more = BTreeSet::new();
            let defs = definitions(
                schema,
                &used,
                &mut Inline {
                    used: &mut more,
                    open_enums: false,
                },
            );
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
        index.push(json!({ "event_type": event.event_type, "file": file, "$id": ids.event(&event.event_type) }));
        out.push(GeneratedFile::new(
            format!("{DIR}/{file}"),
            pretty(&Value::Object(body)),
        ));
    }
    out.push(GeneratedFile::new(
        format!("{DIR}/{BUNDLE_FILE}"),
        bundle(schema, &ids)?,
    ));
    out.push(GeneratedFile::new(
        format!("{DIR}/{TOLERANT_FILE}"),
        tolerant(schema, &ids)?,
    ));
    out.push(GeneratedFile::new(
        format!("{DIR}/{TYPES_FILE}"),
        types(schema, plan, &ids)?,
    ));
    out.push(GeneratedFile::new(
        format!("{DIR}/README.md"),
        format!(
            "{}\n\n{}",
            header::html_comment(),
            README.replace("{version}", &publish.versions.json_schema)
        ),
    ));
    let index = json!({
        "$comment": header::text(),
        "version": publish.versions.json_schema,
        "bundle": { "file": BUNDLE_FILE, "$id": ids.bundle() },
        "tolerant": { "file": TOLERANT_FILE, "$id": ids.tolerant() },
        "types": { "file": TYPES_FILE, "$id": ids.types() },
        "events": index,
    });
    out.push(GeneratedFile::new(
        format!("{DIR}/index.json"),
        pretty(&index),
    ));
    Ok(out)
}

/// The bundles' routing of an event to its own type's schema, in two steps, so that a validator
/// tries about 2√n conditions for n types, not n: the root's `allOf` has one `if`/`then` per group
/// of about √n consecutive types, whose `then` refers to the group's `$defs` entry (named
/// `dispatch-<its first type>`), which has one `if`/`then` per type of the group. A group of one
/// type refers to the type's schema directly.
///
/// Each group being its own `$defs` entry keeps each step short for validators that compile a
/// schema into code (Ajv compiles each referenced entry into its own function, and a function of
/// every type's checks is too long for V8 to optimize). An object whose `event_type` is that type
/// is checked against that type's schema, and against nothing else; anything else meets no
/// `then`.
struct Dispatch {
    /// The root's `allOf`.
    all_of: Value,
    /// The groups' `$defs` entries, by name.
    defs: Vec<(String, Value)>,
}

impl Dispatch {
    fn of(schema: &Schema) -> Dispatch {
        let types: Vec<&str> = schema
            .events
            .iter()
            .map(|e| e.event_type.as_str())
            .collect();
        let size = (1..).find(|s: &usize| s * s >= types.len()).unwrap_or(1);
        let mut all_of = Vec::new();
        let mut defs = Vec::new();
        for group in types.chunks(size) {
            let [first, ..] = group else { continue };
            if group.len() == 1 {
                all_of.push(when(group, &format!("#/$defs/{first}")));
                continue;
            }
            let name = format!("dispatch-{first}");
            all_of.push(when(group, &format!("#/$defs/{name}")));
            let steps: Vec<Value> = group
                .iter()
                .map(|t| when(&[t], &format!("#/$defs/{t}")))
                .collect();
            defs.push((
                name,
                json!({
                    "description": format!(
                        "The second step of the bundle's routing, for the {} types from `{first}` to \
                         `{}`: an event of one of them is checked against its own type's schema.",
                        group.len(),
                        group[group.len() - 1],
                    ),
                    "allOf": steps,
                }),
            ));
        }
        Dispatch {
            all_of: Value::Array(all_of),
            defs,
        }
    }
}

/// An `if`/`then`: an object whose `event_type` is one of `types` is checked against `target`.
fn when(types: &[&str], target: &str) -> Value {
    let test = match types {
        [one] => json!({ "const": one }),
        _ => json!({ "enum": types }),
    };
    // `type` too: an `if` without it holds for a body that is not an object, and every type's
    // `then` would report it.
    json!({
        "if": {
            "type": "object",
            "properties": { "event_type": test },
            "required": ["event_type"],
        },
        "then": { "$ref": target },
    })
}

/// The tolerant bundle: an object with a string `event_type`, and, for a documented type, that
/// type's schema, where an enumeration admits any string (its documented values its `examples`),
/// as the Rust crate reads a value the docs do not list yet. It carries its own `$defs`, so that
/// it resolves on its own: a tool that loads this one file needs no other.
fn tolerant(schema: &Schema, ids: &Ids) -> Result<String, PlanError> {
    let dispatch = Dispatch::of(schema);
    with_defs(
        schema,
        true,
        dispatch.defs,
        crate::object([
            ("$comment", header::text().into()),
            ("$schema", DRAFT.into()),
            ("$id", ids.tolerant().into()),
            ("title", "SeamEventTolerant".into()),
            ("description", TOLERANT_DESCRIPTION.into()),
            ("$defs", Value::Object(Map::new())),
            ("type", "object".into()),
            ("required", json!(["event_type"])),
            (
                "properties",
                json!({ "event_type": {
                    "description": "The event's type: a documented one, or one Seam added since.",
                    "type": "string",
                } }),
            ),
            ("allOf", dispatch.all_of),
        ]),
    )
}

/// The generators' file: `oneOf` every event, each event and shared shape under `$defs` by the
/// name `plan` gives its struct (and TypeScript interface), written as its `title` too.
fn types(schema: &Schema, plan: &Plan, ids: &Ids) -> Result<String, PlanError> {
    let mut names: BTreeMap<String, String> = plan
        .events
        .iter()
        .map(|e| (e.event_type.clone(), e.body.name.clone()))
        .collect();
    for name in schema.definitions.keys() {
        if let Some(given) = plan.names.0.get(&format!("definition {name}")) {
            names.insert(name.clone(), given.clone());
        }
    }
    let mut defs = Map::new();
    let mut clash = None;
    each_def(schema, false, |name, mut def| {
        rename_refs(&mut def, &names);
        let named = names.get(&name).cloned().unwrap_or(name);
        if let Value::Object(map) = &mut def {
            map.insert("title".into(), named.clone().into());
        }
        let new = defs.insert(named.clone(), def).is_none();
        if !new {
            clash = Some(named);
        }
        true
    })?;
    if let Some(named) = clash {
        return Err(PlanError(format!(
            "the generators' file would hold the type `{named}` twice"
        )));
    }
    let one_of: Vec<Value> = plan
        .events
        .iter()
        .map(|e| json!({ "$ref": format!("#/$defs/{}", e.body.name) }))
        .collect();
    Ok(pretty(&crate::object([
        ("$comment", header::text().into()),
        ("$schema", DRAFT.into()),
        ("$id", ids.types().into()),
        ("title", "SeamEvent".into()),
        ("description", TYPES_DESCRIPTION.into()),
        ("oneOf", Value::Array(one_of)),
        ("$defs", Value::Object(defs)),
    ])))
}

/// `value` with every `#/$defs/<name>` reference to the name `names` gives.
fn rename_refs(value: &mut Value, names: &BTreeMap<String, String>) {
    each_schema(value, &mut |map| {
        if let Some(Value::String(reference)) = map.get_mut("$ref") {
            if let Some(named) = reference
                .strip_prefix("#/$defs/")
                .and_then(|n| names.get(n))
            {
                *reference = format!("#/$defs/{named}");
            }
        }
    });
}

/// Calls `f` on every schema object in `value`, at any depth, outer first; the values of
/// `examples`, `const`, `enum` and `default` are data, not schemas, and are left alone.
pub(crate) fn each_schema(value: &mut Value, f: &mut impl FnMut(&mut Map<String, Value>)) {
    match value {
        Value::Object(map) => {
            f(map);
            for (key, child) in map.iter_mut() {
                if !matches!(key.as_str(), "examples" | "const" | "enum" | "default") {
                    each_schema(child, f);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| each_schema(v, f)),
        _ => {}
    }
}

/// The bundle's text: every event and every shared definition under `$defs`.
fn bundle(schema: &Schema, ids: &Ids) -> Result<String, PlanError> {
    let known: Vec<Value> = schema
        .events
        .iter()
        .map(|e| e.event_type.clone().into())
        .collect();
    let dispatch = Dispatch::of(schema);
    with_defs(
        schema,
        false,
        dispatch.defs,
        crate::object([
            ("$comment", header::text().into()),
            ("$schema", DRAFT.into()),
            ("$id", ids.bundle().into()),
            ("title", "SeamEvent".into()),
            ("description", BUNDLE_DESCRIPTION.into()),
            ("$defs", Value::Object(Map::new())),
            ("type", "object".into()),
            ("required", json!(["event_type"])),
            (
                "properties",
                json!({ "event_type": {
                    "description": "The event's type: one of the documented types.",
                    "enum": known,
                } }),
            ),
            ("allOf", dispatch.all_of),
        ]),
    )
}

/// The text of `rest` (whose second key is an empty `$defs`) with every event, every shared
/// definition and every entry of `more` under `$defs`.
///
/// Each `$defs` entry is built and written on its own, then spliced into the rest: the text is
/// what writing the whole file as one `Value` gives, without that `Value` (hundreds of MB at
/// 10,000 events).
fn with_defs(
    schema: &Schema,
    open_enums: bool,
    more: Vec<(String, Value)>,
    rest: Value,
) -> Result<String, PlanError> {
    let mut defs: BTreeMap<String, String> = BTreeMap::new();
    each_def(schema, open_enums, |name, def| {
        defs.insert(name, nested(&def)).is_none()
    })?;
    for (name, def) in more {
        if defs.insert(name.clone(), nested(&def)).is_some() {
            return Err(PlanError(format!(
                "the bundle's `$defs` would hold `{name}` twice: a definition is named like \
                 the bundle's routing"
            )));
        }
    }
    let rest = pretty(&rest);
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

/// Hands `f` every event's schema and every shared definition, by its name under the bundles'
/// `$defs` (their references read `#/$defs/<name>`), one at a time; `f` says whether the name
/// was new. A definition named like an event type is an error. `open_enums`: enumerations
/// admit any string (the tolerant bundle's).
pub(crate) fn each_def(
    schema: &Schema,
    open_enums: bool,
    mut f: impl FnMut(String, Value) -> bool,
) -> Result<(), PlanError> {
    let mut nesting = Inline {
        used: &mut BTreeSet::new(),
        open_enums,
    };
    for event in &schema.events {
        f(
            event.event_type.clone(),
            Value::Object(event_schema(event, &mut nesting)),
        );
    }
    let all: BTreeSet<String> = schema.definitions.keys().cloned().collect();
    for (name, def) in definitions(schema, &all, &mut nesting) {
        if !f(name.clone(), def) {
            return Err(PlanError(format!(
                "the bundle's `$defs` would hold `{name}` twice: a definition is named like an \
                 event type"
            )));
        }
    }
    Ok(())
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

/// Records which definitions the schemas refer to.
struct Inline<'a> {
    used: &'a mut BTreeSet<String>,
    /// Whether an enumeration admits any string (the tolerant bundle: a value the docs do not
    /// list yet is accepted, as the Rust crate reads it as `Other`), its documented values
    /// then its `examples`.
    open_enums: bool,
}

impl Inline<'_> {
    fn definition(&mut self, name: &str) {
        self.used.insert(name.to_owned());
    }
}

/// An event's schema (without `$schema`, `$id` and `$defs`).
fn event_schema(event: &Event, nesting: &mut Inline<'_>) -> Map<String, Value> {
    let mut body = object_schema(&event.properties, nesting);
    body.insert("title".into(), event.event_type.clone().into());
    body.insert("description".into(), event.description.clone().into());
    body
}

/// The schemas of the definitions in `names`.
fn definitions(
    schema: &Schema,
    names: &BTreeSet<String>,
    nesting: &mut Inline<'_>,
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
    nesting: &mut Inline<'_>,
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
        let state = FieldState::of(p);
        if state.nullable() {
            schema = or_null(schema);
        }
        properties.insert(name.clone(), Value::Object(schema));
        if state.present() {
            required.push(Value::String(name.clone()));
        }
    }
    let mut body = Map::new();
    body.insert("type".into(), "object".into());
    body.insert("properties".into(), Value::Object(properties));
    body.insert("required".into(), Value::Array(required));
    // Said, not left to JSON Schema's default: some generators read a missing
    // `additionalProperties` as "no other property", and a validator that tracks the
    // properties each subschema evaluated (Ajv, for `unevaluatedProperties`) does less work.
    body.insert("additionalProperties".into(), true.into());
    body
}

fn type_schema(ty: &Type, nesting: &mut Inline<'_>) -> Value {
    match ty {
        Type::String { format: None } => json!({ "type": "string" }),
        Type::String {
            format: Some(format),
        } => json!({ "type": "string", "format": format.as_str() }),
        Type::Boolean => json!({ "type": "boolean" }),
        Type::Number => json!({ "type": "number" }),
        Type::Integer => json!({ "type": "integer" }),
        Type::Object { properties: None } => {
            json!({ "type": "object", "additionalProperties": true })
        }
        Type::Object {
            properties: Some(props),
        } => Value::Object(object_schema(props, nesting)),
        Type::Array { items } => crate::object([
            ("type", "array".into()),
            ("items", type_schema(items, nesting)),
        ]),
        Type::Enum { values } if nesting.open_enums => {
            json!({ "type": "string", "examples": values })
        }
        Type::Enum { values } => json!({ "type": "string", "enum": values }),
        Type::Const { value } => json!({ "type": "string", "const": value }),
        Type::Ref { name } => {
            nesting.definition(name);
            json!({ "$ref": format!("#/$defs/{name}") })
        }
        Type::Any => json!({}),
    }
}

/// `schema` that also accepts `null`: `null` added to its `type` (and to its `enum`, or its
/// `const` made an `enum`), or, for a `$ref` or a schema without a `type`, an `anyOf` of it and
/// `null`. Its description stays outside.
fn or_null(mut schema: Map<String, Value>) -> Map<String, Value> {
    let description = schema.remove("description");
    let mut out = match schema.get("type").cloned() {
        Some(Value::String(ty)) => {
            schema.insert("type".into(), json!([ty, "null"]));
            if let Some(Value::Array(values)) = schema.get_mut("enum") {
                values.push(Value::Null);
            }
            if let Some(value) = schema.remove("const") {
                schema.insert("enum".into(), json!([value, null]));
            }
            schema
        }
        _ if schema.is_empty() => schema,
        _ => {
            let mut out = Map::new();
            out.insert(
                "anyOf".into(),
                json!([Value::Object(schema), { "type": "null" }]),
            );
            out
        }
    };
    if let Some(description) = description {
        out.insert("description".into(), description);
    }
    out
}

/// `value` as pretty JSON text with a final line break: how every JSON file is written.
pub(crate) fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
