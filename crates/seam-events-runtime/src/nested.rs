//! Nested objects and lists of them, read where they lie by the shared loop.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::{Deserializer, Serialize};

use crate::codec::Codec;
use crate::object::{InPlace, Info, Object, Shape, Slots};

/// Nested objects (a struct of the crate's): read where they lie by the shared loop,
/// written by the shared writer.
pub struct Obj;

impl<T: Shape + Serialize> Codec<T> for Obj {
    fn read<'de, A: MapAccess<'de>>(map: &mut A) -> Result<T, A::Error> {
        let mut value = T::placeholder();
        Self::read_into(map, &mut value)?;
        Ok(value)
    }

    #[inline(always)]
    fn read_into<'de, A: MapAccess<'de>>(map: &mut A, slot: &mut T) -> Result<(), A::Error> {
        map.next_value_seed(InPlace {
            object: slot.object(),
            info: T::info(),
            tagged: false,
        })
    }

    fn write_json(out: &mut Vec<u8>, value: &T) -> serde_json::Result<()> {
        value.write_json(out)
    }
}

/// Lists of nested objects: each element read where it lies by the shared loop (serde's
/// reading of a list instantiated once for every struct), written by the shared writer.
pub struct Objs;

impl<T: Shape + Serialize> Codec<Vec<T>> for Objs {
    fn read<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Vec<T>, A::Error> {
        let mut list = Vec::new();
        map.next_value_seed(EachInPlace::<T::Kinds>(&mut list))?;
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
#[doc(hidden)]
pub trait Elements<K: Slots> {
    /// Makes a placeholder element, hands it to `read` and appends it if `read` filled
    /// it (returns `true`).
    fn read_element(&mut self, read: &mut dyn FnMut(&mut dyn Object<K>, &'static Info) -> bool);
}

impl<T: Shape> Elements<T::Kinds> for Vec<T> {
    fn read_element(
        &mut self,
        read: &mut dyn FnMut(&mut dyn Object<T::Kinds>, &'static Info) -> bool,
    ) {
        let mut element = T::placeholder();
        if read(element.object(), T::info()) {
            self.push(element);
        }
    }
}

/// Reads a list's elements, each a struct, with [`InPlace`]: the serde visitor (and
/// seed) of every list of structs.
pub struct EachInPlace<'a, K: Slots>(pub &'a mut dyn Elements<K>);

impl<'de, K: Slots> Visitor<'de> for EachInPlace<'_, K> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<S: de::SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        let mut read = Ok(true);
        while let Ok(true) = read {
            self.0.read_element(&mut |object, info| {
                read = seq
                    .next_element_seed(InPlace {
                        object,
                        info,
                        tagged: false,
                    })
                    .map(|e| e.is_some());
                matches!(read, Ok(true))
            });
        }
        read.map(|_| ())
    }
}

impl<'de, K: Slots> DeserializeSeed<'de> for EachInPlace<'_, K> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}
