//! What the benchmarks share: the event stream they parse, the baselines they compare with, and
//! peak-memory readings.

#![forbid(unsafe_code)]

use std::str::FromStr;

use seam_events::EventType;
use serde_json::{Value, json};

include!(concat!(env!("OUT_DIR"), "/baseline.rs"));

/// One payload of the stream: its bytes and its (known) type.
pub struct Payload {
    /// The JSON body.
    pub bytes: Vec<u8>,
    /// Its event type.
    pub kind: EventType,
}

/// A deterministic pseudo-random sequence (SplitMix64): the same stream on every machine.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn uuid(&mut self) -> String {
        let h = format!("{:016x}{:016x}", self.next(), self.next());
        format!(
            "{}-{}-4{}-a{}-{}",
            &h[..8],
            &h[8..12],
            &h[13..16],
            &h[17..20],
            &h[20..32]
        )
    }

    fn timestamp(&mut self) -> String {
        let n = self.next();
        format!(
            "2025-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
            1 + n % 12,
            1 + (n >> 8) % 28,
            (n >> 16) % 24,
            (n >> 24) % 60,
            (n >> 32) % 60,
            (n >> 40) % 1_000_000
        )
    }
}

/// `n` payloads: every documented example of `schema/events.json` in turn, as variants with
/// fresh UUIDs, timestamps with fractions and, for some, unlisted properties.
pub fn stream(n: usize) -> Vec<Payload> {
    let text = include_str!("../../../schema/events.json");
    let schema = seam_schema::json::parse_events_json(text).expect("schema/events.json parses");
    let mut mix = Mix(0x5EA4);
    (0..n)
        .map(|i| {
            let event = &schema.events[i % schema.events.len()];
            let mut payload = event.example.clone();
            vary(&mut payload, &mut mix);
            if i % 3 == 0 {
                payload["event_description"] = json!("A webhook event, described by the API.");
                payload["zz_trace_id"] = json!(mix.uuid());
            }
            let kind = EventType::from_str(&event.event_type).expect("a known event type");
            Payload {
                bytes: serde_json::to_vec(&payload).expect("JSON"),
                kind,
            }
        })
        .collect()
}

fn vary(value: &mut Value, mix: &mut Mix) {
    match value {
        Value::String(s) if seam_schema::check::is_uuid(s) => *s = mix.uuid(),
        Value::String(s) if seam_schema::check::is_date_time(s) => *s = mix.timestamp(),
        Value::Array(items) if items.is_empty() => {}
        Value::Array(items) => items.iter_mut().for_each(|v| vary(v, mix)),
        Value::Object(map) => map.values_mut().for_each(|v| vary(v, mix)),
        _ => {}
    }
}

/// This process's peak resident memory in bytes (Linux), from `/proc/self/status`.
pub fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// The whole generator in process, no disk: parse the pages, build the model, run every emitter.
/// Returns how many files it produced.
pub fn pipeline(pages: &[seam_schema::SourceFile], overrides: &seam_schema::SourceFile) -> usize {
    let imported = seam_schema::import(pages, Some(overrides)).expect("synthetic pages import");
    seam_codegen::products(&imported.schema)
        .expect("synthetic products")
        .len()
}
