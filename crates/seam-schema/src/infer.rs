//! The importer's inferences: what the docs imply without stating it, recorded in `provenance`.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::model::{Fact, Presence, Property, Schema, Source, StringFormat, Type};

/// Phrases that say a property is not in every payload: present only under a condition.
/// Longer phrases first, so that the note quotes the most specific one. Matched whole-word and
/// case-insensitively in the description's plain text.
pub const ABSENCE_PHRASES: &[&str] = &[
    "only present when",
    "only present if",
    "present only when",
    "present only if",
    "not always present",
    "present when",
    "present if",
    "if present",
    "if any",
    "if applicable",
    "if available",
    "if known",
    "if set",
    "when applicable",
    "when available",
    "when known",
    "may be absent",
    "may be omitted",
    "omitted when",
    "omitted if",
];

/// Phrases that say a property may be `null`. Matched like [`ABSENCE_PHRASES`].
pub const NULL_PHRASES: &[&str] = &[
    "null when",
    "null if",
    "null unless",
    "null for",
    "otherwise null",
    "null otherwise",
    "or null",
    "may be null",
    "can be null",
    "is null",
    "nullable",
];

/// Why `event_type` is in every payload.
pub const EVENT_TYPE_NOTE: &str = "every payload names its event type";

/// Applies every inference to every event of `schema`.
pub fn infer(schema: &mut Schema) {
    for event in &mut schema.events {
        if let Some(p) = event.properties.get_mut("event_type") {
            p.presence
                .learn(Presence::Always, Source::Docs, EVENT_TYPE_NOTE);
        }
        infer_properties(&mut event.properties, Some(&event.example));
    }
}

