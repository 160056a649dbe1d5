//! Decision records in the MADR shape: one per topic, inside the report and as files
//! (`tradeoff adr`). Files carry a hash of what the tool wrote, so a record someone has
//! edited is recognised and never overwritten.

use super::context::Ctx;
use super::doc::{code, em, markdown, strong, t, Block, Doc, Line};
use crate::engine::Decision;
use crate::error::{Error, Result};
use crate::quantity::trim;
use std::path::{Path, PathBuf};

/// `0001-scaling.md`: numbered in the rulebook's topic order, named by topic id.
pub fn file_name(n: usize, topic: &str) -> String {
    format!("{n:04}-{topic}.md")
}

/// The record of one decision. `n` is its number (from 1); `standalone` records (files)
/// carry front matter and name the system.
pub fn record(ctx: &Ctx, d: &Decision, n: usize, standalone: bool) -> Doc {
    let mut doc = Doc::default();
    let confidence = format!(
        "{} (margin {})",
        d.confidence.level,
        trim(d.confidence.margin, 1)
    );
    if standalone {
        let mut front = vec![("status".to_string(), "proposed".to_string())];
        if let Some(date) = &ctx.opts.date {
            // A JSON string is a valid YAML scalar, quotes and all.
            front.push((
                "date".into(),
                serde_json::to_string(date).unwrap_or_default(),
            ));
        }
        doc.push(Block::FrontMatter(front));
        doc.heading(1, format!("{}: {}", d.title, ctx.design_name(d)));
        doc.title = format!("ADR-{n:04}: {}", d.title);
    } else {
        doc.heading(1, format!("ADR-{n:04}: {}", d.title));
    }
    let mut status = vec![t("Status: proposed · Chosen: "), strong(ctx.design_name(d))];
    status.push(t(format!(" · Confidence: {confidence}")));
    if standalone {
        status.push(t(format!(" · System: {}", ctx.a.name)));
    }
    doc.para(status);

    doc.heading(2, "Context and Problem Statement");
    doc.para(vec![em(d.question.clone())]);
    if let Some(topic) = ctx.topic(&d.topic) {
        doc.para(vec![t(topic.summary.clone())]);
    }

    doc.heading(2, "Decision Drivers");
    let drivers = ctx.drivers(&d.topic);
    if drivers.is_empty() {
        doc.para(vec![t(
            "No condition of the chosen option applied; it won on its base score, as the simpler option listed first.",
        )]);
    }
    doc.list(
        drivers
            .iter()
            .map(|x| {
                let mut l: Line = vec![code(x.label.clone()), t(format!(" = {}", x.value))];
                if let Some(a) = &x.arithmetic {
                    l.push(t(format!(" ({a})")));
                }
                if x.assumed {
                    l.push(t(" "));
                    l.push(strong("— assumed, not given: confirm it"));
                }
                l
            })
            .collect(),
    );

    doc.heading(2, "Considered Options");
    let mut options = vec![vec![
        strong(d.choice_name.clone()),
        t(format!(" — chosen (score {})", trim(d.score, 1))),
    ]];
    for alt in &d.alternatives {
        let verdict = if alt.complement {
            "used beside the choice"
        } else {
            "not chosen"
        };
        options.push(vec![
            t(alt.name.clone()),
            t(format!(" — {verdict} (score {})", trim(alt.score, 1))),
        ]);
    }
    doc.list(options);

    doc.heading(2, "Decision Outcome");
    let mut outcome = vec![t("Chosen option: "), strong(ctx.design_name(d))];
    outcome.push(t(match d.rationale.first() {
        Some(_) => ", because:".to_string(),
        None => ".".to_string(),
    }));
    doc.para(outcome);
    doc.list(
        d.rationale
            .iter()
            .map(|r| {
                let weight = if r.weight == 0.0 {
                    format!("adds {}", ctx.option_name(&d.topic, &r.option))
                } else {
                    format!("{:+}", r.weight)
                };
                vec![
                    t(format!("{} ({weight}; ", r.text)),
                    ctx.wiki_link(&r.source),
                    t(")"),
                ]
            })
            .collect(),
    );
    if !d.details.is_empty() {
        doc.para(vec![strong("How")]);
        doc.list(
            d.details
                .iter()
                .map(|x| {
                    vec![
                        strong(format!("{}:", x.name)),
                        t(format!(" {} — {} (", x.value, x.because)),
                        ctx.wiki_link(&x.source),
                        t(")"),
                    ]
                })
                .collect(),
        );
    }

    doc.heading(3, "Consequences");
    let advantages = ctx
        .topic(&d.topic)
        .and_then(|t| t.option(&d.choice))
        .map(|o| o.advantages.clone())
        .unwrap_or_default();
    let mut consequences: Vec<Line> = advantages
        .iter()
        .map(|a| vec![t(format!("Good, because {}", lower_first(a)))])
        .collect();
    consequences.extend(
        d.tradeoffs
            .iter()
            .map(|x| vec![t(format!("Bad, because {}", lower_first(&x.text)))]),
    );
    doc.list(consequences);

    doc.heading(2, "Why Not the Alternatives");
    let rows = d
        .alternatives
        .iter()
        .map(|alt| {
            let offers = ctx
                .topic(&d.topic)
                .and_then(|t| t.option(&alt.option))
                .map(|o| o.advantages.join("; "))
                .unwrap_or_default();
            vec![
                vec![t(alt.name.clone())],
                vec![t(trim(alt.score, 1))],
                vec![t(alt.why_not.join(" "))],
                vec![t(offers)],
            ]
        })
        .collect();
    doc.table(
        &[
            "Option",
            "Score",
            "Why not here",
            "What it would have offered",
        ],
        rows,
    );

    if !d.flip_points.is_empty() {
        doc.heading(2, "Revisit When");
        doc.list(
            d.flip_points
                .iter()
                .map(|f| vec![t(f.text.clone())])
                .collect(),
        );
    }

    doc.heading(2, "More Information");
    let mut cited: Vec<&crate::rules::Source> = vec![&d.source];
    for s in d.rationale.iter().map(|r| &r.source) {
        if !cited.contains(&s) {
            cited.push(s);
        }
    }
    let mut wiki = vec![t("Wiki: ")];
    for (i, s) in cited.iter().enumerate() {
        if i > 0 {
            wiki.push(t(" · "));
        }
        wiki.push(ctx.wiki_link(s));
    }
    doc.para(wiki);
    if standalone {
        doc.para(vec![
            t("Written by "),
            code("tradeoff adr"),
            t(format!(
                " from the requirements of {}. The record is a proposal: accept it, or edit it to record what the team decided; once edited, it is never overwritten.",
                ctx.a.name
            )),
        ]);
    }
    doc
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        // Keep acronyms and names ("ACID", "JWT", "Redis") as written.
        Some(f) if f.is_uppercase() && !c.clone().next().is_some_and(char::is_uppercase) => {
            f.to_lowercase().chain(c).collect()
        }
        _ => s.to_string(),
    }
}

