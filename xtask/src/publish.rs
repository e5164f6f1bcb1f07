//! `schema/publish.toml`: the publishing settings, read for codegen; its versions are rewritten
//! by release.

use std::path::Path;

use seam_codegen::{PUBLISH_FILE, Publish, Versions};

use crate::files;

/// Reads the versions from `schema/publish.toml` under `root`.
pub fn versions(root: &Path) -> Result<Versions, String> {
    settings(root).map(|p| p.versions)
}

/// Reads every setting from `schema/publish.toml` under `root`.
pub fn settings(root: &Path) -> Result<Publish, String> {
    let file = files::read_optional(root, PUBLISH_FILE)?.ok_or_else(|| {
        format!("{PUBLISH_FILE}: missing: expected the publishing settings ([versions], [package], optionally [json_schema])")
    })?;
    let text = std::str::from_utf8(&file.bytes)
        .map_err(|e| format!("{PUBLISH_FILE}:1: not UTF-8 ({e})"))?;
    parse(text)
}

/// The line of `text` a TOML error points at (1 when it points nowhere).
pub fn toml_error_line(text: &str, e: &toml::de::Error) -> usize {
    e.span().map_or(1, |span| {
        text[..span.start.min(text.len())].matches('\n').count() + 1
    })
}

/// Parses the file's text; an error names the line and what was expected.
pub fn parse(text: &str) -> Result<Publish, String> {
    let publish: Publish = toml::from_str(text).map_err(|e| {
        let line = toml_error_line(text, &e);
        format!(
            "{PUBLISH_FILE}:{line}: {}: expected [versions] (rust, typescript, json_schema, runtime, each \"major.minor.patch\"), [package] (repository, homepage, author, keywords, rust_version, npm_name, node) and optionally [json_schema] (base_url)",
            e.message()
        )
    })?;
    let at = |key: &str| {
        text.lines()
            .position(|l| {
                l.trim_start()
                    .strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
            })
            .map_or(1, |i| i + 1)
    };
    let fail = |key: &str, what: String| Err(format!("{PUBLISH_FILE}:{}: {key}: {what}", at(key)));
    for (product, version) in [
        ("rust", &publish.versions.rust),
        ("typescript", &publish.versions.typescript),
        ("json_schema", &publish.versions.json_schema),
        ("runtime", &publish.versions.runtime),
    ] {
        if let Err(e) = seam_codegen::diff::bump(version, seam_codegen::diff::Level::Patch) {
            return fail(product, format!("the {product} version: {e}"));
        }
    }
    let p = &publish.package;
    for (key, url) in [("repository", &p.repository), ("homepage", &p.homepage)] {
        if !url.starts_with("https://") || url.contains(char::is_whitespace) {
            return fail(key, format!("`{url}`: expected an https:// URL"));
        }
    }
    if p.author.trim().is_empty() {
        return fail(
            "author",
            "empty: expected who publishes the products".into(),
        );
    }
    // crates.io's rules, the stricter registry's.
    if p.keywords.is_empty() || p.keywords.len() > 5 {
        return fail(
            "keywords",
            format!(
                "{} keywords: expected 1 to 5 (crates.io's limit)",
                p.keywords.len()
            ),
        );
    }
    for k in &p.keywords {
        let ok = k.len() <= 20
            && k.starts_with(|c: char| c.is_ascii_alphabetic())
            && k.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+'));
        if !ok {
            return fail(
                "keywords",
                format!(
                    "`{k}`: expected at most 20 ASCII letters, digits, `-`, `_` or `+`, starting with a letter (crates.io's rule)"
                ),
            );
        }
    }
    let rust_ok = {
        let parts: Vec<&str> = p.rust_version.split('.').collect();
        (2..=3).contains(&parts.len())
            && parts
                .iter()
                .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    if !rust_ok {
        return fail(
            "rust_version",
            format!(
                "`{}`: expected a Rust version such as \"1.85\"",
                p.rust_version
            ),
        );
    }
    let scoped = p.npm_name.strip_prefix('@').and_then(|n| n.split_once('/'));
    let npm_ok = scoped.is_some_and(|(scope, name)| {
        [scope, name].iter().all(|part| {
            !part.is_empty()
                && !part.starts_with(['.', '_'])
                && part.chars().all(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.' | '_')
                })
        }) && p.npm_name.len() <= 214
    });
    if !npm_ok {
        return fail(
            "npm_name",
            format!(
                "`{}`: expected a scoped npm name, `@scope/name` in lowercase (an unscoped name could be taken for one of Seam's)",
                p.npm_name
            ),
        );
    }
    if !is_npm_range(&p.node) {
        return fail(
            "node",
            format!(
                "`{}`: expected an npm semver range such as \">=20\" or \"^20 || ^22\"",
                p.node
            ),
        );
    }
    if let Some(base) = &publish.json_schema.base_url {
        let ok = (base.starts_with("https://") || base.starts_with("http://"))
            && !base.contains(char::is_whitespace)
            && !base.contains(['#', '?']);
        if !ok {
            return fail(
                "base_url",
                format!(
                    "`{base}`: expected an http(s) URL without a query or fragment, the folder the JSON Schema files are published under"
                ),
            );
        }
    }
    Ok(publish)
}

