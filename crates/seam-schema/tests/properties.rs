//! Property tests of the importer: arbitrary text and mutated real pages give a schema or an
//! error naming the file and a line on the page, never a panic.

mod common;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use seam_schema::{SourceFile, import};

/// The real pages (the docs site's and the seeds) and the rich fixtures, as (file name, text).
fn seeds() -> Vec<(String, String)> {
    let mut pages: Vec<SourceFile> = common::read_dir("schema/sources");
    pages.extend(common::read_dir("crates/seam-schema/tests/fixtures/seeds"));
    pages.extend(common::read_dir("crates/seam-schema/tests/fixtures/rich"));
    pages
        .into_iter()
        .map(|p| {
            let name = p.path.rsplit('/').next().unwrap().to_owned();
            (name, String::from_utf8(p.bytes).unwrap())
        })
        .collect()
}

/// Lines as the importer counts them: LF, CRLF and a lone CR each end one.
fn line_count(bytes: &[u8]) -> usize {
    let breaks = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')));
    breaks.count() + 1
}

/// Imports one page; an error must name it and a line on it.
fn check(name: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Err(errors) = import(&[SourceFile::new(name, bytes)], None) {
        let lines = line_count(bytes);
        for d in &errors.0 {
            prop_assert_eq!(&d.file, name);
            prop_assert!(
                d.line >= 1 && d.line <= lines + 1,
                "{} (a page of {} lines)",
                d,
                lines
            );
            prop_assert!(!d.message.is_empty());
        }
    }
    Ok(())
}

/// How one page is damaged.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    TruncateAt(usize),
    InsertJunk(usize, String),
    DropClosingTag(usize),
    InsertOpeningTag(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let i = any::<prop::sample::Index>().prop_map(|i| i.index(usize::MAX));
    prop_oneof![
        i.clone().prop_map(Mutation::DeleteLine),
        i.clone().prop_map(Mutation::DuplicateLine),
        (i.clone(), i.clone()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        i.clone().prop_map(Mutation::TruncateAt),
        (
            i.clone(),
            "\\PC{0,40}|[<>{}\\[\\]`\"\\\\:,]{1,8}|\\{\"a\": \\["
        )
            .prop_map(|(a, s)| Mutation::InsertJunk(a, s)),
        i.clone().prop_map(Mutation::DropClosingTag),
        i.prop_map(Mutation::InsertOpeningTag),
    ]
}

fn apply(text: &str, mutations: &[Mutation]) -> Vec<u8> {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let mut bytes = None;
    for m in mutations {
        let n = lines.len().max(1);
        match m {
            Mutation::DeleteLine(i) if !lines.is_empty() => {
                lines.remove(i % n);
            }
            Mutation::DuplicateLine(i) if !lines.is_empty() => {
                let line = lines[i % n].clone();
                lines.insert(i % n, line);
            }
            Mutation::SwapLines(a, b) if !lines.is_empty() => lines.swap(a % n, b % n),
            Mutation::InsertJunk(i, junk) => {
                lines.insert(i % (n + 1).min(lines.len() + 1), junk.clone())
            }
            Mutation::DropClosingTag(i) => {
                let closing: Vec<usize> = (0..lines.len())
                    .filter(|&k| lines[k].trim_start().starts_with("</"))
                    .collect();
                if !closing.is_empty() {
                    lines.remove(closing[i % closing.len()]);
                }
            }
            Mutation::InsertOpeningTag(i) => {
                let at = i % (lines.len() + 1);
                lines.insert(at, "  <ResponseField name=\"x\" type=\"Object\">".into());
            }
            Mutation::TruncateAt(k) => {
                let joined = lines.join("\n").into_bytes();
                let cut = k % (joined.len() + 1);
                bytes = Some(joined[..cut].to_vec());
            }
            _ => {}
        }
    }
    bytes.unwrap_or_else(|| lines.join("\n").into_bytes())
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

#[test]
fn mutated_real_pages_never_panic() {
    let seeds = seeds();
    let strategy = (0..seeds.len(), prop::collection::vec(mutation(), 1..4));
    runner(400)
        .run(&strategy, |(page, mutations)| {
            let (name, text) = &seeds[page];
            check(name, &apply(text, &mutations))
        })
        .unwrap();
}

#[test]
fn arbitrary_text_never_panics() {
    let strategy = (
        prop_oneof![Just("p.mdx"), Just("p.txt")],
        prop::collection::vec(any::<u8>(), 0..400),
    );
    runner(300)
        .run(&strategy, |(name, bytes)| check(name, &bytes))
        .unwrap();
    let text = (
        prop_oneof![Just("p.mdx"), Just("p.txt")],
        "(\\PC|\n){0,300}",
    );
    runner(300)
        .run(&text, |(name, text)| check(name, text.as_bytes()))
        .unwrap();
}

#[test]
fn page_shaped_noise_never_panics() {
    // Lines drawn from the grammar's own vocabulary, in any order.
    let line = prop_oneof![
        Just("Skip to main content".to_owned()),
        Just("Example webhook payload".to_owned()),
        Just("Hide properties".to_owned()),
        "[a-z]{1,6}(\\.[a-z_]{1,8}){1,3}",
        "[a-z_]{1,10}",
        prop_oneof![
            Just("String (UUID)"),
            Just("Object"),
            Just("Array"),
            Just("Enum (String)"),
            Just("number")
        ]
        .prop_map(str::to_owned),
        Just("Possible values: a, b".to_owned()),
        Just("Value: a.b".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        "\"[a-z]{1,5}\": (1|\"x\"|\\[\\]|\\{\\})(,)?",
        Just("## `a.b`".to_owned()),
        Just("```json Example webhook payload".to_owned()),
        Just("```".to_owned()),
        Just("<Accordion title=\"Properties\">".to_owned()),
        Just("</Accordion>".to_owned()),
        Just("<ResponseField name=\"x\" type=\"Object\">".to_owned()),
        Just("</ResponseField>".to_owned()),
        Just("<Expandable title=\"properties\">".to_owned()),
        Just("</Expandable>".to_owned()),
        Just(String::new()),
    ];
    let strategy = (
        prop_oneof![Just("p.mdx"), Just("p.txt")],
        prop::collection::vec(line, 0..60),
    );
    runner(400)
        .run(&strategy, |(name, lines)| {
            check(name, lines.join("\n").as_bytes())
        })
        .unwrap();
}
