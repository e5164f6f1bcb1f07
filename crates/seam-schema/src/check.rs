//! Warnings on the finished schema: undetermined array items and examples that disagree with
//! their property lists.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::fit::{self, Misfit, Step, show};
use crate::merge::Site;
use crate::model::{Property, Schema, Type};

/// Every warning about `schema`, sorted by file and line.
pub fn warnings(schema: &Schema, sites: &BTreeMap<String, Site>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for event in &schema.events {
        let Some(site) = sites.get(&event.event_type) else {
            continue;
        };
        let mut cx = Cx {
            schema,
            site,
            et: &event.event_type,
            out: &mut out,
        };
        cx.undetermined_items("", &event.properties);
        cx.example(&event.example, &event.properties);
    }
    out.sort();
    out
}

struct Cx<'a> {
    schema: &'a Schema,
    site: &'a Site,
    et: &'a str,
    out: &'a mut Vec<Diagnostic>,
}

impl Cx<'_> {
    fn warn(&mut self, line: usize, message: String) {
        self.out
            .push(Diagnostic::new(&self.site.file, line, message));
    }

    fn undetermined_items(&mut self, prefix: &str, props: &BTreeMap<String, Property>) {
        for (name, p) in props {
            let path = format!("{prefix}{name}");
            let mut ty = &p.ty;
            while let Type::Array { items } = ty {
                if **items == Type::Any {
                    let line = self.site.line_of(&path);
                    self.warn(
                        line,
                        format!(
                            "property `{path}` of `{}` is an Array whose item type nothing \
                             determines, so its items accept any JSON value: add a rule to \
                             schema/overrides.toml, e.g. [[rule]] match = {{ property = \"{path}\" }} \
                             set = {{ items = {{ kind = \"string\" }} }}",
                            self.et
                        ),
                    );
                }
                ty = items;
            }
            if let Type::Object {
                properties: Some(nested),
            } = ty
            {
                self.undetermined_items(&format!("{path}."), nested);
            }
        }
    }

    /// Checks an example against its event's property list.
    fn example(&mut self, example: &Value, props: &BTreeMap<String, Property>) {
        let et = self.et;
        let site = self.site;
        let mut found = Vec::new();
        fit::object(
            self.schema,
            props,
            example,
            None,
            &mut Vec::new(),
            &mut |at, misfit| {
                let path = show(at);
                let top = match at.first() {
                    Some(Step::Key(k)) => k.as_str(),
                    _ => "",
                };
                let key_line = site.raw.example_key_line(top);
                found.push(match misfit {
                    Misfit::Unlisted => (
                        key_line,
                        format!(
                            "the example of `{et}` has `{path}`, which its property list does \
                             not document: expected every example key to be documented"
                        ),
                    ),
                    Misfit::Absent(place) => (
                        site.raw.example_line,
                        format!(
                            "the example of `{et}` lacks `{path}`, which the schema says every \
                             payload carries ({}): expected it in the example, or the property \
                             to be one that may be absent",
                            place.property.presence.source.as_str()
                        ),
                    ),
                    Misfit::Null(place) => (
                        key_line,
                        format!(
                            "the example of `{et}` has null at `{path}`: expected {} as the \
                             property list says",
                            place.property.ty.describe()
                        ),
                    ),
                    Misfit::Wrong { ty, value, .. } => (
                        key_line,
                        format!(
                            "the example of `{et}` has {value} at `{path}`: expected {} as the \
                             property list says",
                            ty.describe()
                        ),
                    ),
                });
            },
        );
        for (line, message) in found {
            self.warn(line, message);
        }
    }
}

/// Whether `s` has the 8-4-4-4-12 hexadecimal shape of a UUID.
pub fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Whether `s` starts like an RFC 3339 date-time, `YYYY-MM-DDTHH:MM:SS`, and ends with a zone.
pub fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10)
        && matches!(b.get(10), Some(b'T' | b't'))
        && digits(11..13)
        && b.get(13) == Some(&b':')
        && digits(14..16)
        && b.get(16) == Some(&b':')
        && digits(17..19)
        && (s.ends_with('Z')
            || s.ends_with('z')
            || s.len() >= 25 && matches!(b[s.len() - 6], b'+' | b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_and_date_time_shapes() {
        assert!(is_uuid("00000000-0000-0000-0000-000000000000"));
        assert!(!is_uuid("00000000-0000-0000-0000-00000000000"));
        assert!(is_date_time("2025-01-01T00:00:00.000Z"));
        assert!(is_date_time("2025-01-01T00:00:00+02:00"));
        assert!(!is_date_time("2025-01-01"));
    }
}
