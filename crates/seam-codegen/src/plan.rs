//! Plans the types every product defines for a schema: one per event, named shared and nested
//! shapes, enumerations, and the type of every field. Each emitter spells them its own way.

use std::collections::{BTreeMap, BTreeSet};

use seam_schema::{Property, Schema, StringFormat, Type};

use crate::names::{self, Name};

/// The field of every struct that keeps the properties the docs do not list.
pub const EXTRA_FIELD: &str = "extra";

/// Type names the products define themselves or lean on unqualified: the Rust crate's own types
/// and private modules' types, Rust's prelude, and the TypeScript package's own types and the
/// global types a declaration file sees. A documented type never takes one: it is numbered
/// (`Option2`) instead.
pub const RESERVED_TYPES: &[&str] = &[
    // The crate's own.
    "SeamEvent",
    "EventType",
    "UnknownEvent",
    "UnknownEventType",
    "MismatchedEvent",
    "Slot",
    "FieldRef",
    "Kinds",
    // Rust's prelude and the std names the generated code spells unqualified.
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "ToString",
    "ToOwned",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "Extend",
    "Default",
    "Eq",
    "PartialEq",
    "Ord",
    "PartialOrd",
    "AsRef",
    "AsMut",
    "Into",
    "From",
    "TryFrom",
    "TryInto",
    "FromIterator",
    "Unpin",
    "Debug",
    "Self",
    // The TypeScript package's own and the globals a declaration file sees.
    "SeamEventType",
    "SeamEventMap",
    "Object",
    "Number",
    "Boolean",
    "Array",
    "Record",
    "Partial",
    "Readonly",
    "Required",
    "Pick",
    "Omit",
    "Date",
    "Error",
    "Map",
    "Set",
    "Promise",
    "Symbol",
    "Function",
    "JSON",
    "Math",
    "RegExp",
    "BigInt",
    "Uint8Array",
    "Headers",
    "Exclude",
    "Extract",
    "NonNullable",
];

/// Every Rust item the crate defines, in a stable order.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// One per event, sorted by event type.
    pub events: Vec<EventItem>,
    /// Shared and nested object types, sorted by name.
    pub structs: Vec<StructItem>,
    /// Enumerations, sorted by name.
    pub enums: Vec<EnumItem>,
    /// Every public name the plan gives, by place, for the next run to keep.
    pub names: Names,
}

/// An event: its `SeamEvent` variant and its struct.
#[derive(Debug, Clone, PartialEq)]
pub struct EventItem {
    /// The event type, such as `acs_system.connected`.
    pub event_type: String,
    /// The `SeamEvent` and `EventType` variant, such as `AcsSystemConnected`.
    pub variant: String,
    /// The struct.
    pub body: StructItem,
    /// The documented example payload.
    pub example: serde_json::Value,
}

/// A struct for a JSON object.
#[derive(Debug, Clone, PartialEq)]
pub struct StructItem {
    /// The type name.
    pub name: String,
    /// Its documentation, as Markdown.
    pub doc: String,
    /// What it is in error messages, such as "`acs_system.connected` event".
    pub owner: String,
    /// Its fields, in property-name order (the `event_type` constant of an event excluded).
    pub fields: Vec<FieldItem>,
}

/// A field of a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldItem {
    /// Its names.
    pub name: Name,
    /// Its type (without what its state adds: the `Option` of a property that may be absent
    /// or null).
    pub ty: FieldType,
    /// Whether every payload carries it and whether it may be null.
    pub state: FieldState,
    /// Its documentation, as Markdown.
    pub doc: String,
    /// The docs mark it `undocumented:`.
    pub undocumented: bool,
}

/// How a property is carried, decided in one place ([`FieldState::of`]) from the schema's
/// presence and nullability facts. Each product renders it in its own idiom:
///
/// | state | Rust | JSON Schema | TypeScript |
/// | --- | --- | --- | --- |
/// | `Required` | `T` | required | `key: T` |
/// | `RequiredNullable` | `Option<T>`, `None` is `null` | required, `null` allowed | `key: T \| null` |
/// | `Optional` | `Option<T>`, `None` is absent | not required | `key?: T` |
/// | `OptionalNullable` | `Option<Option<T>>`: `None` absent, `Some(None)` `null` | not required, `null` allowed | `key?: T \| null` |
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FieldState {
    /// In every payload, never null.
    Required,
    /// In every payload, may be null.
    RequiredNullable,
    /// May be absent, never null.
    Optional,
    /// May be absent, may be null.
    OptionalNullable,
}

