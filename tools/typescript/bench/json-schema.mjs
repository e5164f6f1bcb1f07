// Validation speed of generated/json-schema under Ajv (draft 2020-12, ajv-formats, default
// options: the way another team loads the files), measured in turns: each round times every
// workload over every documented example and observed payload, and a ratio is the median over
// the rounds of the two times of one round, so that a change in the machine's load reaches both
// sides alike (as the Rust ratios are measured: crates/bench).
//
// The workloads:
// - `type_known`: every per-event file compiled, the one of the body's `event_type` picked from
//   a `Map` (the type known in advance: the limit);
// - `bundle` and `tolerant`: seam-event.schema.json and seam-event.tolerant.schema.json, each
//   compiled alone, routing each body to its type's schema.
//
// Prints one JSON object (figures per event and the ratios); `cargo xtask bench` runs it and
// holds the ratios to their targets. Every body must be valid against every workload.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const dir = join(root, "generated", "json-schema");
const read = (path) => JSON.parse(readFileSync(path, "utf8"));
const index = read(join(dir, "index.json"));

const rounds = Number(process.env.SEAM_BENCH_ROUNDS ?? 101);
const passes = Number(process.env.SEAM_BENCH_PASSES ?? 10);

/** Every documented example and observed payload. */
function bodies() {
  const out = read(join(root, "schema", "events.json")).events.map((e) => e.example);
  const payloads = join(root, "schema", "payloads");
  for (const type of readdirSync(payloads).sort()) {
    for (const file of readdirSync(join(payloads, type)).sort()) out.push(read(join(payloads, type, file)));
  }
  return out;
}

function ajv() {
  const instance = new Ajv2020();
  addFormats(instance);
  return instance;
}

const known = new Map();
{
  const instance = ajv();
  for (const entry of index.events) known.set(entry.event_type, instance.compile(read(join(dir, entry.file))));
}
const workloads = {
  type_known: (body) => known.get(body.event_type)(body),
  bundle: ajv().compile(read(join(dir, index.bundle.file))),
  tolerant: ajv().compile(read(join(dir, index.tolerant.file))),
};
const names = Object.keys(workloads);
const all = bodies();

for (const name of names) {
  for (const body of all) {
    if (!workloads[name](body)) {
      console.error(`${name}: ${body.event_type} is invalid: ${JSON.stringify(workloads[name].errors ?? known.get(body.event_type)?.errors)}`);
      process.exit(1);
    }
  }
}

/** Seconds for `passes` passes of `validate` over every body, after one untimed pass. */
function time(validate) {
  let valid = 0;
  for (const body of all) valid += validate(body) ? 1 : 0;
  const start = process.hrtime.bigint();
  for (let pass = 0; pass < passes; pass++) for (const body of all) valid += validate(body) ? 1 : 0;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (valid !== all.length * (passes + 1)) throw new Error("a body turned invalid");
  return seconds;
}

// Each round times every workload, in turn forward and backward, so that what one workload
// leaves behind (garbage to collect, a cooled cache) falls on each alike.
const rows = [];
for (let round = 0; round < rounds; round++) {
  const row = new Array(names.length);
  const order = round % 2 === 0 ? names.keys() : [...names.keys()].reverse();
  for (const i of order) row[i] = time(workloads[names[i]]);
  rows.push(row);
}
const median = (values) => values.sort((a, b) => a - b)[values.length >> 1];
const column = (i) => rows.map((row) => row[i]);
const ratio = (a, b) => median(rows.map((row) => row[names.indexOf(a)] / row[names.indexOf(b)]));

console.log(
  JSON.stringify({
    bodies: all.length,
    rounds,
    passes,
    node: process.version,
    ajv: read(join(root, "tools", "typescript", "node_modules", "ajv", "package.json")).version,
    ns_per_event: Object.fromEntries(names.map((name, i) => [name, (median(column(i)) / passes / all.length) * 1e9])),
    ratios: {
      "bundle / type_known": ratio("bundle", "type_known"),
      "tolerant / type_known": ratio("tolerant", "type_known"),
    },
  }),
);
