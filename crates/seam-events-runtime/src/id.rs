//! UUIDs: the hyphenated text read eight bytes at a time, written without a formatter.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::codec::Codec;
use crate::swar::{HIGH, ONES, lanes_within};

/// UUIDs: the hyphenated form read straight (other forms, and the errors, as the uuid
/// crate reads them); written straight as their hyphenated lowercase text.
pub struct Id;

impl Codec<uuid::Uuid> for Id {
    fn read<'de, A: MapAccess<'de>>(map: &mut A) -> Result<uuid::Uuid, A::Error> {
        map.next_value_seed(UuidSeed)
    }

    fn write_json(out: &mut Vec<u8>, value: &uuid::Uuid) -> serde_json::Result<()> {
        let mut buf = uuid::Uuid::encode_buffer();
        out.push(b'"');
        out.extend_from_slice(value.hyphenated().encode_lower(&mut buf).as_bytes());
        out.push(b'"');
        Ok(())
    }
}

/// Reads a UUID as the uuid crate's `Deserialize` does, the hyphenated text faster.
struct UuidSeed;

impl<'de> DeserializeSeed<'de> for UuidSeed {
    type Value = uuid::Uuid;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<uuid::Uuid, D::Error> {
        if deserializer.is_human_readable() {
            deserializer.deserialize_str(UuidVisitor)
        } else {
            uuid::Uuid::deserialize(deserializer)
        }
    }
}

struct UuidVisitor;

impl Visitor<'_> for UuidVisitor {
    type Value = uuid::Uuid;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a formatted UUID string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<uuid::Uuid, E> {
        match hyphenated_uuid(v.as_bytes()) {
            Some(id) => Ok(id),
            None => v.parse().map_err(uuid_error),
        }
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<uuid::Uuid, E> {
        uuid::Uuid::from_slice(v).map_err(uuid_error)
    }
}

/// The uuid crate's error, in the words of its `Deserialize`.
fn uuid_error<E: de::Error>(e: uuid::Error) -> E {
    E::custom(format_args!("UUID parsing failed: {e}"))
}

/// The UUID `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (either case), if `text` is one.
pub fn hyphenated_uuid(text: &[u8]) -> Option<uuid::Uuid> {
    let text: &[u8; 36] = text.try_into().ok()?;
    if text[8] != b'-' || text[13] != b'-' || text[18] != b'-' || text[23] != b'-' {
        return None;
    }
    let eight = |at: usize| {
        u64::from_le_bytes([
            text[at],
            text[at + 1],
            text[at + 2],
            text[at + 3],
            text[at + 4],
            text[at + 5],
            text[at + 6],
            text[at + 7],
        ])
    };
    let four = |at: usize| {
        u64::from(u32::from_le_bytes([
            text[at],
            text[at + 1],
            text[at + 2],
            text[at + 3],
        ]))
    };
    let words = [
        eight(0),
        four(9) | (four(14) << 32),
        four(19) | (four(24) << 32),
        eight(28),
    ];
    let mut bytes = [0u8; 16];
    for (out, word) in bytes.chunks_exact_mut(4).zip(words) {
        out.copy_from_slice(&hex_word(word)?.to_le_bytes());
    }
    Some(uuid::Uuid::from_bytes(bytes))
}

/// The four bytes eight ASCII hex digits (either case; the first digit in the lowest
/// byte) spell, eight at a time in one `u64`; `None` if any byte is not a hex digit.
#[inline(always)]
fn hex_word(word: u64) -> Option<u32> {
    let digit = lanes_within(word, b'0', b'9');
    let letter = lanes_within(word | (ONES * 0x20), b'a', b'f');
    if digit | letter != HIGH {
        return None;
    }
    let nibbles = (word & (ONES * 0x0f)) + (letter >> 7) * 9;
    let pairs = ((nibbles & 0x000f_000f_000f_000f) << 4) | ((nibbles & 0x0f00_0f00_0f00_0f00) >> 8);
    let quads = (pairs | (pairs >> 8)) & 0x0000_ffff_0000_ffff;
    Some((quads | (quads >> 16)) as u32)
}

#[cfg(test)]
mod tests {
    use super::hyphenated_uuid;

    const TEXT: &str = "67e55044-10b1-426f-9247-bb680e5fe0c8";

    #[test]
    fn reads_the_hyphenated_form_in_either_case() {
        let expected: uuid::Uuid = TEXT.parse().unwrap();
        assert_eq!(hyphenated_uuid(TEXT.as_bytes()), Some(expected));
        let upper = TEXT.to_ascii_uppercase();
        assert_eq!(hyphenated_uuid(upper.as_bytes()), Some(expected));
        assert_eq!(
            hyphenated_uuid(b"00000000-0000-0000-0000-000000000000"),
            Some(uuid::Uuid::nil())
        );
        assert_eq!(
            hyphenated_uuid(b"ffffffff-ffff-ffff-ffff-ffffffffffff"),
            Some(uuid::Uuid::max())
        );
    }

    #[test]
    fn leaves_every_other_form_to_the_uuid_crate() {
        for text in [
            "",
            "67e5504410b1426f9247bb680e5fe0c8",
            "{67e55044-10b1-426f-9247-bb680e5fe0c8}",
            "urn:uuid:67e55044-10b1-426f-9247-bb680e5fe0c8",
            "67e55044-10b1-426f-9247-bb680e5fe0c",
            "67e55044-10b1-426f-9247-bb680e5fe0c80",
            "67e5504410-b1-426f-9247-bb680e5fe0c8",
        ] {
            assert_eq!(hyphenated_uuid(text.as_bytes()), None, "{text}");
        }
    }

    #[test]
    fn rejects_a_non_hex_byte_in_any_position() {
        // Every byte that is not a hex digit, in each of the 32 digit positions: the lanes
        // of the eight-at-a-time check must each catch it.
        let digits: Vec<usize> = (0..36).filter(|i| ![8, 13, 18, 23].contains(i)).collect();
        for &at in &digits {
            for byte in (0u8..=255).filter(|b| !b.is_ascii_hexdigit()) {
                let mut text = TEXT.as_bytes().to_vec();
                text[at] = byte;
                assert_eq!(hyphenated_uuid(&text), None, "byte {byte:#04x} at {at}");
            }
        }
        for at in [8, 13, 18, 23] {
            let mut text = TEXT.as_bytes().to_vec();
            text[at] = b'0';
            assert_eq!(hyphenated_uuid(&text), None, "no hyphen at {at}");
        }
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_the_uuid_crate(bytes: [u8; 16], upper: bool) {
            let id = uuid::Uuid::from_bytes(bytes);
            let mut text = id.hyphenated().to_string();
            if upper {
                text.make_ascii_uppercase();
            }
            proptest::prop_assert_eq!(hyphenated_uuid(text.as_bytes()), Some(id));
        }

        #[test]
        fn never_accepts_what_the_uuid_crate_refuses(text in "[0-9a-fA-F:g-]{36}") {
            if let Some(id) = hyphenated_uuid(text.as_bytes()) {
                proptest::prop_assert_eq!(Ok(id), text.parse::<uuid::Uuid>());
            }
        }
    }
}
