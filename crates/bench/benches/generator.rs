//! The generator as the docs grow: the whole pipeline in process (parse pages, build the model,
//! run every emitter, no disk) at 100 and 1,000 synthetic events, and the parsers' throughput
//! on a 10 MB page set. (`cargo xtask bench` times 10,000 events in a process of its own, to
//! read its peak memory too.)

/// The allocator `cargo xtask` runs the generator with (see `xtask/src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn pipeline(c: &mut Criterion) {
    let overrides = synthetic::overrides();
    let mut group = c.benchmark_group("generator");
    for n in [100, 1_000] {
        let pages = synthetic::pages(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(format!("events_{n}"), |b| {
            b.iter(|| black_box(bench::pipeline(&pages, &overrides)))
        });
    }
    group.finish();
}

fn parsers(c: &mut Criterion) {
    // About 10 MB of pages: MDX source and rendered twins.
    let pages = synthetic::pages(2_500);
    let bytes: u64 = pages.iter().map(|p| p.bytes.len() as u64).sum();
    let mut group = c.benchmark_group("parsers");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("import_10mb", |b| {
        b.iter(|| {
            black_box(
                seam_schema::import(&pages, None)
                    .expect("imports")
                    .schema
                    .events
                    .len(),
            )
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).warm_up_time(std::time::Duration::from_secs(1)).measurement_time(std::time::Duration::from_secs(5));
    targets = pipeline, parsers
}
criterion_main!(benches);
