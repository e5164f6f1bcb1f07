//! The text of the planned structs, enums and the event list, as invocations of the runtime's
//! macros: a few lines per item, quick to emit and to read in a diff.

use std::fmt::Write as _;

use super::docs;
use super::features::Features;
use super::slots::Kinds;
use crate::plan::{EnumItem, EventItem, FieldItem, FieldState, FieldType, Plan, StructItem};

/// The Rust type of a field of type `ty` in `state`: an `Option` when the property may be absent
/// or null, an `Option<Option<_>>` when it may be both.
pub fn field_type(state: FieldState, ty: &FieldType) -> String {
    let ty = rust_type(ty);
    match state {
        FieldState::Required => ty,
        FieldState::RequiredNullable | FieldState::Optional => format!("Option<{ty}>"),
        FieldState::OptionalNullable => format!("Option<Option<{ty}>>"),
    }
}

/// The type of the value a field's `with_` method takes: the field's type without the `Option`
/// that says absent (`T` for a property that may be absent, `Option<T>` for one that may be null).
pub fn value_type(state: FieldState, ty: &FieldType) -> String {
    match state {
        FieldState::Optional => rust_type(ty),
        FieldState::OptionalNullable => format!("Option<{}>", rust_type(ty)),
        other => field_type(other, ty),
    }
}

/// The runtime's type for a field's state (`seam_events_runtime::presence`), as the macros are
/// told it.
pub fn presence(state: FieldState) -> &'static str {
    match state {
        FieldState::Required => "Required",
        FieldState::RequiredNullable => "RequiredNullable",
        FieldState::Optional => "Optional",
        FieldState::OptionalNullable => "OptionalNullable",
    }
}

/// The spelling of a Rust type.
pub fn rust_type(ty: &FieldType) -> String {
    match ty {
        FieldType::String => "String".into(),
        FieldType::Uuid => "uuid::Uuid".into(),
        FieldType::DateTime => "chrono::DateTime<chrono::Utc>".into(),
        FieldType::Bool => "bool".into(),
        FieldType::F64 => "f64".into(),
        FieldType::I64 => "i64".into(),
        FieldType::Map => "serde_json::Map<String, serde_json::Value>".into(),
        FieldType::Value => "serde_json::Value".into(),
        FieldType::Vec(items) => format!("Vec<{}>", rust_type(items)),
        FieldType::Named(name) => name.clone(),
    }
}

/// `text` as `///` lines, indented by `indent`.
fn doc_lines(out: &mut String, indent: &str, text: &str) {
    for line in text.lines() {
        let line = line.trim_end().replace('\r', "");
        if line.is_empty() {
            let _ = writeln!(out, "{indent}///");
        } else {
            let _ = writeln!(out, "{indent}/// {line}");
        }
    }
}

/// A Rust string literal.
fn literal(text: &str) -> String {
    format!("{text:?}")
}

fn field_doc(field: &FieldItem) -> String {
    let mut doc = docs::rustdoc(&field.doc, &format!("The `{}` property.", field.name.wire));
    if field.undocumented {
        doc = format!("**Undocumented:** not yet in Seam's published docs.\n\n{doc}");
    }
    doc.push_str(match field.state {
        FieldState::Required => "",
        FieldState::RequiredNullable => "\n\nIn every payload, but may be null (`None`).",
        FieldState::Optional => "\n\nMay be absent from a payload (`None`).",
        FieldState::OptionalNullable => {
            "\n\nMay be absent from a payload (`None`) or null (`Some(None)`)."
        }
    });
    doc
}

/// `#[cfg(predicate)]`: the item compiles only with the features that need it.
fn cfg_line(out: &mut String, predicate: &str) {
    let _ = writeln!(out, "#[cfg({predicate})]");
}

/// A struct for an object (`event_type`: the constant an event struct checks and writes),
/// compiled when `predicate` holds; `kinds` names the kind of each field.
pub fn struct_text(
    out: &mut String,
    item: &StructItem,
    event_type: Option<&str>,
    predicate: &str,
    kinds: &Kinds,
) {
    cfg_line(out, predicate);
    let _ = writeln!(out, "{}::object! {{", super::runtime_crate());
    doc_lines(
        out,
        "    ",
        &docs::rustdoc(&item.doc, &format!("The {}.", item.owner.trim_matches('`'))),
    );
    let tag = event_type.map_or(String::new(), |et| format!(" for {}", literal(et)));
    let _ = writeln!(
        out,
        "    pub struct {}{tag} as {} {{",
        item.name,
        literal(&item.owner)
    );
    // The constructor: the properties every payload carries, one per line, so that a docs
    // update shows as the lines it changes.
    let required: Vec<&FieldItem> = item
        .fields
        .iter()
        .filter(|f| matches!(f.state, FieldState::Required | FieldState::RequiredNullable))
        .collect();
    if required.is_empty() {
        out.push_str("        fn new();\n");
    } else {
        out.push_str("        fn new(\n");
        for f in &required {
            let _ = writeln!(
                out,
                "            {}: {},",
                f.name.rust,
                field_type(f.state, &f.ty)
            );
        }
        out.push_str("        );\n");
    }
    for f in &item.fields {
        doc_lines(out, "        ", &field_doc(f));
        let _ = writeln!(
            out,
            "        {}: {} = {} {{ presence: {}, slot: {}, with: with_{}({}){} }},",
            f.name.rust,
            field_type(f.state, &f.ty),
            literal(&f.name.wire),
            presence(f.state),
            kinds.name(f),
            f.name.rust.trim_start_matches("r#"),
            value_type(f.state, &f.ty),
            if is_plain_key(&f.name.wire) {
                ""
            } else {
                ", key: escaped"
            },
        );
    }
    out.push_str("    }\n}\n\n");
}

