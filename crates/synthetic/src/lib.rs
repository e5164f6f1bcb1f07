//! Synthetic documentation pages in both formats, with every construct the docs use, so that the
//! pipeline can be tried at the size of the complete event reference and far beyond.
//!
//! The pages are a pure function of the event count: the same count gives the same bytes.

#![forbid(unsafe_code)]

use std::fmt::Write as _;

use seam_schema::SourceFile;
use serde_json::{Value, json};

/// How many events share a page (and a resource).
pub const EVENTS_PER_PAGE: usize = 8;

const UUID: &str = "00000000-0000-0000-0000-000000000000";
const TIME: &str = "2025-01-01T00:00:00.000Z";

/// One documented property, in the form both page formats need.
struct Prop {
    name: String,
    ty: &'static str,
    description: String,
    /// The value list of an enumeration (`Possible values:`) or constant (`Value:`).
    values: Option<(bool, Vec<String>)>,
    children: Vec<Prop>,
    example: Value,
}

fn prop(name: &str, ty: &'static str, description: &str, example: Value) -> Prop {
    Prop {
        name: name.into(),
        ty,
        description: description.into(),
        values: None,
        children: vec![],
        example,
    }
}

fn enumeration(name: &str, description: &str, values: &[&str]) -> Prop {
    let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
    Prop {
        example: json!(values[0]),
        values: Some((true, values)),
        ..prop(name, "Enum (String)", description, Value::Null)
    }
}

fn object(name: &str, description: &str, children: Vec<Prop>) -> Prop {
    let example = Value::Object(
        children
            .iter()
            .map(|c| (c.name.clone(), c.example.clone()))
            .collect(),
    );
    Prop {
        children,
        ..prop(name, "Object", description, example)
    }
}

/// The event type of event `i`: two segments mostly, three or four now and then.
pub fn event_type(i: usize) -> String {
    let resource = format!("synthetic_{}", i / EVENTS_PER_PAGE);
    match i % 7 {
        3 => format!("{resource}.sub.event_{i}"),
        5 => format!("{resource}.deep.sub.event_{i}"),
        _ => format!("{resource}.event_{i}"),
    }
}

