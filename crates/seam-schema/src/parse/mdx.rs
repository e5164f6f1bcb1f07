//! Parses a page's MDX source: `## `event``, description, example fence, `<ResponseField>`s.

mod blocks;

use blocks::{Kind, Node};

use super::{check_event_type, parse_example};
use crate::diagnostic::Diagnostic;
use crate::page::{RawEvent, RawProperty, Text};

/// Parses MDX `text` (already decoded) from the file `path`.
pub fn parse(path: &str, text: &str) -> Result<Vec<RawEvent>, Diagnostic> {
    let lines: Vec<&str> = text.split('\n').collect();
    let skip = front_matter_lines(path, &lines)?;
    check_tag_depth(path, &lines)?;
    let nodes = blocks::read(text, &lines, skip).map_err(|(line, why)| {
        Diagnostic::new(path, line, format!("the MDX does not parse: {why}"))
    })?;
    let cx = Cx { path, lines };

    let mut events = Vec::new();
    let mut i = 0;
    // Whatever precedes the first event heading (front matter, title, blockquote) describes no
    // event.
    while i < nodes.len() && event_heading(&nodes[i]).is_none() {
        i += 1;
    }
    while i < nodes.len() {
        let start = i;
        i += 1;
        while i < nodes.len() && !is_section_heading(&nodes[i]) {
            i += 1;
        }
        events.push(cx.event(&nodes[start], &nodes[start + 1..i])?);
    }
    if events.is_empty() {
        return Err(Diagnostic::new(
            path,
            nodes.last().map_or(1, |n| n.line),
            "the page documents no event: expected a heading such as ## `acs_system.connected`",
        ));
    }
    Ok(events)
}

/// How deep JSX tags may nest: deeper is an error (the tree is dropped recursively).
const MAX_TAG_DEPTH: usize = 4 * super::MAX_NESTING + 8;

/// Rejects JSX nested deeper than [`MAX_TAG_DEPTH`] before the page is read. Counts opening
/// and closing tags outside code fences; a stray `<` in inline code only makes it stricter.
fn check_tag_depth(path: &str, lines: &[&str]) -> Result<(), Diagnostic> {
    let mut depth: usize = 0;
    let mut in_fence = false;
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if in_fence {
            continue;
        }
        let bytes = line.as_bytes();
        for (j, &b) in bytes.iter().enumerate() {
            match (b, bytes.get(j + 1)) {
                (b'<', Some(b'/')) => depth = depth.saturating_sub(1),
                (b'<', Some(c)) if c.is_ascii_alphabetic() => depth += 1,
                (b'/', Some(b'>')) => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if depth > MAX_TAG_DEPTH {
            return Err(super::too_deep(path, i + 1));
        }
    }
    Ok(())
}

/// How many lines the YAML front matter takes (a `---` first line up to the next `---` line),
/// 0 if there is none.
fn front_matter_lines(path: &str, lines: &[&str]) -> Result<usize, Diagnostic> {
    let mut lines = lines.iter();
    if lines.next().map(|l| l.trim_end()) != Some("---") {
        return Ok(0);
    }
    match lines.position(|l| l.trim_end() == "---") {
        Some(i) => Ok(i + 2),
        None => Err(Diagnostic::new(
            path,
            1,
            "the front matter that opens here never closes: expected a line `---` after it",
        )),
    }
}

struct Cx<'a> {
    path: &'a str,
    /// The page's lines, for the source of blocks and for messages.
    lines: Vec<&'a str>,
}

fn is_section_heading(node: &Node) -> bool {
    matches!(node.kind, Kind::Heading { depth, .. } if depth <= 2)
}

/// The event type of a `## `event_type`` heading.
fn event_heading<'a>(node: &Node<'a>) -> Option<&'a str> {
    match node.kind {
        Kind::Heading { depth: 2, text } => text
            .strip_prefix('`')?
            .strip_suffix('`')
            .filter(|code| !code.contains('`'))
            .map(str::trim),
        _ => None,
    }
}

