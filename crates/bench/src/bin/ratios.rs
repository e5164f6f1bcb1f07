//! The event benchmarks' ratios, measured in turns (see `bench::interleaved_ratios`); prints
//! them as one JSON line for `cargo xtask bench`.

fn main() {
    let workloads = bench::Workloads::new(2_000);
    println!("{}", bench::interleaved_ratios(&workloads, 201, 3));
}
