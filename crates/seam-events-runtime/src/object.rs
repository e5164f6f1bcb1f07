//! The reading loop every struct shares, and what it needs to know of each struct.

use std::fmt;

use serde::Deserializer;
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};

use crate::codec::Codec;
use crate::key::Key;
use crate::write::Fields;

/// The kinds of field a generated crate's structs have: one implementation per crate, the
/// type `Kinds` that [`slots!`](crate::slots) defines. `Slot` is where the value of an entry
/// goes while the loop reads it, `FieldRef` a field as the writers take it; each has one
/// variant per kind (presence and type), and these two functions hold the one match that
/// reads or writes each kind with its codec.
#[doc(hidden)]
pub trait Slots: 'static {
    /// Where the value of an object's entry goes.
    type Slot<'a>;

    /// A field, to write.
    type FieldRef<'a>: Copy;

    /// Reads the value of the entry `key` into `slot`, with the field's codec.
    fn read<'de, A: MapAccess<'de>>(
        slot: Self::Slot<'_>,
        map: &mut A,
        key: Key<'de>,
        reading: &mut Reading<'_>,
    ) -> Result<(), A::Error>;

    /// Hands `field`, the property `info` describes, to `to` with its codec.
    fn walk<F: Fields>(field: Self::FieldRef<'_>, to: &mut F, info: &FieldInfo);
}

/// A struct, as [`visit_object`] reads it: where the value of each entry goes.
#[doc(hidden)]
pub trait Object<K: Slots> {
    /// The field of the property `key`, or `extra` for a property the struct does not list.
    fn slot(&mut self, key: &str) -> K::Slot<'_>;
}

/// A struct of a generated crate, as the shared reader and writers take it.
#[doc(hidden)]
pub trait Shape: Placeholder {
    /// The kinds of field of its crate.
    type Kinds: Slots;

    /// What reading the struct needs to know of it.
    fn info() -> &'static Info;

    /// The struct, to read into.
    fn object(&mut self) -> &mut dyn Object<Self::Kinds>;

    /// Appends the struct to `out` as JSON.
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()>;
}

/// A struct's `Deserialize`: a placeholder, read where it lies.
pub fn deserialize_shape<'de, T: Shape, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    let mut value = T::placeholder();
    deserializer.deserialize_map(InPlace {
        object: value.object(),
        info: T::info(),
        tagged: false,
    })?;
    Ok(value)
}

/// How many fields' flags [`InPlace`] keeps on the stack (a struct with more has them on the
/// heap).
const STACK_FLAGS: usize = 64;

/// Reads a map's entries into a struct where it lies, its required fields placeholders until
/// then: the serde visitor (and seed) of every struct, an event or a nested object, so that
/// serde's reading code is instantiated once for all of them.
pub struct InPlace<'a, K: Slots> {
    /// The struct.
    pub object: &'a mut dyn Object<K>,
    /// The struct's [`Info`].
    pub info: &'static Info,
    /// Whether an event's `event_type` must come (a tagged enum removes it before the
    /// struct's own `Deserialize` reads the rest).
    pub tagged: bool,
}

impl<'de, K: Slots> Visitor<'de> for InPlace<'_, K> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the {}", self.info.owner)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let count = self.info.fields.len();
        let mut flags = [false; STACK_FLAGS];
        match flags.get_mut(..count) {
            Some(seen) => visit_object(map, self.object, self.info, seen, self.tagged),
            None => visit_object(
                map,
                self.object,
                self.info,
                &mut vec![false; count],
                self.tagged,
            ),
        }
    }
}

impl<'de, K: Slots> DeserializeSeed<'de> for InPlace<'_, K> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

