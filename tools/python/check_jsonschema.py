"""check-jsonschema, the command line other teams run, on every documented example and every
observed payload, against each bundle given alone: no file preloaded, so each must resolve on
its own (the tolerant bundle carries its own `$defs`).

A body of an event type the docs do not list must pass the tolerant bundle and fail the strict
one, and a body without `event_type` must fail both: the command can fail.

Usage: check_jsonschema.py (run by `cargo xtask ci` in the virtual environment built from
requirements.txt; the command is the environment's `check-jsonschema`).
"""

import json
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
DIR = ROOT / "generated" / "json-schema"
COMMAND = pathlib.Path(sys.executable).parent / "check-jsonschema"


def check(schema, files):
    """check-jsonschema on `files`: whether it accepted them all, and what it printed."""
    done = subprocess.run(
        [str(COMMAND), "--schemafile", str(schema), *map(str, files)],
        capture_output=True,
        text=True,
    )
    return done.returncode == 0, done.stdout + done.stderr


def main():
    events = json.loads((ROOT / "schema" / "events.json").read_text(encoding="utf-8"))["events"]
    payloads = sorted((ROOT / "schema" / "payloads").glob("*/*.json"))
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        bodies = []
        for event in events:
            path = tmp / f"{event['event_type']}.example.json"
            path.write_text(json.dumps(event["example"]), encoding="utf-8")
            bodies.append(path)
        bodies += payloads
        unknown = tmp / "unknown.json"
        unknown.write_text(json.dumps({**events[0]["example"], "event_type": "lock.teleported"}))
        untyped = tmp / "untyped.json"
        untyped.write_text(json.dumps({"event_id": "x"}))
        cases = [
            ("seam-event.tolerant.schema.json", bodies + [unknown], True),
            ("seam-event.schema.json", bodies, True),
            ("seam-event.schema.json", [unknown], False),
            ("seam-event.tolerant.schema.json", [untyped], False),
            ("seam-event.schema.json", [untyped], False),
        ]
        for schema, files, expected in cases:
            ok, output = check(DIR / schema, files)
            if ok == expected:
                passed += len(files)
            else:
                failed += len(files)
                print(f"check-jsonschema --schemafile {schema} on {len(files)} bodies: "
                      f"expected {'success' if expected else 'failure'}:\n{output}")
        print(f"check-jsonschema: {len(bodies)} bodies (examples and payloads) against each bundle alone")
    print(f"check-jsonschema: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
