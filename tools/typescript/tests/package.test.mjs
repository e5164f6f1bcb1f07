// The npm package as its users get it: `npm pack` of generated/typescript, installed from the
// tarball into fresh projects (CommonJS with `module: node16`, ESM with `nodenext`, a bundler
// project), each type-checked by the pinned TypeScript and run by Node (the bundler project as
// the pinned esbuild bundles it), with `require` and `import` of the guards and the webhook
// functions. Run by `cargo xtask ci`.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";

import esbuild from "esbuild";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const packageDir = join(root, "generated", "typescript");
const tsc = fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url));
const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
const name = manifest.name;
const events = JSON.parse(readFileSync(join(root, "schema", "events.json"), "utf8")).events;
const example = events[0];

let work;
let tarball;

function run(program, args, cwd) {
  try {
    return execFileSync(program, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    throw new Error(`${program} ${args.join(" ")} (in ${cwd}) failed:\n${error.stdout}\n${error.stderr}`);
  }
}

/** A fresh project in `work/dir` with `files`, the packed package installed from the tarball. */
function project(dir, files) {
  const at = join(work, dir);
  mkdirSync(at, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(at, file, ".."), { recursive: true });
    writeFileSync(join(at, file), typeof text === "string" ? text : JSON.stringify(text, null, 2));
  }
  run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball], at);
  return at;
}

// What every project's source does with the package: narrow a body, read the known types,
// sign and verify a webhook, tell the errors apart. `EXAMPLE` is a documented example.
const SOURCE = (importLine) => `${importLine}
import { seamEventExample } from "${name}/examples";

const body: unknown = JSON.parse(process.argv[2] ?? "{}");
const types: readonly SeamEventType[] = SEAM_EVENT_TYPES;
async function main(): Promise<string> {
  if (!isSeamEvent(body)) throw new Error("the example is not a SeamEvent");
  const event: SeamEvent = body;
  const text = JSON.stringify(event);
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const now = 1700000000;
  const signature = await signSeamWebhook(secret, "msg_1", now, text);
  const verified = await verifySeamWebhook(
    secret,
    { "webhook-id": "msg_1", "webhook-timestamp": String(now), "webhook-signature": signature },
    text,
    { now },
  );
  try {
    await verifySeamWebhook(secret, {}, text);
    throw new Error("headers missing, yet verified");
  } catch (error) {
    if (!(error instanceof SeamWebhookHeaderError) || !(error instanceof SeamWebhookError)) throw error;
  }
  // A handler's test: the shipped example, typed, signed as Seam would send it.
  const shipped = seamEventExample(${JSON.stringify(example.event_type)});
  const shippedText = JSON.stringify(shipped);
  const shippedSignature = await signSeamWebhook(secret, "msg_2", now, shippedText);
  const received = await verifySeamWebhook(
    secret,
    { "webhook-id": "msg_2", "webhook-timestamp": String(now), "webhook-signature": shippedSignature },
    shippedText,
    { now },
  );
  if (received.event_type !== shipped.event_type) throw new Error("the shipped example did not verify");
  return \`\${types.length} \${verified.event_type} \${isSeamEventType(verified.event_type)}\`;
}
main().then((line) => console.log(line), (error) => { console.error(error); process.exit(1); });
`;
const NAMES = "isSeamEvent, isSeamEventType, SEAM_EVENT_TYPES, signSeamWebhook, verifySeamWebhook, SeamWebhookError, SeamWebhookHeaderError";
const TYPES = "type SeamEvent, type SeamEventType";
const NO_NODE_TYPES = "declare const process: { argv: string[]; exit(code: number): never };\n";

