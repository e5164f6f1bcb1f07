//! `seam-events` against every event of `schema/events.json`.

mod checks;

const SCHEMA: &str = "schema/events.json";

#[test]
fn every_example_parses_to_its_variant_and_round_trips() {
    checks::documented_examples::<seam_events::SeamEvent>(SCHEMA);
}

#[test]
fn unlisted_properties_and_any_key_order_round_trip() {
    checks::unlisted_properties::<seam_events::SeamEvent>(SCHEMA);
}

#[test]
fn unknown_event_types_round_trip_as_unknown() {
    checks::unknown_event_types::<seam_events::SeamEvent>(SCHEMA);
}

#[test]
fn events_of_unexpected_shape_are_kept_whole_and_named() {
    checks::strictness::<seam_events::SeamEvent>(SCHEMA);
}

#[test]
fn undocumented_enumeration_values_round_trip() {
    checks::undocumented_enum_values::<seam_events::SeamEvent>(SCHEMA);
}

#[test]
fn every_observed_payload_parses_to_its_variant_and_round_trips() {
    let checked = checks::observed_payloads::<seam_events::SeamEvent>();
    assert!(checked > 0, "schema/payloads/ holds payloads");
}

#[test]
fn envelope_and_event_type_list() {
    use seam_events::{EventType, SeamEvent};
    let schema = conformance::schema(SCHEMA);
    assert_eq!(EventType::ALL.len(), schema.events.len());
    for (kind, event) in EventType::ALL.iter().zip(&schema.events) {
        assert_eq!(kind.as_str(), event.event_type);
        assert_eq!(kind.to_string().parse::<EventType>(), Ok(*kind));
        // The lookup compares the text, not only its hash.
        let text = kind.as_str();
        assert!(text[..text.len() - 1].parse::<EventType>().is_err());
        assert!(format!("{text}x").parse::<EventType>().is_err());
        let parsed: SeamEvent = conformance::parse(&event.example).unwrap();
        assert_eq!(parsed.kind(), Some(*kind));
        let id = event.example["event_id"].as_str().unwrap();
        assert_eq!(
            parsed.event_id().map(|u| u.to_string()).as_deref(),
            Some(id)
        );
        assert!(
            parsed.workspace_id().is_some()
                && parsed.created_at().is_some()
                && parsed.occurred_at().is_some()
        );
        assert_eq!(
            serde_json::to_value(kind).unwrap(),
            event.event_type.as_str()
        );
    }
    assert!("no.such_event".parse::<EventType>().is_err());
}

#[test]
fn event_structs_parse_alone_and_inside_a_tagged_enum() {
    use seam_events::{AcsSystemAddedEvent, SpaceCreatedEvent};
    let schema = conformance::schema(SCHEMA);
    let added = schema.event("acs_system.added").unwrap().example.clone();
    let direct: AcsSystemAddedEvent = serde_json::from_value(added.clone()).unwrap();
    assert_eq!(
        serde_json::to_value(&direct).unwrap()["event_type"],
        "acs_system.added"
    );
    // The struct's type says which event it is: event_type may be absent, but not different.
    let mut untagged = added.clone();
    untagged.as_object_mut().unwrap().remove("event_type");
    assert_eq!(
        serde_json::from_value::<AcsSystemAddedEvent>(untagged).unwrap(),
        direct
    );
    let mut other = added.clone();
    other["event_type"] = "acs_system.connected".into();
    let err = serde_json::from_value::<AcsSystemAddedEvent>(other)
        .unwrap_err()
        .to_string();
    assert!(err.contains("expected `acs_system.added`"), "{err}");

    #[derive(Debug, serde::Deserialize)]
    #[serde(tag = "event_type")]
    enum Mine {
        #[serde(rename = "acs_system.added")]
        Added(AcsSystemAddedEvent),
        #[serde(rename = "space.created")]
        Space(SpaceCreatedEvent),
    }
    assert!(
        matches!(serde_json::from_value::<Mine>(added).unwrap(), Mine::Added(e) if e == direct)
    );
    let space = schema.event("space.created").unwrap().example.clone();
    assert!(matches!(
        serde_json::from_value::<Mine>(space).unwrap(),
        Mine::Space(e) if e.space_key.is_some()
    ));
}

#[test]
fn fuzz_findings_parse_the_same_by_every_path() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let fast = seam_events::SeamEvent::from_slice(&bytes);
        let generic = serde_json::from_slice::<seam_events::SeamEvent>(&bytes);
        assert_eq!(fast.is_ok(), generic.is_ok());
        if let (Ok(a), Ok(b)) = (fast, generic) {
            assert_eq!(a, b);
            let back = serde_json::to_vec(&a).unwrap();
            assert_eq!(seam_events::SeamEvent::from_slice(&back).unwrap(), a);
        }
        seen += 1;
    }
    assert!(seen >= 1);
}

#[test]
fn every_documented_example_ships_for_consumers_tests() {
    use seam_events::{EventType, SeamEvent};
    let schema = conformance::schema(SCHEMA);
    for (kind, event) in EventType::ALL.iter().zip(&schema.events) {
        let json: serde_json::Value = serde_json::from_str(kind.example_json()).unwrap();
        assert_eq!(json, event.example, "{kind}: the documented example");
        let typed = kind.example();
        assert!(
            !matches!(typed, SeamEvent::Mismatched(_) | SeamEvent::Unknown(_)),
            "{kind}: {typed:?}"
        );
        assert_eq!(typed.kind(), Some(*kind));
    }
    // Each event struct's own, the same value.
    assert_eq!(
        SeamEvent::LockLocked(seam_events::LockLockedEvent::example()),
        EventType::LockLocked.example()
    );
}

/// The constructors as a consumer's test uses them: `new` with the properties every payload
/// carries, `with_` for the others; the event writes what the docs document.
#[test]
fn a_handler_test_builds_its_event_with_the_constructors() {
    use seam_events::{LockLockedEvent, LockLockedMethod, SeamEvent, chrono, uuid};
    let at = chrono::DateTime::parse_from_rfc3339("2025-01-01T00:00:00Z")
        .unwrap()
        .to_utc();
    let device = uuid::Uuid::from_u128(7);
    let code = uuid::Uuid::from_u128(8);
    let event = LockLockedEvent::new(
        uuid::Uuid::from_u128(3),
        at,
        device,
        uuid::Uuid::from_u128(1),
        LockLockedMethod::Keycode,
        at,
        uuid::Uuid::from_u128(2),
    )
    .with_access_code_id(code);
    assert_eq!(event.device_id, device);
    assert_eq!(event.access_code_id, Some(code));
    assert_eq!(event.is_via_nfc, None, "not set: absent");
    let body = serde_json::to_string(&SeamEvent::LockLocked(event.clone())).unwrap();
    assert!(body.contains(r#""method":"keycode""#), "{body}");
    assert!(!body.contains("is_via_nfc"), "{body}");
    match SeamEvent::from_slice(body.as_bytes()).unwrap() {
        SeamEvent::LockLocked(parsed) => assert_eq!(parsed, event),
        other => panic!("{other:?}"),
    }
    // Or from the documented example, changed where the test needs it.
    let mut from_example = LockLockedEvent::example();
    from_example.access_code_id = Some(code);
    assert_eq!(from_example.access_code_id, Some(code));
}
