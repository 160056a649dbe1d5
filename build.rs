//! Embeds every file under `rules/` into the binary as (relative path, YAML, JSON)
//! triples. The loader lists them like a folder, so adding a rule file needs no code
//! change. The JSON copy (empty when the YAML does not parse) makes start-up fast:
//! JSON parses an order of magnitude faster than YAML; the YAML is kept for messages
//! with line numbers when a bundled rule is wrong.

use std::path::Path;

/// The files under `dir` whose extension is one of `exts`, as paths relative to `base`.
fn collect(dir: &Path, base: &Path, exts: &[&str], out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect(&p, base, exts, out);
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| exts.contains(&e))
        {
            let rel = p
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push(rel);
        }
    }
}

fn main() {
    // Read when the script runs, not when it is compiled: cargo may reuse one compiled
    // script for the checkout and for `cargo package`'s copy of it.
    let root = std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let rules = root.join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    collect(&rules, &rules, &["yaml", "yml"], &mut files);
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let mut code = String::from("pub static BUNDLED: &[(&str, &str, &str)] = &[\n");
    for (i, f) in files.iter().enumerate() {
        let path = rules.join(f);
        let json = std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| {
                // YAML 1.2 booleans only, so a table cell `No` stays text.
                let mut options = serde_saphyr::Options::default();
                options.strict_booleans = true;
                serde_saphyr::from_str_with_options::<serde_json::Value>(&t, options).ok()
            })
            .map(|mut v| {
                // Test cases are only needed by `rules test`, which reads the YAML.
                if let Some(map) = v.as_object_mut() {
                    map.remove("cases");
                }
                v
            })
            .map(|v| v.to_string())
            .unwrap_or_default();
        let json_path = out_dir.join(format!("rule-{i}.json"));
        std::fs::write(&json_path, json).unwrap();
        code.push_str(&format!(
            "    ({f:?}, include_str!({:?}), include_str!({:?})),\n",
            path.to_string_lossy(),
            json_path.to_string_lossy()
        ));
    }
    code.push_str("];\n");
    // The sources a rulebook snapshot is made from: the rules, the wiki their sources
    // name, and the requirements schema the fact catalog is read from.
    let mut hash = Fnv::default();
    for f in &files {
        hash.write(f.as_bytes());
        hash.write(&std::fs::read(rules.join(f)).unwrap_or_default());
    }
    // And the code that turns them into a rulebook (every file of src/rules/ and
    // src/quantity/ but tests): a change there must not let an older snapshot stand in
    // for what the code would build now.
    let mut code_files: Vec<String> = [
        "docs/wiki/system-design-fundamentals.md",
        "schemas/requirements.schema.json",
        "src/capacity.rs",
        "src/derived.rs",
        "src/facts.rs",
        "src/quantity.rs",
    ]
    .map(String::from)
    .to_vec();
    for dir in ["src/rules", "src/quantity"] {
        println!("cargo:rerun-if-changed={dir}");
        collect(&root.join(dir), &root, &["rs"], &mut code_files);
    }
    code_files.retain(|f| !f.ends_with("/tests.rs"));
    for extra in &code_files {
        println!("cargo:rerun-if-changed={extra}");
        hash.write(extra.as_bytes());
        hash.write(&std::fs::read(root.join(extra)).unwrap_or_default());
    }
    code.push_str(&format!("pub const SOURCES_HASH: u64 = {:#x};\n", hash.0));
    // The committed snapshot (src/rules/snapshot.rs), or nothing when it is missing.
    let snapshot = root.join("src/rules/bundled.snapshot");
    println!("cargo:rerun-if-changed=src/rules/bundled.snapshot");
    std::fs::write(
        out_dir.join("bundled.snapshot"),
        std::fs::read(snapshot).unwrap_or_default(),
    )
    .unwrap();
    let out = out_dir.join("bundled_rules.rs");
    std::fs::write(out, code).unwrap();
}

/// FNV-1a, 64 bits, with each chunk's length mixed in so chunk borders count.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in (bytes.len() as u64).to_le_bytes().iter().chain(bytes) {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}
