//! Reads MDX source line by line into a tree of blocks: headings, fences, JSX tags, paragraphs.
//!
//! The event reference is written in a small part of MDX: ATX (and setext) headings, fenced
//! code, thematic breaks, paragraphs, and JSX components each on lines of their own
//! (`<ResponseField name="x" type="String">` ... `</ResponseField>`, or the whole element on one
//! line). That is what this reader knows; inline Markdown inside a paragraph (links, code,
//! emphasis, inline tags) is left to [`crate::text`]. Indentation never makes code (as in MDX).
//! Whatever it cannot read is an error naming the line.

use std::borrow::Cow;

/// One block and the lines it spans.
#[derive(Debug)]
pub struct Node<'a> {
    /// The 1-based line the block starts on.
    pub line: usize,
    /// The 1-based line it ends on.
    pub end: usize,
    /// What the block is.
    pub kind: Kind<'a>,
}

/// The kinds of block.
#[derive(Debug)]
pub enum Kind<'a> {
    /// `## text` (or a setext heading): its level and text.
    Heading { depth: usize, text: &'a str },
    /// A fenced code block: the info string after the fence, and the code.
    Fence { info: &'a str, code: String },
    /// A JSX element: `<Name attributes>` children `</Name>`, or `<Name attributes />`.
    Element {
        name: &'a str,
        attributes: Vec<Attribute<'a>>,
        children: Vec<Node<'a>>,
    },
    /// `---`, `***` or `___`.
    Break,
    /// Consecutive lines of text, each trimmed.
    Paragraph { lines: Vec<&'a str> },
}

/// A JSX attribute: `name="literal"` (or `'literal'`), `name={expression}` or a bare `name`.
#[derive(Debug)]
pub struct Attribute<'a> {
    /// The attribute's name.
    pub name: &'a str,
    /// The value of a literal; `None` for an expression or a bare name.
    pub value: Option<Cow<'a, str>>,
}

/// Why the reader stopped: the 1-based line and what was expected there.
pub type Error = (usize, String);

/// Reads the page `text`, split at `\n` into `lines`, skipping its first `skip` lines (front
/// matter).
pub fn read<'a>(text: &'a str, lines: &[&'a str], skip: usize) -> Result<Vec<Node<'a>>, Error> {
    let starts: Vec<usize> = lines
        .iter()
        .scan(0, |start, line| {
            let this = *start;
            *start += line.len() + 1;
            Some(this)
        })
        .collect();
    let mut reader = Reader {
        text,
        starts: &starts,
        lines,
        at: skip,
        open: Vec::new(),
        top: Vec::new(),
        paragraph: None,
    };
    reader.run()?;
    Ok(reader.top)
}

/// An element whose closing tag has not come yet.
struct Open<'a> {
    line: usize,
    name: &'a str,
    attributes: Vec<Attribute<'a>>,
    children: Vec<Node<'a>>,
}

struct Reader<'l, 'a> {
    text: &'a str,
    /// The byte offset of each line's start.
    starts: &'l [usize],
    /// The lines, without their line ends.
    lines: &'l [&'a str],
    /// The 0-based index of the next line.
    at: usize,
    open: Vec<Open<'a>>,
    top: Vec<Node<'a>>,
    /// The paragraph being read: its first line and its lines.
    paragraph: Option<(usize, Vec<&'a str>)>,
}

/// A tag as written: `<Name ...>`, `<Name ... />` or `</Name>`.
struct Tag<'a> {
    name: &'a str,
    attributes: Vec<Attribute<'a>>,
    closing: bool,
    self_closing: bool,
}

