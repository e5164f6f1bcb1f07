//! Writes the baselines the benchmarks compare `SeamEvent` with, from `schema/events.json`: a
//! serde-derived `#[serde(tag = "event_type")]` enum over the same structs (what a hand-written
//! model would do), and a parse straight into each payload's own struct (the type known).

use std::path::Path;

use quote::{format_ident, quote};

fn main() {
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schema/events.json");
    println!("cargo::rerun-if-changed={}", schema_path.display());
    let text = std::fs::read_to_string(&schema_path).expect("schema/events.json is readable");
    let schema = seam_schema::json::parse_events_json(&text).expect("schema/events.json parses");
    let plan = seam_codegen::plan::plan(&schema).expect("the schema plans");
    let variants: Vec<_> = plan
        .events
        .iter()
        .map(|e| format_ident!("{}", e.variant))
        .collect();
    let structs: Vec<_> = plan
        .events
        .iter()
        .map(|e| format_ident!("{}", e.body.name))
        .collect();
    let types: Vec<&str> = plan.events.iter().map(|e| e.event_type.as_str()).collect();
    let tokens = quote! {
        /// The same structs behind serde's internally tagged enum.
        #[derive(Debug, serde::Deserialize)]
        #[serde(tag = "event_type")]
        #[allow(dead_code, reason = "the benchmark only parses")]
        pub enum Tagged {
            #(#[doc = #types] #[serde(rename = #types)] #variants(seam_events::#structs),)*
        }

        /// Parses `json` straight into the struct of `kind`, reading it as `SeamEvent::from_slice`
        /// does (one UTF-8 check, then serde_json's `&str` reader), so that the ratio measures
        /// only what finding the type costs.
        pub fn parse_known(kind: seam_events::EventType, json: &[u8]) -> serde_json::Result<seam_events::SeamEvent> {
            use serde::de::Error as _;
            let json = std::str::from_utf8(json).map_err(serde_json::Error::custom)?;
            Ok(match kind {
                #(seam_events::EventType::#variants => seam_events::SeamEvent::#variants(serde_json::from_str(json)?),)*
                _ => return Err(serde_json::Error::custom("an event type the baseline does not know")),
            })
        }
    };
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("baseline.rs");
    std::fs::write(out, tokens.to_string()).expect("OUT_DIR is writable");
}
