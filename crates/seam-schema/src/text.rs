//! Description text: Markdown as the docs write it, and the plain text used to compare pages.

use markdown::mdast::Node;

/// The plain text a browser shows for a Markdown `description`: links become their text,
/// backslash escapes and code marks disappear, whitespace collapses and typographic quotes
/// become straight ones, so that an MDX page and its rendered copy compare equal.
pub fn plain_from_markdown(description: &str) -> String {
    // markdown-rs panics on some inputs (found by fuzzing); a description it cannot read is
    // compared as it is written.
    let parse = || markdown::to_mdast(description, &markdown::ParseOptions::mdx());
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(parse)) {
        Ok(Ok(tree)) => {
            let mut out = String::new();
            collect_text(&tree, &mut out);
            normalize(&out)
        }
        Ok(Err(_)) | Err(_) => normalize(description),
    }
}

/// [`plain_from_markdown`] for nodes already parsed (no second parse).
pub fn plain_from_nodes(nodes: &[Node]) -> String {
    let mut out = String::new();
    for node in nodes {
        collect_text(node, &mut out);
        out.push(' ');
    }
    normalize(&out)
}

fn collect_text(node: &Node, out: &mut String) {
    match node {
        Node::Text(t) => out.push_str(&t.value),
        Node::InlineCode(c) => out.push_str(&c.value),
        Node::Code(c) => out.push_str(&c.value),
        Node::Break(_) => out.push(' '),
        other => {
            for child in other.children().into_iter().flatten() {
                collect_text(child, out);
                if matches!(
                    child,
                    Node::Paragraph(_) | Node::Heading(_) | Node::ListItem(_)
                ) {
                    out.push(' ');
                }
            }
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
    fn text_the_parser_fails_on_is_compared_as_written() {
        assert_eq!(plain_from_markdown("x <b>\n-"), "x <b> -");
    }

    #[test]
    fn quotes_and_whitespace_normalize() {
        assert_eq!(
            normalize("only when mode is \u{2018}code\u{2019}.\n  Next"),
            "only when mode is 'code'. Next"
        );
    }
}
