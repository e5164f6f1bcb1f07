//! The Rust crate and the npm package sign alike: every documented example signed by the Rust
//! `Webhook::sign` verifies in TypeScript (`tools/typescript/tests/interop.mjs`, under node),
//! and every signature TypeScript's `signSeamWebhook` makes of it verifies in Rust.
//!
//! Needs node. Skipped with a note when the pinned TypeScript is not installed, unless
//! `SEAM_REQUIRE_TYPESCRIPT` is set (as `cargo xtask ci` sets it).

mod support;

use std::io::Write;
use std::process::{Command, Stdio};

use seam_events::webhook::Webhook;
use serde_json::{Value, json};

#[test]
fn signatures_made_in_rust_verify_in_typescript_and_back() {
    if support::tsc().is_none() {
        return;
    }
    let secret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    let webhook = Webhook::new(secret).unwrap();
    let schema = conformance::schema("schema/events.json");
    let messages: Vec<Value> = schema
        .events
        .iter()
        .enumerate()
        .map(|(i, event)| {
            // Bodies as a receiver gets them: pretty, with non-ASCII text.
            let mut example = event.example.clone();
            example["note"] = json!("café ☕ \u{1F512}");
            let body = serde_json::to_string_pretty(&example).unwrap();
            let (id, timestamp) = (format!("msg_{i}"), 1_700_000_000 + i as i64);
            json!({
                "id": id,
                "timestamp": timestamp,
                "body": body,
                "event_type": event.event_type,
                "signature": webhook.sign(&id, timestamp, body.as_bytes()),
            })
        })
        .collect();
    let input = json!({ "secret": secret, "messages": messages });

    let mut node = Command::new("node")
        .arg(support::root().join("tools/typescript/tests/interop.mjs"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs");
    node.stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let output = node.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "TypeScript did not verify what Rust signed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let signatures: Vec<String> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(signatures.len(), messages.len());
    for (message, signature) in messages.iter().zip(&signatures) {
        let (id, timestamp) = (
            message["id"].as_str().unwrap(),
            message["timestamp"].as_i64().unwrap(),
        );
        let body = message["body"].as_str().unwrap().as_bytes();
        let mut headers = webhook.test_headers(id, timestamp, b"");
        headers.insert("svix-signature", signature.parse().unwrap());
        let event = webhook
            .verify_at(&headers, body, timestamp)
            .unwrap_or_else(|e| panic!("{id}: Rust did not verify what TypeScript signed: {e}"));
        assert_eq!(event.event_type(), message["event_type"]);
    }
}
