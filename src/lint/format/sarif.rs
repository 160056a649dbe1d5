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
    /// A valid URI reference; absent for standard input, which has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<Message>,
}

impl Artifact {
    fn of(file: &str) -> Artifact {
        match uri(file) {
            Some(uri) => Artifact {
                uri: Some(uri),
                description: None,
            },
            None => Artifact {
                uri: None,
                description: Some(Message {
                    text: "standard input".into(),
                }),
            },
        }
    }
}

/// How the run went: whether every file was checked, and what the tool has to say
/// about files it could not check or findings it left out.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Message,
    locations: Vec<NotificationLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NotificationLocation {
    physical_location: ArtifactOnly,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactOnly {
    artifact_location: Artifact,
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

/// Bytes of a path kept as they are in a URI: unreserved characters and `/`.
const PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// A file path as a URI reference: relative paths stay relative, absolute ones become
/// `file://` URIs; every other byte (`#`, `?`, `%`, `:`, spaces, newlines, controls,
/// non-ASCII) is percent-encoded. Standard input has no URI (`None`).
fn uri(path: &str) -> Option<String> {
    if path == "<stdin>" {
        return None;
    }
    let path = path.replace('\\', "/");
    let path = path.trim_start_matches("./");
    let encode = |p: &str| percent_encoding::utf8_percent_encode(p, PATH).to_string();
    let drive =
        path.len() >= 3 && path.as_bytes()[0].is_ascii_alphabetic() && path[1..].starts_with(":/");
    Some(if path.starts_with('/') {
        format!("file://{}", encode(path))
    } else if drive {
        format!("file:///{}:{}", &path[..1], encode(&path[2..]))
    } else {
        encode(path)
    })
}

/// `unknown-field` -> `UnknownField` (empty words, from odd ids, are skipped).
fn rule_name(id: &str) -> String {
    id.split('-')
        .flat_map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
        })
        .collect()
}

/// The log up to the opening of `results` (tool and rule descriptions).
pub fn begin(book: &Rulebook, docs_base: &str) -> String {
    let rules: Vec<Rule> = book
        .lints
        .iter()
        .map(|l| Rule {
            id: &l.id,
            name: rule_name(&l.id),
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
                artifact_location: Artifact::of(&d.file),
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

/// Closes the results and adds the invocation: unsuccessful when a file could not be
/// checked, with a notification per such file and per file whose findings were cut.
pub fn end(notes: &[super::Note]) -> String {
    let invocation = Invocation {
        execution_successful: !notes.iter().any(|n| n.failure),
        tool_execution_notifications: notes
            .iter()
            .map(|n| Notification {
                level: if n.failure { "error" } else { "note" },
                message: Message {
                    text: n.text.clone(),
                },
                locations: vec![NotificationLocation {
                    physical_location: ArtifactOnly {
                        artifact_location: Artifact::of(&n.file),
                    },
                }],
            })
            .collect(),
    };
    format!(
        "\n],\"invocations\":[{}]}}]}}\n",
        serde_json::to_string(&invocation).unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_valid_references() {
        assert_eq!(uri("<stdin>"), None);
        assert_eq!(uri("./svc/a b.yaml").unwrap(), "svc/a%20b.yaml");
        assert_eq!(uri("x#1?.yaml").unwrap(), "x%231%3F.yaml");
        assert_eq!(uri("a\nb%\u{1b}.yaml").unwrap(), "a%0Ab%25%1B.yaml");
        assert_eq!(uri("/tmp/é.yaml").unwrap(), "file:///tmp/%C3%A9.yaml");
        assert_eq!(uri("c:x.yaml").unwrap(), "c%3Ax.yaml");
        assert_eq!(uri("C:\\svc\\x.yaml").unwrap(), "file:///C:/svc/x.yaml");
    }

    #[test]
    fn rule_names_survive_odd_ids() {
        assert_eq!(rule_name("unknown-field"), "UnknownField");
        assert_eq!(rule_name("-x"), "X");
        assert_eq!(rule_name("x--y"), "XY");
        assert_eq!(rule_name(""), "");
    }
}
