//! Parses a page as a browser renders it: event type, description, example, property triples.
//!
//! The rendered text has no markup, so the grammar is read off the lines:
//!
//! ```text
//! Skip to main content            <- anything before the first event is ignored
//!
//! lock.unlocked                   <- the event type: the nearest such line above
//!                                    `Example webhook payload`
//! A lock was unlocked.            <- description (any number of lines)
//! Example webhook payload
//! { ... }                         <- the example, one JSON object over any number of lines
//! details                         <- property name
//! Object                          <- its type (one word, maybe with a parenthesized detail)
//! Details of the unlock.          <- its description (any number of lines, maybe none)
//! Hide properties                 <- an expanded `<Expandable>`: nested properties follow
//! battery                         <- a nested property ...
//! ```
//!
//! Nesting is not marked where it ends, so a property belongs to the innermost open object
//! whose example value has that key; where an object's example gives no keys, the docs'
//! alphabetical order decides: a name that sorts before the previous sibling closes the object.

use serde_json::Value;

use super::{is_event_type, parse_example};
use crate::diagnostic::Diagnostic;
use crate::page::{RawEvent, RawProperty, Text};

/// The line that announces the example payload.
const EXAMPLE_MARKER: &str = "Example webhook payload";

/// Parses rendered page `text` (already decoded) from the file `path`.
pub fn parse(path: &str, text: &str) -> Result<Vec<RawEvent>, Diagnostic> {
    let lines: Vec<&str> = text.lines().collect();
    // Each event is anchored on its example marker; its heading is the nearest event type above.
    let mut anchors = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.trim() == EXAMPLE_MARKER {
            let heading = (0..i).rev().find(|&j| is_event_type(lines[j].trim())).ok_or_else(|| {
                Diagnostic::new(
                    path,
                    i + 1,
                    format!("`{EXAMPLE_MARKER}` follows no event type: expected a line such as `acs_system.connected` above it"),
                )
            })?;
            if let Some(&(prev_heading, prev_marker)) = anchors.last() {
                if heading <= prev_marker {
                    return Err(Diagnostic::new(
                        path,
                        i + 1,
                        format!(
                            "a second `{EXAMPLE_MARKER}` for the event at line {}: expected one example per event",
                            prev_heading + 1
                        ),
                    ));
                }
            }
            anchors.push((heading, i));
        }
    }
    if anchors.is_empty() {
        let line = lines
            .iter()
            .position(|l| is_event_type(l.trim()))
            .map_or(1, |i| i + 1);
        return Err(Diagnostic::new(
            path,
            line,
            format!(
                "the page documents no event: expected an event type line followed by its description and `{EXAMPLE_MARKER}`"
            ),
        ));
    }
    let cx = Cx {
        path,
        lines: &lines,
    };
    anchors
        .iter()
        .enumerate()
        .map(|(k, &(heading, marker))| {
            let end = anchors.get(k + 1).map_or(lines.len(), |&(next, _)| next);
            cx.event(heading, marker, end)
        })
        .collect()
}

struct Cx<'a> {
    path: &'a str,
    lines: &'a [&'a str],
}

/// An object whose nested properties are being read.
struct Open<'v> {
    /// Where the new children go, as indices down the property tree.
    at: Vec<usize>,
    /// The example's value for this object, if it has keys.
    keys: Option<&'v serde_json::Map<String, Value>>,
    /// Its properties are shown (a `Hide properties` line) rather than inferred from the example.
    shown: bool,
    /// The name of the last child read.
    last: Option<String>,
}

