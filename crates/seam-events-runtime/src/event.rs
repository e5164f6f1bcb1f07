//! Finding a payload's `event_type`: the quick guess, the exact reading, the table of known
//! types; and payloads kept or read as JSON text.

use std::fmt;

use serde::Deserializer;
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};

use crate::key::Key;
use crate::write::write_key;

/// The name by which serde_json's deserializers hand a value over as its JSON text, as it lies
/// in the input (`serde_json::value::RawValue`'s, public through its behaviour: the
/// `raw_value` feature).
const RAW_VALUE: &str = "$serde_json::private::RawValue";

/// An event a verified webhook body parses into ([`crate::webhook::Webhook::verify`]): the
/// generated crate's `SeamEvent` (by its `seam_event!`), or any JSON value.
pub trait WebhookEvent: Sized {
    /// Parses a body whose signature was verified; an error makes it an unreadable payload.
    fn from_body(body: &[u8]) -> Result<Self, serde_json::Error>;
}

impl WebhookEvent for serde_json::Value {
    fn from_body(body: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(body)
    }
}

/// Reads an event from any deserializer as `parse` reads its JSON text, so that serde's
/// `Deserialize` (axum's `Json`, `serde_json::from_slice`, a list of events) judges a payload
/// exactly as `SeamEvent::from_slice` does.
///
/// A serde_json deserializer hands the object over as the text it is (its raw-value path: the
/// object skipped once, not parsed), borrowed from the input when it can be; any other
/// deserializer's object is written out as text first, its entries in order and duplicates
/// kept.
pub fn deserialize_event<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    parse: fn(&str) -> Result<T, serde_json::Error>,
) -> Result<T, D::Error> {
    deserializer.deserialize_newtype_struct(RAW_VALUE, EventText(parse))
}

/// The visitor of [`deserialize_event`].
struct EventText<T>(fn(&str) -> Result<T, serde_json::Error>);

impl<'de, T> Visitor<'de> for EventText<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Seam event object")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_map(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let Some(first) = map.next_key::<Key<'de>>()? else {
            return (self.0)("{}").map_err(de::Error::custom);
        };
        if first.as_str() == RAW_VALUE {
            // serde_json's raw value: one entry, the object's text.
            let text: Key<'de> = map.next_value()?;
            return (self.0)(text.as_str()).map_err(de::Error::custom);
        }
        let text = object_text(map, Some(first))?;
        (self.0)(&text).map_err(de::Error::custom)
    }
}

/// The rest of an object (`first`, its first key, already read) as JSON text, its entries in
/// order and duplicates kept.
fn object_text<'de, A: MapAccess<'de>>(
    mut map: A,
    first: Option<Key<'de>>,
) -> Result<String, A::Error> {
    let mut out = Vec::from(*b"{");
    let mut first_entry = true;
    let mut key = first;
    if key.is_none() {
        key = map.next_key::<Key<'de>>()?;
    }
    while let Some(k) = key {
        write_key(&mut out, &mut first_entry, k.as_str(), None).map_err(de::Error::custom)?;
        map.next_value_seed(Transcribe(&mut out))?;
        key = map.next_key::<Key<'de>>()?;
    }
    out.push(b'}');
    String::from_utf8(out).map_err(de::Error::custom)
}

/// Writes the JSON text `json` through `serializer`, its entries in order: a payload kept as
/// text, serialized (byte for byte, through serde_json, for a payload sent without spaces).
pub fn transcode<S: serde::Serializer>(json: &str, serializer: S) -> Result<S::Ok, S::Error> {
    let mut json = serde_json::Deserializer::from_str(json);
    serde_transcode::transcode(&mut json, serializer)
}

/// Writes the value a deserializer holds to the buffer as JSON, its entries in order.
struct Transcribe<'a>(&'a mut Vec<u8>);

impl<'de> DeserializeSeed<'de> for Transcribe<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let mut json = serde_json::Serializer::new(self.0);
        serde_transcode::transcode(deserializer, &mut json).map_err(de::Error::custom)
    }
}

/// Reads all of `json`, an object, with `visitor`.
pub fn read_object<'de, V: Visitor<'de>>(
    json: &'de str,
    visitor: V,
) -> Result<V::Value, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let value = deserializer.deserialize_map(visitor)?;
    deserializer.end()?;
    Ok(value)
}

