//! The Rust emitter: the schema model to the files of the `seam-events` crate.

pub mod api;
pub mod docs;
pub mod features;
mod guide;
pub mod items;
pub mod slots;

use std::borrow::Cow;

use proc_macro2::TokenStream;
use quote::quote;

use self::features::Features;
use self::slots::Kinds;
use crate::plan::FieldType;
pub use crate::plan::{Plan, PlanError};
use crate::{GeneratedFile, header};

/// The runtime crate the generated crate depends on (`crates/seam-events-runtime`), at exactly
/// this version: the generated code calls into it and its macros.
pub const RUNTIME_PACKAGE: &str = "seam-events-runtime";

/// The runtime crate's folder, relative to the project root.
pub const RUNTIME_DIR: &str = "crates/seam-events-runtime";

/// The runtime's crate name in Rust paths, such as the macros' `seam_events_runtime::object!`.
pub fn runtime_crate() -> String {
    RUNTIME_PACKAGE.replace('-', "_")
}

/// Which crate to generate, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateOptions {
    /// The package name, such as `seam-events`.
    pub package: &'static str,
    /// The folder, relative to the project root.
    pub dir: &'static str,
    /// What crates.io shows of the crate, when it is meant for crates.io (the test fixture crate
    /// is not).
    pub publish: Option<crate::Package>,
    /// The runtime crate's folder as the manifest names it: relative to `dir`, or absolute (for
    /// a crate generated outside the project).
    pub runtime_path: Cow<'static, str>,
    /// The crate's version (the product's comes from `schema/publish.toml`).
    pub version: Cow<'static, str>,
    /// The runtime's version, which a published crate requires exactly (`=`, as
    /// `schema/publish.toml` says); a crate that is not published takes the runtime by its path
    /// alone.
    pub runtime_version: Option<Cow<'static, str>>,
}

impl CrateOptions {
    /// The product, `generated/rust/seam-events`, at the version and with the metadata of
    /// `publish`.
    pub fn seam_events(publish: &crate::Publish) -> CrateOptions {
        CrateOptions {
            package: "seam-events",
            dir: "generated/rust/seam-events",
            publish: Some(publish.package.clone()),
            runtime_path: Cow::Borrowed("../../../crates/seam-events-runtime"),
            version: Cow::Owned(publish.versions.rust.clone()),
            runtime_version: Some(Cow::Owned(publish.versions.runtime.clone())),
        }
    }

    /// The fixture crate, `crates/seam-events-fixture`: the emitted code for every kind of
    /// property, compiled and tested like the product, never published.
    pub const FIXTURE: CrateOptions = CrateOptions {
        package: "seam-events-fixture",
        dir: "crates/seam-events-fixture",
        publish: None,
        runtime_path: Cow::Borrowed("../seam-events-runtime"),
        version: Cow::Borrowed(crate::Versions::UNPUBLISHED),
        runtime_version: None,
    };

    /// A crate generated outside the project (a test's or a benchmark's), in `dir` of some
    /// folder: it depends on the runtime of the project at `root`, by its absolute path.
    pub fn outside(package: &'static str, dir: &'static str, root: &std::path::Path) -> Self {
        CrateOptions {
            package,
            dir,
            publish: None,
            runtime_path: Cow::Owned(root.join(RUNTIME_DIR).display().to_string()),
            version: Cow::Borrowed(crate::Versions::UNPUBLISHED),
            runtime_version: None,
        }
    }

    /// The library name, such as `seam_events`.
    pub fn lib(&self) -> String {
        self.package.replace('-', "_")
    }
}