const MARKER: &str = "<!-- tradeoff-adr fnv1a64:";

/// FNV-1a, 64 bits: enough to notice an edit (this is not a security check).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The file text: the record, then a marker line with the hash of everything above it.
pub fn with_marker(body: &str) -> String {
    format!(
        "{body}\n{MARKER}{:016x} written by `tradeoff adr`; once this file is edited, tradeoff adr leaves it alone -->\n",
        fnv1a(body.as_bytes())
    )
}

/// Whether `text` is exactly what the tool wrote (line endings aside).
pub fn untouched(text: &str) -> bool {
    let text = text.replace("\r\n", "\n");
    let Some(at) = text.rfind(&format!("\n\n{MARKER}")) else {
        return false;
    };
    let body = &text[..at + 1];
    let marker = &text[at + 2..];
    let Some(hex) = marker.strip_prefix(MARKER).and_then(|m| m.get(..16)) else {
        return false;
    };
    // Nothing may follow the marker line.
    let ends = marker.find('\n').is_some_and(|i| i + 1 == marker.len());
    ends && u64::from_str_radix(hex, 16).ok() == Some(fnv1a(body.as_bytes()))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    Created,
    Updated,
    Unchanged,
    /// Edited since the tool wrote it (or never written by the tool): left alone.
    Kept,
    /// A link, a device or a folder sits at the record's path: not read, not followed.
    NotAFile,
}

/// What sits at a record's path.
enum Existing {
    Text(String),
    NotAFile,
}

/// Reads an existing record without following a link, and at most a little more than
/// any record the tool writes (a larger file was not written by it; it is kept).
fn read_record(path: &Path) -> Result<Option<Existing>> {
    use std::io::Read;
    let meta = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(path, e)),
        Ok(m) => m,
    };
    if !meta.is_file() {
        return Ok(Some(Existing::NotAFile));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_RECORD_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| Error::io(path, e))?;
    Ok(Some(Existing::Text(
        String::from_utf8_lossy(&bytes).into_owned(),
    )))
}

/// Larger than any record the tool writes (names and texts are capped by the schema).
const MAX_RECORD_BYTES: u64 = 4 * 1024 * 1024;

/// Writes one record per decision into `dir`, never over an edited file.
pub fn write_all(ctx: &Ctx, dir: &Path) -> Result<Vec<(PathBuf, Written)>> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::input(format!("cannot create folder {}: {e}", dir.display())))?;
    let mut out = Vec::new();
    // System-wide records, then one per differing per-component decision.
    let mut texts: Vec<(PathBuf, String)> = Vec::new();
    for (i, d) in ctx.a.decisions.iter().enumerate() {
        let path = dir.join(file_name(i + 1, &d.topic));
        texts.push((path, with_marker(&markdown(&record(ctx, d, i + 1, true)))));
    }
    let parts = super::sections::component_records(ctx);
    for (index, d) in &parts {
        let n = texts.len() + 1;
        let Some(pctx) = ctx.part(*index) else {
            continue;
        };
        let who = d.title.rsplit(" — ").next().unwrap_or_default();
        let slug = crate::report::doc::slug(&format!("{} {who}", d.topic));
        let path = dir.join(file_name(n, &slug));
        texts.push((path, with_marker(&markdown(&record(pctx, d, n, true)))));
    }
    for (path, text) in texts {
        let status = match read_record(&path)? {
            None => {
                crate::output::write_atomic(&path, text.as_bytes(), false)?;
                Written::Created
            }
            Some(Existing::NotAFile) => Written::NotAFile,
            Some(Existing::Text(old)) => {
                if !untouched(&old) {
                    Written::Kept
                } else if old.replace("\r\n", "\n") == text {
                    Written::Unchanged
                } else {
                    crate::output::write_atomic(&path, text.as_bytes(), true)?;
                    Written::Updated
                }
            }
        };
        out.push((path, status));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_detects_any_edit() {
        let text = with_marker("# Title\n\nBody.\n");
        assert!(untouched(&text));
        assert!(untouched(&text.replace('\n', "\r\n")));
        assert!(!untouched(&text.replace("Body", "Bodies")));
        assert!(!untouched(&format!("{text}extra\n")));
        assert!(!untouched("# Title\n\nBody.\n"));
    }

    #[test]
    fn lower_first_keeps_acronyms() {
        assert_eq!(lower_first("Cache always fresh"), "cache always fresh");
        assert_eq!(lower_first("ACID transactions"), "ACID transactions");
    }
}