impl<'a> Reader<'_, 'a> {
    fn run(&mut self) -> Result<(), Error> {
        while self.at < self.lines.len() {
            let number = self.at + 1;
            let raw = self.lines[self.at];
            let line = raw.trim();
            self.at += 1;
            if line.is_empty() {
                self.end_paragraph()?;
            } else if let Some(depth) = self.setext_depth(line) {
                let (start, lines) = self.paragraph.take().unwrap_or_default();
                check_inline_tags(start, &lines)?;
                let text = lines.first().copied().unwrap_or_default();
                // A setext heading of several lines keeps only its first: headings the
                // reference uses are one line.
                self.push(start, number, Kind::Heading { depth, text });
            } else if let Some((depth, text)) = atx_heading(line) {
                self.end_paragraph()?;
                self.push(number, number, Kind::Heading { depth, text });
            } else if let Some((fence, info)) = fence_open(line) {
                self.end_paragraph()?;
                let indent = raw.len() - raw.trim_start().len();
                self.fence(number, fence, info, indent)?;
            } else if is_break(line) {
                self.end_paragraph()?;
                self.push(number, number, Kind::Break);
            } else if line.starts_with("{/*") {
                self.end_paragraph()?;
                self.comment(number)?;
            } else if !self.tag_line(number, raw)? {
                match &mut self.paragraph {
                    Some((_, lines)) => lines.push(line),
                    None => self.paragraph = Some((number, vec![line])),
                }
            }
        }
        self.end_paragraph()?;
        match self.open.last() {
            Some(open) => Err((
                open.line,
                format!(
                    "`<{}>` opens here and never closes: expected `</{}>` before the page ends",
                    open.name, open.name
                ),
            )),
            None => Ok(()),
        }
    }

    /// Adds a finished block to the innermost open element (or the page).
    fn push(&mut self, line: usize, end: usize, kind: Kind<'a>) {
        let node = Node { line, end, kind };
        match self.open.last_mut() {
            Some(open) => open.children.push(node),
            None => self.top.push(node),
        }
    }

    fn end_paragraph(&mut self) -> Result<(), Error> {
        if let Some((start, lines)) = self.paragraph.take() {
            check_inline_tags(start, &lines)?;
            let end = start + lines.len() - 1;
            self.push(start, end, Kind::Paragraph { lines });
        }
        Ok(())
    }

    /// The level of the setext heading `line` underlines, if a paragraph is open.
    fn setext_depth(&self, line: &str) -> Option<usize> {
        self.paragraph.as_ref()?;
        if line.bytes().all(|b| b == b'=') {
            Some(1)
        } else if line.bytes().all(|b| b == b'-') {
            Some(2)
        } else {
            None
        }
    }

    /// Reads a fenced code block whose opening line is `number`.
    fn fence(
        &mut self,
        number: usize,
        fence: &str,
        info: &'a str,
        indent: usize,
    ) -> Result<(), Error> {
        let mut code = String::new();
        while self.at < self.lines.len() {
            let raw = self.lines[self.at];
            self.at += 1;
            let trimmed = raw.trim();
            if trimmed.len() >= fence.len() && trimmed.bytes().all(|b| b == fence.as_bytes()[0]) {
                self.push(number, self.at, Kind::Fence { info, code });
                return Ok(());
            }
            // The fence's own indentation is not part of the code.
            let strip = raw.len() - raw.trim_start_matches(' ').len();
            code.push_str(&raw[strip.min(indent)..]);
            code.push('\n');
        }
        Err((
            number,
            format!("the code fence that opens here never closes: expected a line `{fence}`"),
        ))
    }

    /// Skips a `{/* comment */}` that starts on line `number`.
    fn comment(&mut self, number: usize) -> Result<(), Error> {
        let mut line = self.lines[self.at - 1].trim();
        loop {
            if line.ends_with("*/}") {
                return Ok(());
            }
            if self.at == self.lines.len() {
                return Err((
                    number,
                    "the comment that opens here never closes: expected `*/}`".into(),
                ));
            }
            line = self.lines[self.at].trim();
            self.at += 1;
        }
    }

    /// Handles a line that is a JSX tag alone (or an element whole); `false` if it is text.
    fn tag_line(&mut self, number: usize, raw: &'a str) -> Result<bool, Error> {
        let start = raw.trim_start();
        if !start.starts_with('<')
            || !start[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/')
        {
            return Ok(false);
        }
        // The tag may go on over more lines (one attribute per line, say): it is read from the
        // page, at most MAX_TAG_LINES lines of it.
        let from = self.starts[number - 1] + (raw.len() - start.len());
        let limit = self
            .starts
            .get(number - 1 + MAX_TAG_LINES)
            .map_or(self.text.len(), |&end| end - 1);
        let (tag, used) = match parse_tag(&self.text[from..limit]) {
            Ok(Some(found)) => found,
            Ok(None) => return Ok(false),
            Err(Unfinished) => {
                return Err((
                    number,
                    "the JSX tag that opens here never ends: expected `>`".into(),
                ));
            }
        };
        let after = from + used;
        let extra = self.text[from..after].matches('\n').count();
        let end = number + extra;
        let line_end = self
            .starts
            .get(end)
            .map_or(self.text.len(), |&next| next - 1);
        let rest = self.text[after..line_end].trim();
        let inline = !rest.is_empty();
        if inline && (tag.closing || tag.self_closing || !is_closing_of(rest, tag.name)) {
            // A tag followed by text is inline markup in a paragraph.
            if extra > 0 {
                return Err((
                    end,
                    "a JSX tag over several lines must stand alone: expected nothing after its `>`"
                        .into(),
                ));
            }
            return Ok(false);
        }
        self.end_paragraph()?;
        self.at += extra;
        if tag.closing {
            return self.close(end, tag.name);
        }
        if tag.self_closing {
            self.push(
                number,
                end,
                Kind::Element {
                    name: tag.name,
                    attributes: tag.attributes,
                    children: Vec::new(),
                },
            );
            return Ok(true);
        }
        self.open.push(Open {
            line: number,
            name: tag.name,
            attributes: tag.attributes,
            children: Vec::new(),
        });
        if inline {
            // `<Name ...>text</Name>`, ending on one line.
            let text = rest[..rest.len() - tag.name.len() - 3].trim();
            if !text.is_empty() {
                self.push(end, end, Kind::Paragraph { lines: vec![text] });
            }
            self.close(end, tag.name)?;
        }
        Ok(true)
    }

    /// Closes the innermost element, which must be `name`, on line `number`.
    fn close(&mut self, number: usize, name: &str) -> Result<bool, Error> {
        match self.open.pop() {
            Some(open) if open.name == name => {
                self.push(
                    open.line,
                    number,
                    Kind::Element {
                        name: open.name,
                        attributes: open.attributes,
                        children: open.children,
                    },
                );
                Ok(true)
            }
            Some(open) => Err((
                number,
                format!(
                    "`</{name}>` does not close `<{}>` (opened at line {}): expected `</{}>` first",
                    open.name, open.line, open.name
                ),
            )),
            None => Err((
                number,
                format!("`</{name}>` closes no open tag: expected it after a `<{name}>`"),
            )),
        }
    }
}

