//! Parses a page's MDX source: `## `event``, description, example fence, `<ResponseField>`s.

use markdown::mdast::{AttributeContent, AttributeValue, MdxJsxFlowElement, Node};

use super::{check_event_type, parse_example};
use crate::diagnostic::Diagnostic;
use crate::page::{RawEvent, RawProperty, Text};

/// Parses MDX `text` (already decoded) from the file `path`.
pub fn parse(path: &str, text: &str) -> Result<Vec<RawEvent>, Diagnostic> {
    let mut options = markdown::ParseOptions::mdx();
    options.constructs.frontmatter = true;
    let tree = markdown::to_mdast(text, &options).map_err(|m| {
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
        let description = self.markdown_of(&body[..fence]);
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
                    properties = Some(self.fields(&e.children)?);
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
            description: Text::from_markdown(description),
            example,
            example_text: code.value.clone(),
            example_line,
            properties,
        })
    }

    /// The `<ResponseField>`s among `nodes`; anything else is an error.
    fn fields(&self, nodes: &[Node]) -> Result<Vec<RawProperty>, Diagnostic> {
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
                self.field(field, line)
            })
            .collect()
    }

    fn field(&self, field: &MdxJsxFlowElement, line: usize) -> Result<RawProperty, Diagnostic> {
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
                Some(expandable) => children.extend(self.fields(&expandable.children)?),
                None => text_nodes.push(child.clone()),
            }
        }
        Ok(RawProperty {
            name: name.to_owned(),
            type_name: type_name.to_owned(),
            description: Text::from_markdown(self.markdown_of(&text_nodes)),
            line,
            children,
        })
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
    fn missing_type_is_an_error() {
        let page = "## `a.b`\n\nx\n\n```json Example webhook payload\n{}\n```\n\n<Accordion title=\"Properties\">\n  <ResponseField name=\"x\">\n    y\n  </ResponseField>\n</Accordion>\n";
        let err = parse("p.mdx", page).unwrap_err();
        assert_eq!(err.line, 10);
        assert!(err.message.contains("has no type"), "{err}");
    }
}