/// Reads an object's entries into `object`, whose `info` it is: every listed property once
/// (`seen` has a flag per field), unlisted ones kept, and an event's `event_type` checked
/// (`tagged`: it must come). The one loop every struct shares; each struct only says where a
/// property goes, so that its code is small (a loop per struct was over half of the crate's
/// compile time in release builds).
#[inline(never)]
pub fn visit_object<'de, K: Slots, A: MapAccess<'de>>(
    mut map: A,
    object: &mut dyn Object<K>,
    info: &'static Info,
    seen: &mut [bool],
    tagged: bool,
) -> Result<(), A::Error> {
    let mut reading = Reading {
        info,
        seen,
        required: 0,
        tag_seen: false,
    };
    while let Some(key) = map.next_key::<Key<'de>>()? {
        K::read(object.slot(key.as_str()), &mut map, key, &mut reading)?;
    }
    if let (true, Some(expected), false) = (tagged, info.event_type, reading.tag_seen) {
        return Err(de::Error::custom(format_args!(
            "missing property `event_type` of `{expected}` event"
        )));
    }
    if reading.required != info.required {
        return Err(reading.missing());
    }
    Ok(())
}

/// Reading one object: its struct's [`Info`], which fields came (and how many of the required
/// ones), and whether its `event_type` did.
pub struct Reading<'a> {
    info: &'static Info,
    seen: &'a mut [bool],
    required: usize,
    tag_seen: bool,
}

impl Reading<'_> {
    /// Whether the field at `index` came.
    #[inline(always)]
    pub(crate) fn seen(&self, index: usize) -> bool {
        self.seen[index]
    }

    /// Notes that the field at `index` came.
    #[inline(always)]
    pub(crate) fn mark(&mut self, index: usize) {
        self.seen[index] = true;
    }

    /// Counts a required field that came.
    #[inline(always)]
    pub(crate) fn count_required(&mut self) {
        self.required += 1;
    }

    /// The struct and the name of the property at `index`, for an error.
    fn names(&self, index: u32) -> (&'static str, &'static str) {
        let name = self.info.fields.get(index as usize).map_or("", |f| f.name);
        (self.info.owner, name)
    }

    /// The error for the property at `index`, which came twice.
    #[cold]
    pub(crate) fn duplicate<E: de::Error>(&self, index: u32) -> E {
        let (owner, name) = self.names(index);
        duplicate(owner, name)
    }

    /// The error `e` of reading the value of the property at `index`, naming it.
    #[cold]
    pub(crate) fn value_error<E: de::Error>(&self, index: u32, e: E) -> E {
        let (owner, name) = self.names(index);
        de::Error::custom(format_args!("property `{name}` of {owner}: {e}"))
    }

    /// The error for the first required property that did not come.
    #[cold]
    fn missing<E: de::Error>(&self) -> E {
        let mut fields = self.info.fields.iter().zip(self.seen.iter());
        let first = fields.find(|(field, seen)| field.required && !**seen);
        missing(self.info.owner, first.map_or("", |(field, _)| field.name))
    }

    /// Reads the entry `key`, a property the struct does not list: an event's `event_type`,
    /// checked, or another one, kept in `extra`.
    #[inline(always)]
    pub fn unlisted<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        extra: &mut serde_json::Map<String, serde_json::Value>,
        key: Key<'de>,
    ) -> Result<(), A::Error> {
        match self.info.event_type {
            Some(expected) if key.as_str() == "event_type" => {
                event_type(map, &mut self.tag_seen, expected)
            }
            _ => self::extra(map, extra, key),
        }
    }
}

/// Reads the value of property `name` of `owner` into `slot` with the codec `C`: an error
/// names both.
#[inline(never)]
pub fn field<'de, A: MapAccess<'de>, T, C: Codec<T>>(
    map: &mut A,
    slot: &mut Option<T>,
    owner: &str,
    name: &str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(duplicate(owner, name));
    }
    let value = C::read(map)
        .map_err(|e| de::Error::custom(format_args!("property `{name}` of {owner}: {e}")))?;
    *slot = Some(value);
    Ok(())
}

/// The value of a required property, or an error naming it.
pub fn required<T, E: de::Error>(slot: Option<T>, owner: &str, name: &str) -> Result<T, E> {
    slot.ok_or_else(|| missing(owner, name))
}

/// A common property of an event kept whole (`event_id`, ...), if present and of its type.
pub fn envelope<T: std::str::FromStr>(
    properties: &serde_json::Map<String, serde_json::Value>,
    name: &str,
) -> Option<T> {
    properties.get(name)?.as_str()?.parse().ok()
}

