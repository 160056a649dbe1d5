//! SARIF 2.1.0 output, written with a few structs of our own (serde-sarif does
//! not build on its own); a test validates it against the official schema.

use crate::lint::diagnostic::Diagnostic;
use crate::rules::model::Severity;
use crate::rules::Rulebook;
use serde::Serialize;

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
struct Run<'a> {
    tool: Tool<'a>,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    information_uri: String,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    name: String,
    short_description: Text<'a>,
    full_description: Text<'a>,
    help_uri: String,
    help: Help,
    default_configuration: Config,
}

#[derive(Serialize)]
struct Config {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression>,
}

#[derive(Serialize)]
struct Message {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: Physical,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Physical {
    artifact_location: Artifact,
    region: Region,
}

#[derive(Serialize)]
struct Artifact {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
    justification: String,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A file path as a relative URI reference (forward slashes, spaces escaped).
fn uri(path: &str) -> String {
    path.trim_start_matches("./")
        .replace('\\', "/")
        .replace('%', "%25")
        .replace(' ', "%20")
}

/// The log up to the opening of `results` (tool and rule descriptions).
pub fn begin(book: &Rulebook, docs_base: &str) -> String {
    let rules: Vec<Rule> = book
        .lints
        .iter()
        .map(|l| Rule {
            id: &l.id,
            name: l
                .id
                .split('-')
                .map(|w| format!("{}{}", w[..1].to_uppercase(), &w[1..]))
                .collect(),
            short_description: Text { text: &l.summary },
            full_description: Text { text: &l.docs.what },
            help_uri: super::docs_url(docs_base, &l.id),
            help: Help {
                text: format!("{}\n\nWhy: {}", l.docs.what, l.docs.why),
                markdown: format!(
                    "{}\n\n**Why:** {}\n\n```yaml\n{}\n```",
                    l.docs.what,
                    l.docs.why,
                    l.docs.example.trim_end()
                ),
            },
            default_configuration: Config {
                level: level(l.severity),
            },
        })
        .collect();
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "tradeoff",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: env!("CARGO_PKG_REPOSITORY").to_string(),
                    rules,
                },
            },
            results: Vec::new(),
        }],
    };
    let s = serde_json::to_string(&log).unwrap_or_default();
    // Reopen the empty results array so results can be streamed into it.
    let cut = s.rfind("\"results\":[]").unwrap_or(s.len());
    format!("{}\"results\":[\n", &s[..cut])
}

/// One result; `first` decides the separator.
pub fn item(book: &Rulebook, d: &Diagnostic, first: bool) -> String {
    let rule_index = book.lints.iter().position(|l| l.id == d.id).unwrap_or(0);
    let mut text = d.message.clone();
    if let Some(h) = &d.help {
        text.push_str(&format!(" Help: {h}"));
    }
    let r = SarifResult {
        rule_id: d.id.clone(),
        rule_index,
        level: level(d.severity),
        message: Message { text },
        locations: vec![Location {
            physical_location: Physical {
                artifact_location: Artifact { uri: uri(&d.file) },
                region: Region {
                    start_line: d.span.line.max(1),
                    start_column: d.span.column.max(1),
                    end_line: d.span.end_line.max(d.span.line).max(1),
                    end_column: d.span.end_column.max(1),
                },
            },
        }],
        suppressions: d
            .accepted
            .iter()
            .map(|reason| Suppression {
                kind: "inSource",
                justification: reason.clone(),
            })
            .collect(),
    };
    format!(
        "{}{}",
        if first { "" } else { ",\n" },
        serde_json::to_string(&r).unwrap_or_default()
    )
}

pub fn end() -> String {
    "\n]}]}\n".to_string()
}
