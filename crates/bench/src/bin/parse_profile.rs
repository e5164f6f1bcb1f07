//! Parses the benchmark stream many times with `SeamEvent::from_slice` (a profiling aid, e.g.
//! under `valgrind --tool=callgrind`); `own` parses each payload into its own struct instead.

fn main() {
    let own = std::env::args().nth(1).as_deref() == Some("own");
    let stream = bench::stream(2_000);
    let mut n = 0;
    for _ in 0..20 {
        for p in &stream {
            let event = if own {
                bench::parse_known(p.kind, &p.bytes)
            } else {
                seam_events::SeamEvent::from_slice(&p.bytes)
            };
            n += usize::from(event.is_ok());
        }
    }
    println!("{n}");
}
