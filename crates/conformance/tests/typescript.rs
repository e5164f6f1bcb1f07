//! The TypeScript package for the fixture schema (every kind of property) and for 130 synthetic
//! events: `tsc --strict --noEmit` accepts every documented example and rejects the negative
//! cases, and the guards' tests pass under node.
//!
//! Needs the pinned compiler: `npm ci --prefix tools/typescript` (`cargo xtask ci` runs it). When
//! it is missing the tests fail if `SEAM_REQUIRE_TYPESCRIPT` is set (as CI sets it) and are
//! skipped with a note otherwise.

mod support;

#[test]
fn the_fixture_package_type_checks_and_its_guards_hold() {
    support::check_typescript(&conformance::schema("schema/fixture/events.json"), &[]);
}

#[test]
fn a_complete_reference_sized_package_type_checks() {
    let imported =
        seam_schema::import(&synthetic::pages(130), Some(&synthetic::overrides())).unwrap();
    support::check_typescript(&imported.schema, &[]);
}
