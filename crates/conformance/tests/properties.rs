//! Property tests of the generated crates: `SeamEvent` parsing on arbitrary and mutated JSON
//! never panics; arbitrary valid instances of every event round-trip through the Rust crate and
//! are accepted by the generated JSON Schema bundle.

use std::collections::BTreeMap;

use conformance::{SeamEventApi, normalize};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use seam_schema::{Property, Schema, StringFormat, Type};
use serde_json::{Map, Value, json};

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

/// Arbitrary JSON, with long and non-ASCII strings and numbers of every size.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("JSON numbers are finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        "\\PC{0,12}".prop_map(Value::String),
        "[\\u{0}-\\u{10FFFF}]{0,64}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,12}|event_type", inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Parses `bytes` both ways; they must agree, and an event must survive its own output.
fn parse_never_panics<E: SeamEventApi>(bytes: &[u8]) -> Result<(), TestCaseError> {
    let fast = E::from_slice(bytes);
    let generic = serde_json::from_slice::<E>(bytes);
    prop_assert_eq!(
        fast.is_ok(),
        generic.is_ok(),
        "the parse paths disagree on {:?}",
        String::from_utf8_lossy(bytes)
    );
    if let (Ok(a), Ok(b)) = (fast, generic) {
        prop_assert_eq!(&a, &b);
        let back = serde_json::to_vec(&a).expect("an event serializes");
        let mut direct = Vec::new();
        a.write_json(&mut direct).expect("an event writes");
        if let conformance::Verdict::Mismatched(_) = a.verdict() {
            // Kept as it came: written back byte for byte.
            prop_assert_eq!(
                &direct,
                &bytes.to_vec(),
                "write_json writes the payload as it came"
            );
        } else {
            prop_assert_eq!(&direct, &back, "write_json writes what serde_json writes");
        }
        prop_assert_eq!(E::from_slice(&back).expect("its own output parses"), a);
    }
    Ok(())
}

#[test]
fn arbitrary_json_never_panics() {
    runner(600)
        .run(&any_json(), |value| {
            let bytes = serde_json::to_vec(&value).unwrap();
            parse_never_panics::<seam_events::SeamEvent>(&bytes)?;
            parse_never_panics::<seam_events_fixture::SeamEvent>(&bytes)
        })
        .unwrap();
    runner(300)
        .run(&prop::collection::vec(any::<u8>(), 0..200), |bytes| {
            parse_never_panics::<seam_events::SeamEvent>(&bytes)
        })
        .unwrap();
}

