//! The whole pipeline at the size of the complete event reference (130 synthetic events with
//! nested objects, enumerations, numbers, multi-dot types, both page formats): the generated crate
//! compiles without warnings and parses every documented example to its typed variant.

mod support;

const EVENTS: usize = 130;

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
                support::typed_parse_test("seam_events_synthetic", "examples.json", EVENTS),
            ),
        ],
    );
    assert!(stdout.contains("1 passed"), "{stdout}");
}
