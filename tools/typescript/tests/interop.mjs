// Cross-checks the npm package against the Rust crate (crates/conformance/tests/webhook_interop.rs
// runs it): reads messages the Rust crate signed, as JSON on stdin, verifies each, signs each
// anew, and prints the signatures. Exits non-zero on the first message that does not verify.

import { readFileSync } from "node:fs";

import { signSeamWebhook, verifySeamWebhook } from "../../../generated/typescript/index.mjs";

const { secret, messages } = JSON.parse(readFileSync(0, "utf8"));
const signatures = [];
for (const m of messages) {
  const headers = { "svix-id": m.id, "svix-timestamp": String(m.timestamp), "svix-signature": m.signature };
  const event = await verifySeamWebhook(secret, headers, m.body, { now: m.timestamp });
  if (event.event_type !== m.event_type) {
    throw new Error(`${m.id}: verified as ${event.event_type}, expected ${m.event_type}`);
  }
  signatures.push(await signSeamWebhook(secret, m.id, m.timestamp, m.body));
}
process.stdout.write(JSON.stringify(signatures));
