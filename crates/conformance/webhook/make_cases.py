"""Writes cases.json: the webhook verification cases both the Rust crate and the TypeScript
package are tested on (crates/conformance/tests/webhook.rs, tools/typescript/tests/).

The signatures are computed here, with Python's own hmac and base64, independently of both
implementations. Run it from this folder: python3 make_cases.py > cases.json
"""

import base64
import hashlib
import hmac
import json

VECTORS = [
    (
        "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
        "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk",
        1649367553,
        '{"email":"test@example.com","username":"test_user"}',
    ),
    (
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        1614265330,
        '{"test": 2432232314}',
    ),
]
EXPECTED = [
    "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=",
    "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
]


def sign(secret, msg_id, timestamp, body):
    key = base64.b64decode(secret.removeprefix("whsec_"), validate=True)
    content = f"{msg_id}.{timestamp}.".encode() + body.encode()
    return "v1," + base64.b64encode(hmac.new(key, content, hashlib.sha256).digest()).decode()


def headers(prefix, msg_id, timestamp, signature):
    return {
        f"{prefix}-id": msg_id,
        f"{prefix}-timestamp": str(timestamp),
        f"{prefix}-signature": signature,
    }


for vector, expected in zip(VECTORS, EXPECTED):
    assert sign(*vector) == expected, "the reference vectors"

SECRET, ID, TS, BODY = VECTORS[0]
GOOD = EXPECTED[0]
EVENT = '{"event_id":"00000000-0000-0000-0000-000000000000","event_type":"example.not_documented"}'
NOT_JSON = "event_type=lock.locked"
NOT_AN_EVENT = '[{"event_type":"lock.locked"}]'

cases = []


def case(name, expect, verify=None, secret=SECRET, hdrs=None, body=BODY, now=TS, tolerance=None):
    c = {
        "name": name,
        "secret": secret,
        "headers": hdrs if hdrs is not None else headers("svix", ID, TS, GOOD),
        "body": body,
        "now": now,
        "signature": expect,
    }
    if tolerance is not None:
        c["tolerance"] = tolerance
    # What the whole verification gives: the signature's error, or else what the body is.
    c["verify"] = verify if verify is not None else (expect if expect != "ok" else "unreadable")
    cases.append(c)


for i, ((secret, msg_id, ts, body), sig) in enumerate(zip(VECTORS, EXPECTED)):
    case(f"reference vector {i + 1}", "ok", secret=secret, hdrs=headers("svix", msg_id, ts, sig), body=body, now=ts)
    case(f"reference vector {i + 1}, webhook-* headers", "ok", secret=secret, hdrs=headers("webhook", msg_id, ts, sig), body=body, now=ts)

case("a signed event", "ok", "event", hdrs=headers("svix", ID, TS, sign(SECRET, ID, TS, EVENT)), body=EVENT)
case("a signed event, webhook-* headers", "ok", "event", hdrs=headers("webhook", ID, TS, sign(SECRET, ID, TS, EVENT)), body=EVENT)
case("the secret without whsec_", "ok", secret=SECRET.removeprefix("whsec_"))
case("a malformed secret", "invalid_secret", secret="whsec_not base64!")
case("an empty secret", "invalid_secret", secret="whsec_")
other = base64.b64encode(b"another signature, 32 bytes long").decode()
case("the valid signature last of three", "ok", hdrs=headers("svix", ID, TS, f"v1,{other} v1a,{GOOD[3:]} {GOOD}"))
case("a tampered body", "signature", body=BODY.replace("test_user", "test_usex"))
case("a tampered signature", "signature", hdrs=headers("svix", ID, TS, GOOD[:10] + ("A" if GOOD[10] != "A" else "B") + GOOD[11:]))
case("another scheme's signature only (v1a)", "signature", hdrs=headers("svix", ID, TS, "v1a," + GOOD[3:]))
case("a signature that is not base64", "signature", hdrs=headers("svix", ID, TS, "v1,not*base64"))
case("another id than the one signed", "signature", hdrs=headers("svix", ID + "x", TS, GOOD))
for minutes, tolerance, expect in [(6, None, "timestamp"), (6, 600, "ok")]:
    suffix = "" if tolerance is None else ", 10-minute tolerance"
    case(f"6 minutes old{suffix}", expect, now=TS + 60 * minutes, tolerance=tolerance)
    case(f"6 minutes ahead{suffix}", expect, now=TS - 60 * minutes, tolerance=tolerance)
case("5 minutes old exactly", "ok", now=TS + 300)
for prefix in ["svix", "webhook"]:
    for part in ["id", "timestamp", "signature"]:
        h = headers(prefix, ID, TS, GOOD)
        del h[f"{prefix}-{part}"]
        # With the id missing no set is chosen by its id, so Svix's names are the ones looked for.
        missing = f"svix-id" if part == "id" else f"{prefix}-{part}"
        case(f"{prefix}-{part} missing", {"missing_header": missing}, hdrs=h)
case("upper-case header names", "ok", hdrs={k.upper(): v for k, v in headers("svix", ID, TS, GOOD).items()})
for bad in ["", "-5", "1e3", "16493675.53", "99999999999999999999"]:
    case(f"timestamp {bad!r}", {"invalid_header": "svix-timestamp"}, hdrs=headers("svix", ID, bad, GOOD))
case("an empty id", {"invalid_header": "svix-id"}, hdrs=headers("svix", "", TS, GOOD))
case("a leading zero in the timestamp (signed as the number)", "ok", hdrs=headers("svix", ID, "0" + str(TS), GOOD))
case("signed, but not JSON", "ok", "unreadable", hdrs=headers("svix", ID, TS, sign(SECRET, ID, TS, NOT_JSON)), body=NOT_JSON)
case("signed, but not an object", "ok", "unreadable", hdrs=headers("svix", ID, TS, sign(SECRET, ID, TS, NOT_AN_EVENT)), body=NOT_AN_EVENT)

print(json.dumps({"cases": cases}, indent=2))
