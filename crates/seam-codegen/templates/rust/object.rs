/// Defines a struct for a JSON object, with its fast, lossless (de)serializers: every listed
/// property typed, every other one kept in `extra` and written back. `for "event.type"` makes it
/// an event: its `event_type` is checked when read and written first.
///
/// Each field reads `name: Type = "json_name" [presence codec]`: `required` or `optional`, and
/// the [`crate::rt::Codec`] that reads and writes its value; `escaped` after the codec marks a
/// JSON name that JSON writes escaped.
macro_rules! object {
    (
        $(#[$meta:meta])*
        pub struct $name:ident $(for $event_type:literal)? as $owner:literal {
            $(
                $(#[$field_meta:meta])*
                $field:ident: $ty:ty = $wire:literal [$presence:ident $codec:ident $($escaped:ident)?]
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
            /// The values are read straight into the struct, whose required fields start as
            /// placeholders; `seen` records which came. (Per-field locals made the code, and
            /// its compile time, grow with the square of the field count; moving values out of
            /// a struct of `Option`s cost a copy and drop code per field.)
            #[allow(unused_variables, reason = "`tagged` only matters to events")]
            pub(crate) fn visit<'de, A: serde::de::MapAccess<'de>>(
                mut map: A,
                tagged: bool,
            ) -> Result<Self, A::Error> {
                #[allow(dead_code, reason = "optional fields are not tracked")]
                struct Seen {
                    $($field: bool,)*
                }
                let mut seen = Seen { $($field: false,)* };
                let mut value = <$name as $crate::rt::Placeholder>::placeholder();
                $(let mut tag_seen = { let _: &str = $event_type; false };)?
                // One `?` for all the arms: each `?` is an exit that drops every local.
                while let Some(key) = $crate::rt::next_key(&mut map)? {
                    match key.as_str() {
                        $($wire => $crate::rt::presence::$presence::read::<_, _, $crate::rt::$codec>(&mut map, &mut value.$field, &mut seen.$field, $owner, $wire),)*
                        $("event_type" => $crate::rt::event_type(&mut map, &mut tag_seen, $event_type),)?
                        _ => $crate::rt::extra(&mut map, &mut value.extra, key),
                    }?;
                }
                $(if tagged && !tag_seen {
                    return Err(serde::de::Error::custom(concat!(
                        "missing property `event_type` of `", $event_type, "` event"
                    )));
                })?
                $crate::rt::first_missing(
                    &[$(($crate::rt::presence::$presence::missing(seen.$field), $wire)),*],
                    $owner,
                )?;
                Ok(value)
            }
        }

        impl $crate::rt::Placeholder for $name {
            fn placeholder() -> Self {
                $name {
                    $($field: $crate::rt::presence::$presence::placeholder(),)*
                    extra: serde_json::Map::new(),
                }
            }
        }

        impl $name {
            /// Appends the object to `out` as JSON: the bytes serializing it with serde_json
            /// writes, written faster (keys and IDs as they are, dates without a formatter).
            pub fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
                // An event writes its `event_type` first.
                let mut writer = $crate::rt::JsonWriter::new(out);
                $(writer.raw(concat!("\"event_type\":\"", $event_type, "\""));)?
                self.fields(&mut writer);
                writer.end(&self.extra)
            }

            /// Hands every listed property, in order, to `to`: one call per field, no `?` (the
            /// first error is kept and returned at the end). `write_json` and `Serialize` share
            /// this walk, so that each struct has one body per field list, not two.
            fn fields<F: $crate::rt::Fields>(&self, to: &mut F) {
                $(to.field::<$crate::rt::$codec, _>(
                    $wire,
                    $crate::macros::quoted_key!($wire $($escaped)?),
                    $crate::rt::presence::$presence::get(&self.$field),
                );)*
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
                #[allow(unused_mut, reason = "only an event writes its tag")]
                let mut map = $crate::rt::MapWriter::new(serializer)?;
                $(map.tag($event_type);)?
                self.fields(&mut map);
                map.end(&self.extra)
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

/// `Some("\"key\":")` for a key JSON writes as it is, `None` for one the emitter marked
/// `escaped` (a quote, a backslash or a control character in it). Decided when the code is
/// generated: a `const` test per field cost a fifth of the crate's compile time.
macro_rules! quoted_key {
    ($wire:literal) => {
        Some(concat!("\"", $wire, "\":"))
    };
    ($wire:literal escaped) => {
        None
    };
}
pub(crate) use quoted_key;
