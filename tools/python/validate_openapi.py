"""An independent check of generated/openapi with Python's openapi-spec-validator (OpenAPI 3.1).

The document must be valid OpenAPI 3.1, with its `$ref`s resolved offline from the file's own
URL (`file://`): every one points into the document itself (`components`). openapi-spec-validator
checks `webhooks` against the OpenAPI 3.1 schema only (its own walk covers `paths` and
`components`), so this script also follows every webhook's references with the validator's own
resolver: each event type of schema/events.json has a webhook, and no other webhook is there;
operationIds are unique; every parameter is a signature header; 200, 400 and 401 each resolve
to a response with a description; each request body resolves to the event's own schema under
`components/schemas`, a valid draft 2020-12 schema that accepts the documented example.

Usage: validate_openapi.py [FOLDER]. FOLDER holds openapi/ and json-schema/ (default:
generated/ at the project root).
"""

import json
import pathlib
import sys

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema_path import SchemaPath
from jsonschema_path.handlers.urllib import UrllibHandler
from openapi_spec_validator import OpenAPIV31SpecValidator
from referencing.exceptions import Unresolvable

ROOT = pathlib.Path(__file__).resolve().parents[2]
FILE = pathlib.Path("openapi") / "seam-webhooks.openapi.json"
COMMAND = "cargo xtask codegen"
HEADERS = [f"{prefix}-{name}" for prefix in ("svix", "webhook") for name in ("id", "timestamp", "signature")]
STATUSES = ["200", "400", "401"]

# Offline: `file://` is the only scheme a reference may be fetched from.
OFFLINE = {"file": UrllibHandler("file")}


class OfflineValidator(OpenAPIV31SpecValidator):
    resolver_handlers = OFFLINE


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def refs(value, at="#"):
    """Every `$ref` in `value`, with where it is (a JSON pointer)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "$ref" and isinstance(inner, str):
                yield at, inner
            else:
                yield from refs(inner, f"{at}/{key.replace('~', '~0').replace('/', '~1')}")
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from refs(inner, f"{at}/{i}")


def resolved(path):
    """The contents at `path`, every reference on the way followed."""
    with path.resolve() as target:
        return target.contents


def short(error):
    """What went wrong, without the whole document (referencing's errors print it)."""
    if isinstance(error, Unresolvable):
        return f"{type(error).__name__}: cannot resolve `{error.ref}`"
    text = str(error)
    return f"{type(error).__name__}: {text[:300]}{'...' if len(text) > 300 else ''}"


def main():
    folder = pathlib.Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT / "generated"
    path = folder / FILE
    uri = path.as_uri()
    spec = load(path)
    events = load(ROOT / "schema" / "events.json")["events"]
    passed = failed = 0

    def expect(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"FAILED: {what}", file=sys.stderr)
        return ok

    try:
        errors = [
            f"{'/'.join(map(str, e.path)) or '(root)'}: {e.message}"
            for e in OfflineValidator(spec, base_uri=uri).iter_errors()
        ]
    except Exception as error:  # noqa: BLE001 (the validator stopped: report why)
        errors = [short(error)]
    for error in errors:
        expect(False, f"{path.relative_to(folder)} is not valid OpenAPI 3.1: {error}")
    expect(not errors, "openapi-spec-validator found errors")
    expect(str(spec.get("openapi", "")).startswith("3.1."), "openapi is 3.1.x")
    expect(COMMAND in str(spec.get("x-generated", "")), f"x-generated names `{COMMAND}`")
    for at, ref in refs(spec):
        expect(
            ref.startswith("#/") or ("://" not in ref and not ref.startswith("/")),
            f"{at}: `{ref}` is local or relative (resolved offline)",
        )

    root = SchemaPath.from_dict(spec, base_uri=uri, handlers=OFFLINE)
    webhooks = spec.get("webhooks", {})
    documented = [event["event_type"] for event in events]
    for extra in sorted(set(webhooks) - set(documented)):
        expect(False, f"webhook `{extra}` is not an event type of schema/events.json")
    operation_ids = {}
    responses = set()
    for event in events:
        event_type = event["event_type"]
        if not expect(event_type in webhooks, f"{event_type} has a webhook"):
            continue
        post = root / "webhooks" / event_type / "post"
        try:
            operation = resolved(post)
            operation_id = operation.get("operationId")
            expect(
                operation_id and operation_id not in operation_ids,
                f"{event_type}: operationId `{operation_id}` is unique"
                + (f" (also {operation_ids[operation_id]})" if operation_id in operation_ids else ""),
            )
            operation_ids.setdefault(operation_id, event_type)
            names = [resolved(p).get("name") for p in post / "parameters"]
            ins = {resolved(p).get("in") for p in post / "parameters"}
            expect(names == HEADERS and ins == {"header"}, f"{event_type}: the signature headers ({names})")
            for status in STATUSES:
                if not expect(
                    status in webhooks[event_type]["post"].get("responses", {}),
                    f"{event_type}: a receiver's answer {status} is documented",
                ):
                    continue
                response = post / "responses" / status
                # A shared response (a `$ref`) is checked once, not once per webhook.
                shared = webhooks[event_type]["post"]["responses"].get(status, {}).get("$ref")
                if shared in responses:
                    continue
                described = bool(resolved(response).get("description"))
                if shared:
                    responses.add(shared)
                    expect(described, f"{shared} ({status} of {event_type} and others) has a description")
                else:
                    expect(described, f"{event_type}: {status} has a description")
            body = post / "requestBody"
            expect(resolved(body).get("required") is True, f"{event_type}: the body is required")
            schema = resolved(body / "content" / "application/json" / "schema")
            Draft202012Validator.check_schema(schema)
            expect(schema.get("title") == event_type, f"{event_type}: the body is its own event's schema")
            checker = Draft202012Validator(schema, format_checker=FormatChecker())
            problems = [e.message for e in checker.iter_errors(event["example"])]
            expect(not problems, f"{event_type}: the documented example is a valid body: {problems}")
        except Exception as error:  # noqa: BLE001 (an unresolvable reference, a bad schema: report it)
            expect(False, f"{event_type}: {short(error)}")
    print(f"python openapi: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
