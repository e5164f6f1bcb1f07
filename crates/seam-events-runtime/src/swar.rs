//! Eight bytes at a time: the byte-lane arithmetic the UUID and date-time readers share.

/// `0x01` in every byte of a `u64`: the eight-bytes-at-a-time readers' unit.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of every byte.
pub(crate) const HIGH: u64 = ONES * 0x80;

/// The high bit of each byte of `w` that lies in `lo..=hi` (both below 0x80).
#[inline(always)]
pub(crate) fn lanes_within(w: u64, lo: u8, hi: u8) -> u64 {
    let low = w & !HIGH;
    (low + ONES * u64::from(0x80 - lo)) & !(low + ONES * u64::from(0x7f - hi)) & !w & HIGH
}
