//! A webhook receiver in axum: `Verified<SeamEvent>` checks the signature over the raw body
//! with the `Webhook` in the router's state, then parses it.
//!
//! ```sh
//! SEAM_WEBHOOK_SECRET=whsec_... cargo run --example axum_receiver --features axum
//! ```

use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use {lib}::webhook::{Verified, Webhook, WebhookRejection};
use {lib}::SeamEvent;

/// Answers 204 for an event it handled. Without a valid signature the extractor has answered
/// 400 (headers missing or malformed) or 401 (stale or wrong signature) already.
async fn receive(event: Result<Verified<SeamEvent>, WebhookRejection>) -> (StatusCode, String) {
    match event {
        Ok(Verified(SeamEvent::Unknown(event))) => {
            // A type newer than this crate: its whole payload is kept.
            println!("not known yet: {}", event.event_type);
            (StatusCode::NO_CONTENT, String::new())
        }
        Ok(Verified(SeamEvent::Mismatched(event))) => {
            // A known type whose payload the docs do not describe: report it, keep it.
            eprintln!("{}: {}", event.kind(), event.reason());
            (StatusCode::NO_CONTENT, String::new())
        }
        Ok(Verified(event)) => {
            println!("{} {:?}", event.event_type(), event.event_id());
            (StatusCode::NO_CONTENT, String::new())
        }
        Err(rejection) => {
            // 400 or 401 for a request that is not Seam's; 200 for a signed body that is not
            // an event (acknowledged, so that it is not retried): report it.
            eprintln!("{rejection}");
            (rejection.status(), rejection.to_string())
        }
    }
}

/// The router: one route, the verifier in its state.
fn app(webhook: Webhook) -> Router {
    Router::new()
        .route("/webhooks/seam", post(receive))
        .with_state(webhook)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret = std::env::var("SEAM_WEBHOOK_SECRET")
        .map_err(|_| "set SEAM_WEBHOOK_SECRET to the endpoint's signing secret (whsec_...)")?;
    let webhook = Webhook::new(&secret)?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!(
        "listening on http://{}/webhooks/seam",
        listener.local_addr()?
    );
    axum::serve(listener, app(webhook)).await?;
    Ok(())
}
