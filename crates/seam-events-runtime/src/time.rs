//! Date-times: RFC 3339 text read eight bytes at a time, written without a formatter.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer};

use crate::codec::Codec;
use crate::swar::{HIGH, ONES, lanes_within};

/// A date-time read from RFC 3339 text straight into chrono's type, without chrono's
/// general-purpose parser (which is kept as the fallback for unusual forms).
pub struct Timestamp(pub chrono::DateTime<chrono::Utc>);

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;

        impl Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 date-time such as 2025-01-01T00:00:00.000Z")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                rfc3339(v)
                    .or_else(|| v.parse().ok())
                    .map(Timestamp)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        deserializer.deserialize_str(TimestampVisitor)
    }
}

/// Date-times: read by [`Timestamp`], written by [`Ts`].
pub struct Time;

impl Codec<chrono::DateTime<chrono::Utc>> for Time {
    fn read<'de, A: MapAccess<'de>>(
        map: &mut A,
    ) -> Result<chrono::DateTime<chrono::Utc>, A::Error> {
        map.next_value::<Timestamp>().map(|t| t.0)
    }

    fn write<M: SerializeMap>(
        map: &mut M,
        key: &'static str,
        value: &chrono::DateTime<chrono::Utc>,
    ) -> Result<(), M::Error> {
        map.serialize_entry(key, &Ts(value))
    }

