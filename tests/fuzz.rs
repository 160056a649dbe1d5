//! Randomized robustness: generated and mutated documents go through parse -> lint ->
//! advise without a panic. FUZZ_CASES sets the count (default 3,000 so `cargo test`
//! stays quick; the full run is `FUZZ_CASES=100000 cargo test --release --test fuzz`).
//! A seed (FUZZ_SEED) makes a failing run reproducible.

use tradeoff::rules::Rulebook;

mod common;
use common::Rng;

const TOKENS: [&str; 40] = [
    ":",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "\"",
    "'",
    "&a ",
    "*a",
    "!tag ",
    "---\n",
    "...\n",
    "\t",
    "\n",
    "  ",
    "#",
    "|\n",
    ">\n",
    "~",
    "null",
    "true",
    "yes",
    ".nan",
    "-.inf",
    "1e999",
    "99999999999999999999999",
    "-5",
    "150%",
    "10M",
    "3TB",
    "200ms",
    "\u{feff}",
    "\0",
    "\r\n",
    "? ",
    "<<: *a\n",
    "%YAML 1.2\n",
    "\u{202e}",
];

const FIELDS: [&str; 16] = [
    "scale.users",
    "scale.peak_rps",
    "traffic.read_percent",
    "data.size",
    "data.shape",
    "data.queries",
    "consistency.stale_data_cost",
    "latency.p99",
    "availability.target",
    "realtime.needs",
    "clients.kinds",
    "team.engineers",
    "security.instant_revocation",
    "operations.platform",
    "decisions.caching",
    "accept",
];

const VALUES: [&str; 16] = [
    "10k",
    "2M",
    "-1",
    "0",
    "100%",
    "101%",
    "relational",
    "blobs",
    "[joins, ranges]",
    "critical",
    "150ms",
    "true",
    "kubernetes",
    "write-behind",
    "[{id: caching, reason: x}]",
    "{}",
];

/// A structured document: random fields with plausible or hostile values.
fn generate(rng: &mut Rng) -> String {
    let mut sections: std::collections::BTreeMap<&str, Vec<(&str, &str)>> = Default::default();
    for _ in 0..rng.below(8) + 1 {
        let field = *rng.pick::<&'static str>(&FIELDS);
        let (section, key) = field.split_once('.').unwrap_or((field, ""));
        let entry = sections.entry(section).or_default();
        if !entry.iter().any(|(k, _)| *k == key) {
            entry.push((key, *rng.pick(&VALUES)));
        }
    }
    let mut out = String::new();
    for (section, entries) in sections {
        match entries.as_slice() {
            [("", value), ..] => out.push_str(&format!("{section}: {value}\n")),
            _ => {
                out.push_str(&format!("{section}:\n"));
                for (key, value) in entries {
                    out.push_str(&format!("  {key}: {value}\n"));
                }
            }
        }
    }
    out
}

/// A byte- or token-level mutation of a seed document.
fn mutate(rng: &mut Rng, seed: &str) -> Vec<u8> {
    let mut bytes = seed.as_bytes().to_vec();
    for _ in 0..rng.below(4) + 1 {
        let at = rng.below(bytes.len() + 1);
        match rng.below(6) {
            0 => {
                let tok = rng.pick(&TOKENS).as_bytes();
                bytes.splice(at..at, tok.iter().copied());
            }
            1 if !bytes.is_empty() => {
                let end = (at + rng.below(20)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            2 if at < bytes.len() => bytes[at] = rng.next() as u8,
            3 => bytes.truncate(at),
            4 => {
                let end = (at + rng.below(40)).min(bytes.len());
                let chunk = bytes[at.min(end)..end].to_vec();
                bytes.splice(at..at, chunk);
            }
            _ => {
                let tok = rng.pick(&TOKENS).as_bytes();
                bytes.extend_from_slice(tok);
            }
        }
    }
    bytes
}

#[test]
fn no_panic_on_generated_and_mutated_documents() {
    let cases: usize = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3_000);
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_7ade_0ff5);
    let book = Rulebook::bundled().unwrap();
    let examples: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let mut rng = Rng(seed);
    let (mut parsed, mut advised, mut findings) = (0usize, 0usize, 0usize);
    for i in 0..cases {
        let doc = if i % 3 == 0 {
            generate(&mut rng).into_bytes()
        } else {
            let base = if i % 3 == 1 {
                rng.pick(&examples).clone()
            } else {
                generate(&mut rng)
            };
            mutate(&mut rng, &base)
        };
        let diags = tradeoff::lint::check(&book, "fuzz.yaml", doc.clone(), 20_000);
        findings += diags.len();
        if let Ok(text) = String::from_utf8(doc) {
            if let Ok(req) = tradeoff::requirements::parse_requirements_str("fuzz.yaml", &text) {
                parsed += 1;
                // Advice on every fifth parsed document keeps the default run quick.
                if parsed % 5 == 0 || cases <= 10_000 {
                    let a = tradeoff::engine::evaluate(&book, &req);
                    assert_eq!(a.decisions.len(), book.topics.len());
                    advised += 1;
                }
            }
        }
    }
    eprintln!("fuzz: {cases} documents, {parsed} parsed as requirements, {advised} advised, {findings} findings, 0 panics (seed {seed})");
}
