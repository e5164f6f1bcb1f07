//! Verifying a webhook's signature (Standard Webhooks, as Svix signs Seam's), then parsing it.
//!
//! The generated crate's `webhook` module names these for its own event type:
//! `Webhook = Webhook<SeamEvent>`. Everything here is independent of the schema.

use std::fmt;
use std::marker::PhantomData;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, Mac};
use http::{HeaderMap, HeaderName, HeaderValue};
use sha2::Sha256;
use subtle::ConstantTimeEq;

pub use http;

#[cfg(feature = "axum")]
pub use crate::extract::{Verified, WebhookRejection};

use crate::WebhookEvent;

/// The prefix Seam's and Svix's dashboards show before a signing secret's base64.
const SECRET_PREFIX: &str = "whsec_";

/// The tolerance `Webhook::new` starts with: a timestamp more than five minutes in the past or
/// in the future is rejected.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// One set of the three headers a signed webhook carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderSet {
    /// The message id's header.
    pub id: &'static str,
    /// The timestamp's header (unix seconds).
    pub timestamp: &'static str,
    /// The signatures' header (a space-separated list of `v1,<base64>`).
    pub signature: &'static str,
}

/// The header sets accepted, in the order they are looked for: Svix's (what Seam sends), then
/// the Standard Webhooks specification's.
pub const HEADER_SETS: [HeaderSet; 2] = [
    HeaderSet {
        id: "svix-id",
        timestamp: "svix-timestamp",
        signature: "svix-signature",
    },
    HeaderSet {
        id: "webhook-id",
        timestamp: "webhook-timestamp",
        signature: "webhook-signature",
    },
];

/// Why a webhook was not accepted. [`fmt::Display`] says what to answer;
/// [`WebhookError::status`] gives the HTTP status.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookError {
    /// The signing secret is not base64 (after an optional `whsec_` prefix), or is empty.
    /// Raised by `Webhook::new`, never by a request.
    InvalidSecret(String),
    /// A signature header is missing: `name` is the one looked for.
    MissingHeader {
        /// The header looked for (of the set whose id header came, or else Svix's).
        name: &'static str,
    },
    /// A signature header is present but malformed.
    InvalidHeader {
        /// The header.
        name: &'static str,
        /// What was expected.
        reason: &'static str,
    },
    /// The timestamp is further from now than the tolerance allows (a replay, or a clock off).
    TimestampOutOfTolerance {
        /// The request's timestamp, unix seconds.
        timestamp: i64,
        /// The time it was checked at, unix seconds.
        now: i64,
        /// The tolerance, in seconds.
        tolerance: u64,
    },
    /// No `v1` signature in the header matches the body: the request was not signed with this
    /// secret, or was changed on the way.
    NoMatchingSignature,
    /// The signature is valid, but the body is not an event: not JSON, not an object, or with
    /// no string `event_type`. Seam sent it: acknowledge it and report it, a retry would not
    /// change it.
    UnreadablePayload(serde_json::Error),
}

impl WebhookError {
    /// The HTTP status to answer with: 400 for missing or malformed headers, 401 for a
    /// timestamp out of tolerance or no matching signature, and 200 for an unreadable payload
    /// (it was signed: acknowledge it, so that it is not retried, and report it). 500 for an
    /// invalid secret, which is the receiver's own configuration.
    pub fn status(&self) -> u16 {
        match self {
            WebhookError::InvalidSecret(_) => 500,
            WebhookError::MissingHeader { .. } | WebhookError::InvalidHeader { .. } => 400,
            WebhookError::TimestampOutOfTolerance { .. } | WebhookError::NoMatchingSignature => 401,
            WebhookError::UnreadablePayload(_) => 200,
        }
    }