/// A JSX element's name, attributes and children.
type Element<'n, 'a> = (&'n [blocks::Attribute<'a>], &'n [Node<'a>]);

fn element<'n, 'a>(node: &'n Node<'a>, wanted: &str) -> Option<Element<'n, 'a>> {
    match &node.kind {
        Kind::Element {
            name,
            attributes,
            children,
        } if *name == wanted => Some((attributes, children)),
        _ => None,
    }
}

fn attribute<'n>(attributes: &'n [blocks::Attribute<'_>], name: &str) -> Option<&'n str> {
    attributes
        .iter()
        .find(|a| a.name == name)
        .and_then(|a| a.value.as_deref())
}

impl Cx<'_> {
    fn err(&self, line: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.path, line, message)
    }

    fn event(&self, heading: &Node, body: &[Node]) -> Result<RawEvent, Diagnostic> {
        let line = heading.line;
        let event_type = event_heading(heading).ok_or_else(|| {
            self.err(
                line,
                format!(
                    "expected an event heading such as ## `acs_system.connected`, found `{}`",
                    self.source_line(line)
                ),
            )
        })?;
        check_event_type(event_type).map_err(|why| self.err(line, why))?;

        let (fence, code) = body
            .iter()
            .enumerate()
            .find_map(|(i, n)| match &n.kind {
                Kind::Fence { info, code } if is_example_fence(info) => Some((i, code)),
                _ => None,
            })
            .ok_or_else(|| {
                self.err(
                    line,
                    format!(
                        "event `{event_type}` has no example: expected a fence opening with \
                         ```json Example webhook payload"
                    ),
                )
            })?;
        let description = self.text_of(&body[..fence].iter().collect::<Vec<_>>());
        let example_line = body[fence].line + 1;
        let example = parse_example(code)
            .map_err(|(offset_line, why)| self.err(example_line + offset_line - 1, why))?;

        let mut properties = None;
        for node in &body[fence + 1..] {
            match element(node, "Accordion") {
                Some((attributes, children))
                    if attribute(attributes, "title") == Some("Properties")
                        && properties.is_none() =>
                {
                    properties = Some(self.fields(children, node.line, 0)?);
                }
                _ if matches!(node.kind, Kind::Break) => {}
                _ => {
                    return Err(self.err(
                        node.line,
                        format!(
                            "unexpected content in event `{event_type}`: expected one \
                             <Accordion title=\"Properties\"> after the example, found `{}`",
                            self.source_line(node.line)
                        ),
                    ));
                }
            }
        }
        let properties = properties.ok_or_else(|| {
            self.err(
                example_line,
                format!(
                    "event `{event_type}` has no property list: expected <Accordion \
                     title=\"Properties\"> after the example"
                ),
            )
        })?;
        Ok(RawEvent {
            event_type: event_type.to_owned(),
            line,
            description,
            example,
            example_text: code.clone(),
            example_line,
            properties,
        })
    }

    /// The `<ResponseField>`s among `nodes` (inside the element on line `parent`), `depth`
    /// levels down; anything else is an error.
    fn fields(
        &self,
        nodes: &[Node],
        parent: usize,
        depth: usize,
    ) -> Result<Vec<RawProperty>, Diagnostic> {
        if depth > super::MAX_NESTING {
            return Err(super::too_deep(
                self.path,
                nodes.first().map_or(parent, |n| n.line),
            ));
        }
        nodes
            .iter()
            .map(|node| {
                let field = element(node, "ResponseField").ok_or_else(|| {
                    self.err(
                        node.line,
                        format!(
                            "expected a <ResponseField name=\"...\" type=\"...\">, found `{}`",
                            self.source_line(node.line)
                        ),
                    )
                })?;
                self.field(field, node.line, depth)
            })
            .collect()
    }

    fn field(
        &self,
        (attributes, children): Element,
        line: usize,
        depth: usize,
    ) -> Result<RawProperty, Diagnostic> {
        let name = attribute(attributes, "name")
            .ok_or_else(|| self.err(line, "<ResponseField> has no name: expected name=\"...\""))?;
        let type_name = attribute(attributes, "type").ok_or_else(|| {
            self.err(
                line,
                format!(
                    "property `{name}` has no type: expected type=\"...\" on its <ResponseField>"
                ),
            )
        })?;
        let mut nested = Vec::new();
        let mut text_nodes = Vec::new();
        for child in children {
            match element(child, "Expandable") {
                Some((_, grandchildren)) => {
                    nested.extend(self.fields(grandchildren, child.line, depth + 1)?)
                }
                None => text_nodes.push(child),
            }
        }
        Ok(RawProperty {
            name: name.to_owned(),
            type_name: type_name.to_owned(),
            description: self.text_of(&text_nodes),
            line,
            children: nested,
        })
    }

    /// The description `nodes` make: their Markdown source and their plain text.
    fn text_of(&self, nodes: &[&Node]) -> Text {
        let markdown: Vec<String> = nodes.iter().map(|n| self.markdown_of(n)).collect();
        let markdown = markdown.join("\n\n");
        let mut plain = String::new();
        for node in nodes {
            plain_of(node, &mut plain);
            plain.push(' ');
        }
        Text::from_parsed(markdown, crate::text::normalize(&plain))
    }

    /// The Markdown source of `node`, each line trimmed.
    fn markdown_of(&self, node: &Node) -> String {
        match &node.kind {
            Kind::Paragraph { lines } => lines.join("\n"),
            _ => self
                .lines
                .get(node.line - 1..node.end)
                .unwrap_or_default()
                .iter()
                .map(|l| l.trim())
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    fn source_line(&self, line: usize) -> &str {
        self.lines.get(line - 1).map_or("", |l| l.trim())
    }
}

/// Appends the plain text of `node` to `out`.
fn plain_of(node: &Node, out: &mut String) {
    match &node.kind {
        Kind::Paragraph { lines } => crate::text::push_plain(&lines.join("\n"), out),
        Kind::Heading { text, .. } => crate::text::push_plain(text, out),
        Kind::Fence { code, .. } => out.push_str(code),
        Kind::Element { children, .. } => {
            for child in children {
                plain_of(child, out);
                out.push(' ');
            }
        }
        Kind::Break => {}
    }
}

fn is_example_fence(info: &str) -> bool {
    info.strip_prefix("json").is_some_and(|meta| {
        meta.trim_start().starts_with("Example webhook payload") && meta.starts_with([' ', '\t'])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"---
title: "Lock Events"
---

# Lock Events

> Webhook events for locks.

## `lock.unlocked`

A [lock](https://docs.seam.co/locks) was unlocked. See
`connected\_account\_id`.

```json Example webhook payload theme={null}
{
  "event_type": "lock.unlocked",
  "method": "keycode",
  "details": { "battery": { "level": 0.5 } }
}
```

<Accordion title="Properties">
  <ResponseField name="details" type="Object">
    Details.

    <Expandable title="properties">
      <ResponseField name="battery" type="Object">
        Battery.

        <Expandable title="properties">
          <ResponseField name="level" type="number">
            Level between 0 and 1.
          </ResponseField>
        </Expandable>
      </ResponseField>
    </Expandable>
  </ResponseField>

  <ResponseField name="event_type" type="Enum (String)">
    Value: `lock.unlocked`
  </ResponseField>

  <ResponseField name="method" type="Enum (String)">
    How it was unlocked.

    Possible values: `keycode`, `manual`
  </ResponseField>
</Accordion>

## `access_code.unmanaged.converted_to_managed`

Converted.

```json Example webhook payload
{ "event_type": "access_code.unmanaged.converted_to_managed" }
```

<Accordion title="Properties">
  <ResponseField name="event_type" type="Enum (String)">
    Value: `access_code.unmanaged.converted_to_managed`
  </ResponseField>
</Accordion>
"#;

    #[test]
    fn reads_events_nested_fields_and_text() {
        let events = parse("p.mdx", PAGE).unwrap();
        assert_eq!(events.len(), 2);
        let e = &events[0];
        assert_eq!(e.event_type, "lock.unlocked");
        assert_eq!(e.line, 9);
        assert_eq!(
            e.description.markdown,
            "A [lock](https://docs.seam.co/locks) was unlocked. See\n`connected\\_account\\_id`."
        );
        assert_eq!(
            e.description.plain,
            "A lock was unlocked. See connected\\_account\\_id."
        );
        assert_eq!(e.example_line, 15);
        assert_eq!(e.example_key_line("method"), 17);
        assert_eq!(e.example["details"]["battery"]["level"], 0.5);
        let names: Vec<_> = e.properties.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["details", "event_type", "method"]);
        let details = &e.properties[0];
        assert_eq!(details.description.markdown, "Details.");
        assert_eq!(details.children[0].name, "battery");
        assert_eq!(details.children[0].children[0].type_name, "number");
        assert_eq!(details.children[0].children[0].line, 31);
        assert_eq!(
            e.properties[2].description.markdown,
            "How it was unlocked.\n\nPossible values: `keycode`, `manual`"
        );
        assert_eq!(
            events[1].event_type,
            "access_code.unmanaged.converted_to_managed"
        );
    }

    #[test]
    fn unclosed_tag_names_its_line() {
        let page = "## `a.b`\n\nx\n\n```json Example webhook payload\n{}\n```\n\n<Accordion title=\"Properties\">\n  <ResponseField name=\"x\" type=\"String\">\n    y\n</Accordion>\n";
        let err = parse("p.mdx", page).unwrap_err();
        assert!(err.message.contains("does not parse"), "{err}");
        assert!((10..=12).contains(&err.line), "{err}");
    }

    #[test]
    fn front_matter_is_skipped_and_must_close() {
        let events = parse(
            "p.mdx",
            &PAGE.replace("title: \"Lock Events\"", "a: 1\nb: 2"),
        )
        .unwrap();
        assert_eq!(events[0].line, 10, "line numbers count the front matter");
        // Found by fuzzing: markdown-rs panicked on an unclosed front matter block.
        for page in ["---\n\n>", "---\nInd\n>pl", "---\ntitle: x\n\n# The"] {
            let err = parse("p.mdx", page).unwrap_err();
            assert_eq!(err.line, 1, "{err}");
            assert!(err.message.contains("never closes"), "{err}");
        }
    }

    #[test]
    fn a_misplaced_closing_tag_is_an_error_at_its_line() {
        let page = PAGE.replace(
            "          </ResponseField>\n        </Expandable>",
            "        </Expandable>",
        );
        let err = parse("p.mdx", &page).unwrap_err();
        assert_eq!(err.line, 33, "{err}");
        assert!(
            err.message
                .contains("does not close `<ResponseField>` (opened at line 31)"),
            "{err}"
        );
    }

    #[test]
    fn one_line_fields_and_tags_over_lines() {
        let page = "## `a.b`\n\nx\n\n```json Example webhook payload\n{\"n\": 1}\n```\n\n<Accordion title=\"Properties\">\n  <ResponseField name=\"n\" type=\"number\">A **count**.</ResponseField>\n  <ResponseField\n    name=\"m\"\n    type=\"String\"\n  >\n    M.\n  </ResponseField>\n</Accordion>\n";
        let events = parse("p.mdx", page).unwrap();
        let props = &events[0].properties;
        assert_eq!((props[0].name.as_str(), props[0].line), ("n", 10));
        assert_eq!(props[0].description.markdown, "A **count**.");
        assert_eq!(props[0].description.plain, "A count.");
        assert_eq!(
            (props[1].name.as_str(), props[1].type_name.as_str()),
            ("m", "String")
        );
        assert_eq!(props[1].description.markdown, "M.");
    }

    #[test]
    fn missing_type_is_an_error() {
        let page = "## `a.b`\n\nx\n\n```json Example webhook payload\n{}\n```\n\n<Accordion title=\"Properties\">\n  <ResponseField name=\"x\">\n    y\n  </ResponseField>\n</Accordion>\n";
        let err = parse("p.mdx", page).unwrap_err();
        assert_eq!(err.line, 10);
        assert!(err.message.contains("has no type"), "{err}");
    }
}
