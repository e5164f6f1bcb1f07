//! Tokens for the planned structs and enums, with their hand-made (fast, lossless) serde impls.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::docs;
use crate::plan::{EXTRA_FIELD, EnumItem, FieldItem, FieldType, StructItem};

/// An identifier from a planned name.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The type of a field, `Option` included.
fn field_type(field: &FieldItem) -> TokenStream {
    let ty = rust_type(&field.ty);
    if field.required {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

/// The tokens of a Rust type.
pub fn rust_type(ty: &FieldType) -> TokenStream {
    match ty {
        FieldType::String => quote!(String),
        FieldType::Uuid => quote!(uuid::Uuid),
        FieldType::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        FieldType::Bool => quote!(bool),
        FieldType::F64 => quote!(f64),
        FieldType::I64 => quote!(i64),
        FieldType::Map => quote!(serde_json::Map<String, serde_json::Value>),
        FieldType::Value => quote!(serde_json::Value),
        FieldType::Vec(items) => {
            let items = rust_type(items);
            quote!(Vec<#items>)
        }
        FieldType::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
    }
}

fn field_doc(field: &FieldItem) -> String {
    let mut doc = docs::rustdoc(&field.doc, &format!("The `{}` property.", field.name.wire));
    if field.undocumented {
        doc = format!("**Undocumented:** not yet in Seam's published docs.\n\n{doc}");
    }
    if !field.required {
        doc.push_str("\n\nOptional: absent from some payloads.");
    }
    doc
}

/// A struct for an object, with its `Deserialize` and `Serialize` impls. `event_type` is the
/// constant an event struct checks and writes back.
pub fn struct_tokens(item: &StructItem, event_type: Option<&str>) -> TokenStream {
    let name = ident(&item.name);
    let doc = docs::attrs(
        &docs::rustdoc(&item.doc, &format!("The {}.", item.owner.trim_matches('`'))),
        false,
    );
    let extra = ident(EXTRA_FIELD);
    let owner = &item.owner;

    let fields = item.fields.iter().map(|f| {
        let doc = field_doc(f);
        let rust = ident(&f.name.rust);
        let ty = field_type(f);
        let rename = f.name.renamed().then(|| {
            let wire = &f.name.wire;
            quote!(#[cfg_attr(feature = "schemars", schemars(rename = #wire))])
        });
        let doc = docs::attrs(&doc, false);
        quote! {
            #doc
            #rename
            pub #rust: #ty,
        }
    });

    // Locals get a suffix so that no property name can shadow `map` or `key`.
    let mut slot_names: Vec<Ident> = Vec::new();
    for f in &item.fields {
        let stem = f.name.rust.trim_end_matches('_');
        let mut name = format!("{stem}_slot");
        while slot_names.iter().any(|s| *s == name) {
            name.push_str("_n");
        }
        slot_names.push(ident(&name));
    }
    // Date-times are read through the runtime's fast RFC 3339 reader.
    let slots = item.fields.iter().zip(&slot_names).map(|(f, slot)| {
        let ty = match f.ty {
            FieldType::DateTime => quote!(crate::rt::Timestamp),
            _ => rust_type(&f.ty),
        };
        quote!(let mut #slot: Option<#ty> = None;)
    });
    let arms = item.fields.iter().zip(&slot_names).map(|(f, slot)| {
        let wire = &f.name.wire;
        quote!(#wire => crate::rt::field(&mut map, &mut #slot, #owner, #wire)?,)
    });
    // `event_type` is checked when present. When absent, the struct's type says which event it
    // is (as inside a `#[serde(tag = "event_type")]` enum, which removes the tag).
    let (tag_slot, tag_arm) = match event_type {
        Some(et) => (
            quote!(let mut event_type_seen = false;),
            quote!("event_type" => crate::rt::event_type(&mut map, &mut event_type_seen, #et)?,),
        ),
        None => (quote!(), quote!()),
    };
    let inits = item.fields.iter().zip(&slot_names).map(|(f, slot)| {
        let rust = ident(&f.name.rust);
        let wire = &f.name.wire;
        if f.required {
            let unwrap = (f.ty == FieldType::DateTime).then(|| quote!(.0));
            quote!(#rust: crate::rt::required(#slot, #owner, #wire)? #unwrap,)
        } else if f.ty == FieldType::DateTime {
            quote!(#rust: #slot.map(|t| t.0),)
        } else {
            quote!(#rust: #slot,)
        }
    });

    let writes = item.fields.iter().map(|f| {
        let rust = ident(&f.name.rust);
        let wire = &f.name.wire;
        let value = |v: TokenStream, by_ref: TokenStream| match &f.ty {
            FieldType::F64 => quote!(&crate::rt::Num(#by_ref)),
            FieldType::DateTime => quote!(&crate::rt::Ts(#v)),
            FieldType::Vec(items) if **items == FieldType::F64 => quote!(&crate::rt::Nums(#v)),
            _ => v,
        };
        if f.required {
            let v = value(quote!(&self.#rust), quote!(self.#rust));
            quote!(map.serialize_entry(#wire, #v)?;)
        } else {
            let v = value(quote!(value), quote!(*value));
            quote! {
                if let Some(value) = &self.#rust {
                    map.serialize_entry(#wire, #v)?;
                }
            }
        }
    });
    // Properties in name order, with `event_type` in its place.
    let mut writes: Vec<(String, TokenStream)> = item
        .fields
        .iter()
        .map(|f| f.name.wire.clone())
        .zip(writes)
        .collect();
    if let Some(et) = event_type {
        writes.push((
            "event_type".into(),
            quote!(map.serialize_entry("event_type", #et)?;),
        ));
        writes.sort_by(|a, b| a.0.cmp(&b.0));
    }
    let writes = writes.into_iter().map(|(_, w)| w);

    let (visit_entry, schema_attr) = match event_type {
        Some(et) => (
            quote!(#name::visit(&mut crate::rt::Entries::direct(map))),
            quote!(#[cfg_attr(feature = "schemars", schemars(transform = crate::rt::schema::EventTypeConst(#et)))]),
        ),
        None => (quote!(#name::visit(map)), quote!()),
    };
    let expecting = format!("the {}", owner.replace('`', ""));
    let extra_doc = docs::attrs(
        "Properties the docs do not list, kept so that nothing is lost and written back out.",
        false,
    );

    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
        #schema_attr
        pub struct #name {
            #(#fields)*
            #extra_doc
            #[cfg_attr(feature = "schemars", schemars(flatten))]
            pub #extra: serde_json::Map<String, serde_json::Value>,
        }

        impl #name {
            /// Reads the object's entries: every property once, unlisted ones kept.
            pub(crate) fn visit<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                #(#slots)*
                #tag_slot
                let mut #extra = serde_json::Map::new();
                while let Some(key) = map.next_key::<crate::rt::Key<'de>>()? {
                    match key.as_str() {
                        #(#arms)*
                        #tag_arm
                        _ => {
                            let value = map.next_value()?;
                            #extra.insert(key.into_string(), value);
                        }
                    }
                }
                Ok(#name {
                    #(#inits)*
                    #extra,
                })
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ObjectVisitor;

                impl<'de> serde::de::Visitor<'de> for ObjectVisitor {
                    type Value = #name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(#expecting)
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<#name, A::Error> {
                        #visit_entry
                    }
                }

                deserializer.deserialize_map(ObjectVisitor)
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                #(#writes)*
                for (key, value) in &self.#extra {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

/// An enumeration with `Other(String)` for values the docs do not list.
pub fn enum_tokens(item: &EnumItem) -> TokenStream {
    let name = ident(&item.name);
    let doc = docs::attrs(&docs::rustdoc(&item.doc, "An enumeration."), false);
    let variants = item.variants.iter().map(|v| {
        let rust = ident(&v.rust);
        let doc = docs::attrs(&format!("`{}`", v.wire), false);
        quote! {
            #doc
            #rust,
        }
    });
    let to_str = item.variants.iter().map(|v| {
        let rust = ident(&v.rust);
        let wire = &v.wire;
        quote!(#name::#rust => #wire,)
    });
    let from_str = item.variants.iter().map(|v| {
        let rust = ident(&v.rust);
        let wire = &v.wire;
        quote!(#wire => #name::#rust,)
    });
    let known: Vec<&str> = item.variants.iter().map(|v| v.wire.as_str()).collect();
    let schema_description = format!(
        "Documented values: {}. Other values may occur.",
        known.join(", ")
    );
    let expecting = format!(
        "a string such as `{}`",
        known.first().copied().unwrap_or_default()
    );
    let other = format_ident!("Other");

    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value the docs do not list (yet), kept as it came.
            #other(String),
        }

        impl #name {
            /// The value as it appears in JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    #name::Other(value) => value,
                }
            }

            fn from_wire(value: std::borrow::Cow<'_, str>) -> Self {
                match &*value {
                    #(#from_str)*
                    _ => #name::Other(value.into_owned()),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                #name::from_wire(std::borrow::Cow::Borrowed(value))
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ValueVisitor;

                impl serde::de::Visitor<'_> for ValueVisitor {
                    type Value = #name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(#expecting)
                    }

                    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<#name, E> {
                        Ok(#name::from_wire(std::borrow::Cow::Borrowed(value)))
                    }

                    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<#name, E> {
                        Ok(#name::from_wire(std::borrow::Cow::Owned(value)))
                    }
                }

                deserializer.deserialize_str(ValueVisitor)
            }
        }

        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for #name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!(#name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "description": #schema_description })
            }
        }
    }
}
