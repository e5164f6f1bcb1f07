//! The checks every generated crate must pass, generic over its `SeamEvent`.

use conformance::{SeamEventApi, Verdict, assert_round_trip, example, parse, schema, wrong_value};
use seam_schema::Type;
use serde_json::{Value, json};

/// Every documented example parses to its typed variant and round-trips.
pub fn documented_examples<E: SeamEventApi>(schema_path: &str) {
    let schema = schema(schema_path);
    assert!(!schema.events.is_empty());
    for event in &schema.events {
        let parsed: E =
            parse(&event.example).unwrap_or_else(|e| panic!("{}: {e}", event.event_type));
        assert_eq!(parsed.verdict(), Verdict::Typed, "{}", event.event_type);
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
            assert!(parsed.is_typed());
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
        assert_eq!(parsed.verdict(), Verdict::Unknown);
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

/// A known event without its documented shape (a property the schema says every payload
/// carries is missing; one is null where it may not be, or of another type) parses, by every
/// path, as `Mismatched` with a reason naming the property and the event type, is kept whole and
/// written back byte for byte; `strict` turns it into that error. A property that may be
/// absent or null parses typed without it or with `null`.
pub fn strictness<E: SeamEventApi>(schema_path: &str) {
    let mut mismatched = 0;
    for event in &schema(schema_path).events {
        for (name, property) in &event.properties {
            if name == "event_type" {
                continue;
            }
            let mut without = example(event);
            without.remove(name);
            let mut null = example(event);
            null.insert(name.clone(), Value::Null);
            let mut cases = vec![(Value::Object(without), !property.always_present())];
            // Any JSON value includes null.
            let null_typed = property.may_be_null() || property.ty == Type::Any;
            cases.push((Value::Object(null), null_typed));
            if property.ty != Type::Any {
                let mut wrong = example(event);
                wrong.insert(name.clone(), wrong_value(&property.ty));
                cases.push((Value::Object(wrong), false));
            }
            for (payload, typed) in cases {
                let parsed = parse::<E>(&payload)
                    .unwrap_or_else(|e| panic!("{}.{name}: {e}: {payload}", event.event_type));
                if typed {
                    assert!(parsed.is_typed(), "{}.{name}: {payload}", event.event_type);
                    assert_round_trip(&parsed, &payload);
                    continue;
                }
                let Verdict::Mismatched(reason) = parsed.verdict() else {
                    panic!("{}.{name}: {payload} is not mismatched", event.event_type)
                };
                assert!(
                    reason.contains(&format!("`{name}`")) && reason.contains(&event.event_type),
                    "{}.{name}: {reason}",
                    event.event_type
                );
                kept_whole::<E>(&payload, &parsed);
                let err = parsed.strict().unwrap_err().to_string();
                assert_eq!(err, reason, "strict() gives the reason as the error");
                mismatched += 1;
            }
        }
    }
    assert!(mismatched > 0, "{schema_path}: nothing was mismatched");
}

/// A mismatched `event`, parsed from `payload`, keeps it whole: written back byte for byte by
/// `write_json` and by serde (for a payload written without spaces), from every parse path, and
/// read back as the same event.
pub fn kept_whole<E: SeamEventApi>(payload: &Value, event: &E) {
    let text = serde_json::to_string(payload).unwrap();
    let pretty = serde_json::to_string_pretty(payload).unwrap();
    let fast = E::from_slice(text.as_bytes()).unwrap();
    let generic: E = serde_json::from_str(&text).unwrap();
    let from_value: E = serde_json::from_value(payload.clone()).unwrap();
    for (path, parsed) in [
        ("from_slice", &fast),
        ("Deserialize", &generic),
        ("from_value", &from_value),
    ] {
        assert_eq!(parsed, event, "{path}");
        let mut written = Vec::new();
        parsed.write_json(&mut written).unwrap();
        assert_eq!(
            String::from_utf8(written).unwrap(),
            text,
            "{path}: write_json"
        );
        assert_eq!(
            serde_json::to_string(parsed).unwrap(),
            text,
            "{path}: Serialize"
        );
    }
    // Spaces and line breaks as they came: `write_json` keeps them, serde writes the same entries.
    let spaced = E::from_slice(pretty.as_bytes()).unwrap();
    assert_eq!(&spaced, event);
    let mut written = Vec::new();
    spaced.write_json(&mut written).unwrap();
    assert_eq!(String::from_utf8(written).unwrap(), pretty);
    assert_eq!(serde_json::to_string(&spaced).unwrap(), text);
}

/// Every observed payload in `schema/payloads/` parses to its typed variant by every path and
/// round-trips. Returns how many it checked.
#[allow(
    dead_code,
    reason = "the fixture crate's schema has no observed payloads"
)]
pub fn observed_payloads<E: SeamEventApi>() -> usize {
    let payloads = conformance::observed_payloads();
    for (file, payload) in &payloads {
        let parsed: E = parse(payload).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(parsed.verdict(), Verdict::Typed, "{file}");
        assert_eq!(Some(parsed.event_type()), payload["event_type"].as_str());
        assert_round_trip(&parsed, payload);
    }
    payloads.len()
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
