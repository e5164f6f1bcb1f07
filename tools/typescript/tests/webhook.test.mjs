// The npm package's webhook verification, on the cases the Rust crate is tested on
// (crates/conformance/webhook/cases.json, signed by Python's hmac) and on every documented
// example. Run by `cargo xtask ci` with `node --test`.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import {
  isSeamEvent,
  SeamWebhookError,
  SeamWebhookHeaderError,
  SeamWebhookPayloadError,
  SeamWebhookSecretError,
  SeamWebhookSignatureError,
  SeamWebhookTimestampError,
  signSeamWebhook,
  verifySeamWebhook,
  verifySeamWebhookSignature,
} from "../../../generated/typescript/index.mjs";

const root = new URL("../../../", import.meta.url);
const { cases } = JSON.parse(readFileSync(new URL("crates/conformance/webhook/cases.json", root), "utf8"));
const schema = JSON.parse(readFileSync(new URL("schema/events.json", root), "utf8"));

/** The outcome as the cases name it. */
function outcome(error) {
  assert.ok(error instanceof SeamWebhookError, `not a SeamWebhookError: ${error}`);
  assert.match(error.message, error.status === 500 ? /secret/ : new RegExp(`answer ${error.status}`));
  if (error instanceof SeamWebhookSecretError) return "invalid_secret";
  if (error instanceof SeamWebhookHeaderError) {
    return error.missing ? { missing_header: error.header } : { invalid_header: error.header };
  }
  if (error instanceof SeamWebhookTimestampError) return "timestamp";
  if (error instanceof SeamWebhookSignatureError) return "signature";
  if (error instanceof SeamWebhookPayloadError) {
    // An object with a string event_type that this package does not know is kept whole in
    // `payload`: the Rust crate's `SeamEvent::Unknown`.
    return error.reason === "undocumented" && typeof error.payload?.event_type === "string"
      ? "event"
      : "unreadable";
  }
  throw new Error(`an error the cases do not know: ${error}`);
}

async function settle(promise) {
  try {
    await promise;
    return "ok";
  } catch (error) {
    return outcome(error);
  }
}

test("the shared cases", async (t) => {
  assert.ok(cases.length >= 30);
  for (const c of cases) {
    await t.test(c.name, async () => {
      const options = { now: c.now, toleranceSeconds: c.tolerance };
      // Both forms of headers: a plain record and a Headers object.
      for (const headers of [c.headers, new Headers(c.headers)]) {
        // Both forms of body: a string and bytes.
        for (const body of [c.body, new TextEncoder().encode(c.body)]) {
          assert.deepEqual(await settle(verifySeamWebhookSignature(c.secret, headers, body, options)), c.signature);
          const verified = await settle(verifySeamWebhook(c.secret, headers, body, options));
          assert.deepEqual(verified === "ok" ? "event" : verified, c.verify);
        }
      }
    });
  }
});

test("every documented example, signed and verified, is its typed event", async () => {
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  for (const [i, event] of schema.events.entries()) {
    const body = JSON.stringify(event.example, null, 2);
    const [id, now] = [`msg_${i}`, 1_700_000_000 + i];
    const headers = { "svix-id": id, "svix-timestamp": String(now), "svix-signature": await signSeamWebhook(secret, id, now, body) };
    const parsed = await verifySeamWebhook(secret, headers, body, { now });
    assert.ok(isSeamEvent(parsed, event.event_type), event.event_type);
    await assert.rejects(verifySeamWebhook(secret, headers, body + " ", { now }), SeamWebhookSignatureError);
  }
});

test("the default tolerance is five minutes from the clock", async () => {
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const body = '{"event_type":"example.not_documented"}';
  const now = Math.floor(Date.now() / 1000);
  const signed = async (ts) => ({ "svix-id": "m", "svix-timestamp": String(ts), "svix-signature": await signSeamWebhook(secret, "m", ts, body) });
  await verifySeamWebhookSignature(secret, await signed(now), body);
  await assert.rejects(verifySeamWebhookSignature(secret, await signed(now - 600), body), SeamWebhookTimestampError);
  await verifySeamWebhookSignature(secret, await signed(now - 600), body, { toleranceSeconds: 700 });
  await verifySeamWebhookSignature(secret, await signed(now - 600), body, { now: new Date((now - 600) * 1000) });
});
