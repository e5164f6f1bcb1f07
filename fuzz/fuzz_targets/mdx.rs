//! Fuzzes the MDX page parser (and the stages after it): a page must give a schema or an error
//! naming the file and a line, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "page.rs"]
mod page;

fuzz_target!(|bytes: &[u8]| page::check("fuzz.mdx", bytes));
