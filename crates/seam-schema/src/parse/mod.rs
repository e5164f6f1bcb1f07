//! The two documentation parsers and what they share: page in, [`Page`] out.

pub mod mdx;
pub mod rendered;

use crate::diagnostic::Diagnostic;
use crate::page::Page;
use crate::source::{self, Format};

/// How deep properties may nest (objects in objects): deeper is an error, not a stack overflow.
pub const MAX_NESTING: usize = 32;

/// The error for properties nested deeper than [`MAX_NESTING`].
pub(crate) fn too_deep(path: &str, line: usize) -> Diagnostic {
    Diagnostic::new(
        path,
        line,
        format!(
            "properties are nested more than {MAX_NESTING} levels deep here: expected at most {MAX_NESTING}"
        ),
    )
}

/// Decodes and parses the page at `path` in the format its extension names.
pub fn parse_page(path: &str, bytes: &[u8]) -> Result<Page, Diagnostic> {
    let format = Format::of(path)?;
    let text = source::decode(path, bytes)?;
    if text.trim().is_empty() {
        return Err(Diagnostic::new(
            path,
            1,
            "the page is empty: expected at least one documented event",
        ));
    }
    let events = match format {
        Format::Mdx => mdx::parse(path, &text)?,
        Format::Rendered => rendered::parse(path, &text)?,
    };
    let name = page_name(path).to_owned();
    Ok(Page {
        path: path.to_owned(),
        name,
        format,
        events,
    })
}

/// The name a page goes by in the schema's `sources`: its path below `schema/sources/` (so that
/// `docs-site/locks.mdx` and a seed `locks.mdx` are told apart), or its file name when it lies
/// elsewhere.
pub fn page_name(path: &str) -> &str {
    match path.split_once("schema/sources/") {
        Some((_, below)) if !below.is_empty() => below,
        _ => path.rsplit(['/', '\\']).next().unwrap_or(path),
    }
}

/// Checks that `s` has the shape of an event type: two or more dot-separated segments of
/// lowercase letters, digits and underscores.
pub(crate) fn check_event_type(s: &str) -> Result<(), String> {
    if is_event_type(s) {
        Ok(())
    } else {
        Err(format!(
            "`{s}` is not an event type: expected dot-separated lowercase segments such as \
             `acs_system.connected`"
        ))
    }
}

/// Whether `s` has the shape of an event type.
pub fn is_event_type(s: &str) -> bool {
    let mut segments = 0;
    for segment in s.split('.') {
        if segment.is_empty()
            || !segment
                .bytes()
                .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_'))
        {
            return false;
        }
        segments += 1;
    }
    segments >= 2
}

/// Parses an example payload; on failure, the 1-based line within `json` and the reason.
pub(crate) fn parse_example(json: &str) -> Result<serde_json::Value, (usize, String)> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| json_error(&e))?;
    if !value.is_object() {
        return Err((
            1,
            "the example payload is not a JSON object: expected `{ ... }`".into(),
        ));
    }
    Ok(value)
}

/// A JSON syntax error as (1-based line within the JSON, message naming the column).
pub(crate) fn json_error(e: &serde_json::Error) -> (usize, String) {
    let text = e.to_string();
    let what = text.split(" at line ").next().unwrap_or(&text);
    (
        e.line().max(1),
        format!(
            "the example payload is not valid JSON: {what} at column {}; expected one JSON object",
            e.column()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_type_shapes() {
        assert!(is_event_type("acs_system.connected"));
        assert!(is_event_type("access_code.unmanaged.converted_to_managed"));
        assert!(!is_event_type("acs_system"));
        assert!(!is_event_type("acs_system."));
        assert!(!is_event_type("Acs.x"));
        assert!(!is_event_type("a b.c"));
    }

    #[test]
    fn example_errors_name_the_line() {
        let (line, why) = parse_example("{\n  \"a\": 1,\n  \"b\": }\n").unwrap_err();
        assert_eq!(line, 3);
        assert!(why.contains("not valid JSON"), "{why}");
        assert!(parse_example("[1]").is_err());
    }
}
