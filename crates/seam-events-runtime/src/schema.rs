//! JSON Schema support: the `event_type` constant the structs do not store, and what each
//! field's presence says.

/// Adds the `event_type` constant to an event struct's schema.
pub struct EventTypeConst(pub &'static str);

/// Makes a struct's schema say what its fields' presence says: `required` lists the
/// properties every payload carries (schemars would leave out every `Option`), and
/// only a property that may be null admits `null` (schemars admits it for every
/// `Option`).
pub struct Presence(pub &'static [crate::object::FieldInfo]);

impl schemars::transform::Transform for Presence {
    fn transform(&mut self, schema: &mut schemars::Schema) {
        let Some(object) = schema.as_object_mut() else {
            return;
        };
        if let Some(serde_json::Value::Object(properties)) = object.get_mut("properties") {
            for field in self.0.iter().filter(|f| !f.nullable) {
                if let Some(property) = properties.get_mut(field.name) {
                    not_null(property);
                }
            }
        }
        let required: Vec<serde_json::Value> = self
            .0
            .iter()
            .filter(|f| f.required)
            .map(|f| f.name.into())
            .collect();
        object.insert("required".into(), required.into());
    }
}

/// `schema` without the `null` schemars adds for an `Option`: out of its `type`, or
/// out of the `anyOf` of a referenced type and `null`.
fn not_null(schema: &mut serde_json::Value) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    if let Some(serde_json::Value::Array(types)) = object.get_mut("type") {
        types.retain(|t| t != "null");
        if let [single] = types.as_slice() {
            let single = single.clone();
            object.insert("type".into(), single);
        }
    }
    if let Some(serde_json::Value::Array(values)) = object.get_mut("enum") {
        values.retain(|v| !v.is_null());
    }
    if let Some(serde_json::Value::Array(options)) = object.get("anyOf") {
        let rest: Vec<serde_json::Value> = options
            .iter()
            .filter(|o| o.get("type").and_then(serde_json::Value::as_str) != Some("null"))
            .cloned()
            .collect();
        if let [single] = rest.as_slice() {
            let single = single.clone();
            object.remove("anyOf");
            if let serde_json::Value::Object(inner) = single {
                for (key, value) in inner {
                    object.entry(key).or_insert(value);
                }
            }
        }
    }
}

impl schemars::transform::Transform for EventTypeConst {
    fn transform(&mut self, schema: &mut schemars::Schema) {
        let Some(object) = schema.as_object_mut() else {
            return;
        };
        if let Some(serde_json::Value::Object(properties)) = object.get_mut("properties") {
            properties.insert(
                "event_type".into(),
                serde_json::json!({ "type" : "string", "const" : self.0 }),
            );
        }
        let required = object
            .entry("required")
            .or_insert_with(|| serde_json::json!([]));
        if let serde_json::Value::Array(names) = required {
            names.push("event_type".into());
            names.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
        }
    }
}
