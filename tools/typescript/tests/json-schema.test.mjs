// generated/json-schema under Ajv (draft 2020-12, strict mode, ajv-formats; pinned in
// package-lock.json), the way a team validating webhooks in JavaScript uses it: every file loaded
// together (no `$id` twice, every `$ref` resolving offline), every documented example and
// observed payload valid, and the errors a consumer reads short and to the point.
//
// The folder checked is `SEAM_JSON_SCHEMA_DIR` when set (a test writes the files with a base URL
// there), else generated/json-schema. Run by `cargo xtask ci`.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const dir = process.env.SEAM_JSON_SCHEMA_DIR ?? join(root, "generated", "json-schema");
const read = (path) => JSON.parse(readFileSync(path, "utf8"));
const index = read(join(dir, "index.json"));
const events = read(join(root, "schema", "events.json")).events;
const types = events.map((e) => e.event_type);

/** Every file of the folder in one Ajv instance (Ajv throws on an `$id` given twice). */
function load() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  for (const entry of index.events) ajv.addSchema(read(join(dir, entry.file)));
  ajv.addSchema(read(join(dir, index.bundle.file)));
  ajv.addSchema(read(join(dir, index.tolerant.file)));
  ajv.addSchema(read(join(dir, index.types.file)));
  return ajv;
}

const ajv = load();
const strict = ajv.getSchema(index.bundle.$id);
const tolerant = ajv.getSchema(index.tolerant.$id);
const own = (type) => ajv.getSchema(index.events.find((e) => e.event_type === type).$id);

/** The errors of `validate` for `body`, each as a reader sees it: where, and what. */
function errors(validate, body) {
  return validate(body) ? [] : validate.errors.map((e) => `${e.instancePath || "(root)"} ${e.message}`);
}

/** A documented example with `change` applied. */
function changed(event, change) {
  const body = structuredClone(event.example);
  change(body);
  return body;
}

test("every file loads together, under the `$id` the index gives, and compiles in strict mode", () => {
  assert.ok(strict && tolerant, "the bundles compile");
  assert.equal(index.events.length, events.length);
  for (const entry of index.events) {
    assert.equal(read(join(dir, entry.file)).$id, entry.$id, entry.file);
    assert.ok(own(entry.event_type), entry.event_type);
  }
  assert.throws(() => load().addSchema(read(join(dir, index.bundle.file))), /already exists/);
  // Each file also compiles alone in an Ajv with its default options (strict mode).
  for (const entry of [index.bundle, index.tolerant, index.types]) {
    const alone = new Ajv2020();
    addFormats(alone);
    assert.ok(alone.compile(read(join(dir, entry.file))), entry.file);
  }
});

test("the generators' file takes every example as its union, and names each event's type as Rust and TypeScript do", () => {
  const generators = ajv.getSchema(index.types.$id);
  const file = read(join(dir, index.types.file));
  for (const event of events) {
    assert.ok(generators(event.example), `${event.event_type}: ${JSON.stringify(generators.errors?.slice(0, 3))}`);
    const named = Object.entries(file.$defs).filter(([, d]) => d.properties?.event_type?.const === event.event_type);
    assert.equal(named.length, 1, event.event_type);
    assert.equal(named[0][1].title, named[0][0], "the title is the type's name");
  }
  assert.equal(file.oneOf.length, events.length);
  assert.ok(!generators({ ...events[0].example, event_type: "lock.teleported" }), "an unknown type is no event");
});

test("every documented example and observed payload is valid against both bundles and its own file", () => {
  let bodies = events.map((e) => [e.event_type, e.example]);
  const payloads = join(root, "schema", "payloads");
  for (const type of readdirSync(payloads)) {
    for (const file of readdirSync(join(payloads, type))) bodies.push([type, read(join(payloads, type, file))]);
  }
  assert.ok(bodies.length > events.length, "payloads were read");
  for (const [type, body] of bodies) {
    assert.deepEqual(errors(strict, body), [], `${type}: bundle`);
    assert.deepEqual(errors(tolerant, body), [], `${type}: tolerant bundle`);
    assert.deepEqual(errors(own(type), body), [], `${type}: its own file`);
  }
});

