//! `schema/publish.toml`: each product's version, read for codegen and rewritten by release.

use std::path::Path;

use seam_codegen::{PUBLISH_FILE, Versions};

use crate::files;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Publish {
    versions: Versions,
}

/// Reads the versions from `schema/publish.toml` under `root`.
pub fn versions(root: &Path) -> Result<Versions, String> {
    let file = files::read_optional(root, PUBLISH_FILE)?.ok_or_else(|| {
        format!("{PUBLISH_FILE}: missing: expected each product's version ([versions] rust, typescript, json_schema)")
    })?;
    let text = std::str::from_utf8(&file.bytes)
        .map_err(|e| format!("{PUBLISH_FILE}:1: not UTF-8 ({e})"))?;
    parse(text)
}

/// Parses the file's text; an error names the line.
pub fn parse(text: &str) -> Result<Versions, String> {
    let publish: Publish = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map_or(1, |span| text[..span.start.min(text.len())].lines().count().max(1));
        format!(
            "{PUBLISH_FILE}:{line}: {}: expected [versions] with rust, typescript and json_schema, each \"major.minor.patch\"",
            e.message()
        )
    })?;
    for (product, version) in [
        ("rust", &publish.versions.rust),
        ("typescript", &publish.versions.typescript),
        ("json_schema", &publish.versions.json_schema),
    ] {
        seam_codegen::diff::bump(version, seam_codegen::diff::Level::Patch).map_err(|e| {
            let line = text
                .lines()
                .position(|l| l.trim_start().starts_with(product))
                .map_or(1, |i| i + 1);
            format!("{PUBLISH_FILE}:{line}: the {product} version: {e}")
        })?;
    }
    Ok(publish.versions)
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
        let text = "# c\n[versions]\nrust = \"0.1.0\"\n# t\ntypescript = \"0.2.0\"\njson_schema = \"1.0.0\"\n";
        let v = parse(text).unwrap();
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

    #[test]
    fn errors_name_the_line() {
        let e =
            parse("[versions]\nrust = \"0.1\"\ntypescript = \"0.1.0\"\njson_schema = \"0.1.0\"\n")
                .unwrap_err();
        assert!(
            e.starts_with("schema/publish.toml:2: the rust version"),
            "{e}"
        );
        let e = parse("[versions]\nrust = \"0.1.0\"\ntypescript = 3\njson_schema = \"0.1.0\"\n")
            .unwrap_err();
        assert!(e.starts_with("schema/publish.toml:3:"), "{e}");
        let e = parse("[versions]\nrust = \"0.1.0\"\n").unwrap_err();
        assert!(e.contains("typescript"), "{e}");
    }
}
