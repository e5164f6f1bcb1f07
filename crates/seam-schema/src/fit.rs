//! One walk of a JSON value against the schema, shared by the check of the documented examples
//! (warnings) and of the observed payloads (errors): each place that does not fit goes to the
//! caller as a [`Misfit`] at its path.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::check::{is_date_time, is_uuid};
use crate::model::{Property, Schema, StringFormat, Type};

/// One step of a path into a JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// An object's key.
    Key(String),
    /// An array's index.
    Index(usize),
}

/// A path as messages show it: `from.name`, `items[0].id`.
pub fn show(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// What does not fit, at a path.
#[derive(Debug)]
pub enum Misfit<'a> {
    /// A key the property list does not have.
    Unlisted,
    /// A property every payload carries is absent.
    Absent(Place<'a>),
    /// A property that may not be null is `null`.
    Null(Place<'a>),
    /// A value that is not of the type `ty` (of the property of `place`, or of its items).
    Wrong {
        /// Where the type is stated.
        place: Place<'a>,
        /// The type.
        ty: &'a Type,
        /// The value.
        value: &'a Value,
    },
}

/// The property a misfit is about, and the shared definition it belongs to, if any.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    /// The property.
    pub property: &'a Property,
    /// The definition whose property it is.
    pub definition: Option<&'a str>,
}

/// Walks `value` against the properties `props` (of the definition `definition`, if any),
/// reporting each misfit with its path below `at`.
pub fn object<'a>(
    schema: &'a Schema,
    props: &'a BTreeMap<String, Property>,
    value: &'a Value,
    definition: Option<&'a str>,
    at: &mut Vec<Step>,
    report: &mut dyn FnMut(&[Step], Misfit<'a>),
) {
    let Some(map) = value.as_object() else { return };
    for key in map.keys().filter(|k| !props.contains_key(*k)) {
        at.push(Step::Key(key.clone()));
        report(at, Misfit::Unlisted);
        at.pop();
    }
    for (name, property) in props {
        let place = Place {
            property,
            definition,
        };
        at.push(Step::Key(name.clone()));
        match map.get(name) {
            None if property.always_present() => report(at, Misfit::Absent(place)),
            None => {}
            Some(Value::Null) if property.may_be_null() || property.ty == Type::Any => {}
            Some(Value::Null) => report(at, Misfit::Null(place)),
            Some(v) => walk(schema, place, &property.ty, v, at, report),
        }
        at.pop();
    }
}

fn walk<'a>(
    schema: &'a Schema,
    place: Place<'a>,
    ty: &'a Type,
    v: &'a Value,
    at: &mut Vec<Step>,
    report: &mut dyn FnMut(&[Step], Misfit<'a>),
) {
    let fits = match ty {
        Type::Enum { values } => v.as_str().is_some_and(|s| values.iter().any(|x| x == s)),
        Type::Const { value } => v.as_str() == Some(value),
        Type::Object { properties } => {
            if let (Some(props), true) = (properties, v.is_object()) {
                object(schema, props, v, None, at, report);
            }
            v.is_object()
        }
        Type::Ref { name } => {
            if let (Some(def), true) = (schema.definitions.get(name), v.is_object()) {
                object(schema, &def.properties, v, Some(name), at, report);
            }
            v.is_object()
        }
        Type::Array { items } => match v.as_array() {
            Some(values) => {
                for (i, item) in values.iter().enumerate() {
                    at.push(Step::Index(i));
                    walk(schema, place, items, item, at, report);
                    at.pop();
                }
                true
            }
            None => false,
        },
        Type::Any | Type::String { .. } | Type::Boolean | Type::Number | Type::Integer => {
            fits_format(ty, v)
        }
    };
    if !fits {
        report(
            at,
            Misfit::Wrong {
                place,
                ty,
                value: v,
            },
        );
    }
}

/// Whether `value` is of the JSON kind `ty` describes (formats and values aside).
pub(crate) fn fits_kind(ty: &Type, value: &Value) -> bool {
    match ty {
        Type::Any => true,
        Type::String { .. } | Type::Enum { .. } | Type::Const { .. } => value.is_string(),
        Type::Boolean => value.is_boolean(),
        Type::Number | Type::Integer => value.is_number(),
        Type::Object { .. } | Type::Ref { .. } => value.is_object(),
        Type::Array { .. } => value.is_array(),
    }
}

/// Whether `value` is of the JSON kind `ty` describes and, for a string, of its format, for a
/// number, an integer where `ty` says so (an enumeration's values, an object's properties and
/// an array's items aside).
pub(crate) fn fits_format(ty: &Type, value: &Value) -> bool {
    match ty {
        Type::String {
            format: Some(format),
        } => value.as_str().is_some_and(|s| match format {
            StringFormat::Uuid => is_uuid(s),
            StringFormat::DateTime => is_date_time(s),
        }),
        Type::Integer => value.is_i64() || value.is_u64(),
        other => fits_kind(other, value),
    }
}
