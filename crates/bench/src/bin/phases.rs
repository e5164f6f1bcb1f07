//! Times each stage of the generator once over `N` synthetic events (a profiling aid).

/// The allocator `cargo xtask` runs the generator with (see `xtask/src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let pages = synthetic::pages(n);
    let t = Instant::now();
    let imported = seam_schema::import(&pages, Some(&synthetic::overrides())).unwrap();
    let import = t.elapsed();
    let t = Instant::now();
    let plan = seam_codegen::plan::plan(&imported.schema).unwrap();
    let planning = t.elapsed();
    let t = Instant::now();
    let rust = seam_codegen::rust::files(
        &plan,
        &seam_codegen::rust::CrateOptions::seam_events(&seam_codegen::Publish::unpublished()),
    )
    .unwrap();
    let rust_time = t.elapsed();
    let t = Instant::now();
    let js =
        seam_codegen::json_schema::files(&imported.schema, &seam_codegen::Publish::unpublished())
            .unwrap();
    let js_time = t.elapsed();
    let t = Instant::now();
    let ts = seam_codegen::typescript::files(
        &plan,
        &imported.observed,
        &seam_codegen::Publish::unpublished(),
    )
    .unwrap();
    let ts_time = t.elapsed();
    let t = Instant::now();
    let json = seam_schema::json::events_json(&imported.schema);
    let json_time = t.elapsed();
    let rust_bytes: usize = rust.iter().map(|f| f.contents.len()).sum();
    let ts_bytes: usize = ts.iter().map(|f| f.contents.len()).sum();
    println!("rust bytes {rust_bytes}, typescript bytes {ts_bytes}");
    println!(
        "import {import:?} plan {planning:?} rust {rust_time:?} ({} files) json-schema {js_time:?} ({}) typescript {ts_time:?} ({}) events.json {json_time:?} ({} bytes)",
        rust.len(),
        js.len(),
        ts.len(),
        json.len()
    );
}
