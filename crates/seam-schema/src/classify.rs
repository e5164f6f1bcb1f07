//! Turns a parsed page into schema events: type strings become [`Type`]s, enum values are read.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::Diagnostic;
use crate::model::{Event, Property, StringFormat, Type, resource_of};
use crate::page::{Page, RawEvent, RawProperty, Text};
use crate::source::Format;

/// The type strings the docs use, as the importer knows them.
pub const KNOWN_TYPES: &[&str] = &[
    "String",
    "String (UUID)",
    "String (ISO 8601)",
    "Boolean",
    "number",
    "Object",
    "Array",
    "Enum (String)",
];

/// One event as one page documents it, with where each fact sits on the page.
#[derive(Debug, Clone)]
pub struct DocEvent {
    /// The event as this page alone documents it.
    pub event: Event,
    /// The page's path, for messages.
    pub file: String,
    /// The page's format.
    pub format: Format,
    /// The parsed event, for the lines of later messages: its heading line, example line and
    /// example text only (its description, example and properties live on in `event`; keeping
    /// them twice doubled the importer's memory).
    pub raw: RawEvent,
    /// The plain text of each description, by property path (`""` for the event's own).
    pub plain: BTreeMap<String, String>,
    /// The line of each property, by path such as `details.battery.level`.
    pub lines: BTreeMap<String, usize>,
}

/// Classifies every event of `page`, collecting every error rather than stopping at the first.
pub fn classify(page: &Page) -> Result<Vec<DocEvent>, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for raw in &page.events {
        let mut cx = Cx {
            page,
            plain: BTreeMap::new(),
            lines: BTreeMap::new(),
            errors: Vec::new(),
        };
        let event = cx.event(raw);
        if cx.errors.is_empty() {
            out.push(DocEvent {
                event,
                file: page.path.clone(),
                format: page.format,
                raw: RawEvent {
                    event_type: raw.event_type.clone(),
                    line: raw.line,
                    description: Default::default(),
                    example: serde_json::Value::Null,
                    example_text: raw.example_text.clone(),
                    example_line: raw.example_line,
                    properties: Vec::new(),
                },
                plain: cx.plain,
                lines: cx.lines,
            });
        }
        errors.append(&mut cx.errors);
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

struct Cx<'a> {
    page: &'a Page,
    plain: BTreeMap<String, String>,
    lines: BTreeMap<String, usize>,
    errors: Vec<Diagnostic>,
}

