//! The seed pages (the five pages the project started from, kept as the parsers' fixtures, four
//! of them the only real pages in rendered-text form): the schema they give, whatever the line
//! ends, BOM or file order.

mod common;

use seam_schema::{SourceFile, import, json};

const SEEDS: &str = "crates/seam-schema/tests/fixtures/seeds";
const OVERRIDES: &str = "schema/overrides.toml";

fn seeds() -> Vec<SourceFile> {
    common::read_dir(SEEDS)
}

fn events_json(pages: &[SourceFile]) -> String {
    let imported = import(pages, Some(&common::read(OVERRIDES))).unwrap();
    json::events_json(&imported.schema)
}

#[test]
fn seeds_give_the_sixteen_documented_events() {
    let imported = import(&seeds(), Some(&common::read(OVERRIDES))).unwrap();
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    let schema = &imported.schema;
    let mut per_resource = std::collections::BTreeMap::new();
    for e in &schema.events {
        *per_resource.entry(e.resource.as_str()).or_insert(0) += 1;
        assert!(e.example.is_object(), "{} has its example", e.event_type);
        assert_eq!(e.example["event_type"], e.event_type.as_str());
    }
    assert_eq!(
        per_resource.into_iter().collect::<Vec<_>>(),
        [
            ("access_method", 6),
            ("acs_credential", 4),
            ("acs_system", 3),
            ("space", 3)
        ]
    );
    insta::assert_snapshot!("events.json", json::events_json(schema));
}

#[test]
fn curated_facts_are_applied() {
    let schema = import(&seeds(), Some(&common::read(OVERRIDES)))
        .unwrap()
        .schema;
    let prop = |et: &str, name: &str| schema.event(et).unwrap().properties[name].clone();
    use seam_schema::Type;
    let items = |et: &str, name: &str| match prop(et, name).ty {
        Type::Array { items } => *items,
        other => panic!("{et}.{name} is {other:?}"),
    };
    for name in ["acs_system_errors", "connected_account_errors"] {
        assert_eq!(
            items("acs_system.disconnected", name),
            Type::Ref {
                name: "seam_error".into()
            }
        );
    }
    for name in ["acs_system_warnings", "connected_account_warnings"] {
        assert_eq!(
            items("acs_system.disconnected", name),
            Type::Ref {
                name: "seam_warning".into()
            }
        );
    }
    assert_eq!(
        items("access_method.issued", "access_grant_keys"),
        Type::STRING
    );
    for e in &schema.events {
        let optional = |name: &str| e.properties.get(name).map(|p| !p.always_present());
        match e.resource.as_str() {
            "acs_system" | "acs_credential" => {
                assert_eq!(optional("connected_account_id"), Some(true))
            }
            "space" => assert_eq!(optional("space_key"), Some(true)),
            _ => {}
        }
        assert_eq!(optional("event_id"), Some(false), "{}", e.event_type);
    }
    let error = &schema.definitions["seam_error"].properties;
    assert_eq!(
        error.keys().collect::<Vec<_>>(),
        ["created_at", "error_code", "message"]
    );
}

#[test]
fn crlf_and_bom_variants_give_the_same_schema() {
    let expected = events_json(&seeds());
    let variants: [fn(&str) -> String; 3] = [
        |t| t.replace('\n', "\r\n"),
        |t| format!("\u{feff}{t}"),
        |t| format!("\u{feff}{}", t.replace('\n', "\r\n")),
    ];
    for variant in variants {
        let pages: Vec<SourceFile> = seeds()
            .into_iter()
            .map(|p| SourceFile::new(p.path, variant(std::str::from_utf8(&p.bytes).unwrap())))
            .collect();
        assert_eq!(events_json(&pages), expected);
    }
}

#[test]
fn file_order_does_not_matter() {
    let mut pages = seeds();
    let expected = events_json(&pages);
    pages.reverse();
    assert_eq!(events_json(&pages), expected);
    pages.rotate_left(2);
    assert_eq!(events_json(&pages), expected);
}

#[test]
fn events_json_reads_back_into_the_model() {
    let schema = import(&seeds(), Some(&common::read(OVERRIDES)))
        .unwrap()
        .schema;
    assert_eq!(
        json::parse_events_json(&json::events_json(&schema)).unwrap(),
        schema
    );
}

#[test]
fn events_json_validates_against_its_own_schema() {
    let schema: serde_json::Value = serde_json::from_str(&json::events_meta_schema()).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::meta::validate(&schema).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let imported = import(&seeds(), Some(&common::read(OVERRIDES))).unwrap();
    let events: serde_json::Value =
        serde_json::from_str(&json::events_json(&imported.schema)).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&events)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // And it rejects what the model would: an unknown kind.
    let mut broken = events.clone();
    broken["events"][0]["properties"]["event_id"]["kind"] = "uuid".into();
    assert!(!validator.is_valid(&broken));
}
