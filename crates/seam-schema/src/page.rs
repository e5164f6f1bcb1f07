//! What a parser reads off one page, before any interpretation: names, type strings, text, lines.

use crate::source::Format;

/// One documentation page, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The path as given to the importer, used in messages.
    pub path: String,
    /// The file name, recorded in the schema as the source of what the page documents.
    pub name: String,
    /// Which of the two formats the page is in.
    pub format: Format,
    /// The events, in page order.
    pub events: Vec<RawEvent>,
}

/// A description as the page gives it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    /// Markdown (the MDX source) or the plain text a browser shows (a rendered page).
    pub markdown: String,
    /// The plain text, normalized: what two pages documenting the same fact must agree on.
    pub plain: String,
}

impl Text {
    /// A description read from MDX source.
    pub fn from_markdown(markdown: String) -> Text {
        let plain = crate::text::plain_from_markdown(&markdown);
        Text { markdown, plain }
    }

    /// A description read from MDX source whose plain text is already known.
    pub fn from_parsed(markdown: String, plain: String) -> Text {
        Text { markdown, plain }
    }

    /// A description read from a rendered page.
    pub fn from_plain(plain: String) -> Text {
        Text {
            plain: crate::text::normalize(&plain),
            markdown: plain,
        }
    }
}

/// One event as a page documents it.
#[derive(Debug, Clone, PartialEq)]
pub struct RawEvent {
    /// The event type from the heading.
    pub event_type: String,
    /// The heading's line.
    pub line: usize,
    /// The event's description.
    pub description: Text,
    /// The example payload.
    pub example: serde_json::Value,
    /// The example's JSON text, to find the line of a key for messages.
    pub example_text: String,
    /// The line of the example's first character.
    pub example_line: usize,
    /// The properties, in page order.
    pub properties: Vec<RawProperty>,
}

impl RawEvent {
    /// The line of the example that holds top-level key `key` (the example's first line if
    /// the key does not occur).
    pub fn example_key_line(&self, key: &str) -> usize {
        let needle = format!("\"{key}\"");
        self.example_text
            .lines()
            .position(|l| l.trim_start().starts_with(&needle))
            .map_or(self.example_line, |i| self.example_line + i)
    }
}

/// One property as a page documents it.
#[derive(Debug, Clone, PartialEq)]
pub struct RawProperty {
    /// The property's name.
    pub name: String,
    /// The type string as written, such as `String (UUID)`.
    pub type_name: String,
    /// The description, including any `Value:` / `Possible values:` paragraph.
    pub description: Text,
    /// The line of the property's name.
    pub line: usize,
    /// The nested properties of an object (or of an array's object items).
    pub children: Vec<RawProperty>,
}
