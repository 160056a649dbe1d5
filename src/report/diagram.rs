//! The architecture diagram: the components the decisions put in the picture, from the
//! clients through edge, entry, services, cache and messaging to the data tier, each
//! labelled with the chosen options' names. Written as a Mermaid flowchart (Markdown)
//! and laid out as tiers (HTML).
//!
//! This is the one place that knows which option draws which box; what each option
//! is called comes from the rules.

use super::context::Ctx;
use crate::facts::FactValue;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Stadium,
    Box,
    Round,
    Hexagon,
    Queue,
    Cylinder,
}

/// Tiers, top to bottom; a node's `tier` indexes this list.
pub const TIERS: [&str; 7] = [
    "Clients",
    "Edge",
    "Entry",
    "Services",
    "Cache, state and messaging",
    "Data",
    "Outside the system",
];

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Fixed ASCII id.
    pub id: &'static str,
    /// First line is the component, the rest its settings.
    pub lines: Vec<String>,
    pub shape: Shape,
    pub tier: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub from: &'static str,
    pub to: &'static str,
    pub label: String,
    pub dashed: bool,
    pub both_ways: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diagram {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

impl Diagram {
    fn node(&mut self, id: &'static str, tier: usize, shape: Shape, lines: Vec<String>) {
        self.nodes.push(Node {
            id,
            lines: lines.into_iter().filter(|l| !l.is_empty()).collect(),
            shape,
            tier,
        });
    }

    fn edge(&mut self, from: &'static str, to: &'static str, label: impl Into<String>) {
        self.push_edge(from, to, label, false, false);
    }

    fn dashed(&mut self, from: &'static str, to: &'static str, label: impl Into<String>) {
        self.push_edge(from, to, label, true, false);
    }

    fn push_edge(
        &mut self,
        from: &'static str,
        to: &'static str,
        label: impl Into<String>,
        dashed: bool,
        both_ways: bool,
    ) {
        self.edges.push(Edge {
            from,
            to,
            label: label.into(),
            dashed,
            both_ways,
        });
    }

    pub fn has(&self, id: &str) -> bool {
        self.nodes.iter().any(|n| n.id == id)
    }

    pub fn name_of(&self, id: &str) -> String {
        self.nodes
            .iter()
            .find(|n| n.id == id)
            .and_then(|n| n.lines.first().cloned())
            .unwrap_or_else(|| id.to_string())
    }

    /// Nodes grouped by tier, tiers in order, empty tiers left out.
    pub fn tiers(&self) -> Vec<(&'static str, Vec<&Node>)> {
        TIERS
            .iter()
            .enumerate()
            .map(|(i, name)| (*name, self.nodes.iter().filter(|n| n.tier == i).collect()))
            .filter(|(_, nodes): &(&str, Vec<&Node>)| !nodes.is_empty())
            .collect()
    }

    /// The Mermaid flowchart source, one statement per line, ending in a newline.
    pub fn mermaid(&self) -> String {
        let mut o = String::from("flowchart TD\n");
        for n in &self.nodes {
            let label = n
                .lines
                .iter()
                .map(|l| mermaid_text(l))
                .collect::<Vec<_>>()
                .join("<br/>");
            let (open, close) = match n.shape {
                Shape::Stadium => ("([", "])"),
                Shape::Box => ("[", "]"),
                Shape::Round => ("(", ")"),
                Shape::Hexagon => ("{{", "}}"),
                Shape::Queue => ("[[", "]]"),
                Shape::Cylinder => ("[(", ")]"),
            };
            o.push_str(&format!("  {}{open}\"{label}\"{close}\n", n.id));
        }
        for e in &self.edges {
            let arrow = match (e.dashed, e.both_ways) {
                (false, false) => "-->",
                (true, false) => "-.->",
                (false, true) => "<-->",
                (true, true) => "<-.->",
            };
            if e.label.is_empty() {
                o.push_str(&format!("  {} {arrow} {}\n", e.from, e.to));
            } else {
                o.push_str(&format!(
                    "  {} {arrow}|\"{}\"| {}\n",
                    e.from,
                    mermaid_text(&e.label),
                    e.to
                ));
            }
        }
        o
    }
}

/// Text inside a quoted Mermaid label: quotes, markup and entity starts become Mermaid
/// entity codes, so no label can end the string or inject HTML; `%` too, so no label
/// can hold a `%%{init: …}%%` directive (Mermaid honours those anywhere in the source).
pub fn mermaid_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            '%' => out.push_str("#37;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if crate::text::is_unsafe(c) => {}
            c => out.push(c),
        }
    }
    out
}

