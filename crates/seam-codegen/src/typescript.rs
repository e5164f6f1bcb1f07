//! The TypeScript emitter: the npm package (definitions, type guards, README) and its type-check
//! tests, rendered with the handlebars templates in `templates/typescript/`.

use std::collections::{BTreeMap, BTreeSet};

use handlebars::Handlebars;
use seam_schema::payloads::Observed;
use serde_json::{Value, json};

use crate::plan::{FieldItem, FieldType, Plan, PlanError};
use crate::{GeneratedFile, header, names};

/// Where the package goes, relative to the project root.
pub const DIR: &str = "generated/typescript";

/// Each template and the file it renders, relative to [`DIR`].
const TEMPLATES: &[(&str, &str, &str)] = &[
    (
        "package.json",
        "package.json",
        include_str!("../templates/typescript/package.json.hbs"),
    ),
    (
        "README.md",
        "README.md",
        include_str!("../templates/typescript/README.md.hbs"),
    ),
    (
        "index.d.ts",
        "index.d.ts",
        include_str!("../templates/typescript/index.d.ts.hbs"),
    ),
    (
        "index.js",
        "index.js",
        include_str!("../templates/typescript/index.js.hbs"),
    ),
    (
        "index.mjs",
        "index.mjs",
        include_str!("../templates/typescript/index.mjs.hbs"),
    ),
    (
        "index.d.mts",
        "index.d.mts",
        include_str!("../templates/typescript/index.d.mts.hbs"),
    ),
    (
        "guards.js",
        "guards.js",
        include_str!("../templates/typescript/guards.js.hbs"),
    ),
    (
        "webhook.d.ts",
        "webhook.d.ts",
        include_str!("../templates/typescript/webhook.d.ts.hbs"),
    ),
    (
        "webhook.js",
        "webhook.js",
        include_str!("../templates/typescript/webhook.js.hbs"),
    ),
    (
        "examples.js",
        "examples.js",
        include_str!("../templates/typescript/examples.js.hbs"),
    ),
    (
        "examples.mjs",
        "examples.mjs",
        include_str!("../templates/typescript/examples.mjs.hbs"),
    ),
    (
        "examples.d.ts",
        "examples.d.ts",
        include_str!("../templates/typescript/examples.d.ts.hbs"),
    ),
    (
        "examples.d.mts",
        "examples.d.mts",
        include_str!("../templates/typescript/examples.d.mts.hbs"),
    ),
    (
        "tsconfig.json",
        "tsconfig.json",
        include_str!("../templates/typescript/tsconfig.json.hbs"),
    ),
    (
        "examples.ts",
        "tests/examples.ts",
        include_str!("../templates/typescript/examples.ts.hbs"),
    ),
    (
        "payloads.ts",
        "tests/payloads.ts",
        include_str!("../templates/typescript/payloads.ts.hbs"),
    ),
    (
        "guards.test.mjs",
        "tests/guards.test.mjs",
        include_str!("../templates/typescript/guards.test.mjs.hbs"),
    ),
];

/// Every file of the package and its checks, with paths relative to the project root: the
/// checks type-check every documented example and every observed payload in `observed`.
pub fn files(
    plan: &Plan,
    observed: &[Observed],
    publish: &crate::Publish,
) -> Result<Vec<GeneratedFile>, PlanError> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(handlebars::no_escape);
    for (name, _, template) in TEMPLATES {
        hb.register_template_string(name, *template).map_err(|e| {
            PlanError(format!(
                "the TypeScript template `{name}` does not parse: {e}"
            ))
        })?;
    }
    // One context for every template: `render` would copy the data into a new one each time.
    let data = handlebars::Context::from(data(plan, observed, publish));
    TEMPLATES
        .iter()
        .map(|(name, path, _)| {
            let text = hb.render_with_context(name, &data).map_err(|e| {
                PlanError(format!(
                    "the TypeScript template `{name}` does not render: {e}"
                ))
            })?;
            Ok(GeneratedFile::new(format!("{DIR}/{path}"), text))
        })
        .collect()
}

