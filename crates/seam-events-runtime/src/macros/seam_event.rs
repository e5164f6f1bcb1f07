/// Defines `SeamEvent` and `EventType` over the events
/// listed, sorted by event type: `Variant(Struct) = "event.type" in "feature" { envelope }`,
/// where the feature compiles the event's variant and the envelope says whether the event's
/// struct has each common property (`required`, `optional` or `absent`). `EventType` lists
/// every event, compiled or not; an event whose feature is off parses as `Unknown`.
#[doc(hidden)]
#[macro_export]
macro_rules! seam_event {
    (
        $(
            $(#[$meta:meta])*
            $variant:ident($event:ident) = $event_type:literal in $feature:literal {
                event_id: $event_id:ident,
                workspace_id: $workspace_id:ident,
                created_at: $created_at:ident,
                occurred_at: $occurred_at:ident $(,)?
            },
        )*
    ) => {
        /// A Seam webhook event: one variant per documented event type,
        /// [`SeamEvent::Mismatched`] for a known type whose payload does not have its documented
        /// shape, and [`SeamEvent::Unknown`] for any other type. No event is lost: every JSON
        /// object with a string `event_type` parses, and writes back.
        ///
        /// Parse a webhook body with [`SeamEvent::from_slice`] (or `str::parse`): it reads the
        /// body once, straight into the event's own struct. Serializing writes back every
        /// property, unlisted ones included.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant, reason = "boxing would cost an allocation per event parsed")]
        pub enum SeamEvent {
            $(#[cfg(feature = $feature)] $(#[$meta])* $variant($event),)*
            /// An event of a type this crate knows whose payload does not have the documented
            /// shape (a property missing, null, or of another type): the whole payload, kept as
            /// it came, with the reason. [`SeamEvent::strict`] turns it into that error.
            Mismatched(MismatchedEvent),
            /// An event type this crate does not know: the whole payload, kept as it came.
            Unknown(UnknownEvent),
        }

        impl SeamEvent {
            /// Parses a webhook body.
            ///
            /// A payload of a known event type with the documented shape becomes its typed
            /// variant; properties the docs do not list are kept in the struct's `extra`. A
            /// payload of a known type without it (a property missing, null, or of another
            /// type) becomes [`SeamEvent::Mismatched`], kept whole with the reason; an unknown
            /// event type becomes [`SeamEvent::Unknown`]. Only a body that is not JSON, not an
            /// object, or has no string `event_type` is an error (and JSON that serde_json cannot
            /// hold: a number beyond an `f64`'s range, nesting deeper than 128 levels).
            pub fn from_slice(json: &[u8]) -> Result<SeamEvent, serde_json::Error> {
                // One pass over the bytes checks they are UTF-8 (serde_json would check every
                // string again); the error for bytes that are not says where.
                match std::str::from_utf8(json) {
                    Ok(text) => SeamEvent::from_json_str(text),
                    Err(_) => Err(serde_json::from_slice::<serde::de::IgnoredAny>(json)
                        .err()
                        .unwrap_or_else(|| serde::de::Error::custom("the body is not UTF-8"))),
                }
            }

            /// An event from a JSON value (as [`SeamEvent::from_slice`] reads it from text).
            pub fn from_value(value: serde_json::Value) -> Result<SeamEvent, serde_json::Error> {
                SeamEvent::from_json_str(&serde_json::to_string(&value)?)
            }

            fn from_json_str(json: &str) -> Result<SeamEvent, serde_json::Error> {
                // A quick look for `event_type` picks the struct, and the body is read once,
                // straight into it; the struct checks the guess. Should the guess be wrong (a
                // nested `event_type` came first, say) or the body bad, `event_type` is read
                // exactly and the body read again.
                if let Some(guess) = $crate::__private::find_event_type(json) {
                    match EventType::lookup(guess) {
                        Some(kind) => {
                            let mut event = SeamEvent::placeholder(kind);
                            if event.read_in_place(json).is_ok() {
                                match &event {
                                    // An event whose feature is off: its own `event_type` decides.
                                    SeamEvent::Unknown(unknown) if unknown.event_type != guess => {}
                                    _ => return Ok(event),
                                }
                            }
                        }
                        None => {
                            if let Ok(event) = $crate::__private::read_object(json, UnknownVisitor) {
                                if EventType::lookup(&event.event_type).is_none() {
                                    return Ok(SeamEvent::Unknown(event));
                                }
                            }
                        }
                    }
                }
                // The body is JSON and an object with a string `event_type` (or this is the error).
                match EventType::lookup(&$crate::__private::top_level_event_type(json)?) {
                    Some(kind) => {
                        let mut event = SeamEvent::placeholder(kind);
                        match event.read_in_place(json) {
                            Ok(()) => Ok(event),
                            Err(error) => MismatchedEvent::new(kind, json, &error).map(SeamEvent::Mismatched),
                        }
                    }
                    None => $crate::__private::read_object(json, UnknownVisitor).map(SeamEvent::Unknown),
                }
            }

            /// The event, or the error of reading it as its type when it is
            /// [`SeamEvent::Mismatched`]: strictness in one call.
            ///
            /// ```
            #[doc = concat!("use ", env!("CARGO_CRATE_NAME"), "::{EventType, SeamEvent};")]
            ///
            /// // An event of a known type whose `event_id` is a number, not a UUID:
            /// let kind = EventType::ALL[0];
            /// let body = format!(r#"{{"event_type":"{kind}","event_id":7}}"#);
            /// match SeamEvent::from_slice(body.as_bytes()).unwrap() {
            ///     SeamEvent::Mismatched(event) => {
            ///         assert!(event.reason().contains("`event_id`"));
            ///         assert_eq!(event.json(), body);
            ///         let error = SeamEvent::Mismatched(event).strict().unwrap_err();
            ///         assert!(error.to_string().contains(kind.as_str()));
            ///     }
            ///     // Its struct lists no `event_id` (or is not compiled): kept as unlisted.
            ///     other => assert!(other.strict().is_ok()),
            /// }
            /// ```
            pub fn strict(self) -> Result<SeamEvent, serde_json::Error> {
                match self {
                    SeamEvent::Mismatched(event) => Err(event.error()),
                    other => Ok(other),
                }
            }

            /// The event of type `kind` to read into, its required fields placeholders (`Unknown`
            /// for an event whose feature is off). Reading into it where it lies spares moving
            /// the struct, a few hundred bytes, at every return on the way out.
            fn placeholder(kind: EventType) -> SeamEvent {
                match kind {
                    $(#[cfg(feature = $feature)] EventType::$variant => SeamEvent::$variant(<$event as $crate::__private::Placeholder>::placeholder()),)*
                    #[allow(unreachable_patterns, reason = "reached when a resource's feature is off")]
                    _ => SeamEvent::Unknown(UnknownEvent {
                        event_type: String::new(),
                        properties: serde_json::Map::new(),
                    }),
                }
            }

            /// Reads the event `json` into this one, made by [`SeamEvent::placeholder`] for its
            /// type, where it lies.
            #[allow(unreachable_code, reason = "no event is compiled without features")]
            fn read_in_place(&mut self, json: &str) -> Result<(), serde_json::Error> {
                let (object, info): (&mut dyn $crate::__private::Object<crate::slots::Kinds>, &'static $crate::__private::Info) = match self {
                    $(#[cfg(feature = $feature)] SeamEvent::$variant(event) => (event, &$event::INFO),)*
                    SeamEvent::Unknown(event) => {
                        *event = $crate::__private::read_object(json, UnknownVisitor)?;
                        return Ok(());
                    }
                    // Never made by `placeholder`.
                    SeamEvent::Mismatched(_) => return Ok(()),
                };
                $crate::__private::read_object(json, $crate::__private::InPlace { object, info, tagged: true })
            }

            /// The event type, such as `acs_system.connected`.
            pub fn event_type(&self) -> &str {
                match self {
                    $(#[cfg(feature = $feature)] SeamEvent::$variant(_) => $event_type,)*
                    SeamEvent::Mismatched(event) => event.kind().as_str(),
                    SeamEvent::Unknown(event) => &event.event_type,
                }
            }

            /// The event type, if this crate knows it (an event whose feature is off is
            /// [`SeamEvent::Unknown`], but its type is known).
            pub fn kind(&self) -> Option<EventType> {
                match self {
                    $(#[cfg(feature = $feature)] SeamEvent::$variant(_) => Some(EventType::$variant),)*
                    SeamEvent::Mismatched(event) => Some(event.kind()),
                    SeamEvent::Unknown(event) => EventType::lookup(&event.event_type),
                }
            }

            /// The event's `event_id`, if it has one (every documented event does; an unknown one may not).
            pub fn event_id(&self) -> Option<uuid::Uuid> {
                match self {
                    $(#[cfg(feature = $feature)] SeamEvent::$variant(event) => $crate::envelope_field!($event_id event.event_id),)*
                    SeamEvent::Mismatched(event) => $crate::__private::envelope(event.payload(), "event_id"),
                    SeamEvent::Unknown(event) => $crate::__private::envelope(&event.properties, "event_id"),
                }
            }

            /// The event's `workspace_id`, if it has one (every documented event does; an unknown one may not).
            pub fn workspace_id(&self) -> Option<uuid::Uuid> {
                match self {
                    $(#[cfg(feature = $feature)] SeamEvent::$variant(event) => $crate::envelope_field!($workspace_id event.workspace_id),)*
                    SeamEvent::Mismatched(event) => $crate::__private::envelope(event.payload(), "workspace_id"),
                    SeamEvent::Unknown(event) => $crate::__private::envelope(&event.properties, "workspace_id"),
                }
            }

            /// The event's `created_at`, if it has one (every documented event does; an unknown one may not).
            pub fn created_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
                match self {
                    $(#[cfg(feature = $feature)] SeamEvent::$variant(event) => $crate::envelope_field!($created_at event.created_at),)*
                    SeamEvent::Mismatched(event) => $crate::__private::envelope(event.payload(), "created_at"),
                    SeamEvent::Unknown(event) => $crate::__private::envelope(&event.properties, "created_at"),
                }
            }

            /// The event's `occurred_at`, if it has one (every documented event does; an unknown one may not).
            pub fn occurred_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
                match self {
                    $(#[cfg(feature = $feature)] SeamEvent::$variant(event) => $crate::envelope_field!($occurred_at event.occurred_at),)*
                    SeamEvent::Mismatched(event) => $crate::__private::envelope(event.payload(), "occurred_at"),
                    SeamEvent::Unknown(event) => $crate::__private::envelope(&event.properties, "occurred_at"),
                }
            }
        }

        impl SeamEvent {
            /// Appends the event to `out` as JSON: the bytes `serde_json::to_writer` writes for
            /// it, written faster (a [`SeamEvent::Mismatched`] event: its payload exactly as it
            /// came).
            pub fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
                match self {
                    $(#[cfg(feature = $feature)] SeamEvent::$variant(event) => event.write_json(out),)*
                    SeamEvent::Mismatched(event) => {
                        out.extend_from_slice(event.json().as_bytes());
                        Ok(())
                    }
                    SeamEvent::Unknown(event) => serde_json::to_writer(out, event),
                }
            }
        }

        impl $crate::WebhookEvent for SeamEvent {
            fn from_body(body: &[u8]) -> Result<SeamEvent, serde_json::Error> {
                SeamEvent::from_slice(body)
            }
        }

        impl std::str::FromStr for SeamEvent {
            type Err = serde_json::Error;

            fn from_str(json: &str) -> Result<SeamEvent, serde_json::Error> {
                SeamEvent::from_json_str(json)
            }
        }

        /// Reads an event of a type this crate does not know.
        struct UnknownVisitor;

        impl<'de> serde::de::Visitor<'de> for UnknownVisitor {
            type Value = UnknownEvent;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an event object")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<UnknownEvent, A::Error> {
                UnknownEvent::visit(map)
            }
        }

        impl<'de> serde::Deserialize<'de> for SeamEvent {
            /// Reads the object's text (serde_json's, skipped rather than parsed; any other
            /// deserializer's, written out) as [`SeamEvent::from_slice`] reads it.
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::__private::deserialize_event(deserializer, SeamEvent::from_json_str)
            }
        }

        impl serde::Serialize for SeamEvent {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    $(#[cfg(feature = $feature)] SeamEvent::$variant(event) => event.serialize(serializer),)*
                    SeamEvent::Mismatched(event) => event.serialize(serializer),
                    SeamEvent::Unknown(event) => event.serialize(serializer),
                }
            }
        }

        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for SeamEvent {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                "SeamEvent".into()
            }

            #[allow(clippy::vec_init_then_push, reason = "each push is under its feature")]
            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                #[allow(unused_mut, reason = "no event is compiled without features")]
                let mut known = Vec::<schemars::Schema>::new();
                $(#[cfg(feature = $feature)] known.push(generator.subschema_for::<$event>());)*
                let unknown = generator.subschema_for::<UnknownEvent>();
                schemars::json_schema!({
                    "description": "A Seam webhook event: a documented one, or an event type this crate does not know.",
                    "anyOf": [{ "oneOf": known }, unknown],
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
            pub properties: serde_json::Map<String, serde_json::Value>,
        }

        impl UnknownEvent {
            fn visit<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<UnknownEvent, A::Error> {
                let mut event_type = None;
                let mut properties = serde_json::Map::new();
                while let Some(key) = map.next_key::<$crate::__private::Key<'de>>()? {
                    if key.as_str() == "event_type" {
                        $crate::__private::field::<_, _, $crate::__private::Plain>(&mut map, &mut event_type, "an event", "event_type")?;
                    } else {
                        let value = map.next_value()?;
                        properties.insert(key.into_string(), value);
                    }
                }
                Ok(UnknownEvent {
                    event_type: $crate::__private::required(event_type, "an event", "event_type")?,
                    properties,
                })
            }

        }

        impl<'de> serde::Deserialize<'de> for UnknownEvent {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_map(UnknownVisitor)
            }
        }

        impl serde::Serialize for UnknownEvent {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
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
                    "required": ["event_type"],
                })
            }
        }

        /// An event of a type this crate knows whose payload does not have the documented shape:
        /// a property the schema says every payload carries is missing, or one is null or of
        /// another type than the schema allows. The payload is kept exactly as it came, and
        /// written back byte for byte by [`SeamEvent::write_json`] (and, entries in the same
        /// order, by any serializer).
        ///
        /// Seam's docs lag its API: such an event is most likely valid, of a shape the docs do
        /// not describe yet. Handle what you can from [`MismatchedEvent::payload`], report
        /// [`MismatchedEvent::reason`], and acknowledge the webhook rather than fail it.
        ///
        /// Two are equal when they are of the same type and carry the same JSON, however it was
        /// spelled (the reason then differs at most in the position it names).
        #[derive(Debug, Clone)]
        pub struct MismatchedEvent {
            kind: EventType,
            json: Box<str>,
            properties: serde_json::Map<String, serde_json::Value>,
            reason: String,
        }

        impl MismatchedEvent {
            fn new(kind: EventType, json: &str, error: &serde_json::Error) -> Result<MismatchedEvent, serde_json::Error> {
                Ok(MismatchedEvent {
                    kind,
                    json: json.into(),
                    properties: serde_json::from_str(json)?,
                    reason: error.to_string(),
                })
            }

            /// The event type, which this crate knows.
            pub fn kind(&self) -> EventType {
                self.kind
            }

            /// Why the payload is not of its type's documented shape, as precise as the error of
            /// reading it strictly: the property, the event type and where, such as
            /// ``missing property `event_id` of `acs_system.connected` event at line 1 column 2``.
            pub fn reason(&self) -> &str {
                &self.reason
            }

            /// The error of reading the payload strictly (see [`SeamEvent::strict`]): its message
            /// is [`MismatchedEvent::reason`].
            pub fn error(&self) -> serde_json::Error {
                <serde_json::Error as serde::de::Error>::custom(&self.reason)
            }

            /// Every property of the payload, `event_type` included.
            pub fn payload(&self) -> &serde_json::Map<String, serde_json::Value> {
                &self.properties
            }

            /// The payload as it came: its JSON text, byte for byte.
            pub fn json(&self) -> &str {
                &self.json
            }
        }

        impl PartialEq for MismatchedEvent {
            fn eq(&self, other: &MismatchedEvent) -> bool {
                self.kind == other.kind && self.properties == other.properties
            }
        }

        impl serde::Serialize for MismatchedEvent {
            /// The payload as it came, its entries in order (byte for byte, through serde_json,
            /// for a payload sent without spaces).
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::__private::transcode(&self.json, serializer)
            }
        }

        /// Every event type this crate knows.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum EventType {
            $(#[doc = concat!("`", $event_type, "`")] $variant,)*
            /// Never built. A variant with a field keeps the enum from being cast to an integer
            /// (`as`), so that a new event type, sorted among the others, is a minor release:
            /// the other variants' implicit discriminants move, and no code can see them.
            #[doc(hidden)]
            __NotCastable(std::convert::Infallible),
        }

        impl EventType {
            /// Every known event type, sorted.
            pub const ALL: [EventType; <[&str]>::len(&[$($event_type),*])] = [$(EventType::$variant,)*];

            /// The event type `text` names, if known: a hash table built at compile time.
            fn lookup(text: &str) -> Option<EventType> {
                const TYPES: &[&str] = &[$($event_type),*];
                const SLOTS: usize = (TYPES.len() * 2 + 1).next_power_of_two();
                const TABLE: [u16; SLOTS] = $crate::__private::type_table::<SLOTS>(TYPES);
                $crate::__private::type_index(TYPES, &TABLE, text).map(|i| EventType::ALL[i])
            }

            /// The event type as it appears in `event_type`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(EventType::$variant => $event_type,)*
                    EventType::__NotCastable(never) => match never {},
                }
            }

            /// Whether this build compiles the event's struct (its resource's feature is on);
            /// an event that is not compiled parses as [`SeamEvent::Unknown`].
            ///
            /// ```
            #[doc = concat!("use ", env!("CARGO_CRATE_NAME"), "::{EventType, SeamEvent};")]
            ///
            /// let all = EventType::ALL;
            /// for (i, kind) in all.into_iter().enumerate() {
            ///     // The second body nests another event's `event_type` before its own.
            ///     let other = all[(i + 1) % all.len()];
            ///     for body in [
            ///         format!(r#"{{"event_type":"{kind}"}}"#),
            ///         format!(r#"{{"data":{{"event_type":"{other}"}},"event_type":"{kind}"}}"#),
            ///     ] {
            ///         let event = SeamEvent::from_slice(body.as_bytes()).unwrap();
            ///         // Its type is known either way. Not compiled, it is kept whole as `Unknown`;
            ///         // compiled, it lacks its required properties here, so it is `Mismatched`.
            ///         assert_eq!(event.kind(), Some(kind));
            ///         assert_eq!(matches!(event, SeamEvent::Unknown(_)), !kind.is_compiled());
            ///     }
            /// }
            /// ```
            pub const fn is_compiled(self) -> bool {
                match self {
                    $(EventType::$variant => cfg!(feature = $feature),)*
                    EventType::__NotCastable(never) => match never {},
                }
            }
        }

        impl std::fmt::Display for EventType {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for EventType {
            type Err = UnknownEventType;

            fn from_str(s: &str) -> Result<EventType, UnknownEventType> {
                EventType::lookup(s).ok_or_else(|| UnknownEventType(s.to_owned()))
            }
        }

        impl serde::Serialize for EventType {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for EventType {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let key = <$crate::__private::Key<'de> as serde::Deserialize>::deserialize(deserializer)?;
                key.as_str().parse().map_err(serde::de::Error::custom)
            }
        }

        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for EventType {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                "EventType".into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "enum": [$($event_type),*] })
            }
        }

        /// The error of parsing an [`EventType`] this crate does not know.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct UnknownEventType(pub String);

        impl std::fmt::Display for UnknownEventType {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "unknown event type `{}`", self.0)
            }
        }

        impl std::error::Error for UnknownEventType {}
    };
}

/// A common property of an event's struct: `required`, `optional`, `optional_nullable` or
/// `absent`.
#[doc(hidden)]
#[macro_export]
macro_rules! envelope_field {
    (required $event:ident . $field:ident) => {
        Some($event.$field)
    };
    (optional $event:ident . $field:ident) => {
        $event.$field
    };
    (optional_nullable $event:ident . $field:ident) => {
        $event.$field.flatten()
    };
    (absent $event:ident . $field:ident) => {{
        let _ = $event;
        None
    }};
}
