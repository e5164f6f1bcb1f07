//! The generated crate's private runtime (`src/rt.rs`): the same for every schema.

use proc_macro2::TokenStream;
use quote::quote;

/// Which optional helpers the crate's fields need (an unused helper would be dead code).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Needs {
    /// Some field is an `f64`.
    pub number: bool,
    /// Some field is a `Vec<f64>`.
    pub numbers: bool,
    /// Some field is a date-time.
    pub timestamp: bool,
    /// Some field is a nested object (a struct of the crate's).
    pub object: bool,
    /// Some field is a list of nested objects.
    pub objects: bool,
    /// Some field is in every payload and may be null.
    pub required_nullable: bool,
    /// Some field may be absent and may be null.
    pub optional_nullable: bool,
}

/// The tokens of `src/rt.rs`.
pub fn tokens(needs: Needs) -> TokenStream {
    let number = needs.number.then(number_tokens);
    let numbers = needs.numbers.then(numbers_tokens);
    let timestamp = needs.timestamp.then(timestamp_tokens);
    let object = needs.object.then(object_tokens);
    let objects = needs.objects.then(objects_tokens);
    let required_nullable = needs.required_nullable.then(|| {
        quote! {
            /// A property every payload carries that may be null: its field is an `Option`,
            /// `None` for `null`.
            #[allow(non_camel_case_types, reason = "named as the macros' keyword")]
            pub(crate) struct required_nullable;

            impl required_nullable {
                pub(crate) fn get<T>(value: &T) -> Option<&T> {
                    required::get(value)
                }

                pub(crate) fn placeholder<T: Placeholder>() -> T {
                    required::placeholder()
                }

                /// Every payload has the property.
                pub(crate) const REQUIRED: bool = true;

                /// It may be null.
                pub(crate) const NULLABLE: bool = true;

                /// Reads the value of the field at `index` into `slot` with the codec `C`.
                #[inline(always)]
                pub(crate) fn read<'de, A: MapAccess<'de>, T, C: Codec<T>>(
                    map: &mut A,
                    slot: &mut T,
                    reading: &mut Reading<'_>,
                    index: u32,
                ) -> Result<(), A::Error> {
                    required::read::<A, T, C>(map, slot, reading, index)
                }
            }
        }
    });
    let optional_nullable = needs.optional_nullable.then(|| {
        quote! {
            /// A property some payloads leave out and others give as null: its field is an
            /// `Option<Option<_>>`, `None` when absent, `Some(None)` for `null`.
            #[allow(non_camel_case_types, reason = "named as the macros' keyword")]
            pub(crate) struct optional_nullable;

            impl optional_nullable {
                pub(crate) fn get<T>(value: &Option<T>) -> Option<&T> {
                    optional::get(value)
                }

                pub(crate) fn placeholder<T>() -> Option<T> {
                    None
                }

                /// Some payloads leave the property out.
                pub(crate) const REQUIRED: bool = false;

                /// It may be null.
                pub(crate) const NULLABLE: bool = true;

                /// Reads the value of the field at `index` into `slot` with the codec `C`.
                #[inline(always)]
                pub(crate) fn read<'de, A: MapAccess<'de>, T, C: Codec<T>>(
                    map: &mut A,
                    slot: &mut Option<T>,
                    reading: &mut Reading<'_>,
                    index: u32,
                ) -> Result<(), A::Error> {
                    optional::read::<A, T, C>(map, slot, reading, index)
                }
            }
        }
    });
    quote! {
        //! Support for the generated (de)serializers. Not part of the public API.
        #![cfg_attr(rustfmt, rustfmt::skip)]

        use std::borrow::Cow;
        use std::fmt;

        use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, Visitor};
        use serde::ser::SerializeMap;
        use serde::{Deserialize, Deserializer, Serialize};

        /// An object key, borrowed from the input when it can be.
        pub(crate) struct Key<'de>(Cow<'de, str>);

        impl<'de> Key<'de> {
            pub(crate) fn as_str(&self) -> &str {
                &self.0
            }

            pub(crate) fn into_string(self) -> String {
                self.0.into_owned()
            }
        }

        impl<'de> Deserialize<'de> for Key<'de> {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct KeyVisitor;

                impl<'de> Visitor<'de> for KeyVisitor {
                    type Value = Key<'de>;

                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("a string")
                    }

                    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                        Ok(Key(Cow::Borrowed(v)))
                    }

                    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                        Ok(Key(Cow::Owned(v.to_owned())))
                    }

                    fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                        Ok(Key(Cow::Owned(v)))
                    }
                }

                deserializer.deserialize_str(KeyVisitor)
            }
        }

        /// How a field's value is read and written: [`Plain`] serde for most types, or a faster
        /// or more faithful way for some.
        pub(crate) trait Codec<T> {
            /// Reads the value of the entry whose key was just read.
            fn read<'de, A: MapAccess<'de>>(map: &mut A) -> Result<T, A::Error>;

            /// Reads the value of the entry whose key was just read into `slot`, which holds a
            /// placeholder (a struct is read where it lies).
            #[inline(always)]
            fn read_into<'de, A: MapAccess<'de>>(map: &mut A, slot: &mut T) -> Result<(), A::Error> {
                *slot = Self::read(map)?;
                Ok(())
            }

            /// Writes the entry `key`: `value` (with the type's own `Serialize`, unless the codec
            /// writes it otherwise).
            fn write<M: SerializeMap>(map: &mut M, key: &'static str, value: &T) -> Result<(), M::Error>
            where
                T: Serialize,
            {
                map.serialize_entry(key, value)
            }

            /// Appends the value as JSON to `out` (what `write` writes through serde_json).
            fn write_json(out: &mut Vec<u8>, value: &T) -> serde_json::Result<()>;
        }

        /// The type's own `Deserialize` and `Serialize`.
        pub(crate) struct Plain;

        impl<T: DeserializeOwned + Serialize> Codec<T> for Plain {
            fn read<'de, A: MapAccess<'de>>(map: &mut A) -> Result<T, A::Error> {
                map.next_value()
            }

            fn write_json(out: &mut Vec<u8>, value: &T) -> serde_json::Result<()> {
                serde_json::to_writer(out, value)
            }
        }

        /// UUIDs: the hyphenated form read straight (other forms, and the errors, as the uuid
        /// crate reads them); written straight as their hyphenated lowercase text.
        pub(crate) struct Id;

        impl Codec<uuid::Uuid> for Id {
            fn read<'de, A: MapAccess<'de>>(map: &mut A) -> Result<uuid::Uuid, A::Error> {
                map.next_value_seed(UuidSeed)
            }

            fn write_json(out: &mut Vec<u8>, value: &uuid::Uuid) -> serde_json::Result<()> {
                let mut buf = uuid::Uuid::encode_buffer();
                out.push(b'"');
                out.extend_from_slice(value.hyphenated().encode_lower(&mut buf).as_bytes());
                out.push(b'"');
                Ok(())
            }
        }

        /// Reads a UUID as the uuid crate's `Deserialize` does, the hyphenated text faster.
        struct UuidSeed;

        impl<'de> DeserializeSeed<'de> for UuidSeed {
            type Value = uuid::Uuid;

            fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<uuid::Uuid, D::Error> {
                if deserializer.is_human_readable() {
                    deserializer.deserialize_str(UuidVisitor)
                } else {
                    uuid::Uuid::deserialize(deserializer)
                }
            }
        }

        struct UuidVisitor;

        impl Visitor<'_> for UuidVisitor {
            type Value = uuid::Uuid;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // The uuid crate's words, so that errors read the same.
                f.write_str("a formatted UUID string")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<uuid::Uuid, E> {
                match hyphenated_uuid(v.as_bytes()) {
                    Some(id) => Ok(id),
                    None => v.parse().map_err(uuid_error),
                }
            }

            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<uuid::Uuid, E> {
                uuid::Uuid::from_slice(v).map_err(uuid_error)
            }
        }

        /// The uuid crate's error, in the words of its `Deserialize`.
        fn uuid_error<E: de::Error>(e: uuid::Error) -> E {
            E::custom(format_args!("UUID parsing failed: {e}"))
        }

        /// The UUID `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (either case), if `text` is one.
        fn hyphenated_uuid(text: &[u8]) -> Option<uuid::Uuid> {
            let text: &[u8; 36] = text.try_into().ok()?;
            if text[8] != b'-' || text[13] != b'-' || text[18] != b'-' || text[23] != b'-' {
                return None;
            }
            let eight = |at: usize| u64::from_le_bytes([
                text[at], text[at + 1], text[at + 2], text[at + 3],
                text[at + 4], text[at + 5], text[at + 6], text[at + 7],
            ]);
            let four = |at: usize| u64::from(u32::from_le_bytes([text[at], text[at + 1], text[at + 2], text[at + 3]]));
            let words = [eight(0), four(9) | (four(14) << 32), four(19) | (four(24) << 32), eight(28)];
            let mut bytes = [0u8; 16];
            for (out, word) in bytes.chunks_exact_mut(4).zip(words) {
                out.copy_from_slice(&hex_word(word)?.to_le_bytes());
            }
            Some(uuid::Uuid::from_bytes(bytes))
        }

        /// `0x01` in every byte of a `u64`: the eight-bytes-at-a-time readers' unit.
        const ONES: u64 = 0x0101_0101_0101_0101;
        /// The high bit of every byte.
        const HIGH: u64 = ONES * 0x80;

        /// The high bit of each byte of `w` that lies in `lo..=hi` (both below 0x80).
        #[inline(always)]
        fn lanes_within(w: u64, lo: u8, hi: u8) -> u64 {
            // Below 0x80, a byte plus `0x80 - lo` reaches 0x80 from `lo` up, and plus
            // `0x7f - hi` from past `hi` up; no sum carries into the next byte. A byte from 0x80
            // up is in no range.
            let low = w & !HIGH;
            (low + ONES * u64::from(0x80 - lo)) & !(low + ONES * u64::from(0x7f - hi)) & !w & HIGH
        }

        /// The four bytes eight ASCII hex digits (either case; the first digit in the lowest
        /// byte) spell, eight at a time in one `u64`; `None` if any byte is not a hex digit.
        #[inline(always)]
        fn hex_word(word: u64) -> Option<u32> {
            let digit = lanes_within(word, b'0', b'9');
            let letter = lanes_within(word | (ONES * 0x20), b'a', b'f');
            if digit | letter != HIGH {
                return None;
            }
            // A digit's value is its low nibble; a letter's, its low nibble plus 9.
            let nibbles = (word & (ONES * 0x0f)) + (letter >> 7) * 9;
            // Pairs of nibbles to bytes (first nibble high), then the bytes side by side.
            let pairs = ((nibbles & 0x000f_000f_000f_000f) << 4) | ((nibbles & 0x0f00_0f00_0f00_0f00) >> 8);
            let quads = (pairs | (pairs >> 8)) & 0x0000_ffff_0000_ffff;
            Some((quads | (quads >> 16)) as u32)
        }

        /// Appends `,` unless `first`, then the key `"key":` (`quoted` when it needs no escaping).
        pub(crate) fn write_key(out: &mut Vec<u8>, first: &mut bool, key: &str, quoted: Option<&str>) -> serde_json::Result<()> {
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
        pub(crate) fn write_extra(out: &mut Vec<u8>, first: &mut bool, extra: &serde_json::Map<String, serde_json::Value>) -> serde_json::Result<()> {
            for (key, value) in extra {
                write_key(out, first, key, None)?;
                serde_json::to_writer(&mut *out, value)?;
            }
            Ok(())
        }

        /// Reads the value of property `name` of `owner` into `slot` with the codec `C`: an error
        /// names both. (Not inlined, like the other readers: one copy serves every struct.)
        #[inline(never)]
        pub(crate) fn field<'de, A: MapAccess<'de>, T, C: Codec<T>>(
            map: &mut A,
            slot: &mut Option<T>,
            owner: &str,
            name: &str,
        ) -> Result<(), A::Error> {
            if slot.is_some() {
                return Err(duplicate(owner, name));
            }
            *slot = Some(read_value::<A, T, C>(map, owner, name)?);
            Ok(())
        }

        /// The error for a property that came twice.
        pub(crate) fn duplicate<E: de::Error>(owner: &str, name: &str) -> E {
            E::custom(format_args!("duplicate property `{name}` in {owner}"))
        }

        /// The value of property `name` of `owner`, read with the codec `C`: an error names both.
        /// (Inlined into the two readers, which are not: no extra move of the value.)
        #[inline(always)]
        pub(crate) fn read_value<'de, A: MapAccess<'de>, T, C: Codec<T>>(
            map: &mut A,
            owner: &str,
            name: &str,
        ) -> Result<T, A::Error> {
            C::read(map).map_err(|e| de::Error::custom(format_args!("property `{name}` of {owner}: {e}")))
        }

        /// Keeps the entry `key`, a property the docs do not list, in `extra`.
        #[inline(never)]
        pub(crate) fn extra<'de, A: MapAccess<'de>>(
            map: &mut A,
            extra: &mut serde_json::Map<String, serde_json::Value>,
            key: Key<'de>,
        ) -> Result<(), A::Error> {
            let value = map.next_value()?;
            extra.insert(key.into_string(), value);
            Ok(())
        }

        /// An object read from any deserializer and written back as JSON text, its entries in
        /// order and duplicates kept, so that `SeamEvent`'s `Deserialize` judges it as
        /// `SeamEvent::from_slice` judges the same text.
        pub(crate) struct ObjectText(pub(crate) String);

        impl<'de> Deserialize<'de> for ObjectText {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct TextVisitor;

                impl<'de> Visitor<'de> for TextVisitor {
                    type Value = ObjectText;

                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("a Seam event object")
                    }

                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ObjectText, A::Error> {
                        let mut out = Vec::from(*b"{");
                        let mut first = true;
                        while let Some(key) = map.next_key::<Key<'de>>()? {
                            write_key(&mut out, &mut first, key.as_str(), None).map_err(de::Error::custom)?;
                            map.next_value_seed(Transcribe(&mut out))?;
                        }
                        out.push(b'}');
                        String::from_utf8(out).map(ObjectText).map_err(de::Error::custom)
                    }
                }

                deserializer.deserialize_map(TextVisitor)
            }
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

        /// A common property of an event kept whole (`event_id`, ...), if present and of its
        /// type.
        pub(crate) fn envelope<T: std::str::FromStr>(properties: &serde_json::Map<String, serde_json::Value>, name: &str) -> Option<T> {
            properties.get(name)?.as_str()?.parse().ok()
        }

        /// Reads all of `json`, an object, with `visitor`.
        pub(crate) fn read_object<'de, V: Visitor<'de>>(json: &'de str, visitor: V) -> Result<V::Value, serde_json::Error> {
            let mut deserializer = serde_json::Deserializer::from_str(json);
            let value = deserializer.deserialize_map(visitor)?;
            deserializer.end()?;
            Ok(value)
        }

        /// The `event_type` of the object `json`, read exactly (in order, nested objects skipped).
        pub(crate) fn top_level_event_type(json: &str) -> Result<String, serde_json::Error> {
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
                            let value: Key<'de> = map
                                .next_value()
                                .map_err(|e| de::Error::custom(format_args!("property `event_type`: {e}")))?;
                            tag.get_or_insert(value.into_string());
                        } else {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                    }
                    tag.ok_or_else(|| de::Error::custom("missing property `event_type`: every Seam event has one"))
                }
            }

            read_object(json, TagVisitor)
        }

        /// The error for a required property that did not come.
        pub(crate) fn missing<E: de::Error>(owner: &str, name: &str) -> E {
            E::custom(format_args!("missing property `{name}` of {owner}"))
        }

        /// The value of a required property, or an error naming it.
        pub(crate) fn required<T, E: de::Error>(slot: Option<T>, owner: &str, name: &str) -> Result<T, E> {
            slot.ok_or_else(|| missing(owner, name))
        }

        /// Reads `event_type` and checks that it is `expected`.
        #[inline(never)]
        pub(crate) fn event_type<'de, A: MapAccess<'de>>(
            map: &mut A,
            seen: &mut bool,
            expected: &str,
        ) -> Result<(), A::Error> {
            if std::mem::replace(seen, true) {
                return Err(de::Error::custom(format_args!("duplicate property `event_type` in `{expected}` event")));
            }
            let found: Key<'de> = map
                .next_value()
                .map_err(|e| de::Error::custom(format_args!("property `event_type`: {e}")))?;
            if found.as_str() == expected {
                Ok(())
            } else {
                Err(de::Error::custom(format_args!(
                    "property `event_type` is `{}`, expected `{expected}`",
                    found.as_str()
                )))
            }
        }

        /// The next key of an object.
        #[inline]
        pub(crate) fn next_key<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<Key<'de>>, A::Error> {
            map.next_key()
        }

        /// What a field's presence (`required` or `optional`, as the `object!` macro is told)
        /// means for reading and writing it.
        pub(crate) mod presence {
            use super::{Codec, MapAccess, Placeholder, Reading};

            /// A property every payload carries: its field holds a placeholder until read.
            #[allow(non_camel_case_types, reason = "named as the macros' keyword")]
            pub(crate) struct required;

            impl required {
                pub(crate) fn get<T>(value: &T) -> Option<&T> {
                    Some(value)
                }

                pub(crate) fn placeholder<T: Placeholder>() -> T {
                    T::placeholder()
                }

                /// Every payload has the property.
                pub(crate) const REQUIRED: bool = true;

                /// It is never null.
                pub(crate) const NULLABLE: bool = false;

                /// Reads the value of the field at `index` into `slot` with the codec `C`.
                #[inline(always)]
                pub(crate) fn read<'de, A: MapAccess<'de>, T, C: Codec<T>>(
                    map: &mut A,
                    slot: &mut T,
                    reading: &mut Reading<'_>,
                    index: u32,
                ) -> Result<(), A::Error> {
                    let i = index as usize;
                    if reading.seen[i] {
                        return Err(reading.duplicate(index));
                    }
                    C::read_into(map, slot).map_err(|e| reading.value_error(index, e))?;
                    reading.seen[i] = true;
                    reading.required += 1;
                    Ok(())
                }
            }

            /// A property some payloads leave out: its field is an `Option`.
            #[allow(non_camel_case_types, reason = "named as the macros' keyword")]
            pub(crate) struct optional;

            impl optional {
                pub(crate) fn get<T>(value: &Option<T>) -> Option<&T> {
                    value.as_ref()
                }

                pub(crate) fn placeholder<T>() -> Option<T> {
                    None
                }

                /// Some payloads leave the property out.
                pub(crate) const REQUIRED: bool = false;

                /// It is never null.
                pub(crate) const NULLABLE: bool = false;

                /// Reads the value of the field at `index` into `slot` with the codec `C`.
                #[inline(always)]
                pub(crate) fn read<'de, A: MapAccess<'de>, T, C: Codec<T>>(
                    map: &mut A,
                    slot: &mut Option<T>,
                    reading: &mut Reading<'_>,
                    index: u32,
                ) -> Result<(), A::Error> {
                    if slot.is_some() {
                        return Err(reading.duplicate(index));
                    }
                    *slot = Some(C::read(map).map_err(|e| reading.value_error(index, e))?);
                    Ok(())
                }
            }

            #required_nullable
            #optional_nullable
        }

        /// The value a required field holds until it is read. Nobody sees it: a payload
        /// without the property is an error.
        pub(crate) trait Placeholder {
            fn placeholder() -> Self;
        }

        impl Placeholder for String {
            fn placeholder() -> Self {
                String::new()
            }
        }

        impl Placeholder for bool {
            fn placeholder() -> Self {
                false
            }
        }

        impl Placeholder for f64 {
            fn placeholder() -> Self {
                0.0
            }
        }

        impl Placeholder for i64 {
            fn placeholder() -> Self {
                0
            }
        }

        impl Placeholder for uuid::Uuid {
            fn placeholder() -> Self {
                uuid::Uuid::nil()
            }
        }

        impl Placeholder for chrono::DateTime<chrono::Utc> {
            fn placeholder() -> Self {
                chrono::DateTime::UNIX_EPOCH
            }
        }

        impl Placeholder for serde_json::Value {
            fn placeholder() -> Self {
                serde_json::Value::Null
            }
        }

        impl Placeholder for serde_json::Map<String, serde_json::Value> {
            fn placeholder() -> Self {
                serde_json::Map::new()
            }
        }

        impl<T> Placeholder for Option<T> {
            fn placeholder() -> Self {
                None
            }
        }
        impl<T> Placeholder for Vec<T> {
            fn placeholder() -> Self {
                Vec::new()
            }
        }

        /// What reading a struct needs to know of it: each struct has one, as a constant.
        pub(crate) struct Info {
            /// The struct in errors, such as "`lock.unlocked` event".
            pub(crate) owner: &'static str,
            /// An event's `event_type`.
            pub(crate) event_type: Option<&'static str>,
            /// Every listed property, in the order of the struct's fields.
            pub(crate) fields: &'static [FieldInfo],
            /// How many of them every payload has.
            pub(crate) required: usize,
        }

        /// A listed property of a struct.
        pub(crate) struct FieldInfo {
            /// Its JSON name.
            pub(crate) name: &'static str,
            /// Whether every payload has it.
            pub(crate) required: bool,
            /// Whether it may be null.
            #[cfg_attr(not(feature = "schemars"), allow(dead_code, reason = "read by the JSON Schema support"))]
            pub(crate) nullable: bool,
            /// `"name":`, when JSON writes the name as it is (no character to escape).
            pub(crate) quoted: Option<&'static str>,
        }

        /// How many of `fields` every payload has.
        pub(crate) const fn count_required(fields: &[FieldInfo]) -> usize {
            let (mut count, mut i) = (0, 0);
            while i < fields.len() {
                count += fields[i].required as usize;
                i += 1;
            }
            count
        }

        /// A struct of the crate's, as the shared reader and writers take it.
        pub(crate) trait Shape: Object + Placeholder {
            /// What reading the struct needs to know of it.
            fn info() -> &'static Info;

            /// Appends the struct to `out` as JSON.
            fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()>;
        }

        /// A struct's `Deserialize`: a placeholder, read where it lies.
        pub(crate) fn deserialize_shape<'de, T: Shape, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
            let mut value = T::placeholder();
            deserializer.deserialize_map(InPlace { object: &mut value, info: T::info(), tagged: false })?;
            Ok(value)
        }

        /// How many fields' flags [`InPlace`] keeps on the stack (a struct with more has them on
        /// the heap).
        const STACK_FLAGS: usize = 64;

        /// Reads a map's entries into a struct where it lies, its required fields placeholders
        /// until then: the serde visitor (and seed) of every struct, an event or a nested object,
        /// so that serde's reading code is instantiated once for all of them.
        pub(crate) struct InPlace<'a> {
            /// The struct.
            pub(crate) object: &'a mut dyn Object,
            /// The struct's [`Info`].
            pub(crate) info: &'static Info,
            /// Whether an event's `event_type` must come (a tagged enum removes it before the
            /// struct's own `Deserialize` reads the rest).
            pub(crate) tagged: bool,
        }

        impl<'de> Visitor<'de> for InPlace<'_> {
            type Value = ();

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "the {}", self.info.owner)
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
                let count = self.info.fields.len();
                let mut flags = [false; STACK_FLAGS];
                match flags.get_mut(..count) {
                    Some(seen) => visit_object(map, self.object, self.info, seen, self.tagged),
                    None => visit_object(map, self.object, self.info, &mut vec![false; count], self.tagged),
                }
            }
        }

        impl<'de> DeserializeSeed<'de> for InPlace<'_> {
            type Value = ();

            fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
                deserializer.deserialize_map(self)
            }
        }

        /// A struct, as [`visit_object`] reads it: where the value of each entry goes.
        pub(crate) trait Object {
            /// The field of the property `key`, or `extra` for a property the struct does not list.
            fn slot(&mut self, key: &str) -> crate::slots::Slot<'_>;
        }

        /// Reads an object's entries into `object`, whose `info` it is: every listed property once
        /// (`seen` has a flag per field), unlisted ones kept, and an event's `event_type` checked
        /// (`tagged`: it must come). The one loop every struct shares; each struct only says where
        /// a property goes, so that its code is small (a loop per struct was over half of the
        /// crate's compile time in release builds).
        #[inline(never)]
        pub(crate) fn visit_object<'de, A: MapAccess<'de>>(
            mut map: A,
            object: &mut dyn Object,
            info: &'static Info,
            seen: &mut [bool],
            tagged: bool,
        ) -> Result<(), A::Error> {
            let mut reading = Reading { info, seen, required: 0, tag_seen: false };
            while let Some(key) = next_key(&mut map)? {
                object.slot(key.as_str()).read(&mut map, key, &mut reading)?;
            }
            if let (true, Some(expected), false) = (tagged, info.event_type, reading.tag_seen) {
                return Err(de::Error::custom(format_args!(
                    "missing property `event_type` of `{expected}` event"
                )));
            }
            if reading.required != info.required {
                return Err(reading.missing());
            }
            Ok(())
        }

        /// Reading one object: its struct's [`Info`], which fields came (and how many of the
        /// required ones), and whether its `event_type` did.
        pub(crate) struct Reading<'a> {
            info: &'static Info,
            seen: &'a mut [bool],
            required: usize,
            tag_seen: bool,
        }

        impl Reading<'_> {
            /// The struct and the name of the property at `index`, for an error.
            fn names(&self, index: u32) -> (&'static str, &'static str) {
                let name = self.info.fields.get(index as usize).map_or("", |f| f.name);
                (self.info.owner, name)
            }

            /// The error for the property at `index`, which came twice.
            #[cold]
            fn duplicate<E: de::Error>(&self, index: u32) -> E {
                let (owner, name) = self.names(index);
                duplicate(owner, name)
            }

            /// The error `e` of reading the value of the property at `index`, naming it.
            #[cold]
            fn value_error<E: de::Error>(&self, index: u32, e: E) -> E {
                let (owner, name) = self.names(index);
                de::Error::custom(format_args!("property `{name}` of {owner}: {e}"))
            }

            /// The error for the first required property that did not come.
            #[cold]
            fn missing<E: de::Error>(&self) -> E {
                let mut fields = self.info.fields.iter().zip(self.seen.iter());
                let first = fields.find(|(field, seen)| field.required && !**seen);
                missing(self.info.owner, first.map_or("", |(field, _)| field.name))
            }

            /// Reads the entry `key`, a property the struct does not list: an event's `event_type`,
            /// checked, or another one, kept in `extra`.
            #[inline(always)]
            pub(crate) fn unlisted<'de, A: MapAccess<'de>>(
                &mut self,
                map: &mut A,
                extra: &mut serde_json::Map<String, serde_json::Value>,
                key: Key<'de>,
            ) -> Result<(), A::Error> {
                match self.info.event_type {
                    Some(expected) if key.as_str() == "event_type" => event_type(map, &mut self.tag_seen, expected),
                    _ => self::extra(map, extra, key),
                }
            }
        }

        /// Writes an object as JSON (a struct's `write_json`): an event's `event_type` first,
        /// then `fields`, then `extra`. One writer for every struct.
        #[inline(never)]
        pub(crate) fn write_object(
            out: &mut Vec<u8>,
            info: &Info,
            fields: &[crate::slots::FieldRef<'_>],
            extra: &serde_json::Map<String, serde_json::Value>,
        ) -> serde_json::Result<()> {
            let mut writer = JsonWriter::new(out);
            if let Some(event_type) = info.event_type {
                writer.tag(event_type);
            }
            walk(&mut writer, info, fields);
            writer.end(extra)
        }

        /// Serializes an object as a map (a struct's `Serialize`), in the order
        /// [`write_object`] writes it. One serializer for every struct.
        pub(crate) fn serialize_object<S: serde::Serializer>(
            serializer: S,
            info: &Info,
            fields: &[crate::slots::FieldRef<'_>],
            extra: &serde_json::Map<String, serde_json::Value>,
        ) -> Result<S::Ok, S::Error> {
            let mut map = MapWriter::new(serializer)?;
            if let Some(event_type) = info.event_type {
                map.tag(event_type);
            }
            walk(&mut map, info, fields);
            map.end(extra)
        }

        /// Hands each of an object's fields, with its property, to `to`.
        fn walk<F: Fields>(to: &mut F, info: &Info, fields: &[crate::slots::FieldRef<'_>]) {
            for (field, value) in info.fields.iter().zip(fields) {
                value.walk(to, field);
            }
        }

        /// Where an object's listed properties go, in order: the JSON writer behind
        /// [`write_object`], or [`MapWriter`] behind [`serialize_object`].
        pub(crate) trait Fields {
            /// Takes the entry `key`: `value` with the codec `C`, if `value` is present
            /// (`quoted` is `"key":` when the key needs no escaping).
            fn field<C: Codec<T>, T: Serialize>(&mut self, key: &'static str, quoted: Option<&'static str>, value: Option<&T>);
        }

        /// Writes an object as JSON, field by field; the first error stops the writing and is
        /// returned by [`JsonWriter::end`].
        pub(crate) struct JsonWriter<'a> {
            out: &'a mut Vec<u8>,
            first: bool,
            error: Option<serde_json::Error>,
        }

        impl<'a> JsonWriter<'a> {
            pub(crate) fn new(out: &'a mut Vec<u8>) -> Self {
                out.push(b'{');
                JsonWriter { out, first: true, error: None }
            }

            /// Appends an event's `"event_type":"..."`, the first entry (an event type has no
            /// character JSON escapes).
            pub(crate) fn tag(&mut self, event_type: &str) {
                self.out.extend_from_slice(b"\"event_type\":\"");
                self.out.extend_from_slice(event_type.as_bytes());
                self.out.push(b'"');
                self.first = false;
            }

            /// Appends the properties the docs do not list and closes the object.
            pub(crate) fn end(mut self, extra: &serde_json::Map<String, serde_json::Value>) -> serde_json::Result<()> {
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
            fn field<C: Codec<T>, T: Serialize>(&mut self, key: &'static str, quoted: Option<&'static str>, value: Option<&T>) {
                let (None, Some(value)) = (&self.error, value) else { return };
                let written = write_key(self.out, &mut self.first, key, quoted).and_then(|()| C::write_json(self.out, value));
                if let Err(e) = written {
                    self.error = Some(e);
                }
            }
        }

        /// Serializes an object through any serde serializer, as a map; the first error stops
        /// the writing and is returned by [`MapWriter::end`].
        pub(crate) struct MapWriter<M: SerializeMap> {
            map: M,
            error: Option<M::Error>,
        }

        impl<M: SerializeMap> MapWriter<M> {
            pub(crate) fn new<S: serde::Serializer<SerializeMap = M>>(serializer: S) -> Result<Self, S::Error> {
                Ok(MapWriter { map: serializer.serialize_map(None)?, error: None })
            }

            /// Serializes an event's `event_type` entry, written first.
            pub(crate) fn tag(&mut self, event_type: &'static str) {
                if let Err(e) = self.map.serialize_entry("event_type", event_type) {
                    self.error = Some(e);
                }
            }

            /// Serializes the properties the docs do not list and ends the map.
            pub(crate) fn end(mut self, extra: &serde_json::Map<String, serde_json::Value>) -> Result<M::Ok, M::Error> {
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
            fn field<C: Codec<T>, T: Serialize>(&mut self, key: &'static str, _: Option<&'static str>, value: Option<&T>) {
                let (None, Some(value)) = (&self.error, value) else { return };
                if let Err(e) = C::write(&mut self.map, key, value) {
                    self.error = Some(e);
                }
            }
        }

        #number
        #numbers
        #timestamp
        #object
        #objects

        /// A quick guess at a payload's `event_type`: the string after the first `"event_type":`.
        /// The parse checks the guess (a nested `event_type` can fool it) and falls back to
        /// [`top_level_event_type`].
        pub(crate) fn find_event_type(json: &str) -> Option<&str> {
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
                            // Both ends are next to an ASCII quote: char boundaries.
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
        pub(crate) const fn type_hash(text: &[u8]) -> usize {
            const K: u64 = 0x9e37_79b9_7f4a_7c15;
            let mut hash = text.len() as u64;
            let mut rest = text;
            while let Some((word, tail)) = rest.split_first_chunk::<8>() {
                hash = (hash ^ u64::from_le_bytes(*word)).wrapping_mul(K).rotate_left(29);
                rest = tail;
            }
            // What is left: the last eight bytes (some hashed already) or, for a short text,
            // its bytes one by one.
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
        pub(crate) const fn type_table<const SLOTS: usize>(types: &[&str]) -> [u16; SLOTS] {
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
        pub(crate) fn type_index<const SLOTS: usize>(
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

        #[cfg(feature = "schemars")]
        pub(crate) mod schema {
            //! JSON Schema support: the `event_type` constant the structs do not store.

            /// Adds the `event_type` constant to an event struct's schema.
            pub(crate) struct EventTypeConst(pub(crate) &'static str);

            /// Makes a struct's schema say what its fields' presence says: `required` lists the
            /// properties every payload carries (schemars would leave out every `Option`), and
            /// only a property that may be null admits `null` (schemars admits it for every
            /// `Option`).
            pub(crate) struct Presence(pub(crate) &'static [super::FieldInfo]);

            impl schemars::transform::Transform for Presence {
                fn transform(&mut self, schema: &mut schemars::Schema) {
                    let Some(object) = schema.as_object_mut() else { return };
                    if let Some(serde_json::Value::Object(properties)) = object.get_mut("properties") {
                        for field in self.0.iter().filter(|f| !f.nullable) {
                            if let Some(property) = properties.get_mut(field.name) {
                                not_null(property);
                            }
                        }
                    }
                    let required: Vec<serde_json::Value> = self
                        .0
                        .iter()
                        .filter(|f| f.required)
                        .map(|f| f.name.into())
                        .collect();
                    object.insert("required".into(), required.into());
                }
            }

            /// `schema` without the `null` schemars adds for an `Option`: out of its `type`, or
            /// out of the `anyOf` of a referenced type and `null`.
            fn not_null(schema: &mut serde_json::Value) {
                let Some(object) = schema.as_object_mut() else { return };
                if let Some(serde_json::Value::Array(types)) = object.get_mut("type") {
                    types.retain(|t| t != "null");
                    if let [single] = types.as_slice() {
                        let single = single.clone();
                        object.insert("type".into(), single);
                    }
                }
                if let Some(serde_json::Value::Array(values)) = object.get_mut("enum") {
                    values.retain(|v| !v.is_null());
                }
                if let Some(serde_json::Value::Array(options)) = object.get("anyOf") {
                    let rest: Vec<serde_json::Value> = options
                        .iter()
                        .filter(|o| o.get("type").and_then(serde_json::Value::as_str) != Some("null"))
                        .cloned()
                        .collect();
                    if let [single] = rest.as_slice() {
                        let single = single.clone();
                        object.remove("anyOf");
                        if let serde_json::Value::Object(inner) = single {
                            for (key, value) in inner {
                                object.entry(key).or_insert(value);
                            }
                        }
                    }
                }
            }

            impl schemars::transform::Transform for EventTypeConst {
                fn transform(&mut self, schema: &mut schemars::Schema) {
                    let Some(object) = schema.as_object_mut() else { return };
                    if let Some(serde_json::Value::Object(properties)) = object.get_mut("properties") {
                        properties.insert(
                            "event_type".into(),
                            serde_json::json!({ "type": "string", "const": self.0 }),
                        );
                    }
                    let required = object.entry("required").or_insert_with(|| serde_json::json!([]));
                    if let serde_json::Value::Array(names) = required {
                        names.push("event_type".into());
                        names.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
                    }
                }
            }
        }
    }
}

fn number_tokens() -> TokenStream {
    quote! {
        /// Writes an `f64` that holds a whole number as an integer, so that `0` stays `0`.
        pub(crate) struct Num(pub(crate) f64);

        impl serde::Serialize for Num {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                const EXACT: f64 = 9_007_199_254_740_992.0;
                let v = self.0;
                if v.fract() == 0.0 && v.abs() < EXACT {
                    // Whole and exactly representable: the cast loses nothing.
                    serializer.serialize_i64(v as i64)
                } else {
                    serializer.serialize_f64(v)
                }
            }
        }

        impl Codec<f64> for Num {
            fn read<'de, A: MapAccess<'de>>(map: &mut A) -> Result<f64, A::Error> {
                map.next_value()
            }

            fn write<M: SerializeMap>(map: &mut M, key: &'static str, value: &f64) -> Result<(), M::Error> {
                map.serialize_entry(key, &Num(*value))
            }

            fn write_json(out: &mut Vec<u8>, value: &f64) -> serde_json::Result<()> {
                serde_json::to_writer(out, &Num(*value))
            }
        }
    }
}

fn object_tokens() -> TokenStream {
    quote! {
        /// Nested objects (a struct of the crate's): read where they lie by the shared loop,
        /// written by the shared writer.
        pub(crate) struct Obj;

        impl<T: Shape + Serialize> Codec<T> for Obj {
            fn read<'de, A: MapAccess<'de>>(map: &mut A) -> Result<T, A::Error> {
                let mut value = T::placeholder();
                Self::read_into(map, &mut value)?;
                Ok(value)
            }

            #[inline(always)]
            fn read_into<'de, A: MapAccess<'de>>(map: &mut A, slot: &mut T) -> Result<(), A::Error> {
                map.next_value_seed(InPlace { object: slot, info: T::info(), tagged: false })
            }

            fn write_json(out: &mut Vec<u8>, value: &T) -> serde_json::Result<()> {
                value.write_json(out)
            }
        }
    }
}

fn objects_tokens() -> TokenStream {
    quote! {
        /// Lists of nested objects: each element read where it lies by the shared loop (serde's
        /// reading of a list instantiated once for every struct), written by the shared writer.
        pub(crate) struct Objs;

        impl<T: Shape + Serialize> Codec<Vec<T>> for Objs {
            fn read<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Vec<T>, A::Error> {
                let mut list = Vec::new();
                map.next_value_seed(EachInPlace(&mut list))?;
                Ok(list)
            }

            fn write_json(out: &mut Vec<u8>, value: &Vec<T>) -> serde_json::Result<()> {
                out.push(b'[');
                for (i, item) in value.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    item.write_json(out)?;
                }
                out.push(b']');
                Ok(())
            }
        }

        /// A list of structs, as [`EachInPlace`] reads it.
        pub(crate) trait Elements {
            /// Makes a placeholder element, hands it to `read` and appends it if `read` filled
            /// it (returns `true`).
            fn read_element(&mut self, read: &mut dyn FnMut(&mut dyn Object, &'static Info) -> bool);
        }

        impl<T: Shape> Elements for Vec<T> {
            fn read_element(&mut self, read: &mut dyn FnMut(&mut dyn Object, &'static Info) -> bool) {
                let mut element = T::placeholder();
                if read(&mut element, T::info()) {
                    self.push(element);
                }
            }
        }

        /// Reads a list's elements, each a struct, with [`InPlace`]: the serde visitor (and
        /// seed) of every list of structs.
        pub(crate) struct EachInPlace<'a>(pub(crate) &'a mut dyn Elements);

        impl<'de> Visitor<'de> for EachInPlace<'_> {
            type Value = ();

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a sequence")
            }

            fn visit_seq<S: de::SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
                // Whether an element was read: the list goes on until none is, or an error.
                let mut read = Ok(true);
                while let Ok(true) = read {
                    self.0.read_element(&mut |object, info| {
                        read = seq.next_element_seed(InPlace { object, info, tagged: false }).map(|e| e.is_some());
                        matches!(read, Ok(true))
                    });
                }
                read.map(|_| ())
            }
        }

        impl<'de> DeserializeSeed<'de> for EachInPlace<'_> {
            type Value = ();

            fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
                deserializer.deserialize_seq(self)
            }
        }
    }
}

fn numbers_tokens() -> TokenStream {
    quote! {
        /// [`Num`] for each number of a list.
        pub(crate) struct Nums<'a>(pub(crate) &'a [f64]);

        impl serde::Serialize for Nums<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.iter().map(|v| Num(*v)))
            }
        }

        impl Codec<Vec<f64>> for Nums<'_> {
            fn read<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Vec<f64>, A::Error> {
                map.next_value()
            }

            fn write<M: SerializeMap>(map: &mut M, key: &'static str, value: &Vec<f64>) -> Result<(), M::Error> {
                map.serialize_entry(key, &Nums(value))
            }

            fn write_json(out: &mut Vec<u8>, value: &Vec<f64>) -> serde_json::Result<()> {
                serde_json::to_writer(out, &Nums(value))
            }
        }
    }
}

