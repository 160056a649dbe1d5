//! `tradeoff report` and `tradeoff adr`: snapshots of every example's report, byte-for-byte
//! determinism, every section and one record per topic, escaping of hostile text in
//! Markdown and HTML, Mermaid diagrams (structure always; Mermaid's own parser when
//! `scripts/mermaid/node_modules` is installed), and records that are never clobbered.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use tradeoff::report::diagram::{Diagram, Edge, Node, Shape};
use tradeoff::report::{self, Options};
use tradeoff::requirements::{parse_requirements, parse_requirements_str, Requirements};
use tradeoff::rules::Rulebook;

const HOSTILE: &str = r#"
name: "<script>alert('x')</script> | `tick` \"q\" *b* _i_ [l](javascript:alert(1)) ~~s~~ $m$ &amp; # h"
description: "- a list? | a <img src=x onerror=alert(1)> and ``` fences ```\n1. second line"
scale: {users: 2M, peak_rps: 20k}
team: {languages: ["rust|go", "<b>c</b>", "`x`", "a\"b"]}
dependencies: {external: 3}
realtime: {needs: [two-way, third-party-events]}
"#;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn examples() -> Vec<(String, Requirements)> {
    let mut out: Vec<_> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            let (_, req) = parse_requirements(&p).unwrap();
            (p.file_stem().unwrap().to_string_lossy().to_string(), req)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn hostile() -> Requirements {
    parse_requirements_str("hostile.yaml", HOSTILE).unwrap()
}

fn markdown(book: &Rulebook, req: &Requirements) -> String {
    report::markdown(book, req, &Options::default())
}

fn html(book: &Rulebook, req: &Requirements) -> String {
    report::html::render(&report::build(book, req, &Options::default(), Vec::new()))
}

