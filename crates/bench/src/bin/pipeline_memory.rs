//! Runs the generator once over `N` synthetic events and prints its time and peak memory as JSON;
//! `cargo xtask bench` runs it in a process of its own per size.

/// The allocator `cargo xtask` runs the generator with (see `xtask/src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let pages = synthetic::pages(n);
    let bytes: usize = pages.iter().map(|p| p.bytes.len()).sum();
    let start = std::time::Instant::now();
    let files = bench::pipeline(&pages, &synthetic::overrides());
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{}",
        serde_json::json!({
            "events": n,
            "page_bytes": bytes,
            "files": files,
            "seconds": seconds,
            "peak_memory_bytes": bench::peak_memory(),
        })
    );
}
