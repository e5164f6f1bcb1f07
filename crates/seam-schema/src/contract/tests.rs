use super::*;
use crate::{Imported, SourceFile, import_all};

/// One event in the rendered format: an ID (whose wording says it may be absent), a code, a
/// mode (enumeration), an array whose items the docs leave open, a nested object, a count.
const PAGE: &str = "Skip to main content

lock.unlocked

A lock was unlocked.
Example webhook payload
{ \"event_type\": \"lock.unlocked\", \"device_id\": \"00000000-0000-0000-0000-000000000000\", \"code\": \"1234\", \"mode\": \"keycode\", \"changes\": [], \"from\": { \"name\": \"2025-01-01T00:00:00Z\" }, \"count\": 1 }
changes
Array
What changed.
code
String
The code.
count
Number
How many.
device_id
String (UUID)
ID of the device, if any.
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
Possible values: keycode, manual, remote
";

const BASE: &str = r#"{"event_type": "lock.unlocked", "device_id": "00000000-0000-0000-0000-000000000000", "code": "1", "mode": "keycode", "changes": [], "from": {"name": "2025-01-01T00:00:00Z"}, "count": 1}"#;

/// The contract of `lock.unlocked` (as an OpenAPI 3.0 schema: `nullable`), and of an event the
/// docs do not document.
const CONTRACT: &str = r#"{
  "openapi": "3.0.0",
  "events": {
    "lock.locked": {
      "type": "object",
      "properties": { "event_type": { "type": "string", "enum": ["lock.locked"] } }
    },
    "lock.unlocked": {
      "type": "object",
      "required": ["event_type", "device_id", "code", "from", "count"],
      "properties": {
        "changes": {
          "type": "array",
          "items": {
            "type": "object",
            "required": ["property"],
            "properties": {
              "property": { "type": "string" },
              "to": { "type": "string", "nullable": true }
            }
          }
        },
        "code": { "type": "string", "nullable": true },
        "count": { "type": "integer" },
        "device_id": { "type": "string", "format": "uuid" },
        "event_type": { "type": "string", "enum": ["lock.unlocked"] },
        "from": {
          "type": "object",
          "required": ["name"],
          "properties": { "name": { "type": "string", "format": "date-time" } }
        },
        "mode": { "type": "string", "enum": ["keycode", "manual", "card"] },
        "pin": { "type": "string" }
      }
    }
  }
}
"#;

fn import(contract: Option<&str>, overrides: &str, payloads: &[&str]) -> Result<Imported, String> {
    import_page(PAGE, contract, overrides, payloads)
}

fn import_page(
    page: &str,
    contract: Option<&str>,
    overrides: &str,
    payloads: &[&str],
) -> Result<Imported, String> {
    let page = SourceFile::new("schema/sources/locks.txt", page);
    let contract = contract.map(|c| SourceFile::new(CONTRACT_FILE, c));
    let overrides = SourceFile::new("schema/overrides.toml", overrides);
    let payloads: Vec<SourceFile> = payloads
        .iter()
        .enumerate()
        .map(|(i, p)| {
            SourceFile::new(
                format!("schema/payloads/lock.unlocked/{:02}.json", i + 1),
                *p,
            )
        })
        .collect();
    import_all(&[page], contract.as_ref(), Some(&overrides), &payloads).map_err(|e| e.to_string())
}

fn property<'a>(imported: &'a Imported, path: &str) -> &'a Property {
    let event = imported.schema.event("lock.unlocked").unwrap();
    imported
        .schema
        .property_at(&event.properties, path)
        .unwrap_or_else(|| panic!("no {path}"))
}

fn notes(imported: &Imported, kind: Disagreement) -> Vec<String> {
    imported
        .contract
        .iter()
        .filter(|n| n.kind == kind)
        .map(|n| n.diagnostic.to_string())
        .collect()
}

