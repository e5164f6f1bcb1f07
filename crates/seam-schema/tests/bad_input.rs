//! Every class of bad input is an error naming the file, the line and what was expected.

mod common;

use seam_schema::{SourceFile, import};

const MDX: &str = "schema/sources/acs_systems.mdx";
const TXT: &str = "schema/sources/acs_systems.txt";

/// The page at `rel` with the first occurrence of `from` replaced by `to`.
fn mutate(rel: &str, from: &str, to: &str) -> SourceFile {
    let page = common::read(rel);
    let text = String::from_utf8(page.bytes).unwrap();
    assert!(text.contains(from), "{from:?} is not on {rel}");
    SourceFile::new(rel, text.replacen(from, to, 1))
}

/// One bad input: a name, the pages, and the line the error must name.
struct Case {
    name: &'static str,
    pages: Vec<SourceFile>,
    file: &'static str,
    line: usize,
    needle: &'static str,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "broken JSON example (MDX)",
            pages: vec![mutate(
                MDX,
                "\"acs_system_id\": \"00000000-0000-0000-0000-000000000000\",",
                "\"acs_system_id\": ,",
            )],
            file: MDX,
            line: 15,
            needle: "not valid JSON",
        },
        Case {
            name: "broken JSON example (rendered)",
            pages: vec![mutate(
                TXT,
                "\"event_id\": \"00000000-0000-0000-0000-000000000000\",",
                "\"event_id\" \"x\",",
            )],
            file: TXT,
            line: 11,
            needle: "not valid JSON",
        },
        Case {
            name: "missing type (MDX)",
            pages: vec![mutate(
                MDX,
                "<ResponseField name=\"event_id\" type=\"String (UUID)\">",
                "<ResponseField name=\"event_id\">",
            )],
            file: MDX,
            line: 38,
            needle: "has no type",
        },
        Case {
            name: "missing type (rendered)",
            pages: vec![mutate(
                TXT,
                "acs_system_id\nString (UUID)\n",
                "acs_system_id\n",
            )],
            file: TXT,
            line: 16,
            needle: "which is not a type",
        },
        Case {
            name: "unknown type (MDX)",
            pages: vec![mutate(
                MDX,
                "type=\"String (UUID)\">\n    ID of the event.",
                "type=\"Integer\">\n    ID of the event.",
            )],
            file: MDX,
            line: 38,
            needle: "unknown type `Integer`",
        },
        Case {
            name: "unknown type (rendered)",
            pages: vec![mutate(TXT, "event_id\nString (UUID)", "event_id\nDecimal")],
            file: TXT,
            line: 25,
            needle: "unknown type `Decimal`",
        },
        Case {
            name: "unclosed tag",
            pages: vec![mutate(
                MDX,
                "    ID of the event.\n  </ResponseField>",
                "    ID of the event.",
            )],
            file: MDX,
            line: 52,
            needle: "closing tag for `<ResponseField>` (38:3)",
        },
        Case {
            name: "heading and example disagree (MDX)",
            pages: vec![mutate(
                MDX,
                "\"event_type\": \"acs_system.connected\"",
                "\"event_type\": \"acs_system.added\"",
            )],
            file: MDX,
            line: 19,
            needle: "but the heading at line",
        },
        Case {
            name: "heading and example disagree (rendered)",
            pages: vec![mutate(
                TXT,
                "\"event_type\": \"acs_system.connected\"",
                "\"event_type\": \"acs_system.added\"",
            )],
            file: TXT,
            line: 12,
            needle: "but the heading at line",
        },
        Case {
            name: "duplicate property",
            pages: vec![mutate(
                TXT,
                "event_id\nString (UUID)\nID of the event.\n",
                "event_id\nString (UUID)\nID of the event.\nevent_id\nString (UUID)\nID of the event.\n",
            )],
            file: TXT,
            line: 28,
            needle: "twice (first at line 25)",
        },
        Case {
            name: "conflicting duplicate event",
            pages: vec![
                mutate(
                    TXT,
                    "ID of the access system.",
                    "ID of the access control system.",
                ),
                common::read(MDX),
            ],
            file: TXT,
            line: 16,
            needle: "documented differently by two pages",
        },
        Case {
            name: "empty file",
            pages: vec![SourceFile::new(
                "schema/sources/empty.mdx",
                "\u{feff}\r\n  \n",
            )],
            file: "schema/sources/empty.mdx",
            line: 1,
            needle: "the page is empty",
        },
        Case {
            name: "bytes that are not UTF-8",
            pages: vec![SourceFile::new(
                TXT,
                b"Skip to main content\n\nacs_system.connected\n\xC3\x28\n".to_vec(),
            )],
            file: TXT,
            line: 4,
            needle: "not UTF-8",
        },
    ]
}

#[test]
fn every_bad_input_names_file_and_line() {
    let mut report = String::new();
    for case in cases() {
        let errors = import(&case.pages, None).expect_err(case.name);
        let first = &errors.0[0];
        assert_eq!(
            (first.file.as_str(), first.line),
            (case.file, case.line),
            "{}: {errors}",
            case.name
        );
        assert!(
            first.message.contains(case.needle),
            "{}: {errors}",
            case.name
        );
        report.push_str(&format!("## {}\n{errors}\n\n", case.name));
    }
    insta::assert_snapshot!(report);
}

#[test]
fn every_broken_page_is_reported_in_one_run() {
    let pages = [
        mutate(
            MDX,
            "type=\"String (UUID)\">\n    ID of the event.",
            "type=\"Integer\">\n    ID of the event.",
        ),
        mutate(TXT, "event_id\nString (UUID)", "event_id\nDecimal"),
    ];
    let errors = import(&pages, None).unwrap_err();
    let files: Vec<&str> = errors.0.iter().map(|d| d.file.as_str()).collect();
    assert!(files.contains(&MDX) && files.contains(&TXT), "{errors}");
}