impl Cx<'_> {
    fn error(&mut self, line: usize, message: String) {
        self.errors
            .push(Diagnostic::new(&self.page.path, line, message));
    }

    fn event(&mut self, raw: &RawEvent) -> Event {
        let et = raw.event_type.as_str();
        if let Some(found) = raw.example.get("event_type") {
            if found.as_str() != Some(et) {
                self.error(
                    raw.example_key_line("event_type"),
                    format!(
                        "the example's event_type is {found} but the heading at line {} says \
                         `{et}`: expected the example to be of the event it documents",
                        raw.line
                    ),
                );
            }
        }
        self.plain
            .insert(String::new(), raw.description.plain.clone());
        let properties = self.properties(et, "", &raw.properties);
        if let Some(Property {
            ty: Type::Const { value },
            ..
        }) = properties.get("event_type")
        {
            if value != et {
                let line = self.lines.get("event_type").copied().unwrap_or(raw.line);
                self.error(
                    line,
                    format!(
                        "property event_type has the value `{value}` but the heading at line {} \
                         says `{et}`: expected them to agree",
                        raw.line
                    ),
                );
            }
        }
        Event {
            event_type: et.to_owned(),
            resource: resource_of(et).to_owned(),
            description: raw.description.markdown.clone(),
            sources: BTreeSet::from([self.page.name.clone()]),
            properties,
            example: raw.example.clone(),
        }
    }

    fn properties(
        &mut self,
        et: &str,
        prefix: &str,
        raws: &[RawProperty],
    ) -> BTreeMap<String, Property> {
        let mut out = BTreeMap::new();
        for raw in raws {
            let path = format!("{prefix}{}", raw.name);
            if let Some(&first) = self.lines.get(&path) {
                self.error(
                    raw.line,
                    format!(
                        "event `{et}` documents property `{path}` twice (first at line {first}): \
                         expected each property once"
                    ),
                );
                continue;
            }
            self.lines.insert(path.clone(), raw.line);
            if let Some(property) = self.property(et, &path, raw) {
                out.insert(raw.name.clone(), property);
            }
        }
        out
    }

    fn property(&mut self, et: &str, path: &str, raw: &RawProperty) -> Option<Property> {
        let (mut text, undocumented) = strip_undocumented(&raw.description, self.page.format);
        let nested = |cx: &mut Self| cx.properties(et, &format!("{path}."), &raw.children);
        let ty = match raw.type_name.trim() {
            "String" => Type::STRING,
            "String (UUID)" => Type::String {
                format: Some(StringFormat::Uuid),
            },
            "String (ISO 8601)" => Type::String {
                format: Some(StringFormat::DateTime),
            },
            "Boolean" => Type::Boolean,
            "number" | "Number" => Type::Number,
            "Object" if raw.children.is_empty() => Type::Object { properties: None },
            "Object" => Type::Object {
                properties: Some(nested(self)),
            },
            "Array" if raw.children.is_empty() => Type::Array {
                items: Box::new(Type::Any),
            },
            "Array" => Type::Array {
                items: Box::new(Type::Object {
                    properties: Some(nested(self)),
                }),
            },
            "Enum (String)" => match enum_values(&text, self.page.format) {
                Ok((ty, rest)) => {
                    text = rest;
                    ty
                }
                Err(why) => {
                    self.error(
                        raw.line,
                        format!("property `{path}` of event `{et}`: {why}"),
                    );
                    return None;
                }
            },
            other => {
                self.error(
                    raw.line,
                    format!(
                        "property `{path}` of event `{et}` has the unknown type `{other}`: \
                         expected one of {}",
                        KNOWN_TYPES
                            .iter()
                            .map(|t| format!("`{t}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
                return None;
            }
        };
        if !raw.children.is_empty() && !matches!(ty, Type::Object { .. } | Type::Array { .. }) {
            self.error(
                raw.line,
                format!(
                    "property `{path}` of event `{et}` has nested properties but the type `{}`: \
                     expected `Object` or `Array`",
                    raw.type_name
                ),
            );
        }
        self.plain.insert(path.to_owned(), text.plain.clone());
        let (presence, nullable) = crate::infer::wording(&text.plain, undocumented);
        Some(Property {
            ty,
            description: text.markdown,
            presence,
            nullable,
            provenance: Vec::new(),
            undocumented,
            sources: if path.contains('.') {
                BTreeSet::new()
            } else {
                BTreeSet::from([self.page.name.clone()])
            },
        })
    }
}

fn text_in(format: Format, s: String) -> Text {
    match format {
        Format::Mdx => Text::from_markdown(s),
        Format::Rendered => Text::from_plain(s),
    }
}

/// Splits off an `undocumented:` prefix: the property exists but is not yet published. The docs
/// may end the prefix's note with a line of `---` before the description: a separator, which
/// Markdown would read as the underline of a heading, so it becomes a paragraph break.
fn strip_undocumented(text: &Text, format: Format) -> (Text, bool) {
    let md = text.markdown.trim_start();
    match md.get(..13) {
        Some(p) if p.eq_ignore_ascii_case("undocumented:") => {
            let rest = md[13..].trim_start();
            let lines: Vec<&str> = rest.lines().collect();
            let rest = match lines.iter().position(|l| l.trim() == "---") {
                Some(at) if at > 0 => {
                    let note = lines[..at].join("\n");
                    let body = lines[at + 1..].join("\n");
                    format!("{}\n\n{}", note.trim_end(), body.trim_start())
                        .trim()
                        .to_owned()
                }
                _ => rest.to_owned(),
            };
            (text_in(format, rest), true)
        }
        _ => (text.clone(), false),
    }
}

/// Reads `Value: x` (a constant) or `Possible values: a, b` (an enumeration) out of a
/// description; returns the type and the description without that part.
fn enum_values(text: &Text, format: Format) -> Result<(Type, Text), String> {
    let lines: Vec<&str> = text.markdown.lines().collect();
    let found = lines.iter().enumerate().find_map(|(i, l)| {
        let l = l.trim();
        l.strip_prefix("Possible values:")
            .map(|rest| (i, rest, true))
            .or_else(|| l.strip_prefix("Value:").map(|rest| (i, rest, false)))
    });
    let Some((at, first, many)) = found else {
        return Err(
            "an `Enum (String)` property needs `Value: ...` or `Possible values: ...` \
                    in its description, and neither was found"
                .into(),
        );
    };
    // The list runs on until a blank line.
    let mut end = at + 1;
    let mut list = first.to_owned();
    while end < lines.len() && !lines[end].trim().is_empty() {
        list.push(' ');
        list.push_str(lines[end].trim());
        end += 1;
    }
    let values: Vec<String> = list
        .split(',')
        .map(enum_value)
        .filter(|v| !v.is_empty())
        .collect();
    let ty = match (many, values.as_slice()) {
        (_, []) => return Err("`Value:` / `Possible values:` lists no value".into()),
        (false, [one]) => Type::Const { value: one.clone() },
        (false, _) => {
            return Err(format!(
                "`Value:` gives {} values: expected one (several go after `Possible values:`)",
                values.len()
            ));
        }
        (true, _) => {
            let mut seen = BTreeSet::new();
            if let Some(dup) = values.iter().find(|v| !seen.insert(v.as_str())) {
                return Err(format!(
                    "`Possible values:` lists `{dup}` twice: expected each value once"
                ));
            }
            Type::Enum { values }
        }
    };
    let rest: Vec<&str> = lines[..at].iter().chain(&lines[end..]).copied().collect();
    Ok((ty, text_in(format, rest.join("\n").trim().to_owned())))
}

/// One value of a `Possible values:` list: backticks and backslash escapes removed.
fn enum_value(s: &str) -> String {
    let s = s.trim().trim_end_matches('.').trim();
    let s = s
        .strip_prefix('`')
        .and_then(|s| s.strip_suffix('`'))
        .unwrap_or(s);
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(md: &str) -> Text {
        Text::from_markdown(md.into())
    }

    #[test]
    fn const_and_enumerations() {
        let (ty, rest) = enum_values(&t("Value: `lock.unlocked`"), Format::Mdx).unwrap();
        assert_eq!(
            ty,
            Type::Const {
                value: "lock.unlocked".into()
            }
        );
        assert_eq!(rest.markdown, "");
        let (ty, rest) = enum_values(
            &t("How it was unlocked.\n\nPossible values: `keycode`, `manual\\_x`"),
            Format::Mdx,
        )
        .unwrap();
        assert_eq!(
            ty,
            Type::Enum {
                values: vec!["keycode".into(), "manual_x".into()]
            }
        );
        assert_eq!(rest.markdown, "How it was unlocked.");
        let (ty, _) = enum_values(
            &Text::from_plain("Possible values: heat, cool,\nheat_cool".into()),
            Format::Rendered,
        )
        .unwrap();
        assert_eq!(
            ty,
            Type::Enum {
                values: vec!["heat".into(), "cool".into(), "heat_cool".into()]
            }
        );
    }

    #[test]
    fn enum_errors() {
        assert!(
            enum_values(&t("Just text."), Format::Mdx)
                .unwrap_err()
                .contains("neither")
        );
        assert!(
            enum_values(&t("Possible values: `a`, `a`"), Format::Mdx)
                .unwrap_err()
                .contains("twice")
        );
        assert!(
            enum_values(&t("Value: `a`, `b`"), Format::Mdx)
                .unwrap_err()
                .contains("expected one")
        );
    }

    #[test]
    fn undocumented_prefix() {
        let (text, flagged) = strip_undocumented(&t("undocumented: Internal use."), Format::Mdx);
        assert!(flagged);
        assert_eq!(text.markdown, "Internal use.");
        assert!(!strip_undocumented(&t("Documented."), Format::Mdx).1);
        // A separator line after the note is a paragraph break, not a heading's underline.
        let (text, _) =
            strip_undocumented(&t("undocumented: Unreleased.\n---\nID of it."), Format::Mdx);
        assert_eq!(text.markdown, "Unreleased.\n\nID of it.");
    }
}
