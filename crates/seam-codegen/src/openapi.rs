//! The OpenAPI 3.1 emitter: the webhooks Seam sends, their bodies the events' JSON Schema,
//! in the document itself (`components/schemas`), so that every OpenAPI tool reads it alone.

use std::collections::BTreeSet;

use seam_schema::Schema;
use seam_schema::model::resource_of;
use seam_schema::text::plain_from_markdown;
use serde_json::{Map, Value, json};

use crate::plan::PlanError;
use crate::{GeneratedFile, header, json_schema};

/// The file, relative to the project root.
pub const FILE: &str = "generated/openapi/seam-webhooks.openapi.json";
/// Redocly CLI's settings for the file, shipped beside it: the one rule of its recommended set
/// that this document breaks on purpose, with the reason.
pub const REDOCLY_FILE: &str = "generated/openapi/redocly.yaml";
/// What the folder's README says: the file, and how to read it with the usual tools.
pub const README_FILE: &str = "generated/openapi/README.md";

const REDOCLY_CONFIG: &str = "\
# Redocly CLI's settings for seam-webhooks.openapi.json:
#   redocly lint --config redocly.yaml seam-webhooks.openapi.json
extends:
  - recommended
rules:
  # The document describes webhooks only: Seam calls the URL each receiver registers with it,
  # so there is no server to name, and `servers` is left out on purpose.
  no-empty-servers: off
";
/// The OpenAPI version the file declares.
pub const OPENAPI: &str = "3.1.0";
/// The top-level key holding the note that names the regenerating command. OpenAPI 3.1 allows
/// no `$comment` at the top level, only its own fields and `x-` extensions; the key is written
/// first.
pub const HEADER_KEY: &str = "x-generated";
/// The license, an SPDX expression (the workspace's).
pub const LICENSE: &str = "MIT OR Apache-2.0";

const TITLE: &str = "Seam webhooks";

const DESCRIPTION: &str = "The webhooks Seam sends to an endpoint: one `POST` per event, with \
the event as its JSON body, signed through Svix with the Standard Webhooks scheme (the header \
parameters). Each body's schema is under `components/schemas`, named by its event type: the \
same JSON Schema (draft 2020-12) as that event's file in this project's `json-schema` folder, \
with the shared shapes (`seam_error`, ...) beside it, and every object open to properties not \
listed (`additionalProperties: true`, said explicitly). The document refers to nothing outside \
itself. Expect event types, values and properties not listed yet: acknowledge them.\n\n\
This is not Seam's own specification: it is generated from Seam's webhook-event \
documentation by an independent project, and Seam does not publish it.";

const REQUEST_BODY: &str = "The event, as Seam's documentation describes it. Verify the signature \
over the raw body, as received, before parsing it.";

/// One signature header, in each of the two sets.
struct Header {
    /// The name after `svix-` or `webhook-`.
    suffix: &'static str,
    description: &'static str,
    schema: fn() -> Value,
    example: &'static str,
}

const HEADERS: [Header; 3] = [
    Header {
        suffix: "id",
        description: "The message id, signed with the timestamp and the body. Svix keeps it \
            across the retries of one message: a receiver can drop duplicates by it. Empty is \
            malformed (400).",
        schema: || json!({ "type": "string", "minLength": 1 }),
        example: "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk",
    },
    Header {
        suffix: "timestamp",
        description: "When the message was signed, in unix seconds (digits only; anything else \
            is malformed: 400). A receiver rejects a timestamp more than five minutes from its \
            own clock, either way (401): a replay, or a clock off.",
        schema: || json!({ "type": "string", "pattern": "^[0-9]+$" }),
        example: "1649367553",
    },
    Header {
        suffix: "signature",
        description: "The signatures: a space-separated list of `v1,<base64>` entries (more \
            than one while a secret rotates), each the HMAC-SHA256 of `{id}.{timestamp}.{body}` \
            (the raw body as received) under the endpoint's signing secret (`whsec_` and \
            base64, as Seam's dashboard shows it). Entries of other versions are ignored; one \
            matching `v1` entry is enough, else 401.",
        schema: || json!({ "type": "string", "minLength": 1 }),
        example: "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=",
    },
];