    /// Whether the request was signed with the secret (only [`WebhookError::UnreadablePayload`]):
    /// its body is Seam's, and should be acknowledged and reported rather than rejected.
    pub fn is_signed(&self) -> bool {
        matches!(self, WebhookError::UnreadablePayload(_))
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::InvalidSecret(reason) => write!(
                f,
                "the webhook signing secret is invalid: {reason} (expected `whsec_` and base64, as the dashboard shows it)"
            ),
            WebhookError::MissingHeader { name } => {
                write!(f, "the header `{name}` is missing: answer 400")
            }
            WebhookError::InvalidHeader { name, reason } => {
                write!(f, "the header `{name}` is malformed, {reason}: answer 400")
            }
            WebhookError::TimestampOutOfTolerance {
                timestamp,
                now,
                tolerance,
            } => {
                let (distance, when) = if timestamp < now {
                    (now.abs_diff(*timestamp), "old")
                } else {
                    (timestamp.abs_diff(*now), "ahead")
                };
                write!(
                    f,
                    "the webhook timestamp {timestamp} is {distance} s {when}, beyond the tolerance of {tolerance} s (a replay, or a clock off): answer 401"
                )
            }
            WebhookError::NoMatchingSignature => write!(
                f,
                "no v1 signature matches the body (another secret, or the body changed on the way): answer 401"
            ),
            WebhookError::UnreadablePayload(error) => write!(
                f,
                "the webhook is signed, but its body is not an event ({error}): acknowledge it (answer 200) and report it; a retry would not change it"
            ),
        }
    }
}

impl std::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WebhookError::UnreadablePayload(error) => Some(error),
            _ => None,
        }
    }
}

/// A webhook endpoint's verifier: its signing secret and tolerance. `E` is the event type
/// [`Webhook::verify`] parses into (the generated crate's `SeamEvent`).
pub struct Webhook<E> {
    key: Vec<u8>,
    tolerance: Duration,
    event: PhantomData<fn() -> E>,
}

impl<E> Clone for Webhook<E> {
    fn clone(&self) -> Self {
        Webhook {
            key: self.key.clone(),
            tolerance: self.tolerance,
            event: PhantomData,
        }
    }
}

impl<E> fmt::Debug for Webhook<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the secret.
        f.debug_struct("Webhook")
            .field("tolerance", &self.tolerance)
            .finish_non_exhaustive()
    }
}

/// The headers of one request, read.
struct Signed<'h> {
    id: &'h str,
    timestamp: i64,
    signatures: &'h str,
}

impl<E: WebhookEvent> Webhook<E> {
    /// A verifier for the endpoint's signing secret: base64, with or without the `whsec_`
    /// prefix. A secret that is not base64, or is empty, is [`WebhookError::InvalidSecret`].
    pub fn new(secret: &str) -> Result<Self, WebhookError> {
        let encoded = secret.trim();
        let encoded = encoded.strip_prefix(SECRET_PREFIX).unwrap_or(encoded);
        let key = BASE64
            .decode(encoded)
            .map_err(|e| WebhookError::InvalidSecret(format!("not base64 ({e})")))?;
        if key.is_empty() {
            return Err(WebhookError::InvalidSecret("empty".into()));
        }
        Ok(Webhook {
            key,
            tolerance: DEFAULT_TOLERANCE,
            event: PhantomData,
        })
    }

    /// The same verifier, accepting timestamps up to `tolerance` from now (five minutes by
    /// default).
    pub fn with_tolerance(self, tolerance: Duration) -> Self {
        Webhook { tolerance, ..self }
    }

    /// The tolerance.
    pub fn tolerance(&self) -> Duration {
        self.tolerance
    }

    /// Checks the signature against the current time, then parses the body.
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<E, WebhookError> {
        self.verify_at(headers, body, now())
    }

    /// Checks the signature as of `now` (unix seconds), then parses the body: an event of a
    /// known type becomes its typed variant, any other JSON object with a string `event_type`
    /// is kept whole; anything else is [`WebhookError::UnreadablePayload`].
    pub fn verify_at(&self, headers: &HeaderMap, body: &[u8], now: i64) -> Result<E, WebhookError> {
        self.verify_signature_at(headers, body, now)?;
        E::from_body(body).map_err(WebhookError::UnreadablePayload)
    }

