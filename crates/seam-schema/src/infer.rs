//! The importer's inferences: what the docs imply without stating it, recorded in `provenance`.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::model::{Property, Schema, StringFormat, Type};

/// Phrases that make a property optional: the docs say it is present only under a condition.
/// Longer phrases first, so that provenance quotes the most specific one.
pub const CONDITIONAL_PHRASES: &[&str] = &[
    "only present when",
    "present only when",
    "present when",
    "if present",
    "if any",
];

/// Applies every inference to every event of `schema`.
pub fn infer(schema: &mut Schema) {
    for event in &mut schema.events {
        infer_properties(&mut event.properties, Some(&event.example));
    }
}

/// The conditional phrase a description's plain text uses, if any (case-insensitive). Applied by
/// [`crate::classify`], which has the plain text of every description at hand.
pub fn conditional_phrase(plain: &str) -> Option<&'static str> {
    let plain = plain.to_lowercase();
    CONDITIONAL_PHRASES
        .iter()
        .copied()
        .find(|p| plain.contains(p))
}

/// The provenance note of a property made optional by `phrase`.
pub fn conditional_note(phrase: &str) -> String {
    format!("importer: optional, the description says \"{phrase}\"")
}

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
        Property {
            ty,
            description: description.into(),
            required: true,
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
    fn conditional_phrases_make_optional() {
        for d in [
            "The code (only present when mode is 'code').",
            "Present only when set.",
            "Metadata, present when connected_account_id is provided.",
            "Keys (if present).",
            "The customer key, if any.",
        ] {
            assert!(conditional_phrase(d).is_some(), "{d}");
        }
        assert_eq!(conditional_phrase("ID of the event."), None);
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
