use super::*;

const PAGE: &str = "Skip to main content

lock.unlocked

A lock was unlocked.
Example webhook payload
{
  \"details\": { \"battery\": { \"level\": 0.5 }, \"mode\": \"x\" },
  \"event_type\": \"lock.unlocked\",
  \"method\": \"keycode\"
}
details
Object
Details.
Hide properties
battery
Object
Battery.
Hide properties
level
number
Level between 0 and 1.
mode
String
Mode.
event_type
Enum (String)
Value: lock.unlocked
method
Enum (String)
How it was unlocked.
Possible values: keycode, manual

access_code.unmanaged.converted_to_managed

Converted.
Example webhook payload
{ \"event_type\": \"access_code.unmanaged.converted_to_managed\", \"tags\": [] }
event_type
Enum (String)
Value: access_code.unmanaged.converted_to_managed
tags
Array
Tags.
Hide properties
label
String
The label.
undocumented_flag
Boolean
undocumented: Internal.";

fn names(props: &[RawProperty]) -> Vec<&str> {
    props.iter().map(|p| p.name.as_str()).collect()
}

#[test]
fn reads_events_and_nesting() {
    let events = parse("p.txt", PAGE).unwrap();
    assert_eq!(events.len(), 2);
    let e = &events[0];
    assert_eq!(
        (e.event_type.as_str(), e.line, e.example_line),
        ("lock.unlocked", 3, 7)
    );
    assert_eq!(e.description.markdown, "A lock was unlocked.");
    assert_eq!(names(&e.properties), ["details", "event_type", "method"]);
    let details = &e.properties[0];
    assert_eq!(names(&details.children), ["battery", "mode"]);
    assert_eq!(names(&details.children[0].children), ["level"]);
    assert_eq!(details.children[0].children[0].line, 20);
    assert_eq!(
        e.properties[2].description.markdown,
        "How it was unlocked.\nPossible values: keycode, manual"
    );
    let e = &events[1];
    assert_eq!(e.event_type, "access_code.unmanaged.converted_to_managed");
    assert_eq!(e.example_line, 38);
    // Without example keys, alphabetical order closes the shown object: `undocumented_flag`
    // sorts after `label`, so only a key or an earlier name could end it; here it is a child.
    assert_eq!(names(&e.properties), ["event_type", "tags"]);
    assert_eq!(
        names(&e.properties[1].children),
        ["label", "undocumented_flag"]
    );
}

#[test]
fn alphabetical_order_closes_objects_without_example_keys() {
    let page = "x.y\nD.\nExample webhook payload\n{\"o\": {}}\no\nObject\nO.\nHide properties\nzeta\nString\nZ.\nalpha\nString\nA.\n";
    let events = parse("p.txt", page).unwrap();
    assert_eq!(names(&events[0].properties), ["o", "alpha"]);
    assert_eq!(names(&events[0].properties[0].children), ["zeta"]);
}

#[test]
fn example_keys_close_objects() {
    let page = "x.y\nD.\nExample webhook payload\n{\"o\": {\"a\": 1}, \"z\": 1}\no\nObject\nO.\na\nnumber\nA.\nz\nnumber\nZ.\n";
    let events = parse("p.txt", page).unwrap();
    assert_eq!(names(&events[0].properties), ["o", "z"]);
    assert_eq!(names(&events[0].properties[0].children), ["a"]);
}

#[test]
fn free_form_objects_have_no_children() {
    let page = "x.y\nD.\nExample webhook payload\n{\"meta\": {}, \"z\": 1}\nmeta\nObject\nM.\nz\nnumber\nZ.\n";
    let events = parse("p.txt", page).unwrap();
    assert_eq!(names(&events[0].properties), ["meta", "z"]);
    assert!(events[0].properties[0].children.is_empty());
}

#[test]
fn errors_name_the_line() {
    let cases: &[(&str, usize, &str)] = &[
        (
            "x.y\nD.\nExample webhook payload\n{\n  \"a\": ,\n}\n",
            5,
            "not valid JSON",
        ),
        (
            "x.y\nD.\nExample webhook payload\n{}\nacs_system_id\nID.\nb\nString\nB.\n",
            5,
            "expected a property",
        ),
        (
            "x.y\nD.\nExample webhook payload\n{}\na\nString\nA.\nacs_system_id\nID of it.\n",
            8,
            "without a type",
        ),
        (
            "x.y\nD.\nExample webhook payload\n{}\na\nString\nA.\n\nz.w\n\nZ.\n",
            9,
            "looks like an event type",
        ),
        (
            "Skip to main content\n\nJust text.\n",
            1,
            "documents no event",
        ),
        ("Example webhook payload\n{}\n", 1, "follows no event type"),
    ];
    for (page, line, needle) in cases {
        let err = parse("p.txt", page).unwrap_err();
        assert_eq!(err.line, *line, "{err}");
        assert!(err.message.contains(needle), "{err}");
    }
}

#[test]
fn shapes() {
    assert!(is_type_shaped("String (UUID)"));
    assert!(is_type_shaped("number"));
    assert!(!is_type_shaped("ID of the event."));
    assert!(!is_type_shaped("String (a) (b)"));
    assert!(is_name("acs_system_id"));
    assert!(!is_name("1abc"));
    assert!(!is_name("a.b"));
}

#[test]
fn values_may_continue_on_the_next_line() {
    let page = "x.y\nD.\nExample webhook payload\n{}\nevent_type\nEnum (String)\nValue:\nx.y\nmode\nEnum (String)\nPossible values:\nheat_cool, off\n";
    let events = parse("p.txt", page).unwrap();
    assert_eq!(names(&events[0].properties), ["event_type", "mode"]);
    assert_eq!(events[0].properties[0].description.markdown, "Value:\nx.y");
}