impl Cx<'_> {
    fn err(&self, index: usize, message: String) -> Diagnostic {
        Diagnostic::new(self.path, index + 1, message)
    }

    fn event(&self, heading: usize, marker: usize, end: usize) -> Result<RawEvent, Diagnostic> {
        let event_type = self.lines[heading].trim().to_owned();
        let description: Vec<&str> = self.lines[heading + 1..marker]
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
            .collect();

        // The example: one JSON value starting on the line after the marker.
        let start = marker + 1;
        let rest = self.lines[start.min(end)..end].join("\n");
        let mut stream = serde_json::Deserializer::from_str(&rest).into_iter::<Value>();
        let parsed = stream.next();
        let consumed = stream.byte_offset();
        let example_text = rest[..consumed].trim().to_owned();
        let example = match parsed {
            Some(Ok(_)) => parse_example(&example_text),
            Some(Err(e)) => Err(super::json_error(&e)),
            None => Err((
                1,
                "the example payload is missing: expected a JSON object".into(),
            )),
        }
        .map_err(|(line, why)| self.err(start + line - 1, why))?;
        let first_line = start
            + rest[..consumed]
                .chars()
                .take_while(|c| c.is_whitespace())
                .filter(|&c| c == '\n')
                .count();
        let after = start + rest[..consumed].matches('\n').count() + 1;

        let properties = self.properties(&event_type, &example, after, end)?;
        Ok(RawEvent {
            event_type,
            line: heading + 1,
            description: Text::from_plain(description.join("\n")),
            example,
            example_text,
            example_line: first_line + 1,
            properties,
        })
    }

    /// The property entries in lines `from..end`.
    fn properties(
        &self,
        et: &str,
        example: &Value,
        from: usize,
        end: usize,
    ) -> Result<Vec<RawProperty>, Diagnostic> {
        let mut roots: Vec<RawProperty> = Vec::new();
        let mut open: Vec<Open> = Vec::new();
        let mut i = from;
        while i < end && self.lines[i].trim().is_empty() {
            i += 1;
        }
        while i < end {
            let name = self.lines[i].trim();
            if !self.starts_property(i, end) {
                return Err(self.err(
                    i,
                    format!(
                        "expected a property of `{et}`: its name on one line and its type on the \
                         next, found `{name}`{}",
                        self.next_line_hint(i, end)
                    ),
                ));
            }
            let type_name = self.lines[i + 1].trim();
            let mut j = i + 2;
            let mut description = Vec::new();
            let mut toggled = false;
            while j < end && !self.starts_property(j, end) {
                let line = self.lines[j].trim();
                if is_toggle(line) {
                    toggled = true;
                    j += 1;
                    break;
                }
                // A value list may continue on the lines after `Value:` / `Possible values:`.
                if !description.last().is_some_and(|l: &&str| l.ends_with(':')) {
                    self.check_description_line(et, j, end)?;
                }
                if !line.is_empty() {
                    description.push(line);
                }
                j += 1;
            }
            // Close the objects this property cannot belong to.
            while let Some(top) = open.last() {
                let belongs = match (top.keys, &top.last) {
                    (Some(keys), _) => keys.contains_key(name),
                    (None, Some(last)) => top.shown && name > last.as_str(),
                    (None, None) => top.shown,
                };
                if belongs {
                    break;
                }
                open.pop();
            }
            let property = RawProperty {
                name: name.to_owned(),
                type_name: type_name.to_owned(),
                description: Text::from_plain(description.join("\n")),
                line: i + 1,
                children: Vec::new(),
            };
            let parent_value = match open.last() {
                Some(top) => top.keys.and_then(|k| k.get(name)),
                None => example.get(name),
            };
            let siblings = match open.last_mut() {
                Some(top) => {
                    top.last = Some(name.to_owned());
                    let at = top.at.clone();
                    children_at(&mut roots, &at)
                }
                None => &mut roots,
            };
            siblings.push(property);
            let mut at = open.last().map(|t| t.at.clone()).unwrap_or_default();
            at.push(siblings.len() - 1);
            // Objects and arrays of objects may hold nested properties.
            let value = match parent_value {
                Some(Value::Array(items)) => items.first(),
                v => v,
            };
            let keys = value.and_then(Value::as_object).filter(|m| !m.is_empty());
            if matches!(type_name, "Object" | "Array") && (toggled || keys.is_some()) {
                if open.len() >= super::MAX_NESTING {
                    return Err(super::too_deep(self.path, i + 1));
                }
                open.push(Open {
                    at,
                    keys,
                    shown: toggled,
                    last: None,
                });
            }
            i = j;
            while i < end && self.lines[i].trim().is_empty() {
                i += 1;
            }
        }
        Ok(roots)
    }

    /// Whether line `i` starts a property: a name, then a type-shaped line.
    fn starts_property(&self, i: usize, end: usize) -> bool {
        i + 1 < end && is_name(self.lines[i].trim()) && is_type_shaped(self.lines[i + 1].trim())
    }

    /// Rejects description lines that are really a misplaced heading or an untyped property.
    fn check_description_line(&self, et: &str, j: usize, end: usize) -> Result<(), Diagnostic> {
        let line = self.lines[j].trim();
        if is_event_type(line) {
            return Err(self.err(
                j,
                format!("`{line}` looks like an event type, but no `{EXAMPLE_MARKER}` follows it: expected the event's description, `{EXAMPLE_MARKER}` and its example"),
            ));
        }
        if is_name(line) && line.contains('_') {
            return Err(self.err(
                j,
                format!(
                    "`{line}` looks like a property of `{et}` without a type: expected its type on \
                     the next line{}",
                    self.next_line_hint(j, end)
                ),
            ));
        }
        Ok(())
    }

    fn next_line_hint(&self, i: usize, end: usize) -> String {
        match self.lines.get(i + 1).filter(|_| i + 1 < end) {
            Some(next) => format!(
                " (line {} holds `{}`, which is not a type such as `String (UUID)`)",
                i + 2,
                next.trim()
            ),
            None => " (the page ends there)".into(),
        }
    }
}

/// The children list of the property at `at` (indices down the tree).
fn children_at<'a>(roots: &'a mut Vec<RawProperty>, at: &[usize]) -> &'a mut Vec<RawProperty> {
    let mut list = roots;
    for &k in at {
        list = &mut list[k].children;
    }
    list
}

/// A property name: letters, digits and underscores.
fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !s.as_bytes()[0].is_ascii_digit()
}

/// A type line: one word, optionally followed by a parenthesized detail: `String (UUID)`.
fn is_type_shaped(s: &str) -> bool {
    let (word, detail) = match s.split_once(' ') {
        Some((w, d)) => (w, Some(d)),
        None => (s, None),
    };
    !word.is_empty()
        && word.bytes().all(|b| b.is_ascii_alphabetic())
        && detail.is_none_or(|d| {
            d.len() > 2
                && d.starts_with('(')
                && d.ends_with(')')
                && !d[1..d.len() - 1].contains(['(', ')'])
        })
}

/// The toggle an expanded `<Expandable title="properties">` shows.
fn is_toggle(s: &str) -> bool {
    matches!(
        s,
        "Show properties" | "Hide properties" | "Show child attributes" | "Hide child attributes"
    )
}

#[cfg(test)]
mod tests;