/// The two header sets: the prefix, whether Seam's deliveries carry it, and what the set is.
const SETS: [(&str, bool, &str); 2] = [
    (
        "svix-",
        true,
        "Svix's name for it. A signed request carries one of the two header sets, and Seam's \
         deliveries (sent through Svix) carry this one: hence required. A verifier that accepts \
         both sets (as this project's do) looks for this one first.",
    ),
    (
        "webhook-",
        false,
        "The Standard Webhooks specification's name for the same header. A signed request \
         carries one of the two header sets; Seam's deliveries (sent through Svix) carry the \
         `svix-*` set, so this one is not required. This project's verifiers read this set when \
         `webhook-id` comes in place of `svix-id`.",
    ),
];

/// The answers, by status: the component's name and its description.
const RESPONSES: [(&str, &str, &str); 3] = [
    (
        "200",
        "Acknowledged",
        "Acknowledged: the signature of one header set matches the raw body and the timestamp \
         is within five minutes. Answer 200 as well to a verified body that is not a documented \
         event (an event type not listed yet, or not an event at all): acknowledge it, so that \
         it is not retried (a retry would not change it), and report it. Svix counts any 2xx as \
         delivered and retries anything else.",
    ),
    (
        "400",
        "MalformedHeaders",
        "A signature header is missing or malformed: neither `svix-id` nor `webhook-id`, another \
         header of the set missing, an empty id, a timestamp that is not unix seconds in digits, \
         or a value that is not visible ASCII. Nothing was verified.",
    ),
    (
        "401",
        "SignatureRejected",
        "Not verified: no `v1` signature matches the raw body under the endpoint's signing \
         secret (another secret, or the body changed on the way), or the timestamp is more than \
         five minutes from the receiver's clock (a replay, or a clock off).",
    ),
];

/// The one file: the OpenAPI document for `schema`, at [`FILE`]. Its `info.version` is the JSON
/// Schema files' version in `publish`: the request bodies are those files.
pub fn files(schema: &Schema, publish: &crate::Publish) -> Result<Vec<GeneratedFile>, PlanError> {
    let version = publish.versions.json_schema.as_str();
    let body = |event_type: &str| format!("#/components/schemas/{event_type}");
    let parameters: Vec<Value> = SETS
        .iter()
        .flat_map(|(prefix, _, _)| {
            HEADERS.iter().map(
                move |h| json!({ "$ref": format!("#/components/parameters/{prefix}{}", h.suffix) }),
            )
        })
        .collect();
    let responses: Map<String, Value> = RESPONSES
        .iter()
        .map(|(status, name, _)| {
            (
                (*status).to_owned(),
                json!({ "$ref": format!("#/components/responses/{name}") }),
            )
        })
        .collect();
    let mut webhooks = Map::new();
    let mut tags = BTreeSet::new();
    for event in &schema.events {
        let resource = resource_of(&event.event_type);
        tags.insert(resource);
        let description = event.description.trim();
        let mut post = crate::object([
            // The event type itself: unique, and it never moves because another event came
            // or went.
            ("operationId", event.event_type.clone().into()),
            ("summary", summary(&event.event_type, description).into()),
            ("tags", json!([resource])),
            ("parameters", Value::Array(parameters.clone())),
            (
                "requestBody",
                json!({
                    "description": REQUEST_BODY,
                    "required": true,
                    "content": { "application/json": { "schema": {
                        "$ref": body(&event.event_type),
                    } } },
                }),
            ),
            ("responses", Value::Object(responses.clone())),
        ]);
        if !description.is_empty() {
            post["description"] = description.into();
        }
        let item = crate::object([("post", post)]);
        if webhooks.insert(event.event_type.clone(), item).is_some() {
            return Err(PlanError(format!(
                "the OpenAPI webhooks would hold `{}` twice: the event type is listed twice",
                event.event_type
            )));
        }
    }
    let doc = crate::object([
        ("openapi", OPENAPI.into()),
        (
            "info",
            json!({
                "title": TITLE,
                "version": version,
                "description": DESCRIPTION,
                "license": { "name": LICENSE, "identifier": LICENSE },
            }),
        ),
        ("jsonSchemaDialect", json_schema::DRAFT.into()),
        // No HTTP authentication scheme: a webhook is authenticated by its signature, which
        // OpenAPI's security schemes cannot express; the headers are documented as parameters.
        // Said explicitly, for linters (Redocly's `security-defined`) and readers alike.
        ("security", json!([])),
        (
            "tags",
            tags.into_iter()
                .map(|name| {
                    json!({ "name": name, "description": format!("The events about `{name}`.") })
                })
                .collect(),
        ),
        ("webhooks", Value::Object(webhooks)),
        (
            "components",
            crate::object([
                ("schemas", components_schemas(schema)?),
                ("parameters", components_parameters()),
                ("responses", components_responses()),
            ]),
        ),
    ]);
    let text = json_schema::pretty(&doc);
    // The note first, where a reader looks (the object's other keys come sorted).
    let Some(rest) = text.strip_prefix("{\n") else {
        return Err(PlanError("the OpenAPI document is not an object".into()));
    };
    let contents = format!(
        "{{\n  {}: {},\n{rest}",
        Value::from(HEADER_KEY),
        Value::from(header::text())
    );
    Ok(vec![
        GeneratedFile::new(FILE, contents),
        GeneratedFile::new(
            REDOCLY_FILE,
            format!("{}\n{REDOCLY_CONFIG}", header::line_comment("#")),
        ),
        GeneratedFile::new(
            README_FILE,
            format!(
                "{}\n\n{}",
                header::html_comment(),
                include_str!("../templates/openapi/README.md").replace("{version}", version)
            ),
        ),
    ])
}

