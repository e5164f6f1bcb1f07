//! Descriptions (Markdown from the docs) as rustdoc that renders as the docs did and warns not.

/// `markdown` made safe for rustdoc, or `fallback` when it is empty: links stay links, bare URLs
/// become autolinks, and brackets or angle brackets that rustdoc would misread are escaped.
pub fn rustdoc(markdown: &str, fallback: &str) -> String {
    let text = markdown.trim();
    if text.is_empty() {
        return fallback.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() => {
                out.push(c);
                out.push(chars[i + 1]);
                i += 2;
                continue;
            }
            '`' => {
                // Code spans pass through untouched.
                let end = chars[i + 1..]
                    .iter()
                    .position(|&d| d == '`')
                    .map(|p| i + 1 + p);
                if let Some(end) = end {
                    out.extend(&chars[i..=end]);
                    i = end + 1;
                    continue;
                }
                out.push_str("\\`");
            }
            '[' => match link_end(&chars, i) {
                Some(end) => {
                    out.extend(&chars[i..end]);
                    i = end;
                    continue;
                }
                None => out.push_str("\\["),
            },
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            'h' if starts_url(&chars[i..]) => {
                let end = chars[i..]
                    .iter()
                    .position(|c| c.is_whitespace() || matches!(c, ')' | '>' | '"'))
                    .map_or(chars.len(), |p| i + p);
                let mut url: String = chars[i..end].iter().collect();
                let trailing: String = {
                    let keep = url.trim_end_matches(['.', ',', ';', ':']).len();
                    url.split_off(keep)
                };
                out.push('<');
                out.push_str(&url);
                out.push('>');
                out.push_str(&trailing);
                i = end;
                continue;
            }
            c => out.push(c),
        }
        i += 1;
    }
    out
}

fn starts_url(chars: &[char]) -> bool {
    let s: String = chars.iter().take(8).collect();
    s.starts_with("https://") || s.starts_with("http://")
}

/// The end (exclusive) of a Markdown link `[text](url)` starting at `i`.
fn link_end(chars: &[char], i: usize) -> Option<usize> {
    let close = chars[i + 1..].iter().position(|&c| c == ']' || c == '[')? + i + 1;
    if chars[close] != ']' || chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let paren = chars[close + 2..]
        .iter()
        .position(|&c| c == ')' || c.is_whitespace())?
        + close
        + 2;
    (chars[paren] == ')').then_some(paren + 1)
}

/// Doc attributes for `text`, one per line with a leading space, so that prettyplease prints
/// them as `/// line` (or `//! line` when `inner`).
pub fn attrs(text: &str, inner: bool) -> proc_macro2::TokenStream {
    let lines = text.lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    });
    if inner {
        quote::quote!(#(#![doc = #lines])*)
    } else {
        quote::quote!(#(#[doc = #lines])*)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_stay_and_hazards_are_escaped() {
        assert_eq!(rustdoc("", "Fallback."), "Fallback.");
        assert_eq!(
            rustdoc(
                "An [access system](https://docs.seam.co/x) was connected.",
                ""
            ),
            "An [access system](https://docs.seam.co/x) was connected."
        );
        assert_eq!(
            rustdoc("See https://docs.seam.co/x.", ""),
            "See <https://docs.seam.co/x>."
        );
        assert_eq!(
            rustdoc("Array [a] of <b>", ""),
            "Array \\[a\\] of &lt;b&gt;"
        );
        assert_eq!(rustdoc("Use `a[0] <b>` here", ""), "Use `a[0] <b>` here");
        assert_eq!(
            rustdoc("connected\\_account\\_id", ""),
            "connected\\_account\\_id"
        );
    }
}