fn tradeoff(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tradeoff"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// The Mermaid blocks of a Markdown document.
fn mermaid_blocks(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in md.lines() {
        match &mut current {
            None if line == "```mermaid" => current = Some(String::new()),
            Some(block) if line == "```" => {
                out.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    out
}

#[test]
fn report_snapshots() {
    let book = Rulebook::bundled().unwrap();
    for (name, req) in examples() {
        insta::assert_snapshot!(name.as_str(), markdown(&book, &req));
    }
}

#[test]
fn every_report_has_every_section_and_one_record_per_topic() {
    let book = Rulebook::bundled().unwrap();
    for (name, req) in examples() {
        let md = markdown(&book, &req);
        for s in [
            "## Summary",
            "## Architecture",
            "## Capacity plan",
            "## Risks",
            "## Open questions",
            "## What changes the design",
            "### Flip points that matter",
            "### Growth to 10× and 100×",
            "## Appendix: decision records",
            "## Appendix: requirements, figures and further risks",
            "### Derived figures",
            "### Planning figures",
            "## References",
        ] {
            assert!(md.contains(&format!("\n{s}\n")), "{name}: no `{s}`");
        }
        let records = md.lines().filter(|l| l.starts_with("### ADR-")).count();
        let expected = expected_records(&book, &req);
        assert_eq!(records, expected, "{name}");
        for part in [
            "#### Context and Problem Statement",
            "#### Decision Drivers",
            "#### Considered Options",
            "#### Decision Outcome",
            "##### Consequences",
            "#### Why Not the Alternatives",
            "#### More Information",
        ] {
            let n = md.lines().filter(|l| *l == part).count();
            assert_eq!(n, expected, "{name}: {part}");
        }
        // The records come after the main document.
        let main = report::main_part(&md);
        assert!(!main.contains("### ADR-"), "{name}");
        assert_eq!(mermaid_blocks(&md).len(), 1, "{name}");
        assert!(md.contains("](docs/wiki/system-design-fundamentals.md#"));
        assert!(md.ends_with('\n') && !md.ends_with("\n\n"), "{name}");
    }
}

/// The main document (before the appendices) is a ten-minute read for every example.
#[test]
fn the_main_document_fits_the_word_budget() {
    const BUDGET: usize = 3_000;
    let book = Rulebook::bundled().unwrap();
    for (name, req) in examples() {
        let md = markdown(&book, &req);
        let main = report::main_part(&md);
        let n = report::words(main);
        assert!(
            n <= BUDGET,
            "{name}: the main document has {n} words, over {BUDGET}"
        );
        assert!(n >= 500, "{name}: only {n} words; is the document empty?");
    }
    assert_eq!(report::words("| a | --- | b-c |\n- x 2"), 4);
}

#[test]
fn records_can_be_left_to_tradeoff_adr() {
    let book = Rulebook::bundled().unwrap();
    let (_, req) = parse_requirements(&root().join("examples/ecommerce.yaml")).unwrap();
    let opts = Options {
        records: report::Records::None,
        ..Options::default()
    };
    let md = report::markdown(&book, &req, &opts);
    assert!(!md.contains("ADR-0001"));
    assert!(!md.contains("## Appendix: decision records"));
    assert!(md.contains("## Appendix: requirements, figures and further risks"));
    assert!(
        !md.contains("(#adr-"),
        "no link to a record that is not there"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = root().join("examples/ecommerce.yaml");
    let o = tradeoff(
        &["report", file.to_str().unwrap(), "--records", "none"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with("# Design review: shop") && !out.contains("ADR-0001"));
}

/// Risks are specific: each rests on a requirement, figure or decision of this system and
/// states its figures (no placeholder left), at most ten are in the main document, ranked by
/// impact × likelihood, and an option's generic disadvantages are not among them.
#[test]
fn risks_are_specific_ranked_and_tied_to_figures() {
    let book = Rulebook::bundled().unwrap();
    assert!(book.risks.len() >= 20, "{}", book.risks.len());
    for r in &book.risks {
        let named: Vec<&str> = tradeoff::engine::describe::placeholders(&r.text).collect();
        assert!(!named.is_empty(), "{}: the text states no figure", r.id);
    }
    for (name, req) in examples() {
        let ctx = report::context::Ctx::new(&book, &req, Options::default());
        let risks = report::risks::rank(report::risks::collect(&ctx));
        for w in risks.windows(2) {
            assert!(w[0].score() >= w[1].score(), "{name}: not ranked");
        }
        for r in &risks {
            assert!(!r.basis.is_empty(), "{name}: {} rests on nothing", r.id);
            assert!(!r.text.contains('{'), "{name}: {}: {}", r.id, r.text);
            for d in &ctx.a.decisions {
                let option = ctx.topic(&d.topic).unwrap().option(&d.choice).unwrap();
                for bad in &option.disadvantages {
                    assert!(!r.text.contains(bad.as_str()), "{name}: generic: {bad}");
                }
            }
        }
        let md = markdown(&book, &req);
        let main = report::main_part(&md);
        let rows = main
            .lines()
            .filter(|l| {
                l.strip_prefix("| R")
                    .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
            })
            .count();
        assert_eq!(rows, risks.len().min(report::risks::TOP), "{name}");
    }
    // The shop: stock under spikes, PCI scope, data past one node; what the design
    // already answers (idempotency keys, an outbox, sagas, several zones) is no risk.
    let (_, req) = parse_requirements(&root().join("tests/fixtures/ecommerce-whole.yaml")).unwrap();
    let ctx = report::context::Ctx::new(&book, &req, Options::default());
    let ids: Vec<String> = report::risks::rank(report::risks::collect(&ctx))
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids[0], "overselling-under-spikes");
    for id in [
        "pci-dss-scope",
        "data-outgrows-one-database-node",
        "session-store-single-point-of-failure",
    ] {
        assert!(
            ids.iter().take(10).any(|i| i == id),
            "{id} not in the top ten: {ids:?}"
        );
    }
    assert!(ctx.has("data-integrity", "idempotency-keys"));
    for answered in [
        "payment-calls-not-idempotent",
        "lost-messages-between-database-and-broker",
        "atomic-writes-across-services",
        "one-availability-zone",
    ] {
        assert!(!ids.iter().any(|i| i == answered), "{answered}: {ids:?}");
    }
    // Without the idempotency keys the payment risk comes first.
    let mut facts = ctx.facts.clone();
    facts.set(
        "design.data-integrity",
        tradeoff::facts::FactValue::List(vec!["local-transactions".into()]),
    );
    let payment = book
        .risks
        .iter()
        .find(|r| r.id == "payment-calls-not-idempotent")
        .unwrap();
    assert!(payment.when.eval(&facts));
    // A read load that fits on the primary needs no replica reads, so no lag risk.
    assert!(!ids
        .iter()
        .any(|i| i == "replica-lag-breaks-read-your-writes"));
}

/// The capacity plan and the growth section follow the capacity model.
#[test]
fn capacity_plan_and_growth_follow_the_capacity_model() {
    let book = Rulebook::bundled().unwrap();
    let (_, req) = parse_requirements(&root().join("tests/fixtures/ecommerce-whole.yaml")).unwrap();
    let md = markdown(&book, &req);
    let main = report::main_part(&md);
    // 3,000 requests/s at 500 per instance; 40 % a year for three years.
    assert!(main.contains("| app instances (peak load) | 6 | 9 | 17 | 3 years: ⌈8,232 requests/s ÷ 500 per machine⌉ |"));
    assert!(main.contains("| data (one copy) | 600 GB | 840 GB | 1.3 TB |"));
    assert!(main.contains("| servers in total | 11 | 15 | 25 |"));
    assert!(main.contains("peak bandwidth out of the app tier | 90 MB/s"));
    // One primary holds 1 TB comfortably: 600 GB at 20 GB a month lasts 20 months.
    assert!(main.contains("**Runs out first:** database nodes for data size, at 1.7× of today's volume (in about 20 months)"));
    assert!(main.contains("**Database Replication vs Sharding** moves from Replication"));
    assert!(main.contains("`derived.write_load_3y` = 131.72 %"));
    assert!(main.contains("**At 100×**: no decision changes"));
    assert!(main.contains("doubles with every tenfold growth (50 in 8 at 10×, 100 in 16 at 100×)"));
    assert!(main.contains("Single points of failure to design out: the database primary"));
    // No placeholder is left unfilled anywhere.
    for (name, req) in examples() {
        let md = markdown(&book, &req);
        assert!(!md.contains("{derived."), "{name}");
        assert!(!md.contains("{scale."), "{name}");
    }
}

/// With components, the capacity plan lists the shared tiers then each part's data tiers
/// as its decisions make them, the servers in total count the same lines in every
/// column, risks resting on a per-part decision are judged and named per part, and the
/// answers show what the file says beside what the system-wide topics were decided on.
#[test]
fn component_reports_plan_and_judge_each_part() {
    let book = Rulebook::bundled().unwrap();
    let (_, req) = parse_requirements(&root().join("examples/ecommerce.yaml")).unwrap();
    let md = markdown(&book, &req);
    let main = report::main_part(&md);
    // Shared tier first, then parts: a key-value cart in partitions, media in object storage.
    assert!(main.contains("| app instances (peak load) | 6 | 9 | 17 |"));
    assert!(
        main.contains("| cart: key-value partitions for writes |"),
        "{main}"
    );
    assert!(main.contains("| media: object storage for the data |"));
    assert!(main.contains("| catalog: cache memory for the hot set | 30 GB (1 node) |"));
    assert!(!main.contains("| cart: cache memory"));
    // 17 app + 3 databases with a replica each + 2 catalog cache nodes in three years.
    assert!(
        main.contains("| servers in total | 13 | 16 | 25 | 3 years: 17 app + 6 database"),
        "{main}"
    );
    // Risks: per part where they rest on a part's decision; none about blobs in a database
    // or a primary in a managed key-value store.
    assert!(main.contains(
        "**catalog, orders: Schema changes on a large database without downtime.** In catalog: "
    ));
    assert!(!main.contains("media: Data outgrows one database node"));
    assert!(!main.contains("cart: Writes stop while the database primary fails over"));
    assert!(md.contains("p99: 250 ms (system-wide decisions use 100 ms, from its parts)"));
    // The diagram draws each part's database with its own figures; files in object storage.
    assert!(md.contains("dbc[(\"orders: SQL (relational database)<br/>732 GB in 3 years<br/>synchronous replicas: current\")]"), "{md}");
    assert!(
        md.contains("media: SQL (relational database)<br/>metadata; the files in object storage")
    );
    // The growth table plans each part too.
    assert!(md.contains("| orders: database nodes for data size | 1 | 3 | 30 |"));
}

/// A write-behind cache alone (write-heavy telemetry) is a write buffer: the plan sizes
/// no hot set for it and the diagram does not draw one; a read cache still gets one.
#[test]
fn a_write_buffer_is_not_sized_as_a_hot_set() {
    let book = Rulebook::bundled().unwrap();
    let (_, iot) = parse_requirements(&root().join("examples/iot-telemetry.yaml")).unwrap();
    let a = tradeoff::engine::evaluate(&book, &iot);
    let caching = a.decisions.iter().find(|d| d.topic == "caching").unwrap();
    assert_eq!(caching.choice, "write-behind");
    assert!(!a.capacity.iter().any(|l| l.id == "cache-memory"));
    let md = markdown(&book, &iot);
    assert!(
        md.contains("a write buffer, sized by the write rate"),
        "{md}"
    );
    assert!(md.contains("A write buffer, not a hot set - 57,000 writes/s at peak"));
    let (_, shop) =
        parse_requirements(&root().join("tests/fixtures/ecommerce-whole.yaml")).unwrap();
    let a = tradeoff::engine::evaluate(&book, &shop);
    assert!(a.capacity.iter().any(|l| l.id == "cache-memory"));
}

/// Flip points in the main document are plausible: no 100 % read share, no tenfold load.
#[test]
fn flip_points_that_matter_are_plausible() {
    let book = Rulebook::bundled().unwrap();
    for (name, req) in examples() {
        let md = markdown(&book, &req);
        let main = report::main_part(&md);
        let part = main
            .split("### Flip points that matter")
            .nth(1)
            .unwrap()
            .split("### Growth")
            .next()
            .unwrap();
        assert!(
            part.lines().filter(|l| l.starts_with("- ")).count() <= 8,
            "{name}"
        );
        assert!(!part.contains("at least 100 %"), "{name}");
        assert!(!part.contains("(assumed)"), "{name}");
    }
}

/// The diagram is a sensible architecture: a registry only between services, sign-in
/// and rate limits where traffic entry puts them, data copies labelled with their
/// consistency, third parties outside the compliance boundary.
#[test]
fn diagrams_draw_a_sensible_architecture() {
    let book = Rulebook::bundled().unwrap();
    for (name, req) in examples() {
        let ctx = report::context::Ctx::new(&book, &req, Options::default());
        let d = report::diagram::build(&ctx);
        let node = |id: &str| d.nodes.iter().find(|n| n.id == id);
        let text = |id: &str| node(id).map(|n| n.lines.join(" | ")).unwrap_or_default();
        if ctx.choice("architecture") != "microservices" {
            assert!(
                node("registry").is_none(),
                "{name}: a registry without services"
            );
        }
        let limits = ctx.choice("rate-limiting") != "none";
        if node("gateway").is_some() {
            assert!(
                !text("lb").contains("sign-in") && !text("app").contains("sign-in"),
                "{name}"
            );
            assert!(!limits || text("gateway").contains("rate limits"), "{name}");
        } else {
            assert!(text("app").contains("sign-in"), "{name}: {}", text("app"));
            assert!(!text("lb").contains("rate limits"), "{name}");
        }
        if let Some(r) = node("replicas") {
            let l = r.lines.join(" ");
            assert!(
                l.contains("failover only") || l.contains("lag") || l.contains("current"),
                "{name}: {l}"
            );
            let reads = d
                .edges
                .iter()
                .any(|e| e.from == "app" && e.to == "replicas");
            assert_eq!(reads, !l.contains("failover only"), "{name}");
            let mode = d
                .edges
                .iter()
                .find(|e| e.to == "replicas" && e.from == "db")
                .unwrap();
            assert!(mode.label.ends_with("synchronous replication"), "{name}");
        }
        match &d.boundary {
            Some(b) => {
                for outside in ["clients", "cdn", "ext", "push", "hooks"] {
                    assert!(!b.members.contains(&outside), "{name}: {outside} in scope");
                }
                // The data tier: one database, or one per part of a system with components.
                let data = b.members.iter().any(|m| m.starts_with("db"));
                assert!(b.members.contains(&"app") && data, "{name}");
            }
            None => assert!(!md_has_compliance(&ctx), "{name}: no boundary"),
        }
    }
}

fn md_has_compliance(ctx: &report::context::Ctx) -> bool {
    matches!(ctx.facts.get("security.compliance"), Some(tradeoff::facts::FactValue::List(l)) if !l.is_empty())
}

/// HTML draws the diagram as inline SVG from the same graph: every node's first line is
/// in it, nothing is fetched or run, and it is the same bytes every time.
#[test]
fn html_draws_the_diagram_as_inline_svg() {
    let book = Rulebook::bundled().unwrap();
    for (name, req) in examples() {
        let ctx = report::context::Ctx::new(&book, &req, Options::default());
        let d = report::diagram::build(&ctx);
        let page = html(&book, &req);
        let svg = &page[page.find("<svg").unwrap()..page.find("</svg>").unwrap()];
        for n in &d.nodes {
            let first = tradeoff::report::html::esc(n.lines[0].split(' ').next().unwrap());
            assert!(svg.contains(&first), "{name}: {} not drawn", n.id);
        }
        assert!(svg.matches("<text").count() >= d.nodes.len(), "{name}");
        for bad in [
            "url(",
            "href",
            "<script",
            "<image",
            "<foreignObject",
            "xlink",
        ] {
            assert!(!svg.contains(bad), "{name}: {bad}");
        }
        assert_eq!(report::svg::render(&d, "x"), report::svg::render(&d, "x"));
    }
}

#[test]
fn reports_are_deterministic_and_date_free_unless_asked() {
    let book = Rulebook::bundled().unwrap();
    for (name, req) in examples()
        .into_iter()
        .chain([("hostile".into(), hostile())])
    {
        assert_eq!(markdown(&book, &req), markdown(&book, &req), "{name}");
        assert_eq!(html(&book, &req), html(&book, &req), "{name}");
    }
    let dir = tempfile::tempdir().unwrap();
    let file = root().join("examples/chat-app.yaml");
    let file = file.to_str().unwrap();
    for out in ["a.md", "b.md"] {
        let o = tradeoff(&["report", file, "-o", out], dir.path());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let a = std::fs::read(dir.path().join("a.md")).unwrap();
    assert_eq!(a, std::fs::read(dir.path().join("b.md")).unwrap());
    assert!(!String::from_utf8_lossy(&a).contains("Date:"));
    let o = tradeoff(&["report", file, "--date", "2030-01-31"], dir.path());
    assert!(String::from_utf8_lossy(&o.stdout).contains("Date: 2030-01-31."));
}

#[test]
fn report_writes_atomically_and_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let file = root().join("examples/internal-tool.yaml");
    let file = file.to_str().unwrap();
    let o = tradeoff(&["report", file, "-o", "r.md"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let o = tradeoff(
        &["report", file, "-o", "r.md", "--format", "html"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert!(std::fs::read_to_string(dir.path().join("r.md"))
        .unwrap()
        .starts_with("# Design review: "));
    let o = tradeoff(
        &["report", file, "-o", "r.md", "--format", "html", "--force"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(dir.path().join("r.md")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    let o = tradeoff(&["report", file, "-o", "."], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is a folder"), "{}", stderr(&o));
    // Nothing but the report is left in the folder (no temp files).
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

/// Every table row has exactly as many unescaped pipes as its header.
fn tables_hold_together(md: &str) {
    let mut columns = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            columns = None;
            continue;
        }
        let mut pipes = 0;
        let mut escaped = false;
        for c in line.chars() {
            match c {
                '\\' if !escaped => escaped = true,
                '|' if !escaped => pipes += 1,
                _ => escaped = false,
            }
            if c != '\\' {
                escaped = false;
            }
        }
        match columns {
            None => columns = Some(pipes),
            Some(n) => assert_eq!(n, pipes, "broken table row: {line}"),
        }
    }
}

/// `<` that GitHub could read as HTML: not escaped, outside the diagram's fence.
fn unescaped_angles(md: &str) -> usize {
    let mut fenced = false;
    let mut n = 0;
    for line in md.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            n += line
                .match_indices('<')
                .filter(|(i, _)| !line[..*i].ends_with('\\'))
                .count();
        }
    }
    n
}

#[test]
fn hostile_text_is_escaped_in_markdown() {
    let book = Rulebook::bundled().unwrap();
    let md = markdown(&book, &hostile());
    tables_hold_together(&md);
    for (name, req) in examples() {
        let md = markdown(&book, &req);
        tables_hold_together(&md);
        assert_eq!(unescaped_angles(&md), 0, "{name}");
    }
    assert!(md.starts_with("# Design review: \\<script\\>alert('x')\\</script\\> \\| \\`tick\\`"));
    assert_eq!(unescaped_angles(&md), 0);
    assert!(md.contains("\\[l\\](javascript:alert(1))") && !md.contains("[l]("));
    assert!(md.contains("languages: rust\\|go, \\<b\\>c\\</b\\>, \\`x\\`"));
    // The description stays one paragraph: no list, no fence.
    assert!(md.contains("\n*- a list? \\| a \\<img src=x onerror=alert(1)\\> and \\`\\`\\` fences \\`\\`\\` 1. second line*\n"));
    assert_eq!(md.matches("```").count(), 2, "only the diagram's fence");
}

#[test]
fn hostile_text_is_escaped_in_html() {
    let book = Rulebook::bundled().unwrap();
    let page = html(&book, &hostile());
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(page.contains(
        "<title>Design review: &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; | `tick` &quot;q&quot;"
    ));
    assert!(page.contains("rust|go, &lt;b&gt;c&lt;/b&gt;, `x`, a&quot;b"));
    // Self-contained: no script, no external resource.
    for bad in ["<script", "<img", "<b>", "<link", "@import", "url("] {
        assert!(!page.contains(bad), "found {bad}");
    }
    let allowed = [
        "html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "h4", "h5",
        "h6", "p", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "strong", "em",
        "code", "a", "pre", "details", "summary", "div", "span", "figure", "svg", "g", "rect",
        "path", "text",
    ];
    for (i, _) in page.match_indices('<') {
        let rest = &page[i + 1..];
        if rest.starts_with("!DOCTYPE html>") {
            continue;
        }
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(
            allowed.contains(&name.as_str()),
            "unexpected tag <{name} at {i}"
        );
    }
    for (name, req) in examples() {
        assert!(!html(&book, &req).contains("<script"), "{name}");
    }
}

/// The statements a Mermaid flowchart may hold as written by the report: quoted node
/// labels, arrows between declared ids, quoted edge labels; no quote inside a label.
fn check_structure(source: &str) {
    let mut lines = source.lines();
    assert_eq!(lines.next(), Some("flowchart TD"));
    let mut ids = std::collections::BTreeSet::new();
    let shapes = [
        ("([", "])"),
        ("[(", ")]"),
        ("{{", "}}"),
        ("[[", "]]"),
        ("[", "]"),
        ("(", ")"),
    ];
    let mut open = false;
    for line in lines {
        if line == "  end" {
            assert!(open, "end without subgraph");
            open = false;
            continue;
        }
        if let Some(rest) = line.strip_prefix("  subgraph scope[\"") {
            assert!(!open, "nested subgraph");
            let label = rest.strip_suffix("\"]").expect("quoted subgraph label");
            assert!(!label.contains('"') && !label.is_empty(), "{line}");
            open = true;
            continue;
        }
        let s = line.strip_prefix("  ").expect("indented statement");
        let s = if open {
            s.strip_prefix("  ").expect("node inside the subgraph")
        } else {
            s
        };
        let id: String = s.chars().take_while(|c| c.is_ascii_lowercase()).collect();
        assert!(!id.is_empty() && id != "end", "{line}");
        let rest = &s[id.len()..];
        if let Some(shape) = shapes
            .iter()
            .find(|(o, _)| rest.starts_with(&format!("{o}\"")))
        {
            let inner = rest
                .strip_prefix(shape.0)
                .and_then(|r| r.strip_suffix(shape.1))
                .unwrap_or_else(|| panic!("bad node: {line}"));
            let label = inner.strip_prefix('"').and_then(|r| r.strip_suffix('"'));
            let label = label.unwrap_or_else(|| panic!("unquoted label: {line}"));
            assert!(!label.contains('"') && !label.is_empty(), "{line}");
            assert!(ids.insert(id.clone()), "duplicate id {id}");
            continue;
        }
        let rest = rest.strip_prefix(' ').unwrap_or_else(|| panic!("{line}"));
        let arrow: String = rest.chars().take_while(|c| "<-.>".contains(*c)).collect();
        assert!(
            ["-->", "-.->", "<-->", "<-.->"].contains(&arrow.as_str()),
            "{line}"
        );
        let rest = &rest[arrow.len()..];
        let target = match rest.strip_prefix("|\"") {
            Some(labelled) => {
                let (label, target) = labelled.split_once("\"| ").unwrap();
                assert!(!label.contains('"') && !label.is_empty(), "{line}");
                target
            }
            None => rest.strip_prefix(' ').unwrap_or_else(|| panic!("{line}")),
        };
        assert!(ids.contains(&id), "edge from undeclared {id}: {line}");
        assert!(ids.contains(target), "edge to undeclared {target}: {line}");
    }
}

fn hostile_diagram() -> Diagram {
    let bad = "x\" ] ) } | <b>&amp;</b> #quot; `q` ; --> end\nnew line";
    let node = |id, shape, tier| Node {
        id,
        lines: vec![bad.into(), "second".into()],
        shape,
        tier,
    };
    Diagram {
        nodes: vec![
            node("clients", Shape::Stadium, 0),
            node("cdn", Shape::Hexagon, 1),
            node("app", Shape::Box, 3),
            node("queue", Shape::Queue, 4),
            node("cache", Shape::Round, 4),
            node("db", Shape::Cylinder, 5),
        ],
        edges: ["clients", "cdn", "app", "queue", "cache"]
            .iter()
            .zip(["cdn", "app", "queue", "cache", "db"])
            .enumerate()
            .map(|(i, (from, to))| Edge {
                from,
                to,
                label: if i % 2 == 0 {
                    bad.into()
                } else {
                    String::new()
                },
                dashed: i % 2 == 1,
                both_ways: i == 2,
            })
            .collect(),
        boundary: Some(tradeoff::report::diagram::Boundary {
            label: bad.into(),
            members: vec!["app", "queue"],
        }),
    }
}

/// Every diagram the tests know: each example's, the hostile requirements', and one
/// drawn with hostile labels.
fn all_diagrams(book: &Rulebook) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = examples()
        .into_iter()
        .chain([("hostile".into(), hostile())])
        .map(|(name, req)| {
            let md = markdown(book, &req);
            (name, mermaid_blocks(&md).remove(0))
        })
        .collect();
    out.push(("hostile-labels".into(), hostile_diagram().mermaid()));
    out
}

#[test]
fn diagrams_are_well_formed_flowcharts() {
    let book = Rulebook::bundled().unwrap();
    for (name, source) in all_diagrams(&book) {
        check_structure(&source);
        assert!(source.contains("clients"), "{name}");
    }
}

/// A test that cannot run says so past the harness's capture (where a user sees it)
/// and fails under CI, where every test must run.
fn skip(reason: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED {reason}");
    let ci = std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "false" | "0"));
    assert!(!ci, "CI=true: {reason}");
}

/// Mermaid's own parser, when `npm ci --prefix scripts/mermaid` has been run; CI runs
/// `scripts/mermaid-check.sh` as well, which does not skip.
#[test]
fn diagrams_parse_with_mermaid() {
    let checker = root().join("scripts/mermaid");
    if !checker.join("node_modules/mermaid").is_dir() {
        skip("diagrams_parse_with_mermaid: scripts/mermaid/node_modules is missing (run `npm ci --prefix scripts/mermaid`)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let book = Rulebook::bundled().unwrap();
    let files: Vec<String> = all_diagrams(&book)
        .into_iter()
        .map(|(name, source)| {
            let p = dir.path().join(format!("{name}.mmd"));
            std::fs::write(&p, source).unwrap();
            p.to_string_lossy().to_string()
        })
        .collect();
    let o = match Command::new("node")
        .arg(checker.join("check.mjs"))
        .args(&files)
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            skip(&format!(
                "diagrams_parse_with_mermaid: cannot run node ({e})"
            ));
            return;
        }
    };
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        stderr(&o)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains(&format!("{0} of {0}", files.len())));
}

#[test]
fn lint_findings_join_the_risks_ranked_first() {
    let book = Rulebook::bundled().unwrap();
    let (_, req) = parse_requirements(&root().join("tests/fixtures/ecommerce-whole.yaml")).unwrap();
    let lint = report::Risk {
        title: "A contradiction".into(),
        impact: report::Level::High,
        likelihood: report::Level::High,
        origin: "lint".into(),
        id: "x".into(),
        basis: Vec::new(),
        text: "A lint finding.".into(),
        mitigation: "Fix it.".into(),
        source: None,
    };
    let md = tradeoff::report::doc::markdown(&report::build(
        &book,
        &req,
        &Options::default(),
        vec![lint],
    ));
    assert!(md.contains(
        "| R1 | **A contradiction.** A lint finding. | **high** | **high** |  | Fix it. |"
    ));
}

#[test]
fn evolution_matches_the_engine_at_10x_and_100x() {
    let book = Rulebook::bundled().unwrap();
    for (name, req) in examples() {
        let ctx = report::context::Ctx::new(&book, &req, Options::default());
        let changes = report::evolution::changes(&ctx);
        for factor in [10.0, 100.0] {
            let scaled = report::evolution::scaled(&ctx, factor);
            let at = tradeoff::engine::evaluate(&book, &scaled);
            for d in &ctx.a.decisions {
                let now = at.decisions.iter().find(|x| x.topic == d.topic).unwrap();
                let changed = now.choice != d.choice || {
                    let (mut a, mut b) = (now.also.clone(), d.also.clone());
                    a.sort();
                    b.sort();
                    a != b
                };
                let reported = changes
                    .iter()
                    .any(|c| c.topic == d.topic && c.factor <= factor);
                // A change at 10x or 100x is always reported on the way there.
                assert!(!changed || reported, "{name}: {} at {factor}x", d.topic);
            }
        }
        let s = report::evolution::scaled(&ctx, 10.0).scale.unwrap();
        let users = ctx
            .facts
            .get("scale.users")
            .and_then(|v| v.as_num())
            .unwrap();
        assert_eq!(s.users.unwrap().0, users * 10.0, "{name}");
    }
}

/// One record per system-wide topic, plus one per distinct choice of each
/// per-component topic among the components.
fn expected_records(book: &Rulebook, req: &tradeoff::requirements::Requirements) -> usize {
    let a = tradeoff::engine::evaluate(book, req);
    let mut n = a.decisions.len();
    for d in a.components.first().map_or(&[][..], |c| &c.decisions[..]) {
        let mut seen: Vec<(String, Vec<String>)> = Vec::new();
        for c in &a.components {
            if let Some(x) = c.decisions.iter().find(|x| x.topic == d.topic) {
                let key = (x.choice.clone(), x.also.clone());
                if !seen.contains(&key) {
                    seen.push(key);
                }
            }
        }
        n += seen.len();
    }
    n
}

#[test]
fn components_get_a_grid_and_one_record_per_differing_decision() {
    let book = Rulebook::bundled().unwrap();
    let (_, req) = parse_requirements(&root().join("examples/ecommerce.yaml")).unwrap();
    let md = markdown(&book, &req);
    let main = report::main_part(&md);
    assert!(main.contains("\n## Components\n"));
    assert!(main.contains(
        "| Topic | catalog (60 %) | cart (15 %) | orders (15 %) | payments (5 %) | media (5 %) |"
    ));
    assert!(md.contains(": Caching Strategies — catalog\n"));
    assert!(md.contains(": Consistency Patterns (CAP Theorem) — orders, payments\n"));
    // A component's record is explained from its own facts.
    let cart = md
        .split("### ADR-")
        .find(|r| {
            r.starts_with(|c: char| c.is_ascii_digit())
                && r.contains("SQL vs NoSQL Databases — cart")
        })
        .expect("a database record for the cart");
    assert!(cart.contains("`data.shape` = key-value"), "{cart}");
    let dir = tempfile::tempdir().unwrap();
    let o = adr(dir.path(), "ecommerce.yaml");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let names: Vec<String> = std::fs::read_dir(dir.path().join("adr"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(names.len(), expected_records(&book, &req));
    assert!(
        names.iter().any(|n| n.ends_with("-database-cart.md")),
        "{names:?}"
    );
}

fn adr(dir: &Path, file: &str) -> Output {
    let file = if file.contains('/') {
        root().join(file)
    } else {
        root().join("examples").join(file)
    };
    tradeoff(&["adr", file.to_str().unwrap(), "-o", "adr"], dir)
}

#[test]
fn adr_writes_numbered_records_and_never_clobbers_an_edited_one() {
    let topics = Rulebook::bundled().unwrap().topics.len();
    let dir = tempfile::tempdir().unwrap();
    let o = adr(dir.path(), "tests/fixtures/ecommerce-whole.yaml");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let records = dir.path().join("adr");
    let mut names: Vec<String> = std::fs::read_dir(&records)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(names.len(), topics);
    assert_eq!(names[0], "0001-scaling.md");
    assert_eq!(names[13], "0014-caching.md");
    let caching = std::fs::read_to_string(records.join("0014-caching.md")).unwrap();
    assert!(caching.starts_with("---\nstatus: proposed\n---\n\n# Caching Strategies: "));
    for part in [
        "## Context and Problem Statement",
        "## Decision Drivers",
        "## Considered Options",
        "## Decision Outcome",
        "### Consequences",
        "## Why Not the Alternatives",
        "## Revisit When",
        "## More Information",
    ] {
        assert!(caching.contains(&format!("\n{part}\n")), "{part}");
    }

    // A second run changes nothing.
    let o = adr(dir.path(), "tests/fixtures/ecommerce-whole.yaml");
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert_eq!(
        out.lines().filter(|l| l.starts_with("unchanged")).count(),
        topics
    );

    // Someone edits one record, another file is not the tool's at all.
    let edited = records.join("0014-caching.md");
    let mine = caching.replace("Chosen option:", "We chose:");
    std::fs::write(&edited, &mine).unwrap();
    std::fs::write(
        records.join("0001-scaling.md"),
        "# Our own scaling record\n",
    )
    .unwrap();
    // Requirements that change the records: every untouched file is updated.
    let o = adr(dir.path(), "payments.yaml");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(out.contains("kept (edited; not overwritten)"), "{out}");
    assert!(stderr(&o).contains("2 decision record(s) changed since tradeoff wrote them"));
    assert!(stderr(&o).contains("0014-caching.md"));
    assert_eq!(std::fs::read_to_string(&edited).unwrap(), mine);
    assert_eq!(
        std::fs::read_to_string(records.join("0001-scaling.md")).unwrap(),
        "# Our own scaling record\n"
    );
    assert_eq!(
        out.lines().filter(|l| l.starts_with("updated")).count(),
        topics - 2
    );
}
