//! The whole pipeline at the size of the complete event reference (130 synthetic events with
//! nested objects, enumerations, numbers, multi-dot types, both page formats): the generated crate
//! compiles without warnings and parses every documented example to its typed variant.

mod support;

const EVENTS: usize = 130;

const TEST: &str = r#"
use seam_events_synthetic::SeamEvent;

#[test]
fn every_example_parses_to_its_variant_and_round_trips() {
    let examples: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("../examples.json")).unwrap();
    assert_eq!(examples.len(), EXPECTED);
    for example in examples {
        let bytes = serde_json::to_vec(&example).unwrap();
        let event = SeamEvent::from_slice(&bytes).unwrap();
        assert!(event.kind().is_some(), "{example}");
        assert!(!matches!(event, SeamEvent::Mismatched(_)), "{example}: {event:?}");
        assert_eq!(event.event_type(), example["event_type"].as_str().unwrap());
        let generic: SeamEvent = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(generic, event);
        let back = serde_json::to_vec(&event).unwrap();
        assert_eq!(SeamEvent::from_slice(&back).unwrap(), event);
    }
}
"#;

#[test]
fn a_complete_reference_sized_crate_compiles_and_parses_every_example() {
    let imported =
        seam_schema::import(&synthetic::pages(EVENTS), Some(&synthetic::overrides())).unwrap();
    let examples: Vec<&serde_json::Value> =
        imported.schema.events.iter().map(|e| &e.example).collect();
    let stdout = support::test_generated_crate(
        &imported.schema,
        "seam-events-synthetic",
        &[
            ("examples.json", serde_json::to_string(&examples).unwrap()),
            (
                "tests/examples.rs",
                TEST.replace("EXPECTED", &EVENTS.to_string()),
            ),
        ],
    );
    assert!(stdout.contains("1 passed"), "{stdout}");
}
