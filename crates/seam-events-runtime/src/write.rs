//! The writers every struct shares: straight to JSON bytes, or through any serde serializer.

use serde::Serialize;
use serde::ser::SerializeMap;

use crate::codec::Codec;
use crate::object::{Info, Slots};

/// Appends `,` unless `first`, then the key `"key":` (`quoted` when it needs no escaping).
pub fn write_key(
    out: &mut Vec<u8>,
    first: &mut bool,
    key: &str,
    quoted: Option<&str>,
) -> serde_json::Result<()> {
    if !std::mem::take(first) {
        out.push(b',');
    }
    match quoted {
        Some(quoted) => out.extend_from_slice(quoted.as_bytes()),
        None => {
            serde_json::to_writer(&mut *out, key)?;
            out.push(b':');
        }
    }
    Ok(())
}

/// Appends the properties the docs do not list, each as `,"key":value`.
pub fn write_extra(
    out: &mut Vec<u8>,
    first: &mut bool,
    extra: &serde_json::Map<String, serde_json::Value>,
) -> serde_json::Result<()> {
    for (key, value) in extra {
        write_key(out, first, key, None)?;
        serde_json::to_writer(&mut *out, value)?;
    }
    Ok(())
}

/// Writes an object as JSON (a struct's `write_json`): an event's `event_type` first,
/// then `fields`, then `extra`. One writer for every struct.
#[inline(never)]
pub fn write_object<K: Slots>(
    out: &mut Vec<u8>,
    info: &Info,
    fields: &[K::FieldRef<'_>],
    extra: &serde_json::Map<String, serde_json::Value>,
) -> serde_json::Result<()> {
    let mut writer = JsonWriter::new(out);
    if let Some(event_type) = info.event_type {
        writer.tag(event_type);
    }
    walk::<K, _>(&mut writer, info, fields);
    writer.end(extra)
}

/// Serializes an object as a map (a struct's `Serialize`), in the order
/// [`write_object`] writes it. One serializer for every struct.
pub fn serialize_object<K: Slots, S: serde::Serializer>(
    serializer: S,
    info: &Info,
    fields: &[K::FieldRef<'_>],
    extra: &serde_json::Map<String, serde_json::Value>,
) -> Result<S::Ok, S::Error> {
    let mut map = MapWriter::new(serializer)?;
    if let Some(event_type) = info.event_type {
        map.tag(event_type);
    }
    walk::<K, _>(&mut map, info, fields);
    map.end(extra)
}

/// Hands each of an object's fields, with its property, to `to`.
fn walk<K: Slots, F: Fields>(to: &mut F, info: &Info, fields: &[K::FieldRef<'_>]) {
    for (field, value) in info.fields.iter().zip(fields) {
        K::walk(*value, to, field);
    }
}

/// Where an object's listed properties go, in order: the JSON writer behind
/// [`write_object`], or [`MapWriter`] behind [`serialize_object`].
#[doc(hidden)]
pub trait Fields {
    /// Takes the entry `key`: `value` with the codec `C`, if `value` is present
    /// (`quoted` is `"key":` when the key needs no escaping).
    fn field<C: Codec<T>, T: Serialize>(
        &mut self,
        key: &'static str,
        quoted: Option<&'static str>,
        value: Option<&T>,
    );
}

/// Writes an object as JSON, field by field; the first error stops the writing and is
/// returned by [`JsonWriter::end`].
pub struct JsonWriter<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
    error: Option<serde_json::Error>,
}

impl<'a> JsonWriter<'a> {
    /// Opens an object in `out`.
    pub fn new(out: &'a mut Vec<u8>) -> Self {
        out.push(b'{');
        JsonWriter {
            out,
            first: true,
            error: None,
        }
    }

    /// Appends an event's `"event_type":"..."`, the first entry (an event type has no
    /// character JSON escapes).
    pub fn tag(&mut self, event_type: &str) {
        self.out.extend_from_slice(b"\"event_type\":\"");
        self.out.extend_from_slice(event_type.as_bytes());
        self.out.push(b'"');
        self.first = false;
    }

    /// Appends the properties the docs do not list and closes the object.
    pub fn end(
        mut self,
        extra: &serde_json::Map<String, serde_json::Value>,
    ) -> serde_json::Result<()> {
        if let Some(e) = self.error {
            return Err(e);
        }
        write_extra(self.out, &mut self.first, extra)?;
        self.out.push(b'}');
        Ok(())
    }
}

impl Fields for JsonWriter<'_> {
    #[inline(never)]
    fn field<C: Codec<T>, T: Serialize>(
        &mut self,
        key: &'static str,
        quoted: Option<&'static str>,
        value: Option<&T>,
    ) {
        let (None, Some(value)) = (&self.error, value) else {
            return;
        };
        let written = write_key(self.out, &mut self.first, key, quoted)
            .and_then(|()| C::write_json(self.out, value));
        if let Err(e) = written {
            self.error = Some(e);
        }
    }
}

/// Serializes an object through any serde serializer, as a map; the first error stops
/// the writing and is returned by [`MapWriter::end`].
pub struct MapWriter<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

impl<M: SerializeMap> MapWriter<M> {
    /// Opens a map in `serializer`.
    pub fn new<S: serde::Serializer<SerializeMap = M>>(serializer: S) -> Result<Self, S::Error> {
        Ok(MapWriter {
            map: serializer.serialize_map(None)?,
            error: None,
        })
    }

    /// Serializes an event's `event_type` entry, written first.
    pub fn tag(&mut self, event_type: &'static str) {
        if let Err(e) = self.map.serialize_entry("event_type", event_type) {
            self.error = Some(e);
        }
    }

    /// Serializes the properties the docs do not list and ends the map.
    pub fn end(
        mut self,
        extra: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<M::Ok, M::Error> {
        if let Some(e) = self.error {
            return Err(e);
        }
        for (key, value) in extra {
            self.map.serialize_entry(key, value)?;
        }
        self.map.end()
    }
}

impl<M: SerializeMap> Fields for MapWriter<M> {
    fn field<C: Codec<T>, T: Serialize>(
        &mut self,
        key: &'static str,
        _: Option<&'static str>,
        value: Option<&T>,
    ) {
        let (None, Some(value)) = (&self.error, value) else {
            return;
        };
        if let Err(e) = C::write(&mut self.map, key, value) {
            self.error = Some(e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_written_as_serde_json_writes_them() {
        let mut out = Vec::new();
        let mut first = true;
        write_key(&mut out, &mut first, "plain", Some("\"plain\":")).unwrap();
        write_key(&mut out, &mut first, "a\"b\\c\n", None).unwrap();
        let mut extra = serde_json::Map::new();
        extra.insert("z".into(), serde_json::json!([1.5, "\u{1}"]));
        write_extra(&mut out, &mut first, &extra).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#""plain":,"a\"b\\c\n":,"z":[1.5,"\u0001"]"#
        );
    }
}
