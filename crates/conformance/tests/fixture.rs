//! The fixture crate (every kind of property) against its schema's examples.

mod checks;

const SCHEMA: &str = "schema/fixture/events.json";

#[test]
fn every_example_parses_to_its_variant_and_round_trips() {
    checks::documented_examples::<seam_events_fixture::SeamEvent>(SCHEMA);
}

#[test]
fn unlisted_properties_and_any_key_order_round_trip() {
    checks::unlisted_properties::<seam_events_fixture::SeamEvent>(SCHEMA);
}

#[test]
fn unknown_event_types_round_trip_as_unknown() {
    checks::unknown_event_types::<seam_events_fixture::SeamEvent>(SCHEMA);
}

#[test]
fn events_of_unexpected_shape_are_kept_whole_and_named() {
    checks::strictness::<seam_events_fixture::SeamEvent>(SCHEMA);
}

#[test]
fn undocumented_enumeration_values_round_trip() {
    let checked = checks::undocumented_enum_values::<seam_events_fixture::SeamEvent>(SCHEMA);
    assert!(
        checked >= 3,
        "the fixture has enumerations at the top level and nested: {checked}"
    );
}

#[test]
fn typed_fields_hold_what_the_docs_say() {
    use seam_events_fixture::{LockUnlockedDetailsBatteryStatus, LockUnlockedMethod, SeamEvent};
    let schema = conformance::schema(SCHEMA);
    let lock = schema.event("lock.unlocked").unwrap();
    let SeamEvent::LockUnlocked(event) = conformance::parse::<SeamEvent>(&lock.example).unwrap()
    else {
        panic!("lock.unlocked parses to its variant")
    };
    assert_eq!(event.method, Some(LockUnlockedMethod::Keycode));
    assert_eq!(
        event.details.battery.status,
        LockUnlockedDetailsBatteryStatus::Ok
    );
    assert_eq!(event.details.battery.level, 1.0);
    assert_eq!(event.readings, [0.0, 1.5]);
    assert_eq!(event.type_, "t");
    assert_eq!(event.extra_, "e");
    assert_eq!(event.lock_errors[0].error_code, "x");
    assert_eq!(event.created_at.to_rfc3339(), "2025-01-01T00:00:00+00:00");
    assert!(event.extra.is_empty());
    // An undocumented value is kept, not dropped.
    let mut payload = lock.example.clone();
    payload["method"] = "retina_scan".into();
    let SeamEvent::LockUnlocked(event) = conformance::parse::<SeamEvent>(&payload).unwrap() else {
        panic!()
    };
    assert_eq!(
        event.method,
        Some(LockUnlockedMethod::Other("retina_scan".into()))
    );
    assert_eq!(event.method.unwrap().as_str(), "retina_scan");
}

#[test]
fn nested_errors_name_the_path() {
    let schema = conformance::schema(SCHEMA);
    let mut payload = schema.event("lock.unlocked").unwrap().example.clone();
    payload["details"]["battery"]["level"] = "high".into();
    let err = conformance::parse_strict::<seam_events_fixture::SeamEvent>(&payload).unwrap_err();
    assert!(
        err.contains("`details`") && err.contains("`level`") && err.contains("lock.unlocked"),
        "{err}"
    );
}

#[test]
fn lists_of_nested_objects_are_read_element_by_element() {
    use seam_events_fixture::SeamEvent;
    let schema = conformance::schema(SCHEMA);
    let example = &schema.event("lock.unlocked").unwrap().example;
    let lock_errors =
        |payload: &serde_json::Value| match conformance::parse_strict::<SeamEvent>(payload) {
            Ok(SeamEvent::LockUnlocked(event)) => Ok(event.lock_errors),
            Ok(other) => panic!("lock.unlocked parses to its variant: {other:?}"),
            Err(e) => Err(e),
        };
    let error = |code: &str| {
        serde_json::json!({
            "created_at": "2025-01-02T03:04:05.678Z",
            "error_code": code,
            "message": format!("{code} happened"),
        })
    };

    // None, one, several: in order, each with its own unlisted properties.
    for count in [0, 1, 3] {
        let mut payload = example.clone();
        let items: Vec<serde_json::Value> = (0..count)
            .map(|i| {
                let mut item = error(&format!("code_{i}"));
                item[format!("unlisted_{i}")] = i.into();
                item
            })
            .collect();
        payload["lock_errors"] = items.clone().into();
        let read = lock_errors(&payload).unwrap();
        assert_eq!(read.len(), count);
        for (i, item) in read.iter().enumerate() {
            assert_eq!(item.error_code, format!("code_{i}"));
            assert_eq!(item.extra.len(), 1, "{item:?}");
            assert_eq!(item.extra[&format!("unlisted_{i}")], i);
        }
        // Written back as they came, by both writers.
        let event = SeamEvent::from_slice(&serde_json::to_vec(&payload).unwrap()).unwrap();
        let mut fast = Vec::new();
        event.write_json(&mut fast).unwrap();
        let written: serde_json::Value = serde_json::from_slice(&fast).unwrap();
        assert_eq!(written["lock_errors"], serde_json::Value::from(items));
        assert_eq!(fast, serde_json::to_vec(&event).unwrap());
    }

    // A bad element names the property, the struct and the event.
    let mut payload = example.clone();
    payload["lock_errors"] = serde_json::json!([error("a"), { "error_code": "b", "message": 5 }]);
    let err = lock_errors(&payload).unwrap_err();
    assert!(
        err.contains("`message`") && err.contains("`seam_error`") && err.contains("lock.unlocked"),
        "{err}"
    );
    let mut payload = example.clone();
    payload["lock_errors"] = serde_json::json!([error("a"), { "error_code": "b" }]);
    let err = lock_errors(&payload).unwrap_err();
    assert!(err.contains("missing property `created_at`"), "{err}");
    // Not a list, or a list of something else.
    for (value, expected) in [
        (serde_json::json!({}), "expected a sequence"),
        (serde_json::json!(["x"]), "expected the `seam_error` object"),
    ] {
        let mut payload = example.clone();
        payload["lock_errors"] = value;
        let err = lock_errors(&payload).unwrap_err();
        assert!(
            err.contains("`lock_errors`") && err.contains(expected),
            "{err}"
        );
    }
}