fn all_chosen(ctx: &Ctx, topic: &str, skip: &str) -> Vec<String> {
    ctx.decision(topic)
        .map(|d| {
            std::iter::once(d.choice.clone())
                .chain(d.also.iter().cloned())
                .filter(|o| o != skip)
                .map(|o| ctx.option_name(topic, &o))
                .collect()
        })
        .unwrap_or_default()
}

fn setting(name: &str, values: Vec<String>) -> String {
    if values.is_empty() {
        String::new()
    } else {
        format!("{name}: {}", values.join(" + "))
    }
}

pub fn build(ctx: &Ctx) -> Diagram {
    let mut d = Diagram::default();
    let kinds = match ctx.facts.get("clients.kinds") {
        Some(FactValue::List(l)) if !l.is_empty() => l.join(", "),
        _ => String::new(),
    };
    d.node("clients", 0, Shape::Stadium, vec!["Clients".into(), kinds]);

    // Edge: a CDN takes static assets and media; edge computing takes all traffic.
    let mut front = "clients";
    if ctx.has("edge", "cdn") {
        d.node(
            "cdn",
            1,
            Shape::Hexagon,
            vec![ctx.option_name("edge", "cdn")],
        );
        d.edge("clients", "cdn", "static assets");
    }
    if ctx.has("edge", "edge-computing") {
        let name = ctx.option_name("edge", "edge-computing");
        d.node("edge", 1, Shape::Hexagon, vec![name]);
        d.edge(front, "edge", "");
        front = "edge";
    }

    // Entry: a load balancer in front of gateway instances, the gateway before services.
    let limits = setting("rate limiting", all_chosen(ctx, "rate-limiting", "none"));
    let auth = setting("authentication", all_chosen(ctx, "authentication", ""));
    let mut entry: Vec<&'static str> = Vec::new();
    if ctx.has("traffic-entry", "load-balancer") {
        let name = ctx.option_name("traffic-entry", "load-balancer");
        d.node("lb", 2, Shape::Box, vec![name]);
        entry.push("lb");
    }
    if ctx.has("traffic-entry", "api-gateway") {
        let name = ctx.option_name("traffic-entry", "api-gateway");
        d.node(
            "gateway",
            2,
            Shape::Box,
            vec![name, limits.clone(), auth.clone()],
        );
        entry.push("gateway");
    } else if let Some(n) = d.nodes.iter_mut().find(|n| n.id == "lb") {
        n.lines.extend(
            [limits.clone(), auth.clone()]
                .into_iter()
                .filter(|l| !l.is_empty()),
        );
    }
    let protocol = all_chosen(ctx, "api-protocol", "").join(" + ");

    // Services.
    let architecture = ctx
        .decision("architecture")
        .map_or_else(|| "Application".to_string(), |x| x.choice_name.clone());
    let mut lines = vec![
        architecture,
        setting("scaling", all_chosen(ctx, "scaling", "")),
        setting("authorization", all_chosen(ctx, "authorization", "")),
        setting("deployment", all_chosen(ctx, "deployment", "")),
    ];
    if entry.is_empty() {
        lines.insert(1, limits);
        lines.insert(2, auth);
    }
    d.node("app", 3, Shape::Box, lines);
    let mut from = front;
    for (i, e) in entry.iter().enumerate() {
        d.edge(from, e, if i == 0 { protocol.as_str() } else { "" });
        from = e;
    }
    d.edge(
        from,
        "app",
        if entry.is_empty() {
            protocol.as_str()
        } else {
            ""
        },
    );
    let door = entry.first().copied().unwrap_or("app");

    let discovery = all_chosen(ctx, "service-discovery", "none");
    if !discovery.is_empty() {
        d.node(
            "registry",
            3,
            Shape::Round,
            vec!["Service registry".into(), discovery.join(" + ")],
        );
        d.dashed("app", "registry", "discovery");
    }

    // Real-time delivery to clients.
    for id in ["polling", "long-polling", "sse", "websockets"] {
        if ctx.has("realtime", id) {
            let name = ctx.option_name("realtime", id);
            let both = id == "websockets";
            d.push_edge("clients", door, name, true, both);
        }
    }

    // Cache, state and messaging.
    if ctx.choice("caching") != "none" && ctx.decision("caching").is_some() {
        let names = all_chosen(ctx, "caching", "none");
        d.node("cache", 4, Shape::Round, vec![names.join(" + ")]);
        d.edge("app", "cache", "");
    }
    if ctx.has("service-state", "stateless-external-state") {
        let name = ctx.option_name("service-state", "stateless-external-state");
        d.node("state", 4, Shape::Round, vec!["State store".into(), name]);
        d.edge("app", "state", "sessions");
    }
    let brokers: Vec<(&'static str, &str)> =
        [("queue", "message-queue"), ("stream", "event-streaming")]
            .into_iter()
            .filter(|(_, o)| ctx.has("messaging", o))
            .collect();
    let communication = all_chosen(ctx, "communication", "").join(" + ");
    for (id, option) in &brokers {
        d.node(
            id,
            4,
            Shape::Queue,
            vec![ctx.option_name("messaging", option)],
        );
        d.edge("app", id, communication.as_str());
    }
    if !brokers.is_empty() {
        d.node(
            "workers",
            3,
            Shape::Box,
            vec!["Workers and consumers".into()],
        );
        for (id, _) in &brokers {
            d.edge(id, "workers", "");
        }
    }

    // Data.
    let mut db = vec![ctx
        .decision("database")
        .map_or_else(|| "Database".to_string(), |x| x.choice_name.clone())];
    db.push(
        ctx.decision("data-distribution")
            .map_or_else(String::new, |x| ctx.design_name(x)),
    );
    if ctx.has("storage", "block") {
        db.push(format!("on {}", ctx.option_name("storage", "block")));
    }
    if let Some(x) = ctx.decision("indexing") {
        let ids: Vec<String> = std::iter::once(x.choice.clone())
            .chain(x.also.clone())
            .collect();
        db.push(format!("indexes: {}", ids.join(", ")));
    }
    d.node("db", 5, Shape::Cylinder, db);
    d.edge("app", "db", "");
    if d.has("workers") {
        d.edge("workers", "db", "");
    }
    let caching = ctx.choice("caching");
    if d.has("cache") && caching != "cache-aside" {
        d.dashed("cache", "db", ctx.option_name("caching", caching));
    }
    if ctx.has("data-distribution", "replication") {
        let name = ctx.option_name("data-distribution", "replication");
        d.node("replicas", 5, Shape::Cylinder, vec!["Read replicas".into()]);
        let consistency = all_chosen(ctx, "consistency", "").join(" + ");
        d.edge("db", "replicas", format!("{name}; {consistency}"));
        d.dashed("app", "replicas", "reads");
    }
    if ctx.has("storage", "object") {
        let name = ctx.option_name("storage", "object");
        d.node("objects", 5, Shape::Cylinder, vec![name]);
        d.edge("app", "objects", "");
        if d.has("cdn") {
            d.edge("cdn", "objects", "origin");
        }
    }
    if ctx.has("storage", "file") {
        let name = ctx.option_name("storage", "file");
        d.node("files", 5, Shape::Cylinder, vec![name]);
        d.edge("app", "files", "");
    }

    // Outside the system.
    if ctx.has("realtime", "push-notifications") {
        let name = ctx.option_name("realtime", "push-notifications");
        d.node("push", 6, Shape::Round, vec![name]);
        d.edge("app", "push", "");
        d.dashed("push", "clients", "");
    }
    if ctx.has("realtime", "webhooks") {
        let name = ctx.option_name("realtime", "webhooks");
        d.node("hooks", 6, Shape::Box, vec!["Third-party systems".into()]);
        d.edge("app", "hooks", name);
    }
    let external = ctx
        .facts
        .get("dependencies.external")
        .and_then(FactValue::as_num)
        .unwrap_or(0.0);
    if external > 0.0 {
        let label = format!(
            "External services ({})",
            crate::quantity::show_count(external)
        );
        d.node("ext", 6, Shape::Box, vec![label]);
        d.edge("app", "ext", all_chosen(ctx, "resilience", "").join(" + "));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_cannot_close_their_quotes() {
        assert_eq!(
            mermaid_text("a\"b<c>#d&`"),
            "a#quot;b#lt;c#gt;#35;d#amp;#96;"
        );
        assert_eq!(
            mermaid_text("%%{init: {'theme':'dark'}}%%\u{1b}"),
            "#37;#37;{init: {'theme':'dark'}}#37;#37;"
        );
    }
}