/// Every file of the crate, with paths relative to the project root.
pub fn files(plan: &Plan, options: &CrateOptions) -> Result<Vec<GeneratedFile>, PlanError> {
    let dir = options.dir;
    let features = features::features(plan);
    let kinds = Kinds::new(plan, &features);
    let rust = |name: &str, tokens: TokenStream| -> Result<GeneratedFile, PlanError> {
        Ok(GeneratedFile::new(
            format!("{dir}/src/{name}"),
            format_rust(tokens)?,
        ))
    };
    let text = |name: &str, body: String| {
        GeneratedFile::new(
            format!("{dir}/src/{name}"),
            format!("{}\n{body}", header::line_comment("//")),
        )
    };
    let mut files = vec![
        GeneratedFile::new(format!("{dir}/Cargo.toml"), manifest(&features, options)),
        GeneratedFile::new(
            format!("{dir}/README.md"),
            guide::readme(plan, &features, options),
        ),
        rust("lib.rs", lib_tokens(plan, &features, options))?,
        text("events.rs", events_text(plan, &features, &kinds)),
        text("types.rs", types_text(plan, &features, &kinds)),
        text("seam_event.rs", seam_event_text(plan, &features)),
        text("slots.rs", kinds.text()),
        text("examples.rs", examples_text(plan, &features)),
    ];
    // The example is the published crate's (two crates of one workspace may not both have
    // one of a name).
    if options.publish.is_some() {
        files.push(GeneratedFile::new(
            format!("{dir}/examples/axum_receiver.rs"),
            format!(
                "{}\n{}",
                header::line_comment("//"),
                AXUM_RECEIVER.replace("{lib}", &options.lib())
            ),
        ));
    }
    Ok(files)
}

/// The axum example (`{lib}` stands for the crate's library name).
const AXUM_RECEIVER: &str = include_str!("../../templates/rust/axum_receiver.rs");

/// Formats tokens with prettyplease, under the generated-file header. rustfmt is told to keep
/// its hands off, so that `cargo fmt --check` and codegen never disagree.
fn format_rust(tokens: TokenStream) -> Result<String, PlanError> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| PlanError(format!("emitted Rust does not parse: {e}")))?;
    let body = prettyplease::unparse(&file);
    Ok(format!("{}\n{body}", header::line_comment("//")))
}

