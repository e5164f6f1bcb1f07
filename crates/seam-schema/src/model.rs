//! The schema model: plain, sorted data that every emitter reads and `schema/events.json` holds.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Every documented Seam webhook event, with the shapes they share.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    /// Shared object shapes, defined once and referenced as `{ "kind": "ref", "name": ... }`.
    #[serde(default)]
    pub definitions: BTreeMap<String, Definition>,
    /// Every documented event, sorted by `event_type`.
    pub events: Vec<Event>,
}

impl Schema {
    /// Calls `f` on every property of every event and definition, at any depth (a nested
    /// object's properties, an array's items' properties), outer first.
    pub fn each_property(&self, mut f: impl FnMut(&Property)) {
        fn walk(props: &BTreeMap<String, Property>, f: &mut dyn FnMut(&Property)) {
            for p in props.values() {
                f(p);
                let mut ty = &p.ty;
                while let Type::Array { items } = ty {
                    ty = items;
                }
                if let Type::Object {
                    properties: Some(inner),
                } = ty
                {
                    walk(inner, f);
                }
            }
        }
        for event in &self.events {
            walk(&event.properties, &mut f);
        }
        for def in self.definitions.values() {
            walk(&def.properties, &mut f);
        }
    }

    /// How many presence and nullability facts each source decided, over every property of
    /// every event and definition at any depth, in [`Source`]'s order (sources with none left
    /// out).
    pub fn facts_by_source(&self) -> Vec<(Source, usize)> {
        let mut out = BTreeMap::new();
        self.each_property(|p| {
            *out.entry(p.presence.source).or_default() += 1;
            *out.entry(p.nullable.source).or_default() += 1;
        });
        out.into_iter().collect()
    }

    /// The property at `path` (`a.b`, `a[].b`; a trailing `[]` names the array itself) under
    /// `props`, through shared shapes too.
    pub fn property_at<'a>(
        &'a self,
        props: &'a BTreeMap<String, Property>,
        path: &str,
    ) -> Option<&'a Property> {
        let (head, rest) = match path.split_once('.') {
            Some((head, rest)) => (head, Some(rest)),
            None => (path, None),
        };
        let p = props.get(head.trim_end_matches("[]"))?;
        let Some(rest) = rest else { return Some(p) };
        let mut ty = &p.ty;
        while let Type::Array { items } = ty {
            ty = items;
        }
        match ty {
            Type::Object {
                properties: Some(nested),
            } => self.property_at(nested, rest),
            Type::Ref { name } => self.property_at(&self.definitions.get(name)?.properties, rest),
            _ => None,
        }
    }

    /// The event of this type, if it is documented.
    pub fn event(&self, event_type: &str) -> Option<&Event> {
        self.events
            .binary_search_by(|e| e.event_type.as_str().cmp(event_type))
            .ok()
            .map(|i| &self.events[i])
    }
}

/// A shared object shape, such as Seam's error objects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    /// What the shape is, as Markdown.
    pub description: String,
    /// Its properties, by name.
    pub properties: BTreeMap<String, Property>,
}

/// One webhook event type as the documentation describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The value of the payload's `event_type`, such as `acs_system.connected`.
    pub event_type: String,
    /// The event type without its last segment, such as `acs_system`.
    pub resource: String,
    /// What happened, as Markdown.
    pub description: String,
    /// The file names in `schema/sources/` that document this event.
    pub sources: BTreeSet<String>,
    /// The payload's properties, by name.
    pub properties: BTreeMap<String, Property>,
    /// The documented example payload.
    pub example: serde_json::Value,
}

/// The event type without its last segment: `access_code.unmanaged` for
/// `access_code.unmanaged.converted_to_managed`.
pub fn resource_of(event_type: &str) -> &str {
    event_type.rsplit_once('.').map_or(event_type, |(r, _)| r)
}

/// One property of a payload or of a nested object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Property {
    /// What values the property holds.
    #[serde(flatten)]
    pub ty: Type,
    /// What the property means, as Markdown.
    pub description: String,
    /// Whether every payload carries the property, and what says so.
    pub presence: Fact<Presence>,
    /// Whether the property may be `null`, and what says so.
    pub nullable: Fact<bool>,
    /// The docs mark the property `undocumented:` (not yet published).
    #[serde(default, skip_serializing_if = "is_false")]
    pub undocumented: bool,
    /// The file names in `schema/sources/` that document this property (top-level properties only;
    /// nested ones come with their parent).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub sources: BTreeSet<String>,
    /// Where the schema departs from the literal docs: which importer inference or override
    /// rule set what, in the order they applied.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provenance: Vec<String>,
}

impl Property {
    /// Whether every payload carries the property.
    pub fn always_present(&self) -> bool {
        self.presence.value == Presence::Always
    }

    /// Whether the property may be `null`.
    pub fn may_be_null(&self) -> bool {
        self.nullable.value
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Whether every payload carries a property.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// Every payload carries it.
    Always,
    /// Some payloads omit it.
    MayBeAbsent,
}

impl Presence {
    /// The word used in `schema/events.json` and `schema/overrides.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Presence::Always => "always",
            Presence::MayBeAbsent => "may_be_absent",
        }
    }
}