    fn write_json(
        out: &mut Vec<u8>,
        value: &chrono::DateTime<chrono::Utc>,
    ) -> serde_json::Result<()> {
        match Ts(value).text() {
            Some((buf, len)) => {
                out.push(b'"');
                out.extend_from_slice(&buf[..len]);
                out.push(b'"');
                Ok(())
            }
            None => serde_json::to_writer(out, value),
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`. Eight bytes at a time: the fourteen
/// digits and the five separators checked together, the fraction's first eight digits
/// read at once.
pub fn rfc3339(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let b = s.as_bytes();
    let head: &[u8; 19] = b.get(..19)?.try_into().ok()?;
    let word = |at: usize| {
        head[at..]
            .first_chunk::<8>()
            .map_or(0, |w| u64::from_le_bytes(*w))
    };
    let (w0, w1, w2) = (word(0), word(8), word(11));
    let separators = (w0 & 0xff00_00ff_0000_0000) ^ 0x2d00_002d_0000_0000
        | ((w1 | 0x20_0000) & 0xff00_00ff_0000) ^ 0x3a00_0074_0000
        | (w2 & 0xff00_0000_0000) ^ 0x3a00_0000_0000;
    let date = (w0 & 0xffff_ffff) | ((w0 >> 8) & 0xffff_0000_0000) | ((w1 & 0xffff) << 48);
    let time = (w2 & 0xffff)
        | ((w2 >> 8) & 0xffff_0000)
        | ((w2 >> 16) & 0xffff_0000_0000)
        | (0x3030 << 48);
    if separators != 0
        || lanes_within(date, b'0', b'9') != HIGH
        || lanes_within(time, b'0', b'9') != HIGH
    {
        return None;
    }
    let pairs = |w: u64| {
        let d = w - ONES * u64::from(b'0');
        (d * 10 + (d >> 8)) & 0x00ff_00ff_00ff_00ff
    };
    let (date, time) = (pairs(date), pairs(time));
    let lane = |w: u64, i: u32| (w >> (16 * i)) as u32 & 0xff;
    let year = lane(date, 0) * 100 + lane(date, 1);
    let (month, day) = (lane(date, 2), lane(date, 3));
    let (hour, minute, second) = (lane(time, 0), lane(time, 1), lane(time, 2));
    let (mut rest, mut nanos) = (&b[19..], 0u32);
    if let [b'.', fraction @ ..] = rest {
        let w = match (fraction.first_chunk::<8>(), b.last_chunk::<8>()) {
            (Some(first), _) => u64::from_le_bytes(*first),
            (None, Some(last)) => u64::from_le_bytes(*last)
                .checked_shr(8 * (8 - fraction.len() as u32))
                .unwrap_or(0),
            (None, None) => return None,
        };
        let n = ((!lanes_within(w, b'0', b'9') & HIGH).trailing_zeros() / 8) as usize;
        if n == 0 {
            return None;
        }
        let keep = if n == 8 {
            u64::MAX
        } else {
            (1u64 << (8 * n)) - 1
        };
        let d = (w & keep).wrapping_sub(ONES * u64::from(b'0')) & keep;
        let d = d * 10 + (d >> 8);
        let d = ((d & 0x0000_00ff_0000_00ff).wrapping_mul(100 + (1_000_000 << 32))
            + ((d >> 16) & 0x0000_00ff_0000_00ff).wrapping_mul(1 + (10_000 << 32)))
            >> 32;
        nanos = d as u32 * 10;
        let mut n = n;
        if n == 8 {
            let more = fraction[8..]
                .iter()
                .position(|c| !c.is_ascii_digit())
                .unwrap_or(fraction.len() - 8);
            if let Some(ninth) = fraction[8..][..more].first() {
                nanos += u32::from(ninth - b'0');
            }
            n += more;
        }
        rest = &fraction[n..];
    }
    let offset_minutes: i64 = match *rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (hours, minutes) = (two(h1, h2)?, two(m1, m2)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let minutes = i64::from(hours * 60 + minutes);
            if sign == b'+' { minutes } else { -minutes }
        }
        _ => return None,
    };
    let date = chrono::NaiveDate::from_ymd_opt(year as i32, month, day)?;
    let time = date.and_hms_nano_opt(hour, minute, second, nanos)?;
    let utc = if offset_minutes == 0 {
        time
    } else {
        time.checked_sub_signed(chrono::TimeDelta::minutes(offset_minutes))?
    };
    Some(chrono::DateTime::from_naive_utc_and_offset(
        utc,
        chrono::Utc,
    ))
}

/// The two-digit number the ASCII digits `high`, `low` spell.
#[inline(always)]
fn two(high: u8, low: u8) -> Option<u32> {
    let (high, low) = (high.wrapping_sub(b'0'), low.wrapping_sub(b'0'));
    (high < 10 && low < 10).then(|| u32::from(high) * 10 + u32::from(low))
}

/// Writes a date-time as RFC 3339 (`Z`, and 3, 6 or 9 fraction digits as needed), as
/// chrono does, without its formatting machinery.
pub struct Ts<'a>(pub &'a chrono::DateTime<chrono::Utc>);

impl Ts<'_> {
    /// The text and its length, or `None` for a year outside 0..=9999 (or a leap
    /// second), which chrono writes.
    fn text(&self) -> Option<([u8; 30], usize)> {
        use chrono::{Datelike, Timelike};
        let t = self.0;
        let nanos = t.nanosecond();
        let year = u32::try_from(t.year()).ok()?;
        if year > 9999 || nanos >= 1_000_000_000 {
            return None;
        }
        let mut buf = *b"0000-00-00T00:00:00.000000000Z";
        let mut put = |at: usize, width: usize, mut n: u32| {
            for k in (at..at + width).rev() {
                buf[k] = b'0' + (n % 10) as u8;
                n /= 10;
            }
        };
        put(0, 4, year);
        put(5, 2, t.month());
        put(8, 2, t.day());
        put(11, 2, t.hour());
        put(14, 2, t.minute());
        put(17, 2, t.second());
        let digits = match nanos {
            0 => 0,
            n if n % 1_000_000 == 0 => 3,
            n if n % 1_000 == 0 => 6,
            _ => 9,
        };
        put(20, 9, nanos);
        let len = if digits == 0 { 19 } else { 20 + digits };
        buf[len] = b'Z';
        Some((buf, len + 1))
    }
}

impl serde::Serialize for Ts<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.text() {
            Some((buf, len)) => {
                let text = std::str::from_utf8(&buf[..len]).map_err(serde::ser::Error::custom)?;
                serializer.serialize_str(text)
            }
            None => serde::Serialize::serialize(self.0, serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, SecondsFormat, Utc};

    use super::{Ts, rfc3339};

    /// What chrono's RFC 3339 parser makes of `text`, in UTC.
    fn chrono(text: &str) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    }

    #[test]
    fn reads_what_chrono_reads() {
        for text in [
            "2025-01-01T00:00:00Z",
            "2025-01-01T00:00:00.000Z",
            "2025-06-30T23:59:59.999999999Z",
            "2024-02-29T12:00:00.5Z",
            "2025-01-01t00:00:00z",
            "2025-01-01T00:00:00.1234567891234Z",
            "2025-01-01T00:00:00.12345678Z",
            "2025-01-01T00:00:00+05:30",
            "2025-01-01T00:00:00.25-08:00",
            "0001-01-01T00:00:00+00:01",
            "9999-12-31T23:59:59-23:59",
        ] {
            assert_eq!(rfc3339(text), chrono(text), "{text}");
            assert!(rfc3339(text).is_some(), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_rfc_3339_or_not_a_date() {
        for text in [
            "",
            "2025-01-01",
            "2025-01-01T00:00:00",
            "2025-01-01 00:00:00Z",
            "2025-02-29T00:00:00Z",
            "2025-13-01T00:00:00Z",
            "2025-01-32T00:00:00Z",
            "2025-01-01T24:00:00Z",
            "2025-01-01T00:60:00Z",
            "2025-01-01T00:00:00.Z",
            "2025-01-01T00:00:00+24:00",
            "2025-01-01T00:00:00+05:60",
            "2025-01-01T00:00:00+0530",
            "2025-01-01T00:00:00ZZ",
            "2025/01/01T00:00:00Z",
            "2025-01-01T00:00:0aZ",
            "+2025-01-01T00:00:00Z",
        ] {
            assert_eq!(rfc3339(text), None, "{text}");
        }
    }

    #[test]
    fn writes_as_chrono_writes() {
        for text in [
            "2025-01-01T00:00:00Z",
            "2025-01-01T00:00:00.100Z",
            "2025-01-01T00:00:00.000100Z",
            "2025-01-01T00:00:00.000000100Z",
            "0001-01-01T00:00:00.123456789Z",
            "9999-12-31T23:59:59.999Z",
        ] {
            let t = chrono(text).unwrap();
            let (buf, len) = Ts(&t).text().unwrap();
            assert_eq!(
                std::str::from_utf8(&buf[..len]).unwrap(),
                t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_chrono_on_every_date_time_form(
            date in (0u32..10000, 0u32..14, 0u32..33),
            time in (0u32..26, 0u32..62, 0u32..62),
            fraction in proptest::option::of("[0-9]{0,12}"),
            offset in proptest::option::of((proptest::bool::ANY, 0u32..26, 0u32..62)),
        ) {
            let mut text = format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                date.0, date.1, date.2, time.0, time.1, time.2
            );
            if let Some(fraction) = fraction {
                text.push('.');
                text.push_str(&fraction);
            }
            match offset {
                None => text.push('Z'),
                Some((east, h, m)) => {
                    text.push_str(&format!("{}{h:02}:{m:02}", if east { '+' } else { '-' }));
                }
            }
            // The fast reader may leave a form to chrono's parser (the fallback), but never
            // reads one differently.
            if let Some(t) = rfc3339(&text) {
                proptest::prop_assert_eq!(Some(t), chrono(&text), "{}", text);
            }
            // Leap seconds (`:60`) are the fallback's.
            if chrono(&text).is_some() && time.2 < 60 {
                proptest::prop_assert!(rfc3339(&text).is_some(), "{}", text);
            }
        }

        #[test]
        fn writes_every_instant_as_chrono_does(seconds in 0i64..253_402_300_799, nanos in 0u32..1_000_000_000) {
            let t = DateTime::<Utc>::from_timestamp(seconds, nanos).unwrap();
            let (buf, len) = Ts(&t).text().unwrap();
            proptest::prop_assert_eq!(
                std::str::from_utf8(&buf[..len]).unwrap(),
                t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
            );
        }
    }
}