/// The header parameters, both sets, by header name.
fn components_parameters() -> Value {
    let mut out = Map::new();
    for (prefix, required, set) in SETS {
        for h in &HEADERS {
            let name = format!("{prefix}{}", h.suffix);
            let parameter = json!({
                "name": name,
                "in": "header",
                "required": required,
                "description": format!("{} {set}", h.description),
                "schema": (h.schema)(),
                "example": h.example,
            });
            out.insert(name, parameter);
        }
    }
    Value::Object(out)
}

/// The answers, by component name.
fn components_responses() -> Value {
    RESPONSES
        .iter()
        .map(|(_, name, description)| ((*name).to_owned(), json!({ "description": description })))
        .collect::<Map<_, _>>()
        .into()
}

/// Every event's schema and every shared shape, by name, as the JSON Schema bundles hold them
/// under `$defs` (every object saying `additionalProperties: true`), written for OpenAPI tools:
/// references point into `components/schemas`.
fn components_schemas(schema: &Schema) -> Result<Value, PlanError> {
    let mut out = Map::new();
    json_schema::each_def(schema, false, |name, mut def| {
        for_openapi(&mut def);
        out.insert(name, def).is_none()
    })?;
    Ok(Value::Object(out))
}

/// `value` (a schema, at any depth) with `#/$defs/` references into `components/schemas`.
fn for_openapi(value: &mut Value) {
    json_schema::each_schema(value, &mut |map| {
        if let Some(Value::String(reference)) = map.get_mut("$ref") {
            if let Some(name) = reference.strip_prefix("#/$defs/") {
                *reference = format!("#/components/schemas/{name}");
            }
        }
    });
}