#[test]
fn the_contract_decides_what_the_docs_leave_unstated() {
    let without = import(None, "", &[BASE]).unwrap();
    let with = import(Some(CONTRACT), "", &[BASE]).unwrap();
    // Presence: required, and optional, where the docs said nothing.
    for (path, before) in [
        ("code", Presence::MayBeAbsent),
        ("from", Presence::MayBeAbsent),
    ] {
        assert_eq!(property(&without, path).presence.value, before, "{path}");
        assert_eq!(
            property(&without, path).presence.source,
            Source::Policy,
            "{path}"
        );
    }
    let code = property(&with, "code");
    assert_eq!(code.presence.value, Presence::Always);
    assert_eq!(code.presence.source, Source::Contract);
    assert_eq!(code.presence.notes, ["the contract: required"]);
    assert_eq!(property(&with, "from").presence.value, Presence::Always);
    assert_eq!(
        property(&with, "changes").presence.value,
        Presence::MayBeAbsent
    );
    assert_eq!(property(&with, "changes").presence.source, Source::Contract);
    // Nullability.
    assert!(!property(&without, "code").nullable.value);
    assert!(code.nullable.value);
    assert_eq!(code.nullable.source, Source::Contract);
    assert!(!property(&with, "mode").nullable.value);
    assert_eq!(property(&with, "mode").nullable.source, Source::Contract);
    // Enumeration values: the contract's new one after the docs'.
    assert_eq!(
        property(&with, "mode").ty,
        Type::Enum {
            values: vec![
                "keycode".into(),
                "manual".into(),
                "remote".into(),
                "card".into()
            ]
        }
    );
    assert!(
        property(&with, "mode")
            .provenance
            .contains(&"contract: values card".to_owned())
    );
    // A format, inside a nested shape the docs list; the nested presence too.
    assert_eq!(property(&without, "from.name").ty, Type::STRING);
    assert_eq!(
        property(&with, "from.name").ty,
        Type::String {
            format: Some(StringFormat::DateTime)
        }
    );
    assert_eq!(
        property(&with, "from.name").presence.value,
        Presence::Always
    );
    // An integer where the docs say number.
    assert_eq!(property(&without, "count").ty, Type::Number);
    assert_eq!(property(&with, "count").ty, Type::Integer);
    // Item types: the shape of items the docs leave open, described as the contract's alone.
    let Type::Array { items } = &property(&with, "changes").ty else {
        panic!("an array")
    };
    let Type::Object {
        properties: Some(item),
    } = items.as_ref()
    else {
        panic!("{items:?}")
    };
    assert_eq!(item["property"].ty, Type::STRING);
    assert_eq!(item["property"].presence.value, Presence::Always);
    assert_eq!(item["to"].presence.value, Presence::MayBeAbsent);
    assert!(item["to"].nullable.value);
    assert_eq!(item["to"].description, CONTRACT_ONLY);
    // The contract adds no event and no property: `pin` and `lock.locked` stay out.
    assert!(with.schema.event("lock.locked").is_none());
    assert!(
        !with
            .schema
            .event("lock.unlocked")
            .unwrap()
            .properties
            .contains_key("pin")
    );
    // Its facts are counted by their source.
    let facts = with.schema.facts_by_source();
    assert!(
        facts.iter().any(|(s, n)| *s == Source::Contract && *n > 10),
        "{facts:?}"
    );
    assert!(
        !without
            .schema
            .facts_by_source()
            .iter()
            .any(|(s, _)| *s == Source::Contract)
    );
}

