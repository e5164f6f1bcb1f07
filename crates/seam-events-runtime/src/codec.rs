//! How a field's value is read and written: the [`Codec`] trait, plain serde, and numbers.

use serde::Serialize;
use serde::de::{DeserializeOwned, MapAccess};
use serde::ser::SerializeMap;

/// How a field's value is read and written: [`Plain`] serde for most types, or a faster
/// or more faithful way for some.
#[doc(hidden)]
pub trait Codec<T> {
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
pub struct Plain;

impl<T: DeserializeOwned + Serialize> Codec<T> for Plain {
    fn read<'de, A: MapAccess<'de>>(map: &mut A) -> Result<T, A::Error> {
        map.next_value()
    }

    fn write_json(out: &mut Vec<u8>, value: &T) -> serde_json::Result<()> {
        serde_json::to_writer(out, value)
    }
}

/// Writes an `f64` that holds a whole number as an integer, so that `0` stays `0`.
pub struct Num(pub f64);

impl serde::Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        const EXACT: f64 = 9_007_199_254_740_992.0;
        let v = self.0;
        if v.fract() == 0.0 && v.abs() < EXACT {
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

/// [`Num`] for each number of a list.
pub struct Nums<'a>(pub &'a [f64]);

impl serde::Serialize for Nums<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|v| Num(*v)))
    }
}

impl Codec<Vec<f64>> for Nums<'_> {
    fn read<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Vec<f64>, A::Error> {
        map.next_value()
    }

    fn write<M: SerializeMap>(
        map: &mut M,
        key: &'static str,
        value: &Vec<f64>,
    ) -> Result<(), M::Error> {
        map.serialize_entry(key, &Nums(value))
    }

    fn write_json(out: &mut Vec<u8>, value: &Vec<f64>) -> serde_json::Result<()> {
        serde_json::to_writer(out, &Nums(value))
    }
}