fn timestamp_tokens() -> TokenStream {
    quote! {
        /// A date-time read from RFC 3339 text straight into chrono's type, without chrono's
        /// general-purpose parser (which is kept as the fallback for unusual forms).
        pub(crate) struct Timestamp(pub(crate) chrono::DateTime<chrono::Utc>);

        impl<'de> Deserialize<'de> for Timestamp {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct TimestampVisitor;

                impl Visitor<'_> for TimestampVisitor {
                    type Value = Timestamp;

                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("an RFC 3339 date-time such as 2025-01-01T00:00:00.000Z")
                    }

                    fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                        rfc3339(v)
                            .or_else(|| v.parse().ok())
                            .map(Timestamp)
                            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
                    }
                }

                deserializer.deserialize_str(TimestampVisitor)
            }
        }

        /// Date-times: read by [`Timestamp`], written by [`Ts`].
        pub(crate) struct Time;

        impl Codec<chrono::DateTime<chrono::Utc>> for Time {
            fn read<'de, A: MapAccess<'de>>(map: &mut A) -> Result<chrono::DateTime<chrono::Utc>, A::Error> {
                map.next_value::<Timestamp>().map(|t| t.0)
            }

            fn write<M: SerializeMap>(map: &mut M, key: &'static str, value: &chrono::DateTime<chrono::Utc>) -> Result<(), M::Error> {
                map.serialize_entry(key, &Ts(value))
            }

            fn write_json(out: &mut Vec<u8>, value: &chrono::DateTime<chrono::Utc>) -> serde_json::Result<()> {
                match Ts(value).text() {
                    Some((buf, len)) => {
                        out.push(b'"');
                        out.extend_from_slice(&buf[..len]);
                        out.push(b'"');
                        Ok(())
                    }
                    None => serde_json::to_writer(out, value),
                }
            }
        }

        /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`. Eight bytes at a time: the fourteen
        /// digits and the five separators checked together, the fraction's first eight digits
        /// read at once.
        fn rfc3339(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
            let b = s.as_bytes();
            let head: &[u8; 19] = b.get(..19)?.try_into().ok()?;
            let word = |at: usize| head[at..].first_chunk::<8>().map_or(0, |w| u64::from_le_bytes(*w));
            // `YYYY-MM-`, `DDTHH:MM` and `HH:MM:SS`, first byte lowest.
            let (w0, w1, w2) = (word(0), word(8), word(11));
            let separators = (w0 & 0xff00_00ff_0000_0000) ^ 0x2d00_002d_0000_0000
                | ((w1 | 0x20_0000) & 0xff00_00ff_0000) ^ 0x3a00_0074_0000
                | (w2 & 0xff00_0000_0000) ^ 0x3a00_0000_0000;
            // The digits, gathered: `YYYYMMDD` and `HHMMSS00`.
            let date = (w0 & 0xffff_ffff) | ((w0 >> 8) & 0xffff_0000_0000) | ((w1 & 0xffff) << 48);
            let time = (w2 & 0xffff) | ((w2 >> 8) & 0xffff_0000) | ((w2 >> 16) & 0xffff_0000_0000) | (0x3030 << 48);
            if separators != 0 || lanes_within(date, b'0', b'9') != HIGH || lanes_within(time, b'0', b'9') != HIGH {
                return None;
            }
            // Each pair of digits as a number, in every other byte.
            let pairs = |w: u64| {
                let d = w - ONES * u64::from(b'0');
                (d * 10 + (d >> 8)) & 0x00ff_00ff_00ff_00ff
            };
            let (date, time) = (pairs(date), pairs(time));
            let lane = |w: u64, i: u32| (w >> (16 * i)) as u32 & 0xff;
            let year = lane(date, 0) * 100 + lane(date, 1);
            let (month, day) = (lane(date, 2), lane(date, 3));
            let (hour, minute, second) = (lane(time, 0), lane(time, 1), lane(time, 2));
            let (mut rest, mut nanos) = (&b[19..], 0u32);
            if let [b'.', fraction @ ..] = rest {
                // The first eight bytes (fewer at the end, the rest zero, read as the text's
                // last eight shifted down): how many lead with a digit, and those digits as an
                // eight-digit number with zeros after.
                let w = match (fraction.first_chunk::<8>(), b.last_chunk::<8>()) {
                    (Some(first), _) => u64::from_le_bytes(*first),
                    (None, Some(last)) => u64::from_le_bytes(*last)
                        .checked_shr(8 * (8 - fraction.len() as u32))
                        .unwrap_or(0),
                    (None, None) => return None,
                };
                let n = ((!lanes_within(w, b'0', b'9') & HIGH).trailing_zeros() / 8) as usize;
                if n == 0 {
                    return None;
                }
                let keep = if n == 8 { u64::MAX } else { (1u64 << (8 * n)) - 1 };
                let d = (w & keep).wrapping_sub(ONES * u64::from(b'0')) & keep;
                let d = d * 10 + (d >> 8);
                let d = ((d & 0x0000_00ff_0000_00ff).wrapping_mul(100 + (1_000_000 << 32))
                    + ((d >> 16) & 0x0000_00ff_0000_00ff).wrapping_mul(1 + (10_000 << 32)))
                    >> 32;
                nanos = d as u32 * 10;
                // Past eight digits: the ninth counts, those after are read and dropped, as
                // chrono drops them.
                let mut n = n;
                if n == 8 {
                    let more = fraction[8..].iter().position(|c| !c.is_ascii_digit()).unwrap_or(fraction.len() - 8);
                    if let Some(ninth) = fraction[8..][..more].first() {
                        nanos += u32::from(ninth - b'0');
                    }
                    n += more;
                }
                rest = &fraction[n..];
            }
            let offset_minutes: i64 = match *rest {
                [b'Z' | b'z'] => 0,
                [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                    // An offset under a day, as chrono's `FixedOffset` holds.
                    let (hours, minutes) = (two(h1, h2)?, two(m1, m2)?);
                    if hours > 23 || minutes > 59 {
                        return None;
                    }
                    let minutes = i64::from(hours * 60 + minutes);
                    if sign == b'+' { minutes } else { -minutes }
                }
                _ => return None,
            };
            let date = chrono::NaiveDate::from_ymd_opt(year as i32, month, day)?;
            let time = date.and_hms_nano_opt(hour, minute, second, nanos)?;
            let utc = if offset_minutes == 0 {
                time
            } else {
                time.checked_sub_signed(chrono::TimeDelta::minutes(offset_minutes))?
            };
            Some(chrono::DateTime::from_naive_utc_and_offset(utc, chrono::Utc))
        }

        /// The two-digit number the ASCII digits `high`, `low` spell.
        #[inline(always)]
        fn two(high: u8, low: u8) -> Option<u32> {
            let (high, low) = (high.wrapping_sub(b'0'), low.wrapping_sub(b'0'));
            (high < 10 && low < 10).then(|| u32::from(high) * 10 + u32::from(low))
        }

        /// Writes a date-time as RFC 3339 (`Z`, and 3, 6 or 9 fraction digits as needed), as
        /// chrono does, without its formatting machinery.
        pub(crate) struct Ts<'a>(pub(crate) &'a chrono::DateTime<chrono::Utc>);

        impl Ts<'_> {
            /// The text and its length, or `None` for a year outside 0..=9999 (or a leap
            /// second), which chrono writes.
            fn text(&self) -> Option<([u8; 30], usize)> {
                use chrono::{Datelike, Timelike};
                let t = self.0;
                let nanos = t.nanosecond();
                let year = u32::try_from(t.year()).ok()?;
                if year > 9999 || nanos >= 1_000_000_000 {
                    return None;
                }
                let mut buf = *b"0000-00-00T00:00:00.000000000Z";
                let mut put = |at: usize, width: usize, mut n: u32| {
                    for k in (at..at + width).rev() {
                        buf[k] = b'0' + (n % 10) as u8;
                        n /= 10;
                    }
                };
                put(0, 4, year);
                put(5, 2, t.month());
                put(8, 2, t.day());
                put(11, 2, t.hour());
                put(14, 2, t.minute());
                put(17, 2, t.second());
                let digits = match nanos {
                    0 => 0,
                    n if n % 1_000_000 == 0 => 3,
                    n if n % 1_000 == 0 => 6,
                    _ => 9,
                };
                put(20, 9, nanos);
                let len = if digits == 0 { 19 } else { 20 + digits };
                buf[len] = b'Z';
                Some((buf, len + 1))
            }
        }

        impl serde::Serialize for Ts<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self.text() {
                    Some((buf, len)) => {
                        let text = std::str::from_utf8(&buf[..len]).map_err(serde::ser::Error::custom)?;
                        serializer.serialize_str(text)
                    }
                    None => serde::Serialize::serialize(self.0, serializer),
                }
            }
        }
    }
}
