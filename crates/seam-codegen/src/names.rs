//! Identifier conversion, in one place: every generated name and the wire name it stands for,
//! and the one rule that settles two wire names wanting the same identifier.
//!
//! A name depends only on its own scope (a struct's properties, an enumeration's values, the
//! event types, the type names), never on unrelated parts of the schema, so that adding an
//! event renames nothing else. Within a scope a clash is settled the same way every time:
//!
//! 1. each wire name converts to a candidate (`on-hold` -> `OnHold`); a candidate that is a
//!    keyword or a name the scope reserves is escaped (`type` -> `type_`, `Other` ->
//!    `OtherValue`, `Self` -> `SelfValue`), empty and digit-led names get a prefix (`""` ->
//!    `Empty`, `2fa` -> `V2fa`, `p_2fa`);
//! 2. among wire names with the same candidate, the one spelled as the candidate reads back
//!    (`on_hold` for `OnHold`) keeps it, else the first in byte order;
//! 3. the others, in byte order, take the candidate with the first free number: `OnHold2`,
//!    `foo_bar_2`.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

/// A property or value as each product spells it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Name {
    /// The name on the wire (the JSON key or value), what serde renames to.
    pub wire: String,
    /// The Rust identifier (a field or a variant).
    pub rust: String,
    /// The TypeScript spelling: a property key (the wire name, quoted when it is not an
    /// identifier) or a string literal type.
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

/// The catch-all variant every enumeration has for values the docs do not list.
pub const OTHER_VARIANT: &str = "Other";

/// The names of a struct's properties, in the order of `wires`: snake_case Rust fields
/// (keywords and names in `reserved`, such as the field that keeps unlisted properties, get a
/// trailing `_`), clashes settled by the module's rule with `_2`, `_3`, ...
pub fn properties(wires: &[&str], reserved: &[&str]) -> Vec<Name> {
    let rust = settle(
        wires,
        |wire| {
            let mut base = wire.to_snake_case();
            if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
                base = format!("p_{base}");
            }
            let mut name = base.clone();
            if KEYWORDS.contains(&name.as_str()) || reserved.contains(&name.as_str()) {
                name.push('_');
            }
            (base, name)
        },
        |wire, base, name| rank(wire == name, wire == base),
        |name, n| format!("{}_{n}", name.trim_end_matches('_')),
    );
    named(wires, rust, ts_key)
}

/// Each wire name with its Rust name and its TypeScript spelling.
fn named(wires: &[&str], rust: Vec<String>, ts: fn(&str) -> String) -> Vec<Name> {
    wires
        .iter()
        .zip(rust)
        .map(|(wire, rust)| Name {
            wire: (*wire).to_owned(),
            rust,
            ts: ts(wire),
        })
        .collect()
}

/// The `n`th UpperCamelCase name of a clash: `OnHold2`, or `V1_2` after a digit.
pub fn numbered(name: &str, n: usize) -> String {
    if name.ends_with(|c: char| c.is_ascii_digit()) {
        format!("{name}_{n}")
    } else {
        format!("{name}{n}")
    }
}

/// The names of one property: [`properties`] of a scope of one.
pub fn property(wire: &str, reserved: &[&str]) -> Name {
    properties(&[wire], reserved).remove(0)
}

/// The names of an enumeration's values, in the order of `wires`: UpperCamelCase Rust
/// variants (`""` is `Empty`, a digit-led value gets a `V`, `Other` (the catch-all) and
/// `Self` get `Value`), clashes settled by the module's rule with `2`, `3`, ...
pub fn variants(wires: &[&str]) -> Vec<Name> {
    let rust = settle(
        wires,
        |wire| {
            let mut base = wire.to_upper_camel_case();
            if base.is_empty() {
                base = "Empty".into();
            } else if base.starts_with(|c: char| c.is_ascii_digit()) {
                base = format!("V{base}");
            }
            let name = if base == OTHER_VARIANT || base == "Self" {
                format!("{base}Value")
            } else {
                base.clone()
            };
            (base, name)
        },
        |wire, base, name| {
            rank(
                wire == name.to_snake_case(),
                wire == base.to_snake_case() || wire.is_empty(),
            )
        },
        numbered,
    );
    named(wires, rust, ts_string)
}