/// The templates' data: names, types and docs spelled the TypeScript way.
fn data(plan: &Plan, observed: &[Observed], publish: &crate::Publish) -> Value {
    let enums: BTreeSet<&str> = plan.enums.iter().map(|e| e.name.as_str()).collect();
    let field = |f: &FieldItem| {
        let mut doc = f.doc.clone();
        if f.undocumented {
            doc = format!("Undocumented: not yet in Seam's published docs.\n\n{doc}");
        }
        let mut ty = ts_type(&f.ty);
        if f.state.nullable() {
            ty.push_str(" | null");
        }
        member(&f.name.ts, !f.state.present(), &ty, &doc)
    };
    let mut properties = serde_json::Map::new();
    let mut examples = Vec::new();
    let mut negatives = Vec::new();
    let events: Vec<Value> = plan
        .events
        .iter()
        .map(|e| {
            let literal = names::ts_string(&e.event_type);
            let mut fields: Vec<(String, String)> = e
                .body
                .fields
                .iter()
                .map(|f| (f.name.wire.clone(), field(f)))
                .collect();
            fields.push((
                "event_type".into(),
                member("event_type", false, &literal, ""),
            ));
            fields.sort_by(|a, b| a.0.cmp(&b.0));
            let checks: Vec<Value> = e
                .body
                .fields
                .iter()
                .filter_map(|f| {
                    json_kind(&f.ty, &enums).map(|k| {
                        json!([f.name.wire, k, f.state.present(), f.state.nullable()])
                    })
                })
                .chain([json!(["event_type", "string", true, false])])
                .collect();
            properties.insert(e.event_type.clone(), Value::Array(checks));
            examples.push(e.example.clone());
            let ident = e.event_type.replace('.', "_");
            let compact = |v: &Value| serde_json::to_string(v).unwrap_or_default();
            let mut wrong = e.example.clone();
            wrong["event_type"] = json!("no.such_event");
            negatives.push(json!({
                "ident": format!("{ident}_with_a_wrong_event_type"),
                "name": e.body.name,
                "why": "a wrong event_type",
                "payload": compact(&wrong),
            }));
            if let Some(not_null) = e.body.fields.iter().find(|f| {
                !f.state.nullable() && json_kind(&f.ty, &enums).is_some()
            }) {
                let mut null = e.example.clone();
                null[&not_null.name.wire] = Value::Null;
                negatives.push(json!({
                    "ident": format!("{ident}_with_{}_null", not_null.name.wire),
                    "name": e.body.name,
                    "why": format!("null where the schema says it may not be ({})", not_null.name.wire),
                    "payload": compact(&null),
                }));
            }
            if let Some(required) = e.body.fields.iter().find(|f| f.state.present()) {
                let mut missing = e.example.clone();
                if let Some(map) = missing.as_object_mut() {
                    map.remove(&required.name.wire);
                }
                negatives.push(json!({
                    "ident": format!("{ident}_without_{}", required.name.wire),
                    "name": e.body.name,
                    "why": format!("a missing required property ({})", required.name.wire),
                    "payload": compact(&missing),
                }));
            }
            crate::object([
                ("name", e.body.name.clone().into()),
                ("event_type_literal", literal.into()),
                ("ident", ident.into()),
                ("doc", jsdoc(&e.body.doc, "").into()),
                (
                    "fields",
                    fields
                        .into_iter()
                        .map(|(_, f)| f)
                        .collect::<Vec<_>>()
                        .into(),
                ),
                (
                    "example",
                    serde_json::to_string_pretty(&e.example)
                        .unwrap_or_default()
                        .into(),
                ),
            ])
        })
        .collect();
    let structs: Vec<Value> = plan
        .structs
        .iter()
        .map(|s| {
            crate::object([
                ("name", s.name.clone().into()),
                ("doc", jsdoc(&s.doc, "").into()),
                (
                    "fields",
                    s.fields.iter().map(field).collect::<Vec<_>>().into(),
                ),
            ])
        })
        .collect();
    let enum_items: Vec<Value> = plan
        .enums
        .iter()
        .map(|e| {
            // The documented values, and any other string: Seam sends values before its docs
            // list them (the Rust crate reads them as `Other`). `string & {}` keeps editors
            // completing the documented ones.
            let mut values: Vec<String> = e.variants.iter().map(|v| v.ts.clone()).collect();
            values.push("(string & {})".into());
            json!({ "name": e.name, "doc": jsdoc(&e.doc, ""), "values": values.join(" | ") })
        })
        .collect();
    let interfaces: BTreeMap<&str, &str> = plan
        .events
        .iter()
        .map(|e| (e.event_type.as_str(), e.body.name.as_str()))
        .collect();
    let mut idents = BTreeSet::new();
    let payloads: Vec<Value> = observed
        .iter()
        .filter_map(|o| {
            let name = interfaces.get(o.event_type.as_str())?;
            let base = ts_ident(&o.file);
            let ident = (1..)
                .map(|n| match n {
                    1 => base.clone(),
                    n => format!("{base}_{n}"),
                })
                .find(|i| idents.insert(i.clone()))
                .unwrap_or(base);
            Some(json!({
                "ident": ident,
                "name": name,
                "event_type_literal": names::ts_string(&o.event_type),
                "file": o.file,
                "payload": serde_json::to_string_pretty(&o.payload).unwrap_or_default(),
            }))
        })
        .collect();
    let observed_values: Vec<&Value> = observed.iter().map(|o| &o.payload).collect();
    let first = plan.events.first();
    crate::object([
        ("header", header::text().into()),
        ("package", publish.package.npm_name.clone().into()),
        ("version", publish.versions.typescript.clone().into()),
        // The registry's metadata, each value written as JSON for package.json.
        ("author_json", json_text(&publish.package.author)),
        (
            "repository_json",
            json_text(&json!({
                "type": "git",
                "url": format!("git+{}.git", publish.package.repository.trim_end_matches('/')),
            })),
        ),
        ("homepage_json", json_text(&publish.package.homepage)),
        ("keywords_json", json_text(&publish.package.keywords)),
        ("node_json", json_text(&publish.package.node)),
        ("node", publish.package.node.clone().into()),
        ("count", plan.events.len().into()),
        (
            "first_event_type",
            first.map_or("", |e| e.event_type.as_str()).into(),
        ),
        (
            "first_interface",
            first.map_or("", |e| e.body.name.as_str()).into(),
        ),
        ("events", events.into()),
        ("structs", structs.into()),
        ("enums", enum_items.into()),
        ("negatives", negatives.into()),
        (
            "properties",
            serde_json::to_string_pretty(&properties)
                .unwrap_or_default()
                .into(),
        ),
        (
            "examples",
            serde_json::to_string_pretty(&examples)
                .unwrap_or_default()
                .into(),
        ),
        ("payloads", payloads.into()),
        (
            "payload_values",
            serde_json::to_string_pretty(&observed_values)
                .unwrap_or_default()
                .into(),
        ),
    ])
}

