//! The macros, invoked as a generated crate invokes them, on a few hand-written types: the
//! runtime's reading loop, writers and presences, tested through the code they expand to.

mod slots {
    use super::*;

    seam_events_runtime::slots! {
        RequiredUuid: uuid::Uuid { presence: Required, codec: Id },
        RequiredDateTime: chrono::DateTime<chrono::Utc> { presence: Required, codec: Time },
        RequiredNullableF64: Option<f64> { presence: RequiredNullable, codec: Plain },
        OptionalColour: Option<Colour> { presence: Optional, codec: Plain },
        OptionalNullableString: Option<Option<String>> { presence: OptionalNullable, codec: Plain },
        RequiredVecF64: Vec<f64> { presence: Required, codec: Nums },
        OptionalInner: Option<Inner> { presence: Optional, codec: Obj },
        RequiredVecInner: Vec<Inner> { presence: Required, codec: Objs },
    }
}

seam_events_runtime::enumeration! {
    /// A colour.
    pub enum Colour expecting "a colour such as `red`", described "Red or blue." {
        /// `red`
        Red = "red",
        /// `blue`
        Blue = "blue",
    }
}

seam_events_runtime::object! {
    /// A nested object.
    pub struct Inner as "`inner` object" {
        fn new(level: Option<f64>);
        /// Its level.
        level: Option<f64> = "level" { presence: RequiredNullable, slot: RequiredNullableF64, with: with_level(Option<f64>) },
    }
}

seam_events_runtime::object! {
    /// An event.
    pub struct ThingHappened for "thing.happened" as "`thing.happened` event" {
        fn new(
            event_id: uuid::Uuid,
            created_at: chrono::DateTime<chrono::Utc>,
            numbers: Vec<f64>,
            inners: Vec<Inner>,
        );
        /// Its ID.
        event_id: uuid::Uuid = "event_id" { presence: Required, slot: RequiredUuid, with: with_event_id(uuid::Uuid) },
        /// When.
        created_at: chrono::DateTime<chrono::Utc> = "created_at" { presence: Required, slot: RequiredDateTime, with: with_created_at(chrono::DateTime<chrono::Utc>) },
        /// A colour.
        colour: Option<Colour> = "colour" { presence: Optional, slot: OptionalColour, with: with_colour(Colour) },
        /// A note.
        note: Option<Option<String>> = "note" { presence: OptionalNullable, slot: OptionalNullableString, with: with_note(Option<String>) },
        /// Numbers.
        numbers: Vec<f64> = "numbers" { presence: Required, slot: RequiredVecF64, with: with_numbers(Vec<f64>) },
        /// One inner object.
        inner: Option<Inner> = "inner" { presence: Optional, slot: OptionalInner, with: with_inner(Inner) },
        /// Inner objects.
        inners: Vec<Inner> = "inners" { presence: Required, slot: RequiredVecInner, with: with_inners(Vec<Inner>) },
        /// A key JSON escapes.
        quoted: Option<Colour> = "say \"hi\"" { presence: Optional, slot: OptionalColour, with: with_quoted(Colour), key: escaped },
    }
}

seam_events_runtime::object! {
    /// An object whose properties may all be absent.
    pub struct Loose as "`loose` object" {
        fn new();
        /// A colour.
        colour: Option<Colour> = "colour" { presence: Optional, slot: OptionalColour, with: with_colour(Colour) },
    }
}

#[test]
fn new_takes_the_properties_every_payload_carries_and_with_sets_the_others() {
    let id = uuid::Uuid::nil();
    let at = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
    let event = ThingHappened::new(id, at, vec![1.5], vec![Inner::new(Some(0.5))])
        .with_colour(Colour::Red)
        .with_note(None)
        .with_inner(Inner::new(None));
    assert_eq!((event.event_id, event.created_at), (id, at));
    assert_eq!(event.colour, Some(Colour::Red));
    assert_eq!(event.note, Some(None), "with_note(None): present, and null");
    assert_eq!(event.quoted, None, "not set: absent");
    assert!(event.extra.is_empty());
    let mut out = Vec::new();
    event.write_json(&mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
        text,
        r#"{"event_type":"thing.happened","event_id":"00000000-0000-0000-0000-000000000000","created_at":"1970-01-01T00:00:00Z","colour":"red","note":null,"numbers":[1.5],"inner":{"level":null},"inners":[{"level":0.5}]}"#
    );
    assert_eq!(serde_json::from_str::<ThingHappened>(&text).unwrap(), event);
    // A struct whose constructor takes nothing is `Default` too.
    assert_eq!(Loose::default(), Loose::new());
    assert_eq!(
        Loose::new().with_colour(Colour::Blue).colour,
        Some(Colour::Blue)
    );
}

