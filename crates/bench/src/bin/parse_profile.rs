//! Parses the benchmark stream many times (a profiling aid, e.g. under
//! `valgrind --tool=callgrind`): with `SeamEvent::from_slice`, or with the baseline the argument
//! names: `own` (each payload into its own struct), `value` (`serde_json::Value`) or `tagged`
//! (serde's tagged enum); a second argument sets the number of passes over the stream (20
//! unless given). The workloads are the benchmarks' own (`bench::Workloads`).

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let workloads = bench::Workloads::new(2_000);
    let parse: fn(&bench::Workloads) = match mode.as_str() {
        "own" => bench::Workloads::parse_own,
        "value" => bench::Workloads::parse_value,
        "tagged" => bench::Workloads::parse_tagged,
        _ => bench::Workloads::parse_seam,
    };
    let passes: usize = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(20);
    for _ in 0..passes {
        parse(&workloads);
    }
    println!(
        "parsed {} payloads {passes} times",
        workloads.stream().len()
    );
}
