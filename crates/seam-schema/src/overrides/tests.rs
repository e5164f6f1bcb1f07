use super::*;
use crate::{SourceFile, import};

const PAGE: &str = "Skip to main content

space.created

A space was created.
Example webhook payload
{ \"device_ids\": [], \"space_key\": \"\", \"space_errors\": [], \"event_type\": \"space.created\" }
device_ids
Array
IDs.
event_type
Enum (String)
Value: space.created
space_errors
Array
Errors.
space_key
String
Key.
";

fn run(overrides: &str) -> Result<Schema, String> {
    let page = SourceFile::new("spaces.txt", PAGE);
    let overrides = SourceFile::new("overrides.toml", overrides);
    import(&[page], Some(&overrides))
        .map(|i| i.schema)
        .map_err(|e| e.to_string())
}

const ERROR_DEF: &str = "[definitions.seam_error]\ndescription = \"E.\"\n\
    [definitions.seam_error.properties.message]\nkind = \"string\"\ndescription = \"M.\"\npresence = \"always\"\n";

#[test]
fn rules_apply_by_resource_and_pattern() {
    let schema = run(&format!(
        "{ERROR_DEF}\n[[rule]]\nid = \"errors\"\nwhy = \"w\"\nmatch = {{ property = \"*_errors\" }}\n\
         set = {{ items = {{ kind = \"ref\", name = \"seam_error\" }} }}\n\
         [[rule]]\nid = \"key\"\nwhy = \"w\"\nmatch = {{ resource = \"space\", property = \"space_key\" }}\n\
         set = {{ presence = \"may_be_absent\", description = \"The key.\" }}\n"
    ))
    .unwrap();
    let e = &schema.events[0];
    assert_eq!(
        e.properties["space_errors"].ty,
        Type::Array {
            items: Box::new(Type::Ref {
                name: "seam_error".into()
            })
        }
    );
    assert!(!e.properties["space_key"].always_present());
    assert_eq!(e.properties["space_key"].description, "The key.");
    assert_eq!(e.properties["space_key"].provenance, ["override `key`"]);
    assert!(schema.definitions.contains_key("seam_error"));
}

#[test]
fn stale_names_are_errors_with_suggestions() {
    let err = run("[[rule]]\nid = \"a\"\nwhy = \"w\"\nmatch = { event = \"space.craeted\", property = \"space_key\" }\nset = { presence = \"may_be_absent\" }\n")
        .unwrap_err();
    assert!(
        err.contains("overrides.toml:1:") && err.contains("did you mean `space.created`?"),
        "{err}"
    );
    let err = run("\n\n[[rule]]\nid = \"b\"\nwhy = \"w\"\nmatch = { property = \"spce_key\" }\nset = { presence = \"may_be_absent\" }\n")
        .unwrap_err();
    assert!(
        err.contains("overrides.toml:3:") && err.contains("did you mean `space_key`?"),
        "{err}"
    );
    let err = run("[[rule]]\nid = \"c\"\nwhy = \"w\"\nmatch = { resource = \"spaces\", property = \"x\" }\nset = { presence = \"may_be_absent\" }\n")
        .unwrap_err();
    assert!(
        err.contains("no resource `spaces`; did you mean `space`?"),
        "{err}"
    );
}

#[test]
fn inconsistent_rules_are_errors() {
    let cases = [
        (
            "match = { property = \"space_key\" }\nset = { items = { kind = \"string\" } }\n",
            "not an Array",
        ),
        (
            "match = { property = \"space_errors\" }\nset = { items = { kind = \"ref\", name = \"seam_eror\" } }\n",
            "not defined",
        ),
        (
            "match = { property = \"space_key\" }\nset = {}\n",
            "changes nothing",
        ),
        (
            "match = { property = \"[\" }\nset = { presence = \"may_be_absent\" }\n",
            "not a glob",
        ),
    ];
    for (body, needle) in cases {
        let err = run(&format!("[[rule]]\nid = \"r\"\nwhy = \"w\"\n{body}")).unwrap_err();
        assert!(err.contains(needle), "{needle}: {err}");
    }
}

#[test]
fn malformed_file_names_the_line() {
    let err = run("[[rule]]\nid = \"r\"\nwhy = \"w\"\nmatch = { property = \"x\" }\nset = { presence = \"yes\" }\n").unwrap_err();
    assert!(err.contains("overrides.toml:5:"), "{err}");
    let err = run("[[rule]]\nid = \"r\"\nwhy = \"w\"\nwhen = 1\n").unwrap_err();
    assert!(
        err.contains("overrides.toml:4:") && err.contains("when"),
        "{err}"
    );
}
