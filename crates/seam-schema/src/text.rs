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
    let straight: String = text
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            '\u{00A0}' => ' ',
            c => c,
        })
        .collect();
    straight.split_whitespace().collect::<Vec<_>>().join(" ")
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

    #[test]
    fn quotes_and_whitespace_normalize() {
        assert_eq!(
            normalize("only when mode is \u{2018}code\u{2019}.\n  Next"),
            "only when mode is 'code'. Next"
        );
    }
}
