//! Plans the types every product defines for a schema: one per event, named shared and nested
//! shapes, enumerations, and the type of every field. Each emitter spells them its own way.

use std::collections::{BTreeMap, BTreeSet};

use seam_schema::{Property, Schema, StringFormat, Type};

use crate::names::{self, Name};

/// The field of every struct that keeps the properties the docs do not list.
pub const EXTRA_FIELD: &str = "extra";

/// Names the generated crate defines itself; a documented type may not take them.
const RESERVED_TYPES: &[&str] = &["SeamEvent", "EventType", "UnknownEvent", "UnknownEventType"];

/// Names of the crate's private module `slots`, which sees every shared type: a shared type
/// may not take them either.
const INTERNAL_TYPES: &[&str] = &["Slot", "FieldRef"];

/// Every Rust item the crate defines, in a stable order.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// One per event, sorted by event type.
    pub events: Vec<EventItem>,
    /// Shared and nested object types, sorted by name.
    pub structs: Vec<StructItem>,
    /// Enumerations, sorted by name.
    pub enums: Vec<EnumItem>,
    /// The name of every nested object shape, by [`shape_key`].
    pub object_names: BTreeMap<String, String>,
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
    /// Its type (without the `Option` of an optional property).
    pub ty: FieldType,
    /// Whether every payload carries it.
    pub required: bool,
    /// Its documentation, as Markdown.
    pub doc: String,
    /// The docs mark it `undocumented:`.
    pub undocumented: bool,
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

/// Why a schema cannot become the products' types (a naming collision, say).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError(pub String);

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Plans the Rust items for `schema`.
pub fn plan(schema: &Schema) -> Result<Plan, PlanError> {
    let mut planner = Planner::new(schema)?;
    let mut events = Vec::new();
    for event in &schema.events {
        let name = names::event_struct(&event.event_type);
        let owner = format!("`{}` event", event.event_type);
        let props: BTreeMap<String, Property> = event
            .properties
            .iter()
            .filter(|(k, _)| k.as_str() != "event_type")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let body = planner.struct_item(&name, &event.description, &owner, &props)?;
        events.push(EventItem {
            event_type: event.event_type.clone(),
            variant: names::event_variant(&event.event_type),
            body,
            example: event.example.clone(),
        });
    }
    let mut all = BTreeSet::new();
    for name in events
        .iter()
        .map(|e| &e.body.name)
        .chain(planner.structs.keys())
        .chain(planner.enums.keys())
    {
        if !all.insert(name.clone()) {
            return Err(PlanError(format!(
                "two generated types are both named `{name}`"
            )));
        }
    }
    for e in &events {
        if RESERVED_TYPES.contains(&e.variant.as_str()) {
            return Err(PlanError(format!(
                "event `{}` would be named `{}`, which the crate reserves",
                e.event_type, e.variant
            )));
        }
    }
    let mut variants = BTreeMap::new();
    for e in &events {
        if let Some(other) = variants.insert(e.variant.clone(), e.event_type.clone()) {
            return Err(PlanError(format!(
                "events `{other}` and `{}` would both be the variant `{}`",
                e.event_type, e.variant
            )));
        }
    }
    let object_names = planner
        .by_shape
        .iter()
        .filter(|(k, _)| !k.starts_with("enum "))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Ok(Plan {
        events,
        structs: planner.structs.into_values().collect(),
        enums: planner.enums.into_values().collect(),
        object_names,
    })
}

/// A nested shape and where it occurs, for naming.
struct Planner<'a> {
    schema: &'a Schema,
    /// Per property name: how many distinct object shapes and enumerations carry it.
    object_shapes: BTreeMap<String, BTreeSet<String>>,
    enum_shapes: BTreeMap<String, BTreeSet<Vec<String>>>,
    /// Names taken by events and definitions, which nested types must avoid.
    taken: BTreeSet<String>,
    /// Already planned, by shape key: the type name.
    by_shape: BTreeMap<String, String>,
    structs: BTreeMap<String, StructItem>,
    enums: BTreeMap<String, EnumItem>,
}

impl<'a> Planner<'a> {
    fn new(schema: &'a Schema) -> Result<Self, PlanError> {
        let mut p = Planner {
            schema,
            object_shapes: BTreeMap::new(),
            enum_shapes: BTreeMap::new(),
            taken: (RESERVED_TYPES.iter().chain(INTERNAL_TYPES))
                .map(|s| s.to_string())
                .collect(),
            by_shape: BTreeMap::new(),
            structs: BTreeMap::new(),
            enums: BTreeMap::new(),
        };
        for e in &schema.events {
            p.taken.insert(names::event_struct(&e.event_type));
            p.survey(&e.properties);
        }
        for d in schema.definitions.values() {
            p.survey(&d.properties);
        }
        // Shared definitions first: their names are fixed.
        for (name, def) in &schema.definitions {
            let ty = names::type_name(&[name]);
            if !p.taken.insert(ty.clone()) {
                return Err(PlanError(format!(
                    "definition `{name}` would be named `{ty}`, which is taken"
                )));
            }
            let item = p.struct_item(
                &ty,
                &def.description,
                &format!("`{name}` object"),
                &def.properties,
            )?;
            p.structs.insert(ty, item);
        }
        Ok(p)
    }