/// The `event_type` of the object `json`, read exactly (in order, nested objects skipped).
pub fn top_level_event_type(json: &str) -> Result<String, serde_json::Error> {
    struct TagVisitor;

    impl<'de> Visitor<'de> for TagVisitor {
        type Value = String;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a Seam event object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
            let mut tag = None;
            while let Some(key) = map.next_key::<Key<'de>>()? {
                if key.as_str() == "event_type" {
                    let value: Key<'de> = map.next_value().map_err(|e| {
                        de::Error::custom(format_args!("property `event_type`: {e}"))
                    })?;
                    tag.get_or_insert(value.into_string());
                } else {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
            tag.ok_or_else(|| {
                de::Error::custom("missing property `event_type`: every Seam event has one")
            })
        }
    }
    read_object(json, TagVisitor)
}

/// A quick guess at a payload's `event_type`: the string after the first `"event_type":`.
/// The parse checks the guess (a nested `event_type` can fool it) and falls back to
/// [`top_level_event_type`].
pub fn find_event_type(json: &str) -> Option<&str> {
    const KEY: &[u8] = b"\"event_type\"";

    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(KEY));
    let bytes = json.as_bytes();
    let mut from = 0;
    while let Some(at) = FINDER.find(&bytes[from..]) {
        let mut j = skip_ws(bytes, from + at + KEY.len());
        if bytes.get(j) == Some(&b':') {
            j = skip_ws(bytes, j + 1);
            if bytes.get(j) == Some(&b'"') {
                let len = memchr::memchr2(b'"', b'\\', &bytes[j + 1..])?;
                if bytes[j + 1 + len] == b'"' {
                    return json.get(j + 1..j + 1 + len);
                }
            }
        }
        from += at + 1;
    }
    None
}

