//! The generated crate on a webhook receiver's hot path: parsing a mixed stream of events, and
//! writing them back, each side by side with its baseline on the same bytes.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use seam_events::SeamEvent;
use serde_json::Value;
use std::hint::black_box;

/// How many payloads the stream holds.
const STREAM: usize = 2_000;

fn parsing(c: &mut Criterion) {
    let stream = bench::stream(STREAM);
    let bytes: u64 = stream.iter().map(|p| p.bytes.len() as u64).sum();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("seam_event", |b| {
        b.iter(|| {
            for p in &stream {
                black_box(SeamEvent::from_slice(black_box(&p.bytes)).expect("parses"));
            }
        })
    });
    group.bench_function("own_struct", |b| {
        b.iter(|| {
            for p in &stream {
                black_box(bench::parse_known(p.kind, black_box(&p.bytes)).expect("parses"));
            }
        })
    });
    group.bench_function("serde_json_value", |b| {
        b.iter(|| {
            for p in &stream {
                black_box(serde_json::from_slice::<Value>(black_box(&p.bytes)).expect("parses"));
            }
        })
    });
    group.bench_function("serde_tagged_enum", |b| {
        b.iter(|| {
            for p in &stream {
                black_box(
                    serde_json::from_slice::<bench::Tagged>(black_box(&p.bytes)).expect("parses"),
                );
            }
        })
    });
    group.finish();
}

fn writing(c: &mut Criterion) {
    let stream = bench::stream(STREAM);
    let events: Vec<SeamEvent> = stream
        .iter()
        .map(|p| SeamEvent::from_slice(&p.bytes).expect("parses"))
        .collect();
    let values: Vec<Value> = stream
        .iter()
        .map(|p| serde_json::from_slice(&p.bytes).expect("parses"))
        .collect();
    let bytes: u64 = events
        .iter()
        .map(|e| serde_json::to_vec(e).expect("writes").len() as u64)
        .sum();
    let mut group = c.benchmark_group("write");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("seam_event", |b| {
        b.iter_batched_ref(
            || Vec::with_capacity(bytes as usize),
            |out| {
                for e in &events {
                    black_box(e).write_json(out).expect("writes");
                }
            },
            BatchSize::SmallInput,
        )
    });
    // The same bytes through serde's `Serialize` (what `serde_json::to_writer` does).
    group.bench_function("seam_event_serde", |b| {
        b.iter_batched_ref(
            || Vec::with_capacity(bytes as usize),
            |out| {
                for e in &events {
                    serde_json::to_writer(&mut *out, black_box(e)).expect("writes");
                }
            },
            BatchSize::SmallInput,
        )
    });
    group.bench_function("serde_json_value", |b| {
        b.iter_batched_ref(
            || Vec::with_capacity(bytes as usize),
            |out| {
                for v in &values {
                    serde_json::to_writer(&mut *out, black_box(v)).expect("writes");
                }
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).warm_up_time(std::time::Duration::from_secs(1)).measurement_time(std::time::Duration::from_secs(4));
    targets = parsing, writing
}
criterion_main!(benches);
