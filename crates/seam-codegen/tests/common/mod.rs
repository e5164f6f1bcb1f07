//! What the emitter tests share: the fixture schema.

/// The small schema written for the emitter tests (`schema/fixture/events.json`).
pub fn fixture() -> seam_schema::Schema {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../schema/fixture/events.json"
    ))
    .unwrap();
    seam_schema::json::parse_events_json(&text).unwrap()
}