/// How a documented example is damaged.
#[derive(Debug, Clone)]
enum Mutation {
    Drop(prop::sample::Index),
    Retype(prop::sample::Index, Value),
    Add(String, Value),
    EventType(Value),
    Nest(prop::sample::Index, usize),
    HugeNumber(prop::sample::Index, &'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let index = any::<prop::sample::Index>();
    prop_oneof![
        index.clone().prop_map(Mutation::Drop),
        (index.clone(), any_json()).prop_map(|(i, v)| Mutation::Retype(i, v)),
        ("[a-z_]{1,20}|\\PC{1,30}", any_json()).prop_map(|(k, v)| Mutation::Add(k, v)),
        prop_oneof![
            any_json(),
            "[a-z_]{1,10}\\.[a-z_.]{1,20}".prop_map(Value::String),
            Just(json!("acs_system.connected")),
            Just(json!("lock.unlocked")),
        ]
        .prop_map(Mutation::EventType),
        (index.clone(), 1usize..300).prop_map(|(i, d)| Mutation::Nest(i, d)),
        (
            index,
            prop_oneof![
                Just("1e400"),
                Just("-1e400"),
                Just("123456789012345678901234567890"),
                Just("1e-400")
            ]
        )
            .prop_map(|(i, n)| Mutation::HugeNumber(i, n)),
    ]
}

/// The example with the mutations applied, as JSON text (huge numbers cannot be a `Value`).
fn mutate(example: &Map<String, Value>, mutations: &[Mutation]) -> String {
    let mut map = example.clone();
    let mut raw = Vec::new();
    for m in mutations {
        let keys: Vec<String> = map.keys().cloned().collect();
        let pick =
            |i: &prop::sample::Index| (!keys.is_empty()).then(|| keys[i.index(keys.len())].clone());
        match m {
            Mutation::Drop(i) => {
                if let Some(k) = pick(i) {
                    map.remove(&k);
                }
            }
            Mutation::Retype(i, v) => {
                if let Some(k) = pick(i) {
                    map.insert(k, v.clone());
                }
            }
            Mutation::Add(k, v) => {
                map.insert(k.clone(), v.clone());
            }
            Mutation::EventType(v) => {
                map.insert("event_type".into(), v.clone());
            }
            Mutation::Nest(i, depth) => {
                if let Some(k) = pick(i) {
                    let mut v = map[&k].clone();
                    for _ in 0..*depth {
                        v = json!([v]);
                    }
                    map.insert(k, v);
                }
            }
            Mutation::HugeNumber(i, n) => {
                if let Some(k) = pick(i) {
                    map.remove(&k);
                    raw.push((k, *n));
                }
            }
        }
    }
    let mut text = serde_json::to_string(&Value::Object(map)).unwrap();
    for (k, n) in raw {
        text.insert_str(1, &format!("{}:{n},", json!(k)));
    }
    text
}

#[test]
fn mutated_examples_never_panic() {
    let real = conformance::schema("schema/events.json");
    let fixture = conformance::schema("schema/fixture/events.json");
    let examples: Vec<Map<String, Value>> = real
        .events
        .iter()
        .chain(&fixture.events)
        .map(conformance::example)
        .collect();
    let strategy = (0..examples.len(), prop::collection::vec(mutation(), 1..4));
    runner(600)
        .run(&strategy, |(i, mutations)| {
            let text = mutate(&examples[i], &mutations);
            parse_never_panics::<seam_events::SeamEvent>(text.as_bytes())?;
            parse_never_panics::<seam_events_fixture::SeamEvent>(text.as_bytes())
        })
        .unwrap();
}

/// Valid values of a documented type.
fn valid(ty: &Type, schema: &Schema) -> BoxedStrategy<Value> {
    match ty {
        Type::String { format: None } => "\\PC{0,16}".prop_map(Value::String).boxed(),
        Type::String {
            format: Some(StringFormat::Uuid),
        } => any::<u128>()
            .prop_map(|n| {
                let h = format!("{n:032x}");
                json!(format!(
                    "{}-{}-{}-{}-{}",
                    &h[..8],
                    &h[8..12],
                    &h[12..16],
                    &h[16..20],
                    &h[20..]
                ))
            })
            .boxed(),
        Type::String {
            format: Some(StringFormat::DateTime),
        } => (0i64..4_102_444_800, 0u32..1_000_000_000, 0usize..3)
            .prop_map(|(secs, nanos, style)| {
                let t = chrono::DateTime::from_timestamp(secs, nanos).unwrap();
                let text = match style {
                    0 => t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                    1 => t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                    _ => t
                        .with_timezone(&chrono::FixedOffset::east_opt(5400).unwrap())
                        .to_rfc3339(),
                };
                json!(text)
            })
            .boxed(),
        Type::Boolean => any::<bool>().prop_map(Value::Bool).boxed(),
        Type::Number => prop_oneof![
            any::<i32>().prop_map(|n| json!(n)),
            (-1e12f64..1e12).prop_map(|f| json!(f))
        ]
        .boxed(),
        Type::Integer => any::<i32>().prop_map(|n| json!(n)).boxed(),
        Type::Object { properties: None } | Type::Any => any_json()
            .prop_map(|v| {
                if matches!(v, Value::Object(_)) {
                    v
                } else {
                    json!({ "value": v })
                }
            })
            .boxed(),
        Type::Object {
            properties: Some(props),
        } => object(props, schema, None),
        Type::Array { items } => prop::collection::vec(valid(items, schema), 0..3)
            .prop_map(Value::Array)
            .boxed(),
        Type::Enum { values } => prop::sample::select(values.clone())
            .prop_map(Value::String)
            .boxed(),
        Type::Const { value } => Just(json!(value)).boxed(),
        Type::Ref { name } => object(&schema.definitions[name].properties, schema, None),
    }
}

/// A valid object: every property that is always present, each other one maybe, `null` maybe
/// where it may be null, plus unlisted ones.
fn object(
    props: &BTreeMap<String, Property>,
    schema: &Schema,
    extra: Option<()>,
) -> BoxedStrategy<Value> {
    let fields: Vec<BoxedStrategy<Option<(String, Value)>>> = props
        .iter()
        .map(|(name, p)| {
            let name = name.clone();
            let value = if p.may_be_null() {
                prop_oneof![Just(Value::Null), valid(&p.ty, schema)].boxed()
            } else {
                valid(&p.ty, schema)
            };
            if p.always_present() {
                value.prop_map(move |v| Some((name.clone(), v))).boxed()
            } else {
                prop::option::of(value)
                    .prop_map(move |v| v.map(|v| (name.clone(), v)))
                    .boxed()
            }
        })
        .collect();
    let unlisted = match extra {
        Some(()) => prop::collection::btree_map("zz_[a-z]{1,8}", any_json(), 0..3).boxed(),
        None => Just(BTreeMap::new()).boxed(),
    };
    (fields, unlisted)
        .prop_map(|(fields, unlisted)| {
            let mut map: Map<String, Value> = fields.into_iter().flatten().collect();
            map.extend(unlisted);
            Value::Object(map)
        })
        .boxed()
}

/// Arbitrary valid instances of every event of `schema`, each with some unlisted properties.
fn instances(schema: &Schema) -> impl Strategy<Value = Value> {
    let events: Vec<BoxedStrategy<Value>> = schema
        .events
        .iter()
        .map(|e| object(&e.properties, schema, Some(())))
        .collect();
    prop::strategy::Union::new(events)
}

/// Instance -> Rust -> JSON -> bundle and back.
fn round_trip<E: SeamEventApi>(schema: &Schema, bundle: &Value) {
    let bundle = conformance::validator(bundle);
    runner(300)
        .run(&instances(schema), |instance| {
            let bytes = serde_json::to_vec(&instance).unwrap();
            let event = E::from_slice(&bytes)
                .map_err(|e| TestCaseError::fail(format!("{e}: {instance}")))?;
            prop_assert!(event.is_typed(), "{:?}", event.verdict());
            let mut direct = Vec::new();
            event.write_json(&mut direct).unwrap();
            prop_assert_eq!(
                String::from_utf8(direct).unwrap(),
                serde_json::to_string(&event).unwrap(),
                "write_json writes what serde_json writes"
            );
            let written = serde_json::to_value(&event).unwrap();
            let errors: Vec<String> = bundle
                .iter_errors(&written)
                .map(|e| e.to_string())
                .collect();
            prop_assert!(
                errors.is_empty(),
                "the bundle rejects {}: {:?}",
                written,
                errors
            );
            prop_assert_eq!(normalize(&written), normalize(&instance), "nothing is lost");
            prop_assert_eq!(
                E::from_slice(&serde_json::to_vec(&written).unwrap()).unwrap(),
                event
            );
            Ok(())
        })
        .unwrap();
}

#[test]
fn valid_instances_round_trip_through_all_three_products() {
    let schema = conformance::schema("schema/events.json");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../generated/json-schema/seam-event.schema.json");
    let bundle: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    round_trip::<seam_events::SeamEvent>(&schema, &bundle);
}

#[test]
fn valid_instances_of_every_kind_of_property_round_trip() {
    let schema = conformance::schema("schema/fixture/events.json");
    let bundle = seam_codegen::json_schema::files(&schema, &seam_codegen::Publish::unpublished())
        .unwrap()
        .into_iter()
        .find(|f| f.path.ends_with("seam-event.schema.json"))
        .map(|f| serde_json::from_str(&f.contents).unwrap())
        .unwrap();
    round_trip::<seam_events_fixture::SeamEvent>(&schema, &bundle);
}

/// Date-time text of every shape: any date of years 0 to 9999 (impossible days too), any time,
/// 0 to 12 fraction digits (chrono keeps nine), `Z`, `z` or an offset, `T` or `t`.
fn date_time_text() -> impl Strategy<Value = String> {
    (
        (0u32..10_000, 1u32..=12, 1u32..=31),
        (0u32..24, 0u32..60, 0u32..60),
        (0usize..=12, 0u64..1_000_000_000_000),
        prop_oneof![
            Just("Z".to_owned()),
            Just("z".to_owned()),
            // Offsets beyond a day and minutes beyond the hour too, which chrono rejects.
            (any::<bool>(), 0u32..30, 0u32..100)
                .prop_map(|(east, h, m)| format!("{}{h:02}:{m:02}", if east { '+' } else { '-' })),
        ],
        prop_oneof![Just('T'), Just('t')],
    )
        .prop_map(|((y, mo, d), (h, mi, s), (digits, nanos), zone, t)| {
            let fraction = if digits == 0 {
                String::new()
            } else {
                format!(".{}", &format!("{nanos:012}")[..digits])
            };
            format!("{y:04}-{mo:02}-{d:02}{t}{h:02}:{mi:02}:{s:02}{fraction}{zone}")
        })
}

/// The first documented example with `key` set to `text`, parsed strictly (a mismatched event
/// is its error).
fn parse_with(key: &str, text: &str) -> Result<seam_events::SeamEvent, serde_json::Error> {
    static EXAMPLE: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| {
        conformance::schema("schema/events.json").events[0]
            .example
            .clone()
    });
    let mut payload = EXAMPLE.clone();
    payload[key] = json!(text);
    seam_events::SeamEvent::from_slice(&serde_json::to_vec(&payload).unwrap())
        .and_then(seam_events::SeamEvent::strict)
}

