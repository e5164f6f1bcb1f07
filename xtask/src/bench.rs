//! `cargo xtask bench`: runs the benchmarks, then prints the ratios the targets are set on and
//! writes them, with every absolute figure, to `bench/summary.json` in cargo's target directory
//! (`CARGO_TARGET_DIR` honoured).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::{Value, json};

/// A part of the benchmarks, to run alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Part {
    /// Parsing and writing events (criterion).
    Events,
    /// The generator as the docs grow (criterion, then a process per size).
    Generator,
    /// Compiling the generated crate.
    Compile,
    /// Validating with the JSON Schema under Ajv (node): the bundles against the type known.
    JsonSchema,
}

/// How many times the generator runs at each size after a warm-up run (the median is
/// reported).
const PIPELINE_RUNS: usize = 3;

/// How many times a small crate is built, in each profile, with and without its events.
const COMPILE_TURNS: usize = 5;

/// A target: a ratio of two benchmarks (numerator / denominator) and its limit. The ratio is
/// measured in turns by the bench crate's `ratios` program (criterion, which times one benchmark
/// after the other, gives the absolute figures).
struct Target {
    name: &'static str,
    numerator: &'static str,
    denominator: &'static str,
    limit: f64,
}

const TARGETS: &[Target] = &[
    Target {
        name: "SeamEvent::from_slice / own struct parse (the limit)",
        numerator: "parse/seam_event",
        denominator: "parse/own_struct",
        limit: 1.05,
    },
    Target {
        name: "serde's Deserialize of SeamEvent / own struct parse (the limit)",
        numerator: "parse/seam_event_serde",
        denominator: "parse/own_struct",
        limit: 1.15,
    },
    Target {
        name: "serde's Deserialize of SeamEvent / serde_json::Value parse",
        numerator: "parse/seam_event_serde",
        denominator: "parse/serde_json_value",
        limit: 1.0,
    },
    Target {
        name: "serde's Deserialize of SeamEvent / serde tagged enum parse",
        numerator: "parse/seam_event_serde",
        denominator: "parse/serde_tagged_enum",
        limit: 1.0,
    },
    Target {
        name: "SeamEvent parse / serde_json::Value parse",
        numerator: "parse/seam_event",
        denominator: "parse/serde_json_value",
        limit: 0.6,
    },
    Target {
        name: "SeamEvent parse / serde tagged enum parse",
        numerator: "parse/seam_event",
        denominator: "parse/serde_tagged_enum",
        limit: 0.6,
    },
    Target {
        name: "SeamEvent::write_json / serde_json::Value write",
        numerator: "write/seam_event",
        denominator: "write/serde_json_value",
        limit: 1.0,
    },
];

/// A target on the JSON Schema's validation speed: a ratio the node benchmark
/// (tools/typescript/bench/json-schema.mjs) prints, measured in turns like the Rust ones.
struct NodeTarget {
    name: &'static str,
    ratio: &'static str,
    limit: f64,
}

const NODE_TARGETS: &[NodeTarget] = &[
    NodeTarget {
        name: "Ajv, seam-event.schema.json / each event's own file, the type known (the limit)",
        ratio: "bundle / type_known",
        limit: 1.5,
    },
    NodeTarget {
        name: "Ajv, seam-event.tolerant.schema.json / each event's own file, the type known",
        ratio: "tolerant / type_known",
        limit: 1.5,
    },
];

/// The node benchmark of the JSON Schema under Ajv, relative to the project root.
const NODE_BENCH: &str = "tools/typescript/bench/json-schema.mjs";