/// The error for a property that came twice.
fn duplicate<E: de::Error>(owner: &str, name: &str) -> E {
    E::custom(format_args!("duplicate property `{name}` in {owner}"))
}

/// The error for a required property that did not come.
fn missing<E: de::Error>(owner: &str, name: &str) -> E {
    E::custom(format_args!("missing property `{name}` of {owner}"))
}

/// Keeps the entry `key`, a property the docs do not list, in `extra`.
#[inline(never)]
fn extra<'de, A: MapAccess<'de>>(
    map: &mut A,
    extra: &mut serde_json::Map<String, serde_json::Value>,
    key: Key<'de>,
) -> Result<(), A::Error> {
    let value = map.next_value()?;
    extra.insert(key.into_string(), value);
    Ok(())
}

/// Reads `event_type` and checks that it is `expected`.
#[inline(never)]
fn event_type<'de, A: MapAccess<'de>>(
    map: &mut A,
    seen: &mut bool,
    expected: &str,
) -> Result<(), A::Error> {
    if std::mem::replace(seen, true) {
        return Err(de::Error::custom(format_args!(
            "duplicate property `event_type` in `{expected}` event"
        )));
    }
    let found: Key<'de> = map
        .next_value()
        .map_err(|e| de::Error::custom(format_args!("property `event_type`: {e}")))?;
    let found = found.as_str();
    if found == expected {
        Ok(())
    } else {
        Err(de::Error::custom(format_args!(
            "property `event_type` is `{found}`, expected `{expected}`"
        )))
    }
}

/// What reading a struct needs to know of it: each struct has one, as a constant.
pub struct Info {
    /// The struct in errors, such as "`lock.unlocked` event".
    pub owner: &'static str,
    /// An event's `event_type`.
    pub event_type: Option<&'static str>,
    /// Every listed property, in the order of the struct's fields.
    pub fields: &'static [FieldInfo],
    /// How many of them every payload has.
    pub required: usize,
}

/// A listed property of a struct.
pub struct FieldInfo {
    /// Its JSON name.
    pub name: &'static str,
    /// Whether every payload has it.
    pub required: bool,
    /// Whether it may be null.
    #[cfg_attr(
        not(feature = "schemars"),
        allow(dead_code, reason = "read by the JSON Schema support")
    )]
    pub nullable: bool,
    /// `"name":`, when JSON writes the name as it is (no character to escape).
    pub quoted: Option<&'static str>,
}

/// How many of `fields` every payload has.
pub const fn count_required(fields: &[FieldInfo]) -> usize {
    let (mut count, mut i) = (0, 0);
    while i < fields.len() {
        count += fields[i].required as usize;
        i += 1;
    }
    count
}

/// The value a required field holds until it is read. Nobody sees it: a payload
/// without the property is an error.
#[doc(hidden)]
pub trait Placeholder {
    /// The value.
    fn placeholder() -> Self;
}

impl Placeholder for String {
    fn placeholder() -> Self {
        String::new()
    }
}

impl Placeholder for bool {
    fn placeholder() -> Self {
        false
    }
}

impl Placeholder for f64 {
    fn placeholder() -> Self {
        0.0
    }
}

impl Placeholder for i64 {
    fn placeholder() -> Self {
        0
    }
}

impl Placeholder for uuid::Uuid {
    fn placeholder() -> Self {
        uuid::Uuid::nil()
    }
}

impl Placeholder for chrono::DateTime<chrono::Utc> {
    fn placeholder() -> Self {
        chrono::DateTime::UNIX_EPOCH
    }
}

impl Placeholder for serde_json::Value {
    fn placeholder() -> Self {
        serde_json::Value::Null
    }
}

impl Placeholder for serde_json::Map<String, serde_json::Value> {
    fn placeholder() -> Self {
        serde_json::Map::new()
    }
}

impl<T> Placeholder for Option<T> {
    fn placeholder() -> Self {
        None
    }
}

impl<T> Placeholder for Vec<T> {
    fn placeholder() -> Self {
        Vec::new()
    }
}
