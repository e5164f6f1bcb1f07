//! Merges the events of every page: identical facts merge, differing facts are an error.

use std::collections::BTreeMap;

use crate::classify::DocEvent;
use crate::diagnostic::Diagnostic;
use crate::model::{Event, Property, Type};
use crate::source::Format;

/// Where a merged event is documented, for later messages: the page whose text the schema
/// keeps (the MDX source when there is one) and the lines on it.
#[derive(Debug, Clone)]
pub struct Site {
    /// The page's path.
    pub file: String,
    /// The event heading's line.
    pub line: usize,
    /// The parsed event, for the lines of example keys.
    pub raw: crate::page::RawEvent,
    /// The line of each property, by path.
    pub lines: BTreeMap<String, usize>,
}

impl Site {
    /// The line of the property at `path` (the heading's if unknown, e.g. nested in a definition).
    pub fn line_of(&self, path: &str) -> usize {
        self.lines.get(path).copied().unwrap_or(self.line)
    }
}

/// The merged events, sorted by type, and the site of each by event type.
pub type Merged = (Vec<Event>, BTreeMap<String, Site>);

/// Merges `docs` (in page path order) into events sorted by type, with the site of each.
pub fn merge(docs: Vec<DocEvent>) -> Result<Merged, Vec<Diagnostic>> {
    let mut groups: BTreeMap<String, Vec<DocEvent>> = BTreeMap::new();
    for doc in docs {
        groups
            .entry(doc.event.event_type.clone())
            .or_default()
            .push(doc);
    }
    let mut errors = Vec::new();
    let mut events = Vec::new();
    let mut sites = BTreeMap::new();
    for (event_type, mut group) in groups {
        // Keep the richest text: the MDX source's Markdown over a rendered page's plain text.
        group.sort_by_key(|d| (d.format != Format::Mdx, d.file.clone(), d.raw.line));
        let mut docs = group.into_iter();
        let Some(base) = docs.next() else { continue };
        let others: Vec<DocEvent> = docs.collect();
        let conflicts: Vec<Diagnostic> = others.iter().filter_map(|o| conflict(&base, o)).collect();
        if !conflicts.is_empty() {
            errors.extend(conflicts);
            continue;
        }
        let DocEvent {
            mut event,
            file,
            raw,
            lines,
            ..
        } = base;
        for other in &others {
            event.sources.extend(other.event.sources.iter().cloned());
            for (name, p) in &mut event.properties {
                if let Some(q) = other.event.properties.get(name) {
                    p.sources.extend(q.sources.iter().cloned());
                }
            }
        }
        sites.insert(
            event_type,
            Site {
                file,
                line: raw.line,
                lines,
                raw,
            },
        );
        events.push(event);
    }
    if errors.is_empty() {
        Ok((events, sites))
    } else {
        Err(errors)
    }
}

/// The first fact on which two pages disagree, as an error naming both places.
fn conflict<'a>(a: &'a DocEvent, b: &'a DocEvent) -> Option<Diagnostic> {
    let et = &a.event.event_type;
    if a.file == b.file {
        return Some(Diagnostic::new(
            &b.file,
            b.raw.line,
            format!(
                "event `{et}` is documented twice in this page (lines {} and {}): expected each \
                 event once",
                a.raw.line, b.raw.line
            ),
        ));
    }
    let plain = |d: &'a DocEvent, path: &str| d.plain.get(path).map_or("", String::as_str);
    let (line_a, line_b, what) = if plain(a, "") != plain(b, "") {
        let what = format!(
            "the description reads \"{}\" here but \"{}\" there",
            plain(b, ""),
            plain(a, "")
        );
        (a.raw.line, b.raw.line, what)
    } else if a.event.example != b.event.example {
        let key = first_differing_key(&a.event.example, &b.event.example);
        (
            a.raw.example_key_line(&key),
            b.raw.example_key_line(&key),
            format!("the example payloads differ at `{key}`"),
        )
    } else {
        let (path, what) = compare(a, b, "", &a.event.properties, &b.event.properties)?;
        let line = |d: &DocEvent| d.lines.get(&path).copied().unwrap_or(d.raw.line);
        (line(a), line(b), what)
    };
    Some(Diagnostic::new(
        &b.file,
        line_b,
        format!(
            "event `{et}` is documented differently by two pages: {what} (here and at {}:{line_a}); \
             expected the pages to agree",
            a.file
        ),
    ))
}

/// The first top-level key whose value differs between two example payloads.
fn first_differing_key(a: &serde_json::Value, b: &serde_json::Value) -> String {
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return String::new();
    };
    a.keys()
        .chain(b.keys())
        .find(|k| a.get(*k) != b.get(*k))
        .cloned()
        .unwrap_or_default()
}

/// The first difference between two property lists, as (path, what differs).
fn compare(
    a: &DocEvent,
    b: &DocEvent,
    prefix: &str,
    pa: &BTreeMap<String, Property>,
    pb: &BTreeMap<String, Property>,
) -> Option<(String, String)> {
    for name in pa.keys().chain(pb.keys()) {
        let path = format!("{prefix}{name}");
        let (p, q) = match (pa.get(name), pb.get(name)) {
            (Some(p), Some(q)) => (p, q),
            (Some(_), None) => {
                return Some((path.clone(), format!("property `{path}` is missing here")));
            }
            (None, _) => {
                return Some((
                    path.clone(),
                    format!("property `{path}` is not documented there"),
                ));
            }
        };
        if shape(&p.ty) != shape(&q.ty) {
            return Some((
                path.clone(),
                format!(
                    "property `{path}` is {} here but {} there",
                    q.ty.describe(),
                    p.ty.describe()
                ),
            ));
        }
        if p.presence != q.presence || p.nullable != q.nullable || p.undocumented != q.undocumented
        {
            return Some((
                path.clone(),
                format!("property `{path}` is flagged differently"),
            ));
        }
        if a.plain.get(&path) != b.plain.get(&path) {
            return Some((
                path.clone(),
                format!(
                    "property `{path}` reads \"{}\" here but \"{}\" there",
                    b.plain.get(&path).map_or("", String::as_str),
                    a.plain.get(&path).map_or("", String::as_str)
                ),
            ));
        }
        if let (Some(na), Some(nb)) = (nested(&p.ty), nested(&q.ty)) {
            if let Some(diff) = compare(a, b, &format!("{path}."), na, nb) {
                return Some(diff);
            }
        }
    }
    None
}

/// The properties nested in an object or in an array's object items.
fn nested(ty: &Type) -> Option<&BTreeMap<String, Property>> {
    match ty {
        Type::Object { properties } => properties.as_ref(),
        Type::Array { items } => nested(items),
        _ => None,
    }
}

/// A type with nested properties reduced to nothing: what must agree at this level.
fn shape(ty: &Type) -> Type {
    match ty {
        Type::Object { properties } => Type::Object {
            properties: properties.as_ref().map(|_| BTreeMap::new()),
        },
        Type::Array { items } => Type::Array {
            items: Box::new(shape(items)),
        },
        other => other.clone(),
    }
}
