/// Defines a struct for a JSON object, with its fast, lossless (de)serializers: every listed
/// property typed, every other one kept in `extra` and written back. `for "event.type"` makes it
/// an event: its `event_type` is checked when read and written first.
///
/// The struct is `#[non_exhaustive]`: a property the docs add is a field added in a minor
/// release. `fn new(name: Type, ...);` lists the parameters of its constructor, the properties
/// every payload carries; every other field starts absent (`None`).
///
/// Each field reads `name: Type = "json_name" { presence: P, slot: K, with: with_name }`: the
/// field's whole type (an `Option` for a property that may be absent or null, `Option<Option<_>>`
/// for one that may be both); its presence, a type of `presence`; its kind,
/// the variant of the invoking crate's `slots::Slot` that holds it while it is read; and the
/// method that sets it with the value's type (`with_name(T)`: `T` for a property that may be
/// absent, `Option<T>` for one that may be null; it takes anything `Into` that type). `key:
/// escaped` after it marks a JSON name that JSON writes escaped.
///
/// The invoking crate's kinds are `crate::slots::Kinds` (see `slots!`).
#[doc(hidden)]
#[macro_export]
macro_rules! object {
    (
        $(#[$meta:meta])*
        pub struct $name:ident $(for $event_type:literal)? as $owner:literal {
            fn new($($arg:ident: $arg_ty:ty),* $(,)?);
            $(
                $(#[$field_meta:meta])*
                $field:ident: $ty:ty = $wire:literal {
                    presence: $presence:ident,
                    slot: $kind:ident,
                    with: $with:ident($with_ty:ty)
                    $(, key: $escaped:ident)? $(,)?
                }
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
        #[cfg_attr(feature = "schemars", schemars(transform = $crate::__private::schema::Presence($name::FIELDS)))]
        $(#[cfg_attr(feature = "schemars", schemars(transform = $crate::__private::schema::EventTypeConst($event_type)))])?
        pub struct $name {
            $(
                $(#[$field_meta])*
                #[cfg_attr(feature = "schemars", schemars(rename = $wire))]
                pub $field: $ty,
            )*
            /// Properties the docs do not list, kept so that nothing is lost and written back out.
            #[cfg_attr(feature = "schemars", schemars(flatten))]
            pub extra: serde_json::Map<String, serde_json::Value>,
        }

        impl $name {
            /// What reading the struct needs to know.
            pub(crate) const INFO: $crate::__private::Info = $crate::__private::Info {
                owner: $owner,
                event_type: $crate::tag!($($event_type)?),
                fields: Self::FIELDS,
                required: $crate::__private::count_required(Self::FIELDS),
            };

            /// The listed properties, in the order of the fields.
            pub(crate) const FIELDS: &'static [$crate::__private::FieldInfo] = &[$($crate::__private::FieldInfo {
                name: $wire,
                required: $crate::__private::presence::$presence::REQUIRED,
                nullable: $crate::__private::presence::$presence::NULLABLE,
                quoted: $crate::quoted_key!($wire $($escaped)?),
            }),*];
        }

        impl $name {
            #[doc = concat!("The ", $owner, " with the properties every payload carries; every other")]
            /// property is absent (`None`) until a `with_` method sets it, and `extra` is empty.
            #[allow(clippy::too_many_arguments, reason = "one parameter per property every payload carries")]
            pub fn new($($arg: $arg_ty),*) -> Self {
                #[allow(unused_mut, reason = "a struct with no such property")]
                let mut this = <$name as $crate::__private::Placeholder>::placeholder();
                $(this.$arg = $arg;)*
                this
            }

            $(
                #[doc = concat!("The ", $owner, " with `", $wire, "` set to `value`.")]
                #[must_use]
                pub fn $with(mut self, value: impl Into<$with_ty>) -> Self {
                    self.$field = $crate::__private::presence::$presence::present(value.into());
                    self
                }
            )*
        }

        $crate::default_when_empty!($name; $($arg)*);

        impl $crate::__private::Object<crate::slots::Kinds> for $name {
            fn slot(&mut self, key: &str) -> crate::slots::Slot<'_> {
                // Each field's position among the fields: its variant's discriminant.
                #[allow(non_camel_case_types, dead_code, reason = "one variant per field, as named")]
                enum At { $($field),* }
                match key {
                    $($wire => crate::slots::Slot::$kind(At::$field as u32, &mut self.$field),)*
                    _ => crate::slots::Slot::Unlisted(&mut self.extra),
                }
            }
        }

        impl $crate::__private::Placeholder for $name {
            fn placeholder() -> Self {
                $name {
                    $($field: $crate::__private::presence::$presence::placeholder(),)*
                    extra: serde_json::Map::new(),
                }
            }
        }

        impl $name {
            /// Appends the object to `out` as JSON: the bytes serializing it with serde_json
            /// writes, written faster (keys and IDs as they are, dates without a formatter).
            pub fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
                $crate::__private::write_object::<crate::slots::Kinds>(out, &Self::INFO, &self.field_refs(), &self.extra)
            }

            /// Every listed field, in order, for the writers every struct shares. (A walk per
            /// struct and writer was a fifth of the crate's code.)
            fn field_refs(&self) -> [crate::slots::FieldRef<'_>; <[&str]>::len(&[$($wire),*])] {
                [$(crate::slots::FieldRef::$kind(&self.$field)),*]
            }
        }

        impl $crate::__private::Shape for $name {
            type Kinds = crate::slots::Kinds;

            fn info() -> &'static $crate::__private::Info {
                &Self::INFO
            }

            fn object(&mut self) -> &mut dyn $crate::__private::Object<crate::slots::Kinds> {
                self
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
            // placeholders, by the loop every struct shares (`visit_object`): the
            // struct only says where each property goes (`Object`). (A loop per
            // struct was over half of the crate's compile time in release builds.)
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::__private::deserialize_shape(deserializer)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::__private::serialize_object::<crate::slots::Kinds, S>(serializer, &Self::INFO, &self.field_refs(), &self.extra)
            }
        }
    };
}

/// `impl Default` (the same as `new()`) for a struct whose constructor takes nothing.
#[doc(hidden)]
#[macro_export]
macro_rules! default_when_empty {
    ($name:ident;) => {
        impl Default for $name {
            fn default() -> Self {
                $name::new()
            }
        }
    };
    ($name:ident; $($arg:ident)+) => {};
}

/// `Some("event.type")` for an event's struct, `None` for another object's.
#[doc(hidden)]
#[macro_export]
macro_rules! tag {
    () => {
        None
    };
    ($event_type:literal) => {
        Some($event_type)
    };
}

/// `Some("\"key\":")` for a key JSON writes as it is, `None` for one the emitter marked
/// `escaped` (a quote, a backslash or a control character in it). Decided when the code is
/// generated: a `const` test per field cost a fifth of the crate's compile time.
#[doc(hidden)]
#[macro_export]
macro_rules! quoted_key {
    ($wire:literal) => {
        Some(concat!("\"", $wire, "\":"))
    };
    ($wire:literal escaped) => {
        None
    };
}
