//! Cargo features per resource: which feature compiles each event, and which features need
//! each shared type, so that a consumer can build only the events it handles.

use std::collections::{BTreeMap, BTreeSet};

use crate::plan::{FieldType, Plan, StructItem};

/// The features the crate defines itself, which no resource may take.
const RESERVED: &[&str] = &["default", "full", "schemars"];

/// The feature that turns every resource on (on by default).
pub const FULL: &str = "full";

/// The crate's resource features.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Features {
    /// The feature of each event, in the plan's order.
    pub by_event: Vec<String>,
    /// The features that need each planned struct or enumeration, by type name (`full` for
    /// a type no event reaches).
    pub by_type: BTreeMap<String, BTreeSet<String>>,
    /// Every feature, with the number of events it compiles.
    pub events: BTreeMap<String, usize>,
}

/// The resource an event type belongs to: the part before the first `.` (`lock` for
/// `lock.unlocked`), made a valid Cargo feature name that does not clash with the crate's own.
pub fn feature_of(event_type: &str) -> String {
    let resource = event_type.split('.').next().unwrap_or_default();
    let mut name: String = resource
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
        name.insert(0, '_');
    }
    if RESERVED.contains(&name.as_str()) {
        name.push_str("_events");
    }
    name
}

/// The features of `plan`'s events and types.
pub fn features(plan: &Plan) -> Features {
    let structs: BTreeMap<&str, &StructItem> =
        plan.structs.iter().map(|s| (s.name.as_str(), s)).collect();
    let mut by_type = BTreeMap::new();
    let mut events = BTreeMap::new();
    let mut by_event = Vec::new();
    for event in &plan.events {
        let feature = feature_of(&event.event_type);
        *events.entry(feature.clone()).or_insert(0) += 1;
        need(
            &mut by_type,
            &structs,
            named_types(&event.body).collect(),
            &feature,
        );
        by_event.push(feature);
    }
    // A type no event reaches (a definition of its own) is public all the same: it compiles
    // with every resource on, and so do the types it reaches.
    let roots: Vec<&str> = (plan.structs.iter().map(|s| s.name.as_str()))
        .chain(plan.enums.iter().map(|e| e.name.as_str()))
        .filter(|name| !by_type.contains_key(*name))
        .collect();
    need(&mut by_type, &structs, roots, FULL);
    Features {
        by_event,
        by_type,
        events,
    }
}

/// Records that `feature` needs the types `names`, and every type they reach.
fn need<'a>(
    by_type: &mut BTreeMap<String, BTreeSet<String>>,
    structs: &BTreeMap<&'a str, &'a StructItem>,
    mut pending: Vec<&'a str>,
    feature: &str,
) {
    while let Some(name) = pending.pop() {
        let needers = by_type.entry(name.to_owned()).or_default();
        if needers.insert(feature.to_owned()) {
            if let Some(s) = structs.get(name) {
                pending.extend(named_types(s));
            }
        }
    }
}

/// The planned types a struct's fields name.
fn named_types(item: &StructItem) -> impl Iterator<Item = &str> {
    item.fields.iter().filter_map(|f| named(&f.ty))
}

fn named(ty: &FieldType) -> Option<&str> {
    match ty {
        FieldType::Named(name) => Some(name),
        FieldType::Vec(items) => named(items),
        _ => None,
    }
}

/// The `cfg` predicate under which an item needed by `features` (in order) compiles.
pub fn predicate<'a>(features: impl IntoIterator<Item = &'a str>) -> String {
    let list: Vec<String> = features
        .into_iter()
        .map(|f| format!("feature = {f:?}"))
        .collect();
    match list.as_slice() {
        [one] => one.clone(),
        _ => format!("any({})", list.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feature_is_the_resource_of_the_event_type() {
        assert_eq!(feature_of("lock.unlocked"), "lock");
        assert_eq!(feature_of("acs_system.connected.again"), "acs_system");
        assert_eq!(feature_of("device"), "device");
        assert_eq!(feature_of("full.done"), "full_events");
        assert_eq!(feature_of("schemars.x"), "schemars_events");
        assert_eq!(feature_of("wéird name.x"), "w_ird_name");
        assert_eq!(feature_of("-dash.x"), "_-dash");
    }

    /// The fixture schema, with the thermostat event sharing `seam_error` with the lock event
    /// and a definition of its own that no event uses.
    fn fixture_features() -> Features {
        let text = include_str!("../../../../schema/fixture/events.json");
        let mut json: serde_json::Value = serde_json::from_str(text).unwrap();
        let thermostat = json["events"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|e| e["event_type"] == "thermostat.manually_adjusted")
            .unwrap();
        thermostat["properties"]["thermostat_errors"] = serde_json::json!({
            "kind": "array", "items": { "kind": "ref", "name": "seam_error" },
            "description": "Errors.",
            "presence": { "value": "may_be_absent", "source": "override" },
            "nullable": { "value": false, "source": "override" },
        });
        json["definitions"]["orphan"] = serde_json::json!({
            "description": "Used by no event.",
            "properties": { "errors": {
                "kind": "array", "items": { "kind": "ref", "name": "seam_error" },
                "description": "Errors.",
                "presence": { "value": "always", "source": "override" },
                "nullable": { "value": false, "source": "override" },
            } },
        });
        let schema = seam_schema::json::parse_events_json(&json.to_string()).unwrap();
        features(&crate::plan::plan(&schema).unwrap())
    }

    #[test]
    fn shared_types_compile_with_every_feature_that_reaches_them() {
        let features = fixture_features();
        let needers = |name: &str| -> Vec<&str> {
            features.by_type[name].iter().map(String::as_str).collect()
        };
        assert_eq!(
            features.by_event,
            ["access_code", "lock", "thermostat"].map(String::from)
        );
        assert_eq!(features.events["lock"], 1);
        // Reached from two events, and from a definition no event uses.
        assert_eq!(needers("SeamError"), ["full", "lock", "thermostat"]);
        assert_eq!(needers("Orphan"), ["full"]);
        // Nested two levels down in the lock event only.
        assert_eq!(needers("LockUnlockedDetailsBattery"), ["lock"]);
    }

    #[test]
    fn predicates_name_every_feature() {
        let one: BTreeSet<String> = ["lock".to_owned()].into();
        assert_eq!(
            predicate(one.iter().map(String::as_str)),
            "feature = \"lock\""
        );
        let two: BTreeSet<String> = ["lock".to_owned(), "device".to_owned()].into();
        assert_eq!(
            predicate(two.iter().map(String::as_str)),
            "any(feature = \"device\", feature = \"lock\")"
        );
    }
}
