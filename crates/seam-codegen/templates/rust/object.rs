/// Defines a struct for a JSON object, with its fast, lossless (de)serializers: every listed
/// property typed, every other one kept in `extra` and written back. `for "event.type"` makes it
/// an event: its `event_type` is checked when read and written first.
///
/// Each field reads `name: Type = "json_name" [presence codec kind index]`: `required`,
/// `required_nullable` (the type an `Option`, `None` for null), `optional` or
/// `optional_nullable` (the type an `Option`: `Some(None)` for null); the [`crate::rt::Codec`] that reads and writes its value; its kind, the variant
/// of [`crate::slots::Slot`] that holds it while it is read; and its position among the fields.
/// `escaped` after the index marks a JSON name that JSON writes escaped.
macro_rules! object {
    (
        $(#[$meta:meta])*
        pub struct $name:ident $(for $event_type:literal)? as $owner:literal {
            $(
                $(#[$field_meta:meta])*
                $field:ident: $ty:ty = $wire:literal [$presence:ident $codec:ident $kind:ident $index:literal $($escaped:ident)?]
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        #[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
        #[cfg_attr(feature = "schemars", schemars(transform = $crate::rt::schema::Presence($name::FIELDS)))]
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
            /// What reading the struct needs to know.
            pub(crate) const INFO: $crate::rt::Info = $crate::rt::Info {
                owner: $owner,
                event_type: $crate::macros::tag!($($event_type)?),
                fields: Self::FIELDS,
                required: $crate::rt::count_required(Self::FIELDS),
            };

            /// The listed properties, in the order of the fields.
            pub(crate) const FIELDS: &'static [$crate::rt::FieldInfo] = &[$($crate::rt::FieldInfo {
                name: $wire,
                required: $crate::rt::presence::$presence::REQUIRED,
                nullable: $crate::rt::presence::$presence::NULLABLE,
                quoted: $crate::macros::quoted_key!($wire $($escaped)?),
            }),*];
        }

        impl $crate::rt::Object for $name {
            fn slot(&mut self, key: &str) -> $crate::slots::Slot<'_> {
                match key {
                    $($wire => $crate::slots::Slot::$kind($index, &mut self.$field),)*
                    _ => $crate::slots::Slot::Unlisted(&mut self.extra),
                }
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
                $crate::rt::write_object(out, &Self::INFO, &self.field_refs(), &self.extra)
            }

            /// Every listed field, in order, for the writers every struct shares
            /// ([`crate::rt::write_object`], [`crate::rt::serialize_object`]). (A walk per struct
            /// and writer was a fifth of the crate's code.)
            fn field_refs(&self) -> [$crate::slots::FieldRef<'_>; <[&str]>::len(&[$($wire),*])] {
                [$($crate::slots::FieldRef::$kind(&self.$field)),*]
            }
        }

        impl $crate::rt::Shape for $name {
            fn info() -> &'static $crate::rt::Info {
                &Self::INFO
            }

            fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
                $name::write_json(self, out)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            // Reads the object's entries: every property once, unlisted ones kept (an event's
            // `event_type` checked if it comes: a tagged enum removes it first).
            //
            // The values are read straight into the struct, whose required fields start as
            // placeholders, by the loop every struct shares (`crate::rt::visit_object`): the
            // struct only says where each property goes (`crate::rt::Object`). (A loop per
            // struct was over half of the crate's compile time in release builds.)
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::rt::deserialize_shape(deserializer)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::rt::serialize_object(serializer, &Self::INFO, &self.field_refs(), &self.extra)
            }
        }
    };
}
pub(crate) use object;

/// The type of a field: `Option` around the type of a property that may be absent (a property
/// that may be null has its `Option` in the type the macro is given).
macro_rules! field_type {
    (required $ty:ty) => { $ty };
    (required_nullable $ty:ty) => { $ty };
    (optional $ty:ty) => { Option<$ty> };
    (optional_nullable $ty:ty) => { Option<$ty> };
}
pub(crate) use field_type;

/// `Some("event.type")` for an event's struct, `None` for another object's.
macro_rules! tag {
    () => {
        None
    };
    ($event_type:literal) => {
        Some($event_type)
    };
}
pub(crate) use tag;

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
