/// Defines, in the invoking crate's `slots` module, `Slot`, where the value of an object's entry
/// goes while the loop every struct shares (`visit_object`) reads it,
/// `FieldRef`, a field as the shared writers (`write_object`,
/// `serialize_object`) take it, and `Kinds`, their
/// `Slots`: one variant each per kind of field the structs have, compiled with
/// the structs that have one.
///
/// Each kind reads `Kind: Type { presence: P, codec: C }`: the fields' whole type, their
/// presence (a type of `presence`) and the `Codec` that reads
/// and writes their values.
#[doc(hidden)]
#[macro_export]
macro_rules! slots {
    (
        $(
            $(#[cfg($cfg:meta)])?
            $kind:ident: $ty:ty { presence: $presence:ident, codec: $codec:ident $(,)? },
        )*
    ) => {
        /// Where the value of an object's entry goes.
        pub enum Slot<'a> {
            /// A property the struct does not list (or an event's `event_type`).
            Unlisted(&'a mut serde_json::Map<String, serde_json::Value>),
            $(
                $(#[cfg($cfg)])?
                #[doc = concat!("A `", stringify!($ty), "` field, and its index.")]
                $kind(u32, &'a mut $ty),
            )*
        }

        /// A field, to write.
        #[derive(Clone, Copy)]
        pub enum FieldRef<'a> {
            $(
                $(#[cfg($cfg)])?
                #[doc = concat!("A `", stringify!($ty), "` field.")]
                $kind(&'a $ty),
            )*
            /// None: keeps the lifetime in use when no struct is compiled.
            #[allow(dead_code, reason = "never built")]
            None(std::convert::Infallible, std::marker::PhantomData<&'a ()>),
        }

        /// The kinds of field of the crate's structs.
        pub struct Kinds;

        impl $crate::__private::Slots for Kinds {
            type Slot<'a> = Slot<'a>;
            type FieldRef<'a> = FieldRef<'a>;

            #[inline(always)]
            fn read<'de, A: serde::de::MapAccess<'de>>(
                slot: Slot<'_>,
                map: &mut A,
                key: $crate::__private::Key<'de>,
                reading: &mut $crate::__private::Reading<'_>,
            ) -> Result<(), A::Error> {
                match slot {
                    Slot::Unlisted(extra) => reading.unlisted(map, extra, key),
                    $(
                        $(#[cfg($cfg)])?
                        Slot::$kind(index, field) => {
                            $crate::__private::presence::$presence::read::<A, _, $crate::__private::$codec>(map, field, reading, index)
                        }
                    )*
                }
            }

            #[inline(always)]
            fn walk<F: $crate::__private::Fields>(field: FieldRef<'_>, to: &mut F, info: &$crate::__private::FieldInfo) {
                match field {
                    $(
                        $(#[cfg($cfg)])?
                        FieldRef::$kind(value) => {
                            to.field::<$crate::__private::$codec, _>(info.name, info.quoted, $crate::__private::presence::$presence::get(value))
                        }
                    )*
                    FieldRef::None(never, _) => {
                        let _ = (to, info);
                        match never {}
                    }
                }
            }
        }
    };
}