test("an unknown event_type is one error, on event_type, listing the known types", () => {
  const body = changed(events[0], (b) => (b.event_type = "lock.teleported"));
  assert.equal(strict(body), false);
  assert.equal(strict.errors.length, 1, JSON.stringify(strict.errors));
  const [error] = strict.errors;
  assert.equal(error.instancePath, "/event_type");
  assert.equal(error.keyword, "enum");
  assert.deepEqual(error.params.allowedValues, types);
  console.log(`ajv, unknown event_type: ${error.instancePath} ${error.message} (allowedValues: ${types.length} types, ${types.slice(0, 2).join(", ")}, ...)`);
  assert.deepEqual(errors(tolerant, body), [], "the tolerant bundle accepts it");
});

test("an event_type that is not a string is one error, on event_type", () => {
  const body = changed(events[0], (b) => (b.event_type = 42));
  assert.equal(strict(body), false);
  assert.equal(strict.errors.length, 1, JSON.stringify(strict.errors));
  assert.equal(strict.errors[0].instancePath, "/event_type");
  console.log(`ajv, event_type 42: ${errors(strict, body).join("; ")}`);
  assert.deepEqual(errors(tolerant, body), ["/event_type must be string"]);
  assert.deepEqual(errors(strict, changed(events[0], (b) => delete b.event_type)), ["(root) must have required property 'event_type'"]);
});

test("a body that is not an object is one error, at the root", () => {
  for (const body of [[], "x", null, 5, [events[0].example]]) {
    assert.deepEqual(errors(strict, body), ["(root) must be object"], JSON.stringify(body));
    assert.deepEqual(errors(tolerant, body), ["(root) must be object"], JSON.stringify(body));
  }
});

/**
 * The event type whose schema the route of `errors` ends at: their notes after the first error
 * are Ajv's "must match then" of each step of the bundle's routing, innermost first, each
 * `schemaPath` relative to the schema it is in (Ajv's paths inside a `$ref` are the target's).
 */
function routedTo(file, errors) {
  let at = file;
  let test;
  for (const note of errors.slice(1).reverse()) {
    assert.equal(note.keyword, "if");
    const step = note.schemaPath.match(/^#\/allOf\/(\d+)\/if$/);
    assert.ok(step, note.schemaPath);
    const { if: condition, then } = at.allOf[Number(step[1])];
    test = condition.properties.event_type;
    at = file.$defs[then.$ref.replace("#/$defs/", "")];
  }
  return test?.const;
}

test("a known type is checked against its own schema alone, routed in two steps", () => {
  const files = new Map([
    [strict, read(join(dir, index.bundle.file))],
    [tolerant, read(join(dir, index.tolerant.file))],
  ]);
  let checked = 0;
  for (const event of events) {
    const required = Object.entries(event.properties).filter(
      ([name, p]) => name !== "event_type" && p.presence.value === "always",
    );
    for (const [name] of required) {
      const body = changed(event, (b) => delete b[name]);
      for (const validate of [strict, tolerant]) {
        assert.equal(validate(body), false, `${event.event_type} without ${name}`);
        const [missing, ...notes] = errors(validate, body);
        // The missing property, and Ajv's note that a `then` failed for each step that routed
        // the event: its group of types, then its type (a group of one type is one step).
        assert.equal(missing, `(root) must have required property '${name}'`);
        assert.ok(notes.length === 1 || notes.length === 2, JSON.stringify(notes));
        for (const note of notes) assert.equal(note, `(root) must match "then" schema`);
        // The route ends at this type's schema.
        assert.equal(routedTo(files.get(validate), validate.errors), event.event_type);
        checked += 1;
      }
      if (event === events[0] && name === required[0][0]) {
        console.log(`ajv, ${event.event_type} without ${name}: ${errors(strict, body).join("; ")}`);
      }
    }
  }
  assert.ok(checked > events.length, `${checked} bodies checked`);
});
