"""An independent check of generated/json-schema with Python's jsonschema (draft 2020-12).

Every documented example of schema/events.json and every observed payload in schema/payloads/
must validate against the bundle, the tolerant bundle and its own file; a payload whose
event_type is a number, that lacks a property every payload carries, or that gives null where
the property may not be null, must not. The errors a consumer reads must be short: an unknown or
non-string event_type is one error on event_type, and a known type is checked against its own
schema alone.

Usage: validate_bundle.py [FOLDER] (default: generated/json-schema). Every file of the folder is
loaded into one registry, so every `$ref` resolves offline, whatever the `$id`s are.
Run by `cargo xtask ci` in a virtual environment built from requirements.txt.
"""

import json
import pathlib
import sys

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import best_match
from referencing import Registry, Resource

ROOT = pathlib.Path(__file__).resolve().parents[2]
DIR = pathlib.Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT / "generated" / "json-schema"


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


NOTED = set()


def note(label, errors):
    """Prints, once per kind of case, the message a consumer reads (best_match's)."""
    kind = "missing property" if " without " in label else label
    if kind in NOTED:
        return
    NOTED.add(kind)
    error = best_match(errors)
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        message = error.message if len(error.message) < 160 else error.message[:150] + "...]"
        print(f"python jsonschema, {label}: {where}: {message}")


def main():
    index = load(DIR / "index.json")
    files = [index["bundle"]["file"], index["tolerant"]["file"], index["types"]["file"]] + [e["file"] for e in index["events"]]
    registry = Registry()
    for file in files:
        schema = load(DIR / file)
        Draft202012Validator.check_schema(schema)
        if schema["$id"] in registry:
            print(f"FAILED: {file}: the $id {schema['$id']} is given twice", file=sys.stderr)
            return 1
        registry = registry.with_resource(schema["$id"], Resource.from_contents(schema))

    def checker(file):
        return Draft202012Validator(load(DIR / file), registry=registry, format_checker=FormatChecker())

    validator = checker(index["bundle"]["file"])
    tolerant = checker(index["tolerant"]["file"])
    events = load(ROOT / "schema" / "events.json")["events"]
    types = [e["event_type"] for e in events]
    passed = failed = 0

    def expect(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"FAILED: {what}", file=sys.stderr)

    for event in events:
        example = event["example"]
        own = checker(f"events/{event['event_type']}.schema.json")
        errors = [e.message for e in validator.iter_errors(example)]
        expect(not errors, f"{event['event_type']} against the bundle: {errors}")
        expect(tolerant.is_valid(example), f"{event['event_type']} against the tolerant bundle")
        expect(own.is_valid(example), f"{event['event_type']} against its own file")
        expect(
            not validator.is_valid({**example, "event_type": 7}),
            f"{event['event_type']} with a numeric event_type is rejected",
        )
        for name, prop in event["properties"].items():
            if name == "event_type":
                continue
            if prop["presence"]["value"] == "always":
                missing = {k: v for k, v in example.items() if k != name}
                for which, v in (("bundle", validator), ("tolerant bundle", tolerant)):
                    messages = [e.message for e in v.iter_errors(missing)]
                    expect(
                        messages == [f"'{name}' is a required property"],
                        f"{event['event_type']} without {name}: one error from the {which}, "
                        f"that it is required: {messages}",
                    )
                    note(f"{event['event_type']} without {name}", v.iter_errors(missing))
            if prop["kind"] == "enum":
                # A value the docs do not list yet: the strict bundle rejects it, the tolerant one
                # accepts it (as the Rust crate reads it as `Other`).
                newer = {**example, name: "a_value_not_documented_yet"}
                expect(not validator.is_valid(newer), f"{event['event_type']}: the bundle rejects an undocumented {name}")
                expect(tolerant.is_valid(newer), f"{event['event_type']}: the tolerant bundle accepts an undocumented {name}")
            if prop["kind"] != "any":
                null = {**example, name: None}
                expect(
                    validator.is_valid(null) == prop["nullable"]["value"],
                    f"{event['event_type']} with {name} null is accepted exactly when it may be null",
                )
    # An unknown event_type, and one that is not a string: one error, on event_type, naming the
    # known types; the tolerant bundle accepts the unknown type.
    example = events[0]["example"]
    for label, value in (("unknown event_type", "lock.teleported"), ("event_type 42", 42)):
        body = {**example, "event_type": value}
        errors = list(validator.iter_errors(body))
        expect(
            len(errors) == 1 and list(errors[0].path) == ["event_type"] and errors[0].validator_value == types,
            f"{label}: one error, on event_type, listing the known types: {[e.message[:80] for e in errors]}",
        )
        note(label, errors)
    expect(tolerant.is_valid({**example, "event_type": "lock.teleported"}), "the tolerant bundle accepts an unknown type")
    # A body that is not an object: one error, at the root.
    for body in ([], "x", None, 5, [example]):
        for which, v in (("bundle", validator), ("tolerant bundle", tolerant)):
            messages = [e.message for e in v.iter_errors(body)]
            expect(
                len(messages) == 1 and "is not of type 'object'" in messages[0],
                f"{body!r:.40} against the {which}: one error, that it is not an object: {messages[:3]}",
            )
    expect(not tolerant.is_valid({**example, "event_type": 42}), "the tolerant bundle rejects event_type 42")
    payloads = sorted((ROOT / "schema" / "payloads").glob("*/*.json"))
    expect(len(payloads) > 0, "schema/payloads/ holds payloads")
    for path in payloads:
        payload = load(path)
        own = checker(f"events/{payload['event_type']}.schema.json")
        name = path.relative_to(ROOT)
        errors = [e.message for e in validator.iter_errors(payload)]
        expect(not errors, f"{name} against the bundle: {errors}")
        expect(tolerant.is_valid(payload), f"{name} against the tolerant bundle")
        expect(own.is_valid(payload), f"{name} against its own file")
    print(f"python jsonschema: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