/// Checks that the inline tags of a paragraph (its lines, the first being line `start`)
/// close within it, as MDX requires: `<b>bold</b>`, `<br />`. Code spans are skipped.
fn check_inline_tags(start: usize, lines: &[&str]) -> Result<(), Error> {
    let mut open: Vec<(&str, usize)> = Vec::new();
    let mut code: Option<usize> = None;
    for (n, line) in lines.iter().enumerate() {
        let b = line.as_bytes();
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'`' => {
                    let run = b[i..].iter().take_while(|&&c| c == b'`').count();
                    code = match code {
                        None => Some(run),
                        Some(n) if n == run => None,
                        other => other,
                    };
                    i += run;
                }
                b'\\' => i += 2,
                b'<' if code.is_none() => {
                    if let Ok(Some((tag, used))) = parse_tag(&line[i..]) {
                        if tag.closing {
                            match open.pop() {
                                Some((name, _)) if name == tag.name => {}
                                Some((name, at)) => {
                                    return Err((
                                        start + n,
                                        format!(
                                            "`</{}>` does not close the inline `<{name}>` (line {at}): expected `</{name}>` first",
                                            tag.name
                                        ),
                                    ));
                                }
                                None => {
                                    return Err((
                                        start + n,
                                        format!(
                                            "`</{}>` closes no inline tag: expected a `<{}>` before it in its paragraph",
                                            tag.name, tag.name
                                        ),
                                    ));
                                }
                            }
                        } else if !tag.self_closing {
                            open.push((tag.name, start + n));
                        }
                        i += used;
                    } else {
                        i += 1;
                    }
                }
                _ => i += 1,
            }
        }
    }
    match open.first() {
        Some((name, at)) => Err((
            *at,
            format!(
                "the inline `<{name}>` opened here is not closed in its paragraph: expected `</{name}>` (or `<{name} />`)"
            ),
        )),
        None => Ok(()),
    }
}

/// How many lines one tag may take.
const MAX_TAG_LINES: usize = 64;

