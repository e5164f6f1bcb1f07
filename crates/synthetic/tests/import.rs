//! The synthetic pages import cleanly: both formats agree, every construct is read.

use seam_schema::{Type, import};

#[test]
fn a_complete_reference_sized_page_set_imports() {
    let imported = import(&synthetic::pages(130), Some(&synthetic::overrides())).unwrap();
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    let schema = imported.schema;
    assert_eq!(schema.events.len(), 130);
    let both = schema
        .events
        .iter()
        .filter(|e| e.sources.len() == 2)
        .count();
    assert!(both >= 60, "rendered twins merged into {both} events");
    let e = schema.event(&synthetic::event_type(3)).unwrap();
    assert_eq!(
        e.resource.matches('.').count(),
        1,
        "a three-segment event type keeps two in its resource"
    );
    assert!(matches!(&e.properties["mode"].ty, Type::Enum { values } if values.len() == 4));
    let Type::Object {
        properties: Some(details),
    } = &e.properties["details"].ty
    else {
        panic!("nested")
    };
    assert!(matches!(
        &details["battery"].ty,
        Type::Object {
            properties: Some(_)
        }
    ));
    assert!(
        !e.properties["details"].always_present(),
        "\"if any\" makes it optional"
    );
    assert!(schema.event(&synthetic::event_type(0)).unwrap().properties["name"].undocumented);
}

#[test]
fn pages_are_deterministic() {
    assert_eq!(synthetic::pages(20), synthetic::pages(20));
}