    /// Counts the distinct shapes behind each property name.
    fn survey(&mut self, props: &BTreeMap<String, Property>) {
        for (name, p) in props {
            let mut ty = &p.ty;
            let mut key = name.clone();
            while let Type::Array { items } = ty {
                ty = items;
                key.push_str("[]");
            }
            match ty {
                Type::Object {
                    properties: Some(nested),
                } => {
                    self.object_shapes
                        .entry(key)
                        .or_default()
                        .insert(shape_key(ty));
                    self.survey(nested);
                }
                Type::Enum { values } => {
                    self.enum_shapes
                        .entry(key)
                        .or_default()
                        .insert(values.clone());
                }
                _ => {}
            }
        }
    }

    fn struct_item(
        &mut self,
        name: &str,
        doc: &str,
        owner: &str,
        props: &BTreeMap<String, Property>,
    ) -> Result<StructItem, PlanError> {
        let mut fields: Vec<FieldItem> = Vec::new();
        for (wire, p) in props {
            let field = names::property(wire, &[EXTRA_FIELD]);
            if let Some(clash) = fields.iter().find(|f| f.name.rust == field.rust) {
                return Err(PlanError(format!(
                    "properties `{}` and `{wire}` of {owner} would both be the field `{}`",
                    clash.name.wire, field.rust
                )));
            }
            let ty = self.rust_type(name, wire, &p.ty, owner)?;
            fields.push(FieldItem {
                name: field,
                ty,
                required: p.required,
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

    fn rust_type(
        &mut self,
        parent: &str,
        prop: &str,
        ty: &Type,
        owner: &str,
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
            Type::Ref { name } => {
                if !self.schema.definitions.contains_key(name) {
                    return Err(PlanError(format!(
                        "{owner} refers to the undefined shape `{name}`"
                    )));
                }
                FieldType::Named(names::type_name(&[name]))
            }
            Type::Array { items } => FieldType::Vec(Box::new(self.rust_type(
                parent,
                &format!("{prop}[]"),
                items,
                owner,
            )?)),
            Type::Object {
                properties: Some(nested),
            } => {
                let key = shape_key(ty);
                if let Some(name) = self.by_shape.get(&key) {
                    return Ok(FieldType::Named(name.clone()));
                }
                let unique = self.object_shapes.get(prop).is_none_or(|s| s.len() == 1);
                let name = self.name_for(parent, prop, unique);
                self.by_shape.insert(key, name.clone());
                let doc = format!("The `{}` object of {owner}.", prop.trim_end_matches("[]"));
                let nested_owner = format!("`{}` of {owner}", prop.trim_end_matches("[]"));
                let item = self.struct_item(&name, &doc, &nested_owner, nested)?;
                self.structs.insert(name.clone(), item);
                FieldType::Named(name)
            }
            Type::Enum { values } => {
                let key = format!(
                    "enum {prop} {}",
                    serde_json::to_string(values).unwrap_or_default()
                );
                if let Some(name) = self.by_shape.get(&key) {
                    return Ok(FieldType::Named(name.clone()));
                }
                let unique = self.enum_shapes.get(prop).is_none_or(|s| s.len() == 1);
                let name = self.name_for(parent, prop, unique);
                self.by_shape.insert(key, name.clone());
                let variants: Vec<Name> = values.iter().map(|v| names::variant(v)).collect();
                let mut seen = BTreeSet::from(["Other".to_string()]);
                for v in &variants {
                    if !seen.insert(v.rust.clone()) {
                        return Err(PlanError(format!(
                            "the values of `{}` of {owner} would give the variant `{}` twice (or clash with `Other`)",
                            prop.trim_end_matches("[]"),
                            v.rust
                        )));
                    }
                }
                let doc = format!(
                    "The values of `{}` of {owner}.",
                    prop.trim_end_matches("[]")
                );
                self.enums.insert(
                    name.clone(),
                    EnumItem {
                        name: name.clone(),
                        doc,
                        variants,
                    },
                );
                FieldType::Named(name)
            }
        })
    }

    /// A type name for a nested shape: the property's own name when only one shape goes by it,
    /// else prefixed with its parent's name.
    fn name_for(&mut self, parent: &str, prop: &str, unique: bool) -> String {
        let base = prop.replace("[]", "_item");
        let plain = names::type_name(&[&base]);
        let mut name = if unique && !self.taken.contains(&plain) {
            plain
        } else {
            format!(
                "{}{}",
                parent.trim_end_matches("Event"),
                names::type_name(&[&base])
            )
        };
        let stem = name.clone();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{stem}{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }
}

/// A key that is equal for two shapes no product can tell apart (descriptions aside).
pub fn shape_key(ty: &Type) -> String {
    let mut key = String::new();
    write_shape_key(ty, &mut key);
    key
}

/// Appends the key of `ty`: `O{` and each property as its JSON-quoted name, `!` (required) or
/// `?`, and its key, then `}`; `A[` items `]`; `L` and the JSON of any other type. Written
/// straight, without a stripped copy of the type: the plan and the JSON Schema emitter ask for
/// the key of every nested object.
fn write_shape_key(ty: &Type, out: &mut String) {
    match ty {
        Type::Object {
            properties: Some(props),
        } => {
            out.push_str("O{");
            for (name, p) in props {
                out.push_str(&serde_json::Value::from(name.as_str()).to_string());
                out.push(if p.required { '!' } else { '?' });
                write_shape_key(&p.ty, out);
                out.push(',');
            }
            out.push('}');
        }
        Type::Array { items } => {
            out.push_str("A[");
            write_shape_key(items, out);
            out.push(']');
        }
        other => {
            out.push('L');
            out.push_str(&serde_json::to_string(other).unwrap_or_default());
        }
    }
}
