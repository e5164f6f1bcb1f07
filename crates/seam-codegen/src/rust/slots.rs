//! The kinds of field the crate's structs have (presence and type): one variant of the
//! generated `Slot` each, which the shared reading loop fills, compiled with its structs.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::features::{self, Features};
use crate::plan::{FieldItem, FieldState, FieldType, Plan, StructItem};

/// Every kind of field of a plan's structs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kinds {
    /// Each kind: its variant name and the features of the structs that have one.
    by_kind: BTreeMap<(FieldState, FieldType), Kind>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Kind {
    name: String,
    /// The runtime codec that reads and writes the field's value.
    codec: Codec,
    features: BTreeSet<String>,
}

/// The runtime's codecs (`seam_events_runtime::Codec`): how a kind's values are read and
/// written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Codec {
    /// The type's own serde impls.
    Plain,
    /// UUIDs, the hyphenated text read and written straight.
    Id,
    /// Date-times, RFC 3339 read and written straight.
    Time,
    /// An `f64`, a whole number written as an integer.
    Num,
    /// A list of [`Codec::Num`].
    Nums,
    /// A struct of the crate's, read where it lies.
    Obj,
    /// A list of structs of the crate's, each read where it lies.
    Objs,
}

impl Codec {
    /// The codec's type in the runtime crate.
    pub fn runtime_type(self) -> &'static str {
        match self {
            Codec::Plain => "Plain",
            Codec::Id => "Id",
            Codec::Time => "Time",
            Codec::Num => "Num",
            Codec::Nums => "Nums",
            Codec::Obj => "Obj",
            Codec::Objs => "Objs",
        }
    }
}

impl Kinds {
    /// The kinds of `plan`'s fields, named, with the features that compile each.
    pub fn new(plan: &Plan, features: &Features) -> Kinds {
        let mut users: BTreeMap<(FieldState, FieldType), BTreeSet<String>> = BTreeMap::new();
        let mut add = |item: &StructItem, needers: &mut dyn Iterator<Item = &String>| {
            let needers: Vec<&String> = needers.collect();
            for f in &item.fields {
                let entry = users.entry(key(f)).or_default();
                entry.extend(needers.iter().map(|n| (*n).clone()));
            }
        };
        for (e, feature) in plan.events.iter().zip(&features.by_event) {
            add(&e.body, &mut std::iter::once(feature));
        }
        for s in &plan.structs {
            add(s, &mut features.by_type.get(&s.name).into_iter().flatten());
        }
        let structs: BTreeSet<&str> = plan.structs.iter().map(|s| s.name.as_str()).collect();
        // Names in the kinds' order: should two spell alike (a struct named `VecUuid`, say),
        // the later one takes a number.
        let mut taken = BTreeSet::new();
        let by_kind = users
            .into_iter()
            .map(|((state, ty), features)| {
                let base = format!("{state:?}{}", type_name(&ty));
                let name = (1..)
                    .map(|n| match n {
                        1 => base.clone(),
                        n => format!("{base}{n}"),
                    })
                    .find(|name| !taken.contains(name))
                    .unwrap_or(base);
                taken.insert(name.clone());
                // A value that may be null is an `Option` read and written by serde.
                let codec = if state.nullable() {
                    Codec::Plain
                } else {
                    codec(&ty, &structs)
                };
                (
                    (state, ty),
                    Kind {
                        name,
                        codec,
                        features,
                    },
                )
            })
            .collect();
        Kinds { by_kind }
    }

    /// The name of the kind of `field`: the variant of `Slot` that holds it.
    pub fn name(&self, field: &FieldItem) -> &str {
        self.by_kind
            .get(&key(field))
            .map_or("Unplanned", |k| k.name.as_str())
    }

    /// The codec of `field`'s kind.
    pub fn codec(&self, field: &FieldItem) -> Codec {
        self.by_kind
            .get(&key(field))
            .map_or(Codec::Plain, |k| k.codec)
    }

    /// The text of `src/slots.rs`: the list of kinds that defines `Slot`.
    pub fn text(&self) -> String {
        let mut out = super::module(
            "Where the shared reading loop puts the value of an object's entry: one kind of\n\
             slot per kind of field the structs have, compiled with the structs that have one.",
        );
        if self.by_kind.keys().any(|(_, ty)| named(ty)) {
            // Unused when no resource that needs a shared type is on.
            out.push_str("#[allow(unused_imports)]\nuse crate::types::*;\n\n");
        }
        let _ = writeln!(out, "{}::slots! {{", super::runtime_crate());
        for ((state, ty), kind) in &self.by_kind {
            let _ = writeln!(
                out,
                "    #[cfg({})]\n    {}: {} {{ presence: {}, codec: {} }},",
                features::predicate(kind.features.iter().map(String::as_str)),
                kind.name,
                super::items::field_type(*state, ty),
                super::items::presence(*state),
                kind.codec.runtime_type(),
            );
        }
        out.push_str("}\n");
        out
    }
}

