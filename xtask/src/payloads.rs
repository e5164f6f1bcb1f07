//! `cargo xtask payloads add`: captured webhook bodies into `schema/payloads/`, every value that
//! could be secret replaced by a placeholder.
//!
//! Real payloads carry access-code PINs, names, e-mail addresses and custom metadata. The
//! command reads captures only from outside the repository, and writes only what the schema
//! learns from: the keys of Seam's objects, `null`s, booleans, the values of enumerations (a
//! listed one, or one spelled like Seam's, `snake_case`) and of `event_type`, the nesting and the
//! array lengths. Every other value becomes a placeholder of its kind, and so do the keys of a
//! free-form object (such as custom metadata), which are the customer's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use seam_schema::{Property, Schema, Type};
use serde_json::{Map, Value};

use crate::{codegen, files};

/// The placeholder of a UUID.
pub const UUID: &str = "00000000-0000-0000-0000-000000000000";
/// The placeholder of a date-time.
pub const DATE_TIME: &str = "2025-01-01T00:00:00.000Z";
/// The placeholder of any other non-empty string.
pub const TEXT: &str = "text";

/// What `add` did with one capture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    /// Written to this path, relative to the project root.
    Written(PathBuf),
    /// The same payload, with its placeholders, is already there.
    Present(PathBuf),
}

/// Reads each capture (one JSON body per file, outside `root`), replaces its values by
/// placeholders and writes it to `schema/payloads/<event_type>/<hash>.json` under `root`. Every
/// capture is checked before anything is written: one bad file writes nothing.
pub fn add(root: &Path, captures: &[PathBuf]) -> Result<Vec<Added>, String> {
    if captures.is_empty() {
        return Err(
            "payloads add: no file given: expected the captured bodies to add, one JSON \
                    object per file"
                .into(),
        );
    }
    let schema = codegen::import(root)?.schema;
    let inside = root
        .canonicalize()
        .map_err(|e| format!("{}: cannot read the project folder: {e}", root.display()))?;
    let mut planned = Vec::new();
    for capture in captures {
        let shown = capture.display();
        let full = capture
            .canonicalize()
            .map_err(|e| format!("{shown}: cannot read the file: {e}"))?;
        if full.starts_with(&inside) {
            return Err(format!(
                "{shown}: the capture lies inside the repository: expected it outside (captured \
                 payloads carry secrets and personal data; keep them in a folder of your own, \
                 such as ~/seam-captures/, and delete them when done)"
            ));
        }
        let text = std::fs::read_to_string(&full)
            .map_err(|e| format!("{shown}: cannot read the file: {e}"))?;
        let value: Value = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{shown}:{}: not JSON ({e}): expected one webhook body, a JSON object",
                e.line()
            )
        })?;
        let event_type = value
            .get("event_type")
            .and_then(Value::as_str)
            .filter(|t| seam_schema::parse::is_event_type(t))
            .ok_or_else(|| {
                format!(
                    "{shown}:1: expected a JSON object with an `event_type` such as \
                     `access_code.created`"
                )
            })?
            .to_owned();
        let scrubbed = scrub(&value, &schema);
        let mut contents = serde_json::to_string_pretty(&scrubbed).map_err(|e| e.to_string())?;
        contents.push('\n');
        let rel = PathBuf::from(codegen::PAYLOADS_DIR)
            .join(&event_type)
            .join(format!("{:016x}.json", fnv1a(contents.as_bytes())));
        planned.push((rel, contents));
    }
    let mut out = Vec::new();
    for (rel, contents) in planned {
        if files::write_atomic(root, &rel, &contents)? {
            out.push(Added::Written(rel));
        } else {
            out.push(Added::Present(rel));
        }
    }
    Ok(out)
}

