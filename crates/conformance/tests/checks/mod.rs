//! The checks every generated crate must pass, generic over its `SeamEvent`.

use conformance::{SeamEventApi, assert_round_trip, example, parse, schema, wrong_value};
use seam_schema::Type;
use serde_json::{Value, json};

/// Every documented example parses to its typed variant and round-trips.
pub fn documented_examples<E: SeamEventApi>(schema_path: &str) {
    let schema = schema(schema_path);
    assert!(!schema.events.is_empty());
    for event in &schema.events {
        let parsed: E =
            parse(&event.example).unwrap_or_else(|e| panic!("{}: {e}", event.event_type));
        assert!(parsed.is_known(), "{} parsed as Unknown", event.event_type);
        assert_eq!(parsed.event_type(), event.event_type);
        assert_round_trip(&parsed, &event.example);
    }
}

/// Extra properties are kept and written back, wherever `event_type` sits in the object.
pub fn unlisted_properties<E: SeamEventApi>(schema_path: &str) {
    for event in &schema(schema_path).events {
        let mut with_extra = example(event);
        with_extra.insert(
            "event_description".into(),
            json!("A documented-elsewhere field."),
        );
        with_extra.insert("zz_unlisted".into(), json!({ "nested": [1, "two", null] }));
        // `event_type` first, last, and in the middle (serde_json sorts keys; rebuild in order).
        // The rank of `event_type` among the other keys: first, last, or in name order.
        for tag_rank in [0, 2, 1] {
            let rank = |k: &str| if k == "event_type" { tag_rank } else { 1 };
            let mut keys: Vec<&String> = with_extra.keys().collect();
            keys.sort_by_key(|k| (rank(k), (*k).clone()));
            let text = format!(
                "{{{}}}",
                keys.iter()
                    .map(|k| format!("{}:{}", json!(k), with_extra[*k]))
                    .collect::<Vec<_>>()
                    .join(",")
            );
            let parsed = E::from_slice(text.as_bytes())
                .unwrap_or_else(|e| panic!("{}: {e}", event.event_type));
            let generic: E = serde_json::from_str(&text).unwrap();
            assert_eq!(
                parsed, generic,
                "{}: the parse paths disagree",
                event.event_type
            );
            assert!(parsed.is_known());
            assert_round_trip(&parsed, &Value::Object(with_extra.clone()));
        }
    }
}

/// An event type nobody documented parses as `Unknown` and writes back unchanged.
pub fn unknown_event_types<E: SeamEventApi>(schema_path: &str) {
    for event in &schema(schema_path).events {
        let mut payload = example(event);
        payload.insert(
            "event_type".into(),
            json!(format!("{}.from_the_future", event.event_type)),
        );
        payload.insert("zz_unlisted".into(), json!(1));
        let payload = Value::Object(payload);
        let parsed: E = parse(&payload).unwrap();
        assert!(!parsed.is_known());
        assert_eq!(
            parsed.event_type(),
            format!("{}.from_the_future", event.event_type)
        );
        assert_eq!(
            serde_json::to_value(&parsed).unwrap(),
            payload,
            "unknown events are kept exactly"
        );
    }
    let err = parse::<E>(&json!({ "event_id": "x" })).unwrap_err();
    assert!(err.contains("event_type"), "{err}");
    let err = parse::<E>(&json!({ "event_type": 7 })).unwrap_err();
    assert!(err.contains("event_type"), "{err}");
}

/// A missing required property or a mistyped one is an error naming the property and event.
pub fn strictness<E: SeamEventApi>(schema_path: &str) {
    for event in &schema(schema_path).events {
        for (name, property) in &event.properties {
            if name == "event_type" {
                continue;
            }
            if property.required {
                let mut payload = example(event);
                payload.remove(name);
                let err = parse::<E>(&Value::Object(payload)).expect_err(name);
                assert!(
                    err.contains(name) && err.contains(&event.event_type),
                    "{}.{name}: {err}",
                    event.event_type
                );
            }
            if property.ty != Type::Any {
                let mut payload = example(event);
                payload.insert(name.clone(), wrong_value(&property.ty));
                let err = parse::<E>(&Value::Object(payload)).expect_err(name);
                assert!(
                    err.contains(name) && err.contains(&event.event_type),
                    "{}.{name}: {err}",
                    event.event_type
                );
            }
        }
    }
}

/// Every enumeration, at any depth, accepts and keeps a value nobody documented. Returns how
/// many enumerations it checked.
pub fn undocumented_enum_values<E: SeamEventApi>(schema_path: &str) -> usize {
    let mut checked = 0;
    for event in &schema(schema_path).events {
        let mut paths = Vec::new();
        enum_paths(&event.properties, &mut Vec::new(), &mut paths);
        for path in paths {
            let mut payload = event.example.clone();
            let Some(slot) = pointer(&mut payload, &path) else {
                continue;
            };
            *slot = json!("a_value_nobody_documented");
            let parsed: E =
                parse(&payload).unwrap_or_else(|e| panic!("{}.{path:?}: {e}", event.event_type));
            assert_round_trip(&parsed, &payload);
            checked += 1;
        }
    }
    checked
}

fn enum_paths(
    props: &std::collections::BTreeMap<String, seam_schema::Property>,
    at: &mut Vec<String>,
    out: &mut Vec<Vec<String>>,
) {
    for (name, p) in props {
        at.push(name.clone());
        let mut ty = &p.ty;
        while let Type::Array { items } = ty {
            at.push("0".into());
            ty = items;
        }
        match ty {
            Type::Enum { .. } => out.push(at.clone()),
            Type::Object {
                properties: Some(nested),
            } => enum_paths(nested, at, out),
            _ => {}
        }
        while at.last().is_some_and(|s| s == "0") {
            at.pop();
        }
        at.pop();
    }
}

fn pointer<'a>(value: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    let pointer: String = path.iter().map(|p| format!("/{p}")).collect();
    value.pointer_mut(&pointer)
}
