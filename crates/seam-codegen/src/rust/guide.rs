//! What a Rust developer reads first: the README and the crate docs (what docs.rs shows), written
//! from one text so that they say the same. The README is short: a pitch, a receiver, the
//! features, the versions, a test, a link each for performance and the whole API. The crate docs
//! say it again with links, and carry what the README leaves to them: the forward compatibility
//! in detail, the resource features and the list of events.
//!
//! Every piece of Rust either shows is compiled and run: the crate docs' as their doctests, the
//! README's as the doctests of `ReadmeDoctests`, an item only `cfg(doctest)` compiles (see
//! [`readme_doctests`]).

use proc_macro2::TokenStream;
use quote::quote;

use super::features::{self, Features};
use super::{CrateOptions, api, raw_string};
use crate::plan::{EventItem, FieldState, FieldType, Plan};
use crate::{Package, header};

/// A signing secret for tests: the Standard Webhooks reference libraries' test vector's.
const TEST_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// The properties every event carries, which the receiver does not show.
const ENVELOPE: [&str; 4] = ["event_id", "workspace_id", "created_at", "occurred_at"];

/// Where the benchmarks' figures are, relative to the repository.
const BENCHMARKS: &str = "crates/bench/README.md";

/// The event the examples handle, and what they show of it.
struct Example<'a> {
    event: &'a EventItem,
    /// The resource feature that compiles it.
    feature: String,
    /// A property every payload carries, to print (`None`: the event's `Debug`).
    shown: Option<&'a str>,
    /// Whether the struct has a UUID `event_id`, which the test sets.
    event_id: bool,
}