/// The properties of event `i`, sorted by name as the docs sort them.
fn props(i: usize, et: &str) -> Vec<Prop> {
    let res = format!("synthetic_{}", i / EVENTS_PER_PAGE);
    let mut out = vec![
        prop(
            "created_at",
            "String (ISO 8601)",
            "Date and time at which the event was created.",
            json!(TIME),
        ),
        object(
            "details",
            "Details of what happened, if any.",
            vec![
                object(
                    "battery",
                    "The battery.",
                    vec![
                        prop(
                            "level",
                            "number",
                            "Battery level between 0 and 1.",
                            json!(0.5),
                        ),
                        prop("note", "String", "A note, if any.", json!("ok")),
                    ],
                ),
                enumeration("status", "The status.", &["low", "ok", "heat_cool"]),
            ],
        ),
        prop("device_ids", "Array", "IDs of the devices.", json!([UUID])),
        prop("event_id", "String (UUID)", "ID of the event.", json!(UUID)),
        Prop {
            values: Some((false, vec![et.to_owned()])),
            ..prop("event_type", "Enum (String)", "", json!(et))
        },
        prop(
            &format!("is_flag_{}", i % 3),
            "Boolean",
            "Whether the flag is set.",
            json!(i % 2 == 0),
        ),
        prop(
            &format!("level_{}", i % 4),
            "number",
            "A measurement.",
            json!(i as f64 / 4.0),
        ),
        prop(
            "metadata",
            "Object",
            "Custom metadata, present when device\\_id is provided.",
            json!({}),
        ),
        enumeration(
            "mode",
            "The mode; see [modes](https://docs.seam.co/modes).",
            &["off", "heat", "cool", "heat_cool"],
        ),
        prop(
            "name",
            "String",
            if i % 5 == 0 {
                "undocumented: Internal name."
            } else {
                "The name."
            },
            json!("n"),
        ),
        prop(
            "occurred_at",
            "String (ISO 8601)",
            "Date and time at which the event occurred.",
            json!(TIME),
        ),
        prop(
            &format!("{res}_errors"),
            "Array",
            "Errors associated with the resource.",
            json!([]),
        ),
        prop(
            &format!("{res}_id"),
            "String (UUID)",
            "ID of the affected resource.",
            json!(UUID),
        ),
        prop("tags", "Array", "Tags.", json!(["a", "b"])),
        prop(
            "workspace_id",
            "String (UUID)",
            "ID of the workspace associated with the event.",
            json!(UUID),
        ),
    ];
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn example(props: &[Prop]) -> Value {
    Value::Object(
        props
            .iter()
            .map(|p| (p.name.clone(), p.example.clone()))
            .collect(),
    )
}

fn mdx_fields(out: &mut String, props: &[Prop], indent: usize) {
    let pad = " ".repeat(indent);
    for p in props {
        let _ = writeln!(
            out,
            "{pad}<ResponseField name=\"{}\" type=\"{}\">",
            p.name, p.ty
        );
        if !p.description.is_empty() {
            let _ = writeln!(out, "{pad}  {}", p.description);
        }
        if let Some((many, values)) = &p.values {
            if !p.description.is_empty() {
                out.push('\n');
            }
            let list = values
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let _ = writeln!(
                out,
                "{pad}  {}: {list}",
                if *many { "Possible values" } else { "Value" }
            );
        }
        if !p.children.is_empty() {
            let _ = writeln!(out, "\n{pad}  <Expandable title=\"properties\">");
            mdx_fields(out, &p.children, indent + 4);
            let _ = writeln!(out, "{pad}  </Expandable>");
        }
        let _ = writeln!(out, "{pad}</ResponseField>\n");
    }
}

/// The plain text a browser shows for a description of these pages.
fn rendered_text(description: &str) -> String {
    let mut text = description.replace("\\_", "_");
    while let (Some(open), Some(mid)) = (text.find('['), text.find("](")) {
        let Some(close) = text[mid..].find(')').map(|c| mid + c) else {
            break;
        };
        text = format!(
            "{}{}{}",
            &text[..open],
            &text[open + 1..mid],
            &text[close + 1..]
        );
    }
    text
}

fn rendered_fields(out: &mut String, props: &[Prop]) {
    for p in props {
        let _ = writeln!(out, "{}\n{}", p.name, p.ty);
        if !p.description.is_empty() {
            let _ = writeln!(out, "{}", rendered_text(&p.description));
        }
        if let Some((many, values)) = &p.values {
            let _ = writeln!(
                out,
                "{}: {}",
                if *many { "Possible values" } else { "Value" },
                values.join(", ")
            );
        }
        if !p.children.is_empty() {
            out.push_str("Hide properties\n");
            rendered_fields(out, &p.children);
        }
    }
}

/// `n` events as MDX pages of [`EVENTS_PER_PAGE`] events each; every other page also as the
/// rendered page a browser shows, so that both parsers and the merge are exercised.
pub fn pages(n: usize) -> Vec<SourceFile> {
    let mut files = Vec::new();
    for (page, start) in (0..n).step_by(EVENTS_PER_PAGE).enumerate() {
        let mut mdx =
            format!("# Synthetic Events {page}\n\n> Webhook events of a synthetic resource.\n\n");
        let mut rendered = String::from("Skip to main content\n");
        for i in start..(start + EVENTS_PER_PAGE).min(n) {
            let et = event_type(i);
            let props = props(i, &et);
            let json = serde_json::to_string_pretty(&example(&props)).unwrap_or_default();
            let description =
                format!("A [synthetic resource](https://docs.seam.co/synthetic) had event {i}.");
            let _ = write!(
                mdx,
                "## `{et}`\n\n{description}\n\n```json Example webhook payload theme={{null}}\n{json}\n```\n\n<Accordion title=\"Properties\">\n"
            );
            mdx_fields(&mut mdx, &props, 2);
            mdx.push_str("</Accordion>\n\n");
            let _ = write!(
                rendered,
                "\n{et}\n\n{}\nExample webhook payload\n{json}\n",
                rendered_text(&description)
            );
            rendered_fields(&mut rendered, &props);
        }
        files.push(SourceFile::new(
            format!("synthetic/page_{page:05}.mdx"),
            mdx,
        ));
        if page % 2 == 0 {
            files.push(SourceFile::new(
                format!("synthetic/page_{page:05}.txt"),
                rendered,
            ));
        }
    }
    files
}

/// Overrides for the synthetic pages: the shared error shape and the rule for `*_errors`.
pub fn overrides() -> SourceFile {
    SourceFile::new(
        "synthetic/overrides.toml",
        r#"[definitions.seam_error]
description = "An error Seam reports on a resource."

[definitions.seam_error.properties.error_code]
kind = "string"
description = "Unique identifier of the type of error."
presence = "always"

[definitions.seam_error.properties.message]
kind = "string"
description = "Detailed description of the error."
presence = "always"

[[rule]]
id = "errors-are-seam-errors"
why = "The docs type every *_errors property as a bare Array."
match = { property = "*_errors" }
set = { items = { kind = "ref", name = "seam_error" } }
"#,
    )
}
