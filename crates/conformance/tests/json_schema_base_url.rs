//! The JSON Schema files of the full reference written with a base URL (the publishing
//! settings' `[json_schema] base_url`): every `$id` is that URL and the file's path, and the
//! files still load together and resolve every `$ref` offline, in Ajv (strict, ajv-formats;
//! `tools/typescript/tests/json-schema.test.mjs`) and in Python's jsonschema
//! (`tools/python/validate_bundle.py`), with the same short errors as the URN files.
//!
//! Needs node and the pinned tools (`SEAM_REQUIRE_TYPESCRIPT`), and the Python environment
//! `cargo xtask ci` builds (`SEAM_REQUIRE_PYTHON`); skipped with a note without them.

mod support;

use std::process::Command;

use seam_codegen::json_schema::DIR;
use serde_json::Value;

const BASE: &str = "https://schemas.example.com/seam-events/0.1";

/// Writes the full reference's JSON Schema files with [`BASE`] into a temporary folder.
fn write_with_base_url() -> (tempfile::TempDir, Vec<(String, Value)>) {
    let schema = conformance::schema("schema/events.json");
    let mut publish = seam_codegen::Publish::unpublished();
    publish.json_schema.base_url = Some(BASE.into());
    let dir = tempfile::tempdir().unwrap();
    let mut parsed = Vec::new();
    for file in seam_codegen::json_schema::files(&schema, &publish).unwrap() {
        let rel = file.path.strip_prefix(DIR).unwrap().to_owned();
        let path = dir.path().join(&rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &file.contents).unwrap();
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.ends_with(".json") {
            parsed.push((rel, serde_json::from_str(&file.contents).unwrap()));
        }
    }
    (dir, parsed)
}

/// Every `$ref` in `value`.
fn refs<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r),
                    _ => refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[test]
fn every_id_is_the_base_url_and_the_files_path_and_every_ref_stays_inside() {
    let (_dir, files) = write_with_base_url();
    let ids: Vec<&str> = files
        .iter()
        .filter_map(|(_, v)| v["$id"].as_str())
        .collect();
    assert_eq!(ids.len(), files.len() - 1, "every file but index.json");
    for (rel, value) in &files {
        if rel == "index.json" {
            continue;
        }
        assert_eq!(value["$id"], format!("{BASE}/{rel}"), "{rel}");
        let mut found = Vec::new();
        refs(value, &mut found);
        for r in found {
            let target = r.split('#').next().unwrap();
            assert!(
                target.is_empty() || ids.contains(&target),
                "{rel}: `{r}` points outside the files"
            );
        }
    }
}

#[test]
fn ajv_loads_every_file_together_and_gives_the_same_errors() {
    if support::tsc().is_none() {
        return;
    }
    let (dir, _) = write_with_base_url();
    support::run(
        Command::new("node")
            .arg("--test")
            .arg(support::root().join("tools/typescript/tests/json-schema.test.mjs"))
            .env("SEAM_JSON_SCHEMA_DIR", dir.path()),
    );
}

#[test]
fn python_jsonschema_resolves_every_ref_offline_and_gives_the_same_errors() {
    let Some(python) = support::python() else {
        return;
    };
    let (dir, _) = write_with_base_url();
    support::run(
        Command::new(python)
            .arg(support::root().join("tools/python/validate_bundle.py"))
            .arg(dir.path()),
    );
}
