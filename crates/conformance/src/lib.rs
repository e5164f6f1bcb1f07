//! Conformance checks shared by the tests: each generated `SeamEvent` type against every
//! documented example of the schema it was generated from, and variations of them.

#![forbid(unsafe_code)]

use std::fmt::Debug;
use std::path::Path;

use seam_schema::{Event, Schema, Type};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

/// Which variant a payload parsed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Its event's typed variant.
    Typed,
    /// `SeamEvent::Mismatched`: a known type without its documented shape, with the reason.
    Mismatched(String),
    /// `SeamEvent::Unknown`: a type the crate does not know.
    Unknown,
}

impl Verdict {
    /// The verdict's name in `corpus/cases.json`.
    pub fn name(&self) -> &'static str {
        match self {
            Verdict::Typed => "typed",
            Verdict::Mismatched(_) => "mismatched",
            Verdict::Unknown => "unknown",
        }
    }
}

/// What the checks need of a generated crate's `SeamEvent`.
pub trait SeamEventApi: Sized + Debug + PartialEq + Serialize + DeserializeOwned {
    /// `SeamEvent::from_slice`.
    fn from_slice(json: &[u8]) -> Result<Self, serde_json::Error>;
    /// `SeamEvent::event_type`.
    fn event_type(&self) -> &str;
    /// Which variant it is.
    fn verdict(&self) -> Verdict;
    /// `SeamEvent::strict`.
    fn strict(self) -> Result<Self, serde_json::Error>;
    /// `SeamEvent::write_json`.
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()>;
    /// Whether it parsed to its typed variant.
    fn is_typed(&self) -> bool {
        self.verdict() == Verdict::Typed
    }
}

macro_rules! seam_event_api {
    ($krate:ident) => {
        impl SeamEventApi for $krate::SeamEvent {
            fn from_slice(json: &[u8]) -> Result<Self, serde_json::Error> {
                $krate::SeamEvent::from_slice(json)
            }
            fn event_type(&self) -> &str {
                $krate::SeamEvent::event_type(self)
            }
            fn verdict(&self) -> Verdict {
                match self {
                    $krate::SeamEvent::Mismatched(event) => {
                        assert_eq!(self.kind(), Some(event.kind()));
                        Verdict::Mismatched(event.reason().to_owned())
                    }
                    $krate::SeamEvent::Unknown(_) => Verdict::Unknown,
                    _ => Verdict::Typed,
                }
            }
            fn strict(self) -> Result<Self, serde_json::Error> {
                $krate::SeamEvent::strict(self)
            }
            fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
                $krate::SeamEvent::write_json(self, out)
            }
        }
    };
}

seam_event_api!(seam_events);
seam_event_api!(seam_events_fixture);

