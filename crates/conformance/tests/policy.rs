//! The presence policy is a setting: whatever it says, every documented example and every
//! observed payload is accepted by every product, typed by the Rust crate, valid against the JSON
//! Schema, type-checked and passed by the TypeScript guards. The committed products are built
//! with the project's policy and checked by the other tests; this one builds all three with the
//! other answer, `presence = "always"`.

mod support;

use seam_schema::{Presence, SourceFile};

/// Every file under `dir`, as `cargo xtask codegen` reads it.
fn read_tree(dir: &str) -> Vec<SourceFile> {
    xtask::files::read_tree_sorted(&xtask::project_root(), dir).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn with_the_other_policy_every_example_and_payload_is_accepted_by_every_product() {
    let overrides = std::fs::read_to_string(support::root().join("schema/overrides.toml")).unwrap();
    let always = overrides.replacen(
        "presence = \"may_be_absent\"\nnullable = false",
        "presence = \"always\"\nnullable = false",
        1,
    );
    assert_ne!(
        always, overrides,
        "schema/overrides.toml states its [policy]"
    );
    let imported = seam_schema::import_with_payloads(
        &read_tree(xtask::codegen::SOURCES_DIR),
        Some(&SourceFile::new("schema/overrides.toml", always)),
        &read_tree(xtask::codegen::PAYLOADS_DIR),
    )
    .unwrap();
    let schema = &imported.schema;
    let committed = conformance::schema("schema/events.json");
    let present = |s: &seam_schema::Schema| {
        s.events
            .iter()
            .flat_map(|e| e.properties.values())
            .filter(|p| p.presence.value == Presence::Always)
            .count()
    };
    assert!(
        present(schema) > present(&committed),
        "the policy decides the presence of properties nothing else decides"
    );
    let mut accepted: Vec<&serde_json::Value> = schema.events.iter().map(|e| &e.example).collect();
    accepted.extend(imported.observed.iter().map(|o| &o.payload));

    // The JSON Schema bundle.
    let bundle = seam_codegen::json_schema::files(schema, &seam_codegen::Publish::unpublished())
        .unwrap()
        .into_iter()
        .find(|f| f.path.ends_with("seam-event.schema.json"))
        .map(|f| serde_json::from_str(&f.contents).unwrap())
        .unwrap();
    let bundle = conformance::validator(&bundle);
    for payload in &accepted {
        let errors: Vec<String> = bundle.iter_errors(payload).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{payload}: {errors:?}");
    }
    // The TypeScript package: its checks type-check every example and payload, its guards pass
    // them.
    support::check_typescript(schema, &imported.observed);
    // The Rust crate.
    let stdout = support::test_generated_crate(
        schema,
        "seam-events-policy",
        &[
            ("payloads.json", serde_json::to_string(&accepted).unwrap()),
            (
                "tests/payloads.rs",
                support::typed_parse_test("seam_events_policy", "payloads.json", accepted.len()),
            ),
        ],
    );
    assert!(stdout.contains("1 passed"), "{stdout}");
}
