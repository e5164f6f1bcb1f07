//! Plans the Rust types for a schema: one struct per event, named shared and nested types,
//! enumerations, and the Rust type of every field.

use std::collections::{BTreeMap, BTreeSet};

use seam_schema::{Property, Schema, StringFormat, Type};

use crate::names::{self, Name};

/// The field of every struct that keeps the properties the docs do not list.
pub const EXTRA_FIELD: &str = "extra";

/// Names the generated crate defines itself; a documented type may not take them.
const RESERVED_TYPES: &[&str] = &["SeamEvent", "EventType", "UnknownEvent", "UnknownEventType"];

/// Every Rust item the crate defines, in a stable order.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// One per event, sorted by event type.
    pub events: Vec<EventItem>,
    /// Shared and nested object types, sorted by name.
    pub structs: Vec<StructItem>,
    /// Enumerations, sorted by name.
    pub enums: Vec<EnumItem>,
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
    pub ty: RustType,
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

/// The Rust type of a value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum RustType {
    /// `String`.
    String,
    /// `uuid::Uuid`.
    Uuid,
    /// `chrono::DateTime<chrono::Utc>`.
    DateTime,
    /// `bool`.
    Bool,
    /// `f64`.
    F64,
    /// `i64`.
    I64,
    /// `serde_json::Map<String, serde_json::Value>`: a free-form object.
    Map,
    /// `serde_json::Value`: anything.
    Value,
    /// `Vec<T>`.
    Vec(Box<RustType>),
    /// A generated struct or enum.
    Named(String),
}

/// Why a schema cannot become Rust.
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
    Ok(Plan {
        events,
        structs: planner.structs.into_values().collect(),
        enums: planner.enums.into_values().collect(),
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
            taken: RESERVED_TYPES.iter().map(|s| s.to_string()).collect(),
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
    ) -> Result<RustType, PlanError> {
        Ok(match ty {
            Type::String { format: None } | Type::Const { .. } => RustType::String,
            Type::String {
                format: Some(StringFormat::Uuid),
            } => RustType::Uuid,
            Type::String {
                format: Some(StringFormat::DateTime),
            } => RustType::DateTime,
            Type::Boolean => RustType::Bool,
            Type::Number => RustType::F64,
            Type::Integer => RustType::I64,
            Type::Any => RustType::Value,
            Type::Object { properties: None } => RustType::Map,
            Type::Ref { name } => {
                if !self.schema.definitions.contains_key(name) {
                    return Err(PlanError(format!(
                        "{owner} refers to the undefined shape `{name}`"
                    )));
                }
                RustType::Named(names::type_name(&[name]))
            }
            Type::Array { items } => RustType::Vec(Box::new(self.rust_type(
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
                    return Ok(RustType::Named(name.clone()));
                }
                let unique = self.object_shapes.get(prop).is_none_or(|s| s.len() == 1);
                let name = self.name_for(parent, prop, unique);
                self.by_shape.insert(key, name.clone());
                let doc = format!("The `{}` object of {owner}.", prop.trim_end_matches("[]"));
                let nested_owner = format!("`{}` of {owner}", prop.trim_end_matches("[]"));
                let item = self.struct_item(&name, &doc, &nested_owner, nested)?;
                self.structs.insert(name.clone(), item);
                RustType::Named(name)
            }
            Type::Enum { values } => {
                let key = format!(
                    "enum {prop} {}",
                    serde_json::to_string(values).unwrap_or_default()
                );
                if let Some(name) = self.by_shape.get(&key) {
                    return Ok(RustType::Named(name.clone()));
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
                RustType::Named(name)
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

/// A key that is equal for two shapes the Rust types cannot tell apart (descriptions aside).
fn shape_key(ty: &Type) -> String {
    fn strip(ty: &Type) -> Type {
        match ty {
            Type::Object {
                properties: Some(props),
            } => Type::Object {
                properties: Some(
                    props
                        .iter()
                        .map(|(k, p)| {
                            let p = Property {
                                ty: strip(&p.ty),
                                description: String::new(),
                                required: p.required,
                                undocumented: false,
                                sources: BTreeSet::new(),
                                provenance: Vec::new(),
                            };
                            (k.clone(), p)
                        })
                        .collect(),
                ),
            },
            Type::Array { items } => Type::Array {
                items: Box::new(strip(items)),
            },
            other => other.clone(),
        }
    }
    serde_json::to_string(&strip(ty)).unwrap_or_default()
}