/// `value` as compact JSON text, for a template to splice in.
fn json_text(value: &impl serde::Serialize) -> Value {
    Value::String(serde_json::to_string(value).unwrap_or_default())
}

/// A TypeScript identifier for the payload in `file`: `payload_` and the path below the
/// payloads folder, every other character an underscore.
fn ts_ident(file: &str) -> String {
    let below = file
        .split_once("payloads/")
        .map_or(file, |(_, below)| below)
        .trim_end_matches(".json");
    let mut ident = String::from("payload_");
    ident.extend(
        below
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }),
    );
    ident
}

/// The TypeScript type of a field.
pub fn ts_type(ty: &FieldType) -> String {
    match ty {
        FieldType::String | FieldType::Uuid | FieldType::DateTime => "string".into(),
        FieldType::Bool => "boolean".into(),
        FieldType::F64 | FieldType::I64 => "number".into(),
        FieldType::Map => "Record<string, unknown>".into(),
        FieldType::Value => "unknown".into(),
        FieldType::Vec(items) => format!("{}[]", ts_type(items)),
        FieldType::Named(name) => name.clone(),
    }
}

/// The JSON type the runtime guard checks for a field (`None`: any JSON value).
fn json_kind(ty: &FieldType, enums: &BTreeSet<&str>) -> Option<&'static str> {
    Some(match ty {
        FieldType::String | FieldType::Uuid | FieldType::DateTime => "string",
        FieldType::Bool => "boolean",
        FieldType::F64 | FieldType::I64 => "number",
        FieldType::Map => "object",
        FieldType::Vec(_) => "array",
        FieldType::Named(name) if enums.contains(name.as_str()) => "string",
        FieldType::Named(_) => "object",
        FieldType::Value => return None,
    })
}

/// One member of an interface, as it is written: its JSDoc (if it has a description) and
/// `key?: type;`, indented. Written here rather than in the template: the interfaces are most
/// of the package, and per-line template logic made handlebars the emitter's main cost.
fn member(key: &str, optional: bool, ty: &str, doc: &str) -> String {
    let mark = if optional { "?" } else { "" };
    if doc.trim().is_empty() {
        format!("  {key}{mark}: {ty};")
    } else {
        format!("{}\n  {key}{mark}: {ty};", jsdoc(doc, "  "))
    }
}

/// A description as a JSDoc comment (`/**`, ` * line`s, ` */`), each line after `indent`, safe
/// inside `/** */`.
fn jsdoc(text: &str, indent: &str) -> String {
    let text = text.trim().replace("*/", "*\\/");
    let mut out = format!("{indent}/**");
    for line in text.lines() {
        out.push('\n');
        out.push_str(indent);
        out.push_str(" *");
        if !line.trim().is_empty() {
            out.push(' ');
            out.push_str(line.trim_end());
        }
    }
    out.push('\n');
    out.push_str(indent);
    out.push_str(" */");
    out
}
