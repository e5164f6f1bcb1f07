/// Defines [`Slot`](crate::slots::Slot), where the value of an object's entry goes while the loop
/// every struct shares ([`crate::rt::visit_object`]) reads it, and
/// [`FieldRef`](crate::slots::FieldRef), a field as the shared writers
/// ([`crate::rt::write_object`], [`crate::rt::serialize_object`]) take it. One variant each per
/// kind of field the structs have, `Kind: presence Codec Type`, compiled with the structs that
/// have one.
macro_rules! slots {
    (
        $(
            $(#[cfg($cfg:meta)])?
            $kind:ident: $presence:ident $codec:ident $ty:ty,
        )*
    ) => {
        /// Where the value of an object's entry goes.
        pub(crate) enum Slot<'a> {
            /// A property the struct does not list (or an event's `event_type`).
            Unlisted(&'a mut serde_json::Map<String, serde_json::Value>),
            $($(#[cfg($cfg)])? $kind(u32, &'a mut $crate::macros::field_type!($presence $ty)),)*
        }

        /// A field, to write.
        #[derive(Clone, Copy)]
        pub(crate) enum FieldRef<'a> {
            $($(#[cfg($cfg)])? $kind(&'a $crate::macros::field_type!($presence $ty)),)*
            /// None: keeps the lifetime in use when no struct is compiled.
            #[allow(dead_code, reason = "never built")]
            None(std::convert::Infallible, std::marker::PhantomData<&'a ()>),
        }

        impl FieldRef<'_> {
            /// Hands the field, the property `field` names, to `to` with its codec.
            #[inline(always)]
            pub(crate) fn walk<F: $crate::rt::Fields>(self, to: &mut F, field: &$crate::rt::FieldInfo) {
                match self {
                    $($(#[cfg($cfg)])? FieldRef::$kind(value) => {
                        to.field::<$crate::rt::$codec, _>(field.name, field.quoted, $crate::rt::presence::$presence::get(value))
                    })*
                    FieldRef::None(never, _) => {
                        let _ = (to, field);
                        match never {}
                    }
                }
            }
        }

        impl Slot<'_> {
            /// Reads the value of the entry `key` into the slot, with the field's codec.
            #[inline(always)]
            pub(crate) fn read<'de, A: serde::de::MapAccess<'de>>(
                self,
                map: &mut A,
                key: $crate::rt::Key<'de>,
                reading: &mut $crate::rt::Reading<'_>,
            ) -> Result<(), A::Error> {
                match self {
                    Slot::Unlisted(extra) => reading.unlisted(map, extra, key),
                    $($(#[cfg($cfg)])? Slot::$kind(index, field) => {
                        $crate::rt::presence::$presence::read::<A, _, $crate::rt::$codec>(map, field, reading, index)
                    })*
                }
            }
        }
    };
}
pub(crate) use slots;

