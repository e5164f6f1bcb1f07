use super::*;
use crate::{Presence, SourceFile, import_with_payloads};

/// One event: an ID, a code (string), a mode (enumeration), an undetermined array, a nested
/// object, in the rendered format.
const PAGE: &str = "Skip to main content

lock.unlocked

A lock was unlocked.
Example webhook payload
{ \"event_type\": \"lock.unlocked\", \"device_id\": \"00000000-0000-0000-0000-000000000000\", \"code\": \"1234\", \"mode\": \"keycode\", \"changes\": [], \"from\": { \"name\": \"a\" } }
changes
Array
What changed.
code
String
The code.
device_id
String (UUID)
ID of the device.
event_type
Enum (String)
Value: lock.unlocked
from
Object
The state before.
name
String
The name.
mode
Enum (String)
How it was unlocked.
Possible values: keycode, manual
";

fn page() -> SourceFile {
    SourceFile::new("schema/sources/locks.txt", PAGE)
}

fn payload(name: &str, json: &str) -> SourceFile {
    SourceFile::new(format!("schema/payloads/lock.unlocked/{name}"), json)
}

fn run(payloads: &[SourceFile], overrides: &str) -> Result<crate::Imported, String> {
    let overrides = SourceFile::new("schema/overrides.toml", overrides);
    import_with_payloads(&[page()], Some(&overrides), payloads).map_err(|e| e.to_string())
}

const BASE: &str = r#"{"event_type": "lock.unlocked", "device_id": "00000000-0000-0000-0000-000000000000", "code": "1", "mode": "keycode", "changes": [], "from": {"name": "a"}}"#;

fn property<'a>(schema: &'a Schema, path: &str) -> &'a Property {
    let event = schema.event("lock.unlocked").unwrap();
    schema
        .property_at(&event.properties, path)
        .unwrap_or_else(|| panic!("no {path}"))
}

#[test]
fn what_payloads_show_is_learned_with_the_file_that_shows_it() {
    let imported = run(
        &[
            payload("01.json", BASE),
            payload(
                "02.json",
                r#"{"event_type": "lock.unlocked", "code": null, "mode": "remote",
                    "changes": [{"property": "code", "from": null, "to": "2"}],
                    "from": {"name": null, "since": "2025-01-01T00:00:00Z"},
                    "battery": 0.5}"#,
            ),
        ],
        "[policy]\npresence = \"always\"\n",
    )
    .unwrap();
    let schema = &imported.schema;
    // Absent: may be absent, decided by the payload that lacks it.
    let device = property(schema, "device_id");
    assert_eq!(
        (device.presence.value, device.presence.source),
        (Presence::MayBeAbsent, Source::Payload)
    );
    assert_eq!(
        device.presence.notes,
        ["absent from schema/payloads/lock.unlocked/02.json"]
    );
    // Present in both: the policy decides.
    assert_eq!(property(schema, "code").presence.source, Source::Policy);
    assert!(property(schema, "code").always_present());
    // Null: may be null, at any depth.
    for path in ["code", "from.name", "changes[].from"] {
        let p = property(schema, path);
        assert!(p.may_be_null(), "{path}");
        assert_eq!(p.nullable.source, Source::Payload, "{path}");
    }
    assert!(!property(schema, "changes[].to").may_be_null());
    // A value the docs do not list.
    assert_eq!(
        property(schema, "mode").ty,
        Type::Enum {
            values: vec!["keycode".into(), "manual".into(), "remote".into()]
        }
    );
    // A property the docs do not list, at the top and nested, with the type its value shows.
    let battery = property(schema, "battery");
    assert_eq!(battery.ty, Type::Number);
    assert_eq!(battery.description, LEARNED_DESCRIPTION);
    assert_eq!(property(schema, "from.since").ty, Type::STRING);
    // Undetermined items take the shape their values show; `from` was null, then a string.
    let Type::Array { items } = &property(schema, "changes").ty else {
        panic!("an array")
    };
    let Type::Object {
        properties: Some(item),
    } = &**items
    else {
        panic!("items are objects: {items:?}")
    };
    assert_eq!(item.keys().collect::<Vec<_>>(), ["from", "property", "to"]);
    assert_eq!(item["from"].ty, Type::Any, "only null was seen");
    assert_eq!(item["to"].ty, Type::STRING);
    // Every fact is reported, naming the first payload that shows it.
    let notes: Vec<String> = imported.learned.iter().map(|d| d.to_string()).collect();
    for needle in [
        "schema/payloads/lock.unlocked/02.json:1: `device_id` of `lock.unlocked` is absent",
        "schema/payloads/lock.unlocked/02.json:1: `code` of `lock.unlocked` is `null`",
        "schema/payloads/lock.unlocked/02.json:1: `mode` of `lock.unlocked` has the value `remote`",
        "schema/payloads/lock.unlocked/02.json:4: `battery` of `lock.unlocked` is not in the docs",
        "schema/payloads/lock.unlocked/02.json:2: `changes[0]` of `lock.unlocked` has no type in the docs",
    ] {
        assert!(
            notes.iter().any(|n| n.starts_with(needle)),
            "{needle}\n{notes:#?}"
        );
    }
    assert_eq!(imported.observed.len(), 2);
}