/// What established a fact about a property. Later evidence overrides earlier only as
/// [`Fact::learn`] says.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The documentation's wording (a phrase such as "if any", an `undocumented:` flag).
    Docs,
    /// Seam's published API contract (`schema/contract.json`): what the docs left unstated.
    Contract,
    /// An observed payload in `schema/payloads/`.
    Payload,
    /// A rule or definition of `schema/overrides.toml`.
    Override,
    /// Nothing said anything: the `[policy]` of `schema/overrides.toml` decided.
    Policy,
}

impl Source {
    /// The word used in `schema/events.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Docs => "docs",
            Source::Contract => "contract",
            Source::Payload => "payload",
            Source::Override => "override",
            Source::Policy => "policy",
        }
    }
}

/// A fact about a property (its presence or nullability), what established it, and every piece
/// of evidence seen for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fact<T> {
    /// The fact.
    pub value: T,
    /// What established it: the first evidence for the value it has.
    pub source: Source,
    /// The evidence, in the order it was seen, each naming where it is (a phrase of the docs,
    /// a payload file, an override rule).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl<T: PartialEq> Fact<T> {
    /// A fact nothing has established yet: the policy decides its value later.
    pub fn unstated(placeholder: T) -> Self {
        Fact {
            value: placeholder,
            source: Source::Policy,
            notes: Vec::new(),
        }
    }

    /// A fact established by `source`, with a note saying where.
    pub fn stated(value: T, source: Source, note: impl Into<String>) -> Self {
        Fact {
            value,
            source,
            notes: vec![note.into()],
        }
    }

    /// Whether nothing but the policy decided the value.
    pub fn is_unstated(&self) -> bool {
        self.source == Source::Policy
    }

    /// Records evidence that the value is `value`. Evidence for the value the fact already has
    /// adds a note; evidence over an unstated fact decides it. Evidence against an established
    /// value changes it only from an override (reviewed facts correct the docs); otherwise the
    /// evidence is kept as a note and `false` returned, so that the caller can report the
    /// contradiction. An observed payload changes a value the contract established (the API
    /// runs ahead of its description).
    pub fn learn(&mut self, value: T, source: Source, note: impl Into<String>) -> bool {
        let note = note.into();
        if self.is_unstated() || self.value == value {
            if self.is_unstated() {
                self.value = value;
                self.source = source;
            }
            if !self.notes.contains(&note) {
                self.notes.push(note);
            }
            return true;
        }
        if (source == Source::Override && self.source != Source::Payload)
            || (source == Source::Payload && self.source == Source::Contract)
        {
            self.value = value;
            self.source = source;
            self.notes.push(note);
            return true;
        }
        false
    }
}

/// The values a property (or an array item) holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Type {
    /// A JSON string, possibly of a known format.
    String {
        /// The string's format, if the docs give one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        format: Option<StringFormat>,
    },
    /// `true` or `false`.
    Boolean,
    /// A JSON number.
    Number,
    /// A JSON number without a fraction (only from overrides: the docs say `number`).
    Integer,
    /// A JSON object: with known properties, or free-form when `properties` is absent.
    Object {
        /// The nested properties; `None` for a free-form object.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        properties: Option<BTreeMap<String, Property>>,
    },
    /// A JSON array.
    Array {
        /// The type of every item.
        items: Box<Type>,
    },
    /// A string from a documented list of values (consumers should expect others).
    Enum {
        /// The documented values, in the docs' order.
        values: Vec<String>,
    },
    /// A string that always has this one value.
    Const {
        /// The value.
        value: String,
    },
    /// A shared shape from [`Schema::definitions`].
    Ref {
        /// The definition's name.
        name: String,
    },
    /// Any JSON value: nothing determines the type yet.
    Any,
}

impl Type {
    /// A plain string.
    pub const STRING: Type = Type::String { format: None };

    /// A short human name for messages, such as `String (UUID)` or `Array of Boolean`.
    pub fn describe(&self) -> String {
        match self {
            Type::String { format: None } => "String".into(),
            Type::String {
                format: Some(StringFormat::Uuid),
            } => "String (UUID)".into(),
            Type::String {
                format: Some(StringFormat::DateTime),
            } => "String (ISO 8601)".into(),
            Type::Boolean => "Boolean".into(),
            Type::Number => "number".into(),
            Type::Integer => "integer".into(),
            Type::Object { properties: None } => "Object (free-form)".into(),
            Type::Object {
                properties: Some(_),
            } => "Object".into(),
            Type::Array { items } => format!("Array of {}", items.describe()),
            Type::Enum { values } => format!("Enum ({})", values.join(", ")),
            Type::Const { value } => format!("Enum (Value: {value})"),
            Type::Ref { name } => format!("`{name}`"),
            Type::Any => "any JSON value".into(),
        }
    }
}

/// A string format the docs name in the type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum StringFormat {
    /// `String (UUID)`.
    #[serde(rename = "uuid")]
    Uuid,
    /// `String (ISO 8601)`: an RFC 3339 date-time.
    #[serde(rename = "date-time")]
    DateTime,
}

impl StringFormat {
    /// The name JSON Schema and `schema/events.json` give the format.
    pub fn as_str(self) -> &'static str {
        match self {
            StringFormat::Uuid => "uuid",
            StringFormat::DateTime => "date-time",
        }
    }
}
