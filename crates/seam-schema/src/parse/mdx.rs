//! Parses a page's MDX source: `## `event``, description, example fence, `<ResponseField>`s.

use markdown::mdast::{AttributeContent, AttributeValue, MdxJsxFlowElement, Node};

use super::{check_event_type, parse_example};
use crate::diagnostic::Diagnostic;
use crate::page::{RawEvent, RawProperty, Text};

/// Parses MDX `text` (already decoded) from the file `path`.
pub fn parse(path: &str, text: &str) -> Result<Vec<RawEvent>, Diagnostic> {
    let text = &blank_front_matter(path, text)?;
    check_tag_depth(path, text)?;
    let tree = match parse_tree(text) {
        Some(tree) => tree,
        None => {
            return Err(Diagnostic::new(
                path,
                first_failing_line(text),
                "the MDX parser (the markdown crate) fails on this page from this line on (an \
                 unclosed tag followed by a `---` or `===` line makes it fail, for example): \
                 expected MDX it can read",
            ));
        }
    }
    .map_err(|m| {
        let line = match m.place.as_deref() {
            Some(markdown::message::Place::Point(p)) => p.line,
            Some(markdown::message::Place::Position(p)) => p.start.line,
            None => 1,
        };
        Diagnostic::new(path, line, format!("the MDX does not parse: {}", m.reason))
    })?;
    let nodes = tree.children().map(Vec::as_slice).unwrap_or_default();
    let cx = Cx { path, text };

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
            line_of(nodes.last()).max(1),
            "the page documents no event: expected a heading such as ## `acs_system.connected`",
        ));
    }
    Ok(events)
}

/// How deep JSX tags may nest before markdown-rs is asked to parse them: it recurses per level.
const MAX_TAG_DEPTH: usize = 4 * super::MAX_NESTING + 8;

/// Runs markdown-rs on a thread of its own with a generous stack, so that deep (but allowed)
/// nesting cannot exhaust the caller's; `None` if it panicked. markdown-rs's front matter
/// support panics on some unclosed blocks (found by fuzzing), so front matter is blanked by
/// [`blank_front_matter`] first and the construct stays off.
fn parse_tree(text: &str) -> Option<Result<Node, markdown::message::Message>> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("mdx-parser".into())
            .stack_size(256 << 20)
            .spawn_scoped(scope, || {
                markdown::to_mdast(text, &markdown::ParseOptions::mdx())
            })
            .ok()?
            .join()
            .ok()
    })
}

/// The first line at which a prefix of `text` makes the parser fail (found by bisection; the
/// parser is not told the rest of the page, so this is where the trouble starts).
fn first_failing_line(text: &str) -> usize {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let (mut good, mut bad) = (0, lines.len());
    while bad - good > 1 {
        let mid = good + (bad - good) / 2;
        if parse_tree(&lines[..mid].concat()).is_some() {
            good = mid
        } else {
            bad = mid
        }
    }
    bad.max(1)
}

/// Rejects JSX nested deeper than [`MAX_TAG_DEPTH`] before it reaches the parser. Counts opening
/// and closing tags outside code fences; a stray `<` in inline code only makes it stricter.
fn check_tag_depth(path: &str, text: &str) -> Result<(), Diagnostic> {
    let mut depth: usize = 0;
    let mut in_fence = false;
    for (i, line) in text.lines().enumerate() {
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

/// `text` with its YAML front matter (a `---` first line up to the next `---` line) replaced by
/// empty lines, so that line numbers stay those of the page.
fn blank_front_matter(path: &str, text: &str) -> Result<String, Diagnostic> {
    let mut lines = text.split('\n');
    if lines.next().map(str::trim_end) != Some("---") {
        return Ok(text.to_owned());
    }
    match lines.position(|l| l.trim_end() == "---") {
        Some(i) => {
            let blank = "\n".repeat(i + 2);
            let rest = text.split('\n').skip(i + 2).collect::<Vec<_>>().join("\n");
            Ok(format!("{blank}{rest}"))
        }
        None => Err(Diagnostic::new(
            path,
            1,
            "the front matter that opens here never closes: expected a line `---` after it",
        )),
    }
}

struct Cx<'a> {
    path: &'a str,
    text: &'a str,
}

fn line_of(node: Option<&Node>) -> usize {
    node.and_then(Node::position).map_or(1, |p| p.start.line)
}

fn is_section_heading(node: &Node) -> bool {
    matches!(node, Node::Heading(h) if h.depth <= 2)
}

/// The event type of a `## `event_type`` heading.
fn event_heading(node: &Node) -> Option<&str> {
    match node {
        Node::Heading(h) if h.depth == 2 => match h.children.as_slice() {
            [Node::InlineCode(code)] => Some(code.value.as_str()),
            _ => None,
        },
        _ => None,
    }
}

fn attribute<'n>(element: &'n MdxJsxFlowElement, name: &str) -> Option<&'n str> {
    element.attributes.iter().find_map(|a| match a {
        AttributeContent::Property(p) if p.name == name => match &p.value {
            Some(AttributeValue::Literal(v)) => Some(v.as_str()),
            _ => None,
        },
        _ => None,
    })
}

