//! Description text: Markdown as the docs write it, and the plain text used to compare pages.

use pulldown_cmark::{Event, Parser, TagEnd};

/// The plain text a browser shows for a Markdown `description`: links become their text,
/// backslash escapes and code marks disappear, whitespace collapses and typographic quotes
/// become straight ones, so that an MDX page and its rendered copy compare equal.
pub fn plain_from_markdown(description: &str) -> String {
    let mut out = String::new();
    push_plain(description, &mut out);
    normalize(&out)
}

/// Appends the text of `markdown` to `out` (not yet normalized): text and code as they show,
/// a space for each line break and after each block; tags (inline JSX or HTML) leave their
/// contents only.
pub(crate) fn push_plain(markdown: &str, out: &mut String) {
    // Most descriptions are plain sentences: nothing for a Markdown parser to do.
    if is_plain(markdown) {
        out.push_str(markdown);
    } else {
        push_parsed(markdown, out);
    }
}

/// Whether `markdown` holds no Markdown syntax: no punctuation Markdown gives a meaning to, and
/// no line that starts with a digit (an ordered list item) or with spaces (code).
fn is_plain(markdown: &str) -> bool {
    !markdown.contains([
        '\\', '`', '*', '_', '[', ']', '<', '>', '&', '!', '#', '~', '|', '-', '+', '=', '\t',
    ]) && markdown
        .lines()
        .all(|l| !l.starts_with(|c: char| c.is_ascii_digit() || c == ' '))
}

fn push_parsed(markdown: &str, out: &mut String) {
    for event in Parser::new(markdown) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock,
            ) => out.push(' '),
            _ => {}
        }
    }
}

/// Collapses whitespace and straightens typographic quotes: what two renderings of the same
/// text must agree on.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            '\u{00A0}' => ' ',
            c => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_escapes_and_code_become_plain() {
        assert_eq!(
            plain_from_markdown(
                "An [access system](https://docs.seam.co/x) was\n  connected, see `connected\\_account\\_id`."
            ),
            "An access system was connected, see connected\\_account\\_id."
        );
        assert_eq!(
            plain_from_markdown("present when connected\\_account\\_id is **provided**."),
            "present when connected_account_id is provided."
        );
    }

    #[test]
    fn inline_tags_leave_their_text_and_lists_their_items() {
        assert_eq!(plain_from_markdown("x <b>bold</b> y"), "x bold y");
        assert_eq!(
            plain_from_markdown("One:\n\n- `a`\n- b &amp; c"),
            "One: a b & c"
        );
    }

    fn parsed(text: &str) -> String {
        let mut out = String::new();
        push_parsed(text, &mut out);
        normalize(&out)
    }

    proptest::proptest! {
        #[test]
        fn the_shortcut_agrees_with_the_parser(text in "[a-zA-Z0-9 .,:;?()'\"/@$%^{}\n]{0,60}") {
            if is_plain(&text) {
                proptest::prop_assert_eq!(plain_from_markdown(&text), parsed(&text));
            }
        }
    }

    #[test]
    fn plain_text_passes_through_as_the_parser_would_read_it() {
        for text in [
            "Battery level between 0 and 1.",
            "One.\nTwo 1. three",
            "Why? (See: x.)",
        ] {
            assert!(is_plain(text), "{text}");
            assert_eq!(plain_from_markdown(text), parsed(text), "{text}");
        }
        for text in ["1. A list item.", "a\n    code", "x -- y", "a_b"] {
            assert!(!is_plain(text), "{text}");
        }
    }

    #[test]
    fn quotes_and_whitespace_normalize() {
        assert_eq!(
            normalize("only when mode is \u{2018}code\u{2019}.\n  Next"),
            "only when mode is 'code'. Next"
        );
    }
}
