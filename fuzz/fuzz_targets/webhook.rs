//! Fuzzes webhook verification: the three headers (either set, any bytes), the body and the
//! clock come from the input. Never a panic; a request that verifies was signed with the
//! secret (its signature list holds `sign`'s value); what `sign` gives always verifies, and
//! fails on any other body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seam_events::webhook::http::{HeaderMap, HeaderName, HeaderValue};
use seam_events::webhook::{HEADER_SETS, Webhook, WebhookError};

const SECRET: &str = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";

fuzz_target!(|input: &[u8]| {
    let webhook = Webhook::new(SECRET).expect("the secret is valid");
    // The input: a byte choosing the header set and which headers come, eight bytes of clock,
    // then the id, the timestamp, the signature list and the body, separated by 0xFF.
    let [flags, rest @ ..] = input else { return };
    let Some((clock, rest)) = rest.split_first_chunk::<8>() else { return };
    let now = i64::from_le_bytes(*clock) % 10_000_000_000;
    let mut parts = rest.splitn(4, |&b| b == 0xFF);
    let (id, timestamp, signatures, body) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    let set = HEADER_SETS[usize::from(flags & 1)];
    let mut headers = HeaderMap::new();
    for (bit, name, value) in [
        (2, set.id, id),
        (4, set.timestamp, timestamp),
        (8, set.signature, signatures),
    ] {
        if flags & bit == 0 {
            if let Ok(value) = HeaderValue::from_bytes(value) {
                headers.insert(HeaderName::from_static(name), value);
            }
        }
    }

    let verified = webhook.verify_signature_at(&headers, body, now);
    let full = webhook.verify_at(&headers, body, now);
    match (&verified, &full) {
        (Ok(()), Ok(_) | Err(WebhookError::UnreadablePayload(_))) => {
            // Verified: the list carries the signature of exactly this request.
            let id = headers[set.id].to_str().unwrap();
            let ts: i64 = headers[set.timestamp].to_str().unwrap().parse().unwrap();
            let expected = webhook.sign(id, ts, body);
            let list = headers[set.signature].to_str().unwrap();
            assert!(list.split(' ').any(|s| s == expected), "verified without the signature");
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        _ => panic!("verify_signature_at and verify_at disagree: {verified:?} / {full:?}"),
    }
    for error in [verified.err(), full.err()].into_iter().flatten() {
        assert!(matches!(error.status(), 200 | 400 | 401), "{error}");
    }

    // What sign gives verifies (when the id can be a header), and only for its own body.
    let visible = |b: &u8| *b == b'\t' || (0x20..0x7f).contains(b);
    if let Ok(id) = std::str::from_utf8(id)
        && !id.is_empty()
        && id.bytes().all(|b| visible(&b))
    {
        let signed = webhook.test_headers(id, now.max(0), body);
        {
            webhook
                .verify_signature_at(&signed, body, now.max(0))
                .expect("a request signed by sign verifies");
            let mut other = body.to_vec();
            other.push(b' ');
            assert!(matches!(
                webhook.verify_signature_at(&signed, &other, now.max(0)),
                Err(WebhookError::NoMatchingSignature)
            ));
        }
    }
});
