//! What a field's presence means for reading and writing it: one type per presence, named in
//! the macros' input (`presence: Required`).

use serde::de::MapAccess;

use crate::codec::Codec;
use crate::object::{Placeholder, Reading};

/// A property every payload carries: its field holds a placeholder until read.
pub struct Required;

impl Required {
    /// The field holding `value`.
    pub fn present<T>(value: T) -> T {
        value
    }

    /// The field's value, if the property is present and not null.
    pub fn get<T>(value: &T) -> Option<&T> {
        Some(value)
    }

    /// The field's value before it is read.
    pub fn placeholder<T: Placeholder>() -> T {
        T::placeholder()
    }

    /// Every payload has the property.
    pub const REQUIRED: bool = true;

    /// It is never null.
    pub const NULLABLE: bool = false;

    /// Reads the value of the field at `index` into `slot` with the codec `C`.
    #[inline(always)]
    pub fn read<'de, A: MapAccess<'de>, T, C: Codec<T>>(
        map: &mut A,
        slot: &mut T,
        reading: &mut Reading<'_>,
        index: u32,
    ) -> Result<(), A::Error> {
        let i = index as usize;
        if reading.seen(i) {
            return Err(reading.duplicate(index));
        }
        C::read_into(map, slot).map_err(|e| reading.value_error(index, e))?;
        reading.mark(i);
        reading.count_required();
        Ok(())
    }
}

/// A property some payloads leave out: its field is an `Option`.
pub struct Optional;

impl Optional {
    /// The field holding `value`: present.
    pub fn present<T>(value: T) -> Option<T> {
        Some(value)
    }

    /// The field's value, if the property is present and not null.
    pub fn get<T>(value: &Option<T>) -> Option<&T> {
        value.as_ref()
    }

    /// The field's value before it is read.
    pub fn placeholder<T>() -> Option<T> {
        None
    }

    /// Some payloads leave the property out.
    pub const REQUIRED: bool = false;

    /// It is never null.
    pub const NULLABLE: bool = false;

    /// Reads the value of the field at `index` into `slot` with the codec `C`.
    #[inline(always)]
    pub fn read<'de, A: MapAccess<'de>, T, C: Codec<T>>(
        map: &mut A,
        slot: &mut Option<T>,
        reading: &mut Reading<'_>,
        index: u32,
    ) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(reading.duplicate(index));
        }
        *slot = Some(C::read(map).map_err(|e| reading.value_error(index, e))?);
        Ok(())
    }
}

/// A property every payload carries that may be null: its field is an `Option`,
/// `None` for `null`.
pub struct RequiredNullable;

impl RequiredNullable {
    /// The field holding `value` (`None`: null).
    pub fn present<T>(value: T) -> T {
        value
    }

    /// The field's value, if the property is present and not null.
    pub fn get<T>(value: &T) -> Option<&T> {
        Required::get(value)
    }

    /// The field's value before it is read.
    pub fn placeholder<T: Placeholder>() -> T {
        Required::placeholder()
    }

    /// Every payload has the property.
    pub const REQUIRED: bool = true;

    /// It may be null.
    pub const NULLABLE: bool = true;

    /// Reads the value of the field at `index` into `slot` with the codec `C`.
    #[inline(always)]
    pub fn read<'de, A: MapAccess<'de>, T, C: Codec<T>>(
        map: &mut A,
        slot: &mut T,
        reading: &mut Reading<'_>,
        index: u32,
    ) -> Result<(), A::Error> {
        Required::read::<A, T, C>(map, slot, reading, index)
    }
}

/// A property some payloads leave out and others give as null: its field is an
/// `Option<Option<_>>`, `None` when absent, `Some(None)` for `null`.
pub struct OptionalNullable;

impl OptionalNullable {
    /// The field holding `value`: present (and null when `value` is `None`).
    pub fn present<T>(value: T) -> Option<T> {
        Some(value)
    }

    /// The field's value, if the property is present and not null.
    pub fn get<T>(value: &Option<T>) -> Option<&T> {
        Optional::get(value)
    }

    /// The field's value before it is read.
    pub fn placeholder<T>() -> Option<T> {
        None
    }

    /// Some payloads leave the property out.
    pub const REQUIRED: bool = false;

    /// It may be null.
    pub const NULLABLE: bool = true;

    /// Reads the value of the field at `index` into `slot` with the codec `C`.
    #[inline(always)]
    pub fn read<'de, A: MapAccess<'de>, T, C: Codec<T>>(
        map: &mut A,
        slot: &mut Option<T>,
        reading: &mut Reading<'_>,
        index: u32,
    ) -> Result<(), A::Error> {
        Optional::read::<A, T, C>(map, slot, reading, index)
    }
}