    /// Checks the signature only, as of `now` (unix seconds).
    pub fn verify_signature_at(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: i64,
    ) -> Result<(), WebhookError> {
        let signed = read_headers(headers)?;
        let tolerance = self.tolerance.as_secs();
        if signed.timestamp.abs_diff(now) > tolerance {
            return Err(WebhookError::TimestampOutOfTolerance {
                timestamp: signed.timestamp,
                now,
                tolerance,
            });
        }
        let expected = self.mac(signed.id, signed.timestamp, body);
        let mut found = false;
        for entry in signed.signatures.split(' ') {
            let Some(encoded) = entry.strip_prefix("v1,") else {
                continue;
            };
            let Ok(signature) = BASE64.decode(encoded) else {
                continue;
            };
            // Every entry is compared, in constant time, whatever an earlier one gave.
            found |= bool::from(signature.ct_eq(&expected));
        }
        if found {
            Ok(())
        } else {
            Err(WebhookError::NoMatchingSignature)
        }
    }

    /// The signature header's value for a body, `v1,<base64>`: what Seam would send. For tests
    /// of your own receiver.
    pub fn sign(&self, msg_id: &str, timestamp: i64, body: &[u8]) -> String {
        format!("v1,{}", BASE64.encode(self.mac(msg_id, timestamp, body)))
    }

    /// The three headers Seam would send with a body (Svix's names), for tests of your own
    /// receiver. An id that cannot be a header value (a control character) is left out, so
    /// that the verification fails on it as on a real request.
    pub fn test_headers(&self, msg_id: &str, timestamp: i64, body: &[u8]) -> HeaderMap {
        let set = HEADER_SETS[0];
        let mut headers = HeaderMap::new();
        let mut insert = |name: &'static str, value: String| {
            if let Ok(value) = HeaderValue::try_from(value) {
                headers.insert(HeaderName::from_static(name), value);
            }
        };
        insert(set.id, msg_id.to_owned());
        insert(set.timestamp, timestamp.to_string());
        insert(set.signature, self.sign(msg_id, timestamp, body));
        headers
    }

    /// HMAC-SHA256 of `{id}.{timestamp}.{body}`, fed in parts (the body is never copied).
    fn mac(&self, id: &str, timestamp: i64, body: &[u8]) -> Vec<u8> {
        // Any key length is valid for HMAC.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key)
            .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        mac.finalize().into_bytes().to_vec()
    }
}

