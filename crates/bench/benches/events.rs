//! The generated crate on a webhook receiver's hot path: parsing a mixed stream of events, and
//! writing them back, each beside its baseline on the same bytes (the workloads of
//! `bench::Workloads`; `cargo xtask bench` takes the ratios from `bench::interleaved_ratios`).

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

/// How many payloads the stream holds.
const STREAM: usize = 2_000;

fn parsing(c: &mut Criterion) {
    let w = bench::Workloads::new(STREAM);
    let bytes: u64 = w.stream().iter().map(|p| p.bytes.len() as u64).sum();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("seam_event", |b| b.iter(|| w.parse_seam()));
    // serde's `Deserialize` (`serde_json::from_slice::<SeamEvent>`, axum's `Json`).
    group.bench_function("seam_event_serde", |b| b.iter(|| w.parse_seam_serde()));
    group.bench_function("own_struct", |b| b.iter(|| w.parse_own()));
    group.bench_function("serde_json_value", |b| b.iter(|| w.parse_value()));
    group.bench_function("serde_tagged_enum", |b| b.iter(|| w.parse_tagged()));
    group.finish();
}

fn writing(c: &mut Criterion) {
    let w = bench::Workloads::new(STREAM);
    let bytes = w.written_bytes();
    let mut group = c.benchmark_group("write");
    group.throughput(Throughput::Bytes(bytes as u64));
    let mut write = |name: &str, f: &dyn Fn(&bench::Workloads, &mut Vec<u8>)| {
        group.bench_function(name, |b| {
            b.iter_batched_ref(
                || Vec::with_capacity(bytes),
                |out| f(&w, out),
                BatchSize::SmallInput,
            )
        });
    };
    write("seam_event", &|w, out| w.write_seam(out));
    // The same bytes through serde's `Serialize` (what `serde_json::to_writer` does).
    write("seam_event_serde", &|w, out| w.write_seam_serde(out));
    write("serde_json_value", &|w, out| w.write_value(out));
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).warm_up_time(std::time::Duration::from_secs(1)).measurement_time(std::time::Duration::from_secs(4));
    targets = parsing, writing
}
criterion_main!(benches);
