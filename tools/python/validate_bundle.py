"""An independent check of generated/json-schema with Python's jsonschema (draft 2020-12).

Every documented example of schema/events.json and every observed payload in schema/payloads/
must validate against the bundle and its own file; a payload whose event_type is a number, that
lacks a property every payload carries, or that gives null where the property may not be null,
must not.
Run by `cargo xtask ci` in a virtual environment built from requirements.txt.
"""

import json
import pathlib
import sys

from jsonschema import Draft202012Validator, FormatChecker

ROOT = pathlib.Path(__file__).resolve().parents[2]
DIR = ROOT / "generated" / "json-schema"


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def main():
    bundle = load(DIR / "seam-event.schema.json")
    Draft202012Validator.check_schema(bundle)
    validator = Draft202012Validator(bundle, format_checker=FormatChecker())
    events = load(ROOT / "schema" / "events.json")["events"]
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
        own_schema = load(DIR / "events" / f"{event['event_type']}.schema.json")
        Draft202012Validator.check_schema(own_schema)
        own = Draft202012Validator(own_schema, format_checker=FormatChecker())
        errors = [e.message for e in validator.iter_errors(example)]
        expect(not errors, f"{event['event_type']} against the bundle: {errors}")
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
                expect(not validator.is_valid(missing), f"{event['event_type']} without {name} is rejected")
            if prop["kind"] != "any":
                null = {**example, name: None}
                expect(
                    validator.is_valid(null) == prop["nullable"]["value"],
                    f"{event['event_type']} with {name} null is accepted exactly when it may be null",
                )
    payloads = sorted((ROOT / "schema" / "payloads").glob("*/*.json"))
    expect(len(payloads) > 0, "schema/payloads/ holds payloads")
    for path in payloads:
        payload = load(path)
        own = Draft202012Validator(
            load(DIR / "events" / f"{payload['event_type']}.schema.json"), format_checker=FormatChecker()
        )
        name = path.relative_to(ROOT)
        errors = [e.message for e in validator.iter_errors(payload)]
        expect(not errors, f"{name} against the bundle: {errors}")
        expect(own.is_valid(payload), f"{name} against its own file")
    print(f"python jsonschema: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
