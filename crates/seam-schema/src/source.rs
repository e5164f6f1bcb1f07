//! Reads a documentation page's bytes: UTF-8 only, byte-order mark and CRLF line ends tolerated.

use crate::diagnostic::Diagnostic;

/// The two documentation formats, told apart by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The MDX source the docs site stores (`.mdx`, `.md`).
    Mdx,
    /// The page as a browser renders it, copied as text (`.txt`).
    Rendered,
}

impl Format {
    /// The format of the file at `path`, from its extension.
    pub fn of(path: &str) -> Result<Format, Diagnostic> {
        let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        match ext.as_deref() {
            Some("mdx" | "md") => Ok(Format::Mdx),
            Some("txt") => Ok(Format::Rendered),
            _ => Err(Diagnostic::new(
                path,
                1,
                "unknown page format: expected a file name ending in `.mdx` or `.md` (the MDX \
                 source) or `.txt` (the page as a browser renders it)",
            )),
        }
    }
}

/// Decodes a page: UTF-8 with an optional byte-order mark; CRLF and lone CR become LF, so line
/// numbers stay those an editor shows.
pub fn decode(path: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = crate::diagnostic::line_of(bytes, e.valid_up_to());
        Diagnostic::new(
            path,
            line,
            format!(
                "the page is not UTF-8 text: the bytes at offset {1} (starting 0x{0:02X}) are \
                 not a UTF-8 character; expected UTF-8 (save the page as UTF-8)",
                bytes[e.valid_up_to()],
                e.valid_up_to()
            ),
        )
    })?;
    if !text.contains('\r') {
        return Ok(text.to_owned());
    }
    Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_crlf() {
        assert_eq!(
            decode("a.txt", b"\xEF\xBB\xBFa\r\nb\rc\n").unwrap(),
            "a\nb\nc\n"
        );
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let err = decode("p.txt", b"ok\nfine\n\xFFbad").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("0xFF"), "{err}");
    }

    #[test]
    fn format_from_extension() {
        assert_eq!(Format::of("x/acs.mdx").unwrap(), Format::Mdx);
        assert_eq!(Format::of("x/acs.TXT").unwrap(), Format::Rendered);
        assert!(Format::of("x/acs.html").is_err());
    }
}
