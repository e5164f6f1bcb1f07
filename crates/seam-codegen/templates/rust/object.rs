/// Defines a struct for a JSON object, with its fast, lossless (de)serializers: every listed
/// property typed, every other one kept in `extra` and written back. `for "event.type"` makes it
/// an event: its `event_type` is checked when read and written first.
///
/// Each field reads `name: Type = "json_name" [presence codec]`: `required` or `optional`, and
/// the [`crate::rt::Codec`] that reads and writes its value.
macro_rules! object {
    (
        $(#[$meta:meta])*
        pub struct $name:ident $(for $event_type:literal)? as $owner:literal {
            $(
                $(#[$field_meta:meta])*
                $field:ident: $ty:ty = $wire:literal [$presence:ident $codec:ident]
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        #[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
        $(#[cfg_attr(feature = "schemars", schemars(transform = $crate::rt::schema::EventTypeConst($event_type)))])?
        pub struct $name {
            $(
                $(#[$field_meta])*
                #[cfg_attr(feature = "schemars", schemars(rename = $wire))]
                pub $field: $crate::macros::field_type!($presence $ty),
            )*
            /// Properties the docs do not list, kept so that nothing is lost and written back out.
            #[cfg_attr(feature = "schemars", schemars(flatten))]
            pub extra: serde_json::Map<String, serde_json::Value>,
        }

        impl $name {
            /// Reads the object's entries: every property once, unlisted ones kept. `tagged`: the
            /// `event_type` of an event must be among them (a tagged enum removes it first).
            ///
            /// The values wait in one `Slots` value, so that each early return drops one local
            /// (per-field locals would make the code, and its compile time, grow with the square
            /// of the field count).
            #[allow(unused_variables, reason = "`tagged` only matters to events")]
            pub(crate) fn visit<'de, A: serde::de::MapAccess<'de>>(
                mut map: A,
                tagged: bool,
            ) -> Result<Self, A::Error> {
                struct Slots {
                    $($field: Option<$ty>,)*
                    extra: serde_json::Map<String, serde_json::Value>,
                }
                let mut slots = Slots {
                    $($field: None,)*
                    extra: serde_json::Map::new(),
                };
                $(let mut tag_seen = { let _: &str = $event_type; false };)?
                // One `?` for all the arms: each `?` is an exit that drops every local.
                while let Some(key) = map.next_key::<$crate::rt::Key<'de>>()? {
                    match key.as_str() {
                        $($wire => $crate::rt::field::<_, _, $crate::rt::$codec>(&mut map, &mut slots.$field, $owner, $wire),)*
                        $("event_type" => $crate::rt::event_type(&mut map, &mut tag_seen, $event_type),)?
                        _ => $crate::rt::extra(&mut map, &mut slots.extra, key),
                    }?;
                }
                $(if tagged && !tag_seen {
                    return Err(serde::de::Error::custom(concat!(
                        "missing property `event_type` of `", $event_type, "` event"
                    )));
                })?
                $($crate::macros::check_present!($presence slots.$field, $owner, $wire);)*
                Ok($name {
                    $($field: $crate::macros::field_value!($presence slots.$field),)*
                    extra: slots.extra,
                })
            }
        }

        impl $name {
            /// Appends the object to `out` as JSON: the bytes serializing it with serde_json
            /// writes, written faster (keys and IDs as they are, dates without a formatter).
            pub fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
                // An event writes its `event_type` first.
                let mut first = <[&str]>::is_empty(&[$($event_type)?]);
                out.push(b'{');
                $(
                    out.extend_from_slice(concat!("\"event_type\":\"", $event_type, "\"").as_bytes());
                )?
                $($crate::macros::write_json_field!($presence out, first, $codec, $wire, &self.$field);)*
                $crate::rt::write_extra(out, &mut first, &self.extra)?;
                out.push(b'}');
                Ok(())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ObjectVisitor;

                impl<'de> serde::de::Visitor<'de> for ObjectVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("the ", $owner))
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<$name, A::Error> {
                        $name::visit(map, false)
                    }
                }

                deserializer.deserialize_map(ObjectVisitor)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                $(map.serialize_entry("event_type", $event_type)?;)?
                $($crate::macros::write_field!($presence map, $codec, $wire, &self.$field);)*
                for (key, value) in &self.extra {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    };
}
pub(crate) use object;

/// The type of a field: `Option` around an optional property's.
macro_rules! field_type {
    (required $ty:ty) => { $ty };
    (optional $ty:ty) => { Option<$ty> };
}
pub(crate) use field_type;

/// Returns the error for a required property that did not come.
macro_rules! check_present {
    (required $slot:expr, $owner:literal, $wire:literal) => {
        if $slot.is_none() {
            return Err($crate::rt::missing($owner, $wire));
        }
    };
    (optional $slot:expr, $owner:literal, $wire:literal) => {};
}
pub(crate) use check_present;

/// A field's value once every entry is read (and every required one found present).
macro_rules! field_value {
    (required $slot:expr) => {
        match $slot {
            Some(value) => value,
            None => unreachable!("checked by check_present"),
        }
    };
    (optional $slot:expr) => {
        $slot
    };
}
pub(crate) use field_value;

/// Writes a field: an optional property only when present.
macro_rules! write_field {
    (required $map:ident, $codec:ident, $wire:literal, $value:expr) => {
        <$crate::rt::$codec as $crate::rt::Codec<_>>::write(&mut $map, $wire, $value)?
    };
    (optional $map:ident, $codec:ident, $wire:literal, $value:expr) => {
        if let Some(value) = $value {
            <$crate::rt::$codec as $crate::rt::Codec<_>>::write(&mut $map, $wire, value)?;
        }
    };
}
pub(crate) use write_field;

/// Appends a field as JSON (`,"key":value`): an optional property only when present.
macro_rules! write_json_field {
    (required $out:ident, $first:ident, $codec:ident, $wire:literal, $value:expr) => {
        $crate::rt::write_key($out, &mut $first, $wire, $crate::macros::quoted_key!($wire))?;
        <$crate::rt::$codec as $crate::rt::Codec<_>>::write_json($out, $value)?;
    };
    (optional $out:ident, $first:ident, $codec:ident, $wire:literal, $value:expr) => {
        if let Some(value) = $value {
            $crate::rt::write_key($out, &mut $first, $wire, $crate::macros::quoted_key!($wire))?;
            <$crate::rt::$codec as $crate::rt::Codec<_>>::write_json($out, value)?;
        }
    };
}
pub(crate) use write_json_field;

/// `Some("\"key\":")` for a key JSON writes as it is, `None` for one that needs escaping.
macro_rules! quoted_key {
    ($wire:literal) => {
        if const { $crate::rt::plain_key($wire) } {
            Some(concat!("\"", $wire, "\":"))
        } else {
            None
        }
    };
}
pub(crate) use quoted_key;