/// Unix seconds now (0 for a clock before 1970, which then fails the tolerance).
fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Reads the three headers of the first set whose id header is present (Svix's when none is,
/// to name what is missing).
fn read_headers(headers: &HeaderMap) -> Result<Signed<'_>, WebhookError> {
    let set = HEADER_SETS
        .iter()
        .find(|set| headers.contains_key(set.id))
        .unwrap_or(&HEADER_SETS[0]);
    let text = |name: &'static str| -> Result<&str, WebhookError> {
        let value = headers
            .get(name)
            .ok_or(WebhookError::MissingHeader { name })?;
        value.to_str().map_err(|_| WebhookError::InvalidHeader {
            name,
            reason: "expected visible ASCII",
        })
    };
    let id = text(set.id)?;
    if id.is_empty() {
        return Err(WebhookError::InvalidHeader {
            name: set.id,
            reason: "expected a message id, found an empty value",
        });
    }
    let timestamp = text(set.timestamp)?;
    let timestamp = timestamp
        .parse::<i64>()
        .ok()
        .filter(|_| timestamp.bytes().all(|b| b.is_ascii_digit()))
        .ok_or(WebhookError::InvalidHeader {
            name: set.timestamp,
            reason: "expected unix seconds (digits only)",
        })?;
    let signatures = text(set.signature)?;
    Ok(Signed {
        id,
        timestamp,
        signatures,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Standard Webhooks reference libraries' vectors.
    const VECTORS: [(&str, &str, i64, &str, &str); 2] = [
        (
            "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
            "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk",
            1649367553,
            r#"{"email":"test@example.com","username":"test_user"}"#,
            "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=",
        ),
        (
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            r#"{"test": 2432232314}"#,
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        ),
    ];

    type Any = Webhook<serde_json::Value>;

    #[test]
    fn the_reference_vectors_sign_and_verify() {
        for (secret, id, ts, body, signature) in VECTORS {
            let webhook = Any::new(secret).unwrap();
            assert_eq!(webhook.sign(id, ts, body.as_bytes()), signature);
            let headers = webhook.test_headers(id, ts, body.as_bytes());
            assert_eq!(headers["svix-signature"], signature);
            webhook
                .verify_signature_at(&headers, body.as_bytes(), ts)
                .unwrap();
        }
    }

    #[test]
    fn header_parsing_rejects_what_is_malformed() {
        let webhook = Any::new(VECTORS[0].0).unwrap();
        let mut headers = webhook.test_headers("msg", 10, b"{}");
        for bad in ["", "-5", "+10", "1e3", " 10", "99999999999999999999"] {
            headers.insert("svix-timestamp", HeaderValue::from_str(bad).unwrap());
            let error = webhook
                .verify_signature_at(&headers, b"{}", 10)
                .unwrap_err();
            assert!(
                matches!(
                    error,
                    WebhookError::InvalidHeader {
                        name: "svix-timestamp",
                        ..
                    }
                ),
                "{bad:?}: {error}"
            );
        }
        let mut headers = webhook.test_headers("msg", 10, b"{}");
        headers.insert("svix-id", HeaderValue::from_static(""));
        assert!(matches!(
            webhook.verify_signature_at(&headers, b"{}", 10),
            Err(WebhookError::InvalidHeader {
                name: "svix-id",
                ..
            })
        ));
        let mut headers = webhook.test_headers("msg", 10, b"{}");
        headers.insert(
            "svix-signature",
            HeaderValue::from_bytes(b"v1,\xff").unwrap(),
        );
        assert!(matches!(
            webhook.verify_signature_at(&headers, b"{}", 10),
            Err(WebhookError::InvalidHeader {
                name: "svix-signature",
                ..
            })
        ));
    }

    #[test]
    fn entries_that_are_not_v1_base64_are_skipped() {
        let webhook = Any::new(VECTORS[0].0).unwrap();
        let good = webhook.sign("msg", 10, b"{}");
        for list in [
            format!("v1,!!! {good}"),
            format!("  {good}  "),
            format!("v2,abc v1a,{} {good}", &good[3..]),
        ] {
            let mut headers = webhook.test_headers("msg", 10, b"{}");
            headers.insert("svix-signature", HeaderValue::from_str(&list).unwrap());
            webhook
                .verify_signature_at(&headers, b"{}", 10)
                .unwrap_or_else(|e| panic!("{list}: {e}"));
        }
    }

    #[test]
    fn the_debug_form_never_shows_the_secret() {
        let webhook = Any::new(VECTORS[0].0).unwrap();
        let shown = format!("{webhook:?}");
        assert!(!shown.contains("C2FV") && !shown.contains("key"), "{shown}");
    }

    #[test]
    fn display_says_what_to_answer() {
        let cases = [
            (
                WebhookError::MissingHeader { name: "svix-id" },
                400,
                "answer 400",
            ),
            (WebhookError::NoMatchingSignature, 401, "answer 401"),
            (
                WebhookError::TimestampOutOfTolerance {
                    timestamp: 0,
                    now: 360,
                    tolerance: 300,
                },
                401,
                "360 s old",
            ),
            (
                WebhookError::UnreadablePayload(serde_json::from_str::<u8>("x").unwrap_err()),
                200,
                "acknowledge",
            ),
        ];
        for (error, status, says) in cases {
            assert_eq!(error.status(), status, "{error}");
            assert!(error.to_string().contains(says), "{error}");
        }
    }
}
