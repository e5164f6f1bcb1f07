//! Identifier conversion, in one place: every generated name and the wire name it stands for.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// A property as each product spells it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Name {
    /// The name on the wire (the JSON key or value), what serde renames to.
    pub wire: String,
    /// The Rust identifier (a field or a variant).
    pub rust: String,
    /// The TypeScript property key: the wire name, quoted when it is not an identifier.
    pub ts: String,
}

impl Name {
    /// Whether the Rust identifier differs from the wire name (so serde needs a rename).
    pub fn renamed(&self) -> bool {
        self.rust != self.wire
    }
}

/// Rust's keywords, strict and reserved: a field with one of these names gets a trailing `_`.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// The names of a property: a snake_case Rust field (keywords get a trailing `_`, and so do
/// names in `reserved`, such as the field that keeps unlisted properties).
pub fn property(wire: &str, reserved: &[&str]) -> Name {
    let mut rust = wire.to_snake_case();
    if rust.is_empty() || rust.starts_with(|c: char| c.is_ascii_digit()) {
        rust = format!("p_{rust}");
    }
    if KEYWORDS.contains(&rust.as_str()) || reserved.contains(&rust.as_str()) {
        rust.push('_');
    }
    Name {
        wire: wire.to_owned(),
        rust,
        ts: ts_key(wire),
    }
}

/// The names of an enumeration value: an UpperCamelCase Rust variant.
pub fn variant(wire: &str) -> Name {
    let mut rust = wire.to_upper_camel_case();
    if rust.is_empty() {
        rust = "Empty".into();
    } else if rust.starts_with(|c: char| c.is_ascii_digit()) {
        rust = format!("V{rust}");
    }
    Name {
        wire: wire.to_owned(),
        rust,
        ts: ts_string(wire),
    }
}

/// An UpperCamelCase type name from name parts, e.g. `["thermostat", "schedule"]`.
pub fn type_name(parts: &[&str]) -> String {
    let name = parts
        .iter()
        .map(|p| p.replace('.', "_").to_upper_camel_case())
        .collect::<String>();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("T{name}")
    } else {
        name
    }
}

/// The enum variant for an event type: `acs_system.connected` -> `AcsSystemConnected`.
pub fn event_variant(event_type: &str) -> String {
    type_name(&[event_type])
}

/// The struct for an event type: `acs_system.connected` -> `AcsSystemConnectedEvent`.
pub fn event_struct(event_type: &str) -> String {
    format!("{}Event", event_variant(event_type))
}

/// A TypeScript property key: the wire name itself when it is an identifier, else quoted.
pub fn ts_key(wire: &str) -> String {
    let ident = wire.chars().enumerate().all(|(i, c)| {
        c == '_' || c == '$' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit())
    });
    if ident && !wire.is_empty() {
        wire.to_owned()
    } else {
        ts_string(wire)
    }
}

/// A TypeScript (and JSON) string literal.
pub fn ts_string(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties() {
        let n = property("acs_system_id", &[]);
        assert_eq!((n.rust.as_str(), n.renamed()), ("acs_system_id", false));
        let n = property("type", &[]);
        assert_eq!(
            (n.rust.as_str(), n.wire.as_str(), n.renamed()),
            ("type_", "type", true)
        );
        assert_eq!(property("extra", &["extra"]).rust, "extra_");
        assert_eq!(property("fooBar", &[]).rust, "foo_bar");
        assert_eq!(property("2fa", &[]).rust, "p_2fa");
        assert_eq!(property("x-y", &[]).ts, "\"x-y\"");
    }

    #[test]
    fn variants_and_types() {
        assert_eq!(variant("heat_cool").rust, "HeatCool");
        assert_eq!(variant("1").rust, "V1");
        assert_eq!(variant("").rust, "Empty");
        assert_eq!(variant("off").ts, "\"off\"");
        assert_eq!(
            event_struct("access_code.unmanaged.converted_to_managed"),
            "AccessCodeUnmanagedConvertedToManagedEvent"
        );
        assert_eq!(type_name(&["climate_preset", "item"]), "ClimatePresetItem");
    }
}