before(() => {
  work = mkdtempSync(join(tmpdir(), "seam-events-package-"));
  const packed = JSON.parse(run("npm", ["pack", packageDir, "--pack-destination", work, "--json"], work));
  tarball = join(work, packed[0].filename);
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test("the tarball holds the entry points, their types and the license texts, and nothing else", () => {
  const listed = run("tar", ["-tzf", tarball], work).trim().split("\n").map((f) => f.replace(/^package\//, "")).sort();
  assert.deepEqual(listed, [...manifest.files, "package.json"].sort());
  for (const entry of ["index.js", "index.mjs", "index.d.ts", "index.d.mts", "LICENSE-MIT", "LICENSE-APACHE"]) {
    assert.ok(listed.includes(entry), entry);
  }
  assert.ok(name.startsWith("@"), `${name}: scoped`);
  assert.ok(manifest.engines?.node, "engines.node");
  assert.ok(manifest.repository?.url && manifest.homepage && manifest.keywords?.length, "metadata");
});

test("a CommonJS project (module: node16) type-checks, compiles to require and runs", () => {
  const at = project("cjs-node16", {
    "package.json": { name: "cjs-node16", private: true, type: "commonjs" },
    "tsconfig.json": {
      compilerOptions: { strict: true, module: "node16", moduleResolution: "node16", target: "ES2022", types: [], outDir: "dist", skipLibCheck: false },
      files: ["src/main.ts"],
    },
    "src/main.ts": NO_NODE_TYPES + SOURCE(`import { ${NAMES}, ${TYPES} } from "${name}";`),
  });
  run(process.execPath, [tsc, "-p", "tsconfig.json"], at);
  const js = readFileSync(join(at, "dist", "main.js"), "utf8");
  assert.match(js, /require\("@/, "compiled to require");
  const out = run(process.execPath, ["dist/main.js", JSON.stringify(example.example)], at).trim();
  assert.equal(out, `${events.length} ${example.event_type} true`);
});

test("an ES module project (module: nodenext) type-checks, compiles to import and runs", () => {
  const at = project("esm-nodenext", {
    "package.json": { name: "esm-nodenext", private: true, type: "module" },
    "tsconfig.json": {
      compilerOptions: { strict: true, module: "nodenext", moduleResolution: "nodenext", target: "ES2022", types: [], outDir: "dist", skipLibCheck: false },
      files: ["src/main.ts"],
    },
    "src/main.ts": NO_NODE_TYPES + SOURCE(`import { ${NAMES}, ${TYPES} } from "${name}";`),
  });
  run(process.execPath, [tsc, "-p", "tsconfig.json"], at);
  const js = readFileSync(join(at, "dist", "main.js"), "utf8");
  assert.match(js, /^import .* from "@/m, "compiled to import");
  const out = run(process.execPath, ["dist/main.js", JSON.stringify(example.example)], at).trim();
  assert.equal(out, `${events.length} ${example.event_type} true`);
});

test("a bundler project (moduleResolution: bundler) type-checks, and esbuild's bundle runs", async () => {
  const at = project("bundler", {
    "package.json": { name: "bundler", private: true, type: "module" },
    "tsconfig.json": {
      compilerOptions: { strict: true, module: "esnext", moduleResolution: "bundler", target: "ES2022", types: [], noEmit: true, skipLibCheck: false },
      files: ["src/main.ts"],
    },
    "src/main.ts": NO_NODE_TYPES + SOURCE(`import { ${NAMES}, ${TYPES} } from "${name}";`),
  });
  run(process.execPath, [tsc, "-p", "tsconfig.json"], at);
  // The package as a bundler takes it (the `import` condition), bundled into one file.
  await esbuild.build({
    entryPoints: [join(at, "src", "main.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: join(at, "dist", "main.mjs"),
    absWorkingDir: at,
    logLevel: "silent",
  });
  const bundled = readFileSync(join(at, "dist", "main.mjs"), "utf8");
  assert.ok(!/from\s+"@/.test(bundled), "the package is inside the bundle");
  const out = run(process.execPath, ["dist/main.mjs", JSON.stringify(example.example)], at).trim();
  assert.equal(out, `${events.length} ${example.event_type} true`);
});

test("a type error in a user's code is still reported (the checks above can fail)", () => {
  const at = project("cjs-wrong", {
    "package.json": { name: "cjs-wrong", private: true, type: "commonjs" },
    "tsconfig.json": {
      compilerOptions: { strict: true, module: "node16", moduleResolution: "node16", types: [], noEmit: true },
      files: ["src/main.ts"],
    },
    "src/main.ts": `import { isSeamEventType } from "${name}";\nconst n: number = isSeamEventType("x");\nexport { n };\n`,
  });
  assert.throws(() => run(process.execPath, [tsc, "-p", "tsconfig.json"], at), /TS2322/);
});

test("require and import give the same functions and classes", () => {
  const at = project("plain", { "package.json": { name: "plain", private: true } });
  const script = `
    const required = require(${JSON.stringify(name)});
    import(${JSON.stringify(name)}).then((imported) => {
      const a = Object.keys(required).sort(), b = Object.keys(imported).filter((k) => k !== "default").sort();
      if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error("exports differ: " + a + " / " + b);
      for (const k of a) if (required[k] !== imported[k]) throw new Error("not the same instance: " + k);
      const body = JSON.parse(process.argv[1]);
      console.log(required.isSeamEvent(body) && imported.isSeamEvent(body), a.length);
    }).catch((e) => { console.error(e); process.exit(1); });`;
  const out = run(process.execPath, ["-e", script, JSON.stringify(example.example)], at).trim();
  // Everything the modules behind the entry points export, the entry points export.
  const installed = join(at, "node_modules", ...name.split("/"));
  const inner = `const pkg = require(${JSON.stringify(installed)});
    const inner = { ...require(${JSON.stringify(join(installed, "guards.js"))}), ...require(${JSON.stringify(join(installed, "webhook.js"))}) };
    console.log(Object.keys(inner).length + "|" + (Object.keys(inner).filter((k) => pkg[k] !== inner[k]).join(",") || "none missing"));`;
  const [count, missing] = run(process.execPath, ["-e", inner], at).trim().split("|");
  assert.equal(missing, "none missing");
  assert.equal(out, `true ${count}`);
  const esm = `import { isSeamEvent, SEAM_EVENT_TYPES } from ${JSON.stringify(name)};
    console.log(isSeamEvent(JSON.parse(process.argv[1])), SEAM_EVENT_TYPES.length);`;
  const out2 = run(process.execPath, ["--input-type=module", "-e", esm, JSON.stringify(example.example)], at).trim();
  assert.equal(out2, `true ${events.length}`);
});
