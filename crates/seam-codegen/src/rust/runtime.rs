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
}

/// The tokens of `src/rt.rs`.
pub fn tokens(needs: Needs) -> TokenStream {
    let number = needs.number.then(number_tokens);
    let numbers = needs.numbers.then(numbers_tokens);
    quote! {
        //! Support for the generated (de)serializers. Not part of the public API.
        #![cfg_attr(rustfmt, rustfmt::skip)]

        use std::borrow::Cow;
        use std::fmt;

        use serde::de::value::{BorrowedStrDeserializer, StrDeserializer, StringDeserializer};
        use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
        use serde::{Deserialize, Deserializer};
        use serde_json::Value;

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

        /// The entries of an event object: those read before its `event_type` (kept as values),
        /// then `event_type`, then the rest, still unread in the input. Deserializing an event
        /// through this costs no second pass over the entries after `event_type`.
        pub(crate) struct Entries<'de, A> {
            read: std::vec::IntoIter<(Key<'de>, Value)>,
            tag: Option<Key<'de>>,
            value: Pending<'de>,
            rest: A,
        }

        enum Pending<'de> {
            None,
            Value(Value),
            Tag(Key<'de>),
        }

        impl<'de, A: MapAccess<'de>> Entries<'de, A> {
            /// Every entry still in the input.
            pub(crate) fn direct(rest: A) -> Self {
                Entries { read: Vec::new().into_iter(), tag: None, value: Pending::None, rest }
            }

            /// `read` entries, then `event_type`, then the rest of the input.
            pub(crate) fn resumed(read: Vec<(Key<'de>, Value)>, tag: Key<'de>, rest: A) -> Self {
                Entries { read: read.into_iter(), tag: Some(tag), value: Pending::None, rest }
            }
        }

        impl<'de, A: MapAccess<'de>> MapAccess<'de> for Entries<'de, A> {
            type Error = A::Error;

            fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
                if let Some((key, value)) = self.read.next() {
                    self.value = Pending::Value(value);
                    return match key.0 {
                        Cow::Borrowed(k) => seed.deserialize(BorrowedStrDeserializer::<A::Error>::new(k)),
                        Cow::Owned(k) => seed.deserialize(StringDeserializer::<A::Error>::new(k)),
                    }
                    .map(Some);
                }
                if let Some(tag) = self.tag.take() {
                    self.value = Pending::Tag(tag);
                    return seed.deserialize(StrDeserializer::<A::Error>::new("event_type")).map(Some);
                }
                self.rest.next_key_seed(seed)
            }

            fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
                match std::mem::replace(&mut self.value, Pending::None) {
                    Pending::Value(value) => seed.deserialize(value).map_err(de::Error::custom),
                    Pending::Tag(Key(Cow::Borrowed(t))) => seed.deserialize(BorrowedStrDeserializer::<A::Error>::new(t)),
                    Pending::Tag(Key(Cow::Owned(t))) => seed.deserialize(StringDeserializer::<A::Error>::new(t)),
                    Pending::None => self.rest.next_value_seed(seed),
                }
            }
        }

        /// Reads the value of property `name` of `owner` into `slot`: an error names both.
        pub(crate) fn field<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
            map: &mut A,
            slot: &mut Option<T>,
            owner: &str,
            name: &str,
        ) -> Result<(), A::Error> {
            if slot.is_some() {
                return Err(de::Error::custom(format_args!("duplicate property `{name}` in {owner}")));
            }
            match map.next_value() {
                Ok(value) => {
                    *slot = Some(value);
                    Ok(())
                }
                Err(e) => Err(de::Error::custom(format_args!("property `{name}` of {owner}: {e}"))),
            }
        }

        /// The value of a required property, or an error naming it.
        pub(crate) fn required<T, E: de::Error>(slot: Option<T>, owner: &str, name: &str) -> Result<T, E> {
            slot.ok_or_else(|| E::custom(format_args!("missing property `{name}` of {owner}")))
        }

        /// Reads `event_type` and checks that it is `expected`.
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

        #number
        #numbers

        /// Finds the top-level `event_type` of a JSON object without parsing it: a fast guess of
        /// which struct to parse into. The parse itself checks the guess.
        pub(crate) fn scan_event_type(json: &[u8]) -> Option<&str> {
            let mut i = skip_ws(json, 0);
            if json.get(i) != Some(&b'{') {
                return None;
            }
            i += 1;
            loop {
                i = skip_ws(json, i);
                let (start, end, escaped) = string_at(json, i)?;
                i = skip_ws(json, end + 1);
                if json.get(i) != Some(&b':') {
                    return None;
                }
                i = skip_ws(json, i + 1);
                if !escaped && &json[start..end] == b"event_type" {
                    let (start, end, escaped) = string_at(json, i)?;
                    return if escaped { None } else { std::str::from_utf8(&json[start..end]).ok() };
                }
                i = skip_ws(json, skip_value(json, i)?);
                if json.get(i) != Some(&b',') {
                    return None;
                }
                i += 1;
            }
        }

        fn skip_ws(json: &[u8], mut i: usize) -> usize {
            while matches!(json.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                i += 1;
            }
            i
        }

        /// The string starting at `i`: (first byte inside, closing quote, had an escape).
        fn string_at(json: &[u8], i: usize) -> Option<(usize, usize, bool)> {
            if json.get(i) != Some(&b'"') {
                return None;
            }
            let mut j = i + 1;
            let mut escaped = false;
            loop {
                match json.get(j)? {
                    b'"' => return Some((i + 1, j, escaped)),
                    b'\\' => {
                        escaped = true;
                        j += 2;
                    }
                    _ => j += 1,
                }
            }
        }

        /// The index just after the value starting at `i`.
        fn skip_value(json: &[u8], i: usize) -> Option<usize> {
            match json.get(i)? {
                b'"' => string_at(json, i).map(|(_, end, _)| end + 1),
                b'{' | b'[' => {
                    let mut depth = 0usize;
                    let mut j = i;
                    loop {
                        match json.get(j)? {
                            b'"' => {
                                j = string_at(json, j)?.1;
                            }
                            b'{' | b'[' => depth += 1,
                            b'}' | b']' => {
                                depth -= 1;
                                if depth == 0 {
                                    return Some(j + 1);
                                }
                            }
                            _ => {}
                        }
                        j += 1;
                    }
                }
                _ => {
                    let mut j = i;
                    while !matches!(json.get(j), None | Some(b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')) {
                        j += 1;
                    }
                    Some(j)
                }
            }
        }

        #[cfg(feature = "schemars")]
        pub(crate) mod schema {
            //! JSON Schema support: the `event_type` constant the structs do not store.

            /// Adds the `event_type` constant to an event struct's schema.
            pub(crate) struct EventTypeConst(pub(crate) &'static str);

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

    }
}
