//! Curated facts from `schema/overrides.toml`: shared definitions and rules applied after import.

use std::collections::{BTreeMap, BTreeSet};

use globset::{Glob, GlobMatcher};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Diagnostic, line_of};
use crate::model::{Definition, Event, Fact, Presence, Property, Schema, Source, Type};

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
    policy: Policy,
    #[serde(default)]
    definitions: BTreeMap<String, DefinitionInput>,
    #[serde(default)]
    rule: Vec<Spanned<Rule>>,
}

/// How a property is modelled where nothing (the docs' wording, a documented example, an
/// observed payload, an override) says: the `[policy]` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Whether a listed property is in every payload when nothing says it may be absent.
    #[serde(default = "Policy::default_presence")]
    pub presence: Presence,
    /// Whether a property may be null when nothing says it may.
    #[serde(default)]
    pub nullable: bool,
}

impl Policy {
    fn default_presence() -> Presence {
        Presence::MayBeAbsent
    }

    /// Decides every fact nothing else decided, at every depth of `schema`: its events and the
    /// properties payloads added to its shared shapes.
    pub fn apply(&self, schema: &mut Schema) {
        let decide = &mut |_: &str, p: &mut Property| {
            if p.presence.is_unstated() {
                p.presence.value = self.presence;
            }
            if p.nullable.is_unstated() {
                p.nullable.value = self.nullable;
            }
        };
        for event in &mut schema.events {
            visit(&mut event.properties, "", decide);
        }
        for definition in schema.definitions.values_mut() {
            visit(&mut definition.properties, "", decide);
        }
    }
}

impl Default for Policy {
    /// May be absent, never null: see the README's "Presence policy".
    fn default() -> Self {
        Policy {
            presence: Policy::default_presence(),
            nullable: false,
        }
    }
}

/// A shared shape as `schema/overrides.toml` writes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct DefinitionInput {
    description: String,
    properties: BTreeMap<String, DefinitionProperty>,
}

/// A property of a shared shape: its type (as in `schema/events.json`), its description, and
/// the two facts the reviewer states.
#[derive(Debug, Clone, Deserialize)]
struct DefinitionProperty {
    #[serde(flatten)]
    ty: Type,
    description: String,
    presence: Presence,
    #[serde(default)]
    nullable: bool,
}

impl DefinitionInput {
    fn definition(&self, name: &str) -> Definition {
        let note = format!("definition `{name}`");
        Definition {
            description: self.description.clone(),
            properties: self
                .properties
                .iter()
                .map(|(key, p)| {
                    let property = Property {
                        ty: p.ty.clone(),
                        description: p.description.clone(),
                        presence: Fact::stated(p.presence, Source::Override, note.clone()),
                        nullable: Fact::stated(p.nullable, Source::Override, note.clone()),
                        undocumented: false,
                        sources: BTreeSet::new(),
                        provenance: Vec::new(),
                    };
                    (key.clone(), property)
                })
                .collect(),
        }
    }
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
    presence: Option<Presence>,
    nullable: Option<bool>,
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

    /// The `[policy]` table (its defaults when the file has none).
    pub fn policy(&self) -> Policy {
        self.file.policy
    }

    /// The file's path, for messages.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The line of the rule `id`, for messages that name it.
    pub fn rule_line(&self, id: &str) -> Option<usize> {
        self.file
            .rule
            .iter()
            .find(|r| r.get_ref().id == id)
            .map(|r| line_of(&self.text, r.span().start))
    }

    /// Sets the shared definitions and applies every rule to `schema`, in file order.
    pub fn apply(&self, schema: &mut Schema) -> Result<(), Vec<Diagnostic>> {
        let mut errors = Vec::new();
        schema.definitions = self
            .file
            .definitions
            .iter()
            .map(|(name, d)| (name.clone(), d.definition(name)))
            .collect();
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
        if set.presence.is_none()
            && set.nullable.is_none()
            && set.ty.is_none()
            && set.items.is_none()
            && set.description.is_none()
        {
            return Err(
                "`set` changes nothing: expected `presence`, `nullable`, `type`, \
                 `items` or `description`"
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
                let facts = set
                    .presence
                    .map(|v| {
                        let shown = format!("presence = \"{}\"", v.as_str());
                        state(&mut p.presence, v, &shown, &provenance, &et, path)
                    })
                    .transpose()
                    .and_then(|_| {
                        let shown = |v| format!("nullable = {v}");
                        set.nullable
                            .map(|v| state(&mut p.nullable, v, &shown(v), &provenance, &et, path))
                            .transpose()
                    });
                if let Err(why) = facts {
                    failure = Some(why);
                    return;
                }
                if let Some(description) = &set.description {
                    p.description = description.clone();
                }
                if set.ty.is_some() || set.items.is_some() || set.description.is_some() {
                    p.provenance.push(provenance.clone());
                }
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

/// States `value` for `fact` by the rule whose provenance note is `rule`: an error, naming the
/// payloads, when observed payloads show otherwise.
fn state<T: PartialEq>(
    fact: &mut Fact<T>,
    value: T,
    shown: &str,
    rule: &str,
    event_type: &str,
    path: &str,
) -> Result<(), String> {
    if fact.learn(value, Source::Override, rule) {
        return Ok(());
    }
    Err(format!(
        "sets {shown} on property `{path}` of `{event_type}`, but observed payloads show \
         otherwise ({}): expected the rule to agree with every payload in schema/payloads/, or \
         the payload to be removed if it is wrong",
        fact.notes.join("; ")
    ))
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
