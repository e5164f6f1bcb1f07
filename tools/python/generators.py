"""The generators other teams make Python types with, on generated/json-schema's generators'
file (seam-event.types.schema.json): datamodel-code-generator (pydantic v2) and quicktype
(Python). Each documented example and observed payload must be read by the generated code as
its own event's type, and a body of the wrong shape must not.

Usage: generators.py (run by `cargo xtask ci` in the virtual environment built from
requirements.txt; quicktype is the one pinned in tools/typescript).
"""

import importlib.util
import json
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
FILE = ROOT / "generated" / "json-schema" / "seam-event.types.schema.json"
BIN = pathlib.Path(sys.executable).parent
QUICKTYPE = ROOT / "tools" / "typescript" / "node_modules" / ".bin" / "quicktype"


def bodies():
    """Every documented example and observed payload: (where it comes from, the body)."""
    events = json.loads((ROOT / "schema" / "events.json").read_text(encoding="utf-8"))["events"]
    out = [(f"the {e['event_type']} example", e["example"]) for e in events]
    for path in sorted((ROOT / "schema" / "payloads").glob("*/*.json")):
        out.append((str(path.relative_to(ROOT)), json.loads(path.read_text(encoding="utf-8"))))
    return out


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # pydantic resolves its generic models through sys.modules
    spec.loader.exec_module(module)
    return module


def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def main():
    types = json.loads(FILE.read_text(encoding="utf-8"))
    type_of = {d["properties"]["event_type"]["const"]: name
               for name, d in types["$defs"].items() if "const" in d.get("properties", {}).get("event_type", {})}
    all_bodies = bodies()
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        # datamodel-code-generator: one pydantic model per event, and SeamEvent, their union.
        subprocess.run([str(BIN / "datamodel-codegen"), "--input", str(FILE), "--input-file-type", "jsonschema",
                        "--output-model-type", "pydantic_v2.BaseModel", "--formatters", "black",
                        "--output", str(tmp / "seam_models.py")], check=True, capture_output=True)
        models = load(tmp / "seam_models.py", "seam_models")
        passed_models = 0
        for where, body in all_bodies:
            try:
                event = models.SeamEvent.model_validate(body).root
                ok = type(event).__name__ == type_of[body["event_type"]]
            except Exception as error:  # noqa: BLE001 (a body the models refuse: report it)
                ok, event = False, error
            if ok:
                passed_models += 1
            else:
                failed += 1
                print(f"FAILED: datamodel-code-generator: {where}: {event!r:.300}", file=sys.stderr)
        wrong = {**all_bodies[0][1], "event_id": 7}
        try:
            models.SeamEvent.model_validate(wrong)
            failed += 1
            print("FAILED: datamodel-code-generator accepted an event_id that is a number", file=sys.stderr)
        except Exception:  # noqa: BLE001 (the refusal expected)
            passed_models += 1
        print(f"datamodel-code-generator (pydantic v2): {len(type_of)} event models and SeamEvent, their union; "
              f"{passed_models - 1} of {len(all_bodies)} bodies read as their own event's model")

        # The folder README's discriminated union: each body its own model, and one error for an
        # unknown type or a missing property.
        from typing import Annotated
        from pydantic import Field, TypeAdapter, ValidationError
        events = TypeAdapter(Annotated[models.SeamEvent.model_fields["root"].annotation,
                                       Field(discriminator="event_type")])
        passed_union = 0
        for where, body in all_bodies:
            try:
                ok = type(events.validate_python(body)).__name__ == type_of[body["event_type"]]
            except ValidationError as error:
                ok = False
                print(f"FAILED: discriminated union: {where}: {error!r:.300}", file=sys.stderr)
            passed_union += ok
            failed += not ok
        first = all_bodies[0][1]
        for wrong in [{**first, "event_type": "lock.teleported"}, {k: v for k, v in first.items() if k != "created_at"}]:
            try:
                events.validate_python(wrong)
                count = 0
            except ValidationError as error:
                count = error.error_count()
            if count == 1:
                passed_union += 1
            else:
                failed += 1
                print(f"FAILED: discriminated union: {count} errors, expected one, for {wrong.get('event_type')}",
                      file=sys.stderr)
        print(f"pydantic discriminated union (the README's): {passed_union - 2} of {len(all_bodies)} bodies read as "
              "their own event's model; an unknown type and a missing property one error each")
        passed_models += passed_union

        # quicktype (Python): one class per event, from the file's `$defs`.
        subprocess.run([str(QUICKTYPE), "-s", "schema", f"{FILE}#/$defs/", "-l", "python", "--python-version", "3.7",
                        "-o", str(tmp / "seam_quicktype.py")], check=True, capture_output=True)
        quick = load(tmp / "seam_quicktype.py", "seam_quicktype")
        passed_quick = 0
        for where, body in all_bodies:
            name = type_of[body["event_type"]]
            try:
                event = getattr(quick, f"{snake(name)}_from_dict")(body)
                ok = type(event).__name__ == name
            except Exception as error:  # noqa: BLE001 (a body the code refuses: report it)
                ok, event = False, error
            if ok:
                passed_quick += 1
            else:
                failed += 1
                print(f"FAILED: quicktype (Python): {where}: {event!r:.300}", file=sys.stderr)
        print(f"quicktype (Python): {passed_quick} of {len(all_bodies)} bodies read as their own event's class")
    passed = passed_models + passed_quick
    print(f"generators (Python): {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