#[test]
fn learning_does_not_depend_on_the_order_of_the_files() {
    // Two payloads, under either name: the files are read in name order, so swapping the names
    // swaps the order they are learned in.
    let one = r#"{"event_type": "lock.unlocked", "extra": null, "list": [1], "mode": "zz_new",
                 "nulls": [null], "later": [2]}"#;
    let two = r#"{"event_type": "lock.unlocked", "extra": "x", "list": ["y"], "mode": "aa_new",
                 "nulls": [3], "later": [null]}"#;
    let forward = run(&[payload("a.json", one), payload("b.json", two)], "").unwrap();
    let backward = run(&[payload("a.json", two), payload("b.json", one)], "").unwrap();
    // The same types and facts (the notes name the files that showed them).
    let facts = |schema: &Schema| -> Vec<(String, Type, Presence, bool)> {
        let event = schema.event("lock.unlocked").unwrap();
        event
            .properties
            .iter()
            .map(|(name, p)| {
                (
                    name.clone(),
                    p.ty.clone(),
                    p.presence.value,
                    p.nullable.value,
                )
            })
            .collect()
    };
    assert_eq!(facts(&forward.schema), facts(&backward.schema));
    let schema = &forward.schema;
    let extra = property(schema, "extra");
    assert_eq!(extra.ty, Type::STRING);
    assert!(extra.may_be_null());
    let any_items = Type::Array {
        items: Box::new(Type::Any),
    };
    // Two kinds of item, or `null` among the items, before or after: any JSON value.
    for path in ["list", "nulls", "later"] {
        assert_eq!(property(schema, path).ty, any_items, "{path}");
    }
    // Values the docs lack follow theirs, sorted.
    assert_eq!(
        property(schema, "mode").ty,
        Type::Enum {
            values: vec![
                "keycode".into(),
                "manual".into(),
                "aa_new".into(),
                "zz_new".into()
            ]
        }
    );
    // A `null` item in a single payload, after a value, is any JSON value too.
    let alone = run(
        &[payload(
            "a.json",
            r#"{"event_type": "lock.unlocked", "tags": ["a", null]}"#,
        )],
        "",
    )
    .unwrap();
    assert_eq!(property(&alone.schema, "tags").ty, any_items);
}

#[test]
fn an_event_only_payloads_show_is_learned_with_a_warning() {
    let file = SourceFile::new(
        "schema/payloads/lock.jammed/01.json",
        r#"{"event_type": "lock.jammed", "device_id": "x", "at": {"level": 2}}"#,
    );
    let imported = run(&[file], "").unwrap();
    let event = imported.schema.event("lock.jammed").unwrap();
    assert_eq!(event.description, LEARNED_EVENT_DESCRIPTION);
    assert_eq!(
        event.properties.keys().collect::<Vec<_>>(),
        ["at", "device_id", "event_type"]
    );
    assert!(event.properties["event_type"].always_present());
    let warnings: Vec<String> = imported
        .warnings
        .iter()
        .map(|w| w.to_string())
        .filter(|w| w.contains("lock.jammed"))
        .collect();
    assert_eq!(
        warnings,
        [
            "schema/payloads/lock.jammed/01.json:1: event `lock.jammed` is not in the docs: the schema \
          learned it from observed payloads alone; expected a page in schema/sources/ that \
          documents it"
        ]
    );
}

#[test]
fn a_payload_that_contradicts_an_override_is_an_error_naming_both() {
    let overrides = "\n[[rule]]\nid = \"code-always\"\nwhy = \"w\"\nmatch = { property = \"code\" }\nset = { presence = \"always\" }\n";
    let lacks_code = payload(
        "01.json",
        r#"{"event_type": "lock.unlocked", "mode": "keycode"}"#,
    );
    let err = run(&[lacks_code], overrides).unwrap_err();
    assert!(
        err.starts_with(
            "error: schema/overrides.toml:2: rule `code-always`: sets presence = \"always\""
        ),
        "{err}"
    );
    assert!(
        err.contains("absent from schema/payloads/lock.unlocked/01.json"),
        "{err}"
    );
    let overrides = "[[rule]]\nid = \"code-is-a-number\"\nwhy = \"w\"\nmatch = { property = \"code\" }\nset = { type = { kind = \"number\" } }\n";
    let err = run(&[payload("01.json", BASE)], overrides).unwrap_err();
    assert!(
        err.starts_with("error: schema/payloads/lock.unlocked/01.json:1: `code` of the `lock.unlocked` payload is \"1\": expected number, as rule `code-is-a-number` at schema/overrides.toml:1 says"),
        "{err}"
    );
}