/// The hash [`type_table`] files event types by: eight bytes at a time, each step
/// multiplied and rotated, then mixed as SplitMix64 ends.
pub const fn type_hash(text: &[u8]) -> usize {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut hash = text.len() as u64;
    let mut rest = text;
    while let Some((word, tail)) = rest.split_first_chunk::<8>() {
        hash = (hash ^ u64::from_le_bytes(*word))
            .wrapping_mul(K)
            .rotate_left(29);
        rest = tail;
    }
    let mut tail = 0u64;
    if let (false, Some(last)) = (rest.is_empty(), text.last_chunk::<8>()) {
        tail = u64::from_le_bytes(*last);
    } else {
        while let [byte, more @ ..] = rest {
            tail = (tail << 8) | *byte as u64;
            rest = more;
        }
    }
    hash ^= tail;
    hash = (hash ^ (hash >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash = (hash ^ (hash >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    (hash ^ (hash >> 31)) as usize
}

/// An open-addressing table of `types`, built at compile time: slot
/// `type_hash(t) % SLOTS` (or the next free one) holds the index of `t`, empty slots
/// `u16::MAX`. `SLOTS` is a power of two above the number of types.
pub const fn type_table<const SLOTS: usize>(types: &[&str]) -> [u16; SLOTS] {
    assert!(SLOTS.is_power_of_two() && types.len() < SLOTS && SLOTS <= u16::MAX as usize);
    let mut table = [u16::MAX; SLOTS];
    let mut i = 0;
    while i < types.len() {
        let mut slot = type_hash(types[i].as_bytes()) & (SLOTS - 1);
        while table[slot] != u16::MAX {
            slot = (slot + 1) & (SLOTS - 1);
        }
        table[slot] = i as u16;
        i += 1;
    }
    table
}

/// The index of `text` in `types`, looked up in their [`type_table`].
#[inline]
pub fn type_index<const SLOTS: usize>(
    types: &[&str],
    table: &[u16; SLOTS],
    text: &str,
) -> Option<usize> {
    let mut slot = type_hash(text.as_bytes()) & (SLOTS - 1);
    loop {
        let i = usize::from(table[slot]);
        if i == usize::from(u16::MAX) {
            return None;
        }
        if types[i] == text {
            return Some(i);
        }
        slot = (slot + 1) & (SLOTS - 1);
    }
}

fn skip_ws(json: &[u8], mut i: usize) -> usize {
    while matches!(json.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guess_is_the_first_event_type_key_with_a_plain_string() {
        assert_eq!(
            find_event_type(r#"{"a":1,"event_type":"lock.locked"}"#),
            Some("lock.locked")
        );
        assert_eq!(
            find_event_type("{ \"event_type\" \n:\t \"lock.locked\" }"),
            Some("lock.locked")
        );
        // A nested one first: the guess is wrong, and the parse that checks it says so.
        assert_eq!(
            find_event_type(r#"{"x":{"event_type":"a"},"event_type":"b"}"#),
            Some("a")
        );
        // Escapes, a value of another type, or none at all: no guess.
        assert_eq!(
            find_event_type(r#"{"event_type":"lock\u002elocked"}"#),
            None
        );
        assert_eq!(
            find_event_type(r#"{"event_type":7,"event_type":"b"}"#),
            Some("b")
        );
        assert_eq!(find_event_type(r#"{"event_type":7}"#), None);
        assert_eq!(find_event_type(r#"{"event_type" "x"}"#), None);
        assert_eq!(find_event_type("{}"), None);
    }

    #[test]
    fn the_exact_reading_skips_nested_objects() {
        assert_eq!(
            top_level_event_type(r#"{"x":{"event_type":"a"},"event_type":"b"}"#).unwrap(),
            "b"
        );
        assert_eq!(
            top_level_event_type(r#"{"event_type":"lock\u002elocked"}"#).unwrap(),
            "lock.locked"
        );
        let missing = top_level_event_type(r#"{"x":1}"#).unwrap_err().to_string();
        assert!(
            missing.contains("missing property `event_type`"),
            "{missing}"
        );
        let number = top_level_event_type(r#"{"event_type":1}"#)
            .unwrap_err()
            .to_string();
        assert!(number.contains("property `event_type`"), "{number}");
    }

    #[test]
    fn the_table_finds_every_type_and_nothing_else() {
        // More types than a small table's slots hold apart: collisions are probed past.
        let owned: Vec<String> = (0..300)
            .map(|i| format!("resource_{}.event_{i}", i % 7))
            .collect();
        let types: Vec<&str> = owned.iter().map(String::as_str).collect();
        const SLOTS: usize = 1024;
        let table = type_table::<SLOTS>(&types);
        for (i, t) in types.iter().enumerate() {
            assert_eq!(type_index(&types, &table, t), Some(i), "{t}");
        }
        for absent in ["", "resource_0.event_1", "resource_1.event_1x", "x"] {
            assert_eq!(type_index(&types, &table, absent), None, "{absent}");
        }
    }

    #[test]
    fn the_hash_reads_every_byte() {
        // Texts that differ in one byte, at every position and for every length up to 40,
        // hash apart (a byte the hash skipped would make two of them equal).
        for len in 1..40 {
            let base = vec![b'a'; len];
            let mut seen = std::collections::BTreeSet::new();
            assert!(seen.insert(type_hash(&base)));
            for at in 0..len {
                let mut text = base.clone();
                text[at] = b'b';
                assert!(seen.insert(type_hash(&text)), "len {len}, byte {at}");
            }
        }
    }

    #[test]
    fn an_event_from_any_deserializer_is_read_as_its_text() {
        let text = |json: &str| Ok::<_, serde_json::Error>(json.to_owned());
        // serde_json hands the text over as it lies, spaces and all.
        let json = "{ \"b\": [1, {\"c\": null}],\n \"a\": \"x\\\"y\" }";
        let mut deserializer = serde_json::Deserializer::from_str(json);
        assert_eq!(deserialize_event(&mut deserializer, text).unwrap(), json);
        let mut reader = serde_json::Deserializer::from_reader(json.as_bytes());
        assert_eq!(deserialize_event(&mut reader, text).unwrap(), json);
        // Another deserializer's object is written out, its entries in the order given
        // (serde_json's map is sorted).
        let value = serde_json::json!({"b": [1, {"c": null}], "a": "x\"y"});
        let written = r#"{"a":"x\"y","b":[1,{"c":null}]}"#;
        assert_eq!(deserialize_event(value.clone(), text).unwrap(), written);
        assert_eq!(deserialize_event(&value, text).unwrap(), written);
        let mut out = Vec::new();
        transcode(written, &mut serde_json::Serializer::new(&mut out)).unwrap();
        assert_eq!(out, written.as_bytes());
        assert_eq!(
            deserialize_event(serde_json::json!({}), text).unwrap(),
            "{}"
        );
        // A deserializer of another kind: its entries written out in its order.
        let entries = vec![("b", 1u8), ("a\"", 2)].into_iter();
        let map = serde::de::value::MapDeserializer::<_, serde_json::Error>::new(entries);
        assert_eq!(deserialize_event(map, text).unwrap(), r#"{"b":1,"a\"":2}"#);
        // What is not an object is for the parser to refuse (`SeamEvent` does).
        assert_eq!(
            deserialize_event(serde_json::json!([1]), text).unwrap(),
            "[1]"
        );
        let number = serde::de::value::U8Deserializer::<serde_json::Error>::new(1);
        assert!(deserialize_event(number, text).is_err());
    }
}
