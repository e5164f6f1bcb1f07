//! `cargo xtask contract sync` from a tarball of the package and from an OpenAPI document: what
//! it writes, that a second sync writes nothing, that the docs' record is kept, and that every
//! kind of bad source is an error that leaves the project as it was.

use std::fs;
use std::path::Path;
use std::process::Command;

use xtask::contract::{MODULE, sync};
use xtask::docs::{UPSTREAM_FILE, upstream};

/// An OpenAPI document with two events, the second by `$ref`.
fn document(version: &str) -> serde_json::Value {
    serde_json::json!({
        "openapi": "3.0.0",
        "info": { "title": "Seam Connect", "version": version },
        "components": { "schemas": {
            "unlocked": {
                "type": "object",
                "required": ["event_type", "device_id"],
                "properties": {
                    "event_type": { "type": "string", "enum": ["lock.unlocked"] },
                    "device_id": { "type": "string", "format": "uuid" }
                }
            },
            "event": { "oneOf": [
                { "type": "object", "properties": { "event_type": { "type": "string", "enum": ["lock.locked"] } } },
                { "$ref": "#/components/schemas/unlocked" }
            ] }
        } }
    })
}

/// A tarball of the package, as npm packs it: `package/package.json` and the module, whose
/// default export is `doc`.
fn tarball(dir: &Path, version: &str, doc: Option<&serde_json::Value>) -> std::path::PathBuf {
    let package = dir.join(format!("build-{version}/package"));
    fs::create_dir_all(package.join(Path::new(MODULE).parent().unwrap())).unwrap();
    fs::write(
        package.join("package.json"),
        format!(r#"{{"name": "@seamapi/types", "version": "{version}", "type": "module"}}"#),
    )
    .unwrap();
    if let Some(doc) = doc {
        fs::write(
            package.join(MODULE),
            format!("const openapi = {doc};\nexport default openapi;\n"),
        )
        .unwrap();
    }
    let file = dir.join(format!("types-{version}.tgz"));
    let status = Command::new("tar")
        .arg("-czf")
        .arg(&file)
        .arg("-C")
        .arg(package.parent().unwrap())
        .arg("package")
        .status()
        .unwrap();
    assert!(status.success());
    file
}

/// Every file under `dir`, with its bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for rel in xtask::files::list_tree(dir, "schema").unwrap() {
        out.push((
            xtask::files::display(&rel),
            fs::read(dir.join(&rel)).unwrap(),
        ));
    }
    out.sort();
    out
}

#[test]
fn a_sync_writes_the_contract_and_its_version_and_a_second_writes_nothing() {
    let work = tempfile::tempdir().unwrap();
    let project = work.path().join("project");
    fs::create_dir_all(project.join("schema")).unwrap();
    // The docs' record is kept beside the contract's.
    let docs = "[docs]\nrepository = \"https://github.com/seamapi/docs\"\ncommit = \"0123456789abcdef0123456789abcdef01234567\"\n";
    fs::write(project.join(UPSTREAM_FILE), docs).unwrap();

    let packed = tarball(work.path(), "1.2.3", Some(&document("1.0.0")));
    let synced = sync(&project, packed.to_str().unwrap()).unwrap();
    assert_eq!(synced.events, 2);
    assert!(synced.changed && synced.recorded);
    assert!(
        synced
            .report()
            .contains("@seamapi/types@1.2.3: 2 event schemas"),
        "{}",
        synced.report()
    );
    let contract: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(project.join("schema/contract.json")).unwrap())
            .unwrap();
    assert_eq!(contract["openapi"], "3.0.0");
    assert_eq!(
        contract["events"]["lock.unlocked"]["properties"]["device_id"]["format"], "uuid",
        "the `$ref` resolved"
    );
    let record = upstream(&project).unwrap().unwrap();
    assert_eq!(
        record.docs.unwrap().commit,
        "0123456789abcdef0123456789abcdef01234567"
    );
    let version = record.contract.unwrap();
    assert_eq!(
        (version.package.as_str(), version.version.as_str()),
        ("@seamapi/types", "1.2.3")
    );

    let before = snapshot(&project);
    let again = sync(&project, packed.to_str().unwrap()).unwrap();
    assert!(!again.changed && !again.recorded);
    assert!(
        again.report().contains("nothing changed: nothing to do"),
        "{}",
        again.report()
    );
    assert_eq!(snapshot(&project), before);

    // An OpenAPI document as JSON: its file and `info.version` are recorded.
    let json = work.path().join("openapi.json");
    let mut doc = document("2.0.0");
    doc["components"]["schemas"]["unlocked"]["required"] = serde_json::json!(["event_type"]);
    fs::write(&json, doc.to_string()).unwrap();
    let synced = sync(&project, json.to_str().unwrap()).unwrap();
    assert!(synced.changed);
    assert_eq!(synced.previous.unwrap().version, "1.2.3");
    let version = upstream(&project).unwrap().unwrap().contract.unwrap();
    assert_eq!(
        (
            version.package.as_str(),
            version.version.as_str(),
            version.integrity
        ),
        ("openapi.json", "2.0.0", None)
    );
}

#[test]
fn a_bad_source_is_an_error_and_changes_nothing() {
    let work = tempfile::tempdir().unwrap();
    let project = work.path().join("project");
    fs::create_dir_all(project.join("schema")).unwrap();
    let packed = tarball(work.path(), "1.2.3", Some(&document("1.0.0")));
    sync(&project, packed.to_str().unwrap()).unwrap();
    let before = snapshot(&project);
    let path = |p: &Path| p.to_str().unwrap().to_owned();
    let err = |from: String| {
        let e = sync(&project, &from).unwrap_err();
        assert_eq!(snapshot(&project), before, "{from}: nothing changed");
        e
    };
    // No such file.
    let e = err(path(&work.path().join("missing.tgz")));
    assert!(
        e.contains("no such file: expected a tarball of @seamapi/types"),
        "{e}"
    );
    // A tarball without the module.
    let e = err(path(&tarball(work.path(), "9.9.9", None)));
    assert!(
        e.contains(&format!(
            "expected a tarball of @seamapi/types with package/package.json and package/{MODULE}"
        )),
        "{e}"
    );
    // Not JSON, then JSON that is not Seam's event schema.
    let bad = work.path().join("bad.json");
    fs::write(&bad, "{\n  \"openapi\": \n").unwrap();
    let e = err(path(&bad));
    assert!(e.contains("bad.json:3: not JSON"), "{e}");
    fs::write(
        &bad,
        r#"{"openapi": "3.0.0", "components": {"schemas": {}}}"#,
    )
    .unwrap();
    let e = err(path(&bad));
    assert!(e.contains("no `/components/schemas/event`"), "{e}");
    let mut unnamed = document("1.0.0");
    unnamed["components"]["schemas"]["event"]["oneOf"][0]["properties"]["event_type"] =
        serde_json::json!({ "type": "string" });
    fs::write(&bad, unnamed.to_string()).unwrap();
    let e = err(path(&bad));
    assert!(e.contains("`/components/schemas/event/oneOf/0`: expected an object schema whose `event_type` property has one value"), "{e}");
    // Not a version, a tarball or a document.
    let e = err("../some where".into());
    assert!(e.contains("expected a version of @seamapi/types"), "{e}");
}
