//! One corpus, three verdicts: every case of `corpus/cases.json` through the Rust crate, the JSON
//! Schema bundle (a real validator) and the TypeScript guard (under node), against the table.

use std::path::{Path, PathBuf};
use std::process::Command;

use conformance::SeamEventApi;
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The verdict of the Rust crate.
fn rust<E: SeamEventApi>(payload: &Value) -> &'static str {
    match conformance::parse::<E>(payload) {
        Ok(event) => event.verdict().name(),
        Err(_) => "error",
    }
}

/// The guard's verdicts, from node importing the package's `index.js`.
fn guards(package: &Path, payloads: &[&Value]) -> Option<Vec<bool>> {
    if Command::new("node").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("SEAM_REQUIRE_TYPESCRIPT").is_none(),
            "node is needed for the guard verdicts"
        );
        eprintln!("skipped the TypeScript guard verdicts: no node");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("payloads.json");
    std::fs::write(&input, serde_json::to_string(payloads).unwrap()).unwrap();
    let index = package.join("index.js").canonicalize().unwrap();
    let script = format!(
        "const {{ isSeamEvent }} = await import({});\n\
         const fs = await import('node:fs');\n\
         const payloads = JSON.parse(fs.readFileSync({}, 'utf8'));\n\
         console.log(JSON.stringify(payloads.map((p) => isSeamEvent(p))));",
        serde_json::to_string(&format!("file://{}", index.display())).unwrap(),
        serde_json::to_string(&input.display().to_string()).unwrap(),
    );
    let output = Command::new("node")
        .args(["--input-type=module", "-e", &script])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(serde_json::from_slice(&output.stdout).unwrap())
}

struct Target {
    rust: fn(&Value) -> &'static str,
    bundle: jsonschema::Validator,
    package: PathBuf,
    _dir: Option<tempfile::TempDir>,
}

fn seam_events_target() -> Target {
    let bundle =
        std::fs::read_to_string(root().join("generated/json-schema/seam-event.schema.json"))
            .unwrap();
    Target {
        rust: rust::<seam_events::SeamEvent>,
        bundle: conformance::validator(&serde_json::from_str(&bundle).unwrap()),
        package: root().join("generated/typescript"),
        _dir: None,
    }
}

fn fixture_target() -> Target {
    let schema = conformance::schema("schema/fixture/events.json");
    let plan = seam_codegen::plan::plan(&schema).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut bundle = Value::Null;
    let files =
        seam_codegen::json_schema::files(&schema, &seam_codegen::Publish::unpublished()).unwrap();
    for file in files.into_iter().chain(
        seam_codegen::typescript::files(&plan, &[], &seam_codegen::Publish::unpublished()).unwrap(),
    ) {
        if file.path.ends_with("seam-event.schema.json") {
            bundle = serde_json::from_str(&file.contents).unwrap();
        }
        let path = dir.path().join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, file.contents).unwrap();
    }
    Target {
        rust: rust::<seam_events_fixture::SeamEvent>,
        bundle: conformance::validator(&bundle),
        package: dir.path().join(seam_codegen::typescript::DIR),
        _dir: Some(dir),
    }
}

#[test]
fn every_product_gives_the_verdict_the_table_expects() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/cases.json");
    let corpus: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = corpus["cases"].as_array().unwrap();
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for (name, target) in [
        ("seam-events", seam_events_target()),
        ("fixture", fixture_target()),
    ] {
        let mine: Vec<&Value> = cases.iter().filter(|c| c["target"] == name).collect();
        assert!(!mine.is_empty(), "no cases for {name}");
        let payloads: Vec<&Value> = mine.iter().map(|c| &c["payload"]).collect();
        let guard = guards(&target.package, &payloads);
        for (i, case) in mine.iter().enumerate() {
            let expect = &case["expect"];
            let rust = (target.rust)(&case["payload"]);
            let schema = if target.bundle.is_valid(&case["payload"]) {
                "valid"
            } else {
                "invalid"
            };
            let mut found = vec![
                ("rust", Value::from(rust)),
                ("json_schema", Value::from(schema)),
            ];
            if let Some(guard) = &guard {
                found.push(("typescript_guard", Value::from(guard[i])));
            }
            for (product, verdict) in found {
                checked += 1;
                if expect[product] != verdict {
                    mismatches.push(format!(
                        "{name}: {}: {product} says {verdict}, the table says {}",
                        case["name"], expect[product]
                    ));
                }
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} verdicts differ from the table:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    assert!(checked >= 3 * 40, "{checked} verdicts checked");
}

#[test]
fn the_table_explains_every_difference_between_products() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/cases.json");
    let corpus: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    for case in corpus["cases"].as_array().unwrap() {
        let e = &case["expect"];
        // A mismatched event is kept, but as not of its documented shape: the Rust crate's
        // way of saying what `invalid` and `false` say.
        let accepted = [
            e["rust"] == "typed" || e["rust"] == "unknown",
            e["json_schema"] == "valid",
            e["typescript_guard"] == true,
        ];
        let agree = accepted.iter().all(|a| *a) || accepted.iter().all(|a| !*a);
        assert!(
            agree || case["by_design"].is_string(),
            "{}: the products differ without a reason",
            case["name"]
        );
    }
}
