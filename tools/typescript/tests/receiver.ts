// A fetch-style receiver (Deno, Bun, edge runtimes, Node frameworks), type-checked by
// `cargo xtask ci` against the package's declarations: the API as a receiver uses it.

import {
  SeamWebhookError,
  SeamWebhookPayloadError,
  signSeamWebhook,
  verifySeamWebhook,
  type SeamEvent,
  type SeamWebhookHeaders,
} from "../../../generated/typescript/index.js";

export async function receive(request: Request, secret: string): Promise<Response> {
  const body = new Uint8Array(await request.arrayBuffer());
  try {
    const event: SeamEvent = await verifySeamWebhook(secret, request.headers, body);
    switch (event.event_type) {
      case "lock.locked":
        return new Response(event.device_id, { status: 200 });
      default:
        return new Response(null, { status: 204 });
    }
  } catch (error) {
    if (error instanceof SeamWebhookPayloadError) {
      const kept: string | undefined = error.payload?.event_type;
      return new Response(`${error.reason} ${kept ?? ""}`, { status: error.status });
    }
    if (error instanceof SeamWebhookError) {
      return new Response(error.message, { status: error.status });
    }
    throw error;
  }
}

/** A signed test request, as Seam would send it. */
export async function testRequest(secret: string, body: string): Promise<Request> {
  const timestamp = Math.floor(Date.now() / 1000);
  const headers: SeamWebhookHeaders = {
    "svix-id": "msg_test",
    "svix-timestamp": String(timestamp),
    "svix-signature": await signSeamWebhook(secret, "msg_test", timestamp, body),
  };
  return new Request("https://example.test/webhooks/seam", {
    method: "POST",
    headers: headers as Record<string, string>,
    body,
  });
}