impl FieldState {
    /// The state of a property, from its presence and nullability.
    pub fn of(property: &Property) -> FieldState {
        match (property.always_present(), property.may_be_null()) {
            (true, false) => FieldState::Required,
            (true, true) => FieldState::RequiredNullable,
            (false, false) => FieldState::Optional,
            (false, true) => FieldState::OptionalNullable,
        }
    }

    /// Whether every payload carries the property.
    pub fn present(self) -> bool {
        matches!(self, FieldState::Required | FieldState::RequiredNullable)
    }

    /// Whether the property may be null.
    pub fn nullable(self) -> bool {
        matches!(
            self,
            FieldState::RequiredNullable | FieldState::OptionalNullable
        )
    }
}

/// An enumeration of documented string values, plus `Other(String)`.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumItem {
    /// The type name.
    pub name: String,
    /// Its documentation.
    pub doc: String,
    /// Its documented values.
    pub variants: Vec<Name>,
}

/// The type of a value, as every product defines it (Rust spelling; TypeScript and JSON Schema
/// map each to theirs).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum FieldType {
    /// A string: Rust `String`.
    String,
    /// A UUID string: Rust `uuid::Uuid`.
    Uuid,
    /// An RFC 3339 date-time string: Rust `chrono::DateTime<chrono::Utc>`.
    DateTime,
    /// `true` or `false`.
    Bool,
    /// A number: Rust `f64`.
    F64,
    /// A whole number: Rust `i64`.
    I64,
    /// A free-form object: Rust `serde_json::Map<String, serde_json::Value>`.
    Map,
    /// Any JSON value: Rust `serde_json::Value`.
    Value,
    /// A list.
    Vec(Box<FieldType>),
    /// A planned struct or enumeration, by name.
    Named(String),
}

