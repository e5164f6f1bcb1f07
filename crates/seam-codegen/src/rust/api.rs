//! What the crate's entry points (`SeamEvent`, `EventType`) say about each event: the first
//! sentence of its docs, and which event the crate docs and the README show.

use crate::plan::{EventItem, Plan};

/// The first sentence of a Markdown description, for one-line docs.
pub fn first_sentence(doc: &str) -> String {
    let line = doc.lines().next().unwrap_or_default().trim();
    let line = super::docs::rustdoc(line, "");
    match line.find(". ") {
        Some(i) => line[..=i].to_owned(),
        None => line,
    }
}

/// The event the examples of the crate docs and the README handle: `lock.unlocked` (what a
/// receiver most often starts with) when the plan has it, else the first.
pub fn doc_example(plan: &Plan) -> Option<&EventItem> {
    (plan.events.iter().find(|e| e.event_type == "lock.unlocked")).or(plan.events.first())
}
