//! Fuzzes the rendered-page parser (and the stages after it): a page must give a schema or an error
//! naming the file and a line, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seam_schema::{SourceFile, import};

fuzz_target!(
    init: {
        // The importer catches markdown-rs's panics and turns them into errors naming a line
        // (or compares the text as written); only a panic anywhere else is a finding.
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !info.location().is_some_and(|l| l.file().contains("/markdown-")) {
                abort(info);
            }
        }));
    },
    |bytes: &[u8]| {
    // Lines as the importer counts them: LF, CRLF and a lone CR each end one.
    let breaks = bytes.iter().enumerate().filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')));
    let lines = breaks.count() + 1;
    if let Err(errors) = import(&[SourceFile::new("fuzz.txt", bytes)], None) {
        for d in &errors.0 {
            assert_eq!(d.file, "fuzz.txt");
            assert!(d.line >= 1 && d.line <= lines + 1, "{d} (page of {lines} lines)");
        }
    }
    }
);