/// Reads a schema file (`schema/events.json` or a fixture), relative to the project root.
pub fn schema(rel: &str) -> Schema {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    seam_schema::json::parse_events_json(&text).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Parses `payload` every way a user can: `from_slice`, `serde_json::from_slice` (the generic
/// `Deserialize`) and `serde_json::from_value`; all three must agree.
pub fn parse<E: SeamEventApi>(payload: &Value) -> Result<E, String> {
    let bytes = serde_json::to_vec(payload).map_err(|e| e.to_string())?;
    let fast = E::from_slice(&bytes).map_err(|e| e.to_string());
    let generic = serde_json::from_slice::<E>(&bytes).map_err(|e| e.to_string());
    let from_value = serde_json::from_value::<E>(payload.clone()).map_err(|e| e.to_string());
    match (&fast, &generic, &from_value) {
        (Ok(a), Ok(b), Ok(c)) => {
            assert_eq!(
                a, b,
                "from_slice and the generic Deserialize disagree on {payload}"
            );
            assert_eq!(a, c, "from_slice and from_value disagree on {payload}");
        }
        (Err(_), Err(_), Err(_)) => {}
        _ => {
            panic!("the parse paths disagree on {payload}: {fast:?} / {generic:?} / {from_value:?}")
        }
    }
    fast
}

/// [`parse`], then `SeamEvent::strict`: a mismatched event is the error its reason gives.
pub fn parse_strict<E: SeamEventApi>(payload: &Value) -> Result<E, String> {
    parse::<E>(payload).and_then(|event| event.strict().map_err(|e| e.to_string()))
}

/// Every observed payload in `schema/payloads/`, read as `cargo xtask codegen` reads them: its
/// file and its JSON.
pub fn observed_payloads() -> Vec<(String, Value)> {
    let files =
        xtask::files::read_tree_sorted(&xtask::project_root(), xtask::codegen::PAYLOADS_DIR)
            .unwrap_or_else(|e| panic!("{e}"));
    seam_schema::payloads::read(&files)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .into_iter()
        .map(|o| (o.file, o.payload))
        .collect()
}

/// Serializes `event` back and checks that it equals `payload` (timestamps and numbers compared
/// by value, since the crate writes them in a canonical form).
pub fn assert_round_trip<E: SeamEventApi>(event: &E, payload: &Value) {
    let back = serde_json::to_value(event).expect("serializes");
    assert_eq!(
        normalize(&back),
        normalize(payload),
        "round trip changed the payload"
    );
}

/// A draft 2020-12 validator for `schema` that also checks the `uuid` and `date-time` formats.
pub fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("the schema compiles")
}

/// Timestamps as UTC instants and numbers as `f64`, everything else as is.
pub fn normalize(value: &Value) -> Value {
    match value {
        Value::String(s) => match chrono::DateTime::parse_from_rfc3339(s) {
            Ok(t) => Value::String(t.with_timezone(&chrono::Utc).to_rfc3339()),
            Err(_) => value.clone(),
        },
        Value::Number(n) => json!(n.as_f64()),
        Value::Array(items) => Value::Array(items.iter().map(normalize).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), normalize(v))).collect())
        }
        other => other.clone(),
    }
}

/// The example of `event`, as an object.
pub fn example(event: &Event) -> Map<String, Value> {
    event
        .example
        .as_object()
        .cloned()
        .unwrap_or_else(|| panic!("{}: the example is not an object", event.event_type))
}

/// A value of the wrong JSON type for a property of type `ty`.
pub fn wrong_value(ty: &Type) -> Value {
    match ty {
        Type::Number | Type::Integer | Type::Boolean => json!("not a number or boolean"),
        Type::Any => Value::Null,
        _ => json!(12345),
    }
}

/// A bundle's routing (its root `allOf` of `if`/`then`, each `then` a `$ref` into `$defs`, which
/// is an event's schema or a further step of the same form), followed for every event type its
/// conditions name: the `$defs` entry the route ends at, by type, and the most `if`s a step has.
/// Panics if a type is routed twice or a route does not end at a `$defs` entry.
pub fn routes(bundle: &Value) -> (std::collections::BTreeMap<String, String>, usize) {
    fn walk(
        bundle: &Value,
        step: &Value,
        within: Option<&[String]>,
        out: &mut std::collections::BTreeMap<String, String>,
        widest: &mut usize,
    ) {
        let all_of = step["allOf"].as_array().expect("a step is an `allOf`");
        *widest = (*widest).max(all_of.len());
        for branch in all_of {
            let test = &branch["if"]["properties"]["event_type"];
            let types: Vec<String> = match (&test["const"], &test["enum"]) {
                (Value::String(one), _) => vec![one.clone()],
                (_, Value::Array(many)) => many
                    .iter()
                    .map(|v| v.as_str().expect("a type").to_owned())
                    .collect(),
                _ => panic!("an `if` names no event type: {branch}"),
            };
            if let Some(within) = within {
                assert!(
                    types.iter().all(|t| within.contains(t)),
                    "a step names a type its group lacks: {types:?}"
                );
            }
            let name = branch["then"]["$ref"]
                .as_str()
                .and_then(|r| r.strip_prefix("#/$defs/"))
                .expect("a `then` refers into `$defs`");
            let target = &bundle["$defs"][name];
            assert!(target.is_object(), "`$defs/{name}` is missing");
            if types.len() == 1 && target.get("allOf").is_none() {
                assert!(
                    out.insert(types[0].clone(), name.to_owned()).is_none(),
                    "{} is routed twice",
                    types[0]
                );
            } else {
                walk(bundle, target, Some(&types), out, widest);
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    let mut widest = 0;
    walk(bundle, bundle, None, &mut out, &mut widest);
    (out, widest)
}
