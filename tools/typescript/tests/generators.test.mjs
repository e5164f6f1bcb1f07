// The generators other teams make their own types with, on generated/json-schema's generators'
// file (seam-event.types.schema.json), each pinned in package-lock.json: json-schema-to-typescript
// (one interface per event and `SeamEvent`, their union) and quicktype for Rust (one struct per
// event, from the file's `$defs`). The generated types must take every documented example and
// observed payload as its own event's type, and refuse a body of another event's type.
// (quicktype for Python and datamodel-code-generator: tools/python/generators.py.)
// Run by `cargo xtask ci` with `node --test`; the counts go to standard output.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const bin = fileURLToPath(new URL("../node_modules/.bin/", import.meta.url));
const tsc = fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url));
const file = join(root, "generated", "json-schema", "seam-event.types.schema.json");
const types = JSON.parse(readFileSync(file, "utf8"));
const events = JSON.parse(readFileSync(join(root, "schema", "events.json"), "utf8")).events;

/** The type name the file gives each event type. */
const typeOf = Object.fromEntries(
  Object.entries(types.$defs)
    .filter(([, d]) => d.properties?.event_type?.const)
    .map(([name, d]) => [d.properties.event_type.const, name]),
);

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

function run(program, args, cwd, env = {}) {
  try {
    return execFileSync(program, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  } catch (error) {
    throw new Error(`${program} ${args.join(" ")} failed:\n${error.stdout}\n${error.stderr}`);
  }
}

let work;
before(() => {
  work = mkdtempSync(join(tmpdir(), "seam-generators-"));
});
after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test("json-schema-to-typescript: one interface per event and their union take every body", () => {
  const at = join(work, "json2ts");
  mkdirSync(at);
  run(join(bin, "json2ts"), ["-i", file, "-o", join(at, "seam.d.ts")], root);
  const dts = readFileSync(join(at, "seam.d.ts"), "utf8");
  assert.match(dts, /export type SeamEvent =/);
  for (const name of Object.values(typeOf)) assert.match(dts, new RegExp(`export interface ${name} \\{`), name);
  const all = bodies();
  const names = [...new Set(Object.values(typeOf))];
  let source = `import type { SeamEvent, ${names.join(", ")} } from "./seam.js";\n\n`;
  all.forEach(({ from, body }, i) => {
    source += `// ${from}\nexport const body_${i}: ${typeOf[body.event_type]} = ${JSON.stringify(body)};\nexport const union_${i}: SeamEvent = body_${i};\n`;
  });
  const other = { ...events[0].example, event_type: events[1].event_type };
  source += `// @ts-expect-error another event's type\nexport const wrong: ${typeOf[events[0].event_type]} = ${JSON.stringify(other)};\n`;
  writeFileSync(join(at, "bodies.ts"), source);
  writeFileSync(join(at, "tsconfig.json"), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", types: [], skipLibCheck: false },
    files: ["bodies.ts"],
  }));
  run(process.execPath, [tsc, "-p", "tsconfig.json"], at);
  console.log(`json-schema-to-typescript: ${names.length} interfaces and SeamEvent; ${all.length} passed, 0 failed`);
});

test("quicktype (Rust): one struct per event reads every body as its own event", () => {
  const at = join(work, "quicktype-rust");
  mkdirSync(join(at, "src"), { recursive: true });
  run(join(bin, "quicktype"), ["-s", "schema", `${file}#/$defs/`, "-l", "rust", "--visibility", "public", "-o", join(at, "src", "types.rs")], root);
  const names = [...new Set(Object.values(typeOf))];
  const all = bodies();
  writeFileSync(join(at, "bodies.json"), JSON.stringify(all.map(({ from, body }) => [from, typeOf[body.event_type], body])));
  // One more, refused: a body of one event's type read as another event's struct.
  const other = { ...events[0].example, event_type: events[1].event_type };
  writeFileSync(join(at, "wrong.json"), JSON.stringify([typeOf[events[0].event_type], other]));
  const arms = names.map((n) => `        ${JSON.stringify(n)} => serde_json::from_value::<types::${n}>(body).map(|_| ()),`).join("\n");
  writeFileSync(join(at, "src", "main.rs"), `#![allow(dead_code)]
mod types;

fn read(name: &str, body: serde_json::Value) -> Result<(), serde_json::Error> {
    match name {
${arms}
        other => panic!("no struct {other}"),
    }
}

fn main() {
    let bodies: Vec<(String, String, serde_json::Value)> =
        serde_json::from_str(&std::fs::read_to_string("bodies.json").unwrap()).unwrap();
    let (mut passed, mut failed) = (0, 0);
    for (from, name, body) in bodies {
        match read(&name, body) {
            Ok(()) => passed += 1,
            Err(e) => {
                failed += 1;
                eprintln!("FAILED: {from} as {name}: {e}");
            }
        }
    }
    let (name, wrong): (String, serde_json::Value) =
        serde_json::from_str(&std::fs::read_to_string("wrong.json").unwrap()).unwrap();
    if read(&name, wrong).is_ok() {
        failed += 1;
        eprintln!("FAILED: a body of another event's type read as {name}");
    }
    println!("{passed} passed, {failed} failed");
    std::process::exit(if failed == 0 { 0 } else { 1 });
}
`);
  writeFileSync(join(at, "Cargo.toml"), `[package]
name = "quicktype-rust"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = "1"

[workspace]
`);
  // The workspace's lock file: the versions it has, offline.
  copyFileSync(join(root, "Cargo.lock"), join(at, "Cargo.lock"));
  const out = run("cargo", ["run", "--quiet", "--offline"], at, { CARGO_TARGET_DIR: join(root, "target", "generators-rust") }).trim();
  assert.equal(out, `${all.length} passed, 0 failed`);
  console.log(`quicktype (Rust): ${names.length} structs; ${out}`);
});