const FULL: &str = r#"{"event_type":"thing.happened","event_id":"67e55044-10b1-426f-9247-bb680e5fe0c8","created_at":"2025-01-01T00:00:00.500Z","colour":"green","note":null,"numbers":[1,2.5],"inner":{"level":null},"inners":[{"level":0.25,"x":true}],"say \"hi\"":"red","zz":{"kept":[1]}}"#;

#[test]
fn every_presence_and_codec_reads_and_writes_back_byte_for_byte() {
    let event: ThingHappened = serde_json::from_str(FULL).unwrap();
    assert_eq!(
        event.event_id.to_string(),
        "67e55044-10b1-426f-9247-bb680e5fe0c8"
    );
    assert_eq!(event.colour, Some(Colour::Other("green".into())));
    assert_eq!(event.note, Some(None));
    assert_eq!(event.numbers, [1.0, 2.5]);
    assert_eq!(event.inner.as_ref().map(|i| i.level), Some(None));
    assert_eq!(event.inners[0].level, Some(0.25));
    assert_eq!(event.inners[0].extra["x"], true);
    assert_eq!(event.quoted, Some(Colour::Red));
    assert_eq!(event.extra["zz"], serde_json::json!({"kept": [1]}));
    let mut out = Vec::new();
    event.write_json(&mut out).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), FULL);
    // Serde's way writes the same bytes.
    assert_eq!(serde_json::to_string(&event).unwrap(), FULL);
}

#[test]
fn absent_optional_fields_are_none_and_stay_absent() {
    let json = r#"{"event_type":"thing.happened","event_id":"67e55044-10b1-426f-9247-bb680e5fe0c8","created_at":"2025-01-01T00:00:00Z","numbers":[],"inners":[]}"#;
    let event: ThingHappened = serde_json::from_str(json).unwrap();
    assert_eq!(
        (
            event.colour.clone(),
            event.note.clone(),
            event.inner.clone()
        ),
        (None, None, None)
    );
    assert_eq!(serde_json::to_string(&event).unwrap(), json);
}

#[test]
fn errors_name_the_property_and_the_struct() {
    let cases = [
        (
            r#"{"event_type":"thing.happened"}"#,
            "missing property `event_id` of `thing.happened` event",
        ),
        (
            r#"{"event_type":"thing.happened","event_id":"x"}"#,
            "property `event_id` of `thing.happened` event: UUID parsing failed",
        ),
        (
            r#"{"event_type":"thing.happened","event_id":"67e55044-10b1-426f-9247-bb680e5fe0c8","event_id":"67e55044-10b1-426f-9247-bb680e5fe0c8"}"#,
            "duplicate property `event_id` in `thing.happened` event",
        ),
        (
            r#"{"event_type":"other.thing"}"#,
            "property `event_type` is `other.thing`, expected `thing.happened`",
        ),
        (
            r#"{"event_type":"thing.happened","event_id":"67e55044-10b1-426f-9247-bb680e5fe0c8","created_at":"2025-01-01T00:00:00Z","numbers":[],"inners":[{}]}"#,
            "missing property `level` of `inner` object",
        ),
        (
            r#"{"event_type":"thing.happened","event_id":"67e55044-10b1-426f-9247-bb680e5fe0c8","created_at":"2025-01-01T00:00:00Z","numbers":[],"inners":[],"colour":null}"#,
            "property `colour` of `thing.happened` event",
        ),
    ];
    for (json, expected) in cases {
        let error = serde_json::from_str::<ThingHappened>(json)
            .unwrap_err()
            .to_string();
        assert!(error.contains(expected), "{json}: {error}");
    }
}

#[test]
fn a_struct_reads_from_any_deserializer() {
    let value: serde_json::Value = serde_json::from_str(FULL).unwrap();
    let from_value: ThingHappened = serde_json::from_value(value).unwrap();
    let from_text: ThingHappened = serde_json::from_str(FULL).unwrap();
    assert_eq!(from_value, from_text);
}