#[test]
fn a_payload_that_contradicts_the_docs_is_an_error_naming_both() {
    let not_a_uuid = payload(
        "01.json",
        "{\n  \"event_type\": \"lock.unlocked\",\n  \"device_id\": \"dev_1\"\n}",
    );
    let err = run(&[not_a_uuid], "").unwrap_err();
    assert!(
        err.starts_with("error: schema/payloads/lock.unlocked/01.json:3: `device_id` of the `lock.unlocked` payload is \"dev_1\": expected String (UUID), as schema/sources/locks.txt:14 says"),
        "{err}"
    );
}

#[test]
fn a_shared_definition_is_checked_too() {
    let overrides = "[definitions.state]\ndescription = \"S.\"\n\
        [definitions.state.properties.name]\nkind = \"string\"\ndescription = \"N.\"\npresence = \"always\"\n\
        [[rule]]\nid = \"from-is-a-state\"\nwhy = \"w\"\nmatch = { property = \"from\" }\n\
        set = { type = { kind = \"ref\", name = \"state\" } }\n";
    run(&[payload("01.json", BASE)], overrides).unwrap();
    // What a payload shows inside a shared shape is learned into it.
    let imported = run(
        &[payload(
            "01.json",
            r#"{"event_type": "lock.unlocked", "from": {"name": "a", "since": 3}}"#,
        )],
        overrides,
    )
    .unwrap();
    let since = &imported.schema.definitions["state"].properties["since"];
    assert_eq!(
        (since.ty.clone(), since.description.as_str()),
        (Type::Number, LEARNED_DESCRIPTION)
    );
    // The policy decides what nothing stated, in a shared shape too.
    assert_eq!(
        (since.presence.value, since.presence.source),
        (Presence::MayBeAbsent, Source::Policy)
    );
    assert!(
        imported.learned.iter().any(|n| n
            .message
            .starts_with("`from.since` of `lock.unlocked` is not in the docs")),
        "{:?}",
        imported.learned
    );
    let err = run(
        &[payload(
            "01.json",
            r#"{"event_type": "lock.unlocked", "from": {"name": null}}"#,
        )],
        overrides,
    )
    .unwrap_err();
    assert!(
        err.contains("`from.name` of the `lock.unlocked` payload is null, which definition `state` in schema/overrides.toml says it may not be"),
        "{err}"
    );
}

#[test]
fn bad_payload_files_are_errors_naming_the_file_and_line() {
    for (name, text, expected) in [
        (
            "lock.unlocked/01.json",
            "{\n  \"event_type\": \"lock.unlocked\",\n  \"code\": }",
            "schema/payloads/lock.unlocked/01.json:3: the payload is not JSON",
        ),
        (
            "lock.unlocked/02.json",
            "[1, 2]",
            "schema/payloads/lock.unlocked/02.json:1: the payload is a JSON array: expected a JSON object",
        ),
        (
            "lock.unlocked/03.json",
            "{\"code\": \"1\"}",
            "schema/payloads/lock.unlocked/03.json:1: the payload has no `event_type`",
        ),
        (
            "lock.unlocked/04.json",
            "{\n\"event_type\": 7}",
            "schema/payloads/lock.unlocked/04.json:2: the payload's `event_type` is a JSON number",
        ),
        (
            "lock.locked/05.json",
            "{\"event_type\": \"lock.unlocked\"}",
            "schema/payloads/lock.locked/05.json:1: the payload's `event_type` is `lock.unlocked` but it lies in the folder `lock.locked`",
        ),
        (
            "lock.unlocked/06.txt",
            "{}",
            "schema/payloads/lock.unlocked/06.txt:1: not a payload: expected a `.json` file",
        ),
        (
            "lock.unlocked/07.json",
            "\u{feff}{\"event_type\": \"lock.unlocked\", \"code\": \"\u{ff}\"}\r\n",
            "",
        ),
    ] {
        let file = SourceFile::new(format!("schema/payloads/{name}"), text);
        match run(&[file], "") {
            Ok(_) => assert!(expected.is_empty(), "{name} was accepted"),
            Err(err) => assert!(
                !expected.is_empty() && err.starts_with(&format!("error: {expected}")),
                "{name}: {err}"
            ),
        }
    }
    // Every bad file is reported in one run.
    let err = run(
        &[
            payload("a.json", "nope"),
            payload("b.json", "[]"),
            payload("c.json", BASE),
        ],
        "",
    )
    .unwrap_err();
    assert_eq!(err.lines().count(), 2, "{err}");
}

