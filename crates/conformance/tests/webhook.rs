//! `seam_events::webhook`: the shared cases (`crates/conformance/webhook/cases.json`, signed by
//! Python's hmac, which the TypeScript package is tested on too), every documented example
//! signed and verified into its typed variant, the axum extractor through
//! `tower::ServiceExt::oneshot`, and what the feature adds to a receiver's dependencies.

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::routing::post;
use seam_events::SeamEvent;
use seam_events::webhook::http::{HeaderMap, HeaderName, HeaderValue};
use seam_events::webhook::{Verified, Webhook, WebhookError};
use serde_json::Value;
use tower::ServiceExt;

fn cases() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/webhook/cases.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let cases: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    cases["cases"].as_array().expect("a list of cases").clone()
}

fn header_map(headers: &Value) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in headers.as_object().expect("headers") {
        map.insert(
            HeaderName::from_bytes(name.as_bytes()).expect("a header name"),
            HeaderValue::from_str(value.as_str().expect("a string")).expect("a header value"),
        );
    }
    map
}

/// The outcome as the cases name it: `ok`, `event`, `unreadable`, `invalid_secret`,
/// `timestamp`, `signature`, `{"missing_header": name}` or `{"invalid_header": name}`.
fn outcome(error: &WebhookError) -> Value {
    match error {
        WebhookError::InvalidSecret(_) => "invalid_secret".into(),
        WebhookError::MissingHeader { name } => serde_json::json!({ "missing_header": name }),
        WebhookError::InvalidHeader { name, .. } => serde_json::json!({ "invalid_header": name }),
        WebhookError::TimestampOutOfTolerance { .. } => "timestamp".into(),
        WebhookError::NoMatchingSignature => "signature".into(),
        WebhookError::UnreadablePayload(_) => "unreadable".into(),
        other => panic!("an error the cases do not know: {other}"),
    }
}

#[test]
fn every_shared_case_gives_its_outcome() {
    let cases = cases();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let webhook = match Webhook::new(case["secret"].as_str().unwrap()) {
            Ok(webhook) => webhook,
            Err(error) => {
                assert_eq!(outcome(&error), case["signature"], "{name}: {error}");
                continue;
            }
        };
        let webhook = match case["tolerance"].as_u64() {
            Some(seconds) => webhook.with_tolerance(Duration::from_secs(seconds)),
            None => webhook,
        };
        let headers = header_map(&case["headers"]);
        let body = case["body"].as_str().unwrap().as_bytes();
        let now = case["now"].as_i64().unwrap();

        let signature = match webhook.verify_signature_at(&headers, body, now) {
            Ok(()) => Value::from("ok"),
            Err(error) => outcome(&error),
        };
        assert_eq!(signature, case["signature"], "{name}: the signature");

        let verified = match webhook.verify_at(&headers, body, now) {
            Ok(_) => Value::from("event"),
            Err(error) => {
                // Display says what to answer.
                let says = error.to_string();
                let status = error.status();
                assert!(says.contains(&format!("answer {status}")), "{name}: {says}");
                outcome(&error)
            }
        };
        assert_eq!(verified, case["verify"], "{name}: the verification");
    }
}

#[test]
fn a_signed_documented_example_becomes_its_typed_event() {
    let schema = conformance::schema("schema/events.json");
    let webhook = Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
    for (i, event) in schema.events.iter().enumerate() {
        // As Seam sends it: pretty-printed, verified over exactly these bytes.
        let body = serde_json::to_vec_pretty(&event.example).unwrap();
        let (id, now) = (format!("msg_{i}"), 1_700_000_000 + i as i64);
        let headers = webhook.test_headers(&id, now, &body);
        let parsed = webhook
            .verify_at(&headers, &body, now)
            .unwrap_or_else(|e| panic!("{}: {e}", event.event_type));
        assert!(
            !matches!(parsed, SeamEvent::Mismatched(_) | SeamEvent::Unknown(_)),
            "{}: {parsed:?}",
            event.event_type
        );
        assert_eq!(parsed.event_type(), event.event_type);
        // One byte changed is another body.
        let mut tampered = body.clone();
        let last = tampered.len() - 2;
        tampered[last] = if tampered[last] == b' ' { b'\n' } else { b' ' };
        assert!(matches!(
            webhook.verify_at(&headers, &tampered, now),
            Err(WebhookError::NoMatchingSignature)
        ));
    }
}

#[test]
fn the_default_tolerance_is_five_minutes_and_verify_uses_the_clock() {
    let webhook = Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
    assert_eq!(webhook.tolerance(), Duration::from_secs(300));
    let body = br#"{"event_type":"example.not_documented"}"#;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let headers = webhook.test_headers("msg_now", now, body);
    assert!(matches!(
        webhook.verify(&headers, body),
        Ok(SeamEvent::Unknown(_))
    ));
    let stale = webhook.test_headers("msg_old", now - 600, body);
    assert!(matches!(
        webhook.verify(&stale, body),
        Err(WebhookError::TimestampOutOfTolerance { .. })
    ));
}

/// The receiver of the docs: the extractor in a router, the verifier its state.
fn app(webhook: Webhook) -> Router {
    async fn receive(Verified(event): Verified<SeamEvent>) -> String {
        event.event_type().to_owned()
    }
    Router::new()
        .route("/webhooks/seam", post(receive))
        .with_state(webhook)
}

async fn send(app: Router, headers: HeaderMap, body: &[u8]) -> (StatusCode, String) {
    let mut request = Request::post("/webhooks/seam")
        .body(Body::from(body.to_vec()))
        .unwrap();
    *request.headers_mut() = headers;
    let response = app.oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test]
async fn the_axum_extractor_answers_each_case() {
    let webhook = Webhook::new("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD").unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let event = br#"{"event_type":"example.not_documented","event_id":"x"}"#;
    let signed = webhook.test_headers("msg_1", now, event);

    let (status, body) = send(app(webhook.clone()), signed.clone(), event).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, "example.not_documented")
    );

    let mut missing = signed.clone();
    missing.remove("svix-signature");
    let (status, body) = send(app(webhook.clone()), missing, event).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.contains("svix-signature"), "{body}");

    let (status, body) = send(app(webhook.clone()), signed.clone(), b"{\"event_type\":1}").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert!(body.contains("no v1 signature matches"), "{body}");

    let stale = webhook.test_headers("msg_1", now - 3600, event);
    let (status, body) = send(app(webhook.clone()), stale, event).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert!(body.contains("beyond the tolerance"), "{body}");

    // Signed, but not an event: acknowledged, so that Seam does not retry it, with the reason.
    let not_json = b"not json";
    let headers = webhook.test_headers("msg_2", now, not_json);
    let (status, body) = send(app(webhook.clone()), headers, not_json).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("not an event"), "{body}");
}

#[test]
fn the_webhook_feature_adds_no_async_runtime_and_no_tls() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = std::process::Command::new(cargo)
        .current_dir(conformance_root())
        .args([
            "tree",
            "--offline",
            "-p",
            "seam-events",
            "--features",
            "webhook",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tree = String::from_utf8(output.stdout).unwrap();
    let crates: std::collections::BTreeSet<&str> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    for banned in [
        "tokio",
        "hyper",
        "async-std",
        "smol",
        "rustls",
        "native-tls",
        "openssl",
        "reqwest",
    ] {
        assert!(!crates.contains(banned), "{banned} in {crates:?}");
    }
    for needed in ["hmac", "sha2", "base64", "http", "subtle"] {
        assert!(crates.contains(needed), "{needed} missing from {crates:?}");
    }
}

fn conformance_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}
