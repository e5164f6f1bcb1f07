//! Fuzzes `SeamEvent` parsing from bytes: an event or an error, never a panic; a parsed event
//! serializes and parses back to itself, by both parse paths.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seam_events::SeamEvent;

fuzz_target!(|bytes: &[u8]| {
    let fast = SeamEvent::from_slice(bytes);
    let generic = serde_json::from_slice::<SeamEvent>(bytes);
    assert_eq!(fast.is_ok(), generic.is_ok(), "the parse paths disagree");
    if let (Ok(a), Ok(b)) = (&fast, &generic) {
        assert_eq!(a, b);
        let back = serde_json::to_vec(a).expect("an event serializes");
        assert_eq!(
            &SeamEvent::from_slice(&back).expect("its own output parses"),
            a
        );
    }
});