impl<'a> Example<'a> {
    fn of(plan: &'a Plan) -> Option<Example<'a>> {
        let event = api::doc_example(plan)?;
        let required = || {
            event.body.fields.iter().filter(|f| {
                f.state == FieldState::Required && !ENVELOPE.contains(&f.name.wire.as_str())
            })
        };
        // A property that says what happened (`method`) rather than an ID, when there is one.
        let shown = required()
            .find(|f| !f.name.wire.ends_with("_id"))
            .or_else(|| required().next())
            .map(|f| f.name.rust.as_str());
        let event_id = event.body.fields.iter().any(|f| {
            f.name.wire == "event_id" && f.name.rust == "event_id" && f.ty == FieldType::Uuid
        });
        Some(Example {
            event,
            feature: features::feature_of(&event.event_type),
            shown,
            event_id,
        })
    }
}

/// A path of the API in prose: a rustdoc link in the crate docs, code in the README.
fn item(path: &str, links: bool) -> String {
    if links {
        format!("[`{path}`]")
    } else {
        format!("`{path}`")
    }
}

/// The one paragraph that says what the crate is.
fn pitch(plan: &Plan, links: bool) -> String {
    let n = plan.events.len();
    format!(
        "Typed, forward-compatible serde models of every webhook event Seam documents ({n} event \
         type{s}), for Rust services that receive Seam webhooks: one struct per event, {seam_event} \
         over all of them, and the check of a webhook's signature (feature `webhook`, with an axum \
         extractor). Seam's docs lag its API, so parsing loses nothing: an event type this crate \
         does not know parses as {unknown}, and a known one of a shape the docs do not describe \
         as {mismatched}, each with its whole payload. Generated from Seam's documentation by \
         `cargo xtask codegen`; not affiliated with Seam.\n",
        s = if n == 1 { "" } else { "s" },
        seam_event = item("SeamEvent", links),
        unknown = item("SeamEvent::Unknown", links),
        mismatched = item("SeamEvent::Mismatched", links),
    )
}

/// A receiver: verify, then parse, and the three outcomes. The README shows it as it is; the
/// crate docs run it too.
fn receiver_code(lib: &str, example: &Example) -> String {
    let variant = &example.event.variant;
    let et = &example.event.event_type;
    let print = match example.shown {
        Some(field) => format!("println!(\"{et}: {{:?}}\", event.{field})"),
        None => "println!(\"{event:?}\")".to_owned(),
    };
    format!(
        "use {lib}::webhook::{{http::HeaderMap, Webhook}};\n\
         use {lib}::SeamEvent;\n\n\
         /// One request to your webhook route: its headers and raw body in, the status to answer out.\n\
         fn receive(webhook: &Webhook, headers: &HeaderMap, body: &[u8]) -> u16 {{\n\
         \x20   // Verify the signature over the raw body, then parse it.\n\
         \x20   match webhook.verify(headers, body) {{\n\
         \x20       // A documented event: typed, every property a field.\n\
         \x20       Ok(SeamEvent::{variant}(event)) => {print},\n\
         \x20       // An event type this crate does not know (newer than it): its whole payload, kept.\n\
         \x20       Ok(SeamEvent::Unknown(event)) => println!(\"not handled: {{}}\", event.event_type),\n\
         \x20       // A known type of a shape the docs do not describe: kept whole, with the reason.\n\
         \x20       Ok(SeamEvent::Mismatched(event)) => eprintln!(\"{{}}: {{}}\", event.kind(), event.reason()),\n\
         \x20       // Every other event (new ones come in minor releases).\n\
         \x20       Ok(other) => println!(\"not handled: {{}}\", other.event_type()),\n\
         \x20       // Signed by Seam but not an event: 200 (acknowledge: a retry would not change it).\n\
         \x20       // Not from Seam, or stale: 400 or 401.\n\
         \x20       Err(error) => return error.status(),\n\
         \x20   }}\n\
         \x20   // Acknowledge every event that parsed: Seam retries what fails, and a retry changes nothing.\n\
         \x20   204\n\
         }}\n"
    )
}

/// What the receiver's code needs said around it.
fn receiver_before(links: bool) -> String {
    format!(
        "With the feature `webhook`, `Webhook::new(secret)` takes the endpoint's signing secret \
         as Seam's dashboard shows it (`whsec_...`), and `verify` checks the signature over the \
         raw body, then parses it into a {seam_event}:\n",
        seam_event = item("SeamEvent", links),
    )
}

fn receiver_after(options: &CrateOptions, links: bool) -> String {
    // Only the published crate has the example (see `files`).
    let server = if options.publish.is_some() {
        " (a whole server: `examples/axum_receiver.rs`)"
    } else {
        ""
    };
    format!(
        "With the feature `axum` (axum 0.8; `http` 1, re-exported as `webhook::http`), the \
         extractor `webhook::Verified<SeamEvent>` does the same in a handler's arguments{server}, \
         with the `Webhook` from the router's state (`with_state(webhook)`, or `impl \
         FromRef<YourState> for Webhook`: it is `Clone`). A body verified elsewhere parses with \
         {from_slice}.\n",
        from_slice = item("SeamEvent::from_slice", links),
    )
}

/// A test of a handler: an event from its documented example, signed as Seam would.
fn testing_code(lib: &str, example: &Example) -> String {
    let name = &example.event.body.name;
    let variant = &example.event.variant;
    let (import, build, check) = if example.event_id {
        (
            format!("use {lib}::uuid::Uuid;\n"),
            format!("let event = {name}::example().with_event_id(Uuid::from_u128(42));\n"),
            "assert_eq!(event.event_id(), Some(Uuid::from_u128(42)));\n".to_owned(),
        )
    } else {
        (
            String::new(),
            format!("let event = {name}::example();\n"),
            format!("assert_eq!(event.kind(), Some({lib}::EventType::{variant}));\n"),
        )
    };
    format!(
        "{import}use {lib}::webhook::Webhook;\n\
         use {lib}::{{{name}, SeamEvent}};\n\n\
         // The documented example, typed; set what the test needs (or start from `{name}::new(...)`).\n\
         {build}\
         let body = {lib}::serde_json::to_vec(&SeamEvent::{variant}(event)).unwrap();\n\n\
         // Signed with a test secret, now (`verify` rejects a timestamp more than five minutes off).\n\
         let webhook = Webhook::new(\"{TEST_SECRET}\").unwrap();\n\
         let now = std::time::UNIX_EPOCH.elapsed().unwrap().as_secs() as i64;\n\
         let headers = webhook.test_headers(\"msg_1\", now, &body);\n\n\
         // Hand `headers` and `body` to your handler as your route would (in axum: a request\n\
         // built from them, sent through `tower::ServiceExt::oneshot`); it starts with this:\n\
         let event = webhook.verify(&headers, &body).unwrap();\n\
         {check}"
    )
}

fn testing_before(options: &CrateOptions) -> String {
    format!(
        "With the features `examples` and `webhook` in `[dev-dependencies]` (`{package} = {{ \
         version = \"{version}\", features = [\"examples\", \"webhook\"] }}`), a test starts from \
         an event's documented example and signs it as Seam would. Sign other bodies the same \
         way: an event type this crate does not know (`{{\"event_type\":\"example.not_documented\"}}`) \
         parses as `SeamEvent::Unknown`; a documented example with a property of another type \
         (`EventType::example_json`, with `\"event_id\": 7`) as `SeamEvent::Mismatched`:\n",
        package = options.package,
        version = options.version,
    )
}

/// The features, short.
fn features_list(features: &Features, links: bool) -> String {
    let resources: Vec<String> = features
        .events
        .keys()
        .take(2)
        .map(|f| format!("`{f}`"))
        .collect();
    let more = if features.events.len() > 2 {
        ", ..."
    } else {
        ""
    };
    format!(
        "- `{full}` (default): every event. Without it, one feature per resource ({resources}{more}: \
         {count} in all) compiles only its events; those of the others parse as {unknown}.\n\
         - `webhook`: `webhook::Webhook`, which verifies a webhook's signature, then parses it \
         (HMAC-SHA256, base64 and `http`; no async runtime, no TLS).\n\
         - `axum`: `webhook`, and the extractor `webhook::Verified`.\n\
         - `examples`: the documented example of every event, for tests (`EventType::example` and \
         each event struct's `example()`, typed; `EventType::example_json`, the JSON).\n\
         - `schemars`: `schemars::JsonSchema` for every type.\n",
        full = features::FULL,
        resources = resources.join(", "),
        count = features.events.len(),
        unknown = item("SeamEvent::Unknown", links),
    )
}

/// How to compile only some resources.
fn features_toml(features: &Features, options: &CrateOptions, example: Option<&Example>) -> String {
    let resource = example
        .map(|e| e.feature.clone())
        .or_else(|| features.events.keys().next().cloned());
    match resource {
        Some(resource) => format!(
            "For example, only the `{resource}` events, and the signature check:\n\n\
             ```toml\n[dependencies]\n\
             {package} = {{ version = \"{version}\", default-features = false, features = [\"{resource}\", \"webhook\"] }}\n\
             ```\n",
            package = options.package,
            version = options.version,
        ),
        None => String::new(),
    }
}

/// What a docs update does to the version, and what that asks of a consumer's code.
fn versions_text(options: &CrateOptions, links: bool) -> String {
    let (current, next) = breaking_step(&options.version);
    format!(
        "Each update of Seam's docs is released with the version its changes call for:\n\n\
         - minor: an event added, a property that may be absent added, an enumeration value added;\n\
         - major (below 1.0 the minor number: `{current}` to `{next}`, which `^{current}` does not \
         take): anything removed or retyped, or a property every payload carries added (`new` \
         takes it). A fact of Seam's API contract can make a property required too: its field is \
         no longer an `Option`;\n\
         - patch: descriptions only.\n\n\
         So that a minor release never breaks your code:\n\n\
         - match {seam_event} and the enums with a wildcard arm: they are `#[non_exhaustive]`;\n\
         - handle {unknown} (a type newer than your version) and {mismatched}; an enumeration \
         value the docs do not list parses as the enum's `Other(String)`, a property they do \
         not list is kept in the struct's `extra`;\n\
         - build events with `new(...)`, the `with_` methods or `example()`: the structs are \
         `#[non_exhaustive]`, so a struct literal does not compile.\n{changelog}",
        changelog = changelog_link(options, links),
        seam_event = item("SeamEvent", links),
        unknown = item("SeamEvent::Unknown", links),
        mismatched = item("SeamEvent::Mismatched", links),
    )
}

/// A breaking release's step from `version`: `0.1` to `0.2` below 1.0, `2` to `3` above.
fn breaking_step(version: &str) -> (String, String) {
    let mut parts = version.split('.').map(|p| p.parse::<u64>().ok());
    match (parts.next().flatten(), parts.next().flatten()) {
        (Some(0), Some(minor)) => (format!("0.{minor}"), format!("0.{}", minor + 1)),
        (Some(major), _) => (major.to_string(), (major + 1).to_string()),
        _ => (version.to_owned(), "the next".to_owned()),
    }
}

/// The changelog's sentence: beside the README, or in the repository for the crate docs (none
/// for a crate that is not published, which has none).
fn changelog_link(options: &CrateOptions, links: bool) -> String {
    let link = match (&options.publish, links) {
        (None, _) => return String::new(),
        (Some(_), false) => "CHANGELOG.md".to_owned(),
        (Some(Package { repository, .. }), true) => format!(
            "{}/blob/main/{}/CHANGELOG.md",
            repository.trim_end_matches('/'),
            options.dir
        ),
    };
    format!("\n[CHANGELOG.md]({link}) says what each release changed.\n")
}

/// Where the benchmarks are: in the repository, or (a crate not published) by path.
fn benchmarks_url(options: &CrateOptions) -> String {
    match &options.publish {
        Some(Package { repository, .. }) => {
            format!(
                "{}/blob/main/{BENCHMARKS}",
                repository.trim_end_matches('/')
            )
        }
        None => format!(
            "{}{BENCHMARKS}",
            "../".repeat(options.dir.split('/').count())
        ),
    }
}

fn performance_line(options: &CrateOptions, links: bool) -> String {
    format!(
        "{from_slice} reads a body once, straight into its event's struct: the figures, against \
         `serde_json::Value` and a serde-derived tagged enum, are in [the benchmarks]({url}).\n",
        from_slice = item("SeamEvent::from_slice", links),
        url = benchmarks_url(options),
    )
}

/// The README: short, every piece of code compiled (see [`readme_doctests`]).
pub fn readme(plan: &Plan, features: &Features, options: &CrateOptions) -> String {
    let lib = options.lib();
    let example = Example::of(plan);
    let mut out = format!(
        "{header}\n\n# {package}\n\n{pitch}",
        header = header::html_comment(),
        package = options.package,
        pitch = pitch(plan, false),
    );
    if let Some(example) = &example {
        out.push_str(&format!(
            "\n## Receiving a webhook\n\n{before}\n```rust\n{code}```\n\n{after}",
            before = receiver_before(false),
            code = receiver_code(&lib, example),
            after = receiver_after(options, false),
        ));
    }
    out.push_str(&format!(
        "\n## Features\n\n{list}\n{toml}",
        list = features_list(features, false),
        toml = features_toml(features, options, example.as_ref()),
    ));
    out.push_str(&format!(
        "\n## Versions\n\n{}",
        versions_text(options, false)
    ));
    if let Some(example) = &example {
        out.push_str(&format!(
            "\n## Testing a handler\n\n{before}\n```rust\n{code}```\n",
            before = testing_before(options),
            code = testing_code(&lib, example),
        ));
    }
    out.push_str(&format!(
        "\n## Performance\n\n{}",
        performance_line(options, false)
    ));
    let (api_docs, changelog, example) = match &options.publish {
        Some(_) => (
            format!(
                "[docs.rs/{package}](https://docs.rs/{package})",
                package = options.package
            ),
            "- [CHANGELOG.md](CHANGELOG.md): what each release changed.\n",
            "- [examples/axum_receiver.rs](examples/axum_receiver.rs): a whole receiver, in axum.\n",
        ),
        // Neither a changelog nor the example, nor docs on docs.rs: the crate is not published.
        None => ("The crate docs (`cargo doc --open`)".to_owned(), "", ""),
    };
    out.push_str(&format!(
        "\n## Documentation\n\n\
         - {api_docs}: the whole API, and the list of the events with their structs and resource \
         features.\n\
         {changelog}{example}\n\
         This crate is generated by `cargo xtask codegen` from Seam's documentation; do not edit \
         it by hand.\n",
    ));
    out
}

/// The item whose docs are the README, compiled only for doctests: `cargo test` runs the
/// README's code with the crate's own, when the features it uses are on (as in the workspace's
/// `cargo test`, whose conformance tests turn them on). `None` when the README shows no code.
pub fn readme_doctests(plan: &Plan) -> Option<TokenStream> {
    let example = Example::of(plan)?;
    let feature = example.feature;
    Some(quote! {
        /// The README's code, run as doctests with the crate's own.
        #[cfg(all(doctest, feature = "webhook", feature = "examples", feature = #feature))]
        #[doc = include_str!("../README.md")]
        pub struct ReadmeDoctests;
    })
}

/// The crate docs: the README's text with links, its code run, and what the README leaves to
/// them.
pub fn crate_doc(plan: &Plan, features: &Features, options: &CrateOptions) -> String {
    let lib = options.lib();
    let example = Example::of(plan);
    let mut doc = pitch(plan, true);
    if let Some(example) = &example {
        let documented = serde_json::to_string(&example.event.example).unwrap_or_default();
        let mismatched = format!(
            "{{\"event_type\":\"{}\",\"event_id\":7}}",
            example.event.event_type
        );
        doc.push_str(&format!(
            "\n# Receiving a webhook\n\n{before}\n```\n\
             # #[cfg(all(feature = \"webhook\", feature = \"{feature}\"))] {{\n\
             {code}\
             #\n\
             # // Requests as a route hands them over, signed as Seam signs them.\n\
             # let webhook = Webhook::new(\"{TEST_SECRET}\").unwrap();\n\
             # let now = std::time::UNIX_EPOCH.elapsed().unwrap().as_secs() as i64;\n\
             # let documented = {documented};\n\
             # for (body, status) in [(documented, 204), (r#\"{{\"event_type\":\"example.not_documented\"}}\"#, 204), ({mismatched}, 204), (\"not JSON\", 200)] {{\n\
             #     let headers = webhook.test_headers(\"msg_1\", now, body.as_bytes());\n\
             #     assert_eq!(receive(&webhook, &headers, body.as_bytes()), status, \"{{body}}\");\n\
             # }}\n\
             # let stale = webhook.test_headers(\"msg_1\", now - 3600, documented.as_bytes());\n\
             # assert_eq!(receive(&webhook, &stale, documented.as_bytes()), 401);\n\
             # assert_eq!(receive(&webhook, &Default::default(), documented.as_bytes()), 400);\n\
             # }}\n\
             ```\n\n{after}",
            before = receiver_before(true),
            feature = example.feature,
            code = receiver_code(&lib, example),
            documented = raw_string(&documented),
            mismatched = raw_string(&mismatched),
            after = receiver_after(options, true),
        ));
    }
    doc.push_str(&format!(
        "\n# Features\n\n{list}\n{toml}",
        list = features_list(features, true),
        toml = features_toml(features, options, example.as_ref()),
    ));
    if !features.events.is_empty() {
        doc.push_str(&format!(
            "\nAn event whose resource is off still has its {event_type}, and {is_compiled} \
             tells which are in. The resources:\n\n",
            event_type = item("EventType", true),
            is_compiled = item("EventType::is_compiled", true),
        ));
        for (feature, count) in &features.events {
            let s = if *count == 1 { "" } else { "s" };
            doc.push_str(&format!("- `{feature}`: {count} event{s}\n"));
        }
    }
    doc.push_str(&format!(
        "\n# Versions: what a docs update does to your code\n\n{}",
        versions_text(options, true)
    ));
    if let Some(example) = &example {
        doc.push_str(&format!(
            "\n# Testing a handler\n\n{before}\n```\n\
             # #[cfg(all(feature = \"examples\", feature = \"webhook\", feature = \"{feature}\"))] {{\n\
             {code}\
             # }}\n\
             ```\n",
            before = testing_before(options),
            feature = example.feature,
            code = testing_code(&lib, example),
        ));
    }
    doc.push_str(FORWARD_COMPATIBILITY);
    doc.push_str(&format!(
        "\n# Performance\n\n{}",
        performance_line(options, true)
    ));
    if !plan.events.is_empty() {
        doc.push_str(&format!(
            "\n# Events\n\nEvery event type this crate knows ({count}), with its struct; \
             [`SeamEvent`] has a variant for each, and [`EventType`] lists them.\n\n\
             | event type | struct |\n| --- | --- |\n",
            count = plan.events.len(),
        ));
        for e in &plan.events {
            doc.push_str(&format!("| `{}` | [`{}`] |\n", e.event_type, e.body.name));
        }
        // What `event_links_without_features` adds comes after a blank line.
        doc.push('\n');
    }
    doc
}

/// For the crate docs' list of events: with a resource's feature off, its structs' names link
/// to their [`EventType`] variants (the structs are not compiled), so that the docs build
/// without broken links whatever the features.
pub fn event_links_without_features(plan: &Plan, features: &Features) -> TokenStream {
    let mut by_feature = std::collections::BTreeMap::<&str, String>::new();
    for (e, feature) in plan.events.iter().zip(&features.by_event) {
        // The crate docs end with a blank line: a definition right after the table would be
        // a row of it.
        let links = by_feature.entry(feature.as_str()).or_default();
        links.push_str(&format!("[`{}`]: EventType::{}\n", e.body.name, e.variant));
    }
    let attrs = by_feature
        .into_iter()
        .map(|(feature, links)| quote!(#![cfg_attr(not(feature = #feature), doc = #links)]));
    quote!(#(#attrs)*)
}

/// How parsing meets what the docs do not say, in detail.
const FORWARD_COMPATIBILITY: &str = "\n# Forward compatibility\n\n\
     The docs lag the API, so parsing is tolerant where it can be and strict where it must be:\n\n\
     - an event type this crate does not know parses as [`SeamEvent::Unknown`], which keeps \
     the whole payload and writes it back unchanged;\n\
     - properties the docs do not list are kept in each struct's `extra` map and written back;\n\
     - an enumeration value the docs do not list parses as that enum's `Other(String)`;\n\
     - a property that may be absent is an `Option` (`None` when absent); one that may be \
     null is an `Option` too (`None` for null), and one that may be both an \
     `Option<Option<_>>` (`None` absent, `Some(None)` null), so that what comes is what is \
     written back;\n\
     - a known event that lacks a property every payload carries, or carries one null or of \
     another type than the schema allows, parses as [`SeamEvent::Mismatched`]: the payload \
     kept as it came, written back byte for byte, with the reason naming the property and \
     the event type. [`SeamEvent::strict`] turns it into that error.\n\n\
     Only a body that is not JSON, not an object, or has no string `event_type` is an \
     error (and, as everywhere in serde_json, JSON it cannot hold: a number beyond the range \
     of an `f64`, nesting deeper than 128 levels). IDs are `uuid::Uuid`, timestamps \
     `chrono::DateTime<chrono::Utc>`.\n";