/// Whether JSON writes `key` as it is: no quote, backslash or control character to escape.
fn is_plain_key(key: &str) -> bool {
    !key.chars().any(|c| c == '"' || c == '\\' || c < ' ')
}

/// An enumeration with `Other(String)` for values the docs do not list, compiled when
/// `predicate` holds.
pub fn enum_text(out: &mut String, item: &EnumItem, predicate: &str) {
    let known: Vec<&str> = item.variants.iter().map(|v| v.wire.as_str()).collect();
    let described = format!(
        "Documented values: {}. Other values may occur.",
        known.join(", ")
    );
    let expecting = format!(
        "a string such as `{}`",
        known.first().copied().unwrap_or_default()
    );
    cfg_line(out, predicate);
    let _ = writeln!(out, "{}::enumeration! {{", super::runtime_crate());
    doc_lines(out, "    ", &docs::rustdoc(&item.doc, "An enumeration."));
    let _ = writeln!(
        out,
        "    pub enum {} expecting {}, described {} {{",
        item.name,
        literal(&expecting),
        literal(&described)
    );
    for v in &item.variants {
        doc_lines(out, "        ", &format!("`{}`", v.wire));
        let _ = writeln!(out, "        {} = {},", v.rust, literal(&v.wire));
    }
    out.push_str("    }\n}\n\n");
}

/// Whether the event's struct has the common property `name` of type `ty`, and how: `required`
/// (a `T`), `optional` (an `Option<T>`), `optional_nullable` (an `Option<Option<T>>`) or
/// `absent`.
fn envelope(event: &EventItem, name: &str, ty: &FieldType) -> &'static str {
    match event
        .body
        .fields
        .iter()
        .find(|f| f.name.wire == name && f.name.rust == name && f.ty == *ty)
    {
        Some(f) => match f.state {
            FieldState::Required => "required",
            FieldState::RequiredNullable | FieldState::Optional => "optional",
            FieldState::OptionalNullable => "optional_nullable",
        },
        None => "absent",
    }
}

/// The list of events that defines `SeamEvent` and `EventType`, each with its feature.
pub fn event_list_text(out: &mut String, plan: &Plan, features: &Features) {
    let _ = writeln!(out, "{}::seam_event! {{", super::runtime_crate());
    for (e, feature) in plan.events.iter().zip(&features.by_event) {
        doc_lines(
            out,
            "    ",
            &format!(
                "`{}`: {}",
                e.event_type,
                super::api::first_sentence(&e.body.doc)
            ),
        );
        let _ = writeln!(
            out,
            "    {}({}) = {} in {} {{ event_id: {}, workspace_id: {}, created_at: {}, occurred_at: {} }},",
            e.variant,
            e.body.name,
            literal(&e.event_type),
            literal(feature),
            envelope(e, "event_id", &FieldType::Uuid),
            envelope(e, "workspace_id", &FieldType::Uuid),
            envelope(e, "created_at", &FieldType::DateTime),
            envelope(e, "occurred_at", &FieldType::DateTime),
        );
    }
    out.push_str("}\n");
}

#[cfg(test)]
mod tests {
    use super::is_plain_key;

    #[test]
    fn keys_that_json_escapes_are_told_apart() {
        assert!(is_plain_key("acs_system_id") && is_plain_key("ünïcode key"));
        for key in ["a\"b", "a\\b", "tab\there", "nul\u{0}"] {
            assert!(!is_plain_key(key), "{key:?}");
            // The marked names are exactly those serde_json writes differently from `"key"`.
            assert_ne!(serde_json::to_string(key).unwrap(), format!("\"{key}\""));
        }
        assert_eq!(
            serde_json::to_string("ünïcode key").unwrap(),
            "\"ünïcode key\""
        );
    }
}
