//! Every class of bad input is an error naming the file, the line and what was expected.

mod common;

use seam_schema::{SourceFile, import};

const MDX: &str = "crates/seam-schema/tests/fixtures/seeds/acs_systems.mdx";
const TXT: &str = "crates/seam-schema/tests/fixtures/seeds/acs_systems.txt";

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
            needle: "does not close `<ResponseField>` (opened at line 38)",
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
            name: "unclosed front matter",
            pages: vec![SourceFile::new(MDX, "---\ntitle: x\n\n## `a.b`\n")],
            file: MDX,
            line: 1,
            needle: "never closes",
        },
        Case {
            name: "an inline tag left open",
            pages: vec![mutate(
                MDX,
                "ID of the event.\n",
                "ID of the <b>event.\n-\n",
            )],
            file: MDX,
            line: 39,
            needle: "the inline `<b>` opened here is not closed",
        },
        Case {
            name: "properties nested too deep",
            pages: vec![SourceFile::new(
                TXT,
                format!(
                    "a.b\nD.\nExample webhook payload\n{{}}\n{}",
                    "p\nObject\nD.\nHide properties\n".repeat(40)
                ),
            )],
            file: TXT,
            line: 133,
            needle: "nested more than 32 levels",
        },
        Case {
            name: "an enumeration without values",
            pages: vec![mutate(TXT, "Value: acs_system.connected", "The type.")],
            file: TXT,
            line: 28,
            needle: "needs `Value: ...` or `Possible values: ...`",
        },
        Case {
            name: "a heading without an example",
            pages: vec![mutate(
                MDX,
                "```json Example webhook payload theme={null}",
                "```json",
            )],
            file: MDX,
            line: 9,
            needle: "has no example",
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
fn every_bad_override_names_its_line_and_the_closest_name() {
    let pages = [common::read(MDX)];
    let cases = [
        (
            "[[rule]]\nid = \"a\"\nwhy = \"w\"\nmatch = { event = \"acs_system.conected\", property = \"x\" }\nset = { presence = \"may_be_absent\" }\n",
            1,
            "did you mean `acs_system.connected`?",
        ),
        (
            "\n[[rule]]\nid = \"b\"\nwhy = \"w\"\nmatch = { property = \"acs_sytem_id\" }\nset = { presence = \"may_be_absent\" }\n",
            2,
            "did you mean `acs_system_id`?",
        ),
        (
            "[[rule]]\nid = \"c\"\nwhy = \"w\"\nmatch = { property = \"acs_system_id\" }\nset = { items = { kind = \"string\" } }\n",
            1,
            "not an Array",
        ),
        (
            "[[rule]]\nid = \"d\"\nwhy = \"w\"\nmatch = { property = \"event_id\" }\nset = { requird = false }\n",
            5,
            "unknown field `requird`",
        ),
        ("[[rule]\n", 1, "do not parse"),
    ];
    let mut report = String::new();
    for (toml, line, needle) in cases {
        let errors = import(
            &pages,
            Some(&SourceFile::new("schema/overrides.toml", toml)),
        )
        .unwrap_err();
        let first = &errors.0[0];
        assert_eq!(
            (first.file.as_str(), first.line),
            ("schema/overrides.toml", line),
            "{errors}"
        );
        assert!(first.message.contains(needle), "{errors}");
        report.push_str(&format!("{errors}\n"));
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
