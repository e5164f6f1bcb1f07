//! Parses the benchmark stream many times (a profiling aid, e.g. under
//! `valgrind --tool=callgrind`): with `SeamEvent::from_slice`, or with the baseline the argument
//! names: `own` (each payload into its own struct), `value` (`serde_json::Value`) or `tagged`
//! (serde's tagged enum).

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let stream = bench::stream(2_000);
    let mut n = 0;
    for _ in 0..20 {
        for p in &stream {
            let ok = match mode.as_str() {
                "own" => bench::parse_known(p.kind, &p.bytes).is_ok(),
                "value" => serde_json::from_slice::<serde_json::Value>(&p.bytes).is_ok(),
                "tagged" => serde_json::from_slice::<bench::Tagged>(&p.bytes).is_ok(),
                _ => seam_events::SeamEvent::from_slice(&p.bytes).is_ok(),
            };
            n += usize::from(ok);
        }
    }
    println!("{n}");
}