/// `rest` is `...</name>`: the closing tag of `name` ends it.
fn is_closing_of(rest: &str, name: &str) -> bool {
    rest.strip_suffix('>')
        .and_then(|r| r.strip_suffix(name))
        .is_some_and(|r| r.ends_with("</"))
}

/// An ATX heading: `#`s, a space, the text (closing `#`s dropped).
fn atx_heading(line: &str) -> Option<(usize, &str)> {
    let depth = line.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&depth) {
        return None;
    }
    let rest = &line[depth..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let text = rest.trim();
    let text = text.trim_end_matches('#');
    let text = if text.len() < rest.trim().len() && !text.ends_with([' ', '\t']) && !text.is_empty()
    {
        rest.trim()
    } else {
        text.trim_end()
    };
    Some((depth, text))
}

/// A fence's opening: the fence (three or more backticks or tildes) and the info string.
fn fence_open(line: &str) -> Option<(&str, &str)> {
    let c = line.bytes().next().filter(|&b| b == b'`' || b == b'~')?;
    let n = line.bytes().take_while(|&b| b == c).count();
    if n < 3 {
        return None;
    }
    let info = line[n..].trim();
    if c == b'`' && info.contains('`') {
        return None;
    }
    Some((&line[..n], info))
}

/// A thematic break: three or more of one of `-`, `*`, `_`, spaces between allowed.
fn is_break(line: &str) -> bool {
    let mut chars = line.bytes().filter(|b| !b.is_ascii_whitespace());
    let Some(c) = chars.next().filter(|c| matches!(c, b'-' | b'*' | b'_')) else {
        return false;
    };
    let mut n = 1;
    for b in chars {
        if b != c {
            return false;
        }
        n += 1;
    }
    n >= 3
}

/// The tag needs more text (it goes on over the next line).
struct Unfinished;

