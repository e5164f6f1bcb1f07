//! Seam's API contract (schema/contract.json) is a source of facts, not a condition: with it
//! and without it, every documented example and every observed payload is typed by the Rust
//! crate, valid against both JSON Schema bundles, type-checked and passed by the TypeScript
//! guards. The contract makes properties required where it says so: fewer `Option` fields.

mod support;

use seam_schema::{Imported, Presence, Schema, Source, SourceFile};

/// Every file under `dir`, as `cargo xtask codegen` reads it.
fn read_tree(dir: &str) -> Vec<SourceFile> {
    xtask::files::read_tree_sorted(&xtask::project_root(), dir).unwrap_or_else(|e| panic!("{e}"))
}

/// The project's inputs imported with the committed contract, or without one.
fn import(with_contract: bool) -> Imported {
    let root = xtask::project_root();
    let contract = xtask::contract::read(&root).unwrap();
    assert!(
        contract.is_some(),
        "{} is committed",
        seam_schema::contract::CONTRACT_FILE
    );
    let overrides = xtask::files::read_optional(&root, xtask::codegen::OVERRIDES).unwrap();
    seam_schema::import_all(
        &read_tree(xtask::codegen::SOURCES_DIR),
        contract.as_ref().filter(|_| with_contract),
        overrides.as_ref(),
        &read_tree(xtask::codegen::PAYLOADS_DIR),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// How many properties, at any depth, may be absent (an `Option` in Rust).
fn may_be_absent(schema: &Schema) -> usize {
    let mut n = 0;
    schema.each_property(|p| n += usize::from(p.presence.value == Presence::MayBeAbsent));
    n
}

/// Every product of `imported` accepts every example and payload.
fn every_product_accepts_everything(imported: &Imported, package: &'static str) {
    let schema = &imported.schema;
    let mut accepted: Vec<&serde_json::Value> = schema.events.iter().map(|e| &e.example).collect();
    accepted.extend(imported.observed.iter().map(|o| &o.payload));
    assert!(accepted.len() > schema.events.len(), "payloads were read");
    // Both JSON Schema bundles.
    let files =
        seam_codegen::json_schema::files(schema, &seam_codegen::Publish::unpublished()).unwrap();
    for name in [
        seam_codegen::json_schema::BUNDLE_FILE,
        seam_codegen::json_schema::TOLERANT_FILE,
    ] {
        let file = files.iter().find(|f| f.path.ends_with(name)).unwrap();
        let validator = conformance::validator(&serde_json::from_str(&file.contents).unwrap());
        for payload in &accepted {
            let errors: Vec<String> = validator
                .iter_errors(payload)
                .map(|e| e.to_string())
                .collect();
            assert!(
                errors.is_empty(),
                "{package}, {name}: {payload}: {errors:?}"
            );
        }
    }
    // The TypeScript package: its checks type-check every example and payload, its guards pass
    // them.
    support::check_typescript(schema, &imported.observed);
    // The Rust crate: each one typed, by both parse paths.
    let lib = package.replace('-', "_");
    let stdout = support::test_generated_crate(
        schema,
        package,
        &[
            ("payloads.json", serde_json::to_string(&accepted).unwrap()),
            (
                "tests/payloads.rs",
                support::typed_parse_test(&lib, "payloads.json", accepted.len()),
            ),
        ],
    );
    assert!(stdout.contains("1 passed"), "{stdout}");
}

#[test]
fn with_and_without_the_contract_every_example_and_payload_is_accepted_by_every_product() {
    let with = import(true);
    let without = import(false);
    let contract_facts = |s: &Schema| {
        s.facts_by_source()
            .into_iter()
            .find(|(source, _)| *source == Source::Contract)
            .map_or(0, |(_, n)| n)
    };
    assert_eq!(contract_facts(&without.schema), 0);
    assert!(contract_facts(&with.schema) > 0);
    assert!(without.contract.is_empty());
    // The same events and properties: the contract adds facts, not things.
    let names = |s: &Schema| {
        s.events
            .iter()
            .map(|e| {
                (
                    e.event_type.clone(),
                    e.properties.keys().cloned().collect::<Vec<_>>(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&with.schema), names(&without.schema));
    let (before, after) = (may_be_absent(&without.schema), may_be_absent(&with.schema));
    eprintln!(
        "properties that may be absent (an Option in Rust): {before} without the contract, {after} with it"
    );
    assert!(after < before, "{after} < {before}");
    // Committed: the schema codegen writes is the one with the contract.
    assert_eq!(with.schema, conformance::schema("schema/events.json"));
    every_product_accepts_everything(&with, "seam-events-contract");
    every_product_accepts_everything(&without, "seam-events-no-contract");
}
