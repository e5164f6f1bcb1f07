/// Defines, in the invoking crate's `slots` module, `Slot`, where the value of an object's entry
/// goes while the loop every struct shares ([`visit_object`](crate::visit_object)) reads it,
/// `FieldRef`, a field as the shared writers ([`write_object`](crate::write_object),
/// [`serialize_object`](crate::serialize_object)) take it, and `Kinds`, their
/// [`Slots`](crate::Slots): one variant each per kind of field the structs have, compiled with
/// the structs that have one.
///
/// Each kind reads `Kind: Type { presence: P, codec: C }`: the fields' whole type, their
/// presence (a type of [`presence`](crate::presence)) and the [`Codec`](crate::Codec) that reads
/// and writes their values.
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

        impl $crate::Slots for Kinds {
            type Slot<'a> = Slot<'a>;
            type FieldRef<'a> = FieldRef<'a>;

            #[inline(always)]
            fn read<'de, A: serde::de::MapAccess<'de>>(
                slot: Slot<'_>,
                map: &mut A,
                key: $crate::Key<'de>,
                reading: &mut $crate::Reading<'_>,
            ) -> Result<(), A::Error> {
                match slot {
                    Slot::Unlisted(extra) => reading.unlisted(map, extra, key),
                    $(
                        $(#[cfg($cfg)])?
                        Slot::$kind(index, field) => {
                            $crate::presence::$presence::read::<A, _, $crate::$codec>(map, field, reading, index)
                        }
                    )*
                }
            }

            #[inline(always)]
            fn walk<F: $crate::Fields>(field: FieldRef<'_>, to: &mut F, info: &$crate::FieldInfo) {
                match field {
                    $(
                        $(#[cfg($cfg)])?
                        FieldRef::$kind(value) => {
                            to.field::<$crate::$codec, _>(info.name, info.quoted, $crate::presence::$presence::get(value))
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
