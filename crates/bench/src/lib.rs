//! What the benchmarks share: the event stream they parse, the baselines they compare with, and
//! peak-memory readings.

#![forbid(unsafe_code)]

use std::hint::black_box;
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

/// Every documented example of `schema/events.json`, then every observed payload of
/// `schema/payloads/`, each with its event type.
pub fn samples() -> Vec<(String, Value)> {
    let text = include_str!("../../../schema/events.json");
    let schema = seam_schema::json::parse_events_json(text).expect("schema/events.json parses");
    let mut samples: Vec<(String, Value)> = schema
        .events
        .iter()
        .map(|e| (e.event_type.clone(), e.example.clone()))
        .collect();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let files = xtask::files::read_tree_sorted(&root, xtask::codegen::PAYLOADS_DIR)
        .expect("schema/payloads/ is readable");
    for file in files {
        let payload: Value = serde_json::from_slice(&file.bytes).expect("a payload is JSON");
        let event_type = payload["event_type"]
            .as_str()
            .expect("a payload has its type");
        samples.push((event_type.to_owned(), payload));
    }
    samples
}

/// `n` payloads: every documented example of `schema/events.json` and every observed payload
/// of `schema/payloads/` in turn, as variants with fresh UUIDs, timestamps with fractions and,
/// for some, unlisted properties.
pub fn stream(n: usize) -> Vec<Payload> {
    let samples = samples();
    let mut mix = Mix(0x5EA4);
    (0..n)
        .map(|i| {
            let (event_type, sample) = &samples[i % samples.len()];
            let mut payload = sample.clone();
            vary(&mut payload, &mut mix);
            if i % 3 == 0 {
                payload["event_description"] = json!("A webhook event, described by the API.");
                payload["zz_trace_id"] = json!(mix.uuid());
            }
            let kind = EventType::from_str(event_type).expect("a known event type");
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

/// The whole generator in process, no disk: parse the pages, build the model, run every emitter
/// (`schema/events.json` and the products: what `cargo xtask codegen` renders). Returns how many
/// files it produced.
pub fn pipeline(pages: &[seam_schema::SourceFile], overrides: &seam_schema::SourceFile) -> usize {
    let imported = seam_schema::import(pages, Some(overrides)).expect("synthetic pages import");
    xtask::codegen::render(
        &imported.schema,
        &imported.observed,
        &seam_codegen::plan::Names::default(),
        &seam_codegen::Publish::unpublished(),
    )
    .expect("synthetic products")
    .len()
}

/// The workloads the event benchmarks time, over one stream: each parses or writes every
/// payload once. Criterion times them for the absolute figures; [`interleaved_ratios`] times
/// them in turns for the ratios.
pub struct Workloads {
    stream: Vec<Payload>,
    events: Vec<seam_events::SeamEvent>,
    values: Vec<Value>,
    /// Every UUID string of the stream, as the parse meets them.
    uuids: Vec<String>,
    /// Every date-time string of the stream.
    times: Vec<String>,
}

/// Every string of `value` that `keep` keeps, depth first.
fn strings(value: &Value, keep: &dyn Fn(&str) -> bool, out: &mut Vec<String>) {
    match value {
        Value::String(s) if keep(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, keep, out)),
        Value::Object(map) => map.values().for_each(|v| strings(v, keep, out)),
        _ => {}
    }
}

impl Workloads {
    /// The workloads over `n` payloads of [`stream`].
    pub fn new(n: usize) -> Workloads {
        let stream = stream(n);
        let events = stream
            .iter()
            .map(|p| seam_events::SeamEvent::from_slice(&p.bytes).expect("parses"))
            .collect();
        let values = stream
            .iter()
            .map(|p| serde_json::from_slice(&p.bytes).expect("parses"))
            .collect();
        let (mut uuids, mut times) = (Vec::new(), Vec::new());
        for v in &values {
            strings(v, &seam_schema::check::is_uuid, &mut uuids);
            strings(v, &seam_schema::check::is_date_time, &mut times);
        }
        Workloads {
            stream,
            events,
            values,
            uuids,
            times,
        }
    }

    /// How many UUID and date-time strings the stream holds.
    pub fn counts(&self) -> (usize, usize) {
        (self.uuids.len(), self.times.len())
    }

    /// Every UUID of the stream read by the runtime's eight-bytes-at-a-time reader.
    pub fn uuids_fast(&self) {
        for s in &self.uuids {
            black_box(seam_events_runtime::__private::hyphenated_uuid(black_box(
                s.as_bytes(),
            )));
        }
    }

    /// Every UUID of the stream read by the uuid crate (the fallback).
    pub fn uuids_fallback(&self) {
        for s in &self.uuids {
            black_box(seam_events::uuid::Uuid::parse_str(black_box(s)).ok());
        }
    }

    /// Every date-time of the stream read by the runtime's RFC 3339 reader.
    pub fn times_fast(&self) {
        for s in &self.times {
            black_box(seam_events_runtime::__private::rfc3339(black_box(s)));
        }
    }

    /// Every date-time of the stream read by chrono (the fallback).
    pub fn times_fallback(&self) {
        for s in &self.times {
            black_box(
                black_box(s)
                    .parse::<seam_events::chrono::DateTime<seam_events::chrono::Utc>>()
                    .ok(),
            );
        }
    }

    /// Every payload's event type looked up in the compile-time hash table.
    pub fn lookup_table(&self) {
        for p in &self.stream {
            let text = black_box(p.kind.as_str());
            black_box(EventType::from_str(text).ok());
        }
    }

    /// Every payload's event type looked up by binary search in the sorted `EventType::ALL`.
    pub fn lookup_sorted(&self) {
        for p in &self.stream {
            let text = black_box(p.kind.as_str());
            black_box(
                EventType::ALL
                    .binary_search_by(|t| t.as_str().cmp(text))
                    .ok()
                    .map(|i| EventType::ALL[i]),
            );
        }
    }

    /// Every payload read without the guess: its `event_type` read exactly first (one pass,
    /// nested values skipped), then the payload into its struct (a second pass).
    pub fn parse_exact(&self) {
        for p in &self.stream {
            let json = std::str::from_utf8(black_box(&p.bytes)).expect("UTF-8");
            let kind =
                seam_events_runtime::__private::top_level_event_type(json).expect("an event type");
            let kind = EventType::from_str(&kind).expect("a known type");
            black_box(parse_known(kind, json.as_bytes()).expect("parses"));
        }
    }

    /// The payloads.
    pub fn stream(&self) -> &[Payload] {
        &self.stream
    }

    /// The bytes `SeamEvent` writes for the whole stream.
    pub fn written_bytes(&self) -> usize {
        let mut out = Vec::new();
        self.write_seam(&mut out);
        out.len()
    }

    /// `SeamEvent::from_slice` on every payload.
    pub fn parse_seam(&self) {
        for p in &self.stream {
            black_box(seam_events::SeamEvent::from_slice(black_box(&p.bytes)).expect("parses"));
        }
    }

    /// `serde_json::from_slice::<SeamEvent>` on every payload: serde's `Deserialize`, the path
    /// of axum's `Json`, reqwest's `.json()` and every framework's JSON extractor.
    pub fn parse_seam_serde(&self) {
        for p in &self.stream {
            black_box(
                serde_json::from_slice::<seam_events::SeamEvent>(black_box(&p.bytes))
                    .expect("parses"),
            );
        }
    }

    /// Every payload straight into its own struct (the type known in advance).
    pub fn parse_own(&self) {
        for p in &self.stream {
            black_box(parse_known(p.kind, black_box(&p.bytes)).expect("parses"));
        }
    }

    /// `serde_json::from_slice::<Value>` on every payload.
    pub fn parse_value(&self) {
        for p in &self.stream {
            black_box(serde_json::from_slice::<Value>(black_box(&p.bytes)).expect("parses"));
        }
    }

    /// Every payload through serde's internally tagged enum of the same structs.
    pub fn parse_tagged(&self) {
        for p in &self.stream {
            black_box(serde_json::from_slice::<Tagged>(black_box(&p.bytes)).expect("parses"));
        }
    }

    /// `SeamEvent::write_json` of every event, appended to `out`.
    pub fn write_seam(&self, out: &mut Vec<u8>) {
        for e in &self.events {
            black_box(e).write_json(out).expect("writes");
        }
    }

    /// `serde_json::to_writer` of every event (serde's `Serialize`), appended to `out`.
    pub fn write_seam_serde(&self, out: &mut Vec<u8>) {
        for e in &self.events {
            serde_json::to_writer(&mut *out, black_box(e)).expect("writes");
        }
    }

    /// `serde_json::to_writer` of every payload as a `Value`, appended to `out`.
    pub fn write_value(&self, out: &mut Vec<u8>) {
        for v in &self.values {
            serde_json::to_writer(&mut *out, black_box(v)).expect("writes");
        }
    }
}

/// The event benchmarks' ratios, measured in turns: each of `rounds` rounds times every
/// workload (`passes` times over the stream), and a ratio is the median over the rounds of the
/// two times of one round. A change in the machine's load during a run reaches both sides of a
/// ratio alike, which criterion's one benchmark after the other does not give.
pub fn interleaved_ratios(w: &Workloads, rounds: usize, passes: usize) -> Value {
    let mut out = Vec::with_capacity(w.written_bytes() * 2);
    let mut time = |f: &mut dyn FnMut(&mut Vec<u8>)| {
        // One pass untimed: the workload's code and data back in the caches, as in a warm-up.
        out.clear();
        f(&mut out);
        let start = std::time::Instant::now();
        for _ in 0..passes {
            out.clear();
            f(&mut out);
        }
        start.elapsed().as_secs_f64()
    };
    let mut rows: Vec<[f64; 15]> = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        rows.push([
            time(&mut |_| w.parse_seam()),
            time(&mut |_| w.parse_own()),
            time(&mut |_| w.parse_value()),
            time(&mut |_| w.parse_tagged()),
            time(&mut |o| w.write_seam(o)),
            time(&mut |o| w.write_value(o)),
            time(&mut |_| w.parse_seam_serde()),
            time(&mut |_| w.uuids_fast()),
            time(&mut |_| w.uuids_fallback()),
            time(&mut |_| w.times_fast()),
            time(&mut |_| w.times_fallback()),
            time(&mut |_| w.lookup_table()),
            time(&mut |_| w.lookup_sorted()),
            time(&mut |_| w.parse_exact()),
            time(&mut |o| w.write_seam_serde(o)),
        ]);
    }
    let median = |mut r: Vec<f64>| {
        r.sort_by(f64::total_cmp);
        r[r.len() / 2]
    };
    let ratio = |a: usize, b: usize| median(rows.iter().map(|row| row[a] / row[b]).collect());
    // Each workload's median time for one pass over the stream, in nanoseconds.
    let ns = |a: usize| median(rows.iter().map(|row| row[a]).collect()) / passes as f64 * 1e9;
    // What each fast path saves, as a share of `SeamEvent::from_slice`'s time on the stream:
    // (fallback - fast) / from_slice, the medians of each round's figures.
    let saving = |fast: usize, fallback: usize| {
        median(
            rows.iter()
                .map(|row| (row[fallback] - row[fast]) / row[0])
                .collect(),
        )
    };
    let (uuids, times) = w.counts();
    json!({
        "fast_paths": {
            "uuid reader (SWAR) vs the uuid crate": {
                "strings": uuids,
                "speedup": ratio(8, 7),
                "saves_share_of_from_slice": saving(7, 8),
            },
            "RFC 3339 reader (SWAR) vs chrono": {
                "strings": times,
                "speedup": ratio(10, 9),
                "saves_share_of_from_slice": saving(9, 10),
            },
            "event type hash table vs binary search of EventType::ALL": {
                "speedup": ratio(12, 11),
                "saves_share_of_from_slice": saving(11, 12),
            },
            "write_json vs serde's Serialize through serde_json": {
                "speedup": ratio(14, 4),
                "saves_share_of_write": median(
                    rows.iter().map(|row| (row[14] - row[4]) / row[4]).collect()
                ),
            },
            "guess-then-parse vs exact event_type then parse": {
                "speedup": ratio(13, 0),
                "saves_share_of_from_slice": median(
                    rows.iter().map(|row| (row[13] - row[0]) / row[0]).collect()
                ),
            },
        },
        "rounds": rounds,
        "passes": passes,
        "median_ns": {
            "parse/seam_event": ns(0),
            "parse/own_struct": ns(1),
            "parse/serde_json_value": ns(2),
            "parse/serde_tagged_enum": ns(3),
            "write/seam_event": ns(4),
            "write/serde_json_value": ns(5),
            "parse/seam_event_serde": ns(6),
            "write/seam_event_serde": ns(14),
        },
        "parse/seam_event / parse/own_struct": ratio(0, 1),
        "parse/seam_event_serde / parse/own_struct": ratio(6, 1),
        "parse/seam_event_serde / parse/serde_json_value": ratio(6, 2),
        "parse/seam_event_serde / parse/serde_tagged_enum": ratio(6, 3),
        "parse/seam_event / parse/serde_json_value": ratio(0, 2),
        "parse/seam_event / parse/serde_tagged_enum": ratio(0, 3),
        "write/seam_event / write/serde_json_value": ratio(4, 5),
    })
}