/// Parses the tag at the start of `text`: the tag and how many bytes it took, `Ok(None)` if
/// `text` does not start with a JSX tag, `Err(Unfinished)` if the text ends inside it.
fn parse_tag(text: &str) -> Result<Option<(Tag<'_>, usize)>, Unfinished> {
    let b = text.as_bytes();
    let mut i = 1;
    let closing = b.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'.' | b'_' | b'-' | b':'))
    {
        i += 1;
    }
    if i == name_start || !b[name_start].is_ascii_alphabetic() {
        return Ok(None);
    }
    let name = &text[name_start..i];
    let mut attributes = Vec::new();
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        match b.get(i) {
            None => return Err(Unfinished),
            Some(b'>') => {
                return Ok(Some((
                    Tag {
                        name,
                        attributes,
                        closing,
                        self_closing: false,
                    },
                    i + 1,
                )));
            }
            Some(b'/') => {
                return match b.get(i + 1) {
                    Some(b'>') if !closing => Ok(Some((
                        Tag {
                            name,
                            attributes,
                            closing,
                            self_closing: true,
                        },
                        i + 2,
                    ))),
                    None => Err(Unfinished),
                    _ => Ok(None),
                };
            }
            Some(c) if !closing && (c.is_ascii_alphabetic() || *c == b'_') => {
                let start = i;
                while i < b.len()
                    && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'_' | b'-' | b':'))
                {
                    i += 1;
                }
                let attr = &text[start..i];
                if b.get(i) != Some(&b'=') {
                    attributes.push(Attribute {
                        name: attr,
                        value: None,
                    });
                    continue;
                }
                i += 1;
                match b.get(i) {
                    None => return Err(Unfinished),
                    Some(&q @ (b'"' | b'\'')) => {
                        let Some(len) = text[i + 1..].find(q as char) else {
                            return Err(Unfinished);
                        };
                        let value = &text[i + 1..i + 1 + len];
                        attributes.push(Attribute {
                            name: attr,
                            value: Some(Cow::Borrowed(value)),
                        });
                        i += len + 2;
                    }
                    Some(b'{') => {
                        let mut depth = 0usize;
                        loop {
                            match b.get(i) {
                                None => return Err(Unfinished),
                                Some(b'{') => depth += 1,
                                Some(b'}') => {
                                    depth -= 1;
                                    if depth == 0 {
                                        break;
                                    }
                                }
                                _ => {}
                            }
                            i += 1;
                        }
                        i += 1;
                        attributes.push(Attribute {
                            name: attr,
                            value: None,
                        });
                    }
                    _ => return Ok(None),
                }
            }
            _ => return Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nodes(text: &str) -> Result<Vec<Node<'_>>, Error> {
        read(text, &text.split('\n').collect::<Vec<_>>(), 0)
    }

    #[test]
    fn reads_blocks_and_elements() {
        let tree = nodes(
            "# Title\n\nSome *text*\nmore.\n\n```json Example\n  {}\n```\n\n<A x=\"1\" y='2' z={3} w>\n  <B n=\"b\" />\n  <C n=\"c\">Inline text.</C>\n</A>\n---\n",
        )
        .unwrap();
        assert_eq!(tree.len(), 5);
        assert!(matches!(
            tree[0].kind,
            Kind::Heading {
                depth: 1,
                text: "Title"
            }
        ));
        assert!(
            matches!(&tree[1].kind, Kind::Paragraph { lines } if lines == &["Some *text*", "more."])
        );
        assert_eq!((tree[1].line, tree[1].end), (3, 4));
        assert!(
            matches!(&tree[2].kind, Kind::Fence { info: "json Example", code } if code == "  {}\n")
        );
        let Kind::Element {
            name: "A",
            attributes,
            children,
        } = &tree[3].kind
        else {
            panic!("{:?}", tree[3]);
        };
        assert_eq!((tree[3].line, tree[3].end), (10, 13));
        let values: Vec<_> = attributes
            .iter()
            .map(|a| (a.name, a.value.as_deref()))
            .collect();
        assert_eq!(
            values,
            [("x", Some("1")), ("y", Some("2")), ("z", None), ("w", None)]
        );
        assert!(
            matches!(&children[0].kind, Kind::Element { name: "B", children, .. } if children.is_empty())
        );
        let Kind::Element {
            name: "C",
            children,
            ..
        } = &children[1].kind
        else {
            panic!("{:?}", children[1]);
        };
        assert!(
            matches!(&children[0].kind, Kind::Paragraph { lines } if lines == &["Inline text."])
        );
        assert!(matches!(tree[4].kind, Kind::Break));
    }

    #[test]
    fn tags_over_lines_and_inline_tags() {
        let tree = nodes("<A\n  n=\"x\"\n  t=\"y\">\n<b>bold</b> text\n</A>\n").unwrap();
        let Kind::Element {
            attributes,
            children,
            ..
        } = &tree[0].kind
        else {
            panic!("{:?}", tree[0]);
        };
        assert_eq!(attributes[1].value.as_deref(), Some("y"));
        assert!(
            matches!(&children[0].kind, Kind::Paragraph { lines } if lines == &["<b>bold</b> text"])
        );
        assert_eq!(children[0].line, 4);
    }

    #[test]
    fn errors_name_the_line() {
        let cases = [
            ("<A>\n<B>\n</A>\n", 3, "does not close `<B>`"),
            ("x\n</A>\n", 2, "closes no open tag"),
            ("<A>\n\ntext\n", 1, "never closes"),
            ("x\n\n```json\n{}\n", 3, "code fence"),
            ("<A n=\"x\n", 1, "never ends"),
            ("{/* note\n", 1, "comment"),
            ("x\n\nID of the <b>event.\nMore.\n", 3, "inline `<b>`"),
            ("a <b>x</i> `<c>`\n", 1, "does not close the inline `<b>`"),
        ];
        for (text, line, what) in cases {
            let (at, message) = nodes(text).unwrap_err();
            assert_eq!(at, line, "{text:?}: {message}");
            assert!(message.contains(what), "{text:?}: {message}");
        }
    }

    #[test]
    fn setext_headings_breaks_and_comments() {
        let tree = nodes("Title\n=====\n\n{/* a\n note */}\n***\nx\n---\n").unwrap();
        assert!(matches!(
            tree[0].kind,
            Kind::Heading {
                depth: 1,
                text: "Title"
            }
        ));
        assert!(matches!(tree[1].kind, Kind::Break));
        assert!(matches!(
            tree[2].kind,
            Kind::Heading {
                depth: 2,
                text: "x"
            }
        ));
        assert_eq!(tree.len(), 3);
    }
}
