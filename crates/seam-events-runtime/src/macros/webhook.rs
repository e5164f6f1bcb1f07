/// Defines the invoking crate's `webhook` module: [`Webhook`](crate::webhook::Webhook) for its
/// `SeamEvent`, the errors, and with its `axum` feature the extractor. The invoking crate gates
/// the invocation on its `webhook` feature, which turns on this crate's.
#[doc(hidden)]
#[macro_export]
macro_rules! webhook_module {
    () => {
        /// Receiving webhooks: verify the signature over the raw body, then parse it.
        ///
        /// Seam delivers webhooks through Svix, signed as the Standard Webhooks specification
        /// describes: HMAC-SHA256 of `{id}.{timestamp}.{body}` under the endpoint's secret, in
        /// the headers `svix-id`, `svix-timestamp` and `svix-signature` (the `webhook-*` set is
        /// accepted too). [`Webhook::verify`](webhook::Webhook) checks the signature (any `v1`
        /// entry of the list, compared in constant time) and that the timestamp is within five
        /// minutes of now ([`Webhook::with_tolerance`](webhook::Webhook) changes that), then
        /// parses the body exactly as `SeamEvent::from_slice`
        /// does. The body is never re-serialized: pass it as received.
        ///
        /// What to answer, by [`WebhookError`](webhook::WebhookError) (its `Display` says it,
        /// and `status()` gives the code):
        ///
        /// - missing or malformed headers: 400;
        /// - a timestamp outside the tolerance, or no matching signature: 401;
        /// - signed, but the body is not an event (`is_signed()`): answer 200 and report it,
        ///   since a retry would not change it.
        ///
        /// ```
        #[doc = concat!("use ", env!("CARGO_CRATE_NAME"), "::SeamEvent;")]
        #[doc = concat!("use ", env!("CARGO_CRATE_NAME"), "::webhook::{Webhook, WebhookError};")]
        ///
        /// // The endpoint's signing secret, from Seam's dashboard (kept out of the code).
        /// let webhook = Webhook::new("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD")?;
        ///
        /// // In a test, sign a body as Seam would; in a receiver, the request's headers and raw body.
        /// let body = br#"{"event_id": "00000000-0000-0000-0000-000000000000", "event_type": "example.not_documented"}"#;
        /// let now = 1_700_000_000;
        /// let headers = webhook.test_headers("msg_1", now, body);
        ///
        /// let status = match webhook.verify_at(&headers, body, now) {
        ///     Ok(event) => {
        ///         println!("{}", event.event_type());
        ///         200
        ///     }
        ///     // Signed by Seam, but not an event: acknowledge, so that it is not retried, and report.
        ///     Err(error) if error.is_signed() => {
        ///         eprintln!("{error}");
        ///         200
        ///     }
        ///     // Not from Seam, or stale: 400 or 401.
        ///     Err(error) => error.status(),
        /// };
        /// assert_eq!(status, 200);
        /// # Ok::<(), WebhookError>(())
        /// ```
        ///
        /// With the `axum` feature, [`Verified`](webhook::Verified) does this as an extractor,
        /// the `Webhook` taken from the router's state:
        ///
        /// ```
        /// # #[cfg(feature = "axum")] {
        /// use axum::{Router, http::StatusCode, routing::post};
        #[doc = concat!("use ", env!("CARGO_CRATE_NAME"), "::SeamEvent;")]
        #[doc = concat!("use ", env!("CARGO_CRATE_NAME"), "::webhook::{Verified, Webhook};")]
        ///
        /// async fn receive(Verified(event): Verified<SeamEvent>) -> StatusCode {
        ///     // A 400 or 401 (or a 200 for a signed body that is not an event) was answered
        ///     // before this runs.
        ///     println!("{} {:?}", event.event_type(), event.event_id());
        ///     StatusCode::NO_CONTENT
        /// }
        ///
        /// let webhook = Webhook::new("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD").unwrap();
        /// let app: Router = Router::new()
        ///     .route("/webhooks/seam", post(receive))
        ///     .with_state(webhook);
        /// # }
        /// ```
        ///
        /// A whole server is in `examples/axum_receiver.rs`.
        pub mod webhook {
            pub use $crate::webhook::{
                DEFAULT_TOLERANCE, HEADER_SETS, HeaderSet, WebhookError, http,
            };
            #[cfg(feature = "axum")]
            pub use $crate::webhook::{Verified, WebhookRejection};

            /// A webhook endpoint's verifier, its secret and tolerance, parsing into
            /// `SeamEvent`: see the module's docs.
            ///
            /// Its methods (the generic type's, documented with the runtime crate):
            ///
            /// - `Webhook::new(secret: &str) -> Result<Webhook, WebhookError>`: the endpoint's
            ///   signing secret as Seam's dashboard shows it, base64 with or without `whsec_`;
            ///   anything else is [`WebhookError::InvalidSecret`].
            /// - `with_tolerance(duration)` and `tolerance()`: how far from now a request's
            ///   timestamp may be ([`DEFAULT_TOLERANCE`], five minutes, to start with).
            /// - `verify(&headers, &body)`: checks the signature and the timestamp against the
            ///   clock, then parses the body as `SeamEvent::from_slice` does:
            ///   `Result<SeamEvent, WebhookError>`.
            /// - `verify_at(&headers, &body, now)`: the same as of `now` (unix seconds).
            /// - `verify_signature_at(&headers, &body, now)`: the signature only, nothing parsed.
            /// - `sign(msg_id, timestamp, &body) -> String` and `test_headers(msg_id, timestamp,
            ///   &body) -> http::HeaderMap`: the signature header's value, and the three
            ///   headers, that Seam would send with a body, for tests of your receiver.
            ///
            /// It is `Clone` (a router's state holds it) and `Send + Sync`; its `Debug` never
            /// shows the secret.
            pub type Webhook = $crate::webhook::Webhook<crate::SeamEvent>;
        }
    };
}
