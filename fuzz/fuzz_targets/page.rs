//! What the two page targets share: the check of one page.

use seam_schema::{SourceFile, import};

/// Imports `bytes` as the page `name`: a schema, or errors naming it and a line on it.
pub fn check(name: &str, bytes: &[u8]) {
    // Lines as the importer counts them: LF, CRLF and a lone CR each end one.
    let breaks = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')));
    let lines = breaks.count() + 1;
    if let Err(errors) = import(&[SourceFile::new(name, bytes)], None) {
        for d in &errors.0 {
            assert_eq!(d.file, name);
            assert!(
                d.line >= 1 && d.line <= lines + 1,
                "{d} (page of {lines} lines)"
            );
        }
    }
}