/// Whether `text` in a `created_at` reads as chrono's `Deserialize` reads it (the crate's
/// fallback; for the RFC 3339 texts the fast reader takes, also `parse_from_rfc3339`).
fn reads_as_chrono(text: &str) -> Result<(), TestCaseError> {
    let ours = parse_with("created_at", text)
        .ok()
        .and_then(|e| e.created_at());
    let chrono = serde_json::from_value::<chrono::DateTime<chrono::Utc>>(json!(text)).ok();
    prop_assert_eq!(ours, chrono, "{:?}", text);
    if let Ok(strict) = chrono::DateTime::parse_from_rfc3339(text) {
        prop_assert_eq!(ours, Some(strict.with_timezone(&chrono::Utc)), "{:?}", text);
    }
    Ok(())
}

#[test]
fn date_times_read_as_chrono_reads_them() {
    runner(4000)
        .run(&date_time_text(), |text| reads_as_chrono(&text))
        .unwrap();
}

/// Every ASCII byte in every place of date-times with and without a fraction and an offset,
/// and two-byte characters: the fast reader's digit and separator checks, exhaustively.
#[test]
fn every_stray_character_in_a_date_time_reads_as_chrono_reads_it() {
    let texts = [
        "2025-06-30T12:34:56.789012Z",
        "1999-12-31t23:59:59-05:30",
        "2024-02-29T00:00:00.123456789123+14:00",
    ];
    for text in texts {
        for stray in strays(text) {
            reads_as_chrono(&stray).unwrap();
        }
    }
}