/// The payload with every value that could be secret replaced by a placeholder of its kind:
/// strings by [`UUID`], [`DATE_TIME`] or [`TEXT`] after their shape (an empty one stays empty),
/// but for the value of an enumeration or constant the schema knows at that place (such as
/// `event_type`) when it is listed or spelled like Seam's values (`snake_case`); numbers by `0`;
/// the keys of a free-form object (or of a value of any type) by `key_1`, `key_2`, ... `null`s,
/// booleans, the other keys, nesting and array lengths stay.
pub fn scrub(payload: &Value, schema: &Schema) -> Value {
    let props = payload
        .get("event_type")
        .and_then(Value::as_str)
        .and_then(|et| schema.event(et))
        .map(|e| &e.properties);
    match payload {
        Value::Object(map) => object(map, props, schema),
        other => value(other, None, schema),
    }
}

fn object(
    map: &Map<String, Value>,
    props: Option<&BTreeMap<String, Property>>,
    schema: &Schema,
) -> Value {
    Value::Object(
        map.iter()
            .map(|(key, v)| {
                let ty = props.and_then(|p| p.get(key)).map(|p| &p.ty);
                (key.clone(), value(v, ty, schema))
            })
            .collect(),
    )
}

/// A free-form object's entries, their keys (the customer's) replaced by `key_1`, `key_2`, ...
fn free_form(map: &Map<String, Value>, schema: &Schema) -> Value {
    Value::Object(
        map.values()
            .enumerate()
            .map(|(i, v)| (format!("key_{}", i + 1), value(v, Some(&Type::Any), schema)))
            .collect(),
    )
}

/// Whether `s` is spelled like the values of Seam's enumerations: `snake_case`.
fn like_seams(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn value(v: &Value, ty: Option<&Type>, schema: &Schema) -> Value {
    match v {
        Value::Null | Value::Bool(_) => v.clone(),
        Value::Number(_) => Value::from(0),
        Value::String(s) => match ty {
            Some(Type::Enum { values }) if values.contains(s) || like_seams(s) => v.clone(),
            Some(Type::Const { value }) if value == s || like_seams(s) => v.clone(),
            _ => Value::String(placeholder(s).to_owned()),
        },
        Value::Array(items) => {
            let item = match ty {
                Some(Type::Array { items }) => Some(&**items),
                _ => None,
            };
            Value::Array(items.iter().map(|i| value(i, item, schema)).collect())
        }
        Value::Object(map) => {
            let props = match ty {
                Some(Type::Object {
                    properties: Some(props),
                }) => Some(props),
                Some(Type::Ref { name }) => schema.definitions.get(name).map(|d| &d.properties),
                Some(Type::Object { properties: None } | Type::Any) => {
                    return free_form(map, schema);
                }
                _ => None,
            };
            object(map, props, schema)
        }
    }
}

/// The placeholder of a string of `s`'s shape.
fn placeholder(s: &str) -> &'static str {
    if s.is_empty() {
        ""
    } else if seam_schema::check::is_uuid(s) {
        UUID
    } else if seam_schema::check::is_date_time(s) {
        DATE_TIME
    } else {
        TEXT
    }
}