/// The opening of a module written as text: its docs, and rustfmt kept off.
fn module(doc: &str) -> String {
    let mut out = String::new();
    for line in doc.lines() {
        out.push_str("//! ");
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("#![cfg_attr(rustfmt, rustfmt::skip)]\n\n");
    out
}

/// Whether a type names a planned struct or enum.
fn named(ty: &FieldType) -> bool {
    match ty {
        FieldType::Named(_) => true,
        FieldType::Vec(items) => named(items),
        _ => false,
    }
}

fn events_text(plan: &Plan, features: &Features, kinds: &Kinds) -> String {
    let mut out =
        module("One struct per documented event, each compiled with its resource's feature.");
    let fields = plan.events.iter().flat_map(|e| &e.body.fields);
    if fields.clone().any(|f| named(&f.ty)) {
        // Unused when no resource that needs a shared type is on.
        out.push_str("#[allow(unused_imports)]\nuse crate::types::*;\n\n");
    }
    for (e, feature) in plan.events.iter().zip(&features.by_event) {
        let predicate = features::predicate([feature.as_str()]);
        items::struct_text(&mut out, &e.body, Some(&e.event_type), &predicate, kinds);
    }
    out
}

fn types_text(plan: &Plan, features: &Features, kinds: &Kinds) -> String {
    let mut out = module(
        "Shared shapes, nested objects and enumerations of the events' properties, each\n\
         compiled with the features of the events that use it.",
    );
    let predicate = |name: &str| {
        let needers = features.by_type.get(name).into_iter().flatten();
        features::predicate(needers.map(String::as_str))
    };
    for s in &plan.structs {
        items::struct_text(&mut out, s, None, &predicate(&s.name), kinds);
    }
    for e in &plan.enums {
        items::enum_text(&mut out, e, &predicate(&e.name));
    }
    out
}

fn seam_event_text(plan: &Plan, features: &Features) -> String {
    let mut out = module(
        "Every event as one type: [`SeamEvent`], the list of types [`EventType`], and\n\
         [`UnknownEvent`] for types this crate does not know yet.",
    );
    if !plan.events.is_empty() {
        // Unused when no resource is on.
        out.push_str("#[allow(unused_imports)]\nuse crate::events::*;\n\n");
    }
    items::event_list_text(&mut out, plan, features);
    out
}

/// `text` as a raw string literal: as many `#` as it needs.
fn raw_string(text: &str) -> String {
    let hashes = "#".repeat(
        (1..)
            .find(|n| !text.contains(&format!("\"{}", "#".repeat(*n))))
            .unwrap_or(1),
    );
    format!("r{hashes}\"{text}\"{hashes}")
}

/// The documented examples, for consumers' tests (feature `examples`): the JSON of each event
/// type, the typed event, and each event struct's own.
fn examples_text(plan: &Plan, features: &Features) -> String {
    let mut out = module(
        "The documented example of every event, for tests of the code that handles them\n\
         (feature `examples`).",
    );
    if !plan.events.is_empty() {
        out.push_str("#[allow(unused_imports)]\nuse crate::events::*;\n");
    }
    out.push_str("use crate::{EventType, SeamEvent};\n\n");
    out.push_str(
        "impl EventType {\n\
         \x20   /// The documented example payload of this event type, as JSON text: a body to parse\n\
         \x20   /// or sign in a test.\n\
         \x20   pub fn example_json(self) -> &'static str {\n\
         \x20       match self {\n",
    );
    for e in &plan.events {
        let json = serde_json::to_string_pretty(&e.example).unwrap_or_default();
        out.push_str(&format!(
            "            EventType::{} => {},\n",
            e.variant,
            raw_string(&json)
        ));
    }
    out.push_str("            EventType::__NotCastable(never) => match never {},\n");
    out.push_str(
        "        }\n    }\n\n\
         \x20   /// The documented example, parsed: its typed variant (`SeamEvent::Unknown` when its\n\
         \x20   /// resource's feature is off).\n\
         \x20   pub fn example(self) -> SeamEvent {\n\
         \x20       // Every documented example parses typed: the crate's tests check each one.\n\
         \x20       SeamEvent::from_slice(self.example_json().as_bytes()).expect(\"a documented example parses\")\n\
         \x20   }\n}\n",
    );
    for (e, feature) in plan.events.iter().zip(&features.by_event) {
        out.push_str(&format!(
            "\n#[cfg({predicate})]\nimpl {name} {{\n\
             \x20   /// The documented example of `{et}`, typed: start a test's event from it and set\n\
             \x20   /// what the test needs (`with_` methods, or the fields).\n\
             \x20   pub fn example() -> Self {{\n\
             \x20       serde_json::from_str(EventType::{variant}.example_json()).expect(\"a documented example parses\")\n\
             \x20   }}\n}}\n",
            predicate = features::predicate([feature.as_str()]),
            name = e.body.name,
            et = e.event_type,
            variant = e.variant,
        ));
    }
    out
}

fn lib_tokens(plan: &Plan, features: &Features, options: &CrateOptions) -> TokenStream {
    let doc = docs::attrs(&guide::crate_doc(plan, features, options), true);
    let unlinked = guide::event_links_without_features(plan, features);
    let readme = guide::readme_doctests(plan);
    let types = (!plan.structs.is_empty() || !plan.enums.is_empty()).then(|| {
        quote!(
            pub use types::*;
        )
    });
    let events = (!plan.events.is_empty()).then(|| {
        quote!(
            pub use events::*;
        )
    });
    let runtime = quote::format_ident!("{}", runtime_crate());
    quote! {
        #doc
        #unlinked
        #![cfg_attr(rustfmt, rustfmt::skip)]
        #![forbid(unsafe_code)]
        #![deny(missing_docs)]
        // With some resources off, some shared helpers go unused.
        #![cfg_attr(not(feature = "full"), allow(dead_code, unused_imports, unused_macros))]

        mod events;
        #[cfg(feature = "examples")]
        mod examples;
        mod seam_event;
        mod slots;
        mod types;

        #events
        pub use seam_event::{EventType, MismatchedEvent, SeamEvent, UnknownEvent, UnknownEventType};
        #types

        #[cfg(feature = "webhook")]
        #runtime::webhook_module!();

        #readme

        /// The date-time crate of the timestamp fields.
        pub use chrono;
        /// The JSON crate of the free-form fields and errors.
        pub use serde_json;
        /// The UUID crate of the ID fields.
        pub use uuid;
    }
}

fn manifest(features: &Features, options: &CrateOptions) -> String {
    // What crates.io shows, for the published crate; the fixture says it is not published.
    let publish = match &options.publish {
        Some(p) => format!(
            "rust-version = \"{rust_version}\"\nauthors = [{author}]\nrepository = {repository}\n\
             homepage = {homepage}\nkeywords = [{keywords}]\n",
            rust_version = p.rust_version,
            author = toml_string(&p.author),
            repository = toml_string(&p.repository),
            homepage = toml_string(&p.homepage),
            keywords = p
                .keywords
                .iter()
                .map(|k| toml_string(k))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        None => "publish = false\n".into(),
    };
    format!(
        "{header}\n[package]\nname = \"{package}\"\nversion = \"{version}\"\nedition = \"2021\"\n{publish}\
         description = \"Typed, forward-compatible serde models of every webhook event Seam documents.\"\n\
         license = \"MIT OR Apache-2.0\"\nreadme = \"README.md\"\n\
         documentation = \"https://docs.rs/{package}\"\n\
         categories = [\"api-bindings\", \"encoding\"]\n\
         # What the package holds: the code, its docs and the license texts.\n\
         include = [\"Cargo.toml\", \"src/**/*.rs\", \"examples/**/*.rs\", \"README.md\", \"CHANGELOG.md\", \"LICENSE-MIT\", \"LICENSE-APACHE\"]\n\n\
         {docs_rs}\
         [features]\ndefault = [\"{full}\"]\n\
         # Every event.\n\
         {full} = [{all}]\n\
         # `schemars::JsonSchema` for every type.\n\
         schemars = [\"dep:schemars\", \"{runtime}/schemars\"]\n\
         # Verifying webhook signatures (`webhook::Webhook`): no async runtime, no TLS.\n\
         webhook = [\"{runtime}/webhook\"]\n\
         # An axum extractor that verifies, then parses (`webhook::Verified`).\n\
         axum = [\"webhook\", \"{runtime}/axum\"]\n\
         # The documented example of every event, for tests (`EventType::example`).\n\
         examples = []\n\
         # One feature per resource: its events. Without default features, the events of the\n\
         # resources not listed parse as `SeamEvent::Unknown`.\n\
         {resources}\n\
         [dependencies]\n\
         chrono = {{ version = \"0.4.41\", default-features = false, features = [\"std\", \"serde\"] }}\n\
         schemars = {{ version = \"1.0\", optional = true, default-features = false, features = [\"std\", \"derive\", \"chrono04\", \"uuid1\"] }}\n\
         serde = {{ version = \"1.0.200\", default-features = false, features = [\"std\"] }}\n\
         # The shared reading loop, readers, writers and macros the code here calls into,\n\
         # released with this crate.\n\
         {runtime} = {{ {runtime_version}path = \"{runtime_path}\" }}\n\
         # float_roundtrip: numbers parse correctly rounded, so that they round-trip exactly\n\
         # (and every parse path reads the same value; found by fuzzing).\n\
         serde_json = {{ version = \"1.0.120\", default-features = false, features = [\"std\", \"float_roundtrip\"] }}\n\
         uuid = {{ version = \"1.10\", default-features = false, features = [\"std\", \"serde\"] }}\n\n\
         [dev-dependencies]\n\
         # The axum example and doctests only.\n\
         axum = {{ version = \"0.8\", default-features = false, features = [\"http1\", \"tokio\"] }}\n\
         tokio = {{ version = \"1\", default-features = false, features = [\"macros\", \"net\", \"rt-multi-thread\"] }}\n\
         {example}",
        example = if options.publish.is_some() {
            "\n[[example]]\nname = \"axum_receiver\"\nrequired-features = [\"axum\"]\n"
        } else {
            ""
        },
        // docs.rs documents the default features only, unless told.
        docs_rs = if options.publish.is_some() {
            "[package.metadata.docs.rs]\n\
             # Every feature's API: the `webhook` module and the examples too.\n\
             all-features = true\n\n"
        } else {
            ""
        },
        header = header::line_comment("#"),
        package = options.package,
        version = options.version,
        runtime = RUNTIME_PACKAGE,
        runtime_path = options.runtime_path,
        runtime_version = options
            .runtime_version
            .as_ref()
            .map_or(String::new(), |v| format!("version = \"={v}\", ")),
        full = features::FULL,
        all = features
            .events
            .keys()
            .map(|f| format!("{f:?}"))
            .collect::<Vec<_>>()
            .join(", "),
        resources = features
            .events
            .iter()
            .map(|(f, n)| format!("{f} = [] # {n} event{}\n", if *n == 1 { "" } else { "s" }))
            .collect::<String>(),
    )
}

/// `text` as a TOML basic string (JSON's escapes are TOML's).
fn toml_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}