fn key(field: &FieldItem) -> (FieldState, FieldType) {
    (field.state, field.ty.clone())
}

/// The runtime codec that reads and writes a value of type `ty` (`structs`: the names of the
/// crate's structs, which are read in place; an enumeration is `Plain`).
fn codec(ty: &FieldType, structs: &BTreeSet<&str>) -> Codec {
    let is_struct =
        |ty: &FieldType| matches!(ty, FieldType::Named(n) if structs.contains(n.as_str()));
    match ty {
        FieldType::DateTime => Codec::Time,
        FieldType::Uuid => Codec::Id,
        FieldType::F64 => Codec::Num,
        FieldType::Vec(items) if **items == FieldType::F64 => Codec::Nums,
        ty if is_struct(ty) => Codec::Obj,
        FieldType::Vec(items) if is_struct(items) => Codec::Objs,
        _ => Codec::Plain,
    }
}

/// A type's part of a kind's name: `Uuid`, `VecString`, `SeamError`.
fn type_name(ty: &FieldType) -> String {
    match ty {
        FieldType::String => "String".into(),
        FieldType::Uuid => "Uuid".into(),
        FieldType::DateTime => "DateTime".into(),
        FieldType::Bool => "Bool".into(),
        FieldType::F64 => "F64".into(),
        FieldType::I64 => "I64".into(),
        FieldType::Map => "Map".into(),
        FieldType::Value => "Value".into(),
        FieldType::Vec(items) => format!("Vec{}", type_name(items)),
        FieldType::Named(name) => name.clone(),
    }
}

fn named(ty: &FieldType) -> bool {
    match ty {
        FieldType::Named(_) => true,
        FieldType::Vec(items) => named(items),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::Name;

    fn field(wire: &str, required: bool, ty: FieldType) -> FieldItem {
        FieldItem {
            name: Name {
                rust: wire.into(),
                wire: wire.into(),
                ts: wire.into(),
            },
            ty,
            state: if required {
                FieldState::Required
            } else {
                FieldState::Optional
            },
            doc: String::new(),
            undocumented: false,
        }
    }

    #[test]
    fn kinds_are_named_for_presence_and_type_and_never_alike() {
        let plan = Plan {
            events: Vec::new(),
            structs: vec![StructItem {
                name: "VecUuid".into(),
                owner: "`vec_uuid` object".into(),
                doc: String::new(),
                fields: vec![
                    field("a", true, FieldType::Uuid),
                    field("b", false, FieldType::Uuid),
                    field("c", true, FieldType::Vec(Box::new(FieldType::Uuid))),
                    field("d", true, FieldType::Named("VecUuid".into())),
                    field(
                        "e",
                        false,
                        FieldType::Vec(Box::new(FieldType::Named("VecUuid".into()))),
                    ),
                    field("f", true, FieldType::Named("Colour".into())),
                    field("g", true, FieldType::DateTime),
                ],
            }],
            enums: Vec::new(),
            names: Default::default(),
        };
        let features = features::features(&plan);
        let kinds = Kinds::new(&plan, &features);
        let names: Vec<&str> = plan.structs[0]
            .fields
            .iter()
            .map(|f| kinds.name(f))
            .collect();
        assert_eq!(
            names,
            [
                "RequiredUuid",
                "OptionalUuid",
                "RequiredVecUuid",
                "RequiredVecUuid2",
                "OptionalVecVecUuid",
                "RequiredColour",
                "RequiredDateTime"
            ]
        );
        // A struct (and a list of them) is read in place; a name that is no struct (an
        // enumeration) is plain serde.
        let codecs: Vec<Codec> = plan.structs[0]
            .fields
            .iter()
            .map(|f| kinds.codec(f))
            .collect();
        use Codec::*;
        assert_eq!(codecs, [Id, Id, Plain, Obj, Objs, Plain, Time]);
        let text = kinds.text();
        assert!(
            text.contains(
                "    #[cfg(feature = \"full\")]\n    RequiredVecUuid2: VecUuid { presence: Required, codec: Obj },\n"
            ),
            "{text}"
        );
        assert!(text.contains("use crate::types::*;"), "{text}");
    }
}