/// The 64-bit FNV-1a hash: a stable name for a payload's text.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema() -> Schema {
        let page = seam_schema::SourceFile::new(
            "locks.txt",
            "lock.unlocked\n\nUnlocked.\nExample webhook payload\n\
             { \"event_type\": \"lock.unlocked\", \"method\": \"keycode\", \"code\": \"1234\", \
             \"device_custom_metadata\": {} }\n\
             code\nString\nThe code.\ndevice_custom_metadata\nObject\nThe customer's.\n\
             event_type\nEnum (String)\nValue: lock.unlocked\n\
             method\nEnum (String)\nHow.\nPossible values: keycode, manual\n",
        );
        seam_schema::import(&[page], None).unwrap().schema
    }

    #[test]
    fn secrets_become_placeholders_and_the_shape_stays() {
        let captured = json!({
            "event_type": "lock.unlocked",
            "method": "a_method_nobody_documented",
            "code": "8812",
            "device_custom_metadata": {
                "guest_ada.lovelace@example.com": true,
                "pin_8812": { "room": "Room 12" },
            },
            "device_id": "5b9c6f0e-8a1c-4b7e-9a3e-2f1d7c6b5a49",
            "occurred_at": "2026-11-30T17:03:12.455Z",
            "user": { "email": "ada@example.com", "name": "", "age": 36, "admin": true },
            "tags": ["guest", null, 2.5],
            "note": null,
        });
        let scrubbed = scrub(&captured, &schema());
        assert_eq!(
            scrubbed,
            json!({
                "event_type": "lock.unlocked",
                // An enumeration's value is what the schema learns from: it stays.
                "method": "a_method_nobody_documented",
                "code": TEXT,
                // The customer's keys do not.
                "device_custom_metadata": { "key_1": true, "key_2": { "key_1": TEXT } },
                "device_id": UUID,
                "occurred_at": DATE_TIME,
                "user": { "email": TEXT, "name": "", "age": 0, "admin": true },
                "tags": [TEXT, null, 0],
                "note": null,
            })
        );
        let text = scrubbed.to_string();
        for secret in [
            "8812",
            "ada@",
            "lovelace",
            "5b9c6f0e",
            "2026-11-30",
            "guest",
            "36",
            "Room",
        ] {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
        // A value where the schema expects an enumeration, not spelled like one: replaced.
        for odd in ["Ada Lovelace", "8812", "ada@example.com"] {
            let captured = json!({ "event_type": "lock.unlocked", "method": odd });
            assert_eq!(scrub(&captured, &schema())["method"], TEXT, "{odd}");
        }
    }

    #[test]
    fn captures_inside_the_repository_are_refused_and_bad_ones_write_nothing() {
        let project = tempfile::tempdir().unwrap();
        let root = project.path();
        std::fs::create_dir_all(root.join("schema/sources")).unwrap();
        std::fs::write(
            root.join("schema/sources/locks.txt"),
            "lock.unlocked\n\nUnlocked.\nExample webhook payload\n{ \"event_type\": \"lock.unlocked\" }\n\
             event_type\nEnum (String)\nValue: lock.unlocked\n",
        )
        .unwrap();
        let inside = root.join("capture.json");
        std::fs::write(
            &inside,
            r#"{"event_type": "lock.unlocked", "code": "8812"}"#,
        )
        .unwrap();
        let err = add(root, &[inside]).unwrap_err();
        assert!(err.contains("inside the repository"), "{err}");

        let captures = tempfile::tempdir().unwrap();
        let good = captures.path().join("good.json");
        std::fs::write(&good, r#"{"event_type": "lock.unlocked", "code": "8812"}"#).unwrap();
        let bad = captures.path().join("bad.json");
        std::fs::write(&bad, r#"{"event_type": "../../etc"}"#).unwrap();
        let err = add(root, &[good.clone(), bad]).unwrap_err();
        assert!(
            err.contains("bad.json:1: expected a JSON object with an `event_type`"),
            "{err}"
        );
        assert!(
            !root.join(codegen::PAYLOADS_DIR).exists(),
            "nothing written"
        );

        let added = add(root, std::slice::from_ref(&good)).unwrap();
        let [Added::Written(rel)] = added.as_slice() else {
            panic!("{added:?}")
        };
        assert!(rel.starts_with("schema/payloads/lock.unlocked"), "{rel:?}");
        let written = std::fs::read_to_string(root.join(rel)).unwrap();
        assert!(
            !written.contains("8812") && written.contains(TEXT),
            "{written}"
        );
        // The same capture again: already there, under the same name.
        assert_eq!(add(root, &[good]).unwrap(), [Added::Present(rel.clone())]);
        // And the importer takes it.
        let imported = codegen::import(root).unwrap();
        assert_eq!(imported.observed.len(), 1);
    }
}