/// Whether `range` is an npm semver range (`engines.node`): comparator sets joined by `||`,
/// each comparators (`>=20`, `<23.1`, `^20`, `~20.1`, `20.x`, `*`) or a hyphen range.
fn is_npm_range(range: &str) -> bool {
    fn version(v: &str) -> bool {
        let v = v.strip_prefix('v').unwrap_or(v);
        let parts: Vec<&str> = v.split('.').collect();
        (1..=3).contains(&parts.len())
            && parts.iter().enumerate().all(|(i, p)| {
                (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                    || ((i > 0 || parts.len() == 1) && matches!(*p, "x" | "X" | "*"))
            })
    }
    fn comparator(c: &str) -> bool {
        let rest = ["<=", ">=", "<", ">", "=", "^", "~"]
            .iter()
            .find_map(|op| c.strip_prefix(op))
            .unwrap_or(c);
        version(rest)
    }
    !range.trim().is_empty()
        && range.split("||").all(|set| {
            let words: Vec<&str> = set.split_whitespace().collect();
            match words.as_slice() {
                [a, "-", b] => version(a) && version(b),
                [] => false,
                words => words.iter().all(|w| comparator(w)),
            }
        })
}

/// The file's text with the versions replaced (comments and layout kept).
pub fn with_versions(text: &str, versions: &Versions) -> String {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let key = line.split('=').next().unwrap_or("").trim();
        let value = match key {
            "rust" => Some(&versions.rust),
            "typescript" => Some(&versions.typescript),
            "json_schema" => Some(&versions.json_schema),
            "runtime" => Some(&versions.runtime),
            _ => None,
        };
        match value {
            Some(v) if line.contains('=') => {
                let end = if line.ends_with('\n') { "\n" } else { "" };
                out.push_str(&format!("{key} = \"{v}\"{end}"));
            }
            _ => out.push_str(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_rewrites_the_versions() {
        let text = format!(
            "# c\n[versions]\nrust = \"0.1.0\"\n# t\ntypescript = \"0.2.0\"\njson_schema = \"1.0.0\"\nruntime = \"0.1.0\"\n{PACKAGE}"
        );
        let text = text.as_str();
        let v = parse(text).unwrap().versions;
        assert_eq!(
            (
                v.rust.as_str(),
                v.typescript.as_str(),
                v.json_schema.as_str()
            ),
            ("0.1.0", "0.2.0", "1.0.0")
        );
        let bumped = Versions {
            rust: "0.2.0".into(),
            ..v
        };
        let again = with_versions(text, &bumped);
        assert_eq!(again, text.replace("rust = \"0.1.0\"", "rust = \"0.2.0\""));
    }

    const VERSIONS: &str = "[versions]\nrust = \"0.1.0\"\ntypescript = \"0.1.0\"\njson_schema = \"0.1.0\"\nruntime = \"0.1.0\"\n";
    const PACKAGE: &str = "[package]\nrepository = \"https://example.com/r\"\nhomepage = \"https://example.com/h\"\nauthor = \"A\"\nkeywords = [\"seam\"]\nrust_version = \"1.85\"\nnpm_name = \"@a/b\"\nnode = \">=20\"\n";

    /// The error for the settings with `from` replaced by `to`.
    fn error(from: &str, to: &str) -> String {
        let text = format!("{VERSIONS}{PACKAGE}").replace(from, to);
        assert_ne!(text, format!("{VERSIONS}{PACKAGE}"), "{from}");
        parse(&text).unwrap_err()
    }

    #[test]
    fn errors_name_the_line_and_what_was_expected() {
        let e = error("rust = \"0.1.0\"", "rust = \"0.1\"");
        assert!(
            e.starts_with("schema/publish.toml:2: rust: the rust version"),
            "{e}"
        );
        let e = error("typescript = \"0.1.0\"", "typescript = 3");
        assert!(e.starts_with("schema/publish.toml:3:"), "{e}");
        let e = error("typescript = \"0.1.0\"\n", "");
        assert!(e.contains("typescript"), "{e}");
        let e = error("https://example.com/r", "http://example.com/r");
        assert!(e.starts_with("schema/publish.toml:7: repository:"), "{e}");
        let e = error("[\"seam\"]", "[\"a\", \"b\", \"c\", \"d\", \"e\", \"f\"]");
        assert!(
            e.starts_with("schema/publish.toml:10: keywords: 6 keywords"),
            "{e}"
        );
        let e = error("[\"seam\"]", "[\"seam events\"]");
        assert!(e.contains("`seam events`"), "{e}");
        let e = error("\"1.85\"", "\"1.85-beta\"");
        assert!(
            e.starts_with("schema/publish.toml:11: rust_version:"),
            "{e}"
        );
        let e = error("@a/b", "seam-events");
        assert!(e.starts_with("schema/publish.toml:12: npm_name:"), "{e}");
        assert!(e.contains("scoped"), "{e}");
        let e = error("@a/b", "@A/b");
        assert!(e.contains("npm_name"), "{e}");
        let e = error("\">=20\"", "\" \"");
        assert!(e.starts_with("schema/publish.toml:13: node:"), "{e}");
        let e = error("author = \"A\"\n", "");
        assert!(e.contains("author"), "{e}");
        // A key the settings do not have, at the start of its line.
        let e = error("author = ", "autor = ");
        assert!(e.starts_with("schema/publish.toml:9:"), "{e}");
        assert!(e.contains("autor"), "{e}");
        let e = error("\">=20\"", "\"twenty\"");
        assert!(e.starts_with("schema/publish.toml:13: node:"), "{e}");
        for ok in [
            ">=20",
            "^20 || ^22",
            ">=20.0.0 <23",
            "20.x",
            "*",
            "1.2.3 - 2.3.4",
        ] {
            let text = format!("{VERSIONS}{PACKAGE}").replace("\">=20\"", &format!("{ok:?}"));
            assert!(parse(&text).is_ok(), "{ok}");
        }
        let text = format!("{VERSIONS}{PACKAGE}[json_schema]\nbase_url = \"ftp://x/\"\n");
        let e = parse(&text).unwrap_err();
        assert!(e.starts_with("schema/publish.toml:15: base_url:"), "{e}");
    }

    #[test]
    fn the_base_url_is_optional() {
        let p = parse(&format!("{VERSIONS}{PACKAGE}")).unwrap();
        assert_eq!(p.json_schema.base_url, None);
        let p = parse(&format!(
            "{VERSIONS}{PACKAGE}[json_schema]\nbase_url = \"https://schemas.example.com/seam/\"\n"
        ))
        .unwrap();
        assert_eq!(
            p.json_schema.base_url.as_deref(),
            Some("https://schemas.example.com/seam/")
        );
    }

    #[test]
    fn the_projects_own_settings_parse() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let p = settings(&root).unwrap();
        let workspace: toml::Table =
            toml::from_str(&std::fs::read_to_string(root.join("Cargo.toml")).unwrap()).unwrap();
        let package = &workspace["workspace"]["package"];
        for (key, value) in [
            ("rust-version", &p.package.rust_version),
            ("repository", &p.package.repository),
            ("homepage", &p.package.homepage),
        ] {
            assert_eq!(
                package[key].as_str(),
                Some(value.as_str()),
                "the workspace's {key} (the runtime crate's) must be {PUBLISH_FILE}'s"
            );
        }
    }
}