/// A short plain-text summary: the description's first sentence as a reader sees it (links
/// as their text; `seam_schema::text`), or the event type when there is no description.
fn summary(event_type: &str, description: &str) -> String {
    let first = plain_from_markdown(description.lines().next().unwrap_or_default());
    let sentence = match first.find(". ") {
        Some(end) => &first[..=end],
        None => &first,
    };
    if sentence.trim().is_empty() {
        event_type.to_owned()
    } else {
        sentence.trim().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use super::*;

    /// The map of one parsed document's webhooks, for tests and checks.
    fn webhooks(document: &Value) -> BTreeMap<String, Value> {
        document["webhooks"]
            .as_object()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default()
    }

    fn fixture() -> Schema {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../schema/fixture/events.json"
        ))
        .unwrap();
        seam_schema::json::parse_events_json(&text).unwrap()
    }

    /// The fixture with two more events whose types differ only in punctuation.
    fn with_lookalikes() -> Schema {
        let mut schema = fixture();
        let template = schema.events[0].clone();
        for event_type in ["lock.un_locked", "lock.un_locked_2", "lock_un.locked"] {
            let mut event = template.clone();
            event.event_type = event_type.into();
            event.resource = resource_of(event_type).into();
            schema.events.push(event);
        }
        schema
            .events
            .sort_by(|a, b| a.event_type.cmp(&b.event_type));
        schema
    }

    fn document(schema: &Schema) -> (String, Value) {
        let files = files(schema, &crate::Publish::with_version("1.2.3")).unwrap();
        assert_eq!(files.len(), 3);
        assert!(files[2].contents.contains("Version 1.2.3"));
        assert_eq!(files[1].path, Path::new(REDOCLY_FILE));
        assert!(files[1].contents.contains("no-empty-servers: off"));
        assert_eq!(files[0].path, Path::new(FILE));
        let text = files[0].contents.clone();
        let value = serde_json::from_str(&text).unwrap();
        (text, value)
    }

    /// The value at a local `$ref` (`#/a/b`) of `document`.
    fn local<'a>(document: &'a Value, reference: &str) -> Option<&'a Value> {
        document.pointer(reference.strip_prefix('#')?)
    }

    fn refs<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    match (k.as_str(), v) {
                        ("$ref", Value::String(r)) => out.push(r),
                        _ => refs(v, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }

    #[test]
    fn the_file_starts_with_the_note_and_declares_openapi_3_1() {
        let (text, doc) = document(&fixture());
        assert!(text.starts_with("{\n  \"x-generated\": \"Generated by `cargo xtask codegen`"));
        assert!(text.ends_with("}\n") && !text.ends_with("\n\n"));
        assert_eq!(doc[HEADER_KEY], header::text());
        assert!(doc[HEADER_KEY].as_str().unwrap().contains(crate::COMMAND));
        assert_eq!(doc["openapi"], "3.1.0");
        assert_eq!(doc["info"]["version"], "1.2.3");
        assert_eq!(doc["info"]["license"]["identifier"], LICENSE);
        assert_eq!(doc["jsonSchemaDialect"], json_schema::DRAFT);
        assert_eq!(
            doc["security"],
            json!([]),
            "no HTTP authentication, said explicitly"
        );
        // Nothing at the top level but OpenAPI's fields and extensions.
        for key in doc.as_object().unwrap().keys() {
            assert!(
                key.starts_with("x-")
                    || [
                        "openapi",
                        "info",
                        "jsonSchemaDialect",
                        "security",
                        "tags",
                        "webhooks",
                        "components"
                    ]
                    .contains(&key.as_str()),
                "{key}"
            );
        }
    }

    #[test]
    fn every_event_has_a_webhook_and_nothing_else_does() {
        for schema in [fixture(), with_lookalikes()] {
            let (_, doc) = document(&schema);
            let hooks = webhooks(&doc);
            let types: Vec<&str> = schema
                .events
                .iter()
                .map(|e| e.event_type.as_str())
                .collect();
            assert_eq!(hooks.keys().map(String::as_str).collect::<Vec<_>>(), types);
            for event in &schema.events {
                let post = &hooks[&event.event_type]["post"];
                assert_eq!(post["tags"], json!([resource_of(&event.event_type)]));
                assert_eq!(post["description"], event.description.trim());
                assert_eq!(post["requestBody"]["required"], true);
                for status in ["200", "400", "401"] {
                    assert!(post["responses"][status]["$ref"].is_string(), "{status}");
                }
                assert_eq!(post["parameters"].as_array().unwrap().len(), 6);
            }
        }
    }

    #[test]
    fn every_request_body_is_its_events_schema_in_the_document() {
        let schema = fixture();
        let (text, doc) = document(&schema);
        let bundle: Value = serde_json::from_str(
            &json_schema::files(&schema, &crate::Publish::with_version("1.2.3"))
                .unwrap()
                .into_iter()
                .find(|f| f.path.ends_with(json_schema::BUNDLE_FILE))
                .unwrap()
                .contents,
        )
        .unwrap();
        for (event_type, hook) in webhooks(&doc) {
            let reference =
                hook["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
                    .as_str()
                    .unwrap();
            assert_eq!(reference, format!("#/components/schemas/{event_type}"));
            assert_eq!(
                local(&doc, reference).unwrap()["properties"]["event_type"]["const"],
                event_type.as_str()
            );
        }
        // The same schemas as the bundle's `$defs` (but its routing), every object open to
        // other properties.
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        assert_eq!(
            schemas.keys().collect::<Vec<_>>(),
            bundle["$defs"]
                .as_object()
                .unwrap()
                .keys()
                .filter(|k| !k.starts_with("dispatch-"))
                .collect::<Vec<_>>()
        );
        let mut objects = 0;
        let mut stack: Vec<&Value> = schemas.values().collect();
        while let Some(v) = stack.pop() {
            if let Value::Object(map) = v {
                if map.get("type") == Some(&json!("object")) {
                    objects += 1;
                    assert_eq!(map["additionalProperties"], true, "{v}");
                }
                stack.extend(map.iter().filter(|(k, _)| *k != "examples").map(|(_, v)| v));
            } else if let Value::Array(items) = v {
                stack.extend(items);
            }
        }
        assert!(objects > schemas.len(), "nested objects too: {objects}");
        // Nothing outside the document, no `$id` to confuse a bundler.
        assert!(
            !text.contains("\"$id\"") && !text.contains("$defs"),
            "self-contained"
        );
    }

    #[test]
    fn every_local_ref_resolves_and_every_component_is_used() {
        let (_, doc) = document(&fixture());
        let mut found = Vec::new();
        refs(&doc, &mut found);
        let mut used = BTreeSet::new();
        for reference in found {
            if reference.starts_with('#') {
                assert!(local(&doc, reference).is_some(), "{reference}");
                used.insert(reference.to_owned());
            }
        }
        let mut all = Vec::new();
        refs(&doc, &mut all);
        assert!(
            all.iter().all(|r| r.starts_with("#/")),
            "only local references"
        );
        for kind in ["parameters", "responses"] {
            for name in doc["components"][kind].as_object().unwrap().keys() {
                assert!(
                    used.contains(&format!("#/components/{kind}/{name}")),
                    "{name}"
                );
            }
        }
        // Every response says what it is (OpenAPI requires a description).
        for (name, response) in doc["components"]["responses"].as_object().unwrap() {
            assert!(
                response["description"]
                    .as_str()
                    .is_some_and(|d| !d.is_empty()),
                "{name}"
            );
        }
        // The Svix set is what Seam sends: required; the other set is not.
        for (name, parameter) in doc["components"]["parameters"].as_object().unwrap() {
            assert_eq!(parameter["in"], "header");
            assert_eq!(parameter["name"], name.as_str());
            assert_eq!(parameter["required"], name.starts_with("svix-"), "{name}");
        }
    }

    #[test]
    fn operation_ids_are_the_event_types_and_do_not_move() {
        let schema = with_lookalikes();
        let (_, doc) = document(&schema);
        for (event_type, hook) in webhooks(&doc) {
            assert_eq!(hook["post"]["operationId"], event_type.as_str());
        }
        // Without the look-alikes, every other event keeps its id.
        let (_, plain) = document(&fixture());
        for (event_type, hook) in webhooks(&plain) {
            assert_eq!(
                hook["post"]["operationId"],
                webhooks(&doc)[&event_type]["post"]["operationId"]
            );
        }
    }

    #[test]
    fn the_output_is_deterministic() {
        let schema = with_lookalikes();
        let first = files(&schema, &crate::Publish::with_version("1.2.3")).unwrap();
        for _ in 0..3 {
            assert_eq!(
                files(&schema, &crate::Publish::with_version("1.2.3")).unwrap(),
                first
            );
        }
        // The same schema read anew gives the same bytes.
        assert_eq!(
            files(&fixture(), &crate::Publish::unpublished()).unwrap(),
            files(&fixture(), &crate::Publish::unpublished()).unwrap()
        );
    }

    #[test]
    fn an_event_listed_twice_is_an_error() {
        let mut schema = fixture();
        schema.events.push(schema.events[0].clone());
        assert!(
            files(&schema, &crate::Publish::unpublished())
                .unwrap_err()
                .0
                .contains("twice")
        );
    }

    #[test]
    fn summaries_are_first_sentences_without_links() {
        assert_eq!(
            summary(
                "x.y",
                "An [unmanaged access code](https://docs.seam.co/x) was converted."
            ),
            "An unmanaged access code was converted."
        );
        assert_eq!(
            summary("x.y", "A lock was unlocked.\n\nSecond paragraph."),
            "A lock was unlocked."
        );
        assert_eq!(
            summary("x.y", "It went online. That is, `a.b` changed."),
            "It went online."
        );
        assert_eq!(summary("x.y", "  "), "x.y");
        assert_eq!(summary("x.y", "[a] and [b](c"), "[a] and [b](c");
    }
}