/// The `SeamEvent` variants of event types, in the order of `event_types`:
/// `acs_system.connected` -> `AcsSystemConnected`, clashes settled by the module's rule.
pub fn event_variants(event_types: &[&str]) -> Vec<String> {
    settle(
        event_types,
        |et| {
            let name = type_name(&[et]);
            (name.clone(), name)
        },
        |et, base, _| rank(et.replace('.', "_") == base.to_snake_case(), false),
        numbered,
    )
}

/// How well a wire name claims a name: spelled as the name reads back (0), as the name before
/// escaping reads back (1), or neither (2).
fn rank(as_name: bool, as_base: bool) -> u8 {
    match (as_name, as_base) {
        (true, _) => 0,
        (false, true) => 1,
        (false, false) => 2,
    }
}

/// Settles a scope's names: `convert` gives each wire name its candidate before and after
/// escaping, `claim` ranks a wire name's claim to a name (see [`rank`]), and `numbered`
/// spells the `n`th name of a clash. The result is in the order of `wires`, and does not
/// depend on that order.
fn settle(
    wires: &[&str],
    convert: impl Fn(&str) -> (String, String),
    claim: impl Fn(&str, &str, &str) -> u8,
    numbered: impl Fn(&str, usize) -> String,
) -> Vec<String> {
    let converted: Vec<(String, String)> = wires.iter().map(|w| convert(w)).collect();
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, (_, name)) in converted.iter().enumerate() {
        groups.entry(name.as_str()).or_default().push(i);
    }
    let mut out: Vec<Option<String>> = vec![None; wires.len()];
    let mut taken: BTreeSet<String> = groups.keys().map(|k| (*k).to_owned()).collect();
    for (name, mut members) in groups {
        // The keeper first: spelled as the candidate reads back, then byte order.
        members.sort_by_key(|&i| (claim(wires[i], &converted[i].0, name), wires[i]));
        out[members[0]] = Some(name.to_owned());
        for &i in &members[1..] {
            let numbered = (2..)
                .map(|n| numbered(name, n))
                .find(|candidate| !taken.contains(candidate))
                .unwrap_or_else(|| name.to_owned());
            taken.insert(numbered.clone());
            out[i] = Some(numbered);
        }
    }
    out.into_iter().map(Option::unwrap_or_default).collect()
}

/// An UpperCamelCase type name from name parts, e.g. `["thermostat", "schedule"]`.
pub fn type_name(parts: &[&str]) -> String {
    let name = parts
        .iter()
        .map(|p| p.replace('.', "_").to_upper_camel_case())
        .collect::<String>();
    if name.is_empty() {
        "Empty".into()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("T{name}")
    } else {
        name
    }
}