/// `text` with each of its bytes in turn replaced by each ASCII byte, then by two-byte
/// characters (each taking the place of two bytes, so that the length stays).
fn strays(text: &str) -> impl Iterator<Item = String> + '_ {
    let ascii = (0..text.len()).flat_map(move |at| {
        (0..0x80u8).map(move |byte| {
            let mut stray = text.as_bytes().to_vec();
            stray[at] = byte;
            String::from_utf8(stray).unwrap()
        })
    });
    let wide = (0..text.len() - 1).flat_map(move |at| {
        ['é', 'ß', '\u{80}', '\u{7ff}']
            .map(|wide| format!("{}{wide}{}", &text[..at], &text[at + 2..]))
    });
    ascii.chain(wide)
}

/// UUID-like text: hyphenated in either case, now and then with a stray character, or in the
/// simple, braced and URN forms.
fn uuid_text() -> impl Strategy<Value = String> {
    (any::<u128>(), 0usize..6, any::<u8>(), 0usize..36).prop_map(|(n, style, stray, at)| {
        let id = uuid::Uuid::from_u128(n);
        match style {
            0 => id.hyphenated().to_string(),
            1 => id.hyphenated().to_string().to_uppercase(),
            2 => {
                let mut text = id.hyphenated().to_string().into_bytes();
                text[at] = stray;
                String::from_utf8_lossy(&text).into_owned()
            }
            3 => id.simple().to_string(),
            4 => id.braced().to_string(),
            _ => id.urn().to_string(),
        }
    })
}

/// Whether `text` in an `event_id` reads as the uuid crate reads it (the same error if not).
fn reads_as_uuid_crate(text: &str) -> Result<(), TestCaseError> {
    let ours = parse_with("event_id", text);
    match uuid::Uuid::parse_str(text) {
        Ok(id) => prop_assert_eq!(ours.ok().and_then(|e| e.event_id()), Some(id), "{}", text),
        Err(e) => {
            let message = ours.map(|_| ()).unwrap_err().to_string();
            let expected = format!("UUID parsing failed: {e}");
            prop_assert!(message.contains(&expected), "{} / {}", message, expected);
        }
    }
    Ok(())
}

#[test]
fn uuids_read_as_the_uuid_crate_reads_them() {
    runner(4000)
        .run(&uuid_text(), |text| reads_as_uuid_crate(&text))
        .unwrap();
}

/// Every ASCII byte in every place of a hyphenated UUID, and two-byte characters (which keep
/// its length), in both cases: the fast reader's digit checks, exhaustively.
#[test]
fn every_stray_character_in_a_uuid_reads_as_the_uuid_crate_reads_it() {
    let ids = [
        "01234567-89ab-cdef-0123-456789abcdef",
        "FEDCBA98-7654-3210-FEDC-BA9876543210",
    ];
    for id in ids {
        for text in strays(id) {
            reads_as_uuid_crate(&text).unwrap();
        }
    }
}
