//! Oversized and hostile input: errors, never a crash.

use seam_schema::{SourceFile, import};

const DEPTH: usize = 10_000;

fn page_with_example(json: &str) -> String {
    format!(
        "## `a.b`\n\nD.\n\n```json Example webhook payload\n{json}\n```\n\n<Accordion title=\"Properties\">\n  <ResponseField name=\"event_type\" type=\"Enum (String)\">\n    Value: `a.b`\n  </ResponseField>\n</Accordion>\n"
    )
}

#[test]
fn an_example_nested_ten_thousand_levels_deep_is_an_error() {
    let json = format!(
        "{{\"event_type\": \"a.b\", \"x\": {}{}}}",
        "[".repeat(DEPTH),
        "]".repeat(DEPTH)
    );
    let errors = import(
        &[SourceFile::new("deep.mdx", page_with_example(&json))],
        None,
    )
    .unwrap_err();
    assert_eq!(errors.0[0].line, 6, "{errors}");
    assert!(errors.0[0].message.contains("recursion limit"), "{errors}");
    let rendered = format!(
        "a.b\nD.\nExample webhook payload\n{json}\nevent_type\nEnum (String)\nValue: a.b\n"
    );
    let errors = import(&[SourceFile::new("deep.txt", rendered)], None).unwrap_err();
    assert_eq!(errors.0[0].line, 4, "{errors}");
}

#[test]
fn properties_nested_ten_thousand_levels_deep_are_an_error() {
    let mut fields = String::new();
    for i in 0..DEPTH {
        fields.push_str(&format!(
            "<ResponseField name=\"p{i}\" type=\"Object\">\nD.\n<Expandable title=\"properties\">\n"
        ));
    }
    fields.push_str(&"</Expandable>\n</ResponseField>\n".repeat(DEPTH));
    let page = format!(
        "## `a.b`\n\nD.\n\n```json Example webhook payload\n{{}}\n```\n\n<Accordion title=\"Properties\">\n{fields}</Accordion>\n"
    );
    let errors = import(&[SourceFile::new("deep.mdx", page)], None).unwrap_err();
    assert!(errors.0[0].message.contains("nested"), "{errors}");

    let mut rendered = String::from("a.b\nD.\nExample webhook payload\n{}\n");
    for i in 0..DEPTH {
        rendered.push_str(&format!("p{i}\nObject\nD.\nHide properties\n"));
    }
    let errors = import(&[SourceFile::new("deep.txt", rendered)], None).unwrap_err();
    assert!(errors.0[0].message.contains("nested"), "{errors}");
}

/// Every input a fuzzer once crashed on (`tests/fixtures/fuzz/`) now imports, or is an error
/// naming the file and a line.
#[test]
fn fuzz_findings_are_errors() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fuzz");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        if let Err(errors) = import(&[SourceFile::new(name.clone(), bytes)], None) {
            assert!(
                errors.0.iter().all(|d| d.file == name && d.line >= 1),
                "{errors}"
            );
        }
        seen += 1;
    }
    assert!(seen >= 3, "the findings are kept as regression inputs");
}