/// The struct for an event type's variant: `AcsSystemConnected` -> `AcsSystemConnectedEvent`.
pub fn event_struct(variant: &str) -> String {
    format!("{variant}Event")
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

    fn rust(names: &[Name]) -> Vec<&str> {
        names.iter().map(|n| n.rust.as_str()).collect()
    }

    #[test]
    fn one_property() {
        let n = property("acs_system_id", &[]);
        assert_eq!((n.rust.as_str(), n.renamed()), ("acs_system_id", false));
        let n = property("type", &[]);
        assert_eq!(
            (n.rust.as_str(), n.wire.as_str(), n.renamed()),
            ("type_", "type", true)
        );
        assert_eq!(property("extra", &["extra"]).rust, "extra_");
        assert_eq!(property("fooBar", &[]).rust, "foo_bar");
        assert_eq!(property("x-y", &[]).ts, "\"x-y\"");
    }

    #[test]
    fn the_catch_all_keeps_its_name_and_a_value_named_other_takes_another() {
        assert_eq!(
            rust(&variants(&["human", "other", "vehicle"])),
            ["Human", "OtherValue", "Vehicle"]
        );
        // `other` reads back from `Other`; `Other` and `OTHER` are numbered after it.
        assert_eq!(
            rust(&variants(&["OTHER", "Other", "other"])),
            ["OtherValue2", "OtherValue3", "OtherValue"]
        );
        // A value that is itself `other_value` does not take the escaped name's place.
        assert_eq!(
            rust(&variants(&["other_value", "other"])),
            ["OtherValue", "OtherValue2"]
        );
    }

    #[test]
    fn values_that_differ_in_case_or_punctuation_are_numbered_by_the_rule() {
        // The snake_case spelling keeps the plain name wherever it is listed.
        for order in [
            ["on-hold", "on_hold", "On Hold"],
            ["On Hold", "on_hold", "on-hold"],
        ] {
            let names = variants(&order);
            let by_wire: BTreeMap<&str, &str> = names
                .iter()
                .map(|n| (n.wire.as_str(), n.rust.as_str()))
                .collect();
            assert_eq!(by_wire["on_hold"], "OnHold");
            // The others in byte order: `On Hold` < `on-hold`.
            assert_eq!(by_wire["On Hold"], "OnHold2");
            assert_eq!(by_wire["on-hold"], "OnHold3");
            assert!(names.iter().all(|n| n.ts == ts_string(&n.wire)));
        }
        // A number taken by a real value is skipped.
        assert_eq!(
            rust(&variants(&["on_hold", "on-hold", "on_hold2"])),
            ["OnHold", "OnHold3", "OnHold2"]
        );
    }

    #[test]
    fn leading_digits_get_a_prefix() {
        assert_eq!(rust(&variants(&["1", "2fa", "v1"])), ["V1_2", "V2fa", "V1"]);
        let names = properties(&["2fa", "p_2fa"], &[]);
        assert_eq!(rust(&names), ["p_2fa_2", "p_2fa"]);
        assert_eq!(type_name(&["2fa_device"]), "T2faDevice");
    }

    #[test]
    fn keywords_are_escaped() {
        assert_eq!(
            rust(&properties(
                &["type", "self", "async", "match", "r#type"],
                &[]
            )),
            ["type_", "self_", "async_", "match_", "r_type"]
        );
        assert_eq!(
            rust(&variants(&["self", "type", "fn"])),
            ["SelfValue", "Type", "Fn"]
        );
        // TypeScript keys may be keywords; they stay as they are.
        assert_eq!(property("default", &[]).ts, "default");
        assert_eq!(property("class", &[]).ts, "class");
    }

    #[test]
    fn the_empty_string_has_a_name() {
        assert_eq!(rust(&variants(&["", "empty"])), ["Empty2", "Empty"]);
        assert_eq!(rust(&variants(&[""])), ["Empty"]);
        let names = properties(&[""], &[]);
        assert_eq!(
            (names[0].rust.as_str(), names[0].ts.as_str()),
            ("p_", "\"\"")
        );
        assert_eq!(type_name(&[""]), "Empty");
    }

    #[test]
    fn properties_that_clash_after_conversion_are_numbered_by_the_rule() {
        for order in [
            ["fooBar", "foo_bar", "FooBar", "foo-bar"],
            ["foo-bar", "FooBar", "foo_bar", "fooBar"],
        ] {
            let names = properties(&order, &[]);
            let by_wire: BTreeMap<&str, &str> = names
                .iter()
                .map(|n| (n.wire.as_str(), n.rust.as_str()))
                .collect();
            assert_eq!(by_wire["foo_bar"], "foo_bar");
            assert_eq!(by_wire["FooBar"], "foo_bar_2");
            assert_eq!(by_wire["foo-bar"], "foo_bar_3");
            assert_eq!(by_wire["fooBar"], "foo_bar_4");
        }
        // The field that keeps unlisted properties: `extra` (the wire name) and `extra_`.
        assert_eq!(
            rust(&properties(&["extra", "extra_"], &["extra"])),
            ["extra_2", "extra_"]
        );
    }

    #[test]
    fn event_types() {
        assert_eq!(
            event_variants(&[
                "acs_system.connected",
                "access_code.unmanaged.converted_to_managed"
            ]),
            [
                "AcsSystemConnected",
                "AccessCodeUnmanagedConvertedToManaged"
            ]
        );
        assert_eq!(event_variants(&["a_b.c", "a.b_c"]), ["ABC2", "ABC"]);
        assert_eq!(
            event_struct("AcsSystemConnected"),
            "AcsSystemConnectedEvent"
        );
        assert_eq!(type_name(&["climate_preset", "item"]), "ClimatePresetItem");
    }
}
