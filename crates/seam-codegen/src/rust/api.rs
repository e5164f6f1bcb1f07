//! Tokens of the crate's entry points: `SeamEvent`, `EventType` and `UnknownEvent`.

use proc_macro2::TokenStream;
use quote::quote;

use super::items::ident;
use crate::plan::{EventItem, FieldType, Plan};

/// The tokens of `src/seam_event.rs`.
pub fn tokens(plan: &Plan) -> TokenStream {
    let events = &plan.events;
    let variants: Vec<_> = events.iter().map(|e| ident(&e.variant)).collect();
    let structs: Vec<_> = events.iter().map(|e| ident(&e.body.name)).collect();
    let types: Vec<&str> = events.iter().map(|e| e.event_type.as_str()).collect();
    let variant_docs: Vec<TokenStream> = events
        .iter()
        .map(|e| {
            super::docs::attrs(
                &format!("`{}`: {}", e.event_type, first_sentence(&e.body.doc)),
                false,
            )
        })
        .collect();
    let type_docs: Vec<TokenStream> = types
        .iter()
        .map(|t| super::docs::attrs(&format!("`{t}`"), false))
        .collect();

    let envelope = |name: &str, ty: FieldType, out: TokenStream| {
        let method = ident(name);
        let arms = events.iter().map(|e| {
            let variant = ident(&e.variant);
            let field = e
                .body
                .fields
                .iter()
                .find(|f| f.name.wire == name && f.ty == ty);
            match field {
                Some(f) if f.required => {
                    let rust = ident(&f.name.rust);
                    quote!(SeamEvent::#variant(event) => Some(event.#rust),)
                }
                Some(f) => {
                    let rust = ident(&f.name.rust);
                    quote!(SeamEvent::#variant(event) => event.#rust,)
                }
                None => quote!(SeamEvent::#variant(_) => None,),
            }
        });
        let doc = super::docs::attrs(
            &format!(
                "The event's `{name}`, if it has one (every documented event does; an unknown one may not)."
            ),
            false,
        );
        quote! {
            #doc
            pub fn #method(&self) -> Option<#out> {
                match self {
                    #(#arms)*
                    SeamEvent::Unknown(event) => event.properties.get(#name).and_then(|v| v.as_str()).and_then(|s| s.parse().ok()),
                }
            }
        }
    };
    let event_id = envelope("event_id", FieldType::Uuid, quote!(uuid::Uuid));
    let workspace_id = envelope("workspace_id", FieldType::Uuid, quote!(uuid::Uuid));
    let created_at = envelope(
        "created_at",
        FieldType::DateTime,
        quote!(chrono::DateTime<chrono::Utc>),
    );
    let occurred_at = envelope(
        "occurred_at",
        FieldType::DateTime,
        quote!(chrono::DateTime<chrono::Utc>),
    );
    let count = events.len();

    quote! {
        //! Every event as one type: [`SeamEvent`], the list of types [`EventType`], and
        //! [`UnknownEvent`] for types this crate does not know yet.
        #![cfg_attr(rustfmt, rustfmt::skip)]

        use std::fmt;
        use std::str::FromStr;

        use serde::de::{self, MapAccess, Visitor};
        use serde::{Deserialize, Deserializer, Serialize, Serializer};
        use serde_json::{Map, Value};

        use crate::events::*;
        use crate::rt;

        /// A Seam webhook event: one variant per documented event type, and [`SeamEvent::Unknown`]
        /// for any other.
        ///
        /// Parse a webhook body with [`SeamEvent::from_slice`] (or `str::parse`): it reads the
        /// body once, straight into the event's own struct. Serializing writes back every
        /// property, unlisted ones included.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant, reason = "boxing would cost an allocation per event parsed")]
        pub enum SeamEvent {
            #(
                #variant_docs
                #variants(#structs),
            )*
            /// An event type this crate does not know: the whole payload, kept as it came.
            Unknown(UnknownEvent),
        }

        impl SeamEvent {
            /// Parses a webhook body.
            ///
            /// A known event type must carry every required property with the documented type;
            /// the error names the property and the event type. Properties the docs do not list
            /// are kept in the struct's `extra`; an unknown event type becomes
            /// [`SeamEvent::Unknown`].
            pub fn from_slice(json: &[u8]) -> Result<SeamEvent, serde_json::Error> {
                // One pass over the bytes checks they are UTF-8 (serde_json would check every
                // string again); the error for bytes that are not says where.
                match std::str::from_utf8(json) {
                    Ok(text) => SeamEvent::from_json_str(text),
                    Err(_) => Err(serde_json::from_slice::<serde::de::IgnoredAny>(json)
                        .err()
                        .unwrap_or_else(|| de::Error::custom("the body is not UTF-8"))),
                }
            }

            fn from_json_str(json: &str) -> Result<SeamEvent, serde_json::Error> {
                // A quick look for `event_type` picks the struct, and the body is read once,
                // straight into it. Should the guess be wrong (or the body bad), the body is read
                // again in order, keeping what precedes `event_type`.
                if let Some(kind) = rt::find_event_type(json.as_bytes()).and_then(|t| t.parse::<EventType>().ok()) {
                    if let Ok(event) = SeamEvent::read(json, Some(kind)) {
                        return Ok(event);
                    }
                }
                SeamEvent::read(json, None)
            }

            fn read(json: &str, hint: Option<EventType>) -> Result<SeamEvent, serde_json::Error> {
                let mut deserializer = serde_json::Deserializer::from_str(json);
                let event = deserializer.deserialize_map(SeamEventVisitor { hint })?;
                deserializer.end()?;
                Ok(event)
            }

            /// The event type, such as `acs_system.connected`.
            pub fn event_type(&self) -> &str {
                match self {
                    #(SeamEvent::#variants(_) => #types,)*
                    SeamEvent::Unknown(event) => &event.event_type,
                }
            }

            /// The event type, if this crate knows it.
            pub fn kind(&self) -> Option<EventType> {
                match self {
                    #(SeamEvent::#variants(_) => Some(EventType::#variants),)*
                    SeamEvent::Unknown(_) => None,
                }
            }

            #event_id
            #workspace_id
            #created_at
            #occurred_at

            fn from_entries<'de, A: MapAccess<'de>>(
                kind: EventType,
                mut entries: rt::Entries<'de, A>,
            ) -> Result<SeamEvent, A::Error> {
                let event = match kind {
                    #(EventType::#variants => #structs::visit(&mut entries).map(SeamEvent::#variants),)*
                }?;
                if !entries.saw_tag {
                    return Err(de::Error::custom("missing property `event_type`: every Seam event has one"));
                }
                Ok(event)
            }
        }

        impl FromStr for SeamEvent {
            type Err = serde_json::Error;

            fn from_str(json: &str) -> Result<SeamEvent, serde_json::Error> {
                SeamEvent::from_json_str(json)
            }
        }

        struct SeamEventVisitor {
            hint: Option<EventType>,
        }

        impl<'de> Visitor<'de> for SeamEventVisitor {
            type Value = SeamEvent;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Seam event object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SeamEvent, A::Error> {
                if let Some(kind) = self.hint {
                    return SeamEvent::from_entries(kind, rt::Entries::direct(map));
                }
                // Keep what precedes `event_type`, then read the rest straight into the struct.
                let mut read = Vec::new();
                while let Some(key) = map.next_key::<rt::Key<'de>>()? {
                    if key.as_str() == "event_type" {
                        let tag: rt::Key<'de> = map
                            .next_value()
                            .map_err(|e| de::Error::custom(format_args!("property `event_type`: {e}")))?;
                        let kind = tag.as_str().parse::<EventType>().ok();
                        let entries = rt::Entries::resumed(read, tag, map);
                        return match kind {
                            Some(kind) => SeamEvent::from_entries(kind, entries),
                            None => UnknownEvent::visit(entries).map(SeamEvent::Unknown),
                        };
                    }
                    let value: Value = map.next_value()?;
                    read.push((key, value));
                }
                Err(de::Error::custom("missing property `event_type`: every Seam event has one"))
            }
        }

        impl<'de> Deserialize<'de> for SeamEvent {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_map(SeamEventVisitor { hint: None })
            }
        }

        impl Serialize for SeamEvent {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(SeamEvent::#variants(event) => event.serialize(serializer),)*
                    SeamEvent::Unknown(event) => event.serialize(serializer),
                }
            }
        }

        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for SeamEvent {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                "SeamEvent".into()
            }

            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let known = [#(generator.subschema_for::<#structs>(),)*];
                let unknown = generator.subschema_for::<UnknownEvent>();
                schemars::json_schema!({
                    "description": "A Seam webhook event: a documented one, or an event type this crate does not know.",
                    "anyOf": [ { "oneOf": known }, unknown ]
                })
            }
        }

        /// An event whose type this crate does not know (yet): the whole payload, kept as it
        /// came, and written back unchanged.
        #[derive(Debug, Clone, PartialEq)]
        pub struct UnknownEvent {
            /// The event type, such as `acs_system.connected`.
            pub event_type: String,
            /// Every other property of the payload.
            pub properties: Map<String, Value>,
        }

        impl UnknownEvent {
            fn visit<'de, A: MapAccess<'de>>(mut map: A) -> Result<UnknownEvent, A::Error> {
                let mut event_type = None;
                let mut properties = Map::new();
                while let Some(key) = map.next_key::<rt::Key<'de>>()? {
                    if key.as_str() == "event_type" {
                        rt::field(&mut map, &mut event_type, "an event", "event_type")?;
                    } else {
                        let value = map.next_value()?;
                        properties.insert(key.into_string(), value);
                    }
                }
                Ok(UnknownEvent { event_type: rt::required(event_type, "an event", "event_type")?, properties })
            }
        }

        impl<'de> Deserialize<'de> for UnknownEvent {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct UnknownVisitor;

                impl<'de> Visitor<'de> for UnknownVisitor {
                    type Value = UnknownEvent;

                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("an event object")
                    }

                    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<UnknownEvent, A::Error> {
                        UnknownEvent::visit(map)
                    }
                }

                deserializer.deserialize_map(UnknownVisitor)
            }
        }

        impl Serialize for UnknownEvent {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(Some(self.properties.len() + 1))?;
                map.serialize_entry("event_type", &self.event_type)?;
                for (key, value) in &self.properties {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }

        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for UnknownEvent {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                "UnknownEvent".into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "object",
                    "properties": { "event_type": { "type": "string" } },
                    "required": ["event_type"]
                })
            }
        }

        /// Every event type this crate knows.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum EventType {
            #(
                #type_docs
                #variants,
            )*
        }

        impl EventType {
            /// Every known event type, sorted.
            pub const ALL: [EventType; #count] = [#(EventType::#variants,)*];

            /// The event type as it appears in `event_type`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    #(EventType::#variants => #types,)*
                }
            }
        }

        impl fmt::Display for EventType {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for EventType {
            type Err = UnknownEventType;

            fn from_str(s: &str) -> Result<EventType, UnknownEventType> {
                // A binary search over the sorted types: a few comparisons, however many events.
                const SORTED: [(&str, EventType); #count] = [#((#types, EventType::#variants),)*];
                match SORTED.binary_search_by(|(t, _)| (*t).cmp(s)) {
                    Ok(i) => Ok(SORTED[i].1),
                    Err(_) => Err(UnknownEventType(s.to_owned())),
                }
            }
        }

        impl Serialize for EventType {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for EventType {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let key = rt::Key::deserialize(deserializer)?;
                key.as_str().parse().map_err(de::Error::custom)
            }
        }

        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for EventType {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                "EventType".into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "enum": [#(#types),*] })
            }
        }

        /// The error of parsing an [`EventType`] this crate does not know.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct UnknownEventType(pub String);

        impl fmt::Display for UnknownEventType {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "unknown event type `{}`", self.0)
            }
        }

        impl std::error::Error for UnknownEventType {}
    }
}

/// The first sentence of a Markdown description, for one-line docs.
fn first_sentence(doc: &str) -> String {
    let line = doc.lines().next().unwrap_or_default().trim();
    let line = super::docs::rustdoc(line, "");
    match line.find(". ") {
        Some(i) => line[..=i].to_owned(),
        None => line,
    }
}

/// The event the crate docs' example parses: the first one.
pub fn doc_example(plan: &Plan) -> Option<&EventItem> {
    plan.events.first()
}
