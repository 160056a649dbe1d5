//! Randomized robustness: generated and mutated documents go through parse -> lint ->
//! advise, and every output is rendered (lint: human, JSON, SARIF, GitHub; advice: text,
//! Markdown, JSON; the report: Markdown and HTML) without a panic, with every text
//! output escaped (no raw control character, no line started by user text, no Mermaid
//! directive) and every JSON piece valid. FUZZ_CASES sets the count (default 3,000 so
//! `cargo test` stays quick; the full run is
//! `FUZZ_CASES=1000000 cargo test --release --test fuzz -- --nocapture`). A seed
//! (FUZZ_SEED) makes a failing run reproducible.

use tradeoff::rules::Rulebook;

mod common;
use common::Rng;

const TOKENS: [&str; 50] = [
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
    "\u{1b}[2J",
    "\u{7}",
    "\"\\u001b]0;t\\u0007\\n::error file=a::F\"",
    "\n::error file=README.md::FORGED\n",
    "%%{init: {'theme':'dark'}}%%",
    "<script>x</script>",
    "| a | b |",
    "1,5M",
    "0b101",
    "2099-02-31",
];

const FIELDS: [&str; 18] = [
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
    "name",
    "description",
];

const VALUES: [&str; 19] = [
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
    "\"x\\n::error file=README.md,line=1::FORGED\\u001b[31m\"",
    "\"%%{init: {}}%% <b>|x|</b> ` # [a](javascript:x)\"",
    "[{id: decision-drift, reason: \"ok\\u001b[2J\\n::warning::x\"}]",
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

/// Pieces of hostile text: terminal controls, forged CI commands, Markdown, HTML and
/// Mermaid syntax, bidirectional overrides.
const HOSTILE: [&str; 16] = [
    "\u{1b}[2J",
    "\u{7}",
    "\n",
    "\r\n",
    "::error file=README.md,line=1::FORGED",
    "%%{init: {'theme':'dark'}}%%",
    "<script>alert(1)</script>",
    "| x |",
    "`",
    "#",
    "&amp;",
    "[a](javascript:alert(1))",
    "\u{202e}",
    "\u{9b}",
    "- ",
    "shop",
];

/// A valid document (an example) whose name, description and an acceptance reason are
/// hostile text, so that the advice and the report are rendered with it.
fn hostile_valid(rng: &mut Rng, examples: &[String]) -> String {
    let text = |rng: &mut Rng| -> String {
        let s: String = (0..rng.below(6) + 1).map(|_| *rng.pick(&HOSTILE)).collect();
        // A JSON string is a valid YAML double-quoted scalar.
        serde_json::to_string(&s).unwrap()
    };
    let base: String = rng
        .pick(examples)
        .lines()
        .filter(|l| {
            !l.starts_with("name:") && !l.starts_with("description:") && !l.starts_with("accept:")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    format!(
        "{base}name: {}\ndescription: {}\naccept:\n  - {{id: decision-drift, reason: {}}}\n",
        text(rng),
        text(rng),
        text(rng)
    )
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

/// A text output must hold no raw control character (but line ends) and no line that
/// starts with `::` unless it is one of our GitHub annotations (`github`).
fn assert_safe(what: &str, out: &str, doc: &[u8], github: bool) {
    if let Some(c) = out
        .chars()
        .find(|c| *c != '\n' && tradeoff::text::is_unsafe(*c))
    {
        panic!(
            "{what}: raw U+{:04X} in the output of {:?}",
            c as u32,
            String::from_utf8_lossy(doc)
        );
    }
    for line in out.lines() {
        let l = line.trim_start();
        let ours = github
            && ["::error file=", "::warning file=", "::notice file="]
                .iter()
                .any(|p| line.starts_with(p));
        assert!(
            !l.starts_with("::") || ours,
            "{what}: a line starts with user text: {line:?} (document {:?})",
            String::from_utf8_lossy(doc)
        );
    }
}

/// Renders the lint findings of one document in every format and checks each.
fn render_lint(book: &Rulebook, doc: &[u8], checked: tradeoff::lint::check::Checked) {
    use tradeoff::lint::format::{github, human, json, sarif, FileResult};
    let text = String::from_utf8(doc.strip_prefix(b"\xef\xbb\xbf").unwrap_or(doc).to_vec())
        .unwrap_or_default();
    let result = FileResult {
        file: "fuzz\n::error file=x::F\u{1b}.yaml".into(),
        text,
        diagnostics: checked.diagnostics,
        omitted: checked.omitted,
        ..FileResult::default()
    };
    let results = std::slice::from_ref(&result);
    assert_safe("human", &human::render(results, false, true), doc, false);
    assert_safe("github", &github::render(results, true), doc, true);
    for d in &result.diagnostics {
        let piece = json::item(d, true);
        serde_json::from_str::<serde_json::Value>(&piece)
            .unwrap_or_else(|e| panic!("json item: {e}: {piece}"));
        let piece = sarif::item(book, d, true);
        serde_json::from_str::<serde_json::Value>(&piece)
            .unwrap_or_else(|e| panic!("sarif item: {e}: {piece}"));
    }
}

/// Renders the advice and the report of one document in every format and checks each.
fn render_advice(book: &Rulebook, doc: &[u8], req: &tradeoff::requirements::Requirements) {
    let a = tradeoff::engine::evaluate(book, req);
    let per_part = book.topics.iter().filter(|t| t.per_component).count();
    let parts: usize = a.components.iter().map(|c| c.decisions.len()).sum();
    if a.components.is_empty() {
        assert_eq!(a.decisions.len(), book.topics.len());
    } else {
        assert_eq!(
            a.decisions.len() + parts / a.components.len(),
            book.topics.len()
        );
        assert_eq!(parts, per_part * a.components.len());
    }
    assert_safe(
        "advise text",
        &tradeoff::render::text::render(&a),
        doc,
        false,
    );
    assert_safe(
        "advise markdown",
        &tradeoff::render::markdown::render(&a),
        doc,
        false,
    );
    serde_json::from_str::<serde_json::Value>(&tradeoff::render::json(&a)).unwrap();
    let report = tradeoff::report::build(book, req, &Default::default(), Vec::new());
    let markdown = tradeoff::report::doc::markdown(&report);
    assert_safe("report markdown", &markdown, doc, false);
    for block in markdown.split("```mermaid").skip(1) {
        let mermaid = block.split("```").next().unwrap_or_default();
        assert!(
            !mermaid.contains("%%"),
            "a Mermaid directive survived: {mermaid}"
        );
    }
    assert_safe(
        "report html",
        &tradeoff::report::html::render(&report),
        doc,
        false,
    );
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
        let doc = if i % 12 == 0 {
            hostile_valid(&mut rng, &examples).into_bytes()
        } else if i % 3 == 0 {
            generate(&mut rng).into_bytes()
        } else {
            let base = if i % 3 == 1 {
                rng.pick(&examples).clone()
            } else {
                generate(&mut rng)
            };
            mutate(&mut rng, &base)
        };
        let checked = tradeoff::lint::check::check_file(&book, "fuzz.yaml", doc.clone(), 20_000);
        findings += checked.diagnostics.len();
        render_lint(&book, &doc, checked);
        if let Ok(text) = String::from_utf8(doc.clone()) {
            if let Ok(req) = tradeoff::requirements::parse_requirements_str("fuzz.yaml", &text) {
                parsed += 1;
                render_advice(&book, &doc, &req);
                advised += 1;
            }
        }
        if (i + 1) % 100_000 == 0 {
            eprintln!("fuzz: {} documents so far, 0 panics (seed {seed})", i + 1);
        }
    }
    eprintln!("fuzz: {cases} documents, {parsed} parsed as requirements, {advised} advised and rendered as text, Markdown, JSON and the report (Markdown, HTML), every document's findings rendered as human, JSON, SARIF and GitHub output, {findings} findings, 0 panics (seed {seed})");
}