/// The first of `phrases` that `plain` uses as whole words, ignoring case.
pub fn phrase_in(plain: &str, phrases: &[&'static str]) -> Option<&'static str> {
    let text = plain.to_lowercase();
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    phrases.iter().copied().find(|p| {
        text.match_indices(p).any(|(at, _)| {
            !word(text[..at].chars().next_back()) && !word(text[at + p.len()..].chars().next())
        })
    })
}

/// What the docs' wording says of a property's presence and nullability, from the plain text
/// of its description and its `undocumented:` flag: the two facts, stated where the wording
/// says something and unstated (for the policy to decide) where it does not.
pub fn wording(plain: &str, undocumented: bool) -> (Fact<Presence>, Fact<bool>) {
    let presence = match (phrase_in(plain, ABSENCE_PHRASES), undocumented) {
        (Some(phrase), _) => Fact::stated(
            Presence::MayBeAbsent,
            Source::Docs,
            format!("the description says \"{phrase}\""),
        ),
        (None, true) => Fact::stated(
            Presence::MayBeAbsent,
            Source::Docs,
            "flagged `undocumented:` (unreleased): the API may not send it yet",
        ),
        (None, false) => Fact::unstated(Presence::Always),
    };
    let nullable = match phrase_in(plain, NULL_PHRASES) {
        Some(phrase) => Fact::stated(
            true,
            Source::Docs,
            format!("the description says \"{phrase}\""),
        ),
        None => Fact::unstated(false),
    };
    (presence, nullable)
}

/// Infers array items from names and the documented example's values. (What else the example
/// shows, [`crate::payloads::learn_examples`] learns, as from a payload.)
fn infer_properties(properties: &mut BTreeMap<String, Property>, example: Option<&Value>) {
    for (name, p) in properties {
        infer_type(
            name,
            &mut p.ty,
            example.and_then(|e| e.get(name)),
            &mut p.provenance,
        );
    }
}

fn infer_type(name: &str, ty: &mut Type, value: Option<&Value>, provenance: &mut Vec<String>) {
    match ty {
        Type::Array { items } => {
            let first = value.and_then(Value::as_array).and_then(|a| a.first());
            if **items == Type::Any {
                if name.ends_with("_ids") {
                    **items = Type::String {
                        format: Some(StringFormat::Uuid),
                    };
                    provenance.push("importer: items are UUIDs, the name ends in `_ids`".into());
                } else if let Some(t) = value.and_then(Value::as_array).and_then(|a| item_type(a)) {
                    provenance.push(format!(
                        "importer: items are {}, as in the example",
                        t.describe()
                    ));
                    **items = t;
                }
            }
            if let Type::Object {
                properties: Some(nested),
            } = &mut **items
            {
                infer_properties(nested, first);
            }
        }
        Type::Object {
            properties: Some(nested),
        } => infer_properties(nested, value),
        _ => {}
    }
}

/// The type every item of a non-empty example array shares, if they share one.
fn item_type(items: &[Value]) -> Option<Type> {
    let kind = |v: &Value| match v {
        Value::String(_) => Some(Type::STRING),
        Value::Bool(_) => Some(Type::Boolean),
        Value::Number(_) => Some(Type::Number),
        Value::Object(_) => Some(Type::Object { properties: None }),
        _ => None,
    };
    let first = kind(items.first()?)?;
    items
        .iter()
        .all(|v| kind(v).as_ref() == Some(&first))
        .then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn prop(ty: Type, description: &str) -> Property {
        let (presence, nullable) = wording(description, false);
        Property {
            ty,
            description: description.into(),
            presence,
            nullable,
            undocumented: false,
            sources: Default::default(),
            provenance: vec![],
        }
    }

    fn any_array() -> Type {
        Type::Array {
            items: Box::new(Type::Any),
        }
    }

    #[test]
    fn wording_states_absence_and_null() {
        for d in [
            "The code (only present when mode is 'code').",
            "Present only when set.",
            "Metadata, present when connected_account_id is provided.",
            "Keys (if present).",
            "The customer key, if any.",
            "ID of the device, if applicable.",
            "Sub-type of motion, If Available.",
        ] {
            let (presence, nullable) = wording(d, false);
            assert_eq!(
                (presence.value, presence.source),
                (Presence::MayBeAbsent, Source::Docs),
                "{d}"
            );
            assert!(nullable.is_unstated(), "{d}");
        }
        for d in [
            "Name of the device. Null when it had none.",
            "The code, or null if it was never set.",
            "The reason; null otherwise.",
        ] {
            let (presence, nullable) = wording(d, false);
            assert!(presence.is_unstated(), "{d}");
            assert_eq!(
                (nullable.value, nullable.source),
                (true, Source::Docs),
                "{d}"
            );
            assert_eq!(nullable.notes.len(), 1);
        }
        // Whole words only: no phrase inside another word, none in plain descriptions.
        for d in [
            "ID of the event.",
            "Whether the value was nullified.",
            "See `action_attempt_id` if Seam-initiated.",
            "Presently when-ever.",
        ] {
            let (presence, nullable) = wording(d, false);
            assert!(presence.is_unstated() && nullable.is_unstated(), "{d}");
        }
        let (presence, _) = wording("Unreleased.", true);
        assert_eq!(presence.value, Presence::MayBeAbsent);
        assert!(presence.notes[0].contains("undocumented"));
    }

    #[test]
    fn array_items_from_name_and_example() {
        let mut props = BTreeMap::from([
            ("device_ids".to_string(), prop(any_array(), "IDs.")),
            ("tags".to_string(), prop(any_array(), "Tags.")),
            ("mixed".to_string(), prop(any_array(), "Mixed.")),
            ("empty".to_string(), prop(any_array(), "Empty.")),
        ]);
        infer_properties(
            &mut props,
            Some(&json!({"tags": ["a", "b"], "mixed": [1, "a"], "empty": []})),
        );
        assert_eq!(
            props["device_ids"].ty,
            Type::Array {
                items: Box::new(Type::String {
                    format: Some(StringFormat::Uuid)
                })
            }
        );
        assert_eq!(
            props["tags"].ty,
            Type::Array {
                items: Box::new(Type::STRING)
            }
        );
        assert_eq!(props["mixed"].ty, any_array());
        assert_eq!(props["empty"].ty, any_array());
        assert_eq!(props["tags"].provenance.len(), 1);
    }

    #[test]
    fn nested_arrays_are_inferred_too() {
        let inner = BTreeMap::from([("x_ids".to_string(), prop(any_array(), "X."))]);
        let object = Type::Object {
            properties: Some(inner),
        };
        let mut props = BTreeMap::from([("o".to_string(), prop(object, "O."))]);
        infer_properties(&mut props, None);
        let Type::Object {
            properties: Some(inner),
        } = &props["o"].ty
        else {
            panic!("not an object")
        };
        let uuid = Type::String {
            format: Some(StringFormat::Uuid),
        };
        assert_eq!(
            inner["x_ids"].ty,
            Type::Array {
                items: Box::new(uuid)
            }
        );
    }
}