/// Runs the node benchmark (installing the pinned tools first when they are not), and returns
/// what it printed.
fn json_schema_bench(root: &Path) -> Result<Value, String> {
    if !root.join("tools/typescript/node_modules/ajv").is_dir() {
        eprintln!("==> bench: npm ci --prefix tools/typescript (Ajv, pinned)");
        let status = Command::new("npm")
            .args([
                "ci",
                "--prefix",
                "tools/typescript",
                "--no-audit",
                "--no-fund",
            ])
            .current_dir(root)
            .status()
            .map_err(|e| format!("npm: {e} (the JSON Schema benchmark needs Node.js and npm)"))?;
        if !status.success() {
            return Err("npm ci --prefix tools/typescript failed".into());
        }
    }
    eprintln!("==> bench: the JSON Schema under Ajv, measured in turns (node {NODE_BENCH})");
    let out = Command::new("node")
        .arg(NODE_BENCH)
        .current_dir(root)
        .output()
        .map_err(|e| format!("node: {e} (the JSON Schema benchmark needs Node.js)"))?;
    if !out.status.success() {
        return Err(format!(
            "node {NODE_BENCH} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("node {NODE_BENCH} printed no JSON: {e}"))
}

/// "A few seconds per 100 events": the most each 100 events may add to a build of the
/// generated crate (beyond its fixed cost, the build with no resource feature).
const COMPILE_SECONDS_PER_100: f64 = 3.0;

/// Runs one criterion benchmark target of the bench crate.
fn criterion(root: &Path, bench: &str) -> Result<(), String> {
    eprintln!("==> bench: criterion ({bench})");
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["bench", "-p", "bench", "--bench", bench])
        .current_dir(root)
        .status()
        .map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo bench -p bench --bench {bench} failed"))
    }
}

/// Cargo's target directory for the project at `root`: `CARGO_TARGET_DIR`, the build settings,
/// or `target/`, as cargo itself resolves them.
fn target_dir(root: &Path) -> Result<PathBuf, String> {
    let metadata = cargo(
        root,
        &[
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ],
    )?;
    let metadata: Value = serde_json::from_str(&metadata)
        .map_err(|e| format!("cargo metadata printed no JSON: {e}"))?;
    metadata["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .ok_or_else(|| "cargo metadata: no target_directory".to_owned())
}

/// Mean time (ns) and throughput of one criterion benchmark.
fn estimate(target: &Path, id: &str) -> Result<(f64, Value), String> {
    let dir = target.join("criterion").join(id).join("new");
    let read = |name: &str| -> Result<Value, String> {
        let text =
            std::fs::read_to_string(dir.join(name)).map_err(|e| format!("{id}: {name}: {e}"))?;
        serde_json::from_str(&text).map_err(|e| format!("{id}: {name}: {e}"))
    };
    let mean = read("estimates.json")?["mean"]["point_estimate"]
        .as_f64()
        .ok_or(format!("{id}: no mean"))?;
    Ok((mean, read("benchmark.json")?["throughput"].clone()))
}

fn cargo(root: &Path, args: &[&str]) -> Result<String, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    // As a dependency is built: from scratch, not incrementally.
    let output = Command::new(cargo)
        .env("CARGO_INCREMENTAL", "0")
        .args(args)
        .current_dir(root)
        .output()
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!(
            "cargo {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Runs everything (or `only` one part); fails if a target is missed.
pub fn run(root: &Path, only: Option<Part>) -> Result<(), String> {
    let runs = |part: Part| only.is_none_or(|p| p == part);
    let target = target_dir(root)?;
    let release = |bin: &str| target.join("release").join(bin);
    let mut ids = Vec::new();
    if runs(Part::Events) {
        criterion(root, "events")?;
        ids.extend([
            "parse/seam_event",
            "parse/seam_event_serde",
            "parse/own_struct",
            "parse/serde_json_value",
            "parse/serde_tagged_enum",
            "write/seam_event",
            "write/seam_event_serde",
            "write/serde_json_value",
        ]);
    }
    if runs(Part::Generator) {
        criterion(root, "generator")?;
        ids.extend([
            "generator/events_100",
            "generator/events_1000",
            "parsers/import_10mb",
        ]);
    }
    let ratios = if runs(Part::Events) {
        eprintln!("==> bench: the event ratios, measured in turns");
        cargo(
            root,
            &["build", "--release", "-q", "-p", "bench", "--bin", "ratios"],
        )?;
        let ratios = release("ratios");
        let out = Command::new(&ratios)
            .output()
            .map_err(|e| format!("{}: {e}", ratios.display()))?;
        if !out.status.success() {
            return Err(format!(
                "{} failed ({}): {}",
                ratios.display(),
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        serde_json::from_slice::<Value>(&out.stdout)
            .map_err(|e| format!("{} printed no JSON: {e}", ratios.display()))?
    } else {
        Value::Null
    };
    let mut figures = serde_json::Map::new();
    for id in ids {
        let (ns, throughput) = estimate(&target, id)?;
        let per_second = |n: f64| n / (ns / 1e9);
        let mut entry = json!({ "mean_ns": ns });
        if let Some(bytes) = throughput["Bytes"].as_f64() {
            entry["mb_per_s"] = json!(per_second(bytes) / 1e6);
        }
        if let Some(n) = throughput["Elements"].as_f64() {
            entry["per_event_ms"] = json!(ns / 1e6 / n);
        }
        if id.starts_with("parse/") || id.starts_with("write/") {
            entry["events_per_s"] = json!(per_second(2000.0));
        }
        figures.insert(id.into(), entry);
    }

    let mut pipeline = Vec::new();
    if runs(Part::Generator) {
        eprintln!("==> bench: the generator over 100, 1,000 and 10,000 events, a process each");
        cargo(
            root,
            &[
                "build",
                "--release",
                "-q",
                "-p",
                "bench",
                "--bin",
                "pipeline_memory",
            ],
        )?;
        for n in ["100", "1000", "10000"] {
            // A process per run: one to warm up (on this kind of shared machine, the first
            // large run after a pause takes up to twice as long while the host gives memory
            // back), then three, the median kept. The warm-up's time is reported too.
            let mut runs = Vec::new();
            for _ in 0..=PIPELINE_RUNS {
                let out = Command::new(release("pipeline_memory"))
                    .arg(n)
                    .output()
                    .map_err(|e| e.to_string())?;
                let line: Value = serde_json::from_slice(&out.stdout)
                    .map_err(|e| format!("pipeline_memory {n}: {e}"))?;
                runs.push(line);
            }
            let seconds = |v: &Value| v["seconds"].as_f64().unwrap_or(f64::NAN);
            let warmup = seconds(&runs.remove(0));
            runs.sort_by(|a, b| seconds(a).total_cmp(&seconds(b)));
            let all: Vec<f64> = runs.iter().map(seconds).collect();
            let mut median = runs.swap_remove(PIPELINE_RUNS / 2);
            median["runs_seconds"] = json!(all);
            median["warmup_seconds"] = json!(warmup);
            pipeline.push(median);
        }
    }
    let per_event = |i: usize| {
        pipeline[i]["seconds"].as_f64().unwrap_or(0.0)
            / pipeline[i]["events"].as_f64().unwrap_or(1.0)
    };

    let compile = if runs(Part::Compile) {
        eprintln!("==> bench: compiling seam-events (dependencies built first)");
        compile_times(root, &target)?
    } else {
        Value::Null
    };

    let json_schema = if runs(Part::JsonSchema) {
        json_schema_bench(root)?
    } else {
        Value::Null
    };

    let mut results = Vec::new();
    let mut missed = 0;
    let mut line = |name: String, value: f64, limit: f64| {
        let met = value <= limit;
        missed += usize::from(!met);
        println!(
            "{} {name}: {value:.3} (target <= {limit})",
            if met { "met   " } else { "MISSED" }
        );
        results.push(json!({ "target": name, "value": value, "limit": limit, "met": met }));
    };
    if runs(Part::Events) {
        for t in TARGETS {
            let key = format!("{} / {}", t.numerator, t.denominator);
            let ratio = ratios[key.as_str()].as_f64().unwrap_or(f64::NAN);
            line(t.name.into(), ratio, t.limit);
        }
    }
    if runs(Part::Generator) {
        line(
            "generator time per event at 10,000 / at 1,000".into(),
            per_event(2) / per_event(1),
            1.5,
        );
        line(
            "generator seconds for 10,000 events".into(),
            pipeline[2]["seconds"].as_f64().unwrap_or(f64::NAN),
            2.0,
        );
    }
    if runs(Part::Compile) {
        // Per 100 events beyond the crate's fixed cost, which a 16-event schema would
        // otherwise spread over few events; the totals are printed below and kept in the JSON.
        for (schema, times) in compile.as_object().into_iter().flatten() {
            for profile in ["debug", "release"] {
                line(
                    format!(
                        "seconds to compile seam-events per 100 events, beyond its fixed cost ({schema}, {profile})"
                    ),
                    times[profile]["marginal_seconds_per_100_events"]
                        .as_f64()
                        .unwrap_or(f64::NAN),
                    COMPILE_SECONDS_PER_100,
                );
            }
        }
    }
    if runs(Part::JsonSchema) {
        for t in NODE_TARGETS {
            let ratio = json_schema["ratios"][t.ratio].as_f64().unwrap_or(f64::NAN);
            line(t.name.into(), ratio, t.limit);
        }
    }
    if runs(Part::Events) {
        // Criterion's means, one benchmark after the other, for comparison with the ratios.
        for t in TARGETS {
            let mean = |id: &str| figures[id]["mean_ns"].as_f64().unwrap_or(f64::NAN);
            println!(
                "       {} / {} from criterion's means: {:.3}",
                t.numerator,
                t.denominator,
                mean(t.numerator) / mean(t.denominator)
            );
        }
        println!("       ratios: {ratios}");
    }
    for (id, f) in &figures {
        println!("       {id}: {f}");
    }
    for p in &pipeline {
        println!("       pipeline: {p}");
    }
    for (schema, times) in compile.as_object().into_iter().flatten() {
        for profile in ["debug", "release"] {
            let t = &times[profile];
            println!(
                "       compile {schema} {profile}: {:.2} s in all for {} events ({:.2} s per 100 events), {:.2} s with no resource feature (median of {} builds each)",
                t["seconds"].as_f64().unwrap_or(f64::NAN),
                t["events"],
                t["seconds_per_100_events"].as_f64().unwrap_or(f64::NAN),
                t["fixed_seconds"].as_f64().unwrap_or(f64::NAN),
                t["builds_each"],
            );
        }
    }
    if runs(Part::Compile) {
        println!("       compile: {compile}");
    }
    if runs(Part::JsonSchema) {
        println!("       json schema (ajv): {json_schema}");
    }
    let summary = json!({
        "machine": machine(),
        "targets": results,
        "ratios": ratios,
        "benchmarks": figures,
        "pipeline": pipeline,
        "compile": compile,
        "json_schema": json_schema,
    });
    let out = target.join("bench/summary.json");
    std::fs::create_dir_all(out.parent().unwrap_or(root)).map_err(|e| e.to_string())?;
    std::fs::write(
        &out,
        serde_json::to_string_pretty(&summary).unwrap_or_default(),
    )
    .map_err(|e| e.to_string())?;
    println!("wrote {}", out.display());
    if missed > 0 {
        Err(format!("bench: {missed} target(s) missed"))
    } else {
        Ok(())
    }
}

/// Seconds to build `seam-events` alone, its dependencies already built, for the full reference and a
/// 1,000-event synthetic schema, in debug and release.
fn compile_times(root: &Path, target: &Path) -> Result<Value, String> {
    let mut out = serde_json::Map::new();
    for (label, events) in [("full_reference", None), ("synthetic_1000", Some(1000))] {
        let schema = match events {
            None => seam_schema::json::parse_events_json(
                &std::fs::read_to_string(root.join("schema/events.json"))
                    .map_err(|e| e.to_string())?,
            )
            .map_err(|e| e.to_string())?,
            Some(n) => {
                seam_schema::import(&synthetic::pages(n), Some(&synthetic::overrides()))
                    .map_err(|e| e.to_string())?
                    .schema
            }
        };
        let dir = target.join("bench/crates").join(label);
        let plan = seam_codegen::plan::plan(&schema).map_err(|e| e.to_string())?;
        let options = seam_codegen::rust::CrateOptions::outside("seam-events", "crate", root);
        for file in seam_codegen::rust::files(&plan, &options).map_err(|e| e.to_string())? {
            let path = dir.join(&file.path);
            std::fs::create_dir_all(path.parent().unwrap_or(&dir)).map_err(|e| e.to_string())?;
            let contents = if file.path.ends_with("Cargo.toml") {
                format!("{}\n[workspace]\n", file.contents)
            } else {
                file.contents
            };
            std::fs::write(path, contents).map_err(|e| e.to_string())?;
        }
        let krate = dir.join("crate");
        std::fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock"))
            .map_err(|e| e.to_string())?;
        let features = seam_codegen::rust::features::features(&plan);
        let mut times = serde_json::Map::new();
        for profile in ["debug", "release"] {
            let mut args = vec!["build", "--offline", "-q"];
            if profile == "release" {
                args.push("--release");
            }
            let n = schema.events.len() as f64;
            // The crate's fixed cost: built with no resource feature, no event compiled (the
            // runtime, `SeamEvent`, `EventType`). What each event adds is the rest.
            let mut none = args.clone();
            none.push("--no-default-features");
            // The dependencies, which no feature changes (the crate too, at its smallest).
            cargo(&krate, &none)?;
            // A build of a second or two moves by a tenth from run to run, a tenth of the
            // difference between the two builds of the seeds: small crates are built in turns,
            // several times, and the medians taken.
            let turns = if n < 100.0 { COMPILE_TURNS } else { 1 };
            let (mut all, mut fixed, mut added) = (Vec::new(), Vec::new(), Vec::new());
            for _ in 0..turns {
                let seconds = build_seconds(&krate, &args)?;
                let none_seconds = build_seconds(&krate, &none)?;
                all.push(seconds);
                fixed.push(none_seconds);
                added.push(seconds - none_seconds);
            }
            let (seconds, fixed, added) = (median(all), median(fixed), median(added));
            let mut figures = json!({
                "events": n,
                "builds_each": turns,
                "seconds": seconds,
                "seconds_per_100_events": seconds / n * 100.0,
                "fixed_seconds": fixed,
                "marginal_seconds_per_100_events": added / n * 100.0,
            });
            // Synthetic: also what a consumer that handles one resource's events builds
            // (reported, no target).
            let first = features.events.iter().next();
            if let (Some(_), Some((feature, count))) = (events, first) {
                args.extend(["--no-default-features", "--features", feature]);
                figures["one_resource"] = json!({
                    "feature": feature,
                    "events": count,
                    "seconds": build_seconds(&krate, &args)?,
                });
            }
            times.insert(profile.into(), figures);
        }
        out.insert(label.into(), Value::Object(times));
    }
    Ok(Value::Object(out))
}

/// The median of `values` (the upper one of an even count).
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Seconds `cargo <args>` takes to build the crate at `krate` from scratch (its dependencies
/// already built).
fn build_seconds(krate: &Path, args: &[&str]) -> Result<f64, String> {
    let lib = krate.join("src/lib.rs");
    let text = std::fs::read_to_string(&lib).map_err(|e| e.to_string())?;
    std::fs::write(&lib, format!("{text}\n")).map_err(|e| e.to_string())?;
    let start = Instant::now();
    cargo(krate, args)?;
    Ok(start.elapsed().as_secs_f64())
}

/// What the figures were measured on.
fn machine() -> Value {
    let cpu = std::fs::read_to_string("/proc/cpuinfo").ok().and_then(|t| {
        t.lines()
            .find(|l| l.starts_with("model name"))
            .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
    });
    json!({
        "cpu": cpu,
        "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
    })
}