fn element<'n>(node: &'n Node, name: &str) -> Option<&'n MdxJsxFlowElement> {
    match node {
        Node::MdxJsxFlowElement(e) if e.name.as_deref() == Some(name) => Some(e),
        _ => None,
    }
}

impl Cx<'_> {
    fn err(&self, line: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.path, line, message)
    }

    fn event(&self, heading: &Node, body: &[Node]) -> Result<RawEvent, Diagnostic> {
        let line = line_of(Some(heading));
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
            .find_map(|(i, n)| match n {
                Node::Code(c) if is_example_fence(c) => Some((i, c)),
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
        let description = self.text_of(&body[..fence]);
        let example_line = line_of(Some(&body[fence])) + 1;
        let example = parse_example(&code.value)
            .map_err(|(offset_line, why)| self.err(example_line + offset_line - 1, why))?;

        let mut properties = None;
        for node in &body[fence + 1..] {
            match node {
                Node::MdxJsxFlowElement(e)
                    if e.name.as_deref() == Some("Accordion")
                        && attribute(e, "title") == Some("Properties")
                        && properties.is_none() =>
                {
                    properties = Some(self.fields(&e.children, 0)?);
                }
                Node::ThematicBreak(_) => {}
                other => {
                    let at = line_of(Some(other));
                    return Err(self.err(
                        at,
                        format!(
                            "unexpected content in event `{event_type}`: expected one \
                             <Accordion title=\"Properties\"> after the example, found `{}`",
                            self.source_line(at)
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
            example_text: code.value.clone(),
            example_line,
            properties,
        })
    }

    /// The `<ResponseField>`s among `nodes`, `depth` levels down; anything else is an error.
    fn fields(&self, nodes: &[Node], depth: usize) -> Result<Vec<RawProperty>, Diagnostic> {
        if depth > super::MAX_NESTING {
            return Err(super::too_deep(self.path, line_of(nodes.first())));
        }
        nodes
            .iter()
            .map(|node| {
                let line = line_of(Some(node));
                let field = element(node, "ResponseField").ok_or_else(|| {
                    self.err(
                        line,
                        format!(
                            "expected a <ResponseField name=\"...\" type=\"...\">, found `{}`",
                            self.source_line(line)
                        ),
                    )
                })?;
                self.field(field, line, depth)
            })
            .collect()
    }

    fn field(
        &self,
        field: &MdxJsxFlowElement,
        line: usize,
        depth: usize,
    ) -> Result<RawProperty, Diagnostic> {
        let name = attribute(field, "name")
            .ok_or_else(|| self.err(line, "<ResponseField> has no name: expected name=\"...\""))?;
        let type_name = attribute(field, "type").ok_or_else(|| {
            self.err(
                line,
                format!(
                    "property `{name}` has no type: expected type=\"...\" on its <ResponseField>"
                ),
            )
        })?;
        let mut children = Vec::new();
        let mut text_nodes = Vec::new();
        for child in &field.children {
            match element(child, "Expandable") {
                Some(expandable) => children.extend(self.fields(&expandable.children, depth + 1)?),
                None => text_nodes.push(child.clone()),
            }
        }
        Ok(RawProperty {
            name: name.to_owned(),
            type_name: type_name.to_owned(),
            description: self.text_of(&text_nodes),
            line,
            children,
        })
    }

    /// The description `nodes` make: their Markdown source and their plain text.
    fn text_of(&self, nodes: &[Node]) -> Text {
        Text::from_parsed(
            self.markdown_of(nodes),
            crate::text::plain_from_nodes(nodes),
        )
    }

    /// The Markdown source of `nodes`, each line trimmed, paragraphs separated by a blank line.
    fn markdown_of(&self, nodes: &[Node]) -> String {
        let paragraphs: Vec<String> = nodes
            .iter()
            .filter_map(Node::position)
            .map(|p| {
                self.text[p.start.offset..p.end.offset]
                    .lines()
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect();
        paragraphs.join("\n\n")
    }

    fn source_line(&self, line: usize) -> &str {
        self.text.lines().nth(line - 1).unwrap_or("").trim()
    }
}

fn is_example_fence(code: &markdown::mdast::Code) -> bool {
    code.lang.as_deref() == Some("json")
        && code
            .meta
            .as_deref()
            .is_some_and(|m| m.starts_with("Example webhook payload"))
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
    fn a_parser_failure_is_an_error_at_its_line() {
        // Found by fuzzing: markdown-rs panics on an unclosed inline tag before a setext line.
        let page = "## `a.b`\n\nSome text.\n\nx <b>\n-\n";
        let err = parse("p.mdx", page).unwrap_err();
        assert_eq!(err.line, 6, "{err}");
        assert!(err.message.contains("fails on this page"), "{err}");
    }

    #[test]
    fn missing_type_is_an_error() {
        let page = "## `a.b`\n\nx\n\n```json Example webhook payload\n{}\n```\n\n<Accordion title=\"Properties\">\n  <ResponseField name=\"x\">\n    y\n  </ResponseField>\n</Accordion>\n";
        let err = parse("p.mdx", page).unwrap_err();
        assert_eq!(err.line, 10);
        assert!(err.message.contains("has no type"), "{err}");
    }
}