/// Why a schema cannot become the products' types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError(pub String);

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The public names a plan gave, by the place each names: `event <type>` (the `SeamEvent`
/// variant), `definition <name>` (a shared shape), `<owner> <path>` (a nested object or
/// enumeration, such as `event lock.unlocked method`). Written to `schema/names.json` and read
/// back by the next run, which keeps every name given: a name, once published, stays with its
/// place, whatever is added beside it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names(pub BTreeMap<String, String>);

/// The note at the top of `schema/names.json`.
pub const NAMES_NOTE: &str = "Generated by `cargo xtask codegen` and read back by it: the public \
    name of every event, shared shape, nested object and enumeration, by the place it names. A \
    name given once is kept by the next run, so that no name moves when the schema grows. Delete \
    an entry to let its name follow the naming rule again.";

impl Names {
    /// Reads `schema/names.json` (`path` for messages).
    pub fn parse(path: &str, text: &str) -> Result<Names, String> {
        let expected = "expected what `cargo xtask codegen` writes: an object with `names`, an \
                        object of strings (or no file)";
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| format!("{path}:{}: not JSON ({e}): {expected}", e.line()))?;
        let names = value
            .as_object()
            .filter(|o| o.keys().all(|k| k == "$comment" || k == "names"))
            .and_then(|o| o.get("names")?.as_object())
            .ok_or_else(|| format!("{path}:1: not a names file: {expected}"))?;
        names
            .iter()
            .map(|(place, name)| match name.as_str() {
                Some(name) => Ok((place.clone(), name.to_owned())),
                None => Err(format!(
                    "{path}:1: the name of `{place}` is {name}: {expected}"
                )),
            })
            .collect::<Result<_, _>>()
            .map(Names)
    }

    /// The text of `schema/names.json`.
    pub fn text(&self) -> String {
        let file = serde_json::json!({ "$comment": NAMES_NOTE, "names": self.0 });
        let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// Plans the items for `schema`, naming each by the rule alone.
pub fn plan(schema: &Schema) -> Result<Plan, PlanError> {
    plan_with(schema, &Names::default())
}

/// Plans the items for `schema`, keeping every name `given` (by an earlier run) to a place the
/// schema still has; the others are named by the rule.
///
/// The rule names each from its own place: an event from its type, a shared shape from its
/// definition, a nested object or enumeration from its owner and property
/// (`AccessCodeNameChangedFrom`, `LockUnlockedMethod`). Two places that would spell alike (the
/// crate's and the languages' own names first, then events, definitions, nested types in event
/// and property order) are settled by numbering the later one; a name given earlier is never
/// the one that moves.
pub fn plan_with(schema: &Schema, given: &Names) -> Result<Plan, PlanError> {
    let mut planner = Planner {
        taken: RESERVED_TYPES.iter().map(|s| (*s).to_owned()).collect(),
        variants: BTreeSet::new(),
        given: BTreeMap::new(),
        names: Names::default(),
        structs: BTreeMap::new(),
        enums: BTreeMap::new(),
    };
    // The names given earlier to places still here are theirs before anything is named.
    for place in places(schema) {
        let Some(name) = given.0.get(&place) else {
            continue;
        };
        // `event <type>` names a variant; `event <type> <path>` a nested type.
        let variant = place
            .strip_prefix("event ")
            .is_some_and(|et| !et.contains(' '));
        let fresh = if variant {
            planner.variants.insert(name.clone()) && planner.taken.insert(names::event_struct(name))
        } else {
            planner.taken.insert(name.clone())
        };
        if !fresh {
            return Err(PlanError(format!(
                "schema/names.json gives `{name}` to `{place}` and to another place: expected \
                 each name once (delete one of the entries)"
            )));
        }
        planner.given.insert(place, name.clone());
    }
    let event_types: Vec<&str> = schema
        .events
        .iter()
        .map(|e| e.event_type.as_str())
        .collect();
    let variants: Vec<String> = names::event_variants(&event_types)
        .into_iter()
        .zip(&event_types)
        .map(|(candidate, et)| planner.claim_variant(&format!("event {et}"), &candidate))
        .collect();
    let definitions: BTreeMap<&str, String> = schema
        .definitions
        .keys()
        .map(|name| {
            let ty = planner.claim(&format!("definition {name}"), &names::type_name(&[name]));
            (name.as_str(), ty)
        })
        .collect();
    for (name, def) in &schema.definitions {
        let ty = definitions[name.as_str()].clone();
        let item = planner.struct_item(
            &format!("definition {name} "),
            &ty,
            &ty,
            &def.description,
            &format!("`{name}` object"),
            &def.properties,
            &definitions,
        )?;
        planner.structs.insert(ty, item);
    }
    let mut events = Vec::new();
    for (event, variant) in schema.events.iter().zip(variants) {
        let owner = format!("`{}` event", event.event_type);
        let props: BTreeMap<String, Property> = event
            .properties
            .iter()
            .filter(|(k, _)| k.as_str() != "event_type")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let body = planner.struct_item(
            &format!("event {} ", event.event_type),
            &names::event_struct(&variant),
            &variant,
            &event.description,
            &owner,
            &props,
            &definitions,
        )?;
        events.push(EventItem {
            event_type: event.event_type.clone(),
            variant,
            body,
            example: event.example.clone(),
        });
    }
    Ok(Plan {
        events,
        structs: planner.structs.into_values().collect(),
        enums: planner.enums.into_values().collect(),
        names: planner.names,
    })
}

/// Every place of `schema` that has a public name (see [`Names`]).
fn places(schema: &Schema) -> Vec<String> {
    fn walk(owner: &str, props: &BTreeMap<String, Property>, prefix: &str, out: &mut Vec<String>) {
        for (name, p) in props {
            let mut path = format!("{prefix}{name}");
            let mut ty = &p.ty;
            while let Type::Array { items } = ty {
                path.push_str("[]");
                ty = items;
            }
            match ty {
                Type::Object {
                    properties: Some(nested),
                } => {
                    out.push(format!("{owner}{path}"));
                    walk(owner, nested, &format!("{path}."), out);
                }
                Type::Enum { .. } => out.push(format!("{owner}{path}")),
                _ => {}
            }
        }
    }
    let mut out: Vec<String> = schema
        .events
        .iter()
        .map(|e| format!("event {}", e.event_type))
        .collect();
    for (name, def) in &schema.definitions {
        out.push(format!("definition {name}"));
        walk(
            &format!("definition {name} "),
            &def.properties,
            "",
            &mut out,
        );
    }
    for event in &schema.events {
        let owner = format!("event {} ", event.event_type);
        walk(&owner, &event.properties, "", &mut out);
    }
    out
}

/// `candidate`, or the first of its numbered forms (`Name2`, `Name3`, ...) that is `free`.
fn first_free(candidate: &str, free: impl Fn(&str) -> bool) -> String {
    std::iter::once(candidate.to_owned())
        .chain((2..).map(|n| names::numbered(candidate, n)))
        .find(|c| free(c))
        .unwrap_or_else(|| candidate.to_owned())
}

struct Planner {
    /// Every type name given out so far, and the reserved ones.
    taken: BTreeSet<String>,
    /// Every `SeamEvent` variant given out so far.
    variants: BTreeSet<String>,
    /// The names given earlier and kept, by place.
    given: BTreeMap<String, String>,
    /// Every name this plan gives, by place.
    names: Names,
    structs: BTreeMap<String, StructItem>,
    enums: BTreeMap<String, EnumItem>,
}

impl Planner {
    /// The type name of `place`: the one given earlier, or `candidate` (numbered if taken).
    fn claim(&mut self, place: &str, candidate: &str) -> String {
        let name = match self.given.get(place) {
            Some(name) => name.clone(),
            None => {
                let name = first_free(candidate, |c| !self.taken.contains(c));
                self.taken.insert(name.clone());
                name
            }
        };
        self.names.0.insert(place.to_owned(), name.clone());
        name
    }

    /// The `SeamEvent` variant of the event at `place`: the one given earlier, or `candidate`
    /// (numbered while it, or its struct's name `<variant>Event`, is taken); its struct's name is
    /// taken from now on.
    fn claim_variant(&mut self, place: &str, candidate: &str) -> String {
        let name = match self.given.get(place) {
            Some(name) => name.clone(),
            None => {
                let name = first_free(candidate, |c| {
                    !self.variants.contains(c) && !self.taken.contains(&names::event_struct(c))
                });
                self.variants.insert(name.clone());
                self.taken.insert(names::event_struct(&name));
                name
            }
        };
        self.names.0.insert(place.to_owned(), name.clone());
        name
    }

    /// The struct `name` for the properties `props`, whose places begin with `at`; `stem`
    /// begins the names of its nested types.
    #[allow(clippy::too_many_arguments, reason = "one recursion's state")]
    fn struct_item(
        &mut self,
        at: &str,
        name: &str,
        stem: &str,
        doc: &str,
        owner: &str,
        props: &BTreeMap<String, Property>,
        definitions: &BTreeMap<&str, String>,
    ) -> Result<StructItem, PlanError> {
        let wires: Vec<&str> = props.keys().map(String::as_str).collect();
        let field_names = names::properties(&wires, &[EXTRA_FIELD]);
        let mut fields = Vec::new();
        for (field, p) in field_names.into_iter().zip(props.values()) {
            let nested = names::type_name(&[stem, &field.wire]);
            let place = format!("{at}{}", field.wire);
            let ty = self.field_type(&place, &nested, &field.wire, &p.ty, owner, definitions)?;
            fields.push(FieldItem {
                name: field,
                ty,
                state: FieldState::of(p),
                doc: p.description.clone(),
                undocumented: p.undocumented,
            });
        }
        Ok(StructItem {
            name: name.to_owned(),
            doc: doc.to_owned(),
            owner: owner.to_owned(),
            fields,
        })
    }

    /// The type of a property `prop` of `owner`, at `place`; a nested object or enumeration is
    /// named `nested` (its owner's name and the property's) unless an earlier run named it.
    fn field_type(
        &mut self,
        place: &str,
        nested: &str,
        prop: &str,
        ty: &Type,
        owner: &str,
        definitions: &BTreeMap<&str, String>,
    ) -> Result<FieldType, PlanError> {
        Ok(match ty {
            Type::String { format: None } | Type::Const { .. } => FieldType::String,
            Type::String {
                format: Some(StringFormat::Uuid),
            } => FieldType::Uuid,
            Type::String {
                format: Some(StringFormat::DateTime),
            } => FieldType::DateTime,
            Type::Boolean => FieldType::Bool,
            Type::Number => FieldType::F64,
            Type::Integer => FieldType::I64,
            Type::Any => FieldType::Value,
            Type::Object { properties: None } => FieldType::Map,
            Type::Ref { name } => match definitions.get(name.as_str()) {
                Some(ty) => FieldType::Named(ty.clone()),
                None => {
                    return Err(PlanError(format!(
                        "{owner} refers to the undefined shape `{name}`"
                    )));
                }
            },
            Type::Array { items } => FieldType::Vec(Box::new(self.field_type(
                &format!("{place}[]"),
                &format!("{nested}Item"),
                &format!("{prop}[]"),
                items,
                owner,
                definitions,
            )?)),
            Type::Object {
                properties: Some(props),
            } => {
                let name = self.claim(place, nested);
                let shown = prop.trim_end_matches("[]");
                let doc = format!("The `{shown}` object of {owner}.");
                let nested_owner = format!("`{shown}` of {owner}");
                let item = self.struct_item(
                    &format!("{place}."),
                    &name,
                    &name,
                    &doc,
                    &nested_owner,
                    props,
                    definitions,
                )?;
                self.structs.insert(name.clone(), item);
                FieldType::Named(name)
            }
            Type::Enum { values } => {
                let name = self.claim(place, nested);
                let wires: Vec<&str> = values.iter().map(String::as_str).collect();
                let doc = format!(
                    "The values of `{}` of {owner}.",
                    prop.trim_end_matches("[]")
                );
                self.enums.insert(
                    name.clone(),
                    EnumItem {
                        name: name.clone(),
                        doc,
                        variants: names::variants(&wires),
                    },
                );
                FieldType::Named(name)
            }
        })
    }
}
