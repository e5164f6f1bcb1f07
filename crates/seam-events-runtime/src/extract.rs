//! The axum extractor: reads the raw body, verifies it with the router state's `Webhook`, and
//! yields the event.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRef, FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::WebhookEvent;
use crate::webhook::{Webhook, WebhookError};

/// An axum extractor: the body of a request whose signature the router state's `Webhook`
/// verified, parsed into `E` (the generated crate's `SeamEvent`).
///
/// Its rejection ([`WebhookRejection`]) answers 400 for missing or malformed headers, 401 for a
/// stale timestamp or a wrong signature, and 200 for a signed body that is not an event (so
/// that Seam does not retry it), each with a body that names the reason. To report the last
/// yourself, take `Result<Verified<SeamEvent>, WebhookRejection>` instead.
#[derive(Debug, Clone)]
pub struct Verified<E>(pub E);

/// Why [`Verified`] rejected a request; answers with the status and the reason.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookRejection {
    /// The verification failed, or the signed body is not an event.
    Webhook(WebhookError),
    /// The body could not be read (too large for axum's body limit, say).
    Body(BytesRejection),
}

impl WebhookRejection {
    /// The status this rejection answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            WebhookRejection::Webhook(error) => {
                StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST)
            }
            WebhookRejection::Body(rejection) => rejection.status(),
        }
    }
}

impl std::fmt::Display for WebhookRejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WebhookRejection::Webhook(error) => error.fmt(f),
            WebhookRejection::Body(rejection) => rejection.body_text().fmt(f),
        }
    }
}

impl std::error::Error for WebhookRejection {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WebhookRejection::Webhook(error) => Some(error),
            WebhookRejection::Body(rejection) => Some(rejection),
        }
    }
}

impl IntoResponse for WebhookRejection {
    fn into_response(self) -> Response {
        (self.status(), self.to_string()).into_response()
    }
}

impl<S, E> FromRequest<S> for Verified<E>
where
    S: Send + Sync,
    Webhook<E>: FromRef<S>,
    E: WebhookEvent,
{
    type Rejection = WebhookRejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let webhook = Webhook::<E>::from_ref(state);
        let headers = request.headers().clone();
        let body = Bytes::from_request(request, state)
            .await
            .map_err(WebhookRejection::Body)?;
        webhook
            .verify(&headers, &body)
            .map(Verified)
            .map_err(WebhookRejection::Webhook)
    }
}
