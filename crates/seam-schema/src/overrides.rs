//! Curated facts from `schema/overrides.toml`: shared definitions and rules applied after import.

use std::collections::{BTreeMap, BTreeSet};

use globset::{Glob, GlobMatcher};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Diagnostic, line_of};
use crate::model::{Definition, Event, Property, Schema, Type};

/// The parsed overrides file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    path: String,
    text: String,
    file: File,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    definitions: BTreeMap<String, Definition>,
    #[serde(default)]
    rule: Vec<Spanned<Rule>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rule {
    /// A short name, recorded in the provenance of every property the rule changes.
    id: String,
    /// Why the docs cannot say this themselves: for the reviewer.
    #[allow(
        dead_code,
        reason = "read by reviewers, required so that every rule explains itself"
    )]
    why: String,
    #[serde(rename = "match")]
    matcher: Match,
    set: Set,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Match {
    /// Glob over event types.
    event: Option<String>,
    /// Glob over resources (the event type without its last segment).
    resource: Option<String>,
    /// Glob over property paths (`name`, or `parent.child` for nested properties).
    property: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Set {
    required: Option<bool>,
    #[serde(rename = "type")]
    ty: Option<Type>,
    items: Option<Type>,
    description: Option<String>,
}

impl Overrides {
    /// Parses the overrides file at `path`.
    pub fn parse(path: &str, bytes: &[u8]) -> Result<Overrides, Diagnostic> {
        let text = crate::source::decode(path, bytes)?;
        let file: File = toml::from_str(&text).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(&text, s.start));
            Diagnostic::new(
                path,
                line,
                format!("the overrides do not parse: {}", e.message().trim()),
            )
        })?;
        Ok(Overrides {
            path: path.to_owned(),
            text,
            file,
        })
    }

    /// Sets the shared definitions and applies every rule to `schema`, in file order.
    pub fn apply(&self, schema: &mut Schema) -> Result<(), Vec<Diagnostic>> {
        let mut errors = Vec::new();
        schema.definitions = self.file.definitions.clone();
        let defined: BTreeSet<&str> = self.file.definitions.keys().map(String::as_str).collect();
        let mut refs = Vec::new();
        for def in self.file.definitions.values() {
            for p in def.properties.values() {
                collect_refs(&p.ty, &mut refs);
            }
        }
        for name in refs.iter().filter(|n| !defined.contains(n.as_str())) {
            errors.push(Diagnostic::new(
                &self.path,
                1,
                format!(
                    "a definition refers to `{name}`, which is not defined: expected one of {}",
                    list(&defined)
                ),
            ));
        }
        for rule in &self.file.rule {
            let line = line_of(&self.text, rule.span().start);
            if let Err(why) = self.apply_rule(rule.get_ref(), schema, &defined) {
                errors.push(Diagnostic::new(
                    &self.path,
                    line,
                    format!("rule `{}`: {why}", rule.get_ref().id),
                ));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    fn apply_rule(
        &self,
        rule: &Rule,
        schema: &mut Schema,
        defined: &BTreeSet<&str>,
    ) -> Result<(), String> {
        let set = &rule.set;
        if set.required.is_none()
            && set.ty.is_none()
            && set.items.is_none()
            && set.description.is_none()
        {
            return Err(
                "`set` changes nothing: expected `required`, `type`, `items` or `description`"
                    .into(),
            );
        }
        let mut refs = Vec::new();
        for ty in set.ty.iter().chain(&set.items) {
            collect_refs(ty, &mut refs);
        }
        if let Some(name) = refs.iter().find(|n| !defined.contains(n.as_str())) {
            return Err(format!(
                "refers to `{name}`, which is not defined: expected one of {}{}",
                list(defined),
                suggest(name, defined.iter().copied())
            ));
        }
        let m = &rule.matcher;
        let event_glob = glob(m.event.as_deref().unwrap_or("*"), "event")?;
        let resource_glob = glob(m.resource.as_deref().unwrap_or("*"), "resource")?;
        let property_glob = glob(&m.property, "property")?;
        let provenance = format!("override `{}`", rule.id);

        let mut matched_events = 0;
        let mut changed = 0;
        for event in schema
            .events
            .iter_mut()
            .filter(|e| event_glob.is_match(&e.event_type) && resource_glob.is_match(&e.resource))
        {
            matched_events += 1;
            let et = event.event_type.clone();
            let mut failure = None;
            visit(&mut event.properties, "", &mut |path, p| {
                if failure.is_some() || !property_glob.is_match(path) {
                    return;
                }
                changed += 1;
                if let Some(items) = &set.items {
                    match &mut p.ty {
                        Type::Array { items: old } => **old = items.clone(),
                        other => {
                            failure = Some(format!(
                                "sets `items` but property `{path}` of `{et}` is {}, not an Array",
                                other.describe()
                            ));
                            return;
                        }
                    }
                }
                if let Some(ty) = &set.ty {
                    p.ty = ty.clone();
                }
                if let Some(required) = set.required {
                    p.required = required;
                }
                if let Some(description) = &set.description {
                    p.description = description.clone();
                }
                p.provenance.push(provenance.clone());
            });
            if let Some(why) = failure {
                return Err(why);
            }
        }
        if matched_events == 0 {
            let names = schema.events.iter().map(|e| e.event_type.as_str());
            return Err(match (&m.event, &m.resource) {
                (Some(e), _) => format!(
                    "matches no event: there is no event `{e}`{}",
                    suggest(e, names)
                ),
                (None, Some(r)) => format!(
                    "matches no event: there is no resource `{r}`{}",
                    suggest(r, schema.events.iter().map(|e| e.resource.as_str()))
                ),
                (None, None) => "matches no event: the schema has none".into(),
            });
        }
        if changed == 0 {
            let mut paths = BTreeSet::new();
            for event in schema
                .events
                .iter()
                .filter(|e| event_glob.is_match(&e.event_type))
            {
                collect_paths(event, &mut paths);
            }
            return Err(format!(
                "matches no property: no property `{}` on the {matched_events} matched event(s){}",
                m.property,
                suggest(&m.property, paths.iter().map(String::as_str))
            ));
        }
        Ok(())
    }
}

fn glob(pattern: &str, what: &str) -> Result<GlobMatcher, String> {
    Glob::new(pattern)
        .map(|g| g.compile_matcher())
        .map_err(|e| format!("the {what} pattern `{pattern}` is not a glob: {e}"))
}

/// Calls `f` on every property, nested ones included, with its dotted path.
fn visit(
    props: &mut BTreeMap<String, Property>,
    prefix: &str,
    f: &mut impl FnMut(&str, &mut Property),
) {
    for (name, p) in props {
        let path = format!("{prefix}{name}");
        f(&path, p);
        let mut ty = &mut p.ty;
        while let Type::Array { items } = ty {
            ty = items;
        }
        if let Type::Object {
            properties: Some(nested),
        } = ty
        {
            visit(nested, &format!("{path}."), f);
        }
    }
}

fn collect_paths(event: &Event, out: &mut BTreeSet<String>) {
    let mut props = event.properties.clone();
    visit(&mut props, "", &mut |path, _| {
        out.insert(path.to_owned());
    });
}

fn collect_refs(ty: &Type, out: &mut Vec<String>) {
    match ty {
        Type::Ref { name } => out.push(name.clone()),
        Type::Array { items } => collect_refs(items, out),
        Type::Object {
            properties: Some(props),
        } => {
            for p in props.values() {
                collect_refs(&p.ty, out);
            }
        }
        _ => {}
    }
}

fn list<'a>(names: impl IntoIterator<Item = &'a &'a str>) -> String {
    let names: Vec<String> = names.into_iter().map(|n| format!("`{n}`")).collect();
    if names.is_empty() {
        "none (add it under [definitions])".into()
    } else {
        names.join(", ")
    }
}

/// `; did you mean `x`?` for the closest of `candidates` to `name`, if one is close.
pub fn suggest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    candidates
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
