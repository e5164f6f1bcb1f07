//! The richer constructs of the documentation format, read from both page formats.

mod common;

use seam_schema::{SourceFile, StringFormat, Type, import};

const MDX: &str = "crates/seam-schema/tests/fixtures/rich/thermostats.mdx";
const TXT: &str = "crates/seam-schema/tests/fixtures/rich/thermostats.txt";

fn nested(ty: &Type) -> &std::collections::BTreeMap<String, seam_schema::Property> {
    match ty {
        Type::Object {
            properties: Some(p),
        } => p,
        other => panic!("expected an object with properties, found {other:?}"),
    }
}

#[test]
fn mdx_page_reads_every_construct() {
    let imported = import(&[common::read(MDX)], None).unwrap();
    let schema = &imported.schema;
    let types: Vec<&str> = schema
        .events
        .iter()
        .map(|e| e.event_type.as_str())
        .collect();
    assert_eq!(
        types,
        [
            "access_code.unmanaged.converted_to_managed",
            "thermostat.manually_adjusted"
        ]
    );
    assert_eq!(schema.events[0].resource, "access_code.unmanaged");

    let e = schema.event("thermostat.manually_adjusted").unwrap();
    assert!(
        e.description
            .contains("[thermostat](https://docs.seam.co/capability-guides/thermostats)")
    );
    let p = &e.properties;
    assert_eq!(p["cooling_set_point_celsius"].ty, Type::Number);
    assert_eq!(
        p["fan_mode_setting"].ty,
        Type::Enum {
            values: vec!["auto".into(), "on".into(), "circulate".into()]
        }
    );
    assert_eq!(
        p["fan_mode_setting"].description,
        "Desired fan mode setting, such as `on`, `auto`, or `circulate`."
    );
    assert_eq!(
        p["event_type"].ty,
        Type::Const {
            value: "thermostat.manually_adjusted".into()
        }
    );
    assert!(p["is_override"].undocumented);
    assert_eq!(
        p["is_override"].description,
        "Whether the adjustment overrides a schedule."
    );

    // Nested objects, two levels deep, with an optional parent ("if any").
    assert!(!p["schedule"].always_present());
    let schedule = nested(&p["schedule"].ty);
    assert_eq!(
        schedule["ends_at"].ty,
        Type::String {
            format: Some(StringFormat::DateTime)
        }
    );
    let preset = nested(&schedule["climate_preset"].ty);
    assert_eq!(preset["climate_preset_key"].ty, Type::STRING);
    assert!(matches!(&preset["hvac_mode_setting"].ty, Type::Enum { values } if values.len() == 4));
    assert_eq!(preset["hvac_mode_setting"].description, "");

    // Arrays: items from the example, or undetermined (and a warning asking for an override).
    assert_eq!(
        p["tags"].ty,
        Type::Array {
            items: Box::new(Type::STRING)
        }
    );
    assert_eq!(
        p["thermostat_errors"].ty,
        Type::Array {
            items: Box::new(Type::Any)
        }
    );
    assert_eq!(imported.warnings.len(), 1, "{:?}", imported.warnings);
    let w = &imported.warnings[0];
    assert_eq!((w.file.as_str(), w.line), (MDX, 107));
    assert!(
        w.message.contains("thermostat_errors") && w.message.contains("overrides.toml"),
        "{w}"
    );
}

#[test]
fn rendered_twin_reads_the_same_facts() {
    let from_mdx = import(&[common::read(MDX)], None).unwrap().schema;
    let from_txt = import(&[common::read(TXT)], None).unwrap().schema;
    assert_eq!(from_mdx.events.len(), from_txt.events.len());
    for (a, b) in from_mdx.events.iter().zip(&from_txt.events) {
        assert_eq!(a.example, b.example);
        let keys = |e: &seam_schema::Event| e.properties.keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(a), keys(b));
        for (name, pa) in &a.properties {
            let pb = &b.properties[name];
            assert_eq!(shape(&pa.ty), shape(&pb.ty), "{}.{name}", a.event_type);
            assert_eq!(
                (&pa.presence, &pa.nullable, pa.undocumented),
                (&pb.presence, &pb.nullable, pb.undocumented),
                "{name}"
            );
        }
    }
}

/// A type with descriptions blanked, to compare what two formats say apart from wording.
fn shape(ty: &Type) -> Type {
    match ty {
        Type::Object {
            properties: Some(p),
        } => Type::Object {
            properties: Some(
                p.iter()
                    .map(|(k, v)| {
                        let mut v = v.clone();
                        v.description.clear();
                        v.sources.clear();
                        v.ty = shape(&v.ty);
                        (k.clone(), v)
                    })
                    .collect(),
            ),
        },
        Type::Array { items } => Type::Array {
            items: Box::new(shape(items)),
        },
        t => t.clone(),
    }
}

#[test]
fn both_formats_merge_and_keep_the_markdown() {
    let both = import(&[common::read(TXT), common::read(MDX)], None)
        .unwrap()
        .schema;
    let alone = import(&[common::read(MDX)], None).unwrap().schema;
    for (a, b) in both.events.iter().zip(&alone.events) {
        assert_eq!(a.sources.len(), 2);
        assert_eq!(a.description, b.description, "the MDX text wins");
        assert_eq!(a.properties.len(), b.properties.len());
    }
}

#[test]
fn overrides_resolve_undetermined_items() {
    let overrides = SourceFile::new(
        "overrides.toml",
        "[definitions.seam_error]\ndescription = \"E.\"\n[definitions.seam_error.properties.message]\n\
         kind = \"string\"\ndescription = \"M.\"\npresence = \"always\"\n\
         [[rule]]\nid = \"errors\"\nwhy = \"w\"\nmatch = { property = \"*_errors\" }\n\
         set = { items = { kind = \"ref\", name = \"seam_error\" } }\n",
    );
    let imported = import(&[common::read(MDX)], Some(&overrides)).unwrap();
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    let e = imported
        .schema
        .event("thermostat.manually_adjusted")
        .unwrap();
    assert_eq!(
        e.properties["thermostat_errors"].ty,
        Type::Array {
            items: Box::new(Type::Ref {
                name: "seam_error".into()
            })
        }
    );
    assert_eq!(
        e.properties["thermostat_errors"].provenance,
        ["override `errors`"]
    );
}