#[test]
fn lines_of_paths_in_a_payload() {
    let text = "{\n  \"a\": 1,\n  \"b\": {\n    \"c\": [\n      {\"d\": 2},\n      {\"d\": 3}\n    ]\n  },\n  \"e\\\"f\": null\n}";
    let o = observed(
        "x.json",
        "x".into(),
        serde_json::from_str(text).unwrap(),
        text.into(),
    );
    let key = |k: &str| Step::Key(k.into());
    assert_eq!(o.line_of(&[]), 1);
    assert_eq!(o.line_of(&[key("a")]), 2);
    assert_eq!(o.line_of(&[key("b"), key("c")]), 4);
    assert_eq!(o.line_of(&[key("b"), key("c"), Step::Index(1)]), 6);
    assert_eq!(
        o.line_of(&[key("b"), key("c"), Step::Index(1), key("d")]),
        6
    );
    assert_eq!(o.line_of(&[key("e\"f")]), 9);
    // A path that is not there: the deepest part that is.
    assert_eq!(o.line_of(&[key("b"), key("zz")]), 3);
    assert_eq!(o.line_of(&[key("b"), key("c"), Step::Index(9)]), 4);
    assert_eq!(
        show(&[key("b"), key("c"), Step::Index(1), key("d")]),
        "b.c[1].d"
    );
}

#[test]
fn a_documented_example_teaches_what_its_property_list_lacks() {
    let page = PAGE.replace(
        "\"mode\": \"keycode\", \"changes\": [], \"from\": { \"name\": \"a\" } }",
        "\"mode\": \"remote\", \"changes\": [], \"from\": { \"name\": null, \"at\": 1 }, \"seen\": true }",
    );
    let imported = import_with_payloads(
        &[SourceFile::new("schema/sources/locks.txt", page)],
        None,
        &[],
    )
    .unwrap();
    let schema = &imported.schema;
    let seen = property(schema, "seen");
    assert_eq!(
        (seen.ty.clone(), seen.description.as_str()),
        (Type::Boolean, EXAMPLE_DESCRIPTION)
    );
    assert_eq!(property(schema, "from.at").ty, Type::Number);
    assert_eq!(
        property(schema, "mode").ty,
        Type::Enum {
            values: vec!["keycode".into(), "manual".into(), "remote".into()]
        }
    );
    // A fact of the docs, with the page that states it.
    let name = property(schema, "from.name");
    assert_eq!(
        (name.nullable.value, name.nullable.source),
        (true, Source::Docs)
    );
    assert_eq!(
        name.nullable.notes,
        ["`null` in the documented example in schema/sources/locks.txt"]
    );
    // Each is a warning at the example's line, for the page to be mended.
    let warnings: Vec<String> = imported.warnings.iter().map(|w| w.to_string()).collect();
    for needle in [
        "schema/sources/locks.txt:7: `seen` of `lock.unlocked` is not in its property list, only in its documented example: the schema adds it, as Boolean",
        "schema/sources/locks.txt:7: `from.at` of `lock.unlocked` is not in its property list",
        "schema/sources/locks.txt:7: `mode` of `lock.unlocked` has the value `remote`, which the docs do not list",
    ] {
        assert!(
            warnings.iter().any(|w| w.starts_with(needle)),
            "{needle}\n{warnings:#?}"
        );
    }
}

#[test]
fn a_shape_shared_by_two_events_learns_as_one() {
    // `from` is the shared shape `state` in two events; two payloads, one of each, show its
    // unlisted `detail` as a number and as a string: any JSON value, whatever the files' order.
    let locked = PAGE.replace("lock.unlocked", "lock.locked");
    let pages = [page(), SourceFile::new("schema/sources/locked.txt", locked)];
    let overrides = SourceFile::new(
        "schema/overrides.toml",
        "[definitions.state]\ndescription = \"S.\"\n\
         [definitions.state.properties.name]\nkind = \"string\"\ndescription = \"N.\"\npresence = \"always\"\n\
         [[rule]]\nid = \"from-is-a-state\"\nwhy = \"w\"\nmatch = { property = \"from\" }\n\
         set = { type = { kind = \"ref\", name = \"state\" } }\n",
    );
    let unlocked = SourceFile::new(
        "schema/payloads/lock.unlocked/01.json",
        r#"{"event_type": "lock.unlocked", "from": {"name": "a", "detail": 1}}"#,
    );
    let locked = SourceFile::new(
        "schema/payloads/lock.locked/01.json",
        r#"{"event_type": "lock.locked", "from": {"name": "a", "detail": "x"}}"#,
    );
    for payloads in [[unlocked.clone(), locked.clone()], [locked, unlocked]] {
        let imported = import_with_payloads(&pages, Some(&overrides), &payloads)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            imported.schema.definitions["state"].properties["detail"].ty,
            Type::Any
        );
    }
}