#[test]
fn every_disagreement_is_a_note_naming_both_places() {
    let with = import(Some(CONTRACT), "", &[BASE]).unwrap();
    // The docs' wording ("if any") says may be absent; the contract says required.
    assert_eq!(
        property(&with, "device_id").presence.value,
        Presence::MayBeAbsent
    );
    assert_eq!(property(&with, "device_id").presence.source, Source::Docs);
    assert_eq!(
        notes(&with, Disagreement::Presence),
        [
            "schema/contract.json:8: `device_id` of `lock.unlocked`: the docs (locks.txt) say it is sometimes absent, the contract that it is in every payload; the docs' word stands"
        ]
    );
    assert_eq!(
        notes(&with, Disagreement::EventNotInDocs),
        [
            "schema/contract.json:4: `lock.locked` is in the contract but no page in schema/sources/ documents it: the schema leaves it out until the docs do"
        ]
    );
    assert_eq!(
        notes(&with, Disagreement::PropertyNotInDocs),
        [
            "schema/contract.json:8: `pin` of `lock.unlocked` is in the contract, not in the docs (locks.txt): the schema leaves it out until the docs list it"
        ]
    );
    assert_eq!(
        notes(&with, Disagreement::EnumValues),
        [
            "schema/contract.json:8: `mode` of `lock.unlocked`: the docs (locks.txt) list `remote`, which the contract does not; the schema keeps them"
        ]
    );
    // A type, a format and a missing property, and an event the contract lacks.
    let other = CONTRACT
        .replace(
            r#""count": { "type": "integer" },"#,
            r#""count": { "type": "string" },"#,
        )
        .replace(r#""format": "uuid""#, r#""format": "date-time""#)
        .replace(
            r#""name": { "type": "string", "format": "date-time" }"#,
            r#""name": { "type": "string", "format": "uri" }"#,
        )
        .replace(r#""code": { "type": "string", "nullable": true },"#, "")
        .replace("\"lock.unlocked\": {", "\"lock.unlocked\": {\"x-note\": 1,");
    let with = import(Some(&other), "", &[BASE]).unwrap();
    assert_eq!(
        notes(&with, Disagreement::Type).len(),
        1,
        "{:?}",
        with.contract
    );
    assert!(notes(&with, Disagreement::Type)[0].contains(
        "`count` of `lock.unlocked`: the docs (locks.txt) say number, the contract String"
    ));
    assert_eq!(
        property(&with, "count").ty,
        Type::Number,
        "the docs' word stands"
    );
    assert!(
        notes(&with, Disagreement::Format)[0]
            .contains("the docs (locks.txt) give the format uuid, the contract date-time")
    );
    assert!(
        notes(&with, Disagreement::PropertyNotInContract)[0]
            .contains("`code` of `lock.unlocked` is in the docs (locks.txt), not in the contract")
    );
    let renamed = CONTRACT.replace("lock.unlocked", "lock.opened");
    let with = import(Some(&renamed), "", &[BASE]).unwrap();
    assert!(
        notes(&with, Disagreement::EventNotInContract)[0]
            .contains("`lock.unlocked` (documented in locks.txt) is not in the contract")
    );
    assert_eq!(property(&with, "code").presence.source, Source::Policy);
}

#[test]
fn the_docs_wording_on_null_stands_against_the_contract_with_a_note() {
    let page = PAGE.replace("The code.", "The code, or null.");
    let contract = CONTRACT.replace(
        r#""code": { "type": "string", "nullable": true }"#,
        r#""code": { "type": "string" }"#,
    );
    let with = import_page(&page, Some(&contract), "", &[BASE]).unwrap();
    assert!(property(&with, "code").nullable.value);
    assert_eq!(property(&with, "code").nullable.source, Source::Docs);
    assert_eq!(
        notes(&with, Disagreement::Nullable),
        [
            "schema/contract.json:8: `code` of `lock.unlocked`: the docs (locks.txt) say it may be null, the contract that it is never null; the docs' word stands"
        ]
    );
}

#[test]
fn a_payload_wins_over_the_contract_and_says_so() {
    // The contract says `code` is in every payload and `from.name` never null.
    let absent = BASE.replace(r#""code": "1", "#, "");
    let null = BASE.replace(r#""name": "2025-01-01T00:00:00Z""#, r#""name": null"#);
    let with = import(Some(CONTRACT), "", &[BASE, &absent, &null]).unwrap();
    let code = property(&with, "code");
    assert_eq!(code.presence.value, Presence::MayBeAbsent);
    assert_eq!(code.presence.source, Source::Payload);
    assert_eq!(
        code.presence.notes,
        [
            "the contract: required",
            "absent from schema/payloads/lock.unlocked/02.json"
        ]
    );
    assert!(property(&with, "from.name").nullable.value);
    let learned: Vec<String> = with.learned.iter().map(|d| d.to_string()).collect();
    assert!(learned.iter().any(|n| n.starts_with("schema/payloads/lock.unlocked/02.json:1: `code` of `lock.unlocked` is absent from a payload, though the contract says every payload carries it (the payload wins)")), "{learned:?}");
    assert!(learned.iter().any(|n| n.contains("`from.name` of `lock.unlocked` is `null` in a payload, though the contract says it is never null")), "{learned:?}");
}

#[test]
fn a_payload_wins_over_a_type_the_contract_refines() {
    // The contract says `count` is an integer and `from.name` a date-time; a payload disagrees.
    let fraction = BASE.replace(r#""count": 1"#, r#""count": 1.5"#);
    let word = BASE.replace(r#""name": "2025-01-01T00:00:00Z""#, r#""name": "a""#);
    let with = import(Some(CONTRACT), "", &[BASE, &fraction, &word]).unwrap();
    assert_eq!(property(&with, "count").ty, Type::Number);
    assert_eq!(property(&with, "from.name").ty, Type::STRING);
    let notes = notes(&with, Disagreement::Payload);
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[0].contains("`count` of `lock.unlocked`: the contract says integer, but the documented example or an observed payload has 1.5; the payload wins and the schema keeps number"), "{notes:?}");
    assert!(
        notes[1].contains("`from.name` of `lock.unlocked`: the contract says String (ISO 8601)"),
        "{notes:?}"
    );
    // Without the misfits, the contract's types stand.
    let with = import(Some(CONTRACT), "", &[BASE]).unwrap();
    assert_eq!(property(&with, "count").ty, Type::Integer);
}

#[test]
fn an_override_against_the_contract_stands_and_is_noted() {
    let overrides = r#"
[[rule]]
id = "code-may-be-absent"
why = "seen absent in production"
match = { event = "lock.unlocked", property = "code" }
set = { presence = "may_be_absent" }
"#;
    let with = import(Some(CONTRACT), overrides, &[BASE]).unwrap();
    assert_eq!(
        property(&with, "code").presence.value,
        Presence::MayBeAbsent
    );
    assert_eq!(property(&with, "code").presence.source, Source::Override);
    assert_eq!(
        notes(&with, Disagreement::Override),
        [
            "schema/contract.json:8: `code` of `lock.unlocked`: an override says it is sometimes absent, the contract that it is in every payload"
        ]
    );
}

#[test]
fn a_bad_contract_file_is_an_error_naming_its_line() {
    let err = |text: &str| import(Some(text), "", &[BASE]).unwrap_err();
    assert!(
        err("{\n  \"openapi\": \"3.0.0\",\n  \"events\": {\n")
            .starts_with("error: schema/contract.json:4: not JSON"),
        "{}",
        err("{\n")
    );
    assert_eq!(
        err(r#"{"events": {}}"#),
        "error: schema/contract.json:1: no `openapi`: expected the contract as `cargo xtask contract sync` writes it: an object with `openapi` (a version string) and `events` (each event type's schema)"
    );
    assert!(err(r#"{"openapi": "3.0.0"}"#).contains("no `events` object"));
    let mislabeled = CONTRACT.replace(r#""enum": ["lock.locked"]"#, r#""enum": ["lock.opened"]"#);
    assert_eq!(
        err(&mislabeled),
        "error: schema/contract.json:4: `lock.locked`: its `event_type` property says `lock.opened`: expected the type it is filed under"
    );
    let untagged = CONTRACT.replace(
        r#"{ "type": "string", "enum": ["lock.locked"] }"#,
        r#"{ "type": "string" }"#,
    );
    assert!(err(&untagged).contains(
        "schema/contract.json:4: `lock.locked`: expected an `event_type` property with one value"
    ));
    assert!(
        err(&CONTRACT.replace("\"lock.locked\"", "\"Lock\""))
            .contains("`Lock` is not an event type")
    );
}

#[test]
fn extract_reads_an_openapi_document_resolving_references() {
    let doc = serde_json::json!({
        "openapi": "3.1.0",
        "components": { "schemas": {
            "device_id": { "type": "string", "format": "uuid" },
            "base": { "type": "object", "required": ["event_id"], "properties": { "event_id": { "type": "string" } } },
            "unlocked": { "allOf": [
                { "$ref": "#/components/schemas/base" },
                { "type": "object", "required": ["device_id"], "properties": {
                    "event_type": { "const": "lock.unlocked" },
                    "device_id": { "$ref": "#/components/schemas/device_id" },
                    "code": { "type": ["string", "null"] },
                    "state": { "anyOf": [{ "type": "string", "enum": ["a"] }, { "type": "null" }] }
                } }
            ] },
            "event": { "oneOf": [{ "$ref": "#/components/schemas/unlocked" }] }
        } }
    });
    let (version, events) = extract(&doc).unwrap();
    assert_eq!(version, "3.1.0");
    let unlocked = &events["lock.unlocked"];
    assert_eq!(unlocked["properties"]["device_id"]["format"], "uuid");
    assert_eq!(
        unlocked["required"],
        serde_json::json!(["event_id", "device_id"])
    );
    assert_eq!(unlocked["properties"]["event_id"]["type"], "string");
    // OpenAPI 3.1's `null` among the types, or beside the type in an `anyOf`.
    let read_null = |name: &str| read(&unlocked["properties"][name]).unwrap().nullable;
    assert!(read_null("code") && read_null("state") && !read_null("device_id"));
    assert_eq!(
        read(&unlocked["properties"]["state"]).unwrap().model(),
        Type::Enum {
            values: vec!["a".into()]
        }
    );
    // The file reads back as written.
    let text = Contract::to_text(&version, &events);
    let contract = Contract::parse(&SourceFile::new(CONTRACT_FILE, text.as_bytes())).unwrap();
    assert_eq!(contract.events["lock.unlocked"].1, *unlocked);
    assert_eq!(text, Contract::to_text(&version, &events), "deterministic");
    // What is not Seam's event schema.
    let bad = |doc: serde_json::Value| extract(&doc).unwrap_err();
    assert!(bad(serde_json::json!({"swagger": "2.0"})).starts_with("not an OpenAPI 3 document"));
    assert!(
        bad(serde_json::json!({"openapi": "3.0.0"})).starts_with("no `/components/schemas/event`")
    );
    let twice = serde_json::json!({"openapi": "3.0.0", "components": {"schemas": {"event": {"oneOf": [
        {"type": "object", "properties": {"event_type": {"enum": ["a.b"]}}},
        {"type": "object", "properties": {"event_type": {"enum": ["a.b"]}}}
    ]}}}});
    assert_eq!(
        bad(twice),
        "`/components/schemas/event/oneOf/1`: `a.b` is given twice"
    );
    let cyclic = serde_json::json!({"openapi": "3.0.0", "components": {"schemas": {
        "loop": {"$ref": "#/components/schemas/loop"},
        "event": {"oneOf": [{"$ref": "#/components/schemas/loop"}]}}}});
    assert!(bad(cyclic).contains("nest more than 64 deep"));
    // A property named like a keyword is a property; a later `allOf` part refines an earlier
    // one's property; `null` among several options makes a property nullable.
    let doc = serde_json::json!({"openapi": "3.1.0", "components": {"schemas": {
        "id": {"type": "string", "format": "uuid"},
        "base": {"type": "object", "properties": {"event_type": {"type": "string"}, "mode": {"type": "string"}}},
        "event": {"oneOf": [{"allOf": [
            {"$ref": "#/components/schemas/base"},
            {"properties": {
                "event_type": {"enum": ["a.b"]},
                "mode": {"enum": ["x", "y"]},
                "default": {"$ref": "#/components/schemas/id"},
                "either": {"oneOf": [{"type": "string"}, {"type": "number"}, {"type": "null"}]}
            }}
        ]}]}
    }}});
    let (_, events) = extract(&doc).unwrap();
    let event = &events["a.b"];
    assert_eq!(event["properties"]["default"]["format"], "uuid");
    assert_eq!(
        event["properties"]["mode"],
        serde_json::json!({"type": "string", "enum": ["x", "y"]})
    );
    assert!(read(&event["properties"]["either"]).unwrap().nullable);
    let dangling = serde_json::json!({"openapi": "3.0.0", "components": {"schemas": {
        "event": {"oneOf": [{"$ref": "other.json#/x"}]}}}});
    assert!(bad(dangling).contains("expected a reference into the document"));
}
