// The OpenAPI file in the tools other teams read it with, each pinned in package-lock.json:
// Redocly CLI's recommended lint (with the shipped redocly.yaml), swagger-parser's validate,
// Scalar CLI's validate, and openapi-typescript, whose types must accept every documented
// example and observed payload as its webhook's request body (and reject a wrong one).
// Run by `cargo xtask ci` with `node --test`; the counts go to standard output.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL("../../../", import.meta.url));
const tools = fileURLToPath(new URL("../node_modules/.bin/", import.meta.url));
const dir = join(root, "generated", "openapi");
const file = join(dir, "seam-webhooks.openapi.json");
const document = JSON.parse(readFileSync(file, "utf8"));
const events = JSON.parse(readFileSync(join(root, "schema", "events.json"), "utf8")).events;

/** Every documented example and observed payload, with where it comes from. */
function bodies() {
  const out = events.map((e) => ({ from: `the ${e.event_type} example`, body: e.example }));
  const payloads = join(root, "schema", "payloads");
  for (const type of readdirSync(payloads).sort()) {
    for (const name of readdirSync(join(payloads, type)).sort()) {
      out.push({ from: `schema/payloads/${type}/${name}`, body: JSON.parse(readFileSync(join(payloads, type, name), "utf8")) });
    }
  }
  return out;
}

function run(program, args, cwd = root) {
  try {
    return execFileSync(program, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } });
  } catch (error) {
    throw new Error(`${program} ${args.join(" ")} failed:\n${error.stdout}\n${error.stderr}`);
  }
}

let work;
before(() => {
  work = mkdtempSync(join(tmpdir(), "seam-openapi-"));
});
after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test("Redocly's recommended lint is clean, with the shipped config", () => {
  const out = run(join(tools, "redocly"), ["lint", "--config", join(dir, "redocly.yaml"), "--format", "summary", file]);
  assert.doesNotMatch(out, /\b[1-9]\d* (error|warning)/, out);
  console.log("redocly lint (recommended): 0 errors, 0 warnings");
});

test("swagger-parser validates the file", async () => {
  const SwaggerParser = require("@apidevtools/swagger-parser");
  const api = await SwaggerParser.validate(structuredClone(document));
  assert.equal(Object.keys(api.webhooks).length, events.length);
  console.log(`swagger-parser validate: ${events.length} webhooks`);
});

test("Scalar validates the file", () => {
  const out = run(join(tools, "scalar"), ["document", "validate", file]);
  assert.match(out, /Matches the OpenAPI specification/, out);
  console.log("scalar document validate: valid");
});

test("openapi-typescript's types accept every example and payload as its webhook's request body", () => {
  const types = join(work, "webhooks.d.ts");
  run(join(tools, "openapi-typescript"), [file, "-o", types]);
  const all = bodies();
  const body = (type) => `webhooks[${JSON.stringify(type)}]["post"]["requestBody"]["content"]["application/json"]`;
  let source = `import type { webhooks } from "./webhooks.js";\n\n`;
  all.forEach(({ from, body: payload }, i) => {
    source += `// ${from}\nexport const body_${i}: ${body(payload.event_type)} = ${JSON.stringify(payload)};\n`;
  });
  // And it can fail: a body whose event_type is another's.
  const wrong = { ...events[0].example, event_type: events[1].event_type };
  source += `// @ts-expect-error a wrong event_type\nexport const wrong: ${body(events[0].event_type)} = ${JSON.stringify(wrong)};\n`;
  writeFileSync(join(work, "bodies.ts"), source);
  writeFileSync(join(work, "tsconfig.json"), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", types: [], skipLibCheck: false },
    files: ["bodies.ts"],
  }));
  let failed = 0;
  try {
    run(process.execPath, [fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url)), "-p", "tsconfig.json"], work);
  } catch (error) {
    failed = new Set([...String(error.message).matchAll(/bodies\.ts\((\d+),/g)].map((m) => m[1])).size;
    console.log(`openapi-typescript: ${all.length - failed} passed, ${failed} failed`);
    throw error;
  }
  console.log(`openapi-typescript: ${all.length} passed, 0 failed`);
});
